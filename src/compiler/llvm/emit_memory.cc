// Emitter: locals, globals, memory accesses (every memory, memory64), memory.size
// / memory.grow, bulk memory and the threads proposal's atomics.
//
// Design note.
//   * Addressing. The effective address is addr (zero-extended for a 32-bit
//     memory) + the memarg's offset (64-bit). Memory 0 when guarded (a 32-bit
//     memory with guard pages, CompileRequest::mem0_guarded): base + ea, no check
//     (ea < 2^33 lands in the memory or its PROT_NONE guard; the fault handler
//     makes the trap); the base is loaded once per function (a guarded memory
//     never moves). Every other memory (memory64, memories > 0, --bounds-checks)
//     checks ea + bytes <= size explicitly (overflow-safe for memory64) and
//     reloads base and size per access from the VmCtx (mem0_* for memory 0,
//     mems[i] for the others; the runtime refreshes them after every call and
//     memory.grow, so an unshared memory's view is current).
//   * Shared memories never move, but another thread may grow one: a failed
//     check calls libcalls->memory_recheck (rereads the size, traps if still out
//     of bounds), then the access goes on; memory.size asks the runtime.
//   * Loads from a guarded memory are volatile: a load whose value is dead must
//     still trap when out of bounds, and LLVM deletes dead non-volatile loads.
//     Checked loads are plain (the explicit check traps whether or not the value
//     is used; LLVM may then merge or hoist them). Guest accesses and the VmCtx's
//     memory views carry distinct TBAA tags (a guest store never changes a view),
//     so a checked memory's base and size stay in registers across guest stores.
//   * memory.fill / memory.copy are inline: an overflow-safe check of each range
//     (on every memory, guarded or not) before any byte is written, then
//     llvm.memset / llvm.memmove. memory.init, data.drop and wait / notify are
//     libcalls running tier 0's routines; operands are zero-extended to i64.
//   * Atomics: natural alignment is checked first ("unaligned atomic", as tier 0),
//     then bounds as above; the access is an LLVM atomic instruction, seq_cst, on
//     shared and unshared memories alike.
#include "compiler/llvm/emitter.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include "ir/opcode.h"

namespace skiff::compiler {

using llvm::Value;
using ir::Op;
namespace rt1 = rt::tier1;

struct MemoryEmit {
  static const ir::MemoryType& type(Emitter& em, uint32_t mem) { return em.env_.m.memory_type(mem); }
  static bool guarded(Emitter& em, uint32_t mem) {
    return mem == 0 && em.mem0_ && !type(em, 0).limits.is64;
  }
  static void invariant(Emitter& em, Value* load) {
    llvm::cast<llvm::LoadInst>(load)->setMetadata(llvm::LLVMContext::MD_invariant_load,
                                                  llvm::MDNode::get(em.c_, {}));
  }
  // TBAA: guest memory and the VmCtx's memory views never alias (a guest store
  // cannot move a base or change a size; only calls can), so LLVM may keep a
  // checked memory's base and size in registers across guest stores.
  static void tbaa(Emitter& em, Value* access, bool guest) {
    llvm::MDBuilder md(em.c_);
    llvm::MDNode* root = md.createTBAARoot("skiff tier 1");
    llvm::MDNode* ty = md.createTBAAScalarTypeNode(guest ? "guest memory" : "vmctx memory view", root);
    llvm::cast<llvm::Instruction>(access)->setMetadata(llvm::LLVMContext::MD_tbaa,
                                                       md.createTBAAStructTagNode(ty, ty, 0));
  }
  static Value* load_view(Emitter& em, llvm::Type* ty, Value* ptr) {
    Value* x = em.b_.CreateLoad(ty, ptr);
    tbaa(em, x, false);
    return x;
  }
  // &ctx->mems[mem] (the pointer ctx->mems never changes).
  static Value* view(Emitter& em, uint32_t mem) {
    Value* mems = em.load_ctx(rt1::kCtxMems, em.env_.ptr());
    invariant(em, mems);
    return em.b_.CreateConstGEP1_64(em.env_.i8(), mems, uint64_t(mem) * rt1::kMemBytes);
  }
  // The memory's current size in bytes (i64).
  static Value* size(Emitter& em, uint32_t mem) {
    auto& b = em.b_;
    if (mem == 0)
      return load_view(em, em.env_.i64(), b.CreateConstGEP1_64(em.env_.i8(), em.ctx_, rt1::kCtxMem0Size));
    return load_view(em, em.env_.i64(), b.CreateConstGEP1_64(em.env_.i8(), view(em, mem), rt1::kMemSize));
  }
  static Value* base(Emitter& em, uint32_t mem) {
    Value* b = load_view(em, em.env_.ptr(),
                         mem == 0 ? em.b_.CreateConstGEP1_64(em.env_.i8(), em.ctx_, rt1::kCtxMem0Base)
                                  : em.b_.CreateConstGEP1_64(em.env_.i8(), view(em, mem), rt1::kMemBase));
    if (type(em, mem).limits.shared) invariant(em, b);  // a shared memory never moves
    return b;
  }

