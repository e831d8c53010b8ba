// Tier-1 code generation: GC objects (struct, array, i31, casts).
//
// Design note.
//   * Objects (runtime/gc_heap.h): a 16-byte header {TypeDesc*, mark, length}
//     then the payload; struct fields at fixed offsets (natural sizes, aligned to
//     min(size, 8): GcEmit::field_offset mirrors gc_types.cc), array elements at
//     payload + i * size. Field and element accesses, array.len, the null checks
//     and the bounds checks are inline; allocation and the bulk array operations
//     are libcalls (tier1_abi.h "GC objects") with tier 0's checks and traps.
//   * struct.new / array.new_fixed allocate a zeroed object and store the operands
//     inline; array.new / array.fill pass the value in a 16-byte stack cell.
//   * References the code holds across an allocation (in registers or spills) are
//     found by the collector's conservative scan of compiled frames
//     (libcalls_gc.cc); nothing here has to publish them.
//   * i31: (v << 1) | 1 in the pointer's bits (runtime/value.h); get_s / get_u are
//     shifts of the low 32 bits.
//   * Casts: null, the abstract hierarchies (eq, i31, struct, array, none...) and an
//     exact match of a concrete struct/array type are inline; a concrete type with
//     subtypes that is not an exact match, and concrete function types, ask
//     libcalls->gc_cast_test (the interpreter's cast_test).
#include "compiler/llvm/emitter.h"
#include "interp/gc_cast.h"

namespace skiff::compiler {

using ir::Op;
using llvm::BasicBlock;
using llvm::Value;
namespace rt1 = rt::tier1;

struct GcEmit {
  // Bytes of a field's storage type (gc_types.cc field_desc).
  static uint32_t storage_size(const ir::ValType& t) {
    switch (t.kind) {
      case ir::ValKind::I8: return 1;
      case ir::ValKind::I16: return 2;
      case ir::ValKind::I32:
      case ir::ValKind::F32: return 4;
      case ir::ValKind::V128: return 16;
      default: return 8;
    }
  }
  // Offset of field `index` in the payload (gc_types.cc type_desc).
  static uint32_t field_offset(const ir::StructType& st, uint32_t index) {
    uint32_t off = 0;
    for (uint32_t i = 0; i < st.fields.size(); ++i) {
      uint32_t size = storage_size(st.fields[i].type);
      uint32_t align = size < 8 ? size : 8;
      off = (off + align - 1) & ~(align - 1);
      if (i == index) return off;
      off += size;
    }
    return off;
  }
  // The LLVM type of a field's storage (i8 / i16 for packed fields).
  static llvm::Type* storage_type(Emitter& em, const ir::ValType& t) {
    if (t.kind == ir::ValKind::I8) return em.b_.getInt8Ty();
    if (t.kind == ir::ValKind::I16) return em.b_.getInt16Ty();
    return em.env_.val_type(t);
  }
  static llvm::Align align_of(const ir::ValType& t) {
    uint32_t s = storage_size(t);
    return llvm::Align(s < 8 ? s : 8);
  }
  static Value* payload(Emitter& em, Value* obj, Value* byte_offset) {
    Value* p = em.b_.CreateConstGEP1_64(em.env_.i8(), obj, rt1::kObjPayload);
    return em.b_.CreateGEP(em.env_.i8(), p, byte_offset);
  }
  static void store_field(Emitter& em, const ir::ValType& t, Value* addr, Value* v) {
    if (t.is_packed()) v = em.b_.CreateTrunc(v, storage_type(em, t));
    em.b_.CreateAlignedStore(v, addr, align_of(t));
  }
  // Loads a field; packed fields are extended to i32 (signed when `sext`).
  static Value* load_field(Emitter& em, const ir::ValType& t, Value* addr, bool sext) {
    Value* v = em.b_.CreateAlignedLoad(storage_type(em, t), addr, align_of(t));
    if (t.is_packed()) v = sext ? em.b_.CreateSExt(v, em.env_.i32()) : em.b_.CreateZExt(v, em.env_.i32());
    return v;
  }
  // A 16-byte stack cell holding v (array.new / array.fill's value).
  static Value* cell_of(Emitter& em, Value* v) {
    llvm::IRBuilder<> eb(em.entry_, em.entry_->getFirstInsertionPt());
    auto* a = eb.CreateAlloca(llvm::ArrayType::get(em.env_.i8(), 16));
    a->setAlignment(llvm::Align(16));
    em.b_.CreateStore(v, a);
    return a;
  }
  static void null_check(Emitter& em, Value* ref, sem::TrapKind k) {
    em.trap_if(em.b_.CreateIsNull(ref), k);
  }
  // The array element address after the null and bounds checks.
  static Value* element(Emitter& em, Value* arr, Value* index, uint32_t size) {
    null_check(em, arr, sem::TrapKind::NullArrayReference);
    Value* len = em.b_.CreateLoad(em.env_.i32(), em.b_.CreateConstGEP1_64(em.env_.i8(), arr, rt1::kObjLength));
    em.trap_if(em.b_.CreateICmpUGE(index, len), sem::TrapKind::ArrayOutOfBounds);
    Value* off = em.b_.CreateMul(em.b_.CreateZExt(index, em.env_.i64()), em.b_.getInt64(size));
    return payload(em, arr, off);
  }

