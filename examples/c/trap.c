// trap.c: traps. A host function returns a trap made with wasm_trap_new, which reaches
// the caller of the export that called it with its message intact; wasm code traps
// (unreachable, division by zero, overflow) and the trap says where (wasm_trap_origin,
// wasm_trap_trace); after each trap the instance goes on working.
#include "example.h"

static wasm_store_t* store;
static int fail_calls = 0;

// () -> (i32): always fails with a trap of its own.
static wasm_trap_t* fail_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  fail_calls++;
  printf("Calling back...\n");
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "callback abort");
  wasm_trap_t* trap = wasm_trap_new(store, &msg);
  wasm_name_delete(&msg);
  return trap;
}

// Calls f with the given i32 arguments; returns the trap (owned by the caller).
static wasm_trap_t* call(const wasm_func_t* f, size_t nargs, int32_t a, int32_t b, int32_t* result) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {.size = nargs, .data = arg_vals};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap) {
    CHECK(result_vals[0].kind == WASM_I32);
    *result = result_vals[0].of.i32;
  }
  return trap;
}

// Prints the function indices of a trap's origin and trace, innermost first.
static void print_frames(const wasm_trap_t* trap, const uint32_t* want, size_t want_count) {
  wasm_frame_t* origin = wasm_trap_origin(trap);
  if (!origin) die("the trap has no origin");
  uint32_t origin_index = wasm_frame_func_index(origin);
  wasm_frame_delete(origin);
  if (origin_index != want[0]) die("origin in function %u, expected %u", origin_index, want[0]);
  printf("  origin: function %u\n", origin_index);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  if (trace.size != want_count) die("trace of %zu frames, expected %zu", trace.size, want_count);
  for (size_t i = 0; i < trace.size; i++) {
    CHECK(trace.data[i] != NULL);
    uint32_t index = wasm_frame_func_index(trace.data[i]);
    if (index != want[i]) die("frame %zu in function %u, expected %u", i, index, want[i]);
    printf("  frame %zu: function %u\n", i, index);
  }
  wasm_frame_vec_delete(&trace);
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "trap.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Creating a trap in the host...\n");
  {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "made by the host");
    wasm_trap_t* trap = wasm_trap_new(store, &msg);
    wasm_name_delete(&msg);
    CHECK(trap != NULL);
    char text[128];
    trap_text(trap, text, sizeof text);
    if (strcmp(text, "made by the host") != 0) die("trap message \"%s\"", text);
    printf("  message: %s\n", text);
    wasm_trap_delete(trap);
  }

  printf("Creating callback...\n");
  wasm_functype_t* fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* fail_func = wasm_func_new(store, fail_type, fail_callback);
  CHECK(fail_func != NULL);
  wasm_functype_delete(fail_type);

  printf("Instantiating module...\n");
  wasm_extern_t* imports[] = {wasm_func_as_extern(fail_func)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);
  wasm_func_delete(fail_func);

  printf("Extracting exports...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 3);
  wasm_func_t* call_host = export_func(&exports, 0);
  wasm_func_t* nested = export_func(&exports, 1);
  wasm_func_t* div = export_func(&exports, 2);
  int32_t result = 0;

  printf("Calling call_host()...\n");
  {
    wasm_trap_t* trap = call(call_host, 0, 0, 0, &result);
    if (!trap) die("call_host() returned %d instead of trapping", result);
    CHECK(fail_calls == 1);
    char text[128];
    trap_text(trap, text, sizeof text);
    if (strcmp(text, "callback abort") != 0) die("trap message \"%s\"", text);
    printf("  trap message: %s\n", text);
    wasm_trap_delete(trap);
  }

  printf("Calling nested(5)...\n");
  expect_no_trap(call(nested, 1, 5, 0, &result), "nested(5)");
  CHECK(result == 6);
  printf("  result: %d\n", result);

  printf("Calling nested(0)...\n");
  {
    wasm_trap_t* trap = call(nested, 1, 0, 0, &result);
    if (!trap) die("nested(0) returned %d instead of trapping", result);
    const uint32_t frames[] = {2, 3};
    print_frames(trap, frames, 2);
    expect_trap(trap, "unreachable");
  }

  printf("Calling div(7, 2)...\n");
  expect_no_trap(call(div, 2, 7, 2, &result), "div(7, 2)");
  CHECK(result == 3);
  printf("  result: %d\n", result);

  printf("Calling div(1, 0)...\n");
  {
    wasm_trap_t* trap = call(div, 2, 1, 0, &result);
    if (!trap) die("div(1, 0) returned %d instead of trapping", result);
    const uint32_t frames[] = {4};
    print_frames(trap, frames, 1);
    expect_trap(trap, "integer divide by zero");
  }

  printf("Calling div(INT32_MIN, -1)...\n");
  expect_trap(call(div, 2, INT32_MIN, -1, &result), "integer overflow");

  printf("Calling div(-9, 2) after the traps...\n");
  expect_no_trap(call(div, 2, -9, 2, &result), "div(-9, 2)");
  CHECK(result == -4);
  printf("  result: %d\n", result);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
