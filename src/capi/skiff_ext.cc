// skiff.h: engine settings, store limits, WASI, text format.
#include <chrono>

#include "api/api_impl.h"
#include "capi/capi_impl.h"
#include "binary/encoder.h"
#include "text/wat_parser.h"

using namespace skiff::capi;

struct skiff_wasi_config_t {
  skiff::WasiConfig config;
};

extern "C" {

void skiff_config_guard_pages(wasm_config_t* c, bool enable) { c->config.guard_pages = enable; }
void skiff_config_max_wasm_stack(wasm_config_t* c, size_t bytes) { c->config.max_wasm_stack = bytes; }
void skiff_config_max_call_depth(wasm_config_t* c, uint32_t depth) { c->config.max_call_depth = depth; }

wasm_store_t* skiff_store_new_with_limits(wasm_engine_t* e, const skiff_store_limits_t* l) {
  skiff::StoreLimits limits;
  if (l->max_memory_bytes) limits.max_memory_bytes = l->max_memory_bytes;
  if (l->max_table_elements) limits.max_table_elements = l->max_table_elements;
  if (l->max_gc_heap_bytes) limits.max_gc_heap_bytes = l->max_gc_heap_bytes;
  if (l->fuel_enabled) limits.fuel = l->initial_fuel;
  limits.interruptible = l->interruptible;
  if (l->timeout_ns) limits.timeout = std::chrono::nanoseconds(l->timeout_ns);
  return new wasm_store_t(e->engine, limits);
}

bool skiff_store_set_fuel(wasm_store_t* s, uint64_t fuel) { return s->store.set_fuel(fuel).ok(); }

bool skiff_store_get_fuel(const wasm_store_t* s, uint64_t* fuel) {
  if (!s->store.limits().fuel) return false;
  *fuel = s->store.fuel();
  return true;
}

void skiff_store_interrupt(wasm_store_t* s) { s->store.interrupt(); }

skiff_wasi_config_t* skiff_wasi_config_new(void) { return new skiff_wasi_config_t(); }
void skiff_wasi_config_delete(skiff_wasi_config_t* c) { delete c; }
void skiff_wasi_config_set_argv(skiff_wasi_config_t* c, size_t argc, const char* const argv[]) {
  c->config.args.assign(argv, argv + argc);
}
void skiff_wasi_config_add_env(skiff_wasi_config_t* c, const char* name, const char* value) {
  c->config.env.push_back(std::string(name) + "=" + value);
}
void skiff_wasi_config_preopen_dir(skiff_wasi_config_t* c, const char* host, const char* guest, bool read_only) {
  c->config.dirs.push_back(skiff::WasiDir{host, guest, read_only});
}
void skiff_wasi_config_set_stdio(skiff_wasi_config_t* c, int in, int out, int err) {
  c->config.stdin_fd = in;
  c->config.stdout_fd = out;
  c->config.stderr_fd = err;
}

bool skiff_store_set_wasi(wasm_store_t* s, skiff_wasi_config_t* c, wasm_message_t* error) {
  skiff::Status st = s->store.set_wasi(c->config);
  delete c;
  if (!st.ok()) {
    if (error) message_new(error, st.error().message);
    return false;
  }
  return true;
}

wasm_extern_t* skiff_wasi_import(wasm_store_t* s, const wasm_importtype_t* import) {
  std::string module(import->module.data, import->module.size);
  std::string name(import->name.data, import->name.size);
  auto e = skiff::detail::wasi_import(s->store.impl(), module, name);
  if (!e.ok() || !*e) return nullptr;
  auto x = skiff::detail::extern_of(s->store.impl(), **e);
  return x ? make_extern(s, *x) : nullptr;
}

bool skiff_store_wasi_exit_code(const wasm_store_t* s, int* code) {
  std::optional<int> c = s->store.wasi_exit_code();
  if (!c) return false;
  *code = *c;
  return true;
}

bool skiff_wat2wasm(const char* text, size_t length, wasm_byte_vec_t* out, wasm_message_t* error) {
  auto m = skiff::text::parse_wat(std::string_view(text, length));
  if (!m.ok()) {
    if (error) message_new(error, m.error().to_string());
    wasm_byte_vec_new_empty(out);
    return false;
  }
  std::vector<uint8_t> bytes = skiff::binary::encode(*m);
  wasm_byte_vec_new(out, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
  return true;
}

}  // extern "C"
