/* skiff.h: Skiff's additions to the standard C API (wasm.h): engine settings,
 * store limits (memory, tables, fuel, timeout, interruption), WASI preview1,
 * modules from the text format, errors with places, a linker, and host functions
 * that reach their caller's exports.
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
/* Address space reserved for each 32-bit memory, in which it grows in place
 * (default 4 GiB; 0: no reservation, plain allocations). */
WASM_API_EXTERN void skiff_config_memory_reservation(wasm_config_t*, uint64_t bytes);
/* Inaccessible address space after each reservation (default 4 GiB + 64 KiB;
 * bounds checks are elided only with both defaults or larger). */
WASM_API_EXTERN void skiff_config_memory_guard_size(wasm_config_t*, uint64_t bytes);
/* Which tier runs wasm code (default SKIFF_TIER_INTERPRETER): the interpreter,
 * the LLVM compiler (tier 1: each module compiled when it first runs; modules
 * then fail to compile with the reason when this build has no compiler), or auto
 * (tier 0 first, hot modules compiled in the background). */
#define SKIFF_TIER_INTERPRETER 0
#define SKIFF_TIER_COMPILER 1
#define SKIFF_TIER_AUTO 2
/* False (config unchanged) for an unknown tier. */
WASM_API_EXTERN bool skiff_config_tier(wasm_config_t*, int tier);

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
/* The embedder's say over memory and table sizes in a store: asked when a
 * memory or table is made or grows (current and desired size in bytes for
 * memories, elements for tables; has_max/max: the type's maximum). Returning false
 * denies (memory.grow / table.grow give -1, instantiation fails). A NULL callback
 * allows. `finalizer` (may be NULL) runs on env when the limiter is replaced or
 * the store is gone. Passing both callbacks NULL removes the limiter. */
typedef bool (*skiff_growing_callback_t)(void* env, uint64_t current, uint64_t desired, bool has_max,
                                         uint64_t max);
WASM_API_EXTERN void skiff_store_set_limiter(wasm_store_t*, skiff_growing_callback_t memory_growing,
                                             skiff_growing_callback_t table_growing, void* env,
                                             void (*finalizer)(void*));

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
/* In-memory stdio instead of descriptors: the guest's stdin reads these bytes
 * (copied), then end of file. */
WASM_API_EXTERN void skiff_wasi_config_set_stdin_bytes(skiff_wasi_config_t*, const uint8_t* bytes, size_t len);
/* The guest's stdout / stderr are kept in memory, at most `capacity` bytes
 * (read them with skiff_store_wasi_stdout / skiff_store_wasi_stderr); a write that
 * does not fit is cut short and marks the output overflowed, then ENOSPC. */
WASM_API_EXTERN void skiff_wasi_config_capture_stdout(skiff_wasi_config_t*, size_t capacity);
WASM_API_EXTERN void skiff_wasi_config_capture_stderr(skiff_wasi_config_t*, size_t capacity);

/* Gives the store WASI with this configuration (taken over). False when a
 * directory cannot be opened (message in *error). */
WASM_API_EXTERN bool skiff_store_set_wasi(wasm_store_t*, own skiff_wasi_config_t*, own wasm_message_t* error);
/* The WASI function for import `import` (module "wasi_snapshot_preview1"), for
 * the imports vector of wasm_instance_new; NULL when it is not a WASI import. */
WASM_API_EXTERN own wasm_extern_t* skiff_wasi_import(wasm_store_t*, const wasm_importtype_t* import);
/* True and *code when the guest called proc_exit(code). A proc_exit also shows as
 * a trap from the call that made it. */
WASM_API_EXTERN bool skiff_store_wasi_exit_code(const wasm_store_t*, int* code);
/* What the guest wrote to its in-memory stdout / stderr: true with the bytes in
 * *out (not NUL-terminated; delete with wasm_byte_vec_delete) and *overflowed (may
 * be NULL); false when that stream is not kept in memory. */
