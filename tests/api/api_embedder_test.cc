// What a wasmtime embedder reaches for first: linking modules by name with an
// explicit shadowing policy, Linker::get, a per-store resource limiter, WASI stdio
// in memory, the Caller's store, and Result's checked access.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

Module compile(Engine& engine, const char* text) {
  auto m = Module::compile_text(engine, text);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return *m;
}

// ---- Linker: modules by name, shadowing, get.

const char* kLib = R"((module
  (memory (export "mem") 1)
  (global (export "base") (mut i32) (i32.const 100))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))";
// Imports "lib" and re-exports a function using it.
const char* kMid = R"((module
  (import "lib" "add" (func $add (param i32 i32) (result i32)))
  (import "lib" "base" (global $base (mut i32)))
  (import "lib" "mem" (memory 1))
  (func (export "add_base") (param i32) (result i32) (call $add (local.get 0) (global.get $base)))
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))";
const char* kTop = R"((module
  (import "mid" "add_base" (func $ab (param i32) (result i32)))
  (import "lib" "mem" (memory 1))
  (func (export "run") (result i32) (i32.add (call $ab (i32.const 1)) (i32.load (i32.const 8))))))";

TEST(ApiEmbedder, LinkerLinksThreeModulesByName) {
  Engine engine;
  Store store(engine);
  Linker linker(engine);
  auto lib = linker.module(store, "lib", compile(engine, kLib));
  ASSERT_TRUE(lib.ok()) << lib.error().error.message;
  auto mid = linker.module(store, "mid", compile(engine, kMid));
  ASSERT_TRUE(mid.ok()) << mid.error().error.message;
  auto top = linker.instantiate(store, compile(engine, kTop));
  ASSERT_TRUE(top.ok()) << top.error().error.message;
  ASSERT_TRUE(mid->func("poke")->call({Val(int32_t(8)), Val(int32_t(1000))}).ok());
  auto r = top->func("run")->typed<int32_t()>()->call();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 1 + 100 + 1000);
  // The memory is shared: lib's export sees mid's store.
  uint8_t b[4];
  ASSERT_TRUE(lib->memory("mem")->read(8, b).ok());
  EXPECT_EQ(b[0] | (b[1] << 8), 1000);
}

TEST(ApiEmbedder, LinkerRedefinitionIsAnErrorUnlessShadowingIsAllowed) {
  Engine engine;
  Store store(engine);
  Linker linker(engine);
  EXPECT_FALSE(linker.shadowing_allowed());
  ASSERT_TRUE(linker.func("env", "k", []() { return int32_t(1); }).ok());
  Status again = linker.func("env", "k", []() { return int32_t(2); });
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("\"env\" \"k\" is already defined"), std::string::npos)
      << again.error().message;
  // define() and define_instance() obey the same rule; define_instance defines
  // nothing when one name is taken.
  auto g = Global::create(store, GlobalType{ValType(ValKind::I32), false}, Val(int32_t(7)));
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(linker.define("env", "k", Extern(*g)).ok());
  auto lib = Instance::create(store, compile(engine, kLib), {});
  ASSERT_TRUE(lib.ok());
  ASSERT_TRUE(linker.define("lib", "add", Extern(*g)).ok());
  EXPECT_FALSE(linker.define_instance("lib", *lib).ok());
  EXPECT_FALSE(linker.get(store, "lib", "mem").has_value());  // nothing was defined
  // module() checks before instantiating: a refusal instantiates nothing.
  auto refused = linker.module(store, "lib", compile(engine, kLib));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().error.message.find("already defined"), std::string::npos);
  // The first definition is still the one in use.
  Module user = compile(engine, R"((module (import "env" "k" (func $k (result i32)))
    (func (export "f") (result i32) (call $k))))");
  auto inst = linker.instantiate(store, user);
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ(*inst->func("f")->typed<int32_t()>()->call(), 1);
  // With shadowing allowed, the newest definition wins.
  linker.allow_shadowing(true);
  EXPECT_TRUE(linker.shadowing_allowed());
  ASSERT_TRUE(linker.func("env", "k", []() { return int32_t(2); }).ok());
  auto inst2 = linker.instantiate(store, user);
  ASSERT_TRUE(inst2.ok());
  EXPECT_EQ(*inst2->func("f")->typed<int32_t()>()->call(), 2);
  ASSERT_TRUE(linker.define_instance("lib", *lib).ok());
  EXPECT_TRUE(linker.get(store, "lib", "mem").has_value());
  // A null handle is refused.
  EXPECT_FALSE(linker.define("env", "null", Extern(Func())).ok());
}

