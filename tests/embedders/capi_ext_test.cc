// skiff.h: errors with places from skiff_module_new, the linker (two modules, host
// functions, WASI, get), host functions reading their caller's memory, and trap
// frame offsets through wasm.h.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "skiff.h"
#include "wasm.h"

namespace {

std::string message_of(const skiff_error_t* e) {
  wasm_message_t m;
  skiff_error_message(e, &m);
  std::string s(m.data, m.size);
  wasm_byte_vec_delete(&m);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::string full_of(const skiff_error_t* e) {
  wasm_message_t m;
  skiff_error_to_string(e, &m);
  std::string s(m.data, m.size);
  wasm_byte_vec_delete(&m);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

wasm_module_t* compile(wasm_engine_t* engine, const std::string& text) {
  wasm_module_t* m = nullptr;
  skiff_error_t* e = skiff_module_new(engine, reinterpret_cast<const uint8_t*>(text.data()), text.size(), &m);
  EXPECT_EQ(e, nullptr) << (e ? full_of(e) : "");
  if (e) skiff_error_delete(e);
  return m;
}

struct Env {
  Env() : engine(wasm_engine_new()), store(wasm_store_new(engine)) {}
  ~Env() {
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  wasm_engine_t* engine;
  wasm_store_t* store;
};

TEST(CapiErrors, InvalidBinaryHasMessageAndOffset) {
  Env env;
  // One function of type () -> i32 whose body is empty: "type mismatch" at its end.
  const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
                           0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        // type () -> i32
                           0x03, 0x02, 0x01, 0x00,                          // func
                           0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};             // body: end (at 24)
  wasm_module_t* m = reinterpret_cast<wasm_module_t*>(1);
  skiff_error_t* e = skiff_module_new(env.engine, bytes, sizeof bytes, &m);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(message_of(e), "type mismatch: instruction requires [i32] but stack has []");
  EXPECT_EQ(skiff_error_offset(e), 24);
  EXPECT_EQ(skiff_error_func_index(e), 0);
  uint32_t line = 0, col = 0;
  EXPECT_FALSE(skiff_error_line_column(e, &line, &col));
  EXPECT_NE(full_of(e).find("type mismatch"), std::string::npos);
  skiff_error_delete(e);

  e = skiff_module_validate(env.engine, bytes, 10);
  ASSERT_NE(e, nullptr);
  EXPECT_GE(skiff_error_offset(e), 0);
  skiff_error_delete(e);
}

TEST(CapiErrors, InvalidTextHasLineAndColumn) {
  Env env;
  std::string text = "(module\n  (func (result i32)\n    i64.const 1))\n";
  wasm_module_t* m = nullptr;
  skiff_error_t* e =
      skiff_module_new(env.engine, reinterpret_cast<const uint8_t*>(text.data()), text.size(), &m);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(message_of(e), "type mismatch: instruction requires [i32] but stack has [i64]");
  uint32_t line = 0, col = 0;
  ASSERT_TRUE(skiff_error_line_column(e, &line, &col)) << full_of(e);
  EXPECT_EQ(line, 3u);  // the function's implicit end: its closing parenthesis
  EXPECT_EQ(col, 16u);
  skiff_error_delete(e);

  // A parse error has its place too.
  std::string bad = "(module\n  (func (foo)))";
  e = skiff_module_new(env.engine, reinterpret_cast<const uint8_t*>(bad.data()), bad.size(), &m);
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(skiff_error_line_column(e, &line, &col));
  EXPECT_EQ(line, 2u);
  skiff_error_delete(e);
}

TEST(CapiErrors, ValidModuleFromTextAndBinary) {
  Env env;
  wasm_module_t* m = compile(env.engine, "(module (func (export \"f\")))");
  ASSERT_NE(m, nullptr);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(m, &exports);
  EXPECT_EQ(exports.size, 1u);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(m);
}

// ---- linker ----

wasm_trap_t* add_one(void* env, skiff_caller_t*, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++*static_cast<int*>(env);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return nullptr;
}

void count_finalize(void* env) { *static_cast<int*>(env) = -100; }

int32_t call_i32(const wasm_instance_t* inst, size_t export_index, int32_t arg, wasm_trap_t** trap) {
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_func_t* f = wasm_extern_as_func(exports.data[export_index]);
  wasm_val_t a[1] = {WASM_I32_VAL(arg)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  *trap = wasm_func_call(f, &args, &results);
  wasm_extern_vec_delete(&exports);
  return r[0].of.i32;
}

TEST(CapiLinker, TwoModulesAndAHostFunction) {
  int calls = 0;  // outlives the store, whose copy of the function finalizes it
  Env env;
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  wasm_valtype_t* p = wasm_valtype_new(WASM_I32);
  wasm_valtype_t* r = wasm_valtype_new(WASM_I32);
  wasm_functype_t* ft = wasm_functype_new_1_1(p, r);
  EXPECT_EQ(skiff_linker_define_func(linker, "host", 4, "add_one", 7, ft, add_one, &calls, count_finalize), nullptr);
  wasm_functype_delete(ft);

  wasm_module_t* lib = compile(env.engine, R"((module
    (import "host" "add_one" (func $h (param i32) (result i32)))
    (memory (export "mem") 1)
    (func (export "twice_plus") (param i32) (result i32)
      (call $h (i32.mul (local.get 0) (i32.const 2))))))");
  wasm_module_t* app = compile(env.engine, R"((module
    (import "lib" "twice_plus" (func $t (param i32) (result i32)))
    (import "lib" "mem" (memory 1))
    (func (export "run") (param i32) (result i32)
      (i32.store (i32.const 8) (call $t (local.get 0)))
      (i32.load (i32.const 8)))))");
  ASSERT_NE(lib, nullptr);
  ASSERT_NE(app, nullptr);

  wasm_instance_t* lib_inst = nullptr;
  wasm_trap_t* trap = nullptr;
  skiff_error_t* e = skiff_linker_instantiate(linker, env.store, lib, &lib_inst, &trap);
  ASSERT_EQ(e, nullptr) << full_of(e);
  ASSERT_EQ(trap, nullptr);
  ASSERT_NE(lib_inst, nullptr);

  // Before "lib" is defined, app cannot link: the error names the import.
  wasm_instance_t* app_inst = nullptr;
  e = skiff_linker_instantiate(linker, env.store, app, &app_inst, &trap);
  ASSERT_NE(e, nullptr);
  EXPECT_NE(message_of(e).find("twice_plus"), std::string::npos) << message_of(e);
  EXPECT_EQ(app_inst, nullptr);
  skiff_error_delete(e);

  EXPECT_EQ(skiff_linker_define_instance(linker, "lib", 3, lib_inst), nullptr);
  e = skiff_linker_instantiate(linker, env.store, app, &app_inst, &trap);
  ASSERT_EQ(e, nullptr) << full_of(e);
  ASSERT_NE(app_inst, nullptr);
  EXPECT_EQ(call_i32(app_inst, 0, 20, &trap), 41);
  EXPECT_EQ(trap, nullptr);
  EXPECT_EQ(calls, 1);

  // skiff_linker_get: the memory defined through the instance, and the host function.
  wasm_extern_t* mem = nullptr;
  ASSERT_TRUE(skiff_linker_get(linker, env.store, "lib", 3, "mem", 3, &mem));
  ASSERT_EQ(wasm_extern_kind(mem), WASM_EXTERN_MEMORY);
  int32_t stored;
  std::memcpy(&stored, wasm_memory_data(wasm_extern_as_memory(mem)) + 8, 4);
  EXPECT_EQ(stored, 41);
  wasm_extern_delete(mem);
  wasm_extern_t* hf = nullptr;
  ASSERT_TRUE(skiff_linker_get(linker, env.store, "host", 4, "add_one", 7, &hf));
  EXPECT_EQ(wasm_extern_kind(hf), WASM_EXTERN_FUNC);
  wasm_extern_delete(hf);
  EXPECT_FALSE(skiff_linker_get(linker, env.store, "lib", 3, "nope", 4, &hf));
  EXPECT_EQ(hf, nullptr);

  // skiff_linker_define of a single extern.
  skiff_linker_t* l2 = skiff_linker_new(env.engine);
  wasm_extern_vec_t exports;
  wasm_instance_exports(lib_inst, &exports);
  EXPECT_EQ(skiff_linker_define(l2, "lib", 3, "twice_plus", 10, exports.data[1]), nullptr);
  EXPECT_EQ(skiff_linker_define(l2, "lib", 3, "mem", 3, exports.data[0]), nullptr);
  wasm_extern_vec_delete(&exports);
  wasm_instance_t* app2 = nullptr;
  ASSERT_EQ(skiff_linker_instantiate(l2, env.store, app, &app2, &trap), nullptr);
  EXPECT_EQ(call_i32(app2, 0, 1, &trap), 3);
  wasm_instance_delete(app2);
  skiff_linker_delete(l2);

  wasm_instance_delete(app_inst);
  wasm_instance_delete(lib_inst);
  wasm_module_delete(app);
  wasm_module_delete(lib);
  skiff_linker_delete(linker);
  EXPECT_EQ(calls, 2);  // still alive: the store holds a copy of the function
}

TEST(CapiLinker, StartTrapComesBackAsATrap) {
  Env env;
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  wasm_module_t* m = compile(env.engine, "(module (func $s unreachable) (start $s))");
  ASSERT_NE(m, nullptr);
  wasm_instance_t* inst = nullptr;
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(skiff_linker_instantiate(linker, env.store, m, &inst, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(inst, nullptr);
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  EXPECT_NE(std::string(msg.data).find("unreachable"), std::string::npos);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  wasm_module_delete(m);
  skiff_linker_delete(linker);
}

TEST(CapiLinker, Wasi) {
  Env env;
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  EXPECT_EQ(skiff_linker_define_wasi(linker), nullptr);
  wasm_module_t* m = compile(env.engine, R"((module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func (param i32 i32) (result i32)))
    (memory (export "memory") 1)))");
  ASSERT_NE(m, nullptr);
  wasm_instance_t* inst = nullptr;
  wasm_trap_t* trap = nullptr;
  ASSERT_EQ(skiff_linker_instantiate(linker, env.store, m, &inst, &trap), nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_t* f = nullptr;
  EXPECT_TRUE(skiff_linker_get(linker, env.store, "wasi_snapshot_preview1", 22, "fd_write", 8, &f));
  wasm_extern_delete(f);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  skiff_linker_delete(linker);
}

// ---- caller ----

// (i32 ptr, i32 len) -> i32: sums the bytes [ptr, ptr + len) of the caller's "memory".
wasm_trap_t* sum_bytes(void* env, skiff_caller_t* caller, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  EXPECT_EQ(skiff_caller_store(caller), static_cast<wasm_store_t*>(env));
  wasm_extern_t* ext = nullptr;
  if (!skiff_caller_export_get(caller, "memory", 6, &ext)) {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "no memory");
    wasm_trap_t* t = wasm_trap_new(skiff_caller_store(caller), &msg);
    wasm_name_delete(&msg);
    return t;
  }
  wasm_memory_t* mem = wasm_extern_as_memory(ext);
  const uint8_t* data = reinterpret_cast<const uint8_t*>(wasm_memory_data(mem));
  int32_t sum = 0;
  for (int32_t i = 0; i < args->data[1].of.i32; ++i) sum += data[args->data[0].of.i32 + i];
  wasm_extern_delete(ext);
  // A function export is reachable too; a missing name is not.
  wasm_extern_t* f = nullptr;
  EXPECT_TRUE(skiff_caller_export_get(caller, "run", 3, &f));
  if (f) {
    EXPECT_EQ(wasm_extern_kind(f), WASM_EXTERN_FUNC);
  }
  wasm_extern_delete(f);
  EXPECT_FALSE(skiff_caller_export_get(caller, "missing", 7, &f));
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = sum;
  return nullptr;
}

TEST(CapiCaller, HostFunctionReadsTheCallersMemory) {
  Env env;
  wasm_module_t* m = compile(env.engine, R"((module
    (import "host" "sum" (func $sum (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 100) "\01\02\03\04\05")
    (func (export "run") (result i32) (call $sum (i32.const 100) (i32.const 5)))))");
  ASSERT_NE(m, nullptr);
  wasm_functype_t* ft = wasm_functype_new_2_1(wasm_valtype_new(WASM_I32), wasm_valtype_new(WASM_I32),
                                              wasm_valtype_new(WASM_I32));
  // Once as a store's function (wasm_instance_new), once through the linker.
  wasm_func_t* f = skiff_func_new(env.store, ft, sum_bytes, env.store, nullptr);
  wasm_extern_t* imports_data[1] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
  wasm_trap_t* trap = nullptr;
  wasm_instance_t* inst = wasm_instance_new(env.store, m, &imports, &trap);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[1]), &args, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 15);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_func_delete(f);

  skiff_linker_t* linker = skiff_linker_new(env.engine);
  ASSERT_EQ(skiff_linker_define_func(linker, "host", 4, "sum", 3, ft, sum_bytes, env.store, nullptr), nullptr);
  ASSERT_EQ(skiff_linker_instantiate(linker, env.store, m, &inst, &trap), nullptr);
  wasm_instance_exports(inst, &exports);
  r[0] = WASM_INIT_VAL;
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[1]), &args, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 15);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  skiff_linker_delete(linker);
  wasm_functype_delete(ft);
  wasm_module_delete(m);
}

