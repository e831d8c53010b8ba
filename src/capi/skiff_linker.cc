// skiff.h: errors with places, modules from bytes or text with the reason of a
// failure, the linker, and host functions that see their caller.
//
// Design note. skiff_linker_t wraps skiff::Linker; host functions it defines belong
// to no store (each store instantiating through the linker gets a copy), so their
// body finds its wasm_store_t from the Caller's store (the registry below). The
// environment of such a function is shared by all copies and finalized when the
// last copy and the linker are gone.
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include "api/api_impl.h"
#include "capi/capi_impl.h"
#include "skiff/instance_pre.h"

struct skiff_error_t {
  skiff::Error error;
};

struct skiff_instance_pre_t {
  skiff::InstancePre pre;
};

struct skiff_caller_t {
  skiff::Caller* caller;
  wasm_store_t* store;
};

struct skiff_linker_t {
  explicit skiff_linker_t(const skiff::Engine& e) : linker(e) {}
  skiff::Linker linker;
};

namespace skiff::capi {

namespace {
std::mutex g_stores_mu;
std::unordered_map<skiff::detail::StoreImpl*, wasm_store_t*>& stores() {
  static auto* m = new std::unordered_map<skiff::detail::StoreImpl*, wasm_store_t*>();
  return *m;
}
}  // namespace

void register_store(wasm_store_t* s) {
  std::lock_guard<std::mutex> lock(g_stores_mu);
  stores()[s->store.impl()] = s;
}
void unregister_store(wasm_store_t* s) {
  std::lock_guard<std::mutex> lock(g_stores_mu);
  stores().erase(s->store.impl());
}
wasm_store_t* store_of(skiff::detail::StoreImpl* impl) {
  std::lock_guard<std::mutex> lock(g_stores_mu);
  auto it = stores().find(impl);
  return it == stores().end() ? nullptr : it->second;
}

}  // namespace skiff::capi

using namespace skiff::capi;

namespace {

skiff_error_t* error_new(skiff::Error e) { return new skiff_error_t{std::move(e)}; }
skiff_error_t* error_new(std::string message) {
  skiff::Error e;
  e.message = std::move(message);
  return error_new(std::move(e));
}

// Linker definitions return Linker& or (with a shadowing policy) a Status.
template <class R>
skiff_error_t* status_of(R&& r) {
  if constexpr (std::is_same_v<std::decay_t<R>, skiff::Status>) {
    return r.ok() ? nullptr : error_new(std::move(r).error());
  } else {
    return nullptr;
  }
}

std::string str(const char* p, size_t n) { return p ? std::string(p, n) : std::string(); }

bool is_binary(const uint8_t* b, size_t n) {
  return n >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm';
}

// The outcome of an instantiation as the C API gives it: the instance in *instance
// (when not NULL), a start-function trap in *trap (or, without one, as the error),
// any other failure as the error.
skiff_error_t* instance_out(wasm_store_t* store, skiff::Result<skiff::Instance, skiff::InstantiateError> r,
                            wasm_instance_t** instance, wasm_trap_t** trap) {
  if (!r.ok()) {
    skiff::InstantiateError& e = r.error();
    if (e.trap && trap) {
      *trap = new wasm_trap_t(store, std::move(*e.trap));
      return nullptr;
    }
    if (e.trap) return error_new(e.trap->message());
    return error_new(std::move(e.error));
  }
  if (instance) *instance = new wasm_instance_t(store, *r);
  return nullptr;
}

// The body of a host function with a caller (skiff_func_new, skiff_linker_define_func).
skiff::HostFunc caller_body(skiff_func_callback_t cb, std::shared_ptr<void> env, wasm_store_t* fixed) {
  return [cb, env, fixed](skiff::Caller& c, std::span<const skiff::Val> args,
                          std::span<skiff::Val> results) -> std::optional<skiff::Trap> {
    wasm_store_t* store = fixed ? fixed : store_of(c.store());
    if (!store) return skiff::Trap("host function called in a store the C API does not know");
    skiff_caller_t caller{&c, store};
    return call_c_host(store, args, results, [&](const wasm_val_vec_t* in, wasm_val_vec_t* out) {
      return cb(env.get(), &caller, in, out);
    });
  };
}

std::shared_ptr<void> env_holder(void* env, void (*finalizer)(void*)) {
  if (!finalizer) return std::shared_ptr<void>(env, [](void*) {});
  return std::shared_ptr<void>(env, finalizer);
}

}  // namespace

