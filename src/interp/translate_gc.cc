// Translation of the GC instructions (structs, arrays, i31, casts).
#include "interp/gc_cast.h"
#include "interp/translator.h"
#include "runtime/gc_heap.h"

namespace skiff::interp::detail {

namespace {

void split(const void* p, uint32_t* out) {
  uint64_t v = reinterpret_cast<uintptr_t>(p);
  out[0] = uint32_t(v);
  out[1] = uint32_t(v >> 32);
}

}  // namespace

void Translator::cast_fields(const ir::HeapType& h, bool nullable, uint32_t* out) {
  if (h.is_concrete()) {
    uint32_t id = cm_.canon.id(h.index);
    bool func = m_.types[h.index].comp.kind == ir::CompKind::Func;
    out[0] = cast_flags(ir::HeapKind::Concrete, nullable, func);
    out[1] = id;
    out[2] = cm_.canon.interner()->info(id).depth;
  } else {
    out[0] = cast_flags(h.kind, nullable, false);
    out[1] = 0;
    out[2] = 0;
  }
}

bool Translator::gc_op(const ir::Instr& in, const Event& e) {
  const uint32_t base = e.base;
  const uint32_t np = uint32_t(e.popped.size());
  uint32_t f[8];
  auto finish = [&](IOp op, uint32_t n) {
    uint32_t at_instr = emit_n(op, f, n);
    push_natural(base, e.pushed);
    if (e.pushed.size() == 1) note_dst(at_instr, base);
  };
  auto with_desc = [&](uint32_t type_index) {
    f[0] = off_[base];
    split(rt::gc::type_desc(cm_, type_index), f + 1);
  };
  switch (in.op) {
    case Op::StructNew: {
      for (uint32_t i = 0; i < np; ++i) materialize(base + i);
      with_desc(in.a);
      f[3] = off_[base];
      finish(IOp::StructNew, 4);
      return true;
    }
    case Op::StructNewDefault:
      with_desc(in.a);
      finish(IOp::StructNewDefault, 3);
      return true;
    case Op::StructGet:
    case Op::StructGetS:
    case Op::StructGetU: {
      const rt::gc::FieldDesc& fd = rt::gc::type_desc(cm_, in.a)->fields[in.b];
      bool s = in.op == Op::StructGetS;
      IOp op = fd.size == 1   ? (s ? IOp::StructGetI8S : IOp::StructGetI8U)
               : fd.size == 2 ? (s ? IOp::StructGetI16S : IOp::StructGetI16U)
               : fd.size == 4 ? IOp::StructGet32
               : fd.size == 8 ? IOp::StructGet64
                              : IOp::StructGet128;
      f[0] = off_[base];
      f[1] = use(base);
      f[2] = fd.offset;
      finish(op, 3);
      return true;
    }
    case Op::StructSet: {
      const rt::gc::FieldDesc& fd = rt::gc::type_desc(cm_, in.a)->fields[in.b];
      IOp op = fd.size == 1   ? IOp::StructSet8
               : fd.size == 2 ? IOp::StructSet16
               : fd.size == 4 ? IOp::StructSet32
               : fd.size == 8 ? IOp::StructSet64
                              : IOp::StructSet128;
      f[0] = use(base);
      f[1] = use(base + 1);
      f[2] = fd.offset;
      finish(op, 3);
      return true;
    }
    case Op::ArrayNew:
      with_desc(in.a);
      f[3] = use(base);
      f[4] = use(base + 1);
      finish(IOp::ArrayNew, 5);
      return true;
    case Op::ArrayNewDefault:
      with_desc(in.a);
      f[3] = use(base);
      finish(IOp::ArrayNewDefault, 4);
      return true;
    case Op::ArrayNewFixed:
      for (uint32_t i = 0; i < np; ++i) materialize(base + i);
      with_desc(in.a);
      f[3] = off_[base];
      f[4] = in.b;
      finish(IOp::ArrayNewFixed, 5);
      return true;
    case Op::ArrayNewData:
    case Op::ArrayNewElem:
      with_desc(in.a);
      f[3] = in.b;
      f[4] = use(base);
      f[5] = use(base + 1);
      finish(in.op == Op::ArrayNewData ? IOp::ArrayNewData : IOp::ArrayNewElem, 6);
      return true;
    case Op::ArrayGet:
    case Op::ArrayGetS:
    case Op::ArrayGetU: {
      uint8_t size = rt::gc::type_desc(cm_, in.a)->elem.size;
      bool s = in.op == Op::ArrayGetS;
      IOp op = size == 1   ? (s ? IOp::ArrayGetI8S : IOp::ArrayGetI8U)
               : size == 2 ? (s ? IOp::ArrayGetI16S : IOp::ArrayGetI16U)
               : size == 4 ? IOp::ArrayGet32
               : size == 8 ? IOp::ArrayGet64
                           : IOp::ArrayGet128;
      f[0] = off_[base];
      f[1] = use(base);
      f[2] = use(base + 1);
      finish(op, 3);
      return true;
    }
    case Op::ArraySet: {
      uint8_t size = rt::gc::type_desc(cm_, in.a)->elem.size;
      IOp op = size == 1   ? IOp::ArraySet8
               : size == 2 ? IOp::ArraySet16
               : size == 4 ? IOp::ArraySet32
               : size == 8 ? IOp::ArraySet64
                           : IOp::ArraySet128;
      f[0] = use(base);
      f[1] = use(base + 1);
      f[2] = use(base + 2);
      finish(op, 3);
      return true;
    }
    case Op::ArrayLen:
      f[0] = off_[base];
      f[1] = use(base);
      finish(IOp::ArrayLen, 2);
      return true;
    case Op::ArrayFill:
      for (uint32_t i = 0; i < 4; ++i) f[i] = use(base + i);
      finish(IOp::ArrayFill, 4);
      return true;
    case Op::ArrayCopy:
      for (uint32_t i = 0; i < 5; ++i) f[i] = use(base + i);
      finish(IOp::ArrayCopy, 5);
      return true;
    case Op::ArrayInitData:
    case Op::ArrayInitElem:
      f[0] = use(base);
      f[1] = use(base + 1);
      f[2] = in.b;
      f[3] = use(base + 2);
      f[4] = use(base + 3);
      finish(in.op == Op::ArrayInitData ? IOp::ArrayInitData : IOp::ArrayInitElem, 5);
      return true;
    case Op::RefI31:
    case Op::I31GetS:
    case Op::I31GetU:
      f[0] = off_[base];
      f[1] = use(base);
      finish(in.op == Op::RefI31 ? IOp::RefI31 : in.op == Op::I31GetS ? IOp::I31GetS : IOp::I31GetU, 2);
      return true;
    case Op::RefTest:
    case Op::RefTestNull:
    case Op::RefCast:
    case Op::RefCastNull: {
      bool null = in.op == Op::RefTestNull || in.op == Op::RefCastNull;
      f[0] = off_[base];
      f[1] = use(base);
      cast_fields(in.heap, null, f + 2);
      bool test = in.op == Op::RefTest || in.op == Op::RefTestNull;
      finish(test ? IOp::RefTest : IOp::RefCast, 5);
      return true;
    }
    case Op::BrOnCast:
    case Op::BrOnCastFail: {
      uint32_t cast[3];
      cast_fields(in.heap2, (in.cast_flags & 2) != 0, cast);
      uint32_t r = use(base + np - 1);
      bool on_fail = in.op == Op::BrOnCastFail;
      cast_branch(on_fail, r, cast, in.a, base, e);
      return true;
    }
    case Op::AnyConvertExtern:
    case Op::ExternConvertAny:
      // Same bits in both hierarchies (value.h): the operand stays where it is.
      return true;
    default:
      return false;
  }
}

void Translator::cast_branch(bool on_fail, uint32_t ref, const uint32_t* cast, uint32_t depth,
                             uint32_t first, const Event& e) {
  auto emit_cast = [&](bool branch_on_fail) {
    uint32_t j = emit(branch_on_fail ? IOp::BrOnCastFail : IOp::BrOnCast,
                      {ref, cast[0], cast[1], cast[2], 0});
    return Fixup{j, j + kOpHeader + 16};
  };
  const Frame& f = frame_of(e, depth);
  if (f.kind != FrameKind::Function) {
    label_slots(f, slots_);
    if (in_place(first, slots_)) {
      link(depth, emit_cast(on_fail));
      return;
    }
  }
  Fixup skip = emit_cast(!on_fail);
  emit_branch(depth, first, e);
  patch(skip, label_here());
}

}  // namespace skiff::interp::detail
