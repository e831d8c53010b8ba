// start.c: the start function runs during wasm_instance_new. When it traps,
// wasm_instance_new returns NULL and hands the trap back through its last argument.
#include "example.h"

static int32_t trap_flag = 0;
static int start_calls = 0;

// () -> (i32): asked by the start function whether to trap.
static wasm_trap_t* should_trap_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  start_calls++;
  printf("Calling back: should_trap -> %d\n", trap_flag);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = trap_flag;
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
  read_module_file(argc, argv, "start.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Creating callback...\n");
  wasm_functype_t* type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* should_trap = wasm_func_new(store, type, should_trap_callback);
  CHECK(should_trap != NULL);
  wasm_functype_delete(type);
  wasm_extern_t* import_list[] = {wasm_func_as_extern(should_trap)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);

  printf("Instantiating with a start function that returns...\n");
  {
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
    if (trap) die("instantiation trapped");
    if (!instance) die("instantiation failed");
    CHECK(start_calls == 1);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1);
    wasm_global_t* started = wasm_extern_as_global(exports.data[0]);
    CHECK(started != NULL);
    wasm_val_t v;
    wasm_global_get(started, &v);
    CHECK(v.kind == WASM_I32 && v.of.i32 == 1);
    printf("  instance created, started = %d\n", v.of.i32);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }

  printf("Instantiating with a start function that traps...\n");
  {
    trap_flag = 1;
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
    if (instance) die("instantiation succeeded although the start function traps");
    if (!trap) die("instantiation failed without a trap");
    CHECK(start_calls == 2);
    printf("  no instance\n");

    wasm_frame_t* origin = wasm_trap_origin(trap);
    if (!origin) die("the trap has no origin");
    uint32_t origin_index = wasm_frame_func_index(origin);
    CHECK(origin_index == 2);
    printf("  origin: function %u\n", origin_index);
    wasm_frame_delete(origin);

    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    CHECK(trace.size == 2);
    CHECK(wasm_frame_func_index(trace.data[0]) == 2);
    CHECK(wasm_frame_func_index(trace.data[1]) == 1);
    for (size_t i = 0; i < trace.size; i++)
      printf("  frame %zu: function %u\n", i, wasm_frame_func_index(trace.data[i]));
    wasm_frame_vec_delete(&trace);

    expect_trap(trap, "unreachable");
  }

  printf("Instantiating once more without the trap...\n");
  {
    trap_flag = 0;
    wasm_instance_t* instance = instantiate(store, module, import_list, 1);
    CHECK(start_calls == 3);
    printf("  instance created\n");
    wasm_instance_delete(instance);
  }

  printf("Shutting down...\n");
  wasm_func_delete(should_trap);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
