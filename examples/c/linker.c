// linker.c: Skiff's own additions to the C API (skiff.h). skiff_module_new says why a
// module is invalid and where (line:column in text); a skiff_linker_t links a library
// module by name, a host function and the application; the host function reads the
// calling instance's memory through skiff_caller_export_get; a trap's frames carry
// their offsets in the module (wasm_frame_module_offset / func_offset).
//
// Unlike the other examples, this one uses skiff.h and so builds only against Skiff.
#include <skiff.h>

#include "example.h"

static const char kLibrary[] =
    "(module\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"scale\") (param i32) (result i32)\n"
    "    (i32.mul (local.get 0) (i32.const 10))))\n";

static const char kInvalid[] =
    "(module\n"
    "  (func (param i32) (result i64)\n"
    "    (i32.add (local.get 0) (i64.const 1))))\n";

static void print_error(const char* what, skiff_error_t* e) {
  wasm_message_t text;
  skiff_error_to_string(e, &text);
  printf("%s: %s\n", what, text.data);
  wasm_byte_vec_delete(&text);
  uint32_t line, column;
  if (skiff_error_line_column(e, &line, &column)) printf("  at line %u, column %u\n", line, column);
  skiff_error_delete(e);
}

// host.print(ptr, len): prints len bytes of the caller's exported memory.
static wasm_trap_t* print_callback(void* env, skiff_caller_t* caller, const wasm_val_vec_t* args,
                                   wasm_val_vec_t* results) {
  (void)env;
  (void)results;
  wasm_extern_t* ext = NULL;
  if (!skiff_caller_export_get(caller, "memory", 6, &ext)) die("the caller exports no memory");
  wasm_memory_t* memory = wasm_extern_as_memory(ext);
  CHECK(memory != NULL);
  int32_t ptr = args->data[0].of.i32, len = args->data[1].of.i32;
  CHECK(ptr >= 0 && len >= 0 && (size_t)ptr + (size_t)len <= wasm_memory_data_size(memory));
  printf("  host.print: %.*s\n", (int)len, wasm_memory_data(memory) + ptr);
  wasm_extern_delete(ext);
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(engine != NULL && store != NULL);

  printf("Compiling an invalid text module...\n");
  wasm_module_t* module = NULL;
  skiff_error_t* error =
      skiff_module_new(engine, (const uint8_t*)kInvalid, sizeof kInvalid - 1, &module);
  CHECK(error != NULL && module == NULL);
  print_error("  rejected", error);

  printf("Compiling the library (text) and the application (binary)...\n");
  wasm_module_t* library = NULL;
  error = skiff_module_new(engine, (const uint8_t*)kLibrary, sizeof kLibrary - 1, &library);
  if (error) print_error("library", error), die("the library does not compile");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "linker.wasm", &binary);
  wasm_module_t* app = NULL;
  error = skiff_module_new(engine, (const uint8_t*)binary.data, binary.size, &app);
  if (error) print_error("application", error), die("the application does not compile");
  wasm_byte_vec_delete(&binary);

  printf("Linking...\n");
  skiff_linker_t* linker = skiff_linker_new(engine);
  wasm_functype_t* print_type =
      wasm_functype_new_2_0(wasm_valtype_new(WASM_I32), wasm_valtype_new(WASM_I32));
  error = skiff_linker_define_func(linker, "host", 4, "print", 5, print_type, print_callback, NULL, NULL);
  CHECK(error == NULL);
  wasm_functype_delete(print_type);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = NULL;
  error = skiff_linker_instantiate(linker, store, app, &instance, &trap);
  CHECK(error != NULL);
  print_error("  before the library is linked", error);
  error = skiff_linker_module(linker, store, "lib", 3, library, NULL, &trap);
  CHECK(error == NULL && trap == NULL);
  error = skiff_linker_instantiate(linker, store, app, &instance, &trap);
  CHECK(error == NULL && trap == NULL && instance != NULL);

  printf("Calling run(4)...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t arg[1] = {WASM_I32_VAL(4)};
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg), results = WASM_ARRAY_VEC(result);
  trap = wasm_func_call(export_func(&exports, 1), &args, &results);
  CHECK(trap == NULL);
  printf("  run(4) = %d\n", result[0].of.i32);
  CHECK(result[0].of.i32 == 40);

  printf("Calling divide(0)...\n");
  arg[0] = (wasm_val_t)WASM_I32_VAL(0);
  trap = wasm_func_call(export_func(&exports, 2), &args, &results);
  CHECK(trap != NULL);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("  trap: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; i++) {
    printf("  frame %zu: function %u, module offset 0x%zx, function offset 0x%zx\n", i,
           wasm_frame_func_index(trace.data[i]), wasm_frame_module_offset(trace.data[i]),
           wasm_frame_func_offset(trace.data[i]));
  }
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  skiff_linker_delete(linker);
  wasm_module_delete(app);
  wasm_module_delete(library);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
