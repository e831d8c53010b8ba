// global.c: globals made by the host and imported, globals defined and exported by the
// module; their types; reads and writes from the host (wasm_global_get / set) and from
// wasm, each seen by the other side.
#include "example.h"

static wasm_val_t get_global(const wasm_global_t* global) {
  wasm_val_t v;
  wasm_global_get(global, &v);
  return v;
}

// Calls a () -> (T) function and returns its result.
static wasm_val_t call_getter(const wasm_func_t* f) {
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  expect_no_trap(wasm_func_call(f, &args, &results), "getter");
  return result_vals[0];
}

// Calls a (T) -> () function.
static void call_setter(const wasm_func_t* f, wasm_val_t value) {
  wasm_val_t arg_vals[1] = {value};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  expect_no_trap(wasm_func_call(f, &args, &results), "setter");
}

static void check_i32(const char* what, wasm_val_t v, int32_t want) {
  if (v.kind != WASM_I32) die("%s: kind %s, expected i32", what, valkind_name(v.kind));
  if (v.of.i32 != want) die("%s = %d, expected %d", what, v.of.i32, want);
  printf("%s = %d\n", what, v.of.i32);
}

static void check_i64(const char* what, wasm_val_t v, int64_t want) {
  if (v.kind != WASM_I64) die("%s: kind %s, expected i64", what, valkind_name(v.kind));
  if (v.of.i64 != want) die("%s = %lld, expected %lld", what, (long long)v.of.i64, (long long)want);
  printf("%s = %lld\n", what, (long long)v.of.i64);
}

static void check_f32(const char* what, wasm_val_t v, float want) {
  if (v.kind != WASM_F32) die("%s: kind %s, expected f32", what, valkind_name(v.kind));
  if (v.of.f32 != want) die("%s = %g, expected %g", what, (double)v.of.f32, (double)want);
  printf("%s = %g\n", what, (double)v.of.f32);
}

static void check_f64(const char* what, wasm_val_t v, double want) {
  if (v.kind != WASM_F64) die("%s: kind %s, expected f64", what, valkind_name(v.kind));
  if (v.of.f64 != want) die("%s = %g, expected %g", what, v.of.f64, want);
  printf("%s = %g\n", what, v.of.f64);
}

// Checks (and prints) a global's type.
static void check_type(const char* name, const wasm_global_t* global, wasm_valkind_t kind,
                       wasm_mutability_t mut) {
  wasm_globaltype_t* type = wasm_global_type(global);
  CHECK(type != NULL);
  wasm_valkind_t got_kind = wasm_valtype_kind(wasm_globaltype_content(type));
  wasm_mutability_t got_mut = wasm_globaltype_mutability(type);
  wasm_globaltype_delete(type);
  if (got_kind != kind || got_mut != mut)
    die("%s: type %s %s, expected %s %s", name, got_mut == WASM_VAR ? "var" : "const",
        valkind_name(got_kind), mut == WASM_VAR ? "var" : "const", valkind_name(kind));
  printf("%s: %s %s\n", name, mut == WASM_VAR ? "var" : "const", valkind_name(kind));
}

