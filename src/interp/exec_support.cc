#include "interp/exec_support.h"

#include <cstring>
#include <string_view>

#include "interp/code_cache.h"
#include "interp/translate.h"
#include "interp/fault_handler.h"
#include "interp/frame_state.h"
#include "interp/interpreter.h"
#include "runtime/instance.h"
#include "runtime/vm_reserve.h"

namespace skiff::interp::detail {

static void code_deleter(void* c) { delete static_cast<Code*>(c); }

Code* ensure_code(ExecState& st, rt::Func* f) {
  if (f->code) return static_cast<Code*>(f->code);
  const rt::Instance* inst = f->instance;
  if (!inst || !inst->module) {
    st.trap_message = "internal: wasm function without a module";
    return nullptr;
  }
  TranslateOptions opts;
  opts.checks = st.checks;
  opts.canon_nans = st.canon_nans;
  opts.mem0_guarded = st.guard_pages && !inst->memories.empty() && inst->memories[0]->guarded() &&
                      rt::vm::tracked(inst->memories[0]->data());
  const rt::CodeCache& cache = inst->module->code;
  const uint32_t variant = code_variant(opts);
  const uint32_t defined = f->index - inst->module->module.num_imported_funcs;
  void* code = cache.get(variant, defined);
  if (!code && opts.verify) {
    // Verifying: translate (and so verify) the whole module, not only the
    // functions this run happens to call.
    if (Status all = precompile(*inst->module, opts); !all.ok()) {
      st.trap_message = "internal: translation failed: " + all.error().message;
      return nullptr;
    }
    code = cache.get(variant, defined);
  }
  if (!code) {
    Result<std::unique_ptr<Code>> r = translate(*inst->module, f->index, handler_table(), opts);
    if (!r) {
      st.trap_message = "internal: translation failed: " + r.error().message;
      return nullptr;
    }
    code = cache.publish(variant, defined, r->release(),
                         code_deleter);
  }
  st.translated.push_back(f);
  f->code = code;
  return static_cast<Code*>(code);
}

const Code* frame_code(const ExecState& st, const rt::Func* f) {
  if (f->code) return static_cast<const Code*>(f->code);
  const rt::Instance* inst = f->instance;
  if (f->is_host() || !inst || !inst->module || f->index < inst->module->module.num_imported_funcs)
    return nullptr;
  TranslateOptions opts;  // as ensure_code picks the variant
  opts.checks = st.checks;
  opts.canon_nans = st.canon_nans;
  opts.mem0_guarded = st.guard_pages && !inst->memories.empty() && inst->memories[0]->guarded() &&
                      rt::vm::tracked(inst->memories[0]->data());
  return static_cast<const Code*>(inst->module->code.get(
      code_variant(opts), f->index - inst->module->module.num_imported_funcs));
}

int osr_frame(ExecState& st, rt::Func* cur, const uint8_t* pc, uint8_t* fp, rt::Exception** exn,
              sem::TrapKind* kind) {
  if (!st.compiled || st.ckpt) return 0;  // checkpoints capture tier-0 frames only
  const Code* code = frame_code(st, cur);
  if (!code || pc == code->body()) return 0;  // the function's own check
  const uint32_t loop = code->wasm_offset_at(uint32_t(pc - code->begin()));
  if (loop == Code::kNoWasmOffset) return 0;
  const void* entry = st.compiled->osr_entry(cur, loop);
  if (!entry) return 0;
  // Nested entries (compiled code calling back into tier 0) start above this
  // frame, and the collector scans it (its references are the compiled code's
  // inputs; later values live in compiled frames, which tier 1 scans).
  uint8_t* saved_free = st.free;
  st.free = fp + code->frame_bytes;
  st.gc_top = st.free;
  fuel_to_store(st);
  std::optional<rt::Trap> t;
  {
    // The profiler: the compiled frame continues this one; its callers are ours.
    HostMark<ExecState> mark(st, cur, /*osr=*/true);
    t = st.compiled->run_osr(entry, fp);
  }
  fuel_from_store(st);
  st.free = saved_free;
  if (!t) return 1;
  if (t->kind == sem::TrapKind::UncaughtException && t->exception) {
    *exn = t->exception;
    *kind = sem::TrapKind::UncaughtException;
    return 2;
  }
  // The compiled frames, innermost first; the outermost is this frame (the entry
  // names it), which then stands for the interpreter's.
  st.trace_prefix = std::move(t->backtrace);
  st.prefix_has_cur = !st.trace_prefix.empty() && st.trace_prefix.back().func_index == cur->index &&
                      st.trace_prefix.back().module == cur->instance->module;
  st.trap_message = t->message;
  *kind = t->kind == sem::TrapKind::None ? sem::TrapKind::HostError : t->kind;
  return 2;
}

// Interruption latency without fuel: one look at the flag per this many units.
constexpr int64_t kCheckChunk = 10'000;

sem::TrapKind refuel(ExecState& st) {
  if (st.compiled) st.compiled->tick(st.cur);  // tiering (InterpConfig::tiering)
  if (st.store->take_interrupt()) {
    st.budget = 0;
    return sem::TrapKind::Interrupted;
  }
  if (!st.fuel_on) {
    st.budget = kCheckChunk;
    if (st.ckpt && checkpoint_due(*st.ckpt, ~uint64_t(0))) return sem::TrapKind::Interrupted;
    return sem::TrapKind::None;
  }
  uint64_t need = uint64_t(-st.budget);  // units already spent beyond the budget
  if (st.reserve < need) {
    st.reserve = 0;
    st.budget = 0;
    return sem::TrapKind::OutOfFuel;
  }
  st.reserve -= need;
  uint64_t take = st.reserve < uint64_t(kCheckChunk) ? st.reserve : uint64_t(kCheckChunk);
  if (st.ckpt) {
    // A checkpoint at a fuel mark: stop at the first check past it, so hand out no
    // more than the units left before it.
    if (checkpoint_due(*st.ckpt, st.reserve)) {
      st.budget = 0;
      return sem::TrapKind::Interrupted;
    }
    take = checkpoint_clamp(*st.ckpt, st.reserve, take);
  }
  st.reserve -= take;
  st.budget = int64_t(take);
  return sem::TrapKind::None;
}

void fuel_from_store(ExecState& st) {
  if (!st.fuel_on) return;
  st.reserve = st.store->fuel();
  st.budget = 0;
}

rt::Trap take_trap(ExecState& st, sem::TrapKind k) {
  rt::Trap t = rt::make_trap(k);
  if (!st.trap_message.empty()) t.message = st.trap_message;
  t.exception = st.exception;
  t.backtrace = std::move(st.trace);
  st.trace.clear();
  return t;
}

void fuel_to_store(ExecState& st) {
  if (!st.fuel_on) return;
  st.store->set_fuel(st.reserve + uint64_t(st.budget > 0 ? st.budget : 0));
  st.reserve = 0;
  st.budget = 0;
}

namespace {

rt::Val read_slot(const uint8_t* p, const ir::ValType& t) {
  rt::Val v = rt::Val::zero(t);
  std::memcpy(v.v128, p, slot_bytes(t));
  if (t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32) std::memset(v.v128 + 4, 0, 12);
  return v;
}

void write_slot(uint8_t* p, const rt::Val& v, const ir::ValType& t) {
  if (t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32) {
    uint64_t x = v.i32;
    std::memcpy(p, &x, 8);
  } else {
    std::memcpy(p, v.v128, slot_bytes(t));
  }
}

}  // namespace

sem::TrapKind call_host(ExecState& st, rt::Func* f, uint8_t* args, rt::Instance* caller,
                        rt::Exception** exn) {
  const ir::FuncType& sig = *f->sig;
  std::vector<rt::Val> a;
  a.reserve(sig.params.size());
  const uint8_t* p = args;
  for (const ir::ValType& t : sig.params) {
    a.push_back(read_slot(p, t));
    p += slot_bytes(t);
  }
  std::vector<rt::Val> r;
  r.reserve(sig.results.size());
  for (const ir::ValType& t : sig.results) r.push_back(rt::Val::zero(t));
  // A nested entry from this host function starts above the arguments and results.
  uint8_t* saved_free = st.free;
  uint32_t pb = 0, rb = 0;
  for (const ir::ValType& t : sig.params) pb += slot_bytes(t);
  for (const ir::ValType& t : sig.results) rb += slot_bytes(t);
  st.free = args + (pb > rb ? pb : rb);
  st.gc_top = st.free;  // the host may allocate GC objects
  rt::Caller c;
  c.store = st.store;
  c.instance = caller;
  // The host may run wasm (which takes fuel from the store) or refill the store.
  fuel_to_store(st);
  // A fault inside host code is not a wasm trap (compiled code has its own scope).
  FaultScope* scope = tls_fault_scope;
  tls_fault_scope = nullptr;
  std::optional<rt::Trap> t;
  HostMark<ExecState> mark(st, f);  // the profiler attributes samples to f
  // An exception must not unwind through run_loop (it would skip the restoring of
  // the call depth, the value stack and the fault scope): it becomes a trap.
  try {
    t = f->is_host() ? f->host(c, a, r) : st.compiled->call(f, a, r);
  } catch (...) {
    t = rt::host_exception_trap(std::current_exception());
  }
  tls_fault_scope = scope;
  fuel_from_store(st);
  st.free = saved_free;
  if (t) {
    if (t->kind == sem::TrapKind::UncaughtException && t->exception) {
      *exn = t->exception;
      return sem::TrapKind::UncaughtException;
    }
    if (!f->is_host()) {
      // Compiled code trapped: its frames (as far as it knows them) go above ours,
      // ending with f itself.
      st.trace_prefix = std::move(t->backtrace);
      const rt::TraceFrame* last = st.trace_prefix.empty() ? nullptr : &st.trace_prefix.back();
      if (!last || last->func_index != f->index || last->module != f->instance->module) {
        rt::TraceFrame tf;
        tf.func_index = f->index;
        tf.name = f->instance->module->func_name(f->index);
        tf.module = f->instance->module;
        st.trace_prefix.push_back(std::move(tf));
      }
    }
    st.trap_message = t->message;
    return t->kind == sem::TrapKind::None ? sem::TrapKind::HostError : t->kind;
  }
  uint8_t* q = args;
  for (size_t i = 0; i < sig.results.size(); ++i) {
    write_slot(q, r[i], sig.results[i]);
    q += slot_bytes(sig.results[i]);
  }
  return sem::TrapKind::None;
}

rt::Exception* make_exception(ExecState& st, rt::Instance* inst, uint32_t tag_index,
                              const uint8_t* args) {
  rt::Tag* tag = inst->tags[tag_index];
  std::vector<rt::Val> payload;
  const uint8_t* p = args;
  for (const ir::ValType& t : tag->sig->params) {
    payload.push_back(read_slot(p, t));
    p += slot_bytes(t);
  }
  return st.store->make_exception(tag, std::move(payload));
}

namespace {

// Does region r's catch clause c take exn? Writes the payload and returns the
// continuation.
bool try_catch(const Region& r, const uint8_t* code_begin, rt::Func* cur, rt::Exception* exn,
               uint8_t* fp, const uint8_t*& pc) {
  for (const CatchInfo& c : r.catches) {
    bool all = c.kind == CatchInfo::All || c.kind == CatchInfo::AllRef;
    if (!all && cur->instance->tags[c.tag] != exn->tag) continue;
    uint8_t* p = fp + c.dst;
    if (!all) {
      for (size_t i = 0; i < exn->payload.size(); ++i) {
        const ir::ValType& t = exn->tag->sig->params[i];
        write_slot(p, exn->payload[i], t);
        p += slot_bytes(t);
      }
    }
    rt::Ref ref = rt::Ref::from_exn(exn);
    if (c.kind == CatchInfo::TagRef || c.kind == CatchInfo::AllRef) std::memcpy(p, &ref, 8);
    if (c.exn_slot != ~0u) std::memcpy(fp + c.exn_slot, &ref, 8);
    pc = code_begin + c.target;
    return true;
  }
  return false;
}

}  // namespace

bool unwind(ExecState& st, rt::Exception* exn, const uint8_t*& pc, uint8_t*& fp,
            rt::Func*& cur, size_t& depth, size_t base) {
  const uint8_t* at = pc;  // the faulting instruction (or a return address - 1)
  for (;;) {
    const Code* code = frame_code(st, cur);
    uint32_t off = code ? uint32_t(at - code->begin()) : 0;
    // The innermost region holding `off` is the last one opened that holds it.
    int32_t r = -1;
    for (int32_t i = code ? int32_t(code->regions.size()) - 1 : -1; i >= 0; --i) {
      const Region& g = code->regions[size_t(i)];
      if (g.begin <= off && off < g.end) {
        r = i;
        break;
      }
    }
    while (r >= 0) {
      const Region& g = code->regions[size_t(r)];
      if (g.delegate) {
        r = g.delegate_to;
        continue;
      }
      if (try_catch(g, code->begin(), cur, exn, fp, pc)) return true;
      r = g.parent;
    }
    // Not handled here: return to the caller.
    if (depth <= base + 1) return false;
    const CallFrame& fr = st.frames[--depth];
    at = fr.ret_pc - 1;
    fp = fr.fp;
    cur = fr.func;
  }
}

namespace {

// The wasm offsets of position `at` in f's code, into t.
void place_frame(const ExecState& st, const rt::Func* f, const uint8_t* at, rt::TraceFrame& t) {
  const Code* code = frame_code(st, f);
  if (!at || !code || !f->instance || !f->instance->module) return;
  if (at < code->begin() || at >= code->begin() + code->size_bytes()) return;
  const uint32_t rel = code->wasm_offset_at(uint32_t(at - code->begin()));
  if (rel == Code::kNoWasmOffset) return;
  const ir::Module& m = f->instance->module->module;
  if (f->index < m.num_imported_funcs || f->index >= m.num_funcs()) return;
  const ir::Expr& body = m.funcs[f->index - m.num_imported_funcs].body;
  const uint64_t base = body.offset > 0 ? uint64_t(body.offset) : 0;
  const uint64_t entry = body.entry_offset >= 0 ? uint64_t(body.entry_offset) : base;
  t.module_offset = base + rel;
  t.func_offset = t.module_offset - entry;
}

}  // namespace

void record_trace(ExecState& st, rt::Func* cur, const uint8_t* pc, size_t depth, size_t base) {
  st.trace = std::move(st.trace_prefix);
  st.trace_prefix.clear();
  auto add = [&](rt::Func* f, const uint8_t* at) {
    if (!f) return;
    rt::TraceFrame t;
    t.func_index = f->index;
    if (f->instance && f->instance->module) {
      t.name = f->instance->module->func_name(f->index);
      t.module = f->instance->module;
    }
    place_frame(st, f, at, t);
    st.trace.push_back(std::move(t));
  };
  if (!st.prefix_has_cur) add(cur, pc);
  st.prefix_has_cur = false;
  // A caller's return address is just past its call: the call holds ret_pc - 1.
  for (size_t i = depth; i > base + 1; --i) add(st.frames[i - 1].func, st.frames[i - 1].ret_pc - 1);
}

namespace {

// The op of the instruction at p (a linear search of the handler table: cold).
IOp op_at(const uint8_t* p) {
  const void* h;
  std::memcpy(&h, p, 8);
  const void* const* handlers = handler_table();
  for (unsigned i = 0; i < unsigned(IOp::Count_); ++i)
    if (handlers[i] == h) return IOp(i);
  return IOp::Count_;
}

uint32_t fields_at(IOp op, const uint8_t* p) {
  if (op != IOp::BrTable) return kOpInfo[unsigned(op)].fields;
  uint32_t n;
  std::memcpy(&n, p + kOpHeader + 4, 4);
  return 2 + n + 1;
}

// A load or store without bounds checks (the forms that can fault): *_u, *_ua,
// *_ui, *_us, *_ut.
bool is_unchecked_access(IOp op) {
  if (op == IOp::Count_) return false;
  std::string_view t = kOpInfo[unsigned(op)].text;
  if (t.find("oad") == std::string_view::npos && t.find("tore") == std::string_view::npos) return false;
  size_t us = t.rfind('_');
  if (us == std::string_view::npos) return false;
  std::string_view suffix = t.substr(us + 1);
  return suffix == "u" || suffix == "ua" || suffix == "ui" || suffix == "us" || suffix == "ut";
}

}  // namespace

const uint8_t* pc_from_registers(const Code* code, const uintptr_t* regs, unsigned n) {
  if (!code) return nullptr;
  const uint8_t* begin = code->begin();
  const uintptr_t lo = reinterpret_cast<uintptr_t>(begin);
  const uintptr_t hi = lo + code->size_bytes();
  // The registers pointing into the code: the handler may hold the faulting
  // instruction's start or already the next one's. The faulting instruction is an
  // unchecked access: take the instruction holding a candidate, or the one just
  // before a candidate at an instruction start, whichever is such an access.
  uintptr_t best = 0;
  const uint8_t* found = nullptr;
  for (unsigned i = 0; i < n && !found; ++i) {
    if (regs[i] < lo || regs[i] >= hi) continue;
    if (!best || regs[i] < best) best = regs[i];
    const uint32_t target = uint32_t(regs[i] - lo);
    uint32_t at = 0, prev = ~0u;
    while (at < code->size_bytes()) {
      IOp op = op_at(begin + at);
      if (op == IOp::Count_) break;
      uint32_t next = at + instr_bytes(fields_at(op, begin + at));
      if (target < next) {
        if (is_unchecked_access(op)) found = begin + at;
        else if (target == at && prev != ~0u && is_unchecked_access(op_at(begin + prev))) found = begin + prev;
        break;
      }
      prev = at;
      at = next;
    }
  }
  if (found) return found;
  return best ? reinterpret_cast<const uint8_t*>(best) : nullptr;
}

}  // namespace skiff::interp::detail
