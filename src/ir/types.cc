#include "ir/types.h"

namespace skiff::ir {

static const char* abstract_name(HeapKind k) {
  switch (k) {
    case HeapKind::Func: return "func";
    case HeapKind::Extern: return "extern";
    case HeapKind::Any: return "any";
    case HeapKind::Eq: return "eq";
    case HeapKind::I31: return "i31";
    case HeapKind::Struct: return "struct";
    case HeapKind::Array: return "array";
    case HeapKind::Exn: return "exn";
    case HeapKind::NoExn: return "noexn";
    case HeapKind::NoFunc: return "nofunc";
    case HeapKind::NoExtern: return "noextern";
    case HeapKind::None: return "none";
    case HeapKind::Bot: return "bot";
    case HeapKind::Concrete: break;
  }
  return "?";
}

std::string to_string(HeapType h) {
  if (h.is_concrete()) return std::to_string(h.index);
  return abstract_name(h.kind);
}

std::string to_string(ValType t) {
  switch (t.kind) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::I8: return "i8";
    case ValKind::I16: return "i16";
    case ValKind::Bot: return "bot";
    case ValKind::Ref: break;
  }
  if (t.nullable && !t.heap.is_concrete() && t.heap.kind != HeapKind::Bot) {
    // Shorthands: the bottom types read nullref, nullfuncref, nullexternref, nullexnref.
    switch (t.heap.kind) {
      case HeapKind::None: return "nullref";
      case HeapKind::NoFunc: return "nullfuncref";
      case HeapKind::NoExtern: return "nullexternref";
      case HeapKind::NoExn: return "nullexnref";
      default: return std::string(abstract_name(t.heap.kind)) + "ref";
    }
  }
  return std::string("(ref ") + (t.nullable ? "null " : "") + to_string(t.heap) + ")";
}

const char* to_string(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

}  // namespace skiff::ir
