// The run-time test of ref.test / ref.cast / br_on_cast(_fail) (private to
// src/interp). A cast target is encoded in three 32-bit fields (see iops.def).
#pragma once

#include <cstdint>

#include "ir/types.h"
#include "runtime/gc_heap.h"
#include "runtime/objects.h"
#include "valid/subtyping.h"

namespace skiff::interp::detail {

constexpr uint32_t kCastNullable = 1u << 8;
constexpr uint32_t kCastFuncType = 1u << 9;

inline uint32_t cast_flags(ir::HeapKind k, bool nullable, bool func_type) {
  return uint32_t(k) | (nullable ? kCastNullable : 0) | (func_type ? kCastFuncType : 0);
}

// Does reference r belong to the target type? The validator proved r's static
// type lies in the target's hierarchy, so only the hierarchy's own kinds occur.
[[gnu::always_inline]] inline bool cast_test(rt::Ref r, uint32_t flags, uint32_t id,
                                             uint32_t depth, const valid::TypeInterner* in) {
  if (r.is_null()) return (flags & kCastNullable) != 0;
  switch (ir::HeapKind(flags & 0xFF)) {
    case ir::HeapKind::Any:
    case ir::HeapKind::Func:
    case ir::HeapKind::Extern:
    case ir::HeapKind::Exn:
      return true;
    case ir::HeapKind::Eq:
      return r.is_i31() || r.is_object();
    case ir::HeapKind::I31:
      return r.is_i31();
    case ir::HeapKind::Struct:
      return r.is_object() && rt::gc::Object::from(r)->desc->kind == ir::CompKind::Struct;
    case ir::HeapKind::Array:
      return r.is_object() && rt::gc::Object::from(r)->desc->kind == ir::CompKind::Array;
    case ir::HeapKind::Concrete:
      if (flags & kCastFuncType) {
        uint32_t t = r.as_func()->type_id;
        return t == id || in->is_subtype(t, id);
      }
      return r.is_object() && rt::gc::Object::from(r)->desc->is_subtype_of(id, depth);
    default:  // none, nofunc, noextern, noexn: only null
      return false;
  }
}

}  // namespace skiff::interp::detail
