// Instance: one instantiated module: its index spaces (imports first, as the spec
// lays them out), element and data segment instances, and exports by name.
//
// Element segments hold their references evaluated at instantiation; data segments
// view the CompiledModule's bytes (kept alive by `module`). elem.drop / data.drop
// (and the implicit drop of active and declarative segments) empty the segment.
// A host "instance" (e.g. spectest) has no module and only exports.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/compiled_module.h"
#include "runtime/objects.h"

namespace skiff::rt {

struct ElemInstance {
  ir::ValType type;  // canonical
  std::vector<Ref> refs;
  bool dropped = false;
  void drop() { refs.clear(); refs.shrink_to_fit(); dropped = true; }
};

struct DataInstance {
  std::span<const uint8_t> bytes;
  bool dropped = false;
  void drop() { bytes = {}; dropped = true; }
};

struct ExportEntry {
  std::string name;
  Extern value;
};

struct Instance {
  Store* store = nullptr;
  std::shared_ptr<const CompiledModule> module;  // null for host instances
  std::vector<Func*> funcs;
  std::vector<Table*> tables;
  std::vector<Memory*> memories;
  std::vector<Global*> globals;
  std::vector<Tag*> tags;
  std::vector<ElemInstance> elems;
  std::vector<DataInstance> datas;
  std::vector<ExportEntry> exports;  // in module order

  const Extern* find_export(std::string_view name) const;
  Func* export_func(std::string_view name) const;
  Memory* export_memory(std::string_view name) const;
  Table* export_table(std::string_view name) const;
  Global* export_global(std::string_view name) const;
  Tag* export_tag(std::string_view name) const;
};

}  // namespace skiff::rt
