// multi.c: functions with several parameters and several results of mixed types: a host
// function called from wasm, wasm functions called from the host, and a host function
// called directly.
#include "example.h"

static int reverse_calls = 0;

// (i32 i64 f32 f64) -> (f64 f32 i64 i32): returns its arguments in reverse order.
static wasm_trap_t* reverse_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  if (args->size != 4 || results->size != 4) {
    fprintf(stderr, "error: reverse called with %zu args, %zu results\n", args->size,
            results->size);
    exit(1);
  }
  CHECK(args->data[0].kind == WASM_I32);
  CHECK(args->data[1].kind == WASM_I64);
  CHECK(args->data[2].kind == WASM_F32);
  CHECK(args->data[3].kind == WASM_F64);
  reverse_calls++;
  printf("Calling back...\n> %d %lld %g %g\n", args->data[0].of.i32,
         (long long)args->data[1].of.i64, (double)args->data[2].of.f32, args->data[3].of.f64);
  for (size_t i = 0; i < 4; i++) results->data[i] = args->data[3 - i];
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
  read_module_file(argc, argv, "multi.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Creating callback...\n");
  wasm_valtype_t* param_types[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                                    wasm_valtype_new_f32(), wasm_valtype_new_f64()};
  wasm_valtype_t* result_types[4] = {wasm_valtype_new_f64(), wasm_valtype_new_f32(),
                                     wasm_valtype_new_i64(), wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results_types;
  wasm_valtype_vec_new(&params, 4, param_types);
  wasm_valtype_vec_new(&results_types, 4, result_types);
  wasm_functype_t* reverse_type = wasm_functype_new(&params, &results_types);
  wasm_func_t* reverse_func = wasm_func_new(store, reverse_type, reverse_callback);
  CHECK(reverse_func != NULL);
  wasm_functype_delete(reverse_type);
  CHECK(wasm_func_param_arity(reverse_func) == 4);
  CHECK(wasm_func_result_arity(reverse_func) == 4);

  printf("Instantiating module...\n");
  wasm_extern_t* imports[] = {wasm_func_as_extern(reverse_func)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);

  printf("Extracting exports...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 3);
  wasm_func_t* round_trip = export_func(&exports, 0);
  wasm_func_t* divmod = export_func(&exports, 1);
  wasm_func_t* swap = export_func(&exports, 2);
  CHECK(wasm_func_param_arity(round_trip) == 4 && wasm_func_result_arity(round_trip) == 4);
  CHECK(wasm_func_param_arity(divmod) == 2 && wasm_func_result_arity(divmod) == 2);

  printf("Calling round_trip...\n");
  {
    wasm_val_t arg_vals[4] = {WASM_I32_VAL(1), WASM_I64_VAL(-2000000000000LL), WASM_F32_VAL(3.5f),
                              WASM_F64_VAL(-0.125)};
    wasm_val_t result_vals[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    expect_no_trap(wasm_func_call(round_trip, &args, &results), "round_trip");
    CHECK(reverse_calls == 1);
    CHECK(result_vals[0].kind == WASM_I32 && result_vals[0].of.i32 == 1);
    CHECK(result_vals[1].kind == WASM_I64 && result_vals[1].of.i64 == -2000000000000LL);
    CHECK(result_vals[2].kind == WASM_F32 && result_vals[2].of.f32 == 3.5f);
    CHECK(result_vals[3].kind == WASM_F64 && result_vals[3].of.f64 == -0.125);
    printf("Results: %d %lld %g %g\n", result_vals[0].of.i32, (long long)result_vals[1].of.i64,
           (double)result_vals[2].of.f32, result_vals[3].of.f64);
  }

  printf("Calling the callback directly...\n");
  {
    wasm_val_t arg_vals[4] = {WASM_I32_VAL(-5), WASM_I64_VAL(6), WASM_F32_VAL(0.75f),
                              WASM_F64_VAL(1e100)};
    wasm_val_t result_vals[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    expect_no_trap(wasm_func_call(reverse_func, &args, &results), "reverse");
    CHECK(reverse_calls == 2);
    CHECK(result_vals[0].kind == WASM_F64 && result_vals[0].of.f64 == 1e100);
    CHECK(result_vals[1].kind == WASM_F32 && result_vals[1].of.f32 == 0.75f);
    CHECK(result_vals[2].kind == WASM_I64 && result_vals[2].of.i64 == 6);
    CHECK(result_vals[3].kind == WASM_I32 && result_vals[3].of.i32 == -5);
    printf("Results: %g %g %lld %d\n", result_vals[0].of.f64, (double)result_vals[1].of.f32,
           (long long)result_vals[2].of.i64, result_vals[3].of.i32);
  }

  printf("Calling divmod(47, 5)...\n");
  {
    wasm_val_t arg_vals[2] = {WASM_I32_VAL(47), WASM_I32_VAL(5)};
    wasm_val_t result_vals[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    expect_no_trap(wasm_func_call(divmod, &args, &results), "divmod");
    CHECK(result_vals[0].kind == WASM_I32 && result_vals[0].of.i32 == 9);
    CHECK(result_vals[1].kind == WASM_I32 && result_vals[1].of.i32 == 2);
    printf("Results: %d %d\n", result_vals[0].of.i32, result_vals[1].of.i32);
  }

  printf("Calling swap(1, 2)...\n");
  {
    wasm_val_t arg_vals[2] = {WASM_I64_VAL(1), WASM_I64_VAL(2)};
    wasm_val_t result_vals[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    expect_no_trap(wasm_func_call(swap, &args, &results), "swap");
    CHECK(result_vals[0].kind == WASM_I64 && result_vals[0].of.i64 == 2);
    CHECK(result_vals[1].kind == WASM_I64 && result_vals[1].of.i64 == 1);
    printf("Results: %lld %lld\n", (long long)result_vals[0].of.i64,
           (long long)result_vals[1].of.i64);
  }

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(reverse_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
