// Config, engine, store; reference basics (copy, same, host info, casts); traps,
// frames, foreign objects; modules and instances.
#include <cstring>

#include "capi/capi_impl.h"

namespace skiff::capi {

void message_new(wasm_message_t* out, const std::string& s) {
  wasm_byte_vec_new_uninitialized(out, s.size() + 1);
  std::memcpy(out->data, s.c_str(), s.size() + 1);
}

wasm_extern_t* make_extern(wasm_store_t* store, const skiff::Extern& e) {
  switch (e.kind()) {
    case ExternKind::Func: return new wasm_func_t(store, e);
    case ExternKind::Global: return new wasm_global_t(store, e);
    case ExternKind::Table: return new wasm_table_t(store, e);
    case ExternKind::Memory: return new wasm_memory_t(store, e);
    case ExternKind::Tag: return new wasm_extern_t(store, e);  // not in wasm.h: opaque
  }
  return nullptr;
}

}  // namespace skiff::capi

using namespace skiff::capi;

wasm_store_t::~wasm_store_t() {
  unregister_store(this);
  for (wasm_ref_t* r : externs) delete r;
  externs.clear();
}

wasm_ref_t* wasm_extern_t::clone() const { return make_extern(store, ext); }

const void* wasm_extern_t::identity() const {
  switch (ext.kind()) {
    case skiff::ExternKind::Func: return ext.func()->raw();
    case skiff::ExternKind::Global: return ext.global()->raw();
    case skiff::ExternKind::Table: return ext.table()->raw();
    case skiff::ExternKind::Memory: return ext.memory()->raw();
    case skiff::ExternKind::Tag: return ext.tag()->raw();
  }
  return this;
}

wasm_externkind_t wasm_extern_t::extern_kind() const {
  switch (ext.kind()) {
    case skiff::ExternKind::Func: return WASM_EXTERN_FUNC;
    case skiff::ExternKind::Global: return WASM_EXTERN_GLOBAL;
    case skiff::ExternKind::Table: return WASM_EXTERN_TABLE;
    default: return WASM_EXTERN_MEMORY;
  }
}

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t(); }
void wasm_config_delete(wasm_config_t* c) { delete c; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t{skiff::Engine()}; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* c) {
  auto* e = new wasm_engine_t{skiff::Engine(c->config)};
  delete c;
  return e;
}
void wasm_engine_delete(wasm_engine_t* e) { delete e; }

wasm_store_t* wasm_store_new(wasm_engine_t* e) { return new wasm_store_t(e->engine, {}); }
void wasm_store_delete(wasm_store_t* s) { delete s; }

// Every reference type: delete, copy, same, host info, and the casts to/from
// wasm_ref_t. `Check` says whether a wasm_ref_t is of the type.
#define SKIFF_REF_COMMON(name)                                                                  \
  void wasm_##name##_delete(wasm_##name##_t* r) { delete r; }                                   \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                               \
    return static_cast<wasm_##name##_t*>(r->clone());                                           \
  }                                                                                             \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {                 \
    return a->identity() == b->identity();                                                      \
  }                                                                                             \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) { return r->host_info; }          \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {                            \
    r->host_info = info;                                                                        \
    r->finalizer = nullptr;                                                                     \
  }                                                                                             \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info,               \
                                                  void (*fin)(void*)) {                         \
    r->host_info = info;                                                                        \
    r->finalizer = fin;                                                                         \
  }

#define SKIFF_REF_CASTS(name, Check)                                                            \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                            \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) { return r; }          \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                          \
    return r && (Check) ? static_cast<wasm_##name##_t*>(r) : nullptr;                           \
  }                                                                                             \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {                      \
    return r && (Check) ? static_cast<const wasm_##name##_t*>(r) : nullptr;                     \
  }

static bool is_extern_kind(const wasm_ref_t* r, wasm_externkind_t k) {
  return r->kind == RefKind::Extern && static_cast<const wasm_extern_t*>(r)->ext.kind() != skiff::ExternKind::Tag &&
         static_cast<const wasm_extern_t*>(r)->extern_kind() == k;
}

SKIFF_REF_COMMON(ref)
SKIFF_REF_COMMON(trap)
SKIFF_REF_CASTS(trap, r->kind == RefKind::Trap)
SKIFF_REF_COMMON(foreign)
SKIFF_REF_CASTS(foreign, r->kind == RefKind::Foreign)
SKIFF_REF_COMMON(module)
SKIFF_REF_CASTS(module, r->kind == RefKind::Module)
SKIFF_REF_COMMON(instance)
SKIFF_REF_CASTS(instance, r->kind == RefKind::Instance)
SKIFF_REF_COMMON(extern)
SKIFF_REF_CASTS(extern, r->kind == RefKind::Extern)
SKIFF_REF_COMMON(func)
SKIFF_REF_CASTS(func, is_extern_kind(r, WASM_EXTERN_FUNC))
SKIFF_REF_COMMON(global)
SKIFF_REF_CASTS(global, is_extern_kind(r, WASM_EXTERN_GLOBAL))
SKIFF_REF_COMMON(table)
SKIFF_REF_CASTS(table, is_extern_kind(r, WASM_EXTERN_TABLE))
SKIFF_REF_COMMON(memory)
SKIFF_REF_CASTS(memory, is_extern_kind(r, WASM_EXTERN_MEMORY))

// Externs.
wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) { return e->extern_kind(); }
wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) { return externtype_of(e->ext.type()); }