extern "C" {

// ---- errors ----

void skiff_error_delete(skiff_error_t* e) { delete e; }

void skiff_error_message(const skiff_error_t* e, wasm_message_t* out) { message_new(out, e->error.message); }

void skiff_error_to_string(const skiff_error_t* e, wasm_message_t* out) { message_new(out, e->error.to_string()); }

int64_t skiff_error_offset(const skiff_error_t* e) { return e->error.offset; }

bool skiff_error_line_column(const skiff_error_t* e, uint32_t* line, uint32_t* column) {
  if (e->error.line == 0) return false;
  if (line) *line = e->error.line;
  if (column) *column = e->error.column;
  return true;
}

int64_t skiff_error_func_index(const skiff_error_t* e) { return e->error.func_index; }

// ---- modules ----

skiff_error_t* skiff_module_new(wasm_engine_t* engine, const uint8_t* bytes, size_t len, wasm_module_t** out) {
  if (out) *out = nullptr;
  if (!engine || !out || (!bytes && len)) return error_new("skiff_module_new: NULL argument");
  auto m = is_binary(bytes, len)
               ? skiff::Module::compile(engine->engine, std::span<const uint8_t>(bytes, len))
               : skiff::Module::compile_text(engine->engine,
                                             std::string_view(reinterpret_cast<const char*>(bytes), len));
  if (!m.ok()) return error_new(std::move(m).error());
  *out = new wasm_module_t(nullptr, std::move(*m));
  return nullptr;
}

skiff_error_t* skiff_module_validate(wasm_engine_t* engine, const uint8_t* bytes, size_t len) {
  wasm_module_t* m = nullptr;
  skiff_error_t* e = skiff_module_new(engine, bytes, len, &m);
  if (m) wasm_module_delete(m);
  return e;
}

// ---- host functions with a caller ----

wasm_func_t* skiff_func_new(wasm_store_t* store, const wasm_functype_t* type, skiff_func_callback_t cb, void* env,
                            void (*finalizer)(void*)) {
  skiff::Func f = skiff::Func::create(store->store, functype_from(type),
                                      caller_body(cb, env_holder(env, finalizer), store));
  return new wasm_func_t(store, skiff::Extern(f));
}

bool skiff_caller_export_get(skiff_caller_t* caller, const char* name, size_t len, wasm_extern_t** out) {
  if (out) *out = nullptr;
  if (!caller || !out) return false;
  std::optional<skiff::Extern> e = caller->caller->get_export(std::string_view(name ? name : "", name ? len : 0));
  if (!e) return false;
  *out = make_extern(caller->store, *e);
  return *out != nullptr;
}

wasm_store_t* skiff_caller_store(skiff_caller_t* caller) { return caller ? caller->store : nullptr; }

// ---- linker ----

skiff_linker_t* skiff_linker_new(wasm_engine_t* engine) { return new skiff_linker_t(engine->engine); }

void skiff_linker_delete(skiff_linker_t* l) { delete l; }

skiff_error_t* skiff_linker_define(skiff_linker_t* l, const char* module, size_t module_len, const char* name,
                                   size_t name_len, const wasm_extern_t* item) {
  if (!l || !item) return error_new("skiff_linker_define: NULL argument");
  return status_of(l->linker.define(str(module, module_len), str(name, name_len), item->ext));
}

skiff_error_t* skiff_linker_define_func(skiff_linker_t* l, const char* module, size_t module_len, const char* name,
                                        size_t name_len, const wasm_functype_t* type, skiff_func_callback_t cb,
                                        void* env, void (*finalizer)(void*)) {
  if (!l || !type || !cb) {
    if (finalizer) finalizer(env);
    return error_new("skiff_linker_define_func: NULL argument");
  }
  return status_of(l->linker.func(str(module, module_len), str(name, name_len), functype_from(type),
                                  caller_body(cb, env_holder(env, finalizer), nullptr)));
}

skiff_error_t* skiff_linker_define_wasi(skiff_linker_t* l) {
  if (!l) return error_new("skiff_linker_define_wasi: NULL argument");
  return status_of(l->linker.define_wasi());
}

skiff_error_t* skiff_linker_define_instance(skiff_linker_t* l, const char* module, size_t module_len,
                                            const wasm_instance_t* instance) {
  if (!l || !instance) return error_new("skiff_linker_define_instance: NULL argument");
  return status_of(l->linker.define_instance(str(module, module_len), instance->instance));
}

skiff_error_t* skiff_linker_instantiate(const skiff_linker_t* l, wasm_store_t* store, const wasm_module_t* module,
                                        wasm_instance_t** instance, wasm_trap_t** trap) {
  if (instance) *instance = nullptr;
  if (trap) *trap = nullptr;
  if (!l || !store || !module || !instance) return error_new("skiff_linker_instantiate: NULL argument");
  auto r = l->linker.instantiate(store->store, module->module);
  return instance_out(store, std::move(r), instance, trap);
}

bool skiff_linker_get(const skiff_linker_t* l, wasm_store_t* store, const char* module, size_t module_len,
                      const char* name, size_t name_len, wasm_extern_t** out) {
  if (out) *out = nullptr;
  if (!l || !store || !out) return false;
  std::optional<skiff::Extern> e = l->linker.get(store->store, str(module, module_len), str(name, name_len));
  if (!e) return false;
  *out = make_extern(store, *e);
  return *out != nullptr;
}

void skiff_linker_allow_shadowing(skiff_linker_t* l, bool allow) {
  if (l) l->linker.allow_shadowing(allow);
}

skiff_error_t* skiff_linker_module(skiff_linker_t* l, wasm_store_t* store, const char* name, size_t name_len,
                                   const wasm_module_t* module, wasm_instance_t** instance, wasm_trap_t** trap) {
  if (instance) *instance = nullptr;
  if (trap) *trap = nullptr;
  if (!l || !store || !module) return error_new("skiff_linker_module: NULL argument");
  auto r = l->linker.module(store->store, str(name, name_len), module->module);
  return instance_out(store, std::move(r), instance, trap);
}

// ---- instance_pre ----

skiff_error_t* skiff_linker_instantiate_pre(const skiff_linker_t* l, const wasm_module_t* module,
                                            skiff_instance_pre_t** out) {
  if (out) *out = nullptr;
  if (!l || !module || !out) return error_new("skiff_linker_instantiate_pre: NULL argument");
  auto r = skiff::InstancePre::create(l->linker, module->module);
  if (!r.ok()) return error_new(std::move(r).error());
  *out = new skiff_instance_pre_t{std::move(*r)};
  return nullptr;
}

void skiff_instance_pre_delete(skiff_instance_pre_t* p) { delete p; }

skiff_error_t* skiff_instance_pre_instantiate(const skiff_instance_pre_t* p, wasm_store_t* store,
                                              wasm_instance_t** instance, wasm_trap_t** trap) {
  if (instance) *instance = nullptr;
  if (trap) *trap = nullptr;
  if (!p || !store || !instance) return error_new("skiff_instance_pre_instantiate: NULL argument");
  auto r = p->pre.instantiate(store->store);
  return instance_out(store, std::move(r), instance, trap);
}

}  // extern "C"
