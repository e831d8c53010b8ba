#include "runtime/instance.h"

namespace skiff::rt {

const Extern* Instance::find_export(std::string_view name) const {
  for (const ExportEntry& e : exports)
    if (e.name == name) return &e.value;
  return nullptr;
}

namespace {
template <ir::ExternKind K>
const Extern* find_kind(const Instance& in, std::string_view name) {
  const Extern* e = in.find_export(name);
  return e && e->kind == K ? e : nullptr;
}
}  // namespace

Func* Instance::export_func(std::string_view name) const {
  auto* e = find_kind<ir::ExternKind::Func>(*this, name);
  return e ? e->func : nullptr;
}
Memory* Instance::export_memory(std::string_view name) const {
  auto* e = find_kind<ir::ExternKind::Memory>(*this, name);
  return e ? e->memory : nullptr;
}
Table* Instance::export_table(std::string_view name) const {
  auto* e = find_kind<ir::ExternKind::Table>(*this, name);
  return e ? e->table : nullptr;
}
Global* Instance::export_global(std::string_view name) const {
  auto* e = find_kind<ir::ExternKind::Global>(*this, name);
  return e ? e->global : nullptr;
}
Tag* Instance::export_tag(std::string_view name) const {
  auto* e = find_kind<ir::ExternKind::Tag>(*this, name);
  return e ? e->tag : nullptr;
}

}  // namespace skiff::rt
