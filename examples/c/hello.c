// hello.c: the smallest round trip through the C API. The host provides a function,
// the module imports it, and the host calls the module's export, which calls back.
#include "example.h"

static int hello_calls = 0;

// The host function: () -> (). Prints a greeting and counts its calls.
static wasm_trap_t* hello_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  if (args->size != 0 || results->size != 0) {
    fprintf(stderr, "error: hello called with %zu args, %zu results\n", args->size, results->size);
    exit(1);
  }
  printf("Calling back...\n");
  printf("> Hello, world!\n");
  hello_calls++;
  return NULL;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "hello.wasm", &binary);

  printf("Validating module...\n");
  CHECK(wasm_module_validate(store, &binary));

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Creating callback...\n");
  wasm_functype_t* hello_type = wasm_functype_new_0_0();
  wasm_func_t* hello_func = wasm_func_new(store, hello_type, hello_callback);
  CHECK(hello_func != NULL);
  wasm_functype_delete(hello_type);

  printf("Instantiating module...\n");
  wasm_extern_t* imports[] = {wasm_func_as_extern(hello_func)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);
  wasm_func_delete(hello_func);

  printf("Extracting export...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  wasm_func_t* run = export_func(&exports, 0);
  CHECK(wasm_func_param_arity(run) == 0);
  CHECK(wasm_func_result_arity(run) == 1);

  printf("Calling export...\n");
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  expect_no_trap(wasm_func_call(run, &args, &results), "run");
  CHECK(result_vals[0].kind == WASM_I32);
  CHECK(result_vals[0].of.i32 == 42);
  CHECK(hello_calls == 1);
  printf("Result: %d\n", result_vals[0].of.i32);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