static wasm_global_t* export_global(const wasm_extern_vec_t* exports, size_t index) {
  CHECK(index < exports->size);
  wasm_global_t* g = wasm_extern_as_global(exports->data[index]);
  if (!g) die("export %zu is not a global", index);
  return g;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "global.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Creating globals...\n");
  wasm_globaltype_t* const_i32_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_globaltype_t* var_i64_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_val_t hundred = WASM_I64_VAL(100);
  wasm_global_t* host_const_i32 = wasm_global_new(store, const_i32_type, &seven);
  wasm_global_t* host_var_i64 = wasm_global_new(store, var_i64_type, &hundred);
  CHECK(host_const_i32 != NULL && host_var_i64 != NULL);
  wasm_globaltype_delete(const_i32_type);
  wasm_globaltype_delete(var_i64_type);

  printf("Instantiating module...\n");
  wasm_extern_t* imports[] = {wasm_global_as_extern(host_const_i32),
                              wasm_global_as_extern(host_var_i64)};
  wasm_instance_t* instance = instantiate(store, module, imports, 2);

  printf("Extracting exports...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 12);
  size_t i = 0;
  wasm_global_t* exp_const_i32 = export_global(&exports, i++);
  wasm_global_t* exp_var_i64 = export_global(&exports, i++);
  wasm_global_t* exp_const_f32 = export_global(&exports, i++);
  wasm_global_t* exp_var_f64 = export_global(&exports, i++);
  wasm_global_t* exp_copy_i32 = export_global(&exports, i++);
  wasm_func_t* get_const_i32 = export_func(&exports, i++);
  wasm_func_t* get_var_i64 = export_func(&exports, i++);
  wasm_func_t* set_var_i64 = export_func(&exports, i++);
  wasm_func_t* get_const_f32 = export_func(&exports, i++);
  wasm_func_t* get_var_f64 = export_func(&exports, i++);
  wasm_func_t* set_var_f64 = export_func(&exports, i++);
  wasm_func_t* get_copy_i32 = export_func(&exports, i++);

  printf("Checking types...\n");
  check_type("host const_i32", host_const_i32, WASM_I32, WASM_CONST);
  check_type("host var_i64", host_var_i64, WASM_I64, WASM_VAR);
  check_type("export const_i32", exp_const_i32, WASM_I32, WASM_CONST);
  check_type("export var_i64", exp_var_i64, WASM_I64, WASM_VAR);
  check_type("export const_f32", exp_const_f32, WASM_F32, WASM_CONST);
  check_type("export var_f64", exp_var_f64, WASM_F64, WASM_VAR);
  check_type("export copy_i32", exp_copy_i32, WASM_I32, WASM_VAR);

  printf("Reading initial values...\n");
  check_i32("host const_i32", get_global(host_const_i32), 7);
  check_i64("host var_i64", get_global(host_var_i64), 100);
  check_i32("export const_i32", get_global(exp_const_i32), 7);
  check_i64("export var_i64", get_global(exp_var_i64), 100);
  check_f32("export const_f32", get_global(exp_const_f32), 1.5f);
  check_f64("export var_f64", get_global(exp_var_f64), 2.25);
  check_i32("export copy_i32", get_global(exp_copy_i32), 7);
  check_i32("get_const_i32()", call_getter(get_const_i32), 7);
  check_i64("get_var_i64()", call_getter(get_var_i64), 100);
  check_f32("get_const_f32()", call_getter(get_const_f32), 1.5f);
  check_f64("get_var_f64()", call_getter(get_var_f64), 2.25);
  check_i32("get_copy_i32()", call_getter(get_copy_i32), 7);

  printf("Setting the imported global from the host...\n");
  wasm_val_t v = WASM_I64_VAL(-200);
  wasm_global_set(host_var_i64, &v);
  check_i64("host var_i64", get_global(host_var_i64), -200);
  check_i64("export var_i64", get_global(exp_var_i64), -200);
  check_i64("get_var_i64()", call_getter(get_var_i64), -200);

  printf("Setting it through its export...\n");
  v.of.i64 = 0x123456789abLL;
  wasm_global_set(exp_var_i64, &v);
  check_i64("host var_i64", get_global(host_var_i64), 0x123456789abLL);
  check_i64("get_var_i64()", call_getter(get_var_i64), 0x123456789abLL);

  printf("Setting it from wasm...\n");
  wasm_val_t w = WASM_I64_VAL(300);
  call_setter(set_var_i64, w);
  check_i64("host var_i64", get_global(host_var_i64), 300);
  check_i64("export var_i64", get_global(exp_var_i64), 300);

  printf("Setting the module's global from the host...\n");
  wasm_val_t f = WASM_F64_VAL(3.5);
  wasm_global_set(exp_var_f64, &f);
  check_f64("export var_f64", get_global(exp_var_f64), 3.5);
  check_f64("get_var_f64()", call_getter(get_var_f64), 3.5);

  printf("Setting it from wasm...\n");
  f.of.f64 = -4.75;
  call_setter(set_var_f64, f);
  check_f64("export var_f64", get_global(exp_var_f64), -4.75);
  check_f64("get_var_f64()", call_getter(get_var_f64), -4.75);

  printf("Setting the copy leaves the original alone...\n");
  wasm_val_t c = WASM_I32_VAL(8);
  wasm_global_set(exp_copy_i32, &c);
  check_i32("export copy_i32", get_global(exp_copy_i32), 8);
  check_i32("get_copy_i32()", call_getter(get_copy_i32), 8);
  check_i32("host const_i32", get_global(host_const_i32), 7);
  check_i32("get_const_i32()", call_getter(get_const_i32), 7);

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(host_const_i32);
  wasm_global_delete(host_var_i64);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