  // The host address of an access of `bytes` at addr + offset in memory `mem`,
  // after the checks (alignment for atomics, then bounds).
  // `atomic`: check natural alignment first. `no_access`: the caller does not
  // touch the bytes itself (wait / notify), so a guarded memory is checked too.
  static Value* address(Emitter& em, uint32_t mem, uint64_t offset, Value* addr, uint32_t bytes,
                        bool atomic, bool no_access = false) {
    auto& b = em.b_;
    llvm::Type* I64 = em.env_.i64();
    const ir::MemoryType& mt = type(em, mem);
    const bool is64 = mt.limits.is64;
    Value* ea = is64 ? addr : b.CreateZExt(addr, I64);
    Value* ovf = nullptr;
    if (offset) {
      if (is64) {
        llvm::Function* f =
            llvm::Intrinsic::getDeclaration(&em.env_.mod, llvm::Intrinsic::uadd_with_overflow, {I64});
        Value* r = b.CreateCall(f, {ea, b.getInt64(offset)});
        ea = b.CreateExtractValue(r, {0});
        ovf = b.CreateExtractValue(r, {1});
      } else {
        ea = b.CreateAdd(ea, b.getInt64(offset));  // < 2^33: no overflow
      }
    }
    if (atomic && bytes > 1) {
      em.trap_if(b.CreateICmpNE(b.CreateAnd(ea, b.getInt64(bytes - 1)), b.getInt64(0)),
                 sem::TrapKind::UnalignedAtomic);
    }
    if (guarded(em, mem) && !no_access) return b.CreateGEP(em.env_.i8(), em.mem0_, ea);
    if (ovf) em.trap_if(ovf, sem::TrapKind::MemoryOutOfBounds);
    // The base is loaded before the check, next to the size: both are then
    // loop-invariant candidates in the same block (LLVM hoists them out of loops
    // without calls).
    Value* bp = base(em, mem);
    Value* end = b.CreateAdd(ea, b.getInt64(bytes));
    Value* oob = b.CreateICmpUGT(end, size(em, mem));
    if (is64) oob = b.CreateOr(oob, b.CreateICmpULT(end, ea));  // ea + bytes wrapped
    if (mt.limits.shared) {
      // Maybe grown by another thread: ask the runtime before trapping.
      llvm::BasicBlock* slow = em.new_block("mem_recheck");
      llvm::BasicBlock* ok = em.new_block("mem_ok");
      auto* br = b.CreateCondBr(oob, slow, ok);
      llvm::MDBuilder md(em.c_);
      br->setMetadata(llvm::LLVMContext::MD_prof, md.createBranchWeights(1, 1u << 20));
      b.SetInsertPoint(slow);
      auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(em.c_),
                                         {em.env_.ptr(), em.env_.i32(), I64, I64}, false);
      em.libcall(SKIFF_LC(memory_recheck), ty, {em.ctx_, b.getInt32(mem), ea, b.getInt64(bytes)});
      b.CreateBr(ok);
      b.SetInsertPoint(ok);
    } else {
      em.trap_if(oob, sem::TrapKind::MemoryOutOfBounds);
    }
    return b.CreateGEP(em.env_.i8(), bp, ea);
  }

