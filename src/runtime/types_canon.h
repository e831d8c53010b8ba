// Canonical value types: ir::ValType whose concrete heap indices are canonical type
// ids of the process-wide TypeInterner (valid/subtyping.h) instead of module-relative
// type indices. Runtime objects (globals, tables, tags, funcs) carry canonical types,
// so import matching across modules is id comparison plus the abstract hierarchy.
#pragma once

#include "ir/types.h"
#include "valid/subtyping.h"

namespace skiff::rt {

// Module-relative -> canonical (numeric types are returned unchanged).
ir::ValType canonical(const valid::TypeCanon& c, ir::ValType t);
ir::TableType canonical(const valid::TypeCanon& c, ir::TableType t);
ir::GlobalType canonical(const valid::TypeCanon& c, ir::GlobalType t);

// Subtyping between canonical types (the 3.0 hierarchy; concrete ids by the
// interner's declared supertype chains).
bool canon_heap_subtype(const valid::TypeInterner& in, ir::HeapType sub, ir::HeapType super);
bool canon_subtype(const valid::TypeInterner& in, ir::ValType sub, ir::ValType super);
inline bool canon_same(ir::ValType a, ir::ValType b) { return a == b; }

}  // namespace skiff::rt
