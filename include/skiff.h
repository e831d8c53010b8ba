/* skiff.h: Skiff's additions to the standard C API (wasm.h): engine settings,
 * store limits (memory, tables, fuel, timeout, interruption), WASI preview1, and
 * modules from the text format.
 *
 * Ownership follows wasm.h: `own` passes ownership. Functions that can fail
 * return false (or NULL) and, where they take an `error` out-parameter that is
 * not NULL, store a NUL-terminated message there that the caller deletes with
 * wasm_byte_vec_delete.
 */
#ifndef SKIFF_H
#define SKIFF_H

#include "wasm.h"

#define own  /* as in wasm.h, which undefines it at its end */

#ifdef __cplusplus
extern "C" {
#endif

/* Engine configuration (on a wasm_config_t before wasm_engine_new_with_config). */

/* Guard-page memories (default true): bounds checks by the MMU; false forces
 * explicit checks. */
WASM_API_EXTERN void skiff_config_guard_pages(wasm_config_t*, bool enable);
/* Bytes of wasm value stack per store (default 64 MiB). */
WASM_API_EXTERN void skiff_config_max_wasm_stack(wasm_config_t*, size_t bytes);
/* Nested wasm calls per store (default 100000). */
WASM_API_EXTERN void skiff_config_max_call_depth(wasm_config_t*, uint32_t depth);

/* Store limits */

typedef struct skiff_store_limits_t {
  uint64_t max_memory_bytes;   /* per linear memory; 0 = default (4 GiB) */
  uint64_t max_table_elements; /* per table; 0 = default (10,000,000) */
  uint64_t max_gc_heap_bytes;  /* GC structs and arrays; 0 = default (4 GiB) */
  bool fuel_enabled;           /* count instructions; trap "all fuel consumed" */
  uint64_t initial_fuel;       /* with fuel_enabled */
  bool interruptible;          /* allow skiff_store_interrupt */
  uint64_t timeout_ns;         /* interrupt each host call after this; 0 = none */
} skiff_store_limits_t;

/* A store with limits (wasm_store_new gives the defaults). */
WASM_API_EXTERN own wasm_store_t* skiff_store_new_with_limits(wasm_engine_t*, const skiff_store_limits_t*);
/* Sets the remaining fuel; false when fuel is not enabled. */
WASM_API_EXTERN bool skiff_store_set_fuel(wasm_store_t*, uint64_t fuel);
/* The remaining fuel; false when fuel is not enabled. */
WASM_API_EXTERN bool skiff_store_get_fuel(const wasm_store_t*, uint64_t* fuel);
/* Stops the store's running code with the trap "interrupted" (needs interruptible,
 * fuel or a timeout). Safe to call from any thread while the store runs. */
WASM_API_EXTERN void skiff_store_interrupt(wasm_store_t*);

/* WASI preview1 */

typedef struct skiff_wasi_config_t skiff_wasi_config_t;

WASM_API_EXTERN own skiff_wasi_config_t* skiff_wasi_config_new(void);
WASM_API_EXTERN void skiff_wasi_config_delete(own skiff_wasi_config_t*);
/* argv (argv[0] first). */
WASM_API_EXTERN void skiff_wasi_config_set_argv(skiff_wasi_config_t*, size_t argc, const char* const argv[]);
/* Adds an environment variable. */
WASM_API_EXTERN void skiff_wasi_config_add_env(skiff_wasi_config_t*, const char* name, const char* value);
/* Grants the host directory `host_path` to the guest as `guest_path`. */
WASM_API_EXTERN void skiff_wasi_config_preopen_dir(skiff_wasi_config_t*, const char* host_path,
                                                   const char* guest_path, bool read_only);
/* Host descriptors behind the guest's stdin, stdout, stderr (-1: none; default
 * 0, 1, 2: the host's own). */
WASM_API_EXTERN void skiff_wasi_config_set_stdio(skiff_wasi_config_t*, int stdin_fd, int stdout_fd, int stderr_fd);

/* Gives the store WASI with this configuration (taken over). False when a
 * directory cannot be opened (message in *error). */
WASM_API_EXTERN bool skiff_store_set_wasi(wasm_store_t*, own skiff_wasi_config_t*, own wasm_message_t* error);
/* The WASI function for import `import` (module "wasi_snapshot_preview1"), for
 * the imports vector of wasm_instance_new; NULL when it is not a WASI import. */
WASM_API_EXTERN own wasm_extern_t* skiff_wasi_import(wasm_store_t*, const wasm_importtype_t* import);
/* True and *code when the guest called proc_exit(code). A proc_exit also shows as
 * a trap from the call that made it. */
WASM_API_EXTERN bool skiff_store_wasi_exit_code(const wasm_store_t*, int* code);

/* Text format */

/* Translates a module in the text format to the binary format. On failure
 * returns false with "line:column: message" in *error. */
WASM_API_EXTERN bool skiff_wat2wasm(const char* text, size_t length, own wasm_byte_vec_t* out,
                                    own wasm_message_t* error);

#undef own

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* SKIFF_H */