// ---- trap frames through wasm.h ----

TEST(CapiFrames, FuncAndModuleOffsets) {
  Env env;
  // The module of trap_frames_test.cc: func 0 divides by zero at 41 (entry 36);
  // func 1 calls it at 50 (entry 44).
  const uint8_t bytes[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
      0x03, 0x03, 0x02, 0x00, 0x00, 0x07, 0x09, 0x01, 0x05, 'o',  'u',  't',  'e',  'r',  0x00, 0x01,
      0x0a, 0x13, 0x02, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6e, 0x0b, 0x09, 0x00, 0x41, 0x07, 0x1a,
      0x20, 0x00, 0x10, 0x00, 0x0b};
  wasm_module_t* m = nullptr;
  skiff_error_t* e = skiff_module_new(env.engine, bytes, sizeof bytes, &m);
  ASSERT_EQ(e, nullptr) << full_of(e);
  wasm_trap_t* trap = nullptr;
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(env.store, m, &none, &trap);
  ASSERT_NE(inst, nullptr);
  call_i32(inst, 0, 3, &trap);
  ASSERT_NE(trap, nullptr);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 0u);
  EXPECT_EQ(wasm_frame_func_offset(origin), 5u);
  EXPECT_EQ(wasm_frame_module_offset(origin), 41u);
  wasm_frame_delete(origin);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  ASSERT_EQ(trace.size, 2u);
  EXPECT_EQ(wasm_frame_func_index(trace.data[1]), 1u);
  EXPECT_EQ(wasm_frame_func_offset(trace.data[1]), 6u);
  EXPECT_EQ(wasm_frame_module_offset(trace.data[1]), 50u);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