WASM_API_EXTERN bool skiff_store_wasi_stdout(const wasm_store_t*, own wasm_byte_vec_t* out, bool* overflowed);
WASM_API_EXTERN bool skiff_store_wasi_stderr(const wasm_store_t*, own wasm_byte_vec_t* out, bool* overflowed);
/* Empties the in-memory stdout and stderr (and their overflowed flags). */
WASM_API_EXTERN void skiff_store_wasi_clear_output(wasm_store_t*);

/* Text format */

/* Translates a module in the text format to the binary format. On failure
 * returns false with "line:column: message" in *error. */
WASM_API_EXTERN bool skiff_wat2wasm(const char* text, size_t length, own wasm_byte_vec_t* out,
                                    own wasm_message_t* error);

/* Errors with a place
 *
 * Functions returning `own skiff_error_t*` return NULL on success, else an error
 * the caller deletes with skiff_error_delete. */

typedef struct skiff_error_t skiff_error_t;

WASM_API_EXTERN void skiff_error_delete(own skiff_error_t*);
/* The message alone ("type mismatch", "unknown import ..."), NUL-terminated. */
WASM_API_EXTERN void skiff_error_message(const skiff_error_t*, own wasm_message_t* out);
/* Message with its place: "offset 0x1a: ...", "3:7: ...", or the message. */
WASM_API_EXTERN void skiff_error_to_string(const skiff_error_t*, own wasm_message_t* out);
/* Byte offset in the binary module, or -1 when the place is not a binary offset. */
WASM_API_EXTERN int64_t skiff_error_offset(const skiff_error_t*);
/* True with the 1-based line and column when the place is in a text module. */
WASM_API_EXTERN bool skiff_error_line_column(const skiff_error_t*, uint32_t* line, uint32_t* column);
/* Index of the function whose body holds the error, or -1. */
WASM_API_EXTERN int64_t skiff_error_func_index(const skiff_error_t*);

/* Modules with the reason of a failure */

/* Compiles a module from its binary or, when the bytes do not start with
 * "\0asm", its text format. On success *out is the module (owned by the caller,
 * usable with any store of `engine`) and NULL is returned; else *out is NULL and
 * the error says why and where (validation errors of text modules at
 * line:column). */
WASM_API_EXTERN own skiff_error_t* skiff_module_new(wasm_engine_t*, const uint8_t* bytes, size_t len,
                                                    own wasm_module_t** out);
/* The same check without keeping the module. */
WASM_API_EXTERN own skiff_error_t* skiff_module_validate(wasm_engine_t*, const uint8_t* bytes, size_t len);

/* Host functions that see their caller */

typedef struct skiff_caller_t skiff_caller_t;

/* A host function: `env` as given at definition, the caller (valid during the
 * call only), the arguments and the results to fill; returns NULL or a trap. */
typedef own wasm_trap_t* (*skiff_func_callback_t)(void* env, skiff_caller_t* caller, const wasm_val_vec_t* args,
                                                  wasm_val_vec_t* results);

/* A host function of `store`; `finalizer` (may be NULL) runs on env when the
 * function is gone. */
WASM_API_EXTERN own wasm_func_t* skiff_func_new(wasm_store_t*, const wasm_functype_t*, skiff_func_callback_t,
                                                void* env, void (*finalizer)(void*));
/* The export `name` (len bytes) of the calling instance (a memory, function,
 * table or global); false when there is none or the call came from the host. */
WASM_API_EXTERN bool skiff_caller_export_get(skiff_caller_t*, const char* name, size_t len,
                                             own wasm_extern_t** out);
/* The store of the call. */
WASM_API_EXTERN wasm_store_t* skiff_caller_store(skiff_caller_t*);

/* Linker: resolves imports by (module, name) and instantiates
 *
 * Names are (pointer, length). Host functions defined with
 * skiff_linker_define_func belong to no store: each store instantiating through
 * the linker gets its own copy (the env is shared; the finalizer runs when the
 * linker and every copy are gone). Objects given to skiff_linker_define and
 * instances to skiff_linker_define_instance belong to one store and may only be
 * used with it. */