TEST(ApiEmbedder, LinkerGetReturnsFuncsMemoriesGlobals) {
  Engine engine;
  Store store(engine);
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "twice", [](int32_t x) { return 2 * x; }).ok());
  ASSERT_TRUE(linker.module(store, "lib", compile(engine, kLib)).ok());
  ASSERT_TRUE(linker.define_wasi().ok());
  // A host function is made in the store; the same Func its instances import.
  auto host = linker.get(store, "env", "twice");
  ASSERT_TRUE(host && host->func());
  EXPECT_EQ(*host->func()->typed<int32_t(int32_t)>()->call(21), 42);
  auto again = linker.get(store, "env", "twice");
  EXPECT_TRUE(*again->func() == *host->func());
  auto add = linker.get(store, "lib", "add");
  ASSERT_TRUE(add && add->func());
  EXPECT_EQ(*add->func()->typed<int32_t(int32_t, int32_t)>()->call(2, 3), 5);
  auto mem = linker.get(store, "lib", "mem");
  ASSERT_TRUE(mem && mem->memory());
  EXPECT_EQ(mem->memory()->pages(), 1u);
  auto base = linker.get(store, "lib", "base");
  ASSERT_TRUE(base && base->global());
  EXPECT_EQ(base->global()->get().as_i32(), 100);
  auto fd_write = linker.get(store, "wasi_snapshot_preview1", "fd_write");
  ASSERT_TRUE(fd_write && fd_write->func());
  EXPECT_EQ(fd_write->func()->type().params.size(), 4u);
  EXPECT_FALSE(linker.get(store, "lib", "missing").has_value());
  EXPECT_FALSE(linker.get(store, "nothing", "add").has_value());
  // Objects of another store are not handed out for this one.
  Store other(engine);
  EXPECT_FALSE(linker.get(other, "lib", "mem").has_value());
  EXPECT_TRUE(linker.get(other, "env", "twice").has_value());
}

// ---- Resource limiter.

struct CountingLimiter : ResourceLimiter {
  uint64_t max_bytes = 3 * 65536;
  uint64_t max_elems = 20;
  std::vector<std::pair<uint64_t, uint64_t>> memory_asks, table_asks;
  bool memory_growing(uint64_t cur, uint64_t want, std::optional<uint64_t>) override {
    memory_asks.emplace_back(cur, want);
    return want <= max_bytes;
  }
  bool table_growing(uint64_t cur, uint64_t want, std::optional<uint64_t>) override {
    table_asks.emplace_back(cur, want);
    return want <= max_elems;
  }
};

const char* kGrow = R"((module
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))))";

TEST(ApiEmbedder, LimiterDecidesMemoryAndTableGrowth) {
  Engine engine;
  Store store(engine);
  auto limiter = std::make_shared<CountingLimiter>();
  store.set_limiter(limiter);
  EXPECT_EQ(store.limiter(), limiter.get());
  auto inst = Instance::create(store, compile(engine, kGrow), {});
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  // Instantiation asked for the initial sizes.
  ASSERT_EQ(limiter->memory_asks.size(), 1u);
  EXPECT_EQ(limiter->memory_asks[0], std::make_pair(uint64_t(0), uint64_t(65536)));
  ASSERT_EQ(limiter->table_asks.size(), 1u);
  EXPECT_EQ(limiter->table_asks[0], std::make_pair(uint64_t(0), uint64_t(2)));
  auto grow = inst->func("grow")->typed<int32_t(int32_t)>();
  EXPECT_EQ(*grow->call(1), 1);   // 2 pages: allowed
  EXPECT_EQ(*grow->call(2), -1);  // 4 pages: denied, memory.grow gives -1
  EXPECT_EQ(limiter->memory_asks.back(), std::make_pair(uint64_t(2 * 65536), uint64_t(4 * 65536)));
  EXPECT_EQ(*grow->call(1), 2);   // 3 pages: allowed
  EXPECT_EQ(inst->memory("mem")->pages(), 3u);
  // The API's grow asks too.
  Memory mem = *inst->memory("mem");
  auto denied = mem.grow(1);
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.error().message.find("resource limiter"), std::string::npos);
  EXPECT_EQ(mem.pages(), 3u);
  auto tgrow = inst->func("tgrow")->typed<int32_t(int32_t)>();
  EXPECT_EQ(*tgrow->call(10), 2);
  EXPECT_EQ(*tgrow->call(10), -1);
  EXPECT_EQ(inst->table("tab")->size(), 12u);
  EXPECT_FALSE(inst->table("tab")->grow(9, Val::null(ValKind::FuncRef)).ok());
  EXPECT_TRUE(inst->table("tab")->grow(8, Val::null(ValKind::FuncRef)).ok());
  // Growing past the type's own maximum is not put to the limiter.
  size_t asks = limiter->memory_asks.size();
  auto capped = Instance::create(store, compile(engine, R"((module (memory 1 1)
    (func (export "grow") (result i32) (memory.grow (i32.const 1)))))"), {});
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(*capped->func("grow")->typed<int32_t()>()->call(), -1);
  EXPECT_EQ(limiter->memory_asks.size(), asks + 1);  // only the initial size
  // Removing the limiter allows everything again.
  store.set_limiter(nullptr);
  EXPECT_EQ(*grow->call(1), 3);
}