  // i1: does `ref` belong to (ref null? h)? (interp/gc_cast.h cast_test)
  static Value* cast_test(Emitter& em, Value* ref, const ir::HeapType& h, bool nullable) {
    llvm::IRBuilder<>& b = em.b_;
    Value* bits = b.CreatePtrToInt(ref, em.env_.i64());
    Value* isnull = b.CreateICmpEQ(bits, b.getInt64(0));
    Value* null_ok = b.getInt1(nullable);
    auto low = [&](uint64_t mask) { return b.CreateAnd(bits, b.getInt64(mask)); };
    switch (h.kind) {
      case ir::HeapKind::Any:
      case ir::HeapKind::Func:
      case ir::HeapKind::Extern:
      case ir::HeapKind::Exn:
        return nullable ? b.getTrue() : b.CreateNot(isnull);
      case ir::HeapKind::Eq: {
        // i31 (bit 0) or an object (tag 00; null has tag 00 too, the select decides).
        Value* t = b.CreateOr(b.CreateICmpNE(low(1), b.getInt64(0)), b.CreateICmpEQ(low(3), b.getInt64(0)));
        return b.CreateSelect(isnull, null_ok, t);
      }
      case ir::HeapKind::I31:
        return b.CreateSelect(isnull, null_ok, b.CreateICmpNE(low(1), b.getInt64(0)));
      case ir::HeapKind::Struct:
      case ir::HeapKind::Array:
      case ir::HeapKind::Concrete:
        break;
      default:  // none, nofunc, noextern, noexn: only null
        return nullable ? isnull : b.getFalse();
    }
    const bool concrete = h.kind == ir::HeapKind::Concrete;
    if (concrete && em.env_.m.types[h.index].comp.kind == ir::CompKind::Func) {
      // A function type: the runtime compares Func::type_id (and its supertypes).
      return b.CreateSelect(isnull, null_ok, slow_test(em, ref, h, nullable));
    }
    // Structs and arrays: only objects (tag 00, non-null) qualify; then the
    // descriptor decides.
    Value* is_obj = b.CreateAnd(b.CreateNot(isnull), b.CreateICmpEQ(low(3), b.getInt64(0)));
    BasicBlock* from = b.GetInsertBlock();
    BasicBlock* obj_bb = em.new_block("cast_obj");
    BasicBlock* join = em.new_block("cast_join");
    b.CreateCondBr(is_obj, obj_bb, join);
    b.SetInsertPoint(obj_bb);
    Value* desc = b.CreateLoad(em.env_.ptr(), b.CreateConstGEP1_64(em.env_.i8(), ref, rt1::kObjDesc));
    Value* r = nullptr;
    if (!concrete) {
      Value* kind = b.CreateLoad(em.env_.i8(), b.CreateConstGEP1_64(em.env_.i8(), desc, rt1::kDescKind));
      ir::CompKind want = h.kind == ir::HeapKind::Struct ? ir::CompKind::Struct : ir::CompKind::Array;
      r = b.CreateICmpEQ(kind, b.getInt8(uint8_t(want)));
    } else {
      uint32_t id = em.env_.canon.id(h.index);
      Value* did = b.CreateLoad(em.env_.i32(), b.CreateConstGEP1_64(em.env_.i8(), desc, rt1::kDescId));
      Value* exact = b.CreateICmpEQ(did, b.getInt32(id));
      if (em.env_.canon.interner()->info(id).final) {
        r = exact;  // a final type has no subtypes: only an exact match
      } else {
        BasicBlock* slow = em.new_block("cast_slow");
        BasicBlock* done = em.new_block("cast_done");
        BasicBlock* here = b.GetInsertBlock();
        b.CreateCondBr(exact, done, slow);
        b.SetInsertPoint(slow);
        Value* s = slow_test(em, ref, h, nullable);
        BasicBlock* slow_end = b.GetInsertBlock();
        b.CreateBr(done);
        b.SetInsertPoint(done);
        llvm::PHINode* p = b.CreatePHI(b.getInt1Ty(), 2);
        p->addIncoming(b.getTrue(), here);
        p->addIncoming(s, slow_end);
        r = p;
      }
    }
    BasicBlock* obj_end = b.GetInsertBlock();
    b.CreateBr(join);
    b.SetInsertPoint(join);
    llvm::PHINode* p = b.CreatePHI(b.getInt1Ty(), 2);
    p->addIncoming(b.getFalse(), from);
    p->addIncoming(r, obj_end);
    return b.CreateSelect(isnull, null_ok, p);
  }

