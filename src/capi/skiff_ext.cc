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

namespace {

// skiff_store_set_limiter's callbacks as a ResourceLimiter.
class CLimiter : public skiff::ResourceLimiter {
 public:
  CLimiter(skiff_growing_callback_t mem, skiff_growing_callback_t table, void* env, void (*fin)(void*))
      : mem_(mem), table_(table), env_(env), fin_(fin) {}
  ~CLimiter() override {
    if (fin_) fin_(env_);
  }
  CLimiter(const CLimiter&) = delete;
  CLimiter& operator=(const CLimiter&) = delete;
  bool memory_growing(uint64_t current, uint64_t desired, std::optional<uint64_t> max) override {
    return !mem_ || mem_(env_, current, desired, max.has_value(), max.value_or(0));
  }
  bool table_growing(uint64_t current, uint64_t desired, std::optional<uint64_t> max) override {
    return !table_ || table_(env_, current, desired, max.has_value(), max.value_or(0));
  }

 private:
  skiff_growing_callback_t mem_, table_;
  void* env_;
  void (*fin_)(void*);
};

}  // namespace

extern "C" {

void skiff_config_guard_pages(wasm_config_t* c, bool enable) { c->config.guard_pages = enable; }
void skiff_config_max_wasm_stack(wasm_config_t* c, size_t bytes) { c->config.max_wasm_stack = bytes; }
void skiff_config_max_call_depth(wasm_config_t* c, uint32_t depth) { c->config.max_call_depth = depth; }
void skiff_config_memory_reservation(wasm_config_t* c, uint64_t bytes) { c->config.memory_reservation = bytes; }
void skiff_config_memory_guard_size(wasm_config_t* c, uint64_t bytes) { c->config.memory_guard_size = bytes; }
bool skiff_config_tier(wasm_config_t* c, int tier) {
  if (tier < SKIFF_TIER_INTERPRETER || tier > SKIFF_TIER_AUTO) return false;
  c->config.tier = skiff::Tier(tier);
  return true;
}

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

void skiff_store_set_limiter(wasm_store_t* s, skiff_growing_callback_t memory_growing,
                             skiff_growing_callback_t table_growing, void* env, void (*finalizer)(void*)) {
  if (!memory_growing && !table_growing) {
    s->store.set_limiter(nullptr);
    if (finalizer) finalizer(env);
    return;
  }
  s->store.set_limiter(std::make_shared<CLimiter>(memory_growing, table_growing, env, finalizer));
}

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
void skiff_wasi_config_set_stdin_bytes(skiff_wasi_config_t* c, const uint8_t* bytes, size_t len) {
  c->config.stdin_bytes = std::string(reinterpret_cast<const char*>(bytes), bytes ? len : 0);
}
void skiff_wasi_config_capture_stdout(skiff_wasi_config_t* c, size_t capacity) { c->config.stdout_capacity = capacity; }
void skiff_wasi_config_capture_stderr(skiff_wasi_config_t* c, size_t capacity) { c->config.stderr_capacity = capacity; }

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

static bool wasi_output(const std::optional<skiff::WasiOutput>& o, wasm_byte_vec_t* out, bool* overflowed) {
  if (!o) {
    wasm_byte_vec_new_empty(out);
    if (overflowed) *overflowed = false;
    return false;
  }
  wasm_byte_vec_new(out, o->bytes.size(), o->bytes.data());
  if (overflowed) *overflowed = o->overflowed;
  return true;
}
bool skiff_store_wasi_stdout(const wasm_store_t* s, wasm_byte_vec_t* out, bool* overflowed) {
  return wasi_output(s->store.wasi_stdout(), out, overflowed);
}
bool skiff_store_wasi_stderr(const wasm_store_t* s, wasm_byte_vec_t* out, bool* overflowed) {
  return wasi_output(s->store.wasi_stderr(), out, overflowed);
}
void skiff_store_wasi_clear_output(wasm_store_t* s) { s->store.wasi_clear_output(); }

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