// ---- mirrors of the C++ API: shadowing, linking modules by name, limiter,
// in-memory WASI stdio, memory reservation settings ----

TEST(CapiLinker, ShadowingPolicy) {
  Env env;
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new(WASM_I32), wasm_valtype_new(WASM_I32));
  int calls = 0;
  ASSERT_EQ(skiff_linker_define_func(linker, "env", 3, "f", 1, ft, add_one, &calls, nullptr), nullptr);
  skiff_error_t* e = skiff_linker_define_func(linker, "env", 3, "f", 1, ft, add_one, &calls, nullptr);
  ASSERT_NE(e, nullptr);
  EXPECT_NE(message_of(e).find("env"), std::string::npos) << message_of(e);
  skiff_error_delete(e);
  skiff_linker_allow_shadowing(linker, true);
  EXPECT_EQ(skiff_linker_define_func(linker, "env", 3, "f", 1, ft, add_one, &calls, nullptr), nullptr);
  wasm_functype_delete(ft);
  skiff_linker_delete(linker);
}

TEST(CapiLinker, ModulesLinkedByName) {
  Env env;
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  wasm_module_t* lib = compile(env.engine, R"((module
    (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))))");
  wasm_module_t* app = compile(env.engine, R"((module
    (import "lib" "triple" (func $t (param i32) (result i32)))
    (func (export "run") (param i32) (result i32) (i32.add (call $t (local.get 0)) (i32.const 1)))))");
  wasm_instance_t* lib_inst = nullptr;
  wasm_trap_t* trap = nullptr;
  ASSERT_EQ(skiff_linker_module(linker, env.store, "lib", 3, lib, &lib_inst, &trap), nullptr);
  ASSERT_NE(lib_inst, nullptr);
  wasm_instance_t* app_inst = nullptr;
  ASSERT_EQ(skiff_linker_module(linker, env.store, "app", 3, app, &app_inst, &trap), nullptr);
  EXPECT_EQ(call_i32(app_inst, 0, 5, &trap), 16);
  EXPECT_EQ(trap, nullptr);
  // "app" is now a name too; defining it again is refused.
  skiff_error_t* e = skiff_linker_module(linker, env.store, "app", 3, app, nullptr, &trap);
  ASSERT_NE(e, nullptr);
  skiff_error_delete(e);
  wasm_instance_delete(app_inst);
  wasm_instance_delete(lib_inst);
  wasm_module_delete(app);
  wasm_module_delete(lib);
  skiff_linker_delete(linker);
}

