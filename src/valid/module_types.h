// Validation of the type section and of the types that appear in module-level
// declarations (imports, tables, memories, globals, tags, locals).
//
// Type section rules (3.0): each rec group may refer to earlier types and to the
// types of its own group only ("unknown type N" otherwise); a sub type has at most
// one supertype, which must precede it, be non-final, and have a composite type
// that the sub type's composite type matches ("sub type N ..." messages).
#pragma once

#include <cstdint>

#include "ir/module.h"
#include "support/result.h"
#include "valid/subtyping.h"

namespace skiff::valid {

// The whole type section. `canon` must have been built from the same module.
Status validate_types(const ir::Module& m, const TypeCanon& canon);

// A value type usable in a signature, local, global or table: packed and bottom
// kinds are rejected, concrete heap types must name a type of the module.
Status check_val_type(const ir::Module& m, const ir::ValType& t);
Status check_heap_type(const ir::Module& m, const ir::HeapType& h);

// Limits of tables and memories, with the spec's messages.
Status check_table_type(const ir::Module& m, const ir::TableType& t);
Status check_memory_type(const ir::MemoryType& t);
// A tag's type: a function type with no results.
Status check_tag_type(const ir::Module& m, const ir::TagType& t);
// A type index that must denote a function type ("unknown type", "non-function type").
Status check_func_type_index(const ir::Module& m, uint32_t type_index);

}  // namespace skiff::valid
