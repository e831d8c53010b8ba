// reflect.c: what a module imports and exports, and the types of an instance's exports:
// wasm_module_imports / wasm_module_exports, extern kinds, function parameter and result
// types, global mutability, table and memory limits.
#include "example.h"

// Appends printf-style text to buf (of size n).
static EXAMPLE_PRINTF(3, 4) void append(char* buf, size_t n, const char* fmt, ...) {
  size_t len = strlen(buf);
  if (len >= n) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + len, n - len, fmt, ap);
  va_end(ap);
}

static void append_limits(char* buf, size_t n, const wasm_limits_t* limits) {
  if (limits->max == wasm_limits_max_default)
    append(buf, n, "min %u, no max", limits->min);
  else
    append(buf, n, "min %u, max %u", limits->min, limits->max);
}

static void append_valtypes(char* buf, size_t n, const wasm_valtype_vec_t* types) {
  append(buf, n, "(");
  for (size_t i = 0; i < types->size; i++)
    append(buf, n, "%s%s", i ? ", " : "", valkind_name(wasm_valtype_kind(types->data[i])));
  append(buf, n, ")");
}

// Describes an extern type, e.g. "func (i32, f64) -> ()" or "memory min 1, no max".
static void describe(char* buf, size_t n, const wasm_externtype_t* type) {
  buf[0] = '\0';
  switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t* f = wasm_externtype_as_functype_const(type);
      CHECK(f != NULL);
      append(buf, n, "func ");
      append_valtypes(buf, n, wasm_functype_params(f));
      append(buf, n, " -> ");
      append_valtypes(buf, n, wasm_functype_results(f));
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(type);
      CHECK(g != NULL);
      append(buf, n, "global %s %s", wasm_globaltype_mutability(g) == WASM_VAR ? "var" : "const",
             valkind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_tabletype_t* t = wasm_externtype_as_tabletype_const(type);
      CHECK(t != NULL);
      append(buf, n, "table %s ", valkind_name(wasm_valtype_kind(wasm_tabletype_element(t))));
      append_limits(buf, n, wasm_tabletype_limits(t));
      break;
    }
    case WASM_EXTERN_MEMORY: {
      const wasm_memorytype_t* m = wasm_externtype_as_memorytype_const(type);
      CHECK(m != NULL);
      append(buf, n, "memory ");
      append_limits(buf, n, wasm_memorytype_limits(m));
      break;
    }
    default:
      die("unknown extern kind %d", (int)wasm_externtype_kind(type));
  }
}

// The kind's name, checked against the matching wasm_externtype_as_* cast.
static const char* kind_name(const wasm_externtype_t* type) {
  wasm_externkind_t kind = wasm_externtype_kind(type);
  CHECK((wasm_externtype_as_functype_const(type) != NULL) == (kind == WASM_EXTERN_FUNC));
  CHECK((wasm_externtype_as_globaltype_const(type) != NULL) == (kind == WASM_EXTERN_GLOBAL));
  CHECK((wasm_externtype_as_tabletype_const(type) != NULL) == (kind == WASM_EXTERN_TABLE));
  CHECK((wasm_externtype_as_memorytype_const(type) != NULL) == (kind == WASM_EXTERN_MEMORY));
  switch (kind) {
    case WASM_EXTERN_FUNC: return "func";
    case WASM_EXTERN_GLOBAL: return "global";
    case WASM_EXTERN_TABLE: return "table";
    case WASM_EXTERN_MEMORY: return "memory";
  }
  return "?";
}

static void check_name(const wasm_name_t* name, const char* want) {
  size_t len = strlen(want);
  if (name->size != len || memcmp(name->data, want, len) != 0)
    die("name \"%.*s\", expected \"%s\"", (int)name->size, name->data, want);
}

static void check_description(const char* got, const char* want) {
  if (strcmp(got, want) != 0) die("type \"%s\", expected \"%s\"", got, want);
}

static wasm_trap_t* log_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

struct expected_extern {
  const char* module;  // imports only
  const char* name;
  const char* type;
};

static const struct expected_extern expected_imports[] = {
    {"env", "log", "func (i32, f64) -> ()"},
    {"env", "counter", "global var i64"},
    {"env", "table", "table funcref min 1, no max"},
    {"env", "memory", "memory min 1, no max"},
};

static const struct expected_extern expected_exports[] = {
    {NULL, "func", "func (i32, f64, f32) -> (i32)"},
    {NULL, "pair", "func () -> (i64, f32)"},
    {NULL, "refs", "func (externref) -> (funcref)"},
    {NULL, "global", "global const f64"},
    {NULL, "table", "table funcref min 0, max 50"},
    {NULL, "memory", "memory min 1, no max"},
    {NULL, "log", "func (i32, f64) -> ()"},
};

