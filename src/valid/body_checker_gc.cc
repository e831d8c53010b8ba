// Checker: reference instructions (ref.null, ref.is_null, ref.func, ref.eq,
// ref.as_non_null, ref.test, ref.cast, any.convert_extern, extern.convert_any,
// ref.i31, i31.get_s/u) and the GC struct and array instructions.
//
// Operands that name a struct or array are typed (ref null $t); results of the
// allocating instructions are (ref $t). Packed fields (i8, i16) are read with the
// _s/_u forms only and carry i32 on the stack. ref.test and ref.cast accept any
// reference of the target's hierarchy (its top type, nullable).
#include "valid/body_checker.h"

namespace skiff::valid {

using ir::HeapKind;
using ir::HeapType;
using ir::Op;
using ir::ValKind;

static ValType unpacked(const ValType& t) { return t.is_packed() ? ir::kI32 : t; }

static ValType ref_to(uint32_t type_index, bool nullable) {
  return ValType::ref(HeapType::concrete(type_index), nullable);
}

static ValType abstract_ref(HeapKind k, bool nullable) {
  return ValType::ref(HeapType::abstract(k), nullable);
}

bool Checker::check_ref() {
  const ir::Instr& in = instr_;
  switch (in.op) {
    case Op::RefNull:
      if (!valid_heap(in.heap)) return false;
      push(ValType::ref(in.heap, true));
      return true;
    case Op::RefIsNull: {
      ValType r;
      if (!pop_ref(&r)) return false;
      push(ir::kI32);
      return true;
    }
    case Op::RefAsNonNull: {
      ValType r;
      if (!pop_ref(&r)) return false;
      push(ValType::ref(r.heap, false));
      return true;
    }
    case Op::RefFunc: {
      if (in.a >= m_->num_funcs()) return fail_index("unknown function", in.a);
      if (!const_mode_ && declared_ && (in.a >= declared_->size() || !(*declared_)[in.a]))
        return fail_index("undeclared function reference", in.a);
      uint32_t t = m_->func_type_index(in.a);
      if (t >= m_->types.size()) return fail_index("unknown type", t);
      push(ref_to(t, false));
      return true;
    }
    case Op::RefEq: {
      ValType eq = abstract_ref(HeapKind::Eq, true);
      ValType ts[2] = {eq, eq};
      if (!pop_vals(ts)) return false;
      push(ir::kI32);
      return true;
    }
    case Op::RefTest:
    case Op::RefTestNull:
    case Op::RefCast:
    case Op::RefCastNull: {
      if (!valid_heap(in.heap)) return false;
      HeapKind top = top_heap(*m_, in.heap);
      if (!pop_val(abstract_ref(top, true))) return false;
      if (in.op == Op::RefTest || in.op == Op::RefTestNull)
        push(ir::kI32);
      else
        push(ValType::ref(in.heap, in.op == Op::RefCastNull));
      return true;
    }
    case Op::AnyConvertExtern:
    case Op::ExternConvertAny: {
      bool to_any = in.op == Op::AnyConvertExtern;
      ValType r;
      if (!pop_ref(&r)) return false;
      HeapKind from = to_any ? HeapKind::Extern : HeapKind::Any;
      if (!match(r, abstract_ref(from, true)))
        return fail("type mismatch: instruction requires [" +
                    ir::to_string(abstract_ref(from, true)) + "] but stack has [" +
                    ir::to_string(r) + "]");
      push(abstract_ref(to_any ? HeapKind::Any : HeapKind::Extern, r.nullable));
      return true;
    }
    case Op::RefI31:
      if (!pop_val(ir::kI32)) return false;
      push(abstract_ref(HeapKind::I31, false));
      return true;
    case Op::I31GetS:
    case Op::I31GetU:
      if (!pop_val(abstract_ref(HeapKind::I31, true))) return false;
      push(ir::kI32);
      return true;

    // ---- structs ----
    case Op::StructNew:
    case Op::StructNewDefault: {
      const ir::StructType* st = nullptr;
      if (!struct_type_at(in.a, &st)) return false;
      if (in.op == Op::StructNew) {
        scratch_.clear();
        for (const ir::FieldType& f : st->fields) scratch_.push_back(unpacked(f.type));
        if (!pop_vals(scratch_)) return false;
      } else {
        for (const ir::FieldType& f : st->fields)
          if (!f.type.is_defaultable()) return fail("type mismatch: field type is not defaultable");
      }
      push(ref_to(in.a, false));
      return true;
    }
    case Op::StructGet:
    case Op::StructGetS:
    case Op::StructGetU:
    case Op::StructSet: {
      const ir::StructType* st = nullptr;
      if (!struct_type_at(in.a, &st)) return false;
      if (in.b >= st->fields.size()) return fail_index("unknown field", in.b);
      const ir::FieldType& f = st->fields[in.b];
      if (in.op == Op::StructSet) {
        if (!f.mut) return fail("immutable field");
        ValType ts[2] = {ref_to(in.a, true), unpacked(f.type)};
        return pop_vals(ts);
      }
      if ((in.op != Op::StructGet) != f.type.is_packed())
        return fail(f.type.is_packed() ? "type mismatch: field is packed"
                                       : "type mismatch: field is not packed");
      if (!pop_val(ref_to(in.a, true))) return false;
      push(unpacked(f.type));
      return true;
    }

    // ---- arrays ----
    case Op::ArrayNew:
    case Op::ArrayNewDefault:
    case Op::ArrayNewFixed:
    case Op::ArrayNewData:
    case Op::ArrayNewElem: {
      const ir::ArrayType* at = nullptr;
      if (!array_type_at(in.a, &at)) return false;
      ValType t = unpacked(at->elem.type);
      switch (in.op) {
        case Op::ArrayNew: {
          ValType ts[2] = {t, ir::kI32};
          if (!pop_vals(ts)) return false;
          break;
        }
        case Op::ArrayNewDefault:
          if (!at->elem.type.is_defaultable())
            return fail("type mismatch: array type is not defaultable");
          if (!pop_val(ir::kI32)) return false;
          break;
        case Op::ArrayNewFixed: {
          // n may be huge: check what the stack holds without building a list.
          const Frame& fr = ctrls_.back();
          uint64_t avail = sp_ - fr.height, n = in.b;
          if (n > avail && !fr.unreachable)
            return fail("type mismatch: array.new_fixed requires " + std::to_string(n) +
                        " operands but stack has " + std::to_string(avail));
          uint32_t have = uint32_t(n < avail ? n : avail);
          for (uint32_t i = 0; i < have; ++i)
            if (!match(vals_[sp_ - 1 - i], t)) return fail_stack({&t, 1});
          sp_ -= have;
          break;
        }
        case Op::ArrayNewData: {
          if (!data_at(in.b)) return false;
          if (!t.is_num() && t.kind != ValKind::V128)
            return fail("array type is not numeric or vector");
          ValType ts[2] = {ir::kI32, ir::kI32};
          if (!pop_vals(ts)) return false;
          break;
        }
        default: {  // ArrayNewElem
          ValType et;
          if (!elem_at(in.b, &et)) return false;
          if (!match(et, t))
            return fail("type mismatch: element segment's type " + ir::to_string(et) +
                        " does not match array's element type " + ir::to_string(t));
          ValType ts[2] = {ir::kI32, ir::kI32};
          if (!pop_vals(ts)) return false;
          break;
        }
      }
      push(ref_to(in.a, false));
      return true;
    }
    case Op::ArrayGet:
    case Op::ArrayGetS:
    case Op::ArrayGetU: {
      const ir::ArrayType* at = nullptr;
      if (!array_type_at(in.a, &at)) return false;
      if ((in.op != Op::ArrayGet) != at->elem.type.is_packed())
        return fail(at->elem.type.is_packed() ? "type mismatch: array is packed"
                                              : "type mismatch: array is not packed");
      ValType ts[2] = {ref_to(in.a, true), ir::kI32};
      if (!pop_vals(ts)) return false;
      push(unpacked(at->elem.type));
      return true;
    }
    case Op::ArraySet:
    case Op::ArrayFill: {
      const ir::ArrayType* at = nullptr;
      if (!array_type_at(in.a, &at)) return false;
      if (!at->elem.mut) return fail("immutable array");
      ValType t = unpacked(at->elem.type);
      if (in.op == Op::ArraySet) {
        ValType ts[3] = {ref_to(in.a, true), ir::kI32, t};
        return pop_vals(ts);
      }
      ValType ts[4] = {ref_to(in.a, true), ir::kI32, t, ir::kI32};
      return pop_vals(ts);
    }
    case Op::ArrayLen:
      if (!pop_val(abstract_ref(HeapKind::Array, true))) return false;
      push(ir::kI32);
      return true;
    case Op::ArrayCopy: {
      const ir::ArrayType *dst, *src;
      if (!array_type_at(in.a, &dst) || !array_type_at(in.b, &src)) return false;
      if (!dst->elem.mut) return fail("immutable array");
      const ValType& ds = dst->elem.type;
      const ValType& ss = src->elem.type;
      bool ok = (ds.is_packed() || ss.is_packed()) ? ds.kind == ss.kind : match(ss, ds);
      if (!ok) return fail("array types do not match");
      ValType ts[5] = {ref_to(in.a, true), ir::kI32, ref_to(in.b, true), ir::kI32, ir::kI32};
      return pop_vals(ts);
    }
    case Op::ArrayInitData:
    case Op::ArrayInitElem: {
      const ir::ArrayType* at = nullptr;
      if (!array_type_at(in.a, &at)) return false;
      if (!at->elem.mut) return fail("immutable array");
      ValType t = unpacked(at->elem.type);
      if (in.op == Op::ArrayInitData) {
        if (!t.is_num() && t.kind != ValKind::V128)
          return fail("array type is not numeric or vector");
        if (!data_at(in.b)) return false;
      } else {
        ValType et;
        if (!elem_at(in.b, &et)) return false;
        if (!match(et, t))
          return fail("type mismatch: element segment's type " + ir::to_string(et) +
                      " does not match array's element type " + ir::to_string(t));
      }
      ValType ts[4] = {ref_to(in.a, true), ir::kI32, ir::kI32, ir::kI32};
      return pop_vals(ts);
    }
    default:
      return fail("unsupported instruction");
  }
}

}  // namespace skiff::valid
