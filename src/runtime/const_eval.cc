#include "runtime/const_eval.h"

#include <cstring>
#include <string>
#include <vector>

#include "ir/instr.h"
#include "runtime/types_canon.h"

namespace skiff::rt {

Result<Val> eval_const(const Instance& inst, const ir::Expr& expr, ir::ValType type) {
  const valid::TypeCanon& canon = inst.module->canon;
  std::vector<Val> stack;
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
