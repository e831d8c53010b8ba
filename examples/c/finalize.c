// finalize.c: host info and finalizers. Many instances, host functions with environments,
// exported globals and foreign objects get host info with a finalizer; each
// finalizer must run exactly once, with its own host info, and none while its object
// is still owned. Three rounds, each with a store of its own.
#include "example.h"

#define ROUNDS 3
#define INSTANCES 100
#define FOREIGNS 10

// One record per object that has host info; its finalizer counts into `finalized`.
struct info {
  int finalized;
  int calls;  // host function environments: calls of the function
};

static struct info instance_info[INSTANCES];
static struct info env_info[INSTANCES];
static struct info global_info[INSTANCES];
static struct info foreign_info[FOREIGNS];
static struct info plain_info;  // host info without a finalizer
static int finalizer_calls = 0;

static void finalize(void* data) {
  struct info* info = (struct info*)data;
  info->finalized++;
  finalizer_calls++;
}

static wasm_trap_t* tick_callback(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  ((struct info*)env)->calls++;
  return NULL;
}

// Every record in `infos` was finalized `want` times.
static void check_finalized(const char* what, const struct info* infos, int count, int want) {
  for (int i = 0; i < count; i++)
    if (infos[i].finalized != want)
      die("%s %d finalized %d times, expected %d", what, i, infos[i].finalized, want);
}

static void run_round(wasm_engine_t* engine, const wasm_byte_vec_t* binary, int round) {
  memset(instance_info, 0, sizeof instance_info);
  memset(env_info, 0, sizeof env_info);
  memset(global_info, 0, sizeof global_info);
  memset(foreign_info, 0, sizeof foreign_info);
  finalizer_calls = 0;

  printf("Round %d: creating a store and compiling the module...\n", round);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);
  wasm_module_t* module = wasm_module_new(store, binary);
  if (!module) die("compiling the module failed");

  printf("Round %d: creating %d host functions and %d instances...\n", round, INSTANCES,
         INSTANCES);
  wasm_functype_t* tick_type = wasm_functype_new_0_0();
  wasm_func_t* funcs[INSTANCES];
  wasm_instance_t* instances[INSTANCES];
  wasm_extern_vec_t exports[INSTANCES];
  for (int i = 0; i < INSTANCES; i++) {
    funcs[i] = wasm_func_new_with_env(store, tick_type, tick_callback, &env_info[i], finalize);
    CHECK(funcs[i] != NULL);
    wasm_extern_t* imports[] = {wasm_func_as_extern(funcs[i])};
    instances[i] = instantiate(store, module, imports, 1);
    wasm_instance_set_host_info_with_finalizer(instances[i], &instance_info[i], finalize);
    wasm_instance_exports(instances[i], &exports[i]);
    CHECK(exports[i].size == 3);
    wasm_global_t* global = wasm_extern_as_global(exports[i].data[1]);
    CHECK(global != NULL);
    wasm_global_set_host_info_with_finalizer(global, &global_info[i], finalize);
    // Every third instance calls its import once.
    if (i % 3 == 0) {
      wasm_val_vec_t args = WASM_EMPTY_VEC;
      wasm_val_vec_t results = WASM_EMPTY_VEC;
      expect_no_trap(wasm_func_call(export_func(&exports[i], 0), &args, &results), "f");
    }
  }
  wasm_functype_delete(tick_type);

  printf("Round %d: creating %d foreign objects...\n", round, FOREIGNS);
  wasm_foreign_t* foreigns[FOREIGNS];
  for (int i = 0; i < FOREIGNS; i++) {
    foreigns[i] = wasm_foreign_new(store);
    CHECK(foreigns[i] != NULL);
    wasm_foreign_set_host_info_with_finalizer(foreigns[i], &foreign_info[i], finalize);
  }
  // Host info without a finalizer is kept too, and nothing is called for it.
  wasm_foreign_t* plain = wasm_foreign_new(store);
  CHECK(plain != NULL);
  wasm_foreign_set_host_info(plain, &plain_info);

  printf("Round %d: checking host info...\n", round);
  int ticks = 0;
  for (int i = 0; i < INSTANCES; i++) {
    CHECK(wasm_instance_get_host_info(instances[i]) == &instance_info[i]);
    CHECK(wasm_global_get_host_info(wasm_extern_as_global(exports[i].data[1])) == &global_info[i]);
    CHECK(env_info[i].calls == (i % 3 == 0 ? 1 : 0));
    ticks += env_info[i].calls;
  }
  for (int i = 0; i < FOREIGNS; i++) CHECK(wasm_foreign_get_host_info(foreigns[i]) == &foreign_info[i]);
  CHECK(wasm_foreign_get_host_info(plain) == &plain_info);
  printf("  host functions called %d times\n", ticks);
  // Everything is still owned: no finalizer may have run.
  if (finalizer_calls != 0) die("%d finalizers ran while their objects were alive", finalizer_calls);
  printf("  no finalizer ran yet\n");

  printf("Round %d: deleting everything...\n", round);
  for (int i = 0; i < INSTANCES; i++) {
    wasm_extern_vec_delete(&exports[i]);
    wasm_instance_delete(instances[i]);
    wasm_func_delete(funcs[i]);
  }
  for (int i = 0; i < FOREIGNS; i++) wasm_foreign_delete(foreigns[i]);
  wasm_foreign_delete(plain);
  wasm_module_delete(module);
  wasm_store_delete(store);

  // With the store gone every object is unreachable: each finalizer ran exactly once.
  check_finalized("instance", instance_info, INSTANCES, 1);
  check_finalized("host function environment", env_info, INSTANCES, 1);
  check_finalized("global", global_info, INSTANCES, 1);
  check_finalized("foreign object", foreign_info, FOREIGNS, 1);
  CHECK(plain_info.finalized == 0);
  int want = 3 * INSTANCES + FOREIGNS;
  if (finalizer_calls != want) die("%d finalizer calls, expected %d", finalizer_calls, want);
  printf("  finalized: %d instances, %d host environments, %d globals, %d foreign objects "
         "(%d calls)\n",
         INSTANCES, INSTANCES, INSTANCES, FOREIGNS, finalizer_calls);
}

int main(int argc, char** argv) {
  printf("Initializing...\n");
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  read_module_file(argc, argv, "finalize.wasm", &binary);

  for (int round = 1; round <= ROUNDS; round++) run_round(engine, &binary, round);

  printf("Shutting down...\n");
  wasm_byte_vec_delete(&binary);
  wasm_engine_delete(engine);

  printf("Done.\n");
  return 0;
}
