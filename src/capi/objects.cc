// Globals, tables and memories.
#include "capi/capi_impl.h"

using namespace skiff::capi;

extern "C" {

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* init) {
  skiff::GlobalType t{valtype_of(type->content->kind), type->mutability == WASM_VAR};
  std::optional<skiff::Val> v = to_val(store, *init);
  if (!v) return nullptr;
  auto g = skiff::Global::create(store->store, t, *v);
  if (!g.ok()) return nullptr;
  return new wasm_global_t(store, skiff::Extern(*g));
}
wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  skiff::ExternType t;
  t.kind = skiff::ExternKind::Global;
  t.global = g->global().type();
  return static_cast<wasm_globaltype_t*>(externtype_of(t));
}
void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) { *out = from_val(g->store, g->global().get()); }
void wasm_global_set(wasm_global_t* g, const wasm_val_t* v) {
  if (std::optional<skiff::Val> x = to_val(g->store, *v)) (void)g->global().set(*x);
}

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  skiff::TableType t;
  t.element = valtype_of(type->element->kind);
  t.limits = limits_from_c(type->limits);
  std::optional<skiff::Val> v = ref_to_val(store, init, t.element.kind);
  if (!v) return nullptr;
  auto tb = skiff::Table::create(store->store, t, *v);
  if (!tb.ok()) return nullptr;
  return new wasm_table_t(store, skiff::Extern(*tb));
}
wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  skiff::ExternType x;
  x.kind = skiff::ExternKind::Table;
  x.table = t->table().type();
  return static_cast<wasm_tabletype_t*>(externtype_of(x));
}
wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  auto v = t->table().get(index);
  if (!v.ok()) return nullptr;
  return ref_from_val(t->store, *v);
}
bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* r) {
  std::optional<skiff::Val> v = ref_to_val(t->store, r, t->table().type().element.kind);
  return v && t->table().set(index, *v).ok();
}
wasm_table_size_t wasm_table_size(const wasm_table_t* t) { return wasm_table_size_t(t->table().size()); }
bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  std::optional<skiff::Val> v = ref_to_val(t->store, init, t->table().type().element.kind);
  return v && t->table().grow(delta, *v).ok();
}

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  skiff::MemoryType t;
  t.limits = limits_from_c(type->limits);
  auto m = skiff::Memory::create(store->store, t);
  if (!m.ok()) return nullptr;
  return new wasm_memory_t(store, skiff::Extern(*m));
}
wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  skiff::ExternType x;
  x.kind = skiff::ExternKind::Memory;
  x.memory = m->memory().type();
  return static_cast<wasm_memorytype_t*>(externtype_of(x));
}
byte_t* wasm_memory_data(wasm_memory_t* m) { return reinterpret_cast<byte_t*>(m->memory().data()); }
size_t wasm_memory_data_size(const wasm_memory_t* m) { return size_t(m->memory().size()); }
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) { return wasm_memory_pages_t(m->memory().pages()); }
bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) {
  skiff::Memory mem = m->memory();
  return mem.grow(delta).ok();
}

}  // extern "C"
