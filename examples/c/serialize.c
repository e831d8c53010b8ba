// serialize.c: a compiled module saved to bytes (wasm_module_serialize), the module
// deleted, a new one made from the bytes (wasm_module_deserialize) in a fresh store, and
// that one instantiated and run. Bytes that are no serialized module are refused.
#include "example.h"

static int hello_calls = 0;

static wasm_trap_t* hello_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  printf("Calling back...\n> Hello from the deserialized module!\n");
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
  read_module_file(argc, argv, "serialize.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Serializing module...\n");
  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  CHECK(serialized.size > 0 && serialized.data != NULL);
  wasm_module_delete(module);
  wasm_store_delete(store);

  printf("Deserializing module in a new store...\n");
  store = wasm_store_new(engine);
  CHECK(store != NULL);
  wasm_module_t* deserialized = wasm_module_deserialize(store, &serialized);
  if (!deserialized) die("deserializing the module failed");
  wasm_byte_vec_delete(&serialized);

  printf("Checking its imports and exports...\n");
  wasm_importtype_vec_t import_types;
  wasm_module_imports(deserialized, &import_types);
  CHECK(import_types.size == 1);
  CHECK(wasm_externtype_kind(wasm_importtype_type(import_types.data[0])) == WASM_EXTERN_FUNC);
  wasm_importtype_vec_delete(&import_types);
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(deserialized, &export_types);
  CHECK(export_types.size == 1);
  const wasm_name_t* export_name = wasm_exporttype_name(export_types.data[0]);
  CHECK(export_name->size == 3 && memcmp(export_name->data, "run", 3) == 0);
  wasm_exporttype_vec_delete(&export_types);
  printf("  1 import, 1 export (run)\n");

  printf("Creating callback...\n");
  wasm_functype_t* hello_type = wasm_functype_new_0_0();
  wasm_func_t* hello_func = wasm_func_new(store, hello_type, hello_callback);
  CHECK(hello_func != NULL);
  wasm_functype_delete(hello_type);

  printf("Instantiating deserialized module...\n");
  wasm_extern_t* imports[] = {wasm_func_as_extern(hello_func)};
  wasm_instance_t* instance = instantiate(store, deserialized, imports, 1);
  wasm_func_delete(hello_func);

  printf("Extracting export...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  wasm_func_t* run = export_func(&exports, 0);

  printf("Calling export...\n");
  wasm_val_t arg_vals[1] = {WASM_I32_VAL(21)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  expect_no_trap(wasm_func_call(run, &args, &results), "run");
  CHECK(result_vals[0].kind == WASM_I32 && result_vals[0].of.i32 == 42);
  CHECK(hello_calls == 1);
  printf("Result: %d\n", result_vals[0].of.i32);

  printf("Deserializing bytes that are no module...\n");
  {
    wasm_byte_vec_t junk;
    wasm_byte_vec_new_uninitialized(&junk, 64);
    for (size_t i = 0; i < junk.size; i++) junk.data[i] = (byte_t)(i * 37 + 11);
    wasm_module_t* bad = wasm_module_deserialize(store, &junk);
    wasm_byte_vec_delete(&junk);
    if (bad) {
      wasm_module_delete(bad);
      die("deserializing junk gave a module");
    }
    printf("  refused\n");
  }

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(deserialized);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
