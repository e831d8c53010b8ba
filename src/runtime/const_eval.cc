#include "runtime/const_eval.h"

#include <cstring>
#include <string>
#include <vector>

#include "ir/instr.h"
#include "runtime/gc_heap.h"
#include "runtime/instance.h"
#include "runtime/store.h"
#include "runtime/types_canon.h"

namespace skiff::rt {

Result<Val> eval_const(const Instance& inst, const ir::Expr& expr, ir::ValType type) {
  const valid::TypeCanon& canon = inst.module->canon;
  std::vector<Val> stack;
  // Objects made here are pinned until the expression is done (a later allocation
  // in the same expression may collect).
  struct Pins {
    std::vector<Ref> refs;
    gc::Heap* heap = nullptr;
    ~Pins() {
      for (Ref x : refs) heap->unpin(x);
    }
  } pins;
  auto new_object = [&](gc::Object* o, uint32_t type_index) -> Result<Val> {
    if (!o) return make_error("out of memory", int64_t(0));
    Ref x = Ref::from_bits(reinterpret_cast<uintptr_t>(o));
    pins.heap->pin(x);
    pins.refs.push_back(x);
    return Val::make_ref(x, ir::ValType::ref(ir::HeapType::concrete(canon.id(type_index)), false));
  };
  // Writes v into a field / element of `size` bytes.
  auto put = [](uint8_t* p, const Val& v, uint8_t size) { std::memcpy(p, v.v128, size); };
  Reader r(expr.bytes.data(), expr.bytes.size(), expr.offset < 0 ? 0 : size_t(expr.offset));
  ir::Instr in;
  auto pop2 = [&](Val& a, Val& b) {
    if (stack.size() < 2) return false;
    b = stack.back();
    stack.pop_back();
    a = stack.back();
    stack.pop_back();
    return true;
  };
  while (!r.at_end()) {
    SKIFF_TRY(ir::read_instr(r, &in));
    Val a, b;
    switch (in.op) {
      case ir::Op::I32Const: stack.push_back(Val::make_i32(uint32_t(in.bits))); break;
      case ir::Op::I64Const: stack.push_back(Val::make_i64(in.bits)); break;
      case ir::Op::F32Const: stack.push_back(Val::make_f32_bits(uint32_t(in.bits))); break;
      case ir::Op::F64Const: stack.push_back(Val::make_f64_bits(in.bits)); break;
      case ir::Op::V128Const: {
        sem::V128 v;
        std::memcpy(v.bytes, in.v128, 16);
        stack.push_back(Val::make_v128(v));
        break;
      }
      case ir::Op::RefNull:
        stack.push_back(Val::make_ref(Ref::null(), canonical(canon, ir::ValType::ref(in.heap, true))));
        break;
      case ir::Op::RefFunc: {
        if (in.a >= inst.funcs.size()) return make_error("unknown function", int64_t(r.offset()));
        Func* f = inst.funcs[in.a];
        stack.push_back(Val::make_ref(Ref::from_func(f),
                                      ir::ValType::ref(ir::HeapType::concrete(f->type_id), false)));
        break;
      }
      case ir::Op::GlobalGet:
        if (in.a >= inst.globals.size() || !inst.globals[in.a])
          return make_error("unknown global", int64_t(r.offset()));
        stack.push_back(inst.globals[in.a]->get());
        break;
      case ir::Op::I32Add:
      case ir::Op::I32Sub:
      case ir::Op::I32Mul:
        if (!pop2(a, b)) return make_error("type mismatch", int64_t(r.offset()));
        stack.push_back(Val::make_i32(in.op == ir::Op::I32Add   ? a.i32 + b.i32
                                      : in.op == ir::Op::I32Sub ? a.i32 - b.i32
                                                                : a.i32 * b.i32));
        break;
      case ir::Op::I64Add:
      case ir::Op::I64Sub:
      case ir::Op::I64Mul:
        if (!pop2(a, b)) return make_error("type mismatch", int64_t(r.offset()));
        stack.push_back(Val::make_i64(in.op == ir::Op::I64Add   ? a.i64 + b.i64
                                      : in.op == ir::Op::I64Sub ? a.i64 - b.i64
                                                                : a.i64 * b.i64));
        break;
      case ir::Op::StructNew:
      case ir::Op::StructNewDefault: {
        if (!inst.store) return make_error("unsupported constant expression", int64_t(r.offset()));
        pins.heap = &inst.store->heap();
        const gc::TypeDesc* d = gc::type_desc(*inst.module, in.a);
        size_t n = in.op == ir::Op::StructNew ? d->fields.size() : 0;
        if (stack.size() < n) return make_error("type mismatch", int64_t(r.offset()));
        gc::Object* o = pins.heap->alloc_struct(d);
        for (size_t i = 0; o && i < n; ++i)
          put(o->payload() + d->fields[i].offset, stack[stack.size() - n + i], d->fields[i].size);
        stack.resize(stack.size() - n);
        Result<Val> v = new_object(o, in.a);
        if (!v.ok()) return std::move(v).error();
        stack.push_back(*v);
        break;
      }
      case ir::Op::ArrayNew:
      case ir::Op::ArrayNewDefault:
      case ir::Op::ArrayNewFixed: {
        if (!inst.store) return make_error("unsupported constant expression", int64_t(r.offset()));
        pins.heap = &inst.store->heap();
        const gc::TypeDesc* d = gc::type_desc(*inst.module, in.a);
        size_t n = in.op == ir::Op::ArrayNew ? 2 : in.op == ir::Op::ArrayNewDefault ? 1 : in.b;
        if (stack.size() < n) return make_error("type mismatch", int64_t(r.offset()));
        uint64_t len = in.op == ir::Op::ArrayNewFixed ? in.b : stack.back().i32;
        gc::Object* o = pins.heap->alloc_array(d, len);
        if (o && in.op == ir::Op::ArrayNew)
          for (uint32_t i = 0; i < o->length; ++i)
            put(o->payload() + size_t(i) * d->elem.size, stack[stack.size() - 2], d->elem.size);
        if (o && in.op == ir::Op::ArrayNewFixed)
          for (uint32_t i = 0; i < o->length; ++i)
            put(o->payload() + size_t(i) * d->elem.size, stack[stack.size() - n + i], d->elem.size);
        stack.resize(stack.size() - n);
        Result<Val> v = new_object(o, in.a);
        if (!v.ok()) return std::move(v).error();
        stack.push_back(*v);
        break;
      }
      case ir::Op::RefI31:
        if (stack.empty()) return make_error("type mismatch", int64_t(r.offset()));
        stack.back() = Val::make_ref(Ref::from_i31(stack.back().i32),
                                     ir::ValType::ref(ir::HeapType::abstract(ir::HeapKind::I31), false));
        break;
      case ir::Op::AnyConvertExtern:
      case ir::Op::ExternConvertAny:
        // The same bits in both hierarchies (value.h).
        if (stack.empty()) return make_error("type mismatch", int64_t(r.offset()));
        break;
      case ir::Op::End: {
        if (stack.size() != 1 || !r.at_end())
          return make_error("type mismatch", int64_t(r.offset()));
        Val v = stack.back();
        // Keep the payload, report the declared type (ref.func's exact type is
        // finer than the declared one, which is what the host sees).
        v.type = canonical(canon, type);
        return v;
      }
      default:
        return make_error("unsupported constant expression: " + std::string(ir::op_name(in.op)),
                          int64_t(r.offset()));
    }
  }
  return make_error("unexpected end", int64_t(r.offset()));
}

}  // namespace skiff::rt
