// example.h: small helpers shared by the C API examples in this folder.
//
// Only the standard wasm.h API is used here (and in every example), so the examples
// build unchanged against any engine that implements the WebAssembly C API.
//
// Conventions of the examples:
//  - each prints a transcript on stdout and exits 0 when every check held;
//  - the first failed check prints "error: ..." on stderr and exits 1;
//  - the module is read from NAME.wasm in the current directory, or from argv[1].
#ifndef SKIFF_EXAMPLE_H
#define SKIFF_EXAMPLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasm.h>

#if defined(__GNUC__)
#define EXAMPLE_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define EXAMPLE_UNUSED __attribute__((unused))
#else
#define EXAMPLE_PRINTF(a, b)
#define EXAMPLE_UNUSED
#endif

// Prints the message on stderr and ends the program with status 1.
static EXAMPLE_PRINTF(1, 2) void die(const char* fmt, ...) {
  va_list ap;
  fflush(stdout);
  fputs("error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) die("%s:%d: check failed: %s", __FILE__, __LINE__, #cond); \
  } while (0)

// Reads the module binary: argv[1] if given, else default_name. The bytes are owned by
// the caller (wasm_byte_vec_delete).
static EXAMPLE_UNUSED void read_module_file(int argc, char** argv, const char* default_name,
                                            wasm_byte_vec_t* out) {
  const char* path = argc > 1 ? argv[1] : default_name;
  FILE* f = fopen(path, "rb");
  if (!f) die("cannot open %s", path);
  if (fseek(f, 0, SEEK_END) != 0) die("cannot seek in %s", path);
  long size = ftell(f);
  if (size < 0 || fseek(f, 0, SEEK_SET) != 0) die("cannot size %s", path);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  if (size > 0 && fread(out->data, 1, (size_t)size, f) != (size_t)size) {
    fclose(f);
    die("cannot read %s", path);
  }
  fclose(f);
}

// Copies the trap's message into buf as a C string. The standard message is a
// wasm_name_t holding a null-terminated string (the terminator counted in size); a
// message without the terminator is accepted too.
static EXAMPLE_UNUSED void trap_text(const wasm_trap_t* trap, char* buf, size_t buf_size) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  size_t n = msg.size;
  if (n > 0 && msg.data[n - 1] == '\0') n--;
  if (n >= buf_size) n = buf_size - 1;
  if (n > 0) memcpy(buf, msg.data, n);
  buf[n] = '\0';
  wasm_byte_vec_delete(&msg);
}

// Checks that `trap` is a trap whose message mentions `needle`, prints that, and deletes
// the trap. Engines word their trap messages differently; the spec's name of the trap
// ("unreachable", "integer divide by zero", ...) is what they share.
static EXAMPLE_UNUSED void expect_trap(wasm_trap_t* trap, const char* needle) {
  if (!trap) die("expected a trap mentioning \"%s\", got none", needle);
  char text[512];
  trap_text(trap, text, sizeof text);
  if (!strstr(text, needle)) die("trap message \"%s\" does not mention \"%s\"", text, needle);
  printf("  trapped: %s\n", needle);
  wasm_trap_delete(trap);
}

// Fails when `trap` is a trap (naming what was called), else does nothing.
static EXAMPLE_UNUSED void expect_no_trap(wasm_trap_t* trap, const char* what) {
  if (trap) {
    char text[512];
    trap_text(trap, text, sizeof text);
    wasm_trap_delete(trap);
    die("%s trapped: %s", what, text);
  }
}

// The export at `index` of an instance's export vector, as a function (fails otherwise).
static EXAMPLE_UNUSED wasm_func_t* export_func(const wasm_extern_vec_t* exports, size_t index) {
  if (index >= exports->size) die("export %zu missing (only %zu)", index, exports->size);
  wasm_func_t* f = wasm_extern_as_func(exports->data[index]);
  if (!f) die("export %zu is not a function", index);
  return f;
}

// Instantiates module with the given imports; fails on a trap or error.
static EXAMPLE_UNUSED wasm_instance_t* instantiate(wasm_store_t* store, const wasm_module_t* module,
                                                   wasm_extern_t* const* imports,
                                                   size_t import_count) {
  wasm_extern_vec_t import_vec = {.size = import_count, .data = (wasm_extern_t**)imports};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  if (trap) {
    char text[512];
    trap_text(trap, text, sizeof text);
    wasm_trap_delete(trap);
    if (instance) wasm_instance_delete(instance);
    die("instantiation trapped: %s", text);
  }
  if (!instance) die("instantiation failed");
  return instance;
}

// Writes a value type's name ("i32", ..., "funcref").
static EXAMPLE_UNUSED const char* valkind_name(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
  }
  return "?";
}

#endif  // SKIFF_EXAMPLE_H
