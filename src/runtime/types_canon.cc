#include "runtime/types_canon.h"

namespace skiff::rt {

using ir::HeapKind;
using ir::HeapType;
using ir::ValType;

ValType canonical(const valid::TypeCanon& c, ValType t) {
  if (t.is_ref() && t.heap.is_concrete()) t.heap.index = c.id(t.heap.index);
  return t;
}

ir::TableType canonical(const valid::TypeCanon& c, ir::TableType t) {
  t.elem = canonical(c, t.elem);
  return t;
}

ir::GlobalType canonical(const valid::TypeCanon& c, ir::GlobalType t) {
  t.type = canonical(c, t.type);
  return t;
}

namespace {

// The abstract heap type a concrete canonical type sits directly under.
HeapKind abstract_of(const valid::TypeInterner& in, uint32_t id) {
  if (id >= in.size()) return HeapKind::Bot;
  switch (in.info(id).kind) {
    case ir::CompKind::Func: return HeapKind::Func;
    case ir::CompKind::Struct: return HeapKind::Struct;
    case ir::CompKind::Array: return HeapKind::Array;
  }
  return HeapKind::Bot;
}

bool abstract_subtype(HeapKind a, HeapKind b) {
  if (a == b) return true;
  switch (a) {
    case HeapKind::None:
      return b == HeapKind::I31 || b == HeapKind::Struct || b == HeapKind::Array ||
             b == HeapKind::Eq || b == HeapKind::Any;
    case HeapKind::I31:
    case HeapKind::Struct:
    case HeapKind::Array:
      return b == HeapKind::Eq || b == HeapKind::Any;
    case HeapKind::Eq: return b == HeapKind::Any;
    case HeapKind::NoFunc: return b == HeapKind::Func;
    case HeapKind::NoExtern: return b == HeapKind::Extern;
    case HeapKind::NoExn: return b == HeapKind::Exn;
    case HeapKind::Bot: return true;
    default: return false;
  }
}

}  // namespace

bool canon_heap_subtype(const valid::TypeInterner& in, HeapType a, HeapType b) {
  if (a.is_concrete() && b.is_concrete()) return in.is_subtype(a.index, b.index);
  if (a.is_concrete()) {
    HeapKind k = abstract_of(in, a.index);
    return k != HeapKind::Bot && abstract_subtype(k, b.kind);
  }
  if (b.is_concrete()) {
    HeapKind k = abstract_of(in, b.index);
    if (a.kind == HeapKind::Bot) return true;
    if (k == HeapKind::Func) return a.kind == HeapKind::NoFunc;
    if (k == HeapKind::Struct || k == HeapKind::Array) return a.kind == HeapKind::None;
    return false;
  }
  return abstract_subtype(a.kind, b.kind);
}

bool canon_subtype(const valid::TypeInterner& in, ValType a, ValType b) {
  if (a.kind == ir::ValKind::Bot) return true;
  if (!a.is_ref() || !b.is_ref()) return a.kind == b.kind;
  if (a.nullable && !b.nullable) return false;
  return canon_heap_subtype(in, a.heap, b.heap);
}

}  // namespace skiff::rt
