// memory.c: a module's memory seen from the host (wasm_memory_data / data_size / size /
// grow) and from wasm (loads, stores, memory.size, memory.grow), out-of-bounds accesses
// that trap, and a memory made by the host.
#include "example.h"

static wasm_func_t* size_fn;
static wasm_func_t* load_fn;
static wasm_func_t* store_fn;
static wasm_func_t* grow_fn;

// Calls a function of the module with up to two i32 arguments; returns its trap (owned
// by the caller) and puts its i32 result, if it has one, in *result.
static wasm_trap_t* call_i32(wasm_func_t* f, int nargs, int32_t a, int32_t b, int32_t* result) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {.size = (size_t)nargs, .data = arg_vals};
  wasm_val_vec_t results = {.size = wasm_func_result_arity(f), .data = result_vals};
  CHECK(results.size <= 1);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap && results.size == 1) {
    CHECK(result_vals[0].kind == WASM_I32);
    *result = result_vals[0].of.i32;
  }
  return trap;
}

static void check_size(int32_t want) {
  int32_t got = -1;
  expect_no_trap(call_i32(size_fn, 0, 0, 0, &got), "size");
  if (got != want) die("size() = %d, expected %d", got, want);
  printf("size() = %d\n", got);
}

static void check_load(int32_t addr, int32_t want) {
  int32_t got = -1;
  expect_no_trap(call_i32(load_fn, 1, addr, 0, &got), "load");
  if (got != want) die("load(0x%x) = %d, expected %d", (unsigned)addr, got, want);
  printf("load(0x%x) = %d\n", (unsigned)addr, got);
}

static void check_load_traps(int32_t addr) {
  int32_t got = 0;
  printf("load(0x%x)...\n", (unsigned)addr);
  expect_trap(call_i32(load_fn, 1, addr, 0, &got), "out of bounds memory access");
}

static void check_store(int32_t addr, int32_t value) {
  int32_t unused = 0;
  expect_no_trap(call_i32(store_fn, 2, addr, value, &unused), "store");
  printf("store(0x%x, %d)\n", (unsigned)addr, value);
}

static void check_store_traps(int32_t addr, int32_t value) {
  int32_t unused = 0;
  printf("store(0x%x, %d)...\n", (unsigned)addr, value);
  expect_trap(call_i32(store_fn, 2, addr, value, &unused), "out of bounds memory access");
}

static void check_grow(int32_t delta, int32_t want) {
  int32_t got = 0;
  expect_no_trap(call_i32(grow_fn, 1, delta, 0, &got), "grow");
  if (got != want) die("grow(%d) = %d, expected %d", delta, got, want);
  printf("grow(%d) = %d\n", delta, got);
}

// The host's view: size in pages and bytes.
static void check_host_size(wasm_memory_t* memory, wasm_memory_pages_t pages) {
  wasm_memory_pages_t got_pages = wasm_memory_size(memory);
  size_t got_bytes = wasm_memory_data_size(memory);
  if (got_pages != pages) die("wasm_memory_size = %u, expected %u", got_pages, pages);
  if (got_bytes != pages * MEMORY_PAGE_SIZE)
    die("wasm_memory_data_size = %zu, expected %zu", got_bytes, (size_t)pages * MEMORY_PAGE_SIZE);
  printf("host: %u pages, 0x%zx bytes\n", got_pages, got_bytes);
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "memory.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Instantiating module...\n");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);

  printf("Extracting exports...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 5);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_MEMORY);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  CHECK(memory != NULL);
  size_fn = export_func(&exports, 1);
  load_fn = export_func(&exports, 2);
  store_fn = export_func(&exports, 3);
  grow_fn = export_func(&exports, 4);

  printf("Checking the memory type...\n");
  wasm_memorytype_t* memory_type = wasm_memory_type(memory);
  CHECK(memory_type != NULL);
  const wasm_limits_t* limits = wasm_memorytype_limits(memory_type);
  CHECK(limits->min == 2);
  CHECK(limits->max == 3);
  printf("limits: min %u, max %u\n", limits->min, limits->max);
  wasm_memorytype_delete(memory_type);

  printf("Checking memory...\n");
  check_host_size(memory, 2);
  byte_t* data = wasm_memory_data(memory);
  CHECK(data != NULL);
  CHECK(data[0] == 0);
  CHECK(data[0x1000] == 1);
  CHECK(data[0x1003] == 4);
  CHECK(data[0x1004] == 0);
  printf("host: data[0x1000..0x1004) = %d %d %d %d\n", data[0x1000], data[0x1001], data[0x1002],
         data[0x1003]);
  check_size(2);
  check_load(0, 0);
  check_load(0x1000, 1);
  check_load(0x1003, 4);
  check_load(0x1ffff, 0);
  check_load_traps(0x20000);
  check_load_traps(-1);

  printf("Mutating memory...\n");
  data[0x1003] = 5;
  printf("host: data[0x1003] = 5\n");
  check_load(0x1003, 5);
  check_store(0x1002, 6);
  CHECK(data[0x1002] == 6);
  printf("host: data[0x1002] = %d\n", data[0x1002]);
  check_store(0x1ffff, -2);
  CHECK(data[0x1ffff] == (byte_t)-2);
  check_store_traps(0x20000, 0);

  printf("Growing memory from the host...\n");
  CHECK(wasm_memory_grow(memory, 1));
  printf("wasm_memory_grow(1) succeeded\n");
  check_host_size(memory, 3);
  check_size(3);
  data = wasm_memory_data(memory);  // growing may have moved the memory
  CHECK(data[0x1002] == 6);
  CHECK(data[0x20000] == 0);
  check_load(0x20000, 0);
  check_load(0x2ffff, 0);
  check_load_traps(0x30000);
  check_store_traps(0x30000, 0);

  printf("Growing past the maximum...\n");
  CHECK(!wasm_memory_grow(memory, 1));
  printf("wasm_memory_grow(1) failed, as it should\n");
  CHECK(wasm_memory_grow(memory, 0));
  printf("wasm_memory_grow(0) succeeded\n");
  check_host_size(memory, 3);
  check_grow(1, -1);
  check_grow(0, 3);
  check_size(3);

  printf("Creating a stand-alone memory...\n");
  wasm_limits_t own_limits = {5, 5};
  wasm_memorytype_t* own_type = wasm_memorytype_new(&own_limits);
  wasm_memory_t* memory2 = wasm_memory_new(store, own_type);
  CHECK(memory2 != NULL);
  wasm_memorytype_delete(own_type);
  check_host_size(memory2, 5);
  byte_t* data2 = wasm_memory_data(memory2);
  CHECK(data2[0] == 0 && data2[5 * MEMORY_PAGE_SIZE - 1] == 0);
  data2[5 * MEMORY_PAGE_SIZE - 1] = 9;
  CHECK(data2[5 * MEMORY_PAGE_SIZE - 1] == 9);
  CHECK(!wasm_memory_grow(memory2, 1));
  printf("wasm_memory_grow(1) failed, as it should\n");
  CHECK(wasm_memory_grow(memory2, 0));
  printf("wasm_memory_grow(0) succeeded\n");
  check_host_size(memory2, 5);
  wasm_memory_delete(memory2);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
