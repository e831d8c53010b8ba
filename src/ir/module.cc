#include "ir/module.h"

namespace skiff::ir {

static const Import& nth_import(const Module& m, ExternKind k, uint32_t i) {
  return m.imports[m.import_pos[static_cast<int>(k)][i]];
}

uint32_t Module::func_type_index(uint32_t func) const {
  if (func < num_imported_funcs) return nth_import(*this, ExternKind::Func, func).func_type;
  return funcs[func - num_imported_funcs].type_index;
}

const TableType& Module::table_type(uint32_t table) const {
  if (table < num_imported_tables) return nth_import(*this, ExternKind::Table, table).table;
  return tables[table - num_imported_tables].type;
}

const MemoryType& Module::memory_type(uint32_t memory) const {
  if (memory < num_imported_memories) return nth_import(*this, ExternKind::Memory, memory).memory;
  return memories[memory - num_imported_memories];
}

const GlobalType& Module::global_type(uint32_t global) const {
  if (global < num_imported_globals) return nth_import(*this, ExternKind::Global, global).global;
  return globals[global - num_imported_globals].type;
}

const TagType& Module::tag_type(uint32_t tag) const {
  if (tag < num_imported_tags) return nth_import(*this, ExternKind::Tag, tag).tag;
  return tags[tag - num_imported_tags];
}

void Module::add_import(Import imp) {
  auto k = static_cast<int>(imp.kind);
  import_pos[k].push_back(static_cast<uint32_t>(imports.size()));
  switch (imp.kind) {
    case ExternKind::Func: ++num_imported_funcs; break;
    case ExternKind::Table: ++num_imported_tables; break;
    case ExternKind::Memory: ++num_imported_memories; break;
    case ExternKind::Global: ++num_imported_globals; break;
    case ExternKind::Tag: ++num_imported_tags; break;
  }
  imports.push_back(std::move(imp));
}

void Module::count_imports() {
  std::vector<Import> all = std::move(imports);
  imports.clear();
  for (auto& v : import_pos) v.clear();
  num_imported_funcs = num_imported_tables = num_imported_memories = 0;
  num_imported_globals = num_imported_tags = 0;
  for (auto& imp : all) add_import(std::move(imp));
}

}  // namespace skiff::ir
