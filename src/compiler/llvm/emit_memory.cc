// Emitter: locals, globals, memory 0 loads/stores, memory.size / memory.grow.
//
// Memory 0 on a guarded (guard-page) 32-bit memory: address = base + zext(i32) +
// offset, no check (an out-of-bounds access faults in the guard region; the fault
// handler turns it into the trap). Otherwise (plain memory) every access checks
// addr + offset + size <= ctx->mem0_size and reloads base and size from the
// VmCtx (the runtime refreshes them when the memory grows). memory64 and other
// memories are not compiled yet.
#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

using llvm::Value;
using ir::Op;
namespace rt1 = rt::tier1;

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
  Value* ea = b_.CreateZExt(addr, env_.i64());
  if (in.mem.offset) ea = b_.CreateAdd(ea, b_.getInt64(in.mem.offset));
  if (mem0_) return b_.CreateGEP(env_.i8(), mem0_, ea);
  // Plain memory: explicit bounds check (ea + bytes <= size; ea < 2^33, no overflow).
  Value* size = load_ctx(rt1::kCtxMem0Size, env_.i64());
  trap_if(b_.CreateICmpUGT(b_.CreateAdd(ea, b_.getInt64(bytes)), size),
          sem::TrapKind::MemoryOutOfBounds);
  Value* base = load_ctx(rt1::kCtxMem0Base, env_.ptr());
  return b_.CreateGEP(env_.i8(), base, ea);
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
    case Op::MemoryGrow: {
      if (in.a != 0 || env_.m.memory_type(0).limits.is64) {
        fail("unsupported: " + std::string(ir::op_name(in.op)) + " on memory64 / memory > 0");
        return true;
      }
      std::vector<Value*> v;
      if (in.op == Op::MemorySize) {
        auto* ty = llvm::FunctionType::get(I64, {env_.ptr(), I32}, false);
        push(b_.CreateTrunc(libcall(SKIFF_LC(memory_size), ty, {ctx_, b_.getInt32(0)}), I32));
      } else {
        pop_n(1, v);
        auto* ty = llvm::FunctionType::get(I64, {env_.ptr(), I32, I64}, false);
        Value* r = libcall(SKIFF_LC(memory_grow), ty, {ctx_, b_.getInt32(0), b_.CreateZExt(v[0], I64)});
        push(b_.CreateTrunc(r, I32));
      }
      return true;
    }
    default:
      return false;
  }
  if (in.mem.memory != 0 || env_.m.memory_type(0).limits.is64) {
    fail("unsupported: memory64 / memory > 0 access");
    return true;
  }
  const uint32_t bytes = uint32_t(mt->getPrimitiveSizeInBits() / 8);
  std::vector<Value*> v;
  if (store) {
    pop_n(2, v);
    Value* p = mem_address(in, v[0], bytes);
    Value* x = v[1];
    if (mt != vt) x = b_.CreateTrunc(x, mt);
    b_.CreateAlignedStore(x, p, llvm::Align(1));
    return true;
  }
  pop_n(1, v);
  Value* p = mem_address(in, v[0], bytes);
  Value* x = b_.CreateAlignedLoad(mt, p, llvm::Align(1), /*isVolatile=*/true);
  if (mt != vt) x = sext ? b_.CreateSExt(x, vt) : b_.CreateZExt(x, vt);
  push(x);
  return true;
}

}  // namespace skiff::compiler