int main(int argc, char** argv) {
  char text[256];

  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "reflect.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  if (!module) die("compiling the module failed");
  wasm_byte_vec_delete(&binary);

  printf("Imports:\n");
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  size_t n_imports = sizeof expected_imports / sizeof expected_imports[0];
  if (imports.size != n_imports) die("%zu imports, expected %zu", imports.size, n_imports);
  for (size_t i = 0; i < imports.size; i++) {
    const wasm_importtype_t* import = imports.data[i];
    const wasm_name_t* module_name = wasm_importtype_module(import);
    const wasm_name_t* name = wasm_importtype_name(import);
    const wasm_externtype_t* type = wasm_importtype_type(import);
    check_name(module_name, expected_imports[i].module);
    check_name(name, expected_imports[i].name);
    describe(text, sizeof text, type);
    check_description(text, expected_imports[i].type);
    printf("  %zu: %.*s.%.*s (%s): %s\n", i, (int)module_name->size, module_name->data,
           (int)name->size, name->data, kind_name(type), text);
  }

  printf("Exports:\n");
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  size_t n_exports = sizeof expected_exports / sizeof expected_exports[0];
  if (exports.size != n_exports) die("%zu exports, expected %zu", exports.size, n_exports);
  for (size_t i = 0; i < exports.size; i++) {
    const wasm_exporttype_t* export = exports.data[i];
    const wasm_name_t* name = wasm_exporttype_name(export);
    const wasm_externtype_t* type = wasm_exporttype_type(export);
    check_name(name, expected_exports[i].name);
    describe(text, sizeof text, type);
    check_description(text, expected_exports[i].type);
    printf("  %zu: %.*s (%s): %s\n", i, (int)name->size, name->data, kind_name(type), text);
  }

  printf("Copying a type...\n");
  {
    wasm_externtype_t* copy = wasm_externtype_copy(wasm_exporttype_type(exports.data[0]));
    CHECK(copy != NULL);
    describe(text, sizeof text, copy);
    check_description(text, expected_exports[0].type);
    printf("  copy of export 0: %s\n", text);
    wasm_externtype_delete(copy);
  }

  printf("Creating imports...\n");
  wasm_functype_t* log_type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_f64());
  wasm_func_t* log_func = wasm_func_new(store, log_type, log_callback);
  wasm_functype_delete(log_type);
  wasm_globaltype_t* counter_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t zero = WASM_I64_VAL(0);
  wasm_global_t* counter = wasm_global_new(store, counter_type, &zero);
  wasm_globaltype_delete(counter_type);
  wasm_limits_t table_limits = {1, wasm_limits_max_default};
  wasm_tabletype_t* table_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &table_limits);
  wasm_table_t* table = wasm_table_new(store, table_type, NULL);
  wasm_tabletype_delete(table_type);
  wasm_limits_t memory_limits = {1, wasm_limits_max_default};
  wasm_memorytype_t* memory_type = wasm_memorytype_new(&memory_limits);
  wasm_memory_t* memory = wasm_memory_new(store, memory_type);
  wasm_memorytype_delete(memory_type);
  CHECK(log_func && counter && table && memory);

  printf("Instantiating module...\n");
  wasm_extern_t* externs[] = {wasm_func_as_extern(log_func), wasm_global_as_extern(counter),
                              wasm_table_as_extern(table), wasm_memory_as_extern(memory)};
  for (size_t i = 0; i < 4; i++) {
    // Each host object's type matches the module's import.
    wasm_externtype_t* type = wasm_extern_type(externs[i]);
    CHECK(type != NULL);
    describe(text, sizeof text, type);
    check_description(text, expected_imports[i].type);
    CHECK(wasm_extern_kind(externs[i]) == wasm_externtype_kind(type));
    wasm_externtype_delete(type);
  }
  wasm_instance_t* instance = instantiate(store, module, externs, 4);

  printf("Instance exports:\n");
  wasm_extern_vec_t instance_exports;
  wasm_instance_exports(instance, &instance_exports);
  CHECK(instance_exports.size == exports.size);
  for (size_t i = 0; i < instance_exports.size; i++) {
    const wasm_extern_t* ext = instance_exports.data[i];
    wasm_externtype_t* type = wasm_extern_type(ext);
    CHECK(type != NULL);
    CHECK(wasm_extern_kind(ext) == wasm_externtype_kind(type));
    CHECK(wasm_externtype_kind(type) == wasm_externtype_kind(wasm_exporttype_type(exports.data[i])));
    describe(text, sizeof text, type);
    check_description(text, expected_exports[i].type);
    printf("  %zu: %s: %s\n", i, kind_name(type), text);
    wasm_externtype_delete(type);
  }
  // Function exports also tell their arity.
  const wasm_func_t* func = wasm_extern_as_func_const(instance_exports.data[0]);
  CHECK(func != NULL);
  CHECK(wasm_func_param_arity(func) == 3 && wasm_func_result_arity(func) == 1);
  CHECK(wasm_extern_as_func_const(instance_exports.data[3]) == NULL);
  CHECK(wasm_extern_as_global_const(instance_exports.data[3]) != NULL);
  printf("  func: %zu params, %zu result\n", wasm_func_param_arity(func),
         wasm_func_result_arity(func));

  printf("Shutting down...\n");
  wasm_extern_vec_delete(&instance_exports);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_global_delete(counter);
  wasm_table_delete(table);
  wasm_memory_delete(memory);
  wasm_exporttype_vec_delete(&exports);
  wasm_importtype_vec_delete(&imports);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
