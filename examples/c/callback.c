// callback.c: host functions, a plain one (wasm_func_new) and one with an environment
// and a finalizer (wasm_func_new_with_env), called from wasm and directly from the host.
#include "example.h"

static wasm_store_t* store;

// (i32) -> (i32): prints its argument and returns it.
static wasm_trap_t* print_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  if (args->size != 1 || args->data[0].kind != WASM_I32 || results->size != 1) {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "print: bad arguments");
    wasm_trap_t* trap = wasm_trap_new(store, &msg);
    wasm_byte_vec_delete(&msg);
    return trap;
  }
  printf("Calling back...\n> %d\n", args->data[0].of.i32);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32;
  return NULL;
}

// The closure's environment: a value to return and a count of calls.
struct closure_env {
  int32_t value;
  int calls;
};
static int env_finalized = 0;
static struct closure_env* finalized_env = NULL;

// () -> (i32): returns env->value.
static wasm_trap_t* closure_callback(void* env, const wasm_val_vec_t* args,
                                     wasm_val_vec_t* results) {
  struct closure_env* e = (struct closure_env*)env;
  if (args->size != 0 || results->size != 1) {
    fprintf(stderr, "error: closure called with %zu args, %zu results\n", args->size,
            results->size);
    exit(1);
  }
  e->calls++;
  printf("Calling back closure...\n> %d\n", e->value);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = e->value;
  return NULL;
}

static void closure_finalizer(void* env) {
  env_finalized++;
  finalized_env = (struct closure_env*)env;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "callback.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Creating callbacks...\n");
  wasm_functype_t* print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* print_func = wasm_func_new(store, print_type, print_callback);
  CHECK(print_func != NULL);
  wasm_functype_delete(print_type);

  static struct closure_env env = {42, 0};
  wasm_functype_t* closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* closure_func =
      wasm_func_new_with_env(store, closure_type, closure_callback, &env, closure_finalizer);
  CHECK(closure_func != NULL);
  wasm_functype_delete(closure_type);

  printf("Checking callback types...\n");
  CHECK(wasm_func_param_arity(print_func) == 1);
  CHECK(wasm_func_result_arity(print_func) == 1);
  CHECK(wasm_func_param_arity(closure_func) == 0);
  CHECK(wasm_func_result_arity(closure_func) == 1);
  wasm_functype_t* got_type = wasm_func_type(closure_func);
  CHECK(got_type != NULL);
  CHECK(wasm_functype_params(got_type)->size == 0);
  CHECK(wasm_functype_results(got_type)->size == 1);
  CHECK(wasm_valtype_kind(wasm_functype_results(got_type)->data[0]) == WASM_I32);
  wasm_functype_delete(got_type);

  printf("Instantiating module...\n");
  wasm_extern_t* imports[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(closure_func)};
  wasm_instance_t* instance = instantiate(store, module, imports, 2);

  printf("Extracting export...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  wasm_func_t* run = export_func(&exports, 0);

  printf("Calling export...\n");
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  expect_no_trap(wasm_func_call(run, &args, &results), "run");
  CHECK(result_vals[0].kind == WASM_I32);
  CHECK(result_vals[0].of.i32 == 49);
  CHECK(env.calls == 1);
  printf("Result: %d\n", result_vals[0].of.i32);

  printf("Calling export again with a new closure value...\n");
  env.value = -10;
  arg_vals[0].of.i32 = 100;
  arg_vals[1].of.i32 = 1;
  expect_no_trap(wasm_func_call(run, &args, &results), "run");
  CHECK(result_vals[0].kind == WASM_I32);
  CHECK(result_vals[0].of.i32 == 91);
  CHECK(env.calls == 2);
  printf("Result: %d\n", result_vals[0].of.i32);

  printf("Calling a host function directly...\n");
  wasm_val_t direct_arg[1] = {WASM_I32_VAL(-7)};
  wasm_val_vec_t direct_args = WASM_ARRAY_VEC(direct_arg);
  expect_no_trap(wasm_func_call(print_func, &direct_args, &results), "print");
  CHECK(result_vals[0].kind == WASM_I32);
  CHECK(result_vals[0].of.i32 == -7);
  printf("Result: %d\n", result_vals[0].of.i32);

  printf("Calling the closure directly...\n");
  wasm_val_vec_t no_args = WASM_EMPTY_VEC;
  expect_no_trap(wasm_func_call(closure_func, &no_args, &results), "closure");
  CHECK(result_vals[0].kind == WASM_I32);
  CHECK(result_vals[0].of.i32 == -10);
  CHECK(env.calls == 3);
  printf("Result: %d\n", result_vals[0].of.i32);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(print_func);
  wasm_func_delete(closure_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  // Once the store is gone nothing can call the closure any more: its finalizer must
  // have run, exactly once, with the environment it was given.
  CHECK(env_finalized == 1);
  CHECK(finalized_env == &env);
  printf("Closure finalizer ran %d time(s).\n", env_finalized);

  printf("Done.\n");
  return 0;
}