  // The host address of [start, start + len) in memory `mem` (i64 operands), after
  // an overflow-safe bounds check (start > size or len > size - start traps; a
  // shared memory asks memory_recheck first). Guarded memories are checked too.
  static Value* range(Emitter& em, uint32_t mem, Value* start, Value* len) {
    auto& b = em.b_;
    Value* bp = base(em, mem);
    Value* sz = size(em, mem);
    Value* oob = b.CreateOr(b.CreateICmpUGT(start, sz), b.CreateICmpUGT(len, b.CreateSub(sz, start)));
    if (type(em, mem).limits.shared) {
      llvm::BasicBlock* slow = em.new_block("range_recheck");
      llvm::BasicBlock* ok = em.new_block("range_ok");
      auto* br = b.CreateCondBr(oob, slow, ok);
      llvm::MDBuilder md(em.c_);
      br->setMetadata(llvm::LLVMContext::MD_prof, md.createBranchWeights(1, 1u << 20));
      b.SetInsertPoint(slow);
      auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(em.c_),
                                         {em.env_.ptr(), em.env_.i32(), em.env_.i64(), em.env_.i64()}, false);
      em.libcall(SKIFF_LC(memory_recheck), ty, {em.ctx_, b.getInt32(mem), start, len});
      b.CreateBr(ok);
      b.SetInsertPoint(ok);
    } else {
      em.trap_if(oob, sem::TrapKind::MemoryOutOfBounds);
    }
    return b.CreateGEP(em.env_.i8(), bp, start);
  }

  static Value* to_i64(Emitter& em, Value* v) {
    return v->getType()->isIntegerTy(64) ? v : em.b_.CreateZExt(v, em.env_.i64());
  }

  static bool size_grow(Emitter& em, const ir::Instr& in) {
    auto& b = em.b_;
    llvm::Type* I32 = em.env_.i32();
    llvm::Type* I64 = em.env_.i64();
    const uint32_t mem = in.a;
    const ir::MemoryType& mt = type(em, mem);
    std::vector<Value*> v;
    Value* r;
    if (in.op == Op::MemorySize) {
      if (mt.limits.shared) {
        auto* ty = llvm::FunctionType::get(I64, {em.env_.ptr(), I32}, false);
        r = em.libcall(SKIFF_LC(memory_size), ty, {em.ctx_, b.getInt32(mem)});
      } else {
        r = b.CreateLShr(size(em, mem), b.getInt64(mt.page_size_log2));
      }
    } else {
      em.pop_n(1, v);
      auto* ty = llvm::FunctionType::get(I64, {em.env_.ptr(), I32, I64}, false);
      r = em.libcall(SKIFF_LC(memory_grow), ty, {em.ctx_, b.getInt32(mem), to_i64(em, v[0])});
    }
    em.push(mt.limits.is64 ? r : b.CreateTrunc(r, I32));
    return true;
  }

  static bool bulk(Emitter& em, const ir::Instr& in) {
    auto& b = em.b_;
    llvm::Type* V = llvm::Type::getVoidTy(em.c_);
    llvm::Type* P = em.env_.ptr();
    llvm::Type* I32 = em.env_.i32();
    llvm::Type* I64 = em.env_.i64();
    std::vector<Value*> v;
    switch (in.op) {
      // fill / copy inline: both ranges are checked before any byte is written
      // (as rt::Memory::fill / copy), then llvm.memset / llvm.memmove (overlap-safe).
      case Op::MemoryFill: {
        em.pop_n(3, v);
        Value* n = to_i64(em, v[2]);
        Value* d = range(em, in.a, to_i64(em, v[0]), n);
        b.CreateMemSet(d, b.CreateTrunc(v[1], b.getInt8Ty()), n, llvm::MaybeAlign(1));
        return true;
      }
      case Op::MemoryCopy: {
        em.pop_n(3, v);
        Value* n = to_i64(em, v[2]);
        Value* d = range(em, in.a, to_i64(em, v[0]), n);
        Value* s = range(em, in.b, to_i64(em, v[1]), n);
        b.CreateMemMove(d, llvm::MaybeAlign(1), s, llvm::MaybeAlign(1), n);
        return true;
      }
      case Op::MemoryInit: {
        em.pop_n(3, v);
        auto* ty = llvm::FunctionType::get(V, {P, I32, I32, I64, I64, I64}, false);
        em.libcall(SKIFF_LC(memory_init), ty,
                   {em.ctx_, b.getInt32(in.a), b.getInt32(in.b), to_i64(em, v[0]), to_i64(em, v[1]),
                    to_i64(em, v[2])});
        return true;
      }
      case Op::DataDrop: {
        auto* ty = llvm::FunctionType::get(V, {P, I32}, false);
        em.libcall(SKIFF_LC(data_drop), ty, {em.ctx_, b.getInt32(in.a)});
        return true;
      }
      default:
        return false;
    }
  }

  // ---- atomics ----
  enum class AKind { Load, Store, Rmw, Cmpxchg };
  struct AtomicOp {
    AKind kind;
    uint32_t bytes;  // access width
    bool wide;       // i64 operand / result
    llvm::AtomicRMWInst::BinOp bin = llvm::AtomicRMWInst::Add;
  };

  static bool atomic_op(Op op, AtomicOp* out) {
    using B = llvm::AtomicRMWInst::BinOp;
    switch (op) {
#define SKIFF_A(name, k, n, w) \
  case Op::name:               \
    *out = {AKind::k, n, w};   \
    return true;
      SKIFF_A(I32AtomicLoad, Load, 4, false)
      SKIFF_A(I64AtomicLoad, Load, 8, true)
      SKIFF_A(I32AtomicLoad8U, Load, 1, false)
      SKIFF_A(I32AtomicLoad16U, Load, 2, false)
      SKIFF_A(I64AtomicLoad8U, Load, 1, true)
      SKIFF_A(I64AtomicLoad16U, Load, 2, true)
      SKIFF_A(I64AtomicLoad32U, Load, 4, true)
      SKIFF_A(I32AtomicStore, Store, 4, false)
      SKIFF_A(I64AtomicStore, Store, 8, true)
      SKIFF_A(I32AtomicStore8, Store, 1, false)
      SKIFF_A(I32AtomicStore16, Store, 2, false)
      SKIFF_A(I64AtomicStore8, Store, 1, true)
      SKIFF_A(I64AtomicStore16, Store, 2, true)
      SKIFF_A(I64AtomicStore32, Store, 4, true)
      SKIFF_A(I32AtomicRmwCmpxchg, Cmpxchg, 4, false)
      SKIFF_A(I64AtomicRmwCmpxchg, Cmpxchg, 8, true)
      SKIFF_A(I32AtomicRmw8CmpxchgU, Cmpxchg, 1, false)
      SKIFF_A(I32AtomicRmw16CmpxchgU, Cmpxchg, 2, false)
      SKIFF_A(I64AtomicRmw8CmpxchgU, Cmpxchg, 1, true)
      SKIFF_A(I64AtomicRmw16CmpxchgU, Cmpxchg, 2, true)
      SKIFF_A(I64AtomicRmw32CmpxchgU, Cmpxchg, 4, true)
#undef SKIFF_A
#define SKIFF_RMW(X, bop)                                         \
  case Op::I32AtomicRmw##X: *out = {AKind::Rmw, 4, false, bop}; return true;     \
  case Op::I64AtomicRmw##X: *out = {AKind::Rmw, 8, true, bop}; return true;      \
  case Op::I32AtomicRmw8##X##U: *out = {AKind::Rmw, 1, false, bop}; return true; \
  case Op::I32AtomicRmw16##X##U: *out = {AKind::Rmw, 2, false, bop}; return true; \
  case Op::I64AtomicRmw8##X##U: *out = {AKind::Rmw, 1, true, bop}; return true;  \
  case Op::I64AtomicRmw16##X##U: *out = {AKind::Rmw, 2, true, bop}; return true; \
  case Op::I64AtomicRmw32##X##U: *out = {AKind::Rmw, 4, true, bop}; return true;
      SKIFF_RMW(Add, B::Add)
      SKIFF_RMW(Sub, B::Sub)
      SKIFF_RMW(And, B::And)
      SKIFF_RMW(Or, B::Or)
      SKIFF_RMW(Xor, B::Xor)
      SKIFF_RMW(Xchg, B::Xchg)
#undef SKIFF_RMW
      default:
        return false;
    }
  }

  static bool atomic(Emitter& em, const ir::Instr& in) {
    auto& b = em.b_;
    llvm::Type* I32 = em.env_.i32();
    llvm::Type* I64 = em.env_.i64();
    llvm::Type* P = em.env_.ptr();
    const auto sc = llvm::AtomicOrdering::SequentiallyConsistent;
    std::vector<Value*> v;
    const uint32_t mem = in.mem.memory;
    switch (in.op) {
      case Op::AtomicFence:
        b.CreateFence(sc);
        return true;
      case Op::MemoryAtomicNotify: {
        em.pop_n(2, v);
        address(em, mem, in.mem.offset, v[0], 4, true, true);
        Value* ea = ea_of(em, mem, in.mem.offset, v[0]);
        if (!type(em, mem).limits.shared) {
          em.push(b.getInt32(0));  // an unshared memory has no waiters
          return true;
        }
        auto* ty = llvm::FunctionType::get(I32, {P, I32, I64, I32}, false);
        em.push(em.libcall(SKIFF_LC(atomic_notify), ty, {em.ctx_, b.getInt32(mem), ea, v[1]}));
        return true;
      }
      case Op::MemoryAtomicWait32:
      case Op::MemoryAtomicWait64: {
        const bool w64 = in.op == Op::MemoryAtomicWait64;
        em.pop_n(3, v);
        address(em, mem, in.mem.offset, v[0], w64 ? 8 : 4, true, true);
        if (!type(em, mem).limits.shared) {
          // Traps after the checks, as tier 0 (the code after it is unreachable).
          em.trap_if(b.getTrue(), sem::TrapKind::ExpectedSharedMemory);
          em.push(b.getInt32(0));
          return true;
        }
        Value* ea = ea_of(em, mem, in.mem.offset, v[0]);
        auto* ty = llvm::FunctionType::get(I32, {P, I32, I64, w64 ? I64 : I32, I64}, false);
        em.push(em.libcall(w64 ? SKIFF_LC(atomic_wait64) : SKIFF_LC(atomic_wait32), ty,
                           {em.ctx_, b.getInt32(mem), ea, v[1], v[2]}));
        return true;
      }
      default:
        break;
    }
    AtomicOp a;
    if (!atomic_op(in.op, &a)) return false;
    llvm::Type* vt = a.wide ? I64 : I32;
    llvm::Type* mt = b.getIntNTy(a.bytes * 8);
    const llvm::Align al(a.bytes);
    switch (a.kind) {
      case AKind::Load: {
        em.pop_n(1, v);
        Value* p = address(em, mem, in.mem.offset, v[0], a.bytes, true);
        llvm::LoadInst* x = b.CreateAlignedLoad(mt, p, al, /*isVolatile=*/true);
        x->setAtomic(sc);
        em.push(mt == vt ? static_cast<Value*>(x) : b.CreateZExt(x, vt));
        return true;
      }
      case AKind::Store: {
        em.pop_n(2, v);
        Value* p = address(em, mem, in.mem.offset, v[0], a.bytes, true);
        Value* x = mt == vt ? v[1] : b.CreateTrunc(v[1], mt);
        llvm::StoreInst* s = b.CreateAlignedStore(x, p, al, /*isVolatile=*/true);
        s->setAtomic(sc);
        return true;
      }
      case AKind::Rmw: {
        em.pop_n(2, v);
        Value* p = address(em, mem, in.mem.offset, v[0], a.bytes, true);
        Value* x = mt == vt ? v[1] : b.CreateTrunc(v[1], mt);
        llvm::AtomicRMWInst* r = b.CreateAtomicRMW(a.bin, p, x, llvm::MaybeAlign(a.bytes), sc);
        r->setVolatile(true);
        em.push(mt == vt ? static_cast<Value*>(r) : b.CreateZExt(r, vt));
        return true;
      }
      case AKind::Cmpxchg: {
        em.pop_n(3, v);
        Value* p = address(em, mem, in.mem.offset, v[0], a.bytes, true);
        Value* expect = mt == vt ? v[1] : b.CreateTrunc(v[1], mt);
        Value* repl = mt == vt ? v[2] : b.CreateTrunc(v[2], mt);
        llvm::AtomicCmpXchgInst* r =
            b.CreateAtomicCmpXchg(p, expect, repl, llvm::MaybeAlign(a.bytes), sc, sc);
        r->setVolatile(true);
        Value* old = b.CreateExtractValue(r, {0});
        em.push(mt == vt ? old : b.CreateZExt(old, vt));
        return true;
      }
    }
    return false;
  }

  // The effective address as an i64 (after address() checked it: no overflow).
  static Value* ea_of(Emitter& em, uint32_t mem, uint64_t offset, Value* addr) {
    Value* ea = type(em, mem).limits.is64 ? addr : em.b_.CreateZExt(addr, em.env_.i64());
    return offset ? em.b_.CreateAdd(ea, em.b_.getInt64(offset)) : ea;
  }
};