struct LimiterLog {
  int memory_calls = 0;
  uint64_t last_desired = 0;
  bool finalized = false;
};

bool deny_big_memory(void* env, uint64_t, uint64_t desired, bool, uint64_t) {
  auto* log = static_cast<LimiterLog*>(env);
  ++log->memory_calls;
  log->last_desired = desired;
  return desired <= 2 * 65536;
}

void limiter_finalize(void* env) { static_cast<LimiterLog*>(env)->finalized = true; }

TEST(CapiStore, Limiter) {
  LimiterLog log;
  {
    Env env;
    skiff_store_set_limiter(env.store, deny_big_memory, nullptr, &log, limiter_finalize);
    wasm_module_t* m = compile(env.engine, R"((module
      (memory 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
    wasm_trap_t* trap = nullptr;
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_instance_t* inst = wasm_instance_new(env.store, m, &none, &trap);
    ASSERT_NE(inst, nullptr);
    EXPECT_EQ(log.memory_calls, 1);  // made with its initial size
    EXPECT_EQ(call_i32(inst, 0, 1, &trap), 1);
    EXPECT_EQ(call_i32(inst, 0, 1, &trap), -1);  // to 3 pages: denied
    EXPECT_EQ(log.last_desired, 3u * 65536);
    wasm_instance_delete(inst);
    wasm_module_delete(m);
    EXPECT_FALSE(log.finalized);
  }
  EXPECT_TRUE(log.finalized);
}

TEST(CapiWasi, InMemoryStdio) {
  Env env;
  skiff_wasi_config_t* c = skiff_wasi_config_new();
  const char input[] = "ping";
  skiff_wasi_config_set_stdin_bytes(c, reinterpret_cast<const uint8_t*>(input), 4);
  skiff_wasi_config_capture_stdout(c, 64);
  skiff_wasi_config_capture_stderr(c, 2);
  ASSERT_TRUE(skiff_store_set_wasi(env.store, c, nullptr));
  // Reads stdin into 200.., echoes it to stdout after "got ", writes "err" to stderr.
  wasm_module_t* m = compile(env.engine, R"((module
    (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 100) "got ")
    (data (i32.const 120) "err")
    (func (export "run") (param i32) (result i32)
      ;; iovec at 0: (200, 16); bytes read at 8
      (i32.store (i32.const 0) (i32.const 200))
      (i32.store (i32.const 4) (i32.const 16))
      (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      ;; iovecs at 16: ("got ", 4), (200, n)
      (i32.store (i32.const 16) (i32.const 100))
      (i32.store (i32.const 20) (i32.const 4))
      (i32.store (i32.const 24) (i32.const 200))
      (i32.store (i32.const 28) (i32.load (i32.const 8)))
      (drop (call $write (i32.const 1) (i32.const 16) (i32.const 2) (i32.const 40)))
      (i32.store (i32.const 48) (i32.const 120))
      (i32.store (i32.const 52) (i32.const 3))
      (call $write (i32.const 2) (i32.const 48) (i32.const 1) (i32.const 40)))))");
  ASSERT_NE(m, nullptr);
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  ASSERT_EQ(skiff_linker_define_wasi(linker), nullptr);
  wasm_instance_t* inst = nullptr;
  wasm_trap_t* trap = nullptr;
  ASSERT_EQ(skiff_linker_instantiate(linker, env.store, m, &inst, &trap), nullptr);
  EXPECT_EQ(call_i32(inst, 1, 0, &trap), 0);  // stderr: 2 of 3 bytes written
  EXPECT_EQ(trap, nullptr);
  wasm_byte_vec_t out;
  bool overflowed = true;
  ASSERT_TRUE(skiff_store_wasi_stdout(env.store, &out, &overflowed));
  EXPECT_EQ(std::string(out.data, out.size), "got ping");
  EXPECT_FALSE(overflowed);
  wasm_byte_vec_delete(&out);
  ASSERT_TRUE(skiff_store_wasi_stderr(env.store, &out, &overflowed));
  EXPECT_EQ(std::string(out.data, out.size), "er");
  EXPECT_TRUE(overflowed);
  wasm_byte_vec_delete(&out);
  skiff_store_wasi_clear_output(env.store);
  ASSERT_TRUE(skiff_store_wasi_stdout(env.store, &out, &overflowed));
  EXPECT_EQ(out.size, 0u);
  wasm_byte_vec_delete(&out);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  skiff_linker_delete(linker);

  // A store whose WASI writes to descriptors has no in-memory output.
  Env other;
  EXPECT_FALSE(skiff_store_wasi_stdout(other.store, &out, nullptr));
  wasm_byte_vec_delete(&out);
}

TEST(CapiConfig, MemoryReservationSettings) {
  wasm_config_t* config = wasm_config_new();
  skiff_config_memory_reservation(config, 0);
  skiff_config_memory_guard_size(config, 0);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = compile(engine, R"((module
    (memory (export "mem") 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))");
  wasm_trap_t* trap = nullptr;
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(store, m, &none, &trap);
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(call_i32(inst, 1, 3, &trap), 1);
  EXPECT_EQ(trap, nullptr);
  call_i32(inst, 2, 4 * 65536, &trap);  // just past the end: a trap, with explicit checks
  ASSERT_NE(trap, nullptr);
  wasm_trap_delete(trap);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

TEST(CapiLinker, InstancePre) {
  Env env;
  int calls = 0;
  skiff_linker_t* linker = skiff_linker_new(env.engine);
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new(WASM_I32), wasm_valtype_new(WASM_I32));
  wasm_module_t* m = compile(env.engine, R"((module
    (import "host" "add_one" (func $h (param i32) (result i32)))
    (memory 1)
    (data (i32.const 0) "\07")
    (func (export "run") (param i32) (result i32)
      (i32.store8 (i32.const 0) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1)))
      (call $h (i32.add (local.get 0) (i32.load8_u (i32.const 0)))))))");
  ASSERT_NE(m, nullptr);
  // A missing import is an error naming it.
  skiff_instance_pre_t* pre = nullptr;
  skiff_error_t* e = skiff_linker_instantiate_pre(linker, m, &pre);
  ASSERT_NE(e, nullptr);
  EXPECT_NE(message_of(e).find("add_one"), std::string::npos) << message_of(e);
  EXPECT_EQ(pre, nullptr);
  skiff_error_delete(e);

  ASSERT_EQ(skiff_linker_define_func(linker, "host", 4, "add_one", 7, ft, add_one, &calls, nullptr), nullptr);
  ASSERT_EQ(skiff_linker_instantiate_pre(linker, m, &pre), nullptr);
  skiff_linker_delete(linker);  // the pre keeps what it needs
  // Each instance starts from the module's own memory image.
  for (int i = 0; i < 3; ++i) {
    wasm_store_t* store = wasm_store_new(env.engine);
    wasm_instance_t* inst = nullptr;
    wasm_trap_t* trap = nullptr;
    e = skiff_instance_pre_instantiate(pre, store, &inst, &trap);
    ASSERT_EQ(e, nullptr) << full_of(e);
    ASSERT_NE(inst, nullptr);
    EXPECT_EQ(call_i32(inst, 0, 10, &trap), 19);  // 10 + 8 + 1
    EXPECT_EQ(call_i32(inst, 0, 10, &trap), 20);
    wasm_instance_delete(inst);
    wasm_store_delete(store);
  }
  EXPECT_EQ(calls, 6);
  skiff_instance_pre_delete(pre);
  wasm_functype_delete(ft);
  wasm_module_delete(m);
}

}  // namespace
