// Tier-1 code generation: SIMD and relaxed SIMD (dispatch, shared helpers, v128
// constants, memory, lanes, shuffles and bitwise ops). Integer lane arithmetic is
// in emit_simd_int.cc, float lanes, conversions and the relaxed ops in
// emit_simd_float.cc.
//
// A v128 is <2 x i64> everywhere (locals, PHIs, calls, slots); each op bitcasts it
// to the lane shape it needs (<16 x i8> ... <2 x double>) and back. The semantics
// are those of src/semantics/simd.h (tier 0); relaxed ops make the same fixed
// choices as relaxed_simd.h. Memory accesses follow the scalar ones
// (emit_memory.cc): the address from mem_address (any memory, memory64, guard
// pages or explicit checks), volatile on a guarded memory (a dead load must still
// fault; no guest access moves across one that may fault), plain on a checked one,
// and the guest-memory TBAA tag.
#include "compiler/llvm/emit_simd.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/IntrinsicsAArch64.h>
#include <llvm/IR/IntrinsicsX86.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Operator.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>

#include <tuple>
#include <unordered_map>

namespace skiff::compiler {

using ir::Op;
using llvm::Value;

// ---- shared helpers ----

llvm::FixedVectorType* SimdEmit::ivec(Emitter& m, unsigned bits) {
  return llvm::FixedVectorType::get(llvm::IntegerType::get(m.c_, bits), 128 / bits);
}
llvm::FixedVectorType* SimdEmit::fvec(Emitter& m, unsigned bits) {
  llvm::Type* t = bits == 32 ? llvm::Type::getFloatTy(m.c_) : llvm::Type::getDoubleTy(m.c_);
  return llvm::FixedVectorType::get(t, 128 / bits);
}
Value* SimdEmit::as_i(Emitter& m, Value* v, unsigned bits) {
  return m.b_.CreateBitCast(v, ivec(m, bits));
}
Value* SimdEmit::as_f(Emitter& m, Value* v, unsigned bits) {
  return m.b_.CreateBitCast(v, fvec(m, bits));
}
Value* SimdEmit::v128(Emitter& m, Value* v) { return m.b_.CreateBitCast(v, ivec(m, 64)); }

Value* SimdEmit::intr(Emitter& m, unsigned id, llvm::ArrayRef<llvm::Type*> tys,
                      llvm::ArrayRef<Value*> args) {
  llvm::Function* f = llvm::Intrinsic::getDeclaration(&m.env_.mod, llvm::Intrinsic::ID(id), tys);
  return m.b_.CreateCall(f, args);
}

namespace {

Value* quiet_at(llvm::IRBuilder<>& b, ModuleEnv& env, Value* v) {
  llvm::Type* t = v->getType();
  const bool f32 = t->getScalarType()->isFloatTy();
  llvm::Type* it = f32 ? env.i32() : env.i64();
  if (auto* vt = llvm::dyn_cast<llvm::FixedVectorType>(t))
    it = llvm::FixedVectorType::get(it, vt->getNumElements());
  Value* q = llvm::ConstantInt::get(it, f32 ? 0x00400000ull : 0x0008000000000000ull);
  Value* bits = b.CreateBitCast(v, it);
  Value* isnan = b.CreateFCmpUNO(v, v);
  return b.CreateBitCast(b.CreateSelect(isnan, b.CreateOr(bits, q), bits), t);
}

}  // namespace

Value* SimdEmit::quiet(Emitter& m, Value* v) { return quiet_at(m.b_, m.env_, v); }

namespace {

// The constants a float operand may turn out to be once LLVM has promoted the
// locals (mem2reg) and simplified PHIs and selects: a union of these bits.
constexpr unsigned kPZero = 1, kNZero = 2, kPOne = 4, kNOne = 8, kAnyConst = 15;

unsigned class_of_bits(const llvm::APInt& x, unsigned bits) {
  const uint64_t v = x.getZExtValue();
  if (bits == 32) {
    return v == 0 ? kPZero : v == 0x80000000u ? kNZero : v == 0x3f800000u ? kPOne
         : v == 0xbf800000u ? kNOne : 0;
  }
  return v == 0 ? kPZero : v == 0x8000000000000000ull ? kNZero : v == 0x3ff0000000000000ull ? kPOne
       : v == 0xbff0000000000000ull ? kNOne : 0;
}

// A constant scalar or vector (any element type) read as lanes of `bits` bits.
unsigned class_of_constant(llvm::Constant* c, unsigned bits) {
  if (auto* f = llvm::dyn_cast<llvm::ConstantFP>(c))
    return class_of_bits(f->getValueAPF().bitcastToAPInt(), bits);
  auto* vt = llvm::dyn_cast<llvm::FixedVectorType>(c->getType());
  if (!vt) return 0;
  if (c->isNullValue()) return kPZero;
  const unsigned ew = vt->getScalarSizeInBits();
  if (ew == 0 || vt->getNumElements() * ew != 128) return kAnyConst;
  llvm::APInt all(128, 0);
  for (unsigned i = 0; i < vt->getNumElements(); ++i) {
    llvm::Constant* e = c->getAggregateElement(i);
    llvm::APInt x;
    if (auto* ci = llvm::dyn_cast_or_null<llvm::ConstantInt>(e)) x = ci->getValue();
    else if (auto* cf = llvm::dyn_cast_or_null<llvm::ConstantFP>(e)) x = cf->getValueAPF().bitcastToAPInt();
    else return kAnyConst;  // undef / poison / an expression
    all.insertBits(x, i * ew);
  }
  unsigned r = 0;
  for (unsigned i = 0; i < 128 / bits; ++i) r |= class_of_bits(all.extractBits(bits, i * bits), bits);
  return r;
}

// What constants v may become (0: none, it is computed). Looks through bitcasts,
// loads of locals (the store that reaches the load in its block, else every store
// to the local, including its zero initialisation), PHIs and selects.
unsigned const_class(Value* v, unsigned bits, int depth) {
  while (auto* bc = llvm::dyn_cast<llvm::BitCastOperator>(v)) v = bc->getOperand(0);
  if (auto* c = llvm::dyn_cast<llvm::Constant>(v)) return class_of_constant(c, bits);
  if (depth <= 0) return kAnyConst;
  if (auto* ld = llvm::dyn_cast<llvm::LoadInst>(v)) {
    auto* slot = llvm::dyn_cast<llvm::AllocaInst>(ld->getPointerOperand());
    if (!slot) return 0;  // memory: not a constant to LLVM
    int budget = 64;
    for (llvm::Instruction* i = ld->getPrevNode(); i && budget-- > 0; i = i->getPrevNode()) {
      if (auto* st = llvm::dyn_cast<llvm::StoreInst>(i); st && st->getPointerOperand() == slot)
        return const_class(st->getValueOperand(), bits, depth - 1);
    }
    unsigned r = 0, users = 0;
    for (llvm::User* u : slot->users()) {
      if (++users > 1024) return kAnyConst;
      if (auto* st = llvm::dyn_cast<llvm::StoreInst>(u); st && st->getPointerOperand() == slot)
        r |= const_class(st->getValueOperand(), bits, depth - 1);
    }
    return r;
  }
  if (auto* phi = llvm::dyn_cast<llvm::PHINode>(v)) {
    if (phi->getNumIncomingValues() > 16) return kAnyConst;
    unsigned r = 0;
    for (Value* x : phi->incoming_values()) r |= const_class(x, bits, depth - 1);
    return r;
  }
  if (auto* sel = llvm::dyn_cast<llvm::SelectInst>(v))
    return const_class(sel->getTrueValue(), bits, depth - 1) |
           const_class(sel->getFalseValue(), bits, depth - 1);
  return 0;
}

}  // namespace

bool SimdEmit::may_fold_to_operand(unsigned opcode, Value* a, Value* b) {
  // LLVM's unconditional folds that return an operand (or its negation):
  // x + -0, -0 + x, x - +0, -0 - x, x * +-1, +-1 * x, x / +-1.
  const unsigned bits = a->getType()->getScalarSizeInBits();
  const int depth = 4;
  using I = llvm::Instruction;
  switch (opcode) {
    case I::FAdd: return ((const_class(a, bits, depth) | const_class(b, bits, depth)) & kNZero) != 0;
    case I::FSub:
      return (const_class(b, bits, depth) & kPZero) || (const_class(a, bits, depth) & kNZero);
    case I::FMul:
      return ((const_class(a, bits, depth) | const_class(b, bits, depth)) & (kPOne | kNOne)) != 0;
    case I::FDiv: return (const_class(b, bits, depth) & (kPOne | kNOne)) != 0;
    default: return true;
  }
}

namespace {

// The constants of an operand position that let LLVM fold `op` to an operand.
unsigned danger_of(unsigned opcode, unsigned operand) {
  using I = llvm::Instruction;
  switch (opcode) {
    case I::FAdd: return kNZero;
    case I::FSub: return operand == 0 ? kNZero : kPZero;
    case I::FMul: return kPOne | kNOne;
    case I::FDiv: return operand == 1 ? kPOne | kNOne : 0;
    default: return 0;
  }
}

// The parameter of f an operand comes from (a load of a local whose stores include
// the parameter), or -1.
int param_of(llvm::Function& f, Value* v) {
  while (auto* bc = llvm::dyn_cast<llvm::BitCastOperator>(v)) v = bc->getOperand(0);
  auto* ld = llvm::dyn_cast<llvm::LoadInst>(v);
  auto* slot = ld ? llvm::dyn_cast<llvm::AllocaInst>(ld->getPointerOperand()) : nullptr;
  if (!slot) return -1;
  unsigned users = 0;
  for (llvm::User* u : slot->users()) {
    if (++users > 1024) return -1;
    if (auto* st = llvm::dyn_cast<llvm::StoreInst>(u); st && st->getPointerOperand() == slot)
      if (auto* arg = llvm::dyn_cast<llvm::Argument>(st->getValueOperand()); arg && arg->getParent() == &f)
        return int(arg->getArgNo());
  }
  return -1;
}

// The constant classes of a float or v128 value (a v128 read as f32 and as f64
// lanes), 0 for anything else.
unsigned value_class(Value* v) {
  llvm::Type* t = v->getType();
  if (t->isFloatTy() || t->isDoubleTy()) return const_class(v, t->getScalarSizeInBits(), 4);
  if (t->isVectorTy() && t->getPrimitiveSizeInBits() == 128)
    return const_class(v, 32, 4) | const_class(v, 64, 4);
  return 0;
}

}  // namespace

void SimdEmit::guard_folds_across_calls(ModuleEnv& env) {
  // Per defined function: which constant classes each parameter must not receive
  // (it meets a float op that LLVM would fold for that constant), and which its
  // return values are. Propagated through calls that pass a parameter on.
  std::unordered_map<llvm::Function*, std::vector<unsigned>> danger;
  std::unordered_map<llvm::Function*, unsigned> returns;
  std::vector<llvm::Function*> fns;
  for (llvm::Function* f : env.funcs)
    if (f && !f->isDeclaration()) fns.push_back(f);
  for (llvm::Function* f : fns) {
    danger[f].assign(f->arg_size(), 0);
    unsigned r = 0;
    for (llvm::BasicBlock& bb : *f)
      if (auto* ret = llvm::dyn_cast_or_null<llvm::ReturnInst>(bb.getTerminator()))
        if (Value* rv = ret->getReturnValue()) r |= value_class(rv);
    returns[f] = r;
  }
  // (float op, call feeding it, dangerous classes of that operand position)
  std::vector<std::tuple<llvm::Instruction*, llvm::CallBase*, unsigned>> calls_in_ops;
  for (llvm::Function* f : fns) {
    for (llvm::BasicBlock& bb : *f)
      for (llvm::Instruction& ins : bb) {
        unsigned op = ins.getOpcode();
        if (!ins.getType()->isFPOrFPVectorTy() || !(danger_of(op, 0) | danger_of(op, 1))) continue;
        for (unsigned k = 0; k < 2 && k < ins.getNumOperands(); ++k) {
          unsigned d = danger_of(op, k);
          if (!d) continue;
          Value* x = ins.getOperand(k);
          if (int p = param_of(*f, x); p >= 0) danger[f][unsigned(p)] |= d;
          Value* y = x;
          while (auto* bc = llvm::dyn_cast<llvm::BitCastOperator>(y)) y = bc->getOperand(0);
          if (auto* cb = llvm::dyn_cast<llvm::CallBase>(y)) calls_in_ops.emplace_back(&ins, cb, d);
        }
      }
  }
  // A parameter passed on to a dangerous parameter is dangerous too (inlining
  // both brings the caller's constant to the op).
  for (bool changed = true; changed;) {
    changed = false;
    for (llvm::Function* f : fns)
      for (llvm::BasicBlock& bb : *f)
        for (llvm::Instruction& ins : bb) {
          auto* cb = llvm::dyn_cast<llvm::CallBase>(&ins);
          llvm::Function* g = cb ? cb->getCalledFunction() : nullptr;
          if (!g || !danger.count(g)) continue;
          for (unsigned a = 0; a < cb->arg_size() && a < g->arg_size(); ++a) {
            unsigned d = danger[g][a];
            int p = d ? param_of(*f, cb->getArgOperand(a)) : -1;
            if (p >= 0 && (danger[f][unsigned(p)] | d) != danger[f][unsigned(p)]) {
              danger[f][unsigned(p)] |= d;
              changed = true;
            }
          }
        }
  }
  // Calls that would bring such a constant in stay calls.
  for (llvm::Function* f : fns)
    for (llvm::BasicBlock& bb : *f)
      for (llvm::Instruction& ins : bb) {
        auto* cb = llvm::dyn_cast<llvm::CallBase>(&ins);
        llvm::Function* g = cb ? cb->getCalledFunction() : nullptr;
        if (!g || !danger.count(g)) continue;
        for (unsigned a = 0; a < cb->arg_size() && a < g->arg_size(); ++a) {
          if (danger[g][a] && (value_class(cb->getArgOperand(a)) & danger[g][a])) cb->setIsNoInline();
        }
      }
  // A callee returning such a constant: LLVM propagates the return value even into
  // calls it does not inline (IPSCCP), so the op itself is quieted.
  for (const auto& t : calls_in_ops) {
    llvm::Instruction* op = std::get<0>(t);
    llvm::CallBase* cb = std::get<1>(t);
    const unsigned d = std::get<2>(t);
    llvm::Function* g = cb->getCalledFunction();
    if (!g || !returns.count(g) || !(returns[g] & d)) continue;
    llvm::IRBuilder<> b(op->getNextNode());
    Value* q = quiet_at(b, env, op);
    auto* qi = llvm::cast<llvm::Instruction>(q);
    op->replaceUsesWithIf(q, [&](llvm::Use& u) {
      auto* user = llvm::dyn_cast<llvm::Instruction>(u.getUser());
      // the quieting's own uses of op sit between op and q
      return !(user && user->getParent() == qi->getParent() && user->comesBefore(qi) &&
               op->comesBefore(user));
    });
  }
}

Value* SimdEmit::farith(Emitter& m, unsigned opcode, Value* a, Value* b) {
  const bool risky = may_fold_to_operand(opcode, a, b);
  Value* r = m.b_.CreateBinOp(llvm::Instruction::BinaryOps(opcode), a, b);
  return risky ? quiet(m, r) : r;
}

Value* SimdEmit::fminmax(Emitter& m, bool is_max, Value* a, Value* b) {
  // Tier 0's fmin/fmax: an ordered pair gives the smaller (larger) one, equal zeros
  // -0 for min (+0 for max), a NaN operand a + b (a quiet NaN). The two `<` selects
  // are x86's minps/maxps in both operand orders (each returns its second operand on
  // NaN or equal); or-ing (and-ing) their bits settles -0 vs +0, and an unordered
  // pair takes a + b (quieted again if a constant operand lets LLVM fold the add).
  // Cheaper than llvm.minimum/maximum's expansion plus a quieting step.
  llvm::IRBuilder<>& bld = m.b_;
  llvm::Type* t = a->getType();
  const bool f32 = t->getScalarType()->isFloatTy();
  llvm::Type* it = f32 ? m.env_.i32() : m.env_.i64();
  if (auto* vt = llvm::dyn_cast<llvm::FixedVectorType>(t))
    it = llvm::FixedVectorType::get(it, vt->getNumElements());
  Value* ab = is_max ? bld.CreateSelect(bld.CreateFCmpOGT(a, b), a, b)
                     : bld.CreateSelect(bld.CreateFCmpOLT(a, b), a, b);
  Value* ba = is_max ? bld.CreateSelect(bld.CreateFCmpOGT(b, a), b, a)
                     : bld.CreateSelect(bld.CreateFCmpOLT(b, a), b, a);
  Value* x = bld.CreateBitCast(ab, it);
  Value* y = bld.CreateBitCast(ba, it);
  Value* r = bld.CreateBitCast(is_max ? bld.CreateAnd(x, y) : bld.CreateOr(x, y), t);
  return bld.CreateSelect(bld.CreateFCmpUNO(a, b), farith(m, llvm::Instruction::FAdd, a, b), r);
}

Value* SimdEmit::bitselect(Emitter& m, Value* a, Value* b, Value* c) {
  llvm::IRBuilder<>& b_ = m.b_;
  return b_.CreateOr(b_.CreateAnd(a, c), b_.CreateAnd(b, b_.CreateNot(c)));
}

namespace {

// The host's SSSE3 (pshufb) for swizzle, looked up once (the JIT targets the host).
bool host_has_ssse3() {
  static const bool has = [] {
    auto f = llvm::sys::getHostCPUFeatures();
    auto it = f.find("ssse3");
    return it != f.end() && it->second;
  }();
  return has;
}

}  // namespace

bool SimdEmit::x86_ssse3(Emitter& m) {
  return llvm::Triple(m.env_.mod.getTargetTriple()).getArch() == llvm::Triple::x86_64 &&
         host_has_ssse3();
}

Value* SimdEmit::swizzle(Emitter& m, Value* a, Value* s) {
  llvm::IRBuilder<>& b = m.b_;
  Value* a8 = as_i(m, a, 8);
  Value* s8 = as_i(m, s, 8);
  llvm::Triple triple(m.env_.mod.getTargetTriple());
  if (x86_ssse3(m)) {
    // pshufb gives 0 where bit 7 of the index is set, else a[idx & 15]; adding 0x70
    // with unsigned saturation sets bit 7 exactly for indices >= 16.
    Value* t = intr(m, llvm::Intrinsic::uadd_sat, {s8->getType()},
                    {s8, b.CreateVectorSplat(16, b.getInt8(0x70))});
    return v128(m, intr(m, llvm::Intrinsic::x86_ssse3_pshuf_b_128, {}, {a8, t}));
  }
  if (triple.getArch() == llvm::Triple::aarch64) {
    // tbl gives 0 for an out-of-range index: exactly wasm's swizzle.
    return v128(m, intr(m, llvm::Intrinsic::aarch64_neon_tbl1, {a8->getType()}, {a8, s8}));
  }
  Value* r = llvm::Constant::getNullValue(a8->getType());
  for (unsigned i = 0; i < 16; ++i) {
    Value* k = b.CreateExtractElement(s8, b.getInt32(i));
    Value* x = b.CreateExtractElement(a8, b.CreateZExt(b.CreateAnd(k, b.getInt8(15)), m.env_.i32()));
    x = b.CreateSelect(b.CreateICmpULT(k, b.getInt8(16)), x, b.getInt8(0));
    r = b.CreateInsertElement(r, x, b.getInt32(i));
  }
  return v128(m, r);
}

// ---- memory ----

// As emit_memory.cc: guest accesses carry the "guest memory" TBAA tag (the same
// uniqued metadata), distinct from the VmCtx's memory views.
void SimdEmit::tag_guest(Emitter& m, llvm::Value* access) {
  llvm::MDBuilder md(m.c_);
  llvm::MDNode* root = md.createTBAARoot("skiff tier 1");
  llvm::MDNode* ty = md.createTBAAScalarTypeNode("guest memory", root);
  llvm::cast<llvm::Instruction>(access)->setMetadata(llvm::LLVMContext::MD_tbaa,
                                                     md.createTBAAStructTagNode(ty, ty, 0));
}

bool SimdEmit::memory(Emitter& m, const ir::Instr& in) {
  llvm::IRBuilder<>& b = m.b_;
  // lane bits of the memory access, and the kind of access
  enum Kind { Full, Extend, Splat, Zero, LoadLane, Store, StoreLane } kind;
  unsigned bits = 0;
  bool sext = false;
  switch (in.op) {
    case Op::V128Load: kind = Full; bits = 128; break;
    case Op::V128Load8x8S: kind = Extend; bits = 8; sext = true; break;
    case Op::V128Load8x8U: kind = Extend; bits = 8; break;
    case Op::V128Load16x4S: kind = Extend; bits = 16; sext = true; break;
    case Op::V128Load16x4U: kind = Extend; bits = 16; break;
    case Op::V128Load32x2S: kind = Extend; bits = 32; sext = true; break;
    case Op::V128Load32x2U: kind = Extend; bits = 32; break;
    case Op::V128Load8Splat: kind = Splat; bits = 8; break;
    case Op::V128Load16Splat: kind = Splat; bits = 16; break;
    case Op::V128Load32Splat: kind = Splat; bits = 32; break;
    case Op::V128Load64Splat: kind = Splat; bits = 64; break;
    case Op::V128Load32Zero: kind = Zero; bits = 32; break;
    case Op::V128Load64Zero: kind = Zero; bits = 64; break;
    case Op::V128Load8Lane: kind = LoadLane; bits = 8; break;
    case Op::V128Load16Lane: kind = LoadLane; bits = 16; break;
    case Op::V128Load32Lane: kind = LoadLane; bits = 32; break;
    case Op::V128Load64Lane: kind = LoadLane; bits = 64; break;
    case Op::V128Store: kind = Store; bits = 128; break;
    case Op::V128Store8Lane: kind = StoreLane; bits = 8; break;
    case Op::V128Store16Lane: kind = StoreLane; bits = 16; break;
    case Op::V128Store32Lane: kind = StoreLane; bits = 32; break;
    case Op::V128Store64Lane: kind = StoreLane; bits = 64; break;
    default: return false;
  }
  std::vector<Value*> v;
  const llvm::Align one(1);
  // A guarded memory (memory 0, 32-bit, guard pages) keeps its accesses volatile.
  const bool vol = in.mem.memory == 0 && m.mem0_ && !m.env_.m.memory_type(0).limits.is64;
  auto load = [&](llvm::Type* t, Value* p) {
    llvm::LoadInst* x = b.CreateAlignedLoad(t, p, one, vol);
    tag_guest(m, x);
    return x;
  };
  llvm::Type* lane = llvm::IntegerType::get(m.c_, bits == 128 ? 64 : bits);
  if (kind == Store || kind == StoreLane) {
    m.pop_n(2, v);
    Value* x = kind == Store ? v[1]
                             : b.CreateExtractElement(as_i(m, v[1], bits), b.getInt32(in.a & (128 / bits - 1)));
    Value* p = m.mem_address(in, v[0], bits / 8);
    tag_guest(m, b.CreateAlignedStore(x, p, one, vol));
    return true;
  }
  Value* vec = nullptr;
  if (kind == LoadLane) {
    m.pop_n(2, v);
    vec = v[1];
  } else {
    m.pop_n(1, v);
  }
  const uint32_t bytes = kind == Extend ? 8 : bits / 8;
  Value* p = m.mem_address(in, v[0], bytes);
  Value* r = nullptr;
  switch (kind) {
    case Full:
      r = load(ivec(m, 64), p);
      break;
    case Extend: {
      auto* nt = llvm::FixedVectorType::get(lane, 64 / bits);
      Value* x = load(nt, p);
      auto* wt = llvm::FixedVectorType::get(llvm::IntegerType::get(m.c_, 2 * bits), 64 / bits);
      r = sext ? b.CreateSExt(x, wt) : b.CreateZExt(x, wt);
      break;
    }
    case Splat:
      r = b.CreateVectorSplat(128 / bits, load(lane, p));
      break;
    case Zero:
      r = b.CreateInsertElement(llvm::Constant::getNullValue(ivec(m, bits)),
                                load(lane, p), b.getInt32(0));
      break;
    case LoadLane:
      r = b.CreateInsertElement(as_i(m, vec, bits), load(lane, p),
                                b.getInt32(in.a & (128 / bits - 1)));
      break;
    default: break;
  }
  m.push(v128(m, r));
  return true;
}

// ---- constants, splats, lanes, shuffles, bitwise ----

bool SimdEmit::lanes_and_bits(Emitter& m, const ir::Instr& in) {
  llvm::IRBuilder<>& b = m.b_;
  llvm::Type* I32 = m.env_.i32();
  std::vector<Value*> v;
  auto int_splat = [&](unsigned bits) {
    m.pop_n(1, v);
    Value* x = v[0];
    if (bits < 32) x = b.CreateTrunc(x, llvm::IntegerType::get(m.c_, bits));
    m.push(v128(m, b.CreateVectorSplat(128 / bits, x)));
  };
  auto extract = [&](unsigned bits, bool is_float, int ext) {  // ext: 0 none, 1 s, 2 u
    m.pop_n(1, v);
    Value* vec = is_float ? as_f(m, v[0], bits) : as_i(m, v[0], bits);
    Value* x = b.CreateExtractElement(vec, b.getInt32(in.a & (128 / bits - 1)));
    if (ext == 1) x = b.CreateSExt(x, I32);
    if (ext == 2) x = b.CreateZExt(x, I32);
    m.push(x);
  };
  auto replace = [&](unsigned bits, bool is_float) {
    m.pop_n(2, v);
    Value* vec = is_float ? as_f(m, v[0], bits) : as_i(m, v[0], bits);
    Value* x = v[1];
    if (!is_float && bits < 32) x = b.CreateTrunc(x, llvm::IntegerType::get(m.c_, bits));
    m.push(v128(m, b.CreateInsertElement(vec, x, b.getInt32(in.a & (128 / bits - 1)))));
  };
  switch (in.op) {
    case Op::V128Const: {
      uint64_t lo = 0, hi = 0;
      for (unsigned i = 0; i < 8; ++i) {
        lo |= uint64_t(in.v128[i]) << (8 * i);
        hi |= uint64_t(in.v128[8 + i]) << (8 * i);
      }
      m.push(llvm::ConstantDataVector::get(m.c_, llvm::ArrayRef<uint64_t>{lo, hi}));
      return true;
    }
    case Op::I8x16Splat: int_splat(8); return true;
    case Op::I16x8Splat: int_splat(16); return true;
    case Op::I32x4Splat: int_splat(32); return true;
    case Op::I64x2Splat: int_splat(64); return true;
    case Op::F32x4Splat:
    case Op::F64x2Splat: {
      m.pop_n(1, v);
      unsigned n = in.op == Op::F32x4Splat ? 4 : 2;
      m.push(v128(m, b.CreateVectorSplat(n, v[0])));
      return true;
    }
    case Op::I8x16ExtractLaneS: extract(8, false, 1); return true;
    case Op::I8x16ExtractLaneU: extract(8, false, 2); return true;
    case Op::I16x8ExtractLaneS: extract(16, false, 1); return true;
    case Op::I16x8ExtractLaneU: extract(16, false, 2); return true;
    case Op::I32x4ExtractLane: extract(32, false, 0); return true;
    case Op::I64x2ExtractLane: extract(64, false, 0); return true;
    case Op::F32x4ExtractLane: extract(32, true, 0); return true;
    case Op::F64x2ExtractLane: extract(64, true, 0); return true;
    case Op::I8x16ReplaceLane: replace(8, false); return true;
    case Op::I16x8ReplaceLane: replace(16, false); return true;
    case Op::I32x4ReplaceLane: replace(32, false); return true;
    case Op::I64x2ReplaceLane: replace(64, false); return true;
    case Op::F32x4ReplaceLane: replace(32, true); return true;
    case Op::F64x2ReplaceLane: replace(64, true); return true;
    case Op::I8x16Shuffle: {
      m.pop_n(2, v);
      int mask[16];
      for (unsigned i = 0; i < 16; ++i) mask[i] = int(in.v128[i] & 31u);
      m.push(v128(m, b.CreateShuffleVector(as_i(m, v[0], 8), as_i(m, v[1], 8), mask)));
      return true;
    }
    case Op::I8x16Swizzle:
    case Op::I8x16RelaxedSwizzle:
      m.pop_n(2, v);
      m.push(swizzle(m, v[0], v[1]));
      return true;
    case Op::V128Not: m.pop_n(1, v); m.push(b.CreateNot(v[0])); return true;
    case Op::V128And: m.pop_n(2, v); m.push(b.CreateAnd(v[0], v[1])); return true;
    case Op::V128Andnot: m.pop_n(2, v); m.push(b.CreateAnd(v[0], b.CreateNot(v[1]))); return true;
    case Op::V128Or: m.pop_n(2, v); m.push(b.CreateOr(v[0], v[1])); return true;
    case Op::V128Xor: m.pop_n(2, v); m.push(b.CreateXor(v[0], v[1])); return true;
    case Op::V128Bitselect:
    case Op::I8x16RelaxedLaneselect:
    case Op::I16x8RelaxedLaneselect:
    case Op::I32x4RelaxedLaneselect:
    case Op::I64x2RelaxedLaneselect:
      m.pop_n(3, v);
      m.push(bitselect(m, v[0], v[1], v[2]));
      return true;
    case Op::V128AnyTrue: {
      m.pop_n(1, v);
      Value* x = b.CreateBitCast(v[0], llvm::IntegerType::get(m.c_, 128));
      m.push(b.CreateZExt(b.CreateICmpNE(x, llvm::ConstantInt::get(x->getType(), 0)), I32));
      return true;
    }
    default:
      return false;
  }
}

// ---- dispatch ----

bool Emitter::emit_simd(const ir::Instr& in, const Event& e) {
  (void)e;
  return SimdEmit::lanes_and_bits(*this, in) || SimdEmit::memory(*this, in) ||
         SimdEmit::integer(*this, in) || SimdEmit::floating(*this, in) ||
         SimdEmit::relaxed(*this, in);
}

}  // namespace skiff::compiler