bool Emitter::emit_variable(const ir::Instr& in, const Event& e) {
  std::vector<Value*> v;
  switch (in.op) {
    case Op::LocalGet:
      push(b_.CreateLoad(local_types_[in.a], locals_[in.a]));
      return true;
    case Op::LocalSet:
      pop_n(1, v);
      b_.CreateStore(v[0], locals_[in.a]);
      return true;
    case Op::LocalTee:
      pop_n(1, v);
      b_.CreateStore(v[0], locals_[in.a]);
      push(v[0]);
      return true;
    case Op::GlobalGet: {
      llvm::Type* ty = env_.val_type(e.pushed[0]);
      if (!ty) return false;
      Value* g = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.ptr(), globals_, in.a));
      push(b_.CreateLoad(ty, g));
      return true;
    }
    case Op::GlobalSet: {
      if (!env_.val_type(e.popped[0])) return false;
      pop_n(1, v);
      Value* g = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.ptr(), globals_, in.a));
      b_.CreateStore(v[0], g);
      return true;
    }
    default:
      return false;
  }
}

Value* Emitter::mem_address(const ir::Instr& in, Value* addr, uint32_t bytes) {
  return MemoryEmit::address(*this, in.mem.memory, in.mem.offset, addr, bytes, false);
}

bool Emitter::emit_memory(const ir::Instr& in, const Event& e) {
  (void)e;
  llvm::Type* I32 = env_.i32();
  llvm::Type* I64 = env_.i64();
  llvm::Type* F32 = llvm::Type::getFloatTy(c_);
  llvm::Type* F64 = llvm::Type::getDoubleTy(c_);
  llvm::Type* I8 = b_.getInt8Ty();
  llvm::Type* I16 = b_.getInt16Ty();
  // (memory type, value type, sign-extend?) per op.
  llvm::Type* mt = nullptr;
  llvm::Type* vt = nullptr;
  bool sext = false, store = false;
  switch (in.op) {
    case Op::I32Load: mt = vt = I32; break;
    case Op::I64Load: mt = vt = I64; break;
    case Op::F32Load: mt = vt = F32; break;
    case Op::F64Load: mt = vt = F64; break;
    case Op::I32Load8S: mt = I8; vt = I32; sext = true; break;
    case Op::I32Load8U: mt = I8; vt = I32; break;
    case Op::I32Load16S: mt = I16; vt = I32; sext = true; break;
    case Op::I32Load16U: mt = I16; vt = I32; break;
    case Op::I64Load8S: mt = I8; vt = I64; sext = true; break;
    case Op::I64Load8U: mt = I8; vt = I64; break;
    case Op::I64Load16S: mt = I16; vt = I64; sext = true; break;
    case Op::I64Load16U: mt = I16; vt = I64; break;
    case Op::I64Load32S: mt = I32; vt = I64; sext = true; break;
    case Op::I64Load32U: mt = I32; vt = I64; break;
    case Op::I32Store: mt = vt = I32; store = true; break;
    case Op::I64Store: mt = vt = I64; store = true; break;
    case Op::F32Store: mt = vt = F32; store = true; break;
    case Op::F64Store: mt = vt = F64; store = true; break;
    case Op::I32Store8: mt = I8; vt = I32; store = true; break;
    case Op::I32Store16: mt = I16; vt = I32; store = true; break;
    case Op::I64Store8: mt = I8; vt = I64; store = true; break;
    case Op::I64Store16: mt = I16; vt = I64; store = true; break;
    case Op::I64Store32: mt = I32; vt = I64; store = true; break;
    case Op::MemorySize:
    case Op::MemoryGrow:
      return MemoryEmit::size_grow(*this, in);
    default:
      return MemoryEmit::bulk(*this, in) || MemoryEmit::atomic(*this, in);
  }
  const uint32_t bytes = uint32_t(mt->getPrimitiveSizeInBits() / 8);
  std::vector<Value*> v;
  if (store) {
    pop_n(2, v);
    Value* p = mem_address(in, v[0], bytes);
    Value* x = v[1];
    if (mt != vt) x = b_.CreateTrunc(x, mt);
    // Guarded: volatile too, so no guest access moves across one that may fault
    // (LLVM keeps volatile accesses in order; a faulting store must see every
    // earlier store done, and none after it).
    const bool vol = MemoryEmit::guarded(*this, in.mem.memory);
    MemoryEmit::tbaa(*this, b_.CreateAlignedStore(x, p, llvm::Align(1), vol), true);
    return true;
  }
  pop_n(1, v);
  Value* p = mem_address(in, v[0], bytes);
  // Volatile only where nothing else makes an out-of-bounds load trap (guard pages).
  const bool vol = MemoryEmit::guarded(*this, in.mem.memory);
  Value* x = b_.CreateAlignedLoad(mt, p, llvm::Align(1), vol);
  MemoryEmit::tbaa(*this, x, true);
  if (mt != vt) x = sext ? b_.CreateSExt(x, vt) : b_.CreateZExt(x, vt);
  push(x);
  return true;
}

}  // namespace skiff::compiler
