// threads: one module compiled once and run on several OS threads, as the wasm-c-api
// `threads` example does. The main thread compiles the module and turns it into a
// wasm_shared_module_t (wasm_module_share); each thread makes its own store on the
// shared engine, gets its own wasm_module_t from the shared one (wasm_module_obtain),
// instantiates it with a host callback and a global of its own, and calls it N_REPS
// times. What may cross threads: the engine, a wasm_shared_module_t; a store and
// everything made in it (modules obtained or compiled in it, instances, functions,
// globals, traps) stay on the thread that uses that store.
//
// Unlike the upstream example (which prints from every thread as it goes, so its
// output interleaves), each thread records what its callback saw and the main thread
// prints the transcript in thread order after joining them.
#include <pthread.h>

#include "example.h"

#define N_THREADS 8
#define N_REPS 3

typedef struct {
  int id;
  const wasm_shared_module_t* shared;
  wasm_engine_t* engine;
  int callbacks;   // calls of the host function with this thread's id
  int wrong;       // calls with another id (must stay 0)
  int results[N_REPS];
  char error[256];
} thread_state;

static wasm_trap_t* hello_callback(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  thread_state* st = env;
  if (args->size == 1 && args->data[0].kind == WASM_I32 && args->data[0].of.i32 == st->id)
    st->callbacks++;
  else
    st->wrong++;
  return NULL;
}

static void* run_thread(void* arg) {
  thread_state* st = arg;
  wasm_store_t* store = wasm_store_new(st->engine);
  wasm_module_t* module = wasm_module_obtain(store, st->shared);
  if (!module) {
    snprintf(st->error, sizeof st->error, "wasm_module_obtain failed");
    wasm_store_delete(store);
    return NULL;
  }

  // The host function, with this thread's state as its environment.
  wasm_functype_t* hello_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* hello = wasm_func_new_with_env(store, hello_type, hello_callback, st, NULL);
  wasm_functype_delete(hello_type);

  // The global `id`.
  wasm_globaltype_t* id_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t id_value = WASM_I32_VAL(st->id);
  wasm_global_t* id = wasm_global_new(store, id_type, &id_value);
  wasm_globaltype_delete(id_type);

  wasm_extern_t* imports[] = {wasm_func_as_extern(hello), wasm_global_as_extern(id)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  if (!instance) {
    snprintf(st->error, sizeof st->error, "instantiation failed");
    if (trap) wasm_trap_delete(trap);
  } else {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t* run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
    for (int i = 0; run && i < N_REPS && !st->error[0]; ++i) {
      wasm_val_t out[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(out);
      trap = wasm_func_call(run, &args, &results);
      if (trap) {
        trap_text(trap, st->error, sizeof st->error);
        wasm_trap_delete(trap);
      } else {
        st->results[i] = out[0].of.i32;
      }
    }
    if (!run) snprintf(st->error, sizeof st->error, "export `run` missing");
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  wasm_global_delete(id);
  wasm_func_delete(hello);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "threads.wasm", &binary);

  printf("Compiling module...\n");
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) die("compiling the module failed");

  printf("Sharing module...\n");
  wasm_shared_module_t* shared = wasm_module_share(module);
  CHECK(shared != NULL);
  // The shared module outlives the module and the store it was made from.
  wasm_module_delete(module);
  wasm_store_delete(store);

  printf("Running %d threads...\n", N_THREADS);
  static thread_state states[N_THREADS];
  pthread_t threads[N_THREADS];
  for (int i = 0; i < N_THREADS; ++i) {
    states[i].id = i + 1;
    states[i].shared = shared;
    states[i].engine = engine;
    if (pthread_create(&threads[i], NULL, run_thread, &states[i]) != 0) die("pthread_create failed");
  }
  for (int i = 0; i < N_THREADS; ++i) pthread_join(threads[i], NULL);

  for (int i = 0; i < N_THREADS; ++i) {
    thread_state* st = &states[i];
    if (st->error[0]) die("thread %d: %s", st->id, st->error);
    CHECK(st->wrong == 0);
    CHECK(st->callbacks == N_REPS);
    for (int r = 0; r < N_REPS; ++r) CHECK(st->results[r] == 2 * st->id);
    printf("> Thread %d: %d callbacks with id %d, run() = %d\n", st->id, st->callbacks, st->id,
           st->results[0]);
  }

  printf("Shutting down...\n");
  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