typedef struct skiff_linker_t skiff_linker_t;

WASM_API_EXTERN own skiff_linker_t* skiff_linker_new(wasm_engine_t*);
WASM_API_EXTERN void skiff_linker_delete(own skiff_linker_t*);
/* Defines import (module, name) as `item` (not taken over). */
WASM_API_EXTERN own skiff_error_t* skiff_linker_define(skiff_linker_t*, const char* module, size_t module_len,
                                                       const char* name, size_t name_len, const wasm_extern_t* item);
/* Defines import (module, name) as a host function. */
WASM_API_EXTERN own skiff_error_t* skiff_linker_define_func(skiff_linker_t*, const char* module, size_t module_len,
                                                            const char* name, size_t name_len,
                                                            const wasm_functype_t* type, skiff_func_callback_t cb,
                                                            void* env, void (*finalizer)(void*));
/* Defines the WASI preview1 functions ("wasi_snapshot_preview1"), bound to the
 * instantiating store's WASI configuration (skiff_store_set_wasi). */
WASM_API_EXTERN own skiff_error_t* skiff_linker_define_wasi(skiff_linker_t*);
/* Defines every export of `instance` under module name `module`. */
WASM_API_EXTERN own skiff_error_t* skiff_linker_define_instance(skiff_linker_t*, const char* module,
                                                                size_t module_len, const wasm_instance_t* instance);
/* Instantiates `module` in `store` with the linker's definitions. On success
 * *instance is set and NULL returned. A missing or mismatched import is an error;
 * a trap of the start function or of a segment is returned in *trap (with NULL
 * as the error; when trap is NULL it becomes the error). */
WASM_API_EXTERN own skiff_error_t* skiff_linker_instantiate(const skiff_linker_t*, wasm_store_t* store,
                                                            const wasm_module_t* module,
                                                            own wasm_instance_t** instance, own wasm_trap_t** trap);
/* The definition of (module, name) as an object of `store` (a host function is
 * made in `store`; WASI functions after skiff_linker_define_wasi); false when
 * none, or when the definition is an object of another store. */
WASM_API_EXTERN bool skiff_linker_get(const skiff_linker_t*, wasm_store_t* store, const char* module,
                                      size_t module_len, const char* name, size_t name_len,
                                      own wasm_extern_t** out);
/* Whether a definition may replace an existing one of the same (module, name).
 * Default false: defining a name twice is an error naming it. */
WASM_API_EXTERN void skiff_linker_allow_shadowing(skiff_linker_t*, bool allow);
/* Instantiates `module` in `store` and defines its exports under module name
 * `name` (linking modules by name). *instance (when not NULL) receives the
 * instance; errors and traps as skiff_linker_instantiate. */
WASM_API_EXTERN own skiff_error_t* skiff_linker_module(skiff_linker_t*, wasm_store_t* store, const char* name,
                                                       size_t name_len, const wasm_module_t* module,
                                                       own wasm_instance_t** instance, own wasm_trap_t** trap);

/* Pre-instantiation: a module whose imports were resolved in a linker and
 * type-checked once (its memory images built too), instantiated many times,
 * from any number of threads (each into its own store). It keeps what it took
 * from the linker and may outlive it. */

typedef struct skiff_instance_pre_t skiff_instance_pre_t;

/* Resolves every import of `module` in the linker: an error names the first one
 * that is missing or does not match. */
WASM_API_EXTERN own skiff_error_t* skiff_linker_instantiate_pre(const skiff_linker_t*, const wasm_module_t* module,
                                                                own skiff_instance_pre_t** out);
WASM_API_EXTERN void skiff_instance_pre_delete(own skiff_instance_pre_t*);
/* A new instance in `store`; errors and traps as skiff_linker_instantiate. */
WASM_API_EXTERN own skiff_error_t* skiff_instance_pre_instantiate(const skiff_instance_pre_t*, wasm_store_t* store,
                                                                  own wasm_instance_t** instance,
                                                                  own wasm_trap_t** trap);

#undef own

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* SKIFF_H */
