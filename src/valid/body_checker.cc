// Checker: setup, the step loop, the operand stack, errors, module lookups, the
// fixed-signature instructions (typed from the opcode table), locals, globals,
// drop and select. Design note and invariants: body_checker.h.
#include "valid/body_checker.h"

#include <array>
#include <cstdio>

#include "ir/instr_fast.h"

namespace skiff::valid {

using ir::HeapKind;
using ir::HeapType;
using ir::ImmKind;
using ir::Op;
using ir::ValKind;

// Locals beyond this count are an implementation limit ("too many locals").
static constexpr uint64_t kMaxLocals = 50000;

// ---- the opcode table's fixed signatures, parsed once -----------------------------

namespace {

// Everything check_generic needs about an op, so it never calls op_info.
struct OpSig {
  bool fixed = false;
  bool atomic = false;  // threads prefix: alignment must equal natural
  uint8_t np = 0;
  uint8_t nr = 0;
  uint8_t align = 0;  // log2 of the natural alignment (memory ops)
  uint8_t lanes = 0;  // lane count of a lane op's shape
  ImmKind imm = ImmKind::None;
  // No immediate to check before the pops (not a memarg, lane or shuffle).
  bool plain = false;
  ValType p[6];
  ValType r[3];
  ValKind pk[6];  // p's kinds (all numeric), for pop_kinds
};

bool sig_letter(char c, ValType* out) {
  switch (c) {
    case 'i':
      *out = ir::kI32;
      return true;
    case 'I':
      *out = ir::kI64;
      return true;
    case 'f':
      *out = ir::kF32;
      return true;
    case 'F':
      *out = ir::kF64;
      return true;
    case 'v':
      *out = ir::kV128;
      return true;
    default:
      return false;
  }
}

OpSig parse_sig(std::string_view s) {
  OpSig out;
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return out;
  std::string_view ps = s.substr(0, colon), rs = s.substr(colon + 1);
  if (ps.size() > 6 || rs.size() > 3) return out;
  for (char c : ps) {
    if (!sig_letter(c, &out.p[out.np])) return OpSig{};
    out.pk[out.np] = out.p[out.np].kind;
    ++out.np;
  }
  for (char c : rs)
    if (!sig_letter(c, &out.r[out.nr++])) return OpSig{};
  out.fixed = true;
  return out;
}

unsigned lane_count(Op op) {
  std::string_view t = ir::op_name(op);
  if (t.starts_with("i8x16")) return 16;
  if (t.starts_with("i16x8")) return 8;
  if (t.starts_with("i32x4") || t.starts_with("f32x4")) return 4;
  if (t.starts_with("i64x2") || t.starts_with("f64x2")) return 2;
  return 0;
}

std::vector<OpSig> make_sig_table() {
  std::vector<OpSig> t(ir::kOpCount);
  for (unsigned i = 0; i < ir::kOpCount; ++i) {
    const ir::OpInfo& info = ir::op_info(Op(i));
    t[i] = parse_sig(info.sig);
    t[i].imm = info.imm;
    t[i].plain = info.imm != ImmKind::MemArg && info.imm != ImmKind::MemArgLane &&
                 info.imm != ImmKind::Lane && info.imm != ImmKind::Shuffle;
    t[i].align = info.align;
    t[i].atomic = info.prefix == 0xFE;
    t[i].lanes = uint8_t(lane_count(Op(i)));
  }
  return t;
}

const OpSig* sig_table() {
  static const std::vector<OpSig> table = make_sig_table();
  return table.data();
}

}  // namespace

unsigned simd_lane_count(Op op) { return sig_table()[unsigned(op)].lanes; }

// ---- setup ---------------------------------------------------------------------------

Checker::Checker() {
  vals_.reserve(64);
  ctrls_.reserve(16);
  popped_.reserve(16);
  scratch_.reserve(16);
  sigs_ = sig_table();
}

void Checker::reset(const ir::Module& m, const TypeContext& ctx, const ir::Expr& e,
                    int64_t func_index) {
  m_ = &m;
  canon_ = ctx.canon;
  declared_ = ctx.declared_funcs;
  func_types_ = ctx.func_types.size() == m.num_funcs() ? ctx.func_types : std::span<const uint32_t>();
  func_index_ = func_index;
  base_offset_ = e.offset >= 0 ? e.offset : 0;
  reader_ = Reader(e.bytes.data(), e.bytes.size(), size_t(base_offset_));
  instr_offset_ = base_offset_;
  sp_ = 0;
  vals_.clear();
  ctrls_.clear();
  locals_.clear();
  local_init_.clear();
  init_trail_.clear();
  track_inits_ = false;
  const_mode_ = false;
  error_ = Error{};
}

bool Checker::begin_function(const ir::Module& m, const TypeContext& ctx, uint32_t func_index) {
  static const ir::Expr kEmpty;
  if (func_index < m.num_imported_funcs || func_index >= m.num_funcs()) {
    reset(m, ctx, kEmpty, func_index);
    return fail_index("unknown function", func_index);
  }
  const ir::Function& fn = m.funcs[func_index - m.num_imported_funcs];
  reset(m, ctx, fn.body, func_index);
  const ir::FuncType* ft = nullptr;
  if (!func_type_at(fn.type_index, &ft)) return false;

  uint64_t total = ft->params.size();
  for (const ir::LocalRun& run : fn.locals) total += run.count;
  if (total > kMaxLocals) return fail("too many locals");
  locals_.assign(ft->params.begin(), ft->params.end());
  local_init_.assign(locals_.size(), 1);
  for (const ir::LocalRun& run : fn.locals) {
    if (!valid_type(run.type)) return false;
    if (run.type.is_packed() || run.type.kind == ValKind::Bot) return fail("malformed value type");
    uint8_t init = run.type.is_defaultable() ? 1 : 0;
    if (!init) track_inits_ = true;
    locals_.insert(locals_.end(), run.count, run.type);
    local_init_.insert(local_init_.end(), run.count, init);
  }

  Frame f;
  f.kind = FrameKind::Function;
  f.type.kind = ir::BlockType::Index;
  f.type.index = fn.type_index;
  f.results_ = ft->results.data();
  f.nresults = uint32_t(ft->results.size());
  ctrls_.push_back(f);
  return true;
}

bool Checker::begin_const(const ir::Module& m, const TypeContext& ctx, const ir::Expr& e,
                          ValType result, uint32_t visible_globals) {
  reset(m, ctx, e, -1);
  const_mode_ = true;
  visible_globals_ = visible_globals;
  const_result_ = result;
  Frame f;
  f.kind = FrameKind::Function;
  f.type.kind = ir::BlockType::Value;
  f.type.value = result;
  f.inline_result = true;
  ctrls_.push_back(f);
  return true;
}

// ---- the step ------------------------------------------------------------------------

// kEvents = false (run_to_end without events): the per-step event state (base,
// popped types, reachability before the step) is neither kept nor reported; the
// checks and errors are the same.
template <bool kEvents>
[[gnu::always_inline]] inline Step Checker::step_inline() {
  if (ctrls_.empty()) {
    fail("operators remaining after end of function");
    return Step::Fail;
  }
  instr_offset_ = int64_t(reader_.offset());
  if (reader_.at_end()) {
    fail("unexpected end of section or function");
    return Step::Fail;
  }
  if (!ir::read_instr_fast(reader_, &instr_)) {
    if (Status st = ir::read_instr(reader_, &instr_); !st.ok()) {
      fail_reader(std::move(st).error());
      return Step::Fail;
    }
  }
  if constexpr (kEvents) {
    h0_ = sp_;
    base_ = sp_;
    popped_.clear();
    capture_pending_ = record_;
    reachable_before_ = ctrls_.back().live && !ctrls_.back().unreachable;
    became_unreachable_ = false;
  }

  if (const_mode_ && !const_allowed()) {
    fail("constant expression required");
    return Step::Fail;
  }

  bool ok;
  switch (instr_.op) {
    // Structure, branches, calls, exceptions.
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Else:
    case Op::End:
    case Op::Try:
    case Op::Catch:
    case Op::CatchAll:
    case Op::Delegate:
    case Op::TryTable:
    case Op::Unreachable:
    case Op::Br:
    case Op::BrIf:
    case Op::BrTable:
    case Op::Return:
    case Op::Call:
    case Op::CallIndirect:
    case Op::ReturnCall:
    case Op::ReturnCallIndirect:
    case Op::CallRef:
    case Op::ReturnCallRef:
    case Op::Throw:
    case Op::ThrowRef:
    case Op::Rethrow:
    case Op::BrOnNull:
    case Op::BrOnNonNull:
    case Op::BrOnCast:
    case Op::BrOnCastFail: {
      Step s = check_control();
      if (!kEvents || s == Step::Fail) return s;
      if (capture_pending_) capture();
      if (s == Step::Instr && !reachable_before_) s = Step::Skip;
      return s;
    }
    // The most frequent instructions, without check_variable's second switch.
    case Op::LocalGet:
      ok = local_get();
      break;
    case Op::LocalSet:
      ok = local_set(false);
      break;
    case Op::LocalTee:
      ok = local_set(true);
      break;
    case Op::GlobalGet:
    case Op::GlobalSet:
    case Op::Drop:
    case Op::Select:
    case Op::SelectT:
      ok = check_variable();
      break;
    case Op::TableGet:
    case Op::TableSet:
    case Op::TableSize:
    case Op::TableGrow:
    case Op::TableFill:
    case Op::TableCopy:
    case Op::TableInit:
    case Op::ElemDrop:
    case Op::MemorySize:
    case Op::MemoryGrow:
    case Op::MemoryFill:
    case Op::MemoryCopy:
    case Op::MemoryInit:
    case Op::DataDrop:
      ok = check_memory();
      break;
    case Op::RefNull:
    case Op::RefIsNull:
    case Op::RefFunc:
    case Op::RefEq:
    case Op::RefAsNonNull:
    case Op::StructNew:
    case Op::StructNewDefault:
    case Op::StructGet:
    case Op::StructGetS:
    case Op::StructGetU:
    case Op::StructSet:
    case Op::ArrayNew:
    case Op::ArrayNewDefault:
    case Op::ArrayNewFixed:
    case Op::ArrayNewData:
    case Op::ArrayNewElem:
    case Op::ArrayGet:
    case Op::ArrayGetS:
    case Op::ArrayGetU:
    case Op::ArraySet:
    case Op::ArrayLen:
    case Op::ArrayFill:
    case Op::ArrayCopy:
    case Op::ArrayInitData:
    case Op::ArrayInitElem:
    case Op::RefTest:
    case Op::RefTestNull:
    case Op::RefCast:
    case Op::RefCastNull:
    case Op::AnyConvertExtern:
    case Op::ExternConvertAny:
    case Op::RefI31:
    case Op::I31GetS:
    case Op::I31GetU:
      ok = check_ref();
      break;
    default: {
      // Numeric ops and constants inline; memory, lane and unknown ops in check_generic.
      const OpSig& s = static_cast<const OpSig*>(sigs_)[unsigned(instr_.op)];
      if (s.plain && s.fixed) [[likely]] {
        ok = pop_kinds(s.pk, s.np);
        if (ok)
          for (unsigned i = 0; i < s.nr; ++i) push(s.r[i]);
      } else {
        ok = check_generic();
      }
      break;
    }
  }
  if (!ok) return Step::Fail;
  if constexpr (!kEvents) return Step::Instr;
  if (capture_pending_) capture();
  return reachable_before_ ? Step::Instr : Step::Skip;
}

Step Checker::step() { return step_inline<true>(); }

bool Checker::run_to_end() {
  if (record_) {  // events asked for: keep their state exactly as step() does
    for (;;) {
      Step s = step_inline<true>();
      if (s == Step::Done) return true;
      if (s == Step::Fail) return false;
    }
  }
  capture_pending_ = false;  // nothing to capture: push() never copies popped types
  for (;;) {
    switch (step_inline<false>()) {
      case Step::Done:
        return true;
      case Step::Fail:
        return false;
      default:
        break;
    }
  }
}

bool Checker::const_allowed() {
  switch (instr_.op) {
    case Op::I32Const:
    case Op::I64Const:
    case Op::F32Const:
    case Op::F64Const:
    case Op::V128Const:
    case Op::RefNull:
    case Op::RefFunc:
    case Op::End:
    case Op::I32Add:
    case Op::I32Sub:
    case Op::I32Mul:
    case Op::I64Add:
    case Op::I64Sub:
    case Op::I64Mul:
    case Op::StructNew:
    case Op::StructNewDefault:
    case Op::ArrayNew:
    case Op::ArrayNewDefault:
    case Op::ArrayNewFixed:
    case Op::RefI31:
    case Op::AnyConvertExtern:
    case Op::ExternConvertAny:
      return true;
    case Op::GlobalGet:
      // An unknown index is reported as such by check_variable; only a known
      // mutable global makes the expression non-constant.
      if (instr_.a < visible_globals_ && instr_.a < m_->num_globals())
        return !m_->global_type(instr_.a).mut;
      return true;
    default:
      return false;
  }
}

// ---- fixed signatures ------------------------------------------------------------------

bool Checker::check_lane(uint32_t lane, uint32_t lanes) {
  if (lane >= lanes) return fail("invalid lane index");
  return true;
}

bool Checker::check_generic() {
  const OpSig& s = static_cast<const OpSig*>(sigs_)[unsigned(instr_.op)];
  if (!s.fixed) return fail("unsupported instruction " + std::string(ir::op_name(instr_.op)));
  if (s.plain) [[likely]] {  // numeric ops and constants: no immediate to check
    if (!pop_kinds(s.pk, s.np)) return false;
    for (unsigned i = 0; i < s.nr; ++i) push(s.r[i]);
    return true;
  }
  // Operand kinds, the address (memory ops) deepest; every fixed signature is numeric.
  ValKind ks[8];
  unsigned n = 0;
  switch (s.imm) {
    case ImmKind::MemArg:
    case ImmKind::MemArgLane: {
      ValType addr;
      if (!check_memarg(instr_.mem, s.align, s.atomic, &addr)) return false;
      if (s.imm == ImmKind::MemArgLane && !check_lane(instr_.a, 16u >> s.align)) return false;
      ks[n++] = addr.kind;
      break;
    }
    case ImmKind::Lane:
      if (!check_lane(instr_.a, s.lanes)) return false;
      break;
    case ImmKind::Shuffle:
      for (uint8_t l : instr_.v128)
        if (l >= 32) return fail("invalid lane index");
      break;
    default:
      break;
  }
  for (unsigned i = 0; i < s.np; ++i) ks[n++] = s.p[i].kind;
  if (!pop_kinds(ks, n)) return false;
  for (unsigned i = 0; i < s.nr; ++i) push(s.r[i]);
  return true;
}

bool Checker::pop_kinds_slow(const ValKind* ks, unsigned n) {
  ValType ts[8];
  for (unsigned i = 0; i < n; ++i) ts[i] = ValType::num(ks[i]);
  return pop_vals({ts, n});
}

bool Checker::check_memarg(const ir::MemArg& ma, unsigned natural, bool atomic, ValType* addr) {
  const ir::MemoryType* mt = nullptr;
  if (!memory_at(ma.memory, &mt)) return false;
  if (atomic) {
    if (ma.align != natural) return fail("atomic alignment must be natural");
  } else if (ma.align > natural) {
    return fail("alignment must not be larger than natural");
  }
  if (!mt->limits.is64 && ma.offset > 0xFFFFFFFFull) return fail("offset out of range");
  *addr = addr_of_memory(*mt);
  return true;
}

// ---- locals, globals, drop, select --------------------------------------------------------

[[gnu::always_inline]] inline bool Checker::local_get() {
  const uint32_t x = instr_.a;
  if (x >= locals_.size()) return fail_index("unknown local", x);
  if (!local_init_[x]) return fail("uninitialized local");
  push(locals_[x]);
  return true;
}

[[gnu::always_inline]] inline bool Checker::local_set(bool tee) {
  const uint32_t x = instr_.a;
  if (x >= locals_.size()) return fail_index("unknown local", x);
  const ValType t = locals_[x];
  if (!pop_val(t)) return false;
  if (!local_init_[x]) {
    local_init_[x] = 1;
    init_trail_.push_back(x);
  }
  if (tee) push(t);
  return true;
}

bool Checker::check_variable() {
  const ir::Instr& in = instr_;
  switch (in.op) {
    case Op::GlobalGet: {
      uint32_t limit = const_mode_ ? visible_globals_ : m_->num_globals();
      if (in.a >= limit || in.a >= m_->num_globals()) return fail_index("unknown global", in.a);
      push(m_->global_type(in.a).type);
      return true;
    }
    case Op::GlobalSet: {
      if (in.a >= m_->num_globals()) return fail_index("unknown global", in.a);
      const ir::GlobalType& g = m_->global_type(in.a);
      if (!g.mut) return fail("immutable global");
      return pop_val(g.type);
    }
    case Op::Drop: {
      ValType t;
      return pop_any(&t);
    }
    case Op::Select: {
      ValType t1, t2;
      if (!pop_val(ir::kI32) || !pop_any(&t1) || !pop_any(&t2)) return false;
      bool ok1 = t1.is_num() || t1.kind == ValKind::V128 || t1.kind == ValKind::Bot;
      bool ok2 = t2.is_num() || t2.kind == ValKind::V128 || t2.kind == ValKind::Bot;
      if (!ok1 || !ok2)
        return fail("type mismatch: select without a type requires numeric or vector operands");
      if (t1.kind != ValKind::Bot && t2.kind != ValKind::Bot && t1.kind != t2.kind)
        return fail("type mismatch: select operands " + ir::to_string(t2) + " and " +
                    ir::to_string(t1) + " differ");
      push(t1.kind == ValKind::Bot ? t2 : t1);
      return true;
    }
    case Op::SelectT: {
      if (in.types.size() != 1) return fail("invalid result arity");
      ValType t = in.types[0];
      if (!valid_type(t)) return false;
      ValType ts[3] = {t, t, ir::kI32};
      if (!pop_vals(ts)) return false;
      push(t);
      return true;
    }
    default:
      return fail("unsupported instruction");
  }
}

// ---- operand stack ------------------------------------------------------------------------

bool Checker::heap_sub(HeapType a, HeapType b) const {
  if (a == b) return true;
  if (canon_) return heap_subtype(*m_, *canon_, a, b);
  return heap_subtype(*m_, a, b);
}

bool Checker::match_ref_slow(const ValType& a, const ValType& b) const {
  if (a.nullable && !b.nullable) return false;
  return heap_sub(a.heap, b.heap);
}

bool Checker::pop_vals_slow(std::span<const ValType> ts) {
  const Frame& f = ctrls_.back();
  size_t avail = sp_ - f.height;
  size_t n = ts.size();
  // The deepest n - avail expected values come from the polymorphic part.
  if (!f.unreachable) return fail_stack(ts);
  size_t missing = n - avail;
  for (size_t i = 0; i < avail; ++i)
    if (!match(vals_[f.height + i], ts[missing + i])) return fail_stack(ts);
  sp_ = f.height;
  return true;
}

bool Checker::pop_any(ValType* out) {
  const Frame& f = ctrls_.back();
  if (sp_ > f.height) {
    *out = vals_[--sp_];
    return true;
  }
  if (f.unreachable) {
    *out = ValType::num(ValKind::Bot);
    return true;
  }
  return fail("type mismatch: instruction requires a value but stack has []");
}

bool Checker::pop_ref(ValType* out) {
  ValType t;
  if (!pop_any(&t)) return false;
  if (t.kind == ValKind::Bot) {
    *out = ValType::ref(HeapType::abstract(HeapKind::Bot), false);
    return true;
  }
  if (!t.is_ref())
    return fail("type mismatch: instruction requires a reference but stack has [" +
                ir::to_string(t) + "]");
  *out = t;
  return true;
}

bool Checker::peek_vals(std::span<const ValType> ts) {
  const Frame& f = ctrls_.back();
  size_t n = ts.size();
  size_t avail = sp_ - f.height;
  if (avail < n && !f.unreachable) return fail_stack(ts);
  size_t have = avail < n ? avail : n;
  for (size_t i = 0; i < have; ++i)
    if (!match(vals_[sp_ - have + i], ts[n - have + i])) return fail_stack(ts);
  return true;
}

void Checker::set_unreachable() {
  if (capture_pending_) capture();
  Frame& f = ctrls_.back();
  sp_ = f.height;
  f.unreachable = true;
  became_unreachable_ = true;
}

// ---- module lookups ------------------------------------------------------------------------

bool Checker::valid_heap(const HeapType& h) {
  if (h.is_concrete() && h.index >= m_->types.size()) return fail_index("unknown type", h.index);
  return true;
}

bool Checker::valid_type(const ValType& t) { return !t.is_ref() || valid_heap(t.heap); }

bool Checker::func_type_at(uint32_t x, const ir::FuncType** out) {
  if (x >= m_->types.size()) return fail_index("unknown type", x);
  const ir::CompType& c = m_->types[x].comp;
  if (c.kind != ir::CompKind::Func) return fail_index("type mismatch: non-function type", x);
  *out = &c.func;
  return true;
}

bool Checker::struct_type_at(uint32_t x, const ir::StructType** out) {
  if (x >= m_->types.size()) return fail_index("unknown type", x);
  const ir::CompType& c = m_->types[x].comp;
  if (c.kind != ir::CompKind::Struct) return fail_index("type mismatch: non-structure type", x);
  *out = &c.struct_;
  return true;
}

bool Checker::array_type_at(uint32_t x, const ir::ArrayType** out) {
  if (x >= m_->types.size()) return fail_index("unknown type", x);
  const ir::CompType& c = m_->types[x].comp;
  if (c.kind != ir::CompKind::Array) return fail_index("type mismatch: non-array type", x);
  *out = &c.array;
  return true;
}

bool Checker::func_at(uint32_t f, const ir::FuncType** out) {
  if (f >= m_->num_funcs()) return fail_index("unknown function", f);
  return func_type_at(func_types_.empty() ? m_->func_type_index(f) : func_types_[f], out);
}

bool Checker::table_at(uint32_t t, const ir::TableType** out) {
  if (t >= m_->num_tables()) return fail_index("unknown table", t);
  *out = &m_->table_type(t);
  return true;
}

bool Checker::memory_at(uint32_t mem, const ir::MemoryType** out) {
  if (mem >= m_->num_memories()) return fail_index("unknown memory", mem);
  *out = &m_->memory_type(mem);
  return true;
}

bool Checker::tag_at(uint32_t tag, const ir::FuncType** out) {
  if (tag >= m_->num_tags()) return fail_index("unknown tag", tag);
  return func_type_at(m_->tag_type(tag).type_index, out);
}

bool Checker::data_at(uint32_t d) {
  uint64_t n = m_->data_count ? *m_->data_count : m_->datas.size();
  if (d >= n) return fail_index("unknown data segment", d);
  return true;
}

bool Checker::elem_at(uint32_t e, ValType* type) {
  if (e >= m_->elems.size()) return fail_index("unknown elem segment", e);
  *type = m_->elems[e].type;
  return true;
}

// ---- errors ----------------------------------------------------------------------------------

bool Checker::fail(std::string message) {
  error_ = make_error(std::move(message), instr_offset_);
  error_.func_index = func_index_;
  return false;
}

bool Checker::fail_index(const char* what, uint64_t index) {
  return fail(std::string(what) + " " + std::to_string(index));
}

bool Checker::fail_reader(Error e) {
  error_ = std::move(e);
  error_.func_index = func_index_;
  return false;
}

std::string Checker::stack_string(size_t n) const {
  const Frame& f = ctrls_.back();
  size_t avail = sp_ - f.height;
  if (n > avail) n = avail;
  std::string s = "[";
  for (size_t i = sp_ - n; i < sp_; ++i) {
    if (i != sp_ - n) s += ' ';
    s += ir::to_string(vals_[i]);
  }
  return s + "]";
}

static std::string types_string(std::span<const ValType> ts) {
  std::string s = "[";
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i) s += ' ';
    s += ir::to_string(ts[i]);
  }
  return s + "]";
}

bool Checker::fail_stack(std::span<const ValType> ts) {
  return fail("type mismatch: instruction requires " + types_string(ts) + " but stack has " +
              stack_string(ts.size()));
}

bool Checker::fail_block_end(const Frame& f) {
  return fail("type mismatch: block requires " + types_string(f.results()) + " but stack has " +
              stack_string(sp_ - f.height));
}

}  // namespace skiff::valid