  // libcalls->gc_cast_test for a concrete target (i1).
  static Value* slow_test(Emitter& em, Value* ref, const ir::HeapType& h, bool nullable) {
    uint32_t id = em.env_.canon.id(h.index);
    bool func = em.env_.m.types[h.index].comp.kind == ir::CompKind::Func;
    uint32_t flags = interp::detail::cast_flags(ir::HeapKind::Concrete, nullable, func);
    uint32_t depth = em.env_.canon.interner()->info(id).depth;
    llvm::Type* I32 = em.env_.i32();
    auto* ty = llvm::FunctionType::get(I32, {em.env_.ptr(), em.env_.ptr(), I32, I32, I32}, false);
    Value* r = em.libcall(SKIFF_LC(gc_cast_test), ty,
                          {em.ctx_, ref, em.b_.getInt32(flags), em.b_.getInt32(id), em.b_.getInt32(depth)});
    return em.b_.CreateICmpNE(r, em.b_.getInt32(0));
  }
};

bool Emitter::emit_gc(const ir::Instr& in, const Event& e) {
  std::vector<Value*> v;
  llvm::Type* P = env_.ptr();
  llvm::Type* I32 = env_.i32();
  llvm::Type* V = llvm::Type::getVoidTy(c_);
  auto fty = [&](llvm::Type* r, std::initializer_list<llvm::Type*> ps) {
    return llvm::FunctionType::get(r, llvm::ArrayRef<llvm::Type*>(ps.begin(), ps.size()), false);
  };
  auto u32 = [&](uint32_t x) { return b_.getInt32(x); };
  auto struct_type = [&](uint32_t t) -> const ir::StructType& { return env_.m.types[t].comp.struct_; };
  auto elem_type = [&](uint32_t t) -> const ir::ValType& { return env_.m.types[t].comp.array.elem.type; };
  switch (in.op) {
    // ---- structs ----
    case Op::StructNew:
    case Op::StructNewDefault: {
      const ir::StructType& st = struct_type(in.a);
      pop_n(e.popped.size(), v);
      Value* obj = libcall(SKIFF_LC(gc_struct_new), fty(P, {P, I32}), {ctx_, u32(in.a)});
      for (uint32_t i = 0; i < v.size(); ++i) {
        const ir::ValType& t = st.fields[i].type;
        GcEmit::store_field(*this, t, GcEmit::payload(*this, obj, b_.getInt64(GcEmit::field_offset(st, i))), v[i]);
      }
      push(obj);
      return true;
    }
    case Op::StructGet:
    case Op::StructGetS:
    case Op::StructGetU: {
      const ir::StructType& st = struct_type(in.a);
      pop_n(1, v);
      GcEmit::null_check(*this, v[0], sem::TrapKind::NullStructReference);
      Value* addr = GcEmit::payload(*this, v[0], b_.getInt64(GcEmit::field_offset(st, in.b)));
      push(GcEmit::load_field(*this, st.fields[in.b].type, addr, in.op == Op::StructGetS));
      return true;
    }
    case Op::StructSet: {
      const ir::StructType& st = struct_type(in.a);
      pop_n(2, v);
      GcEmit::null_check(*this, v[0], sem::TrapKind::NullStructReference);
      Value* addr = GcEmit::payload(*this, v[0], b_.getInt64(GcEmit::field_offset(st, in.b)));
      GcEmit::store_field(*this, st.fields[in.b].type, addr, v[1]);
      return true;
    }

    // ---- arrays ----
    case Op::ArrayNew: {
      pop_n(2, v);  // value, length
      Value* cell = GcEmit::cell_of(*this, v[0]);
      push(libcall(SKIFF_LC(gc_array_new), fty(P, {P, I32, I32, P}), {ctx_, u32(in.a), v[1], cell}));
      return true;
    }
    case Op::ArrayNewDefault:
      pop_n(1, v);
      push(libcall(SKIFF_LC(gc_array_new), fty(P, {P, I32, I32, P}),
                   {ctx_, u32(in.a), v[0], llvm::ConstantPointerNull::get(env_.ptr())}));
      return true;
    case Op::ArrayNewFixed: {
      const ir::ValType& t = elem_type(in.a);
      uint32_t sz = GcEmit::storage_size(t);
      pop_n(e.popped.size(), v);
      Value* obj = libcall(SKIFF_LC(gc_array_new), fty(P, {P, I32, I32, P}),
                           {ctx_, u32(in.a), u32(in.b), llvm::ConstantPointerNull::get(env_.ptr())});
      for (uint32_t i = 0; i < v.size(); ++i)
        GcEmit::store_field(*this, t, GcEmit::payload(*this, obj, b_.getInt64(uint64_t(i) * sz)), v[i]);
      push(obj);
      return true;
    }
    case Op::ArrayNewData:
    case Op::ArrayNewElem: {
      pop_n(2, v);  // offset, n; in.b = data / elem
      uint32_t lc = in.op == Op::ArrayNewData ? SKIFF_LC(gc_array_new_data) : SKIFF_LC(gc_array_new_elem);
      push(libcall(lc, fty(P, {P, I32, I32, I32, I32}), {ctx_, u32(in.a), u32(in.b), v[0], v[1]}));
      return true;
    }
    case Op::ArrayGet:
    case Op::ArrayGetS:
    case Op::ArrayGetU: {
      const ir::ValType& t = elem_type(in.a);
      pop_n(2, v);
      Value* addr = GcEmit::element(*this, v[0], v[1], GcEmit::storage_size(t));
      push(GcEmit::load_field(*this, t, addr, in.op == Op::ArrayGetS));
      return true;
    }
    case Op::ArraySet: {
      const ir::ValType& t = elem_type(in.a);
      pop_n(3, v);
      Value* addr = GcEmit::element(*this, v[0], v[1], GcEmit::storage_size(t));
      GcEmit::store_field(*this, t, addr, v[2]);
      return true;
    }
    case Op::ArrayLen:
      pop_n(1, v);
      GcEmit::null_check(*this, v[0], sem::TrapKind::NullArrayReference);
      push(b_.CreateLoad(I32, b_.CreateConstGEP1_64(env_.i8(), v[0], rt1::kObjLength)));
      return true;
    case Op::ArrayFill: {
      pop_n(4, v);  // array, offset, value, n
      Value* cell = GcEmit::cell_of(*this, v[2]);
      libcall(SKIFF_LC(gc_array_fill), fty(V, {P, P, I32, P, I32}), {ctx_, v[0], v[1], cell, v[3]});
      return true;
    }
    case Op::ArrayCopy:
      pop_n(5, v);  // dst, d, src, s, n
      libcall(SKIFF_LC(gc_array_copy), fty(V, {P, P, I32, P, I32, I32}), {ctx_, v[0], v[1], v[2], v[3], v[4]});
      return true;
    case Op::ArrayInitData:
    case Op::ArrayInitElem: {
      pop_n(4, v);  // array, d, s, n; in.b = data / elem
      uint32_t lc = in.op == Op::ArrayInitData ? SKIFF_LC(gc_array_init_data) : SKIFF_LC(gc_array_init_elem);
      libcall(lc, fty(V, {P, P, I32, I32, I32, I32}), {ctx_, v[0], u32(in.b), v[1], v[2], v[3]});
      return true;
    }

    // ---- i31 ----
    case Op::RefI31: {
      pop_n(1, v);
      Value* bits = b_.CreateOr(b_.CreateZExt(b_.CreateShl(v[0], 1), env_.i64()), b_.getInt64(1));
      push(b_.CreateIntToPtr(bits, P));
      return true;
    }
    case Op::I31GetS:
    case Op::I31GetU: {
      pop_n(1, v);
      trap_if(b_.CreateIsNull(v[0]), sem::TrapKind::NullI31Reference);
      Value* lo = b_.CreateTrunc(b_.CreatePtrToInt(v[0], env_.i64()), I32);
      push(in.op == Op::I31GetS ? b_.CreateAShr(lo, 1) : b_.CreateLShr(lo, 1));
      return true;
    }

    // ---- casts ----
    case Op::RefTest:
    case Op::RefTestNull:
      pop_n(1, v);
      push(b_.CreateZExt(GcEmit::cast_test(*this, v[0], in.heap, in.op == Op::RefTestNull), I32));
      return true;
    case Op::RefCast:
    case Op::RefCastNull: {
      pop_n(1, v);
      Value* ok = GcEmit::cast_test(*this, v[0], in.heap, in.op == Op::RefCastNull);
      trap_if(b_.CreateNot(ok), sem::TrapKind::CastFailure);
      push(v[0]);
      return true;
    }
    case Op::BrOnCast:
    case Op::BrOnCastFail: {
      // popped = [label prefix.., ref]; the ref stays on both paths.
      pop_n(e.popped.size(), v);
      Value* ok = GcEmit::cast_test(*this, v.back(), in.heap2, (in.cast_flags & 2) != 0);
      const bool on_fail = in.op == Op::BrOnCastFail;
      BasicBlock* taken = new_block(on_fail ? "br_on_cast_fail" : "br_on_cast");
      BasicBlock* cont = new_block("br_on_cast_cont");
      b_.CreateCondBr(ok, on_fail ? cont : taken, on_fail ? taken : cont);
      b_.SetInsertPoint(taken);
      branch_to(in.a, v);
      b_.SetInsertPoint(cont);
      for (Value* x : v) push(x);
      return true;
    }
    case Op::AnyConvertExtern:
    case Op::ExternConvertAny:
      // Same bits in both hierarchies (runtime/value.h).
      return true;
    default:
      return false;
  }
}

}  // namespace skiff::compiler