#define SKIFF_EXTERN_CASTS(name, KIND)                                                            \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) { return x; }                        \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) { return x; }      \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) {                                      \
    return e && is_extern_kind(e, KIND) ? static_cast<wasm_##name##_t*>(e) : nullptr;             \
  }                                                                                               \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {                  \
    return e && is_extern_kind(e, KIND) ? static_cast<const wasm_##name##_t*>(e) : nullptr;       \
  }
SKIFF_EXTERN_CASTS(func, WASM_EXTERN_FUNC)
SKIFF_EXTERN_CASTS(global, WASM_EXTERN_GLOBAL)
SKIFF_EXTERN_CASTS(table, WASM_EXTERN_TABLE)
SKIFF_EXTERN_CASTS(memory, WASM_EXTERN_MEMORY)

// Frames.
void wasm_frame_delete(wasm_frame_t* f) { delete f; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return new wasm_frame_t(*f); }
struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*) { return nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f->module_offset; }

// Traps.
wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* msg) {
  std::string text(msg->data, msg->size);
  while (!text.empty() && text.back() == '\0') text.pop_back();
  return new wasm_trap_t(store, skiff::Trap(text));
}
void wasm_trap_message(const wasm_trap_t* t, wasm_message_t* out) { message_new(out, t->trap.message()); }
wasm_frame_t* wasm_trap_origin(const wasm_trap_t* t) {
  if (t->trap.backtrace().empty()) return nullptr;
  return wasm_frame_t::of(t->trap.backtrace().front());
}
void wasm_trap_trace(const wasm_trap_t* t, wasm_frame_vec_t* out) {
  const auto& frames = t->trap.backtrace();
  wasm_frame_vec_new_uninitialized(out, frames.size());
  for (size_t i = 0; i < frames.size(); ++i) out->data[i] = wasm_frame_t::of(frames[i]);
}

// Foreign objects.
wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) { return new wasm_foreign_t(store); }

// Modules.
wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  auto m = skiff::Module::compile(
      store->engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(binary->data), binary->size));
  if (!m.ok()) return nullptr;
  return new wasm_module_t(store, std::move(*m));
}
bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return skiff::Module::validate(
             store->engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(binary->data), binary->size))
      .ok();
}
void wasm_module_imports(const wasm_module_t* m, wasm_importtype_vec_t* out) {
  std::vector<wasm_importtype_t*> list;
  for (const skiff::ImportType& imp : m->module.imports()) {
    auto* t = new wasm_importtype_t();
    wasm_name_new(&t->module, imp.module.size(), imp.module.data());
    wasm_name_new(&t->name, imp.name.size(), imp.name.data());
    t->type = externtype_of(imp.type);
    list.push_back(t);
  }
  wasm_importtype_vec_new(out, list.size(), list.data());
}
void wasm_module_exports(const wasm_module_t* m, wasm_exporttype_vec_t* out) {
  std::vector<wasm_exporttype_t*> list;
  for (const skiff::ExportType& exp : m->module.exports()) {
    auto* t = new wasm_exporttype_t();
    wasm_name_new(&t->name, exp.name.size(), exp.name.data());
    t->type = externtype_of(exp.type);
    list.push_back(t);
  }
  wasm_exporttype_vec_new(out, list.size(), list.data());
}
void wasm_module_serialize(const wasm_module_t* m, wasm_byte_vec_t* out) {
  auto bytes = m->module.serialize();
  if (!bytes.ok()) {
    wasm_byte_vec_new_empty(out);
    return;
  }
  wasm_byte_vec_new(out, bytes->size(), reinterpret_cast<const wasm_byte_t*>(bytes->data()));
}
wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  auto m = skiff::Module::deserialize(
      store->engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes->data), bytes->size));
  if (!m.ok()) return nullptr;
  return new wasm_module_t(store, std::move(*m));
}
void wasm_shared_module_delete(wasm_shared_module_t* m) { delete m; }
wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) { return new wasm_shared_module_t{m->module}; }
wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* m) {
  if (m->module.impl().get() == nullptr) return nullptr;
  return new wasm_module_t(store, m->module);
}

// Instances.
wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  std::vector<skiff::Extern> list;
  size_t n = imports ? imports->size : 0;
  for (size_t i = 0; i < n; ++i) {
    if (!imports->data[i]) {
      if (trap) *trap = new wasm_trap_t(store, skiff::Trap("import " + std::to_string(i) + " is NULL"));
      return nullptr;
    }
    list.push_back(imports->data[i]->ext);
  }
  if (list.size() != module->module.imports().size()) {
    if (trap)
      *trap = new wasm_trap_t(store, skiff::Trap("the module has " + std::to_string(module->module.imports().size()) +
                                                 " imports, " + std::to_string(list.size()) + " given"));
    return nullptr;
  }
  auto r = skiff::Instance::create(store->store, module->module, list);
  if (!r.ok()) {
    if (trap) {
      skiff::InstantiateError& e = r.error();
      *trap = new wasm_trap_t(store, e.trap ? *e.trap : skiff::Trap(e.error.message));
    }
    return nullptr;
  }
  return new wasm_instance_t(store, *r);
}
void wasm_instance_exports(const wasm_instance_t* inst, wasm_extern_vec_t* out) {
  auto exports = inst->instance.exports();
  wasm_extern_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i) out->data[i] = make_extern(inst->store, exports[i].second);
}

}  // extern "C"