TEST(ApiEmbedder, LimiterDenialFailsInstantiation) {
  Engine engine;
  Store store(engine);
  auto limiter = std::make_shared<CountingLimiter>();
  limiter->max_bytes = 65536;
  store.set_limiter(limiter);
  auto big = Instance::create(store, compile(engine, "(module (memory 2))"), {});
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().error.message.find("denied by the store's resource limiter"), std::string::npos)
      << big.error().error.message;
  limiter->max_elems = 5;
  auto table = Instance::create(store, compile(engine, "(module (table 6 funcref))"), {});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.error().error.message.find("resource limiter"), std::string::npos);
  // Memory::create asks too; the store is unaffected by the refusals.
  EXPECT_FALSE(Memory::create(store, MemoryType{Limits{2, std::nullopt}}).ok());
  EXPECT_TRUE(Memory::create(store, MemoryType{Limits{1, std::nullopt}}).ok());
  EXPECT_TRUE(Instance::create(store, compile(engine, "(module (memory 1))"), {}).ok());
  // Another store has no limiter.
  Store other(engine);
  EXPECT_TRUE(Instance::create(other, compile(engine, "(module (memory 2))"), {}).ok());
}

struct ThrowingLimiter : ResourceLimiter {
  bool memory_growing(uint64_t, uint64_t, std::optional<uint64_t>) override {
    throw std::runtime_error("limiter bug");
  }
};

TEST(ApiEmbedder, AThrowingLimiterDenies) {
  Engine engine;
  Store store(engine);
  auto inst = Instance::create(store, compile(engine, kGrow), {});
  ASSERT_TRUE(inst.ok());
  store.set_limiter(std::make_shared<ThrowingLimiter>());
  EXPECT_EQ(*inst->func("grow")->typed<int32_t(int32_t)>()->call(1), -1);
  EXPECT_EQ(*inst->func("tgrow")->typed<int32_t(int32_t)>()->call(1), 2);  // the default allows
}

// ---- WASI stdio in memory.

// Reads stdin into memory at 1024, echoes it to stdout, then writes "err!" to
// stderr; returns fd_write's errno of the echo.
const char* kEcho = R"((module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "err!")
  (func (export "echo") (result i32)
    (local $n i32) (local $e i32)
    ;; iovec {1024, 512} at 0; nread at 16
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 512))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (local.set $n (i32.load (i32.const 16)))
    (i32.store (i32.const 4) (local.get $n))
    (local.set $e (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))
    (i32.store (i32.const 32) (i32.const 64))
    (i32.store (i32.const 36) (i32.const 4))
    (drop (call $fd_write (i32.const 2) (i32.const 32) (i32.const 1) (i32.const 24)))
    (local.get $e))
  (func (export "written") (result i32) (i32.load (i32.const 20)))))";

TEST(ApiEmbedder, WasiStdioInMemory) {
  Engine engine;
  Store store(engine);
  WasiConfig cfg;
  cfg.stdin_bytes = "hello, pipe";
  cfg.stdout_capacity = 1024;
  cfg.stderr_capacity = 16;
  ASSERT_TRUE(store.set_wasi(cfg).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define_wasi().ok());
  auto inst = linker.instantiate(store, compile(engine, kEcho));
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  auto echo = inst->func("echo")->typed<int32_t()>();
  EXPECT_EQ(*echo->call(), 0);
  auto out = store.wasi_stdout();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->bytes, "hello, pipe");
  EXPECT_FALSE(out->overflowed);
  EXPECT_EQ(store.wasi_stderr()->bytes, "err!");
  // stdin is at its end now: the second echo writes nothing.
  EXPECT_EQ(*echo->call(), 0);
  EXPECT_EQ(store.wasi_stdout()->bytes, "hello, pipe");
  EXPECT_EQ(store.wasi_stderr()->bytes, "err!err!");
  store.wasi_clear_output();
  EXPECT_EQ(store.wasi_stdout()->bytes, "");
  EXPECT_EQ(store.wasi_stderr()->bytes, "");
}

