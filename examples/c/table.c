// table.c: a module's funcref table from the host (wasm_table_get / set / grow / size),
// call_indirect through slots the host filled with its own and the module's functions,
// the traps of call_indirect, and a table made by the host.
#include "example.h"

static wasm_func_t* call_indirect_fn;
static wasm_func_t* size_fn;

// (i32) -> (i32): -x
static wasm_trap_t* neg_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

// () -> (): never called (its type does not match the call_indirect).
static wasm_trap_t* nop_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  fprintf(stderr, "error: nop called through a mismatched call_indirect\n");
  exit(1);
}

static wasm_trap_t* call_indirect(int32_t x, int32_t index, int32_t* result) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(x), WASM_I32_VAL(index)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t* trap = wasm_func_call(call_indirect_fn, &args, &results);
  if (!trap) {
    CHECK(result_vals[0].kind == WASM_I32);
    *result = result_vals[0].of.i32;
  }
  return trap;
}

static void check_call(int32_t x, int32_t index, int32_t want) {
  int32_t got = 0;
  expect_no_trap(call_indirect(x, index, &got), "call_indirect");
  if (got != want) die("call_indirect(%d, %d) = %d, expected %d", x, index, got, want);
  printf("call_indirect(%d, %d) = %d\n", x, index, got);
}

static void check_call_traps(int32_t x, int32_t index, const char* why) {
  int32_t got = 0;
  printf("call_indirect(%d, %d)...\n", x, index);
  expect_trap(call_indirect(x, index, &got), why);
}

static void check_sizes(wasm_table_t* table, wasm_table_size_t want) {
  wasm_table_size_t got = wasm_table_size(table);
  if (got != want) die("wasm_table_size = %u, expected %u", got, want);
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  expect_no_trap(wasm_func_call(size_fn, &args, &results), "size");
  CHECK(result_vals[0].kind == WASM_I32);
  if (result_vals[0].of.i32 != (int32_t)want) die("size() = %d, expected %u", result_vals[0].of.i32, want);
  printf("table size: %u (host), %d (wasm)\n", got, result_vals[0].of.i32);
}

// Checks whether slot `index` holds a function (true) or is null (false).
static void check_slot(wasm_table_t* table, wasm_table_size_t index, bool want_func) {
  wasm_ref_t* ref = wasm_table_get(table, index);
  bool is_func = ref != NULL;
  if (ref) wasm_ref_delete(ref);
  if (is_func != want_func)
    die("slot %u is %s, expected %s", index, is_func ? "a function" : "null",
        want_func ? "a function" : "null");
  printf("slot %u: %s\n", index, is_func ? "function" : "null");
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "table.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Instantiating module...\n");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);

  printf("Extracting exports...\n");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_TABLE);
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  CHECK(table != NULL);
  wasm_func_t* inc_fn = export_func(&exports, 1);
  call_indirect_fn = export_func(&exports, 2);
  size_fn = export_func(&exports, 3);

  printf("Creating callbacks...\n");
  wasm_functype_t* neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* neg_fn = wasm_func_new(store, neg_type, neg_callback);
  CHECK(neg_fn != NULL);
  wasm_functype_delete(neg_type);
  wasm_functype_t* nop_type = wasm_functype_new_0_0();
  wasm_func_t* nop_fn = wasm_func_new(store, nop_type, nop_callback);
  CHECK(nop_fn != NULL);
  wasm_functype_delete(nop_type);

  printf("Checking the table type...\n");
  wasm_tabletype_t* table_type = wasm_table_type(table);
  CHECK(table_type != NULL);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(table_type)) == WASM_FUNCREF);
  const wasm_limits_t* limits = wasm_tabletype_limits(table_type);
  CHECK(limits->min == 2 && limits->max == 10);
  printf("element %s, limits: min %u, max %u\n",
         valkind_name(wasm_valtype_kind(wasm_tabletype_element(table_type))), limits->min,
         limits->max);
  wasm_tabletype_delete(table_type);

  printf("Checking the table...\n");
  check_sizes(table, 2);
  check_slot(table, 0, false);
  check_slot(table, 1, true);
  check_call(7, 1, 8);
  check_call_traps(7, 0, "uninitialized element");
  check_call_traps(7, 2, "undefined element");
  check_call_traps(7, -1, "undefined element");

  printf("Mutating the table...\n");
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(neg_fn)));
  printf("slot 0 = host function neg\n");
  check_slot(table, 0, true);
  check_call(7, 0, -7);
  CHECK(wasm_table_set(table, 1, NULL));
  printf("slot 1 = null\n");
  check_slot(table, 1, false);
  check_call_traps(7, 1, "uninitialized element");
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(inc_fn)));
  printf("setting slot 2 failed, as it should\n");

  printf("Growing the table...\n");
  CHECK(wasm_table_grow(table, 3, NULL));
  printf("wasm_table_grow(3, null) succeeded\n");
  check_sizes(table, 5);
  check_slot(table, 2, false);
  check_slot(table, 4, false);
  check_call_traps(7, 4, "uninitialized element");
  check_call_traps(7, 5, "undefined element");
  CHECK(wasm_table_set(table, 4, wasm_func_as_ref(inc_fn)));
  printf("slot 4 = export inc\n");
  check_call(5, 4, 6);
  CHECK(wasm_table_set(table, 3, wasm_func_as_ref(nop_fn)));
  printf("slot 3 = host function nop, of another type\n");
  check_call_traps(5, 3, "indirect call type mismatch");
  CHECK(wasm_table_grow(table, 2, wasm_func_as_ref(neg_fn)));
  printf("wasm_table_grow(2, neg) succeeded\n");
  check_sizes(table, 7);
  check_call(9, 5, -9);
  check_call(9, 6, -9);
  CHECK(!wasm_table_grow(table, 4, NULL));
  printf("wasm_table_grow(4, null) failed, as it should\n");
  CHECK(wasm_table_grow(table, 0, NULL));
  printf("wasm_table_grow(0, null) succeeded\n");
  check_sizes(table, 7);

  printf("Creating a stand-alone table...\n");
  wasm_limits_t own_limits = {5, 5};
  wasm_tabletype_t* own_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &own_limits);
  wasm_table_t* table2 = wasm_table_new(store, own_type, NULL);
  CHECK(table2 != NULL);
  wasm_tabletype_delete(own_type);
  CHECK(wasm_table_size(table2) == 5);
  printf("size %u\n", wasm_table_size(table2));
  check_slot(table2, 0, false);
  CHECK(wasm_table_set(table2, 4, wasm_func_as_ref(neg_fn)));
  check_slot(table2, 4, true);
  CHECK(!wasm_table_grow(table2, 1, NULL));
  printf("wasm_table_grow(1, null) failed, as it should\n");
  CHECK(wasm_table_size(table2) == 5);
  wasm_table_delete(table2);

  printf("Shutting down...\n");
  wasm_func_delete(neg_fn);
  wasm_func_delete(nop_fn);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
