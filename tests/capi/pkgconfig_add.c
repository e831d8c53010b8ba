// pkgconfig_add.c: built by run_capi.sh's pkg-config step with nothing but
// `pkg-config --cflags --libs skiff` (the installed skiff.pc): compiles a module that
// adds two i32s, calls it through wasm.h and prints the sum.
#include <stdio.h>
#include <wasm.h>

// (module (func (export "add") (param i32 i32) (result i32)
//   local.get 0 local.get 1 i32.add))
static const char kModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                    // header
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,              // type
    0x03, 0x02, 0x01, 0x00,                                            // func
    0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,                 // export
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,  // code
};

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, sizeof kModule, kModule);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "compiling the module failed\n");
    return 1;
  }
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fprintf(stderr, "instantiating the module failed\n");
    return 1;
  }
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* add = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!add) {
    fprintf(stderr, "no exported function\n");
    return 1;
  }
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
  wasm_val_t result_vals[1] = {WASM_I32_VAL(0)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t* trap = wasm_func_call(add, &args, &results);
  if (trap) {
    fprintf(stderr, "add trapped\n");
    wasm_trap_delete(trap);
    return 1;
  }
  printf("add(40, 2) = %d\n", result_vals[0].of.i32);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