TEST(ApiEmbedder, WasiStdoutInMemoryIsBounded) {
  Engine engine;
  Store store(engine);
  WasiConfig cfg;
  cfg.stdin_bytes = "0123456789";
  cfg.stdout_capacity = 4;
  cfg.stderr_fd = -1;  // discarded
  ASSERT_TRUE(store.set_wasi(cfg).ok());
  EXPECT_FALSE(store.wasi_stderr().has_value());  // stderr is not captured
  Linker linker(engine);
  ASSERT_TRUE(linker.define_wasi().ok());
  auto inst = linker.instantiate(store, compile(engine, kEcho));
  ASSERT_TRUE(inst.ok());
  // The write is cut short at the capacity...
  EXPECT_EQ(*inst->func("echo")->typed<int32_t()>()->call(), 0);
  EXPECT_EQ(*inst->func("written")->typed<int32_t()>()->call(), 4);
  EXPECT_EQ(store.wasi_stdout()->bytes, "0123");
  EXPECT_TRUE(store.wasi_stdout()->overflowed);
  // ... and once full, fd_write fails with ENOSPC (51). stdin is at its end, so
  // write something else: re-set stdin through a fresh configuration.
  WasiConfig more = cfg;
  more.stdin_bytes = "abc";
  more.stdout_capacity = 0;
  ASSERT_TRUE(store.set_wasi(more).ok());
  auto inst2 = linker.instantiate(store, compile(engine, kEcho));
  ASSERT_TRUE(inst2.ok());
  EXPECT_EQ(*inst2->func("echo")->typed<int32_t()>()->call(), 51);
  EXPECT_TRUE(store.wasi_stdout()->overflowed);
  EXPECT_EQ(store.wasi_stdout()->bytes, "");
  // Without in-memory stdio there is nothing to read back.
  Store plain(engine);
  EXPECT_FALSE(plain.wasi_stdout().has_value());
}

// ---- Caller.

TEST(ApiEmbedder, CallerReachesExportsMemoryAndStore) {
  Engine engine;
  StoreLimits limits;
  limits.fuel = 1'000'000;
  Store store(engine, limits);
  int marker = 0;
  store.set_user_data(&marker);
  Linker linker(engine);
  uint64_t fuel_seen = 0;
  int32_t global_seen = 0;
  ASSERT_TRUE(linker
                  .func("env", "inspect",
                        [&](Caller& caller, int32_t ptr) -> Result<int32_t, Trap> {
                          if (caller.user_data() != &marker) return Trap("wrong user data");
                          fuel_seen = caller.context().fuel();
                          auto mem = caller.memory();
                          if (!mem) return Trap("no memory");
                          auto by_name = caller.get_export("memory");
                          if (!by_name || !by_name->memory() || !(by_name->memory()->data() == mem->data()))
                            return Trap("memory export differs");
                          auto g = caller.get_export("g");
                          if (!g || !g->global()) return Trap("no global");
                          global_seen = g->global()->get().as_i32();
                          auto helper = caller.get_export("helper");
                          if (!helper || !helper->func()) return Trap("no helper");
                          auto r = helper->func()->typed<int32_t()>()->call();  // back into wasm
                          if (!r.ok()) return r.error();
                          uint8_t b = 0;
                          if (!mem->read(uint64_t(ptr), std::span<uint8_t>(&b, 1)).ok()) return Trap("oob");
                          return int32_t(b) + *r;
                        })
                  .ok());
  auto inst = linker.instantiate(store, compile(engine, R"((module
    (import "env" "inspect" (func $inspect (param i32) (result i32)))
    (memory (export "memory") 1)
    (global (export "g") i32 (i32.const 77))
    (data (i32.const 5) "\07")
    (func (export "helper") (result i32) (i32.const 30))
    (func (export "run") (result i32) (call $inspect (i32.const 5)))))"));
  ASSERT_TRUE(inst.ok());
  auto r = inst->func("run")->typed<int32_t()>()->call();
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(*r, 37);
  EXPECT_EQ(global_seen, 77);
  EXPECT_GT(fuel_seen, 0u);
  EXPECT_LT(fuel_seen, 1'000'000u);
  // context() follows the Store when it is moved.
  Store moved = std::move(store);
  auto again = inst->func("run")->typed<int32_t()>()->call();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 37);
}

// ---- Result.

TEST(ApiEmbedder, ResultAccessIsChecked) {
  Result<int> good = 5;
  Result<int> bad = Error{"no such thing"};
  EXPECT_EQ(good.value_or(1), 5);
  EXPECT_EQ(bad.value_or(1), 1);
  try {
    (void)*bad;
    FAIL() << "no exception";
  } catch (const BadResultAccess& e) {
    EXPECT_NE(std::string(e.what()).find("no such thing"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)good.error(), BadResultAccess);
  Status fine;
  EXPECT_THROW((void)fine.error(), BadResultAccess);
  Result<int, Trap> trapped = Trap("deep trouble");
  try {
    (void)trapped.value();
    FAIL() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("deep trouble"), std::string::npos) << e.what();
  }
}

}  // namespace
