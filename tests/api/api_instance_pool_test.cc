// Instantiation at pooling speed and many live instances: InstancePre, memory
// images seen through the public API, Config::memory_reservation, and running
// out of address space as an error value.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

// A WAT string literal of `n` bytes: byte i is (i * mul + add) & 0xff.
std::string bytes_lit(size_t n, unsigned mul, unsigned add) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "\\%02x", unsigned((i * mul + add) & 0xff));
    s += buf;
  }
  return s;
}

const char* kPlugin = R"((module
  (import "env" "base" (func $base (result i32)))
  (import "env" "scale" (global $scale i32))
  (memory (export "memory") 1)
  (func (export "run") (param i32) (result i32)
    (i32.add (call $base) (i32.mul (local.get 0) (global.get $scale))))))";

TEST(InstancePre, ResolvesOnceAndInstantiatesMany) {
  Engine engine;
  auto m = Module::compile_text(engine, kPlugin);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Store owner(engine);
  auto scale = Global::create(owner, GlobalType{ValKind::I32, false}, Val::i32(3));
  ASSERT_TRUE(scale.ok()) << scale.error().to_string();
  Linker linker(engine);
  int calls = 0;
  (void)linker.func("env", "base", [&calls]() {
    ++calls;
    return int32_t(100);
  });
  (void)linker.define("env", "scale", Extern(*scale));
  auto pre = InstancePre::create(linker, *m);
  ASSERT_TRUE(pre.ok()) << pre.error().to_string();
  for (int i = 0; i < 3; ++i) {
    auto inst = pre->instantiate(owner);
    ASSERT_TRUE(inst.ok()) << inst.error().error.to_string();
    auto run = inst->func("run")->typed<int32_t(int32_t)>();
    ASSERT_TRUE(run.ok());
    auto r = run->call(i);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 100 + 3 * i);
  }
  EXPECT_EQ(calls, 3);
  // The global is an object of `owner`: another store cannot use this InstancePre.
  Store other(engine);
  auto bad = pre->instantiate(other);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().error.message.find("another store"), std::string::npos) << bad.error().error.message;
}

TEST(InstancePre, ErrorsAtCreation) {
  Engine engine;
  auto m = Module::compile_text(engine, kPlugin);
  ASSERT_TRUE(m.ok());
  Store owner(engine);
  auto scale = Global::create(owner, GlobalType{ValKind::I32, false}, Val::i32(3));
  auto wrong = Global::create(owner, GlobalType{ValKind::I64, false}, Val::i64(3));
  ASSERT_TRUE(scale.ok() && wrong.ok());
  {  // Missing import.
    Linker linker(engine);
    (void)linker.define("env", "scale", Extern(*scale));
    auto pre = InstancePre::create(linker, *m);
    ASSERT_FALSE(pre.ok());
    EXPECT_NE(pre.error().message.find("unknown import \"env\" \"base\""), std::string::npos)
        << pre.error().message;
  }
  {  // Host function of the wrong type.
    Linker linker(engine);
    (void)linker.func("env", "base", [](int32_t x) { return x; });
    (void)linker.define("env", "scale", Extern(*scale));
    auto pre = InstancePre::create(linker, *m);
    ASSERT_FALSE(pre.ok());
    EXPECT_NE(pre.error().message.find("function type mismatch"), std::string::npos) << pre.error().message;
    EXPECT_NE(pre.error().message.find("\"env\" \"base\""), std::string::npos) << pre.error().message;
  }
  {  // Global of the wrong type.
    Linker linker(engine);
    (void)linker.func("env", "base", []() { return int32_t(1); });
    (void)linker.define("env", "scale", Extern(*wrong));
    auto pre = InstancePre::create(linker, *m);
    ASSERT_FALSE(pre.ok());
    EXPECT_NE(pre.error().message.find("global type mismatch"), std::string::npos) << pre.error().message;
  }
  {  // A host function where a global is imported.
    Linker linker(engine);
    (void)linker.func("env", "base", []() { return int32_t(1); });
    (void)linker.func("env", "scale", []() { return int32_t(1); });
    auto pre = InstancePre::create(linker, *m);
    ASSERT_FALSE(pre.ok());
    EXPECT_NE(pre.error().message.find("expected global"), std::string::npos) << pre.error().message;
  }
}

TEST(InstancePre, WasiImportsCheckedAtCreation) {
  Engine engine;
  Linker linker(engine);
  (void)linker.define_wasi();
  auto good = Module::compile_text(engine, R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))))");
  auto unknown = Module::compile_text(engine, R"((module
    (import "wasi_snapshot_preview1" "no_such_call" (func))))");
  auto mistyped = Module::compile_text(engine, R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i64)))))");
  ASSERT_TRUE(good.ok() && unknown.ok() && mistyped.ok());
  auto pre = InstancePre::create(linker, *good);
  ASSERT_TRUE(pre.ok()) << pre.error().to_string();
  Store store(engine);
  EXPECT_TRUE(pre->instantiate(store).ok());
  EXPECT_FALSE(InstancePre::create(linker, *unknown).ok());
  auto bad = InstancePre::create(linker, *mistyped);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("function type mismatch"), std::string::npos) << bad.error().message;
}

// A module with 64 KiB of data (an image): `sum` adds every byte of the segment,
// `scribble` overwrites the whole memory.
std::string data_module(unsigned mul) {
  return "(module (memory (export \"memory\") 2)"
         " (data (i32.const 1000) \"" + bytes_lit(65536, mul, 1) + "\")"
         " (func (export \"sum\") (result i32) (local $i i32) (local $s i32)"
         "  (loop $l (local.set $s (i32.add (local.get $s) (i32.load8_u offset=1000 (local.get $i))))"
         "   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536))))"
         "  (local.get $s))"
         " (func (export \"zeros\") (result i32) (local $i i32) (local $s i32)"  // bytes outside the segment
         "  (loop $l (local.set $s (i32.or (local.get $s) (i32.load8_u (local.get $i))))"
         "   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000))))"
         "  (local.set $i (i32.const 66536))"
         "  (loop $l (local.set $s (i32.or (local.get $s) (i32.load8_u (local.get $i))))"
         "   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 131072))))"
         "  (local.get $s))"
         " (func (export \"scribble\") (memory.fill (i32.const 0) (i32.const 0xEE) (i32.const 131072))))";
}

int32_t expected_sum(unsigned mul) {
  int32_t s = 0;
  for (unsigned i = 0; i < 65536; ++i) s += int32_t((i * mul + 1) & 0xff);
  return s;
}

TEST(MemoryImages, FreshInstancesNeverSeeAnotherInstancesBytes) {
  Engine engine;
  auto a = Module::compile_text(engine, data_module(7));
  auto b = Module::compile_text(engine, data_module(11));
  ASSERT_TRUE(a.ok() && b.ok());
  Linker linker(engine);
  auto pa = InstancePre::create(linker, *a);
  auto pb = InstancePre::create(linker, *b);
  ASSERT_TRUE(pa.ok() && pb.ok());
  const InstancePre* order[] = {&*pa, &*pa, &*pb, &*pa, &*pb, &*pb, &*pa};
  for (const InstancePre* p : order) {
    Store store(engine);
    auto inst = p->instantiate(store);
    ASSERT_TRUE(inst.ok());
    auto sum = inst->func("sum")->typed<int32_t()>();
    auto zeros = inst->func("zeros")->typed<int32_t()>();
    auto scribble = inst->func("scribble")->typed<void()>();
    ASSERT_TRUE(sum.ok() && zeros.ok() && scribble.ok());
    EXPECT_EQ(*sum->call(), expected_sum(p == &*pa ? 7 : 11));
    EXPECT_EQ(*zeros->call(), 0);
    ASSERT_TRUE(scribble->call().ok());
    EXPECT_EQ(inst->memory("memory")->data()[131071], 0xEE);
  }
}

// Loads, stores and grows through the interpreter with a memory of the given
// reservation: out of bounds exactly at the end after every grow, data kept
// across moves.
void grow_and_bounds(uint64_t reservation) {
  Config config;
  config.memory_reservation = reservation;
  Engine engine(config);
  auto m = Module::compile_text(engine, R"((module
    (memory (export "memory") 1 40)
    (data (i32.const 100) "\01\02\03\04\05\06")
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  ASSERT_TRUE(m.ok());
  Store store(engine);
  Linker linker(engine);
  auto inst = linker.instantiate(store, *m);
  ASSERT_TRUE(inst.ok());
  auto load = inst->func("load")->typed<int32_t(int32_t)>();
  auto store_ = inst->func("store")->typed<void(int32_t, int32_t)>();
  auto grow = inst->func("grow")->typed<int32_t(int32_t)>();
  ASSERT_TRUE(load.ok() && store_.ok() && grow.ok());
  EXPECT_EQ(*load->call(102), 0x06050403);
  int32_t pages = 1;
  for (int32_t delta : {1, 3, 10, 25}) {
    const int32_t end = pages * 65536;
    EXPECT_TRUE(load->call(end - 4).ok());
    auto oob = load->call(end - 3);
    ASSERT_FALSE(oob.ok());
    EXPECT_EQ(oob.error().message(), "out of bounds memory access");
    EXPECT_FALSE(store_->call(end, 1).ok());
    ASSERT_TRUE(store_->call(end - 4, pages).ok());
    ASSERT_EQ(*grow->call(delta), pages);
    pages += delta;
    EXPECT_EQ(*load->call(102), 0x06050403);  // kept across the move
    EXPECT_EQ(*load->call(end - 4), pages - delta);
    EXPECT_EQ(*load->call(pages * 65536 - 4), 0);
  }
  EXPECT_EQ(*grow->call(1), -1);  // max 40
  EXPECT_FALSE(load->call(40 * 65536 - 3).ok());
  EXPECT_EQ(inst->memory("memory")->size(), 40u * 65536);
}

TEST(MemoryReservation, ZeroReservesNothing) { grow_and_bounds(0); }
TEST(MemoryReservation, SmallReservationMovesPastIt) { grow_and_bounds(4 * 65536); }
TEST(MemoryReservation, DefaultGuardPages) { grow_and_bounds(uint64_t(1) << 32); }

TEST(MemoryReservation, HundredThousandLiveStores) {
  Config config;
  config.memory_reservation = 0;
  Engine engine(config);
  auto m = Module::compile_text(engine, R"((module
    (memory (export "memory") 1)
    (data (i32.const 16) "live")
    (func (export "get") (result i32) (i32.load (i32.const 16)))))");
  ASSERT_TRUE(m.ok());
  Linker linker(engine);
  auto pre = InstancePre::create(linker, *m);
  ASSERT_TRUE(pre.ok());
  constexpr size_t kStores = 100'000;
  std::vector<Store> stores;
  std::vector<Instance> instances;
  stores.reserve(kStores);
  instances.reserve(kStores);
  size_t failures = 0;
  for (size_t i = 0; i < kStores; ++i) {
    stores.emplace_back(engine);
    auto inst = pre->instantiate(stores.back());
    if (!inst.ok()) {
      if (failures++ == 0) ADD_FAILURE() << "store " << i << ": " << inst.error().error.to_string();
      continue;
    }
    inst->memory("memory")->data()[20] = uint8_t(i);  // each memory is its own
    instances.push_back(*inst);
  }
  EXPECT_EQ(failures, 0u);
  ASSERT_EQ(instances.size(), kStores);
  // All alive at once; a sample of them still runs, with its own bytes.
  for (size_t i = 0; i < kStores; i += 9973) {
    auto get = instances[i].func("get")->typed<int32_t()>();
    ASSERT_TRUE(get.ok());
    EXPECT_EQ(*get->call(), 0x6576696c);  // "live"
    EXPECT_EQ(instances[i].memory("memory")->data()[20], uint8_t(i));
  }
}

uint64_t vm_size_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmSize:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
  return 0;
}

// Defect 2: with the default layout (~8 GiB of address space per memory), running
// out of address space must be an error value, never an exception or a crash.
// In a child process limited to 48 GiB more address space than it has, stores
// are made until instantiation or a call fails: the failure must be a clean one.
TEST(MemoryReservation, AddressSpaceExhaustionIsAnErrorValue) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator aborts when address space runs out";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "AddressSanitizer's allocator aborts when address space runs out";
#endif
#endif
  std::fflush(nullptr);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit lim{};
    lim.rlim_cur = lim.rlim_max = vm_size_bytes() + (uint64_t(48) << 30);
    if (setrlimit(RLIMIT_AS, &lim) != 0) _exit(10);
    Engine engine;
    auto m = Module::compile_text(engine, R"((module (memory 1)
      (func (export "f") (result i32) (i32.store (i32.const 65532) (i32.const 7)) (i32.load (i32.const 65532)))))");
    if (!m.ok()) _exit(11);
    Linker linker(engine);
    std::vector<Store> stores;
    stores.reserve(100'000);
    for (int i = 0; i < 100'000; ++i) {
      stores.emplace_back(engine);
      auto inst = linker.instantiate(stores.back(), *m);
      if (!inst.ok()) _exit(inst.error().error.message.find("out of memory") != std::string::npos ? 0 : 12);
      auto f = inst->func("f")->typed<int32_t()>();
      if (!f.ok()) _exit(13);
      auto r = f->call();
      if (!r.ok()) _exit(r.error().message().find("out of memory") != std::string::npos ? 0 : 14);
      if (*r != 7) _exit(15);
    }
    _exit(16);  // never ran out
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died with signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(InstancePre, TwoThreadsShareOne) {
  Engine engine;
  auto m = Module::compile_text(engine, data_module(5));
  ASSERT_TRUE(m.ok());
  Linker linker(engine);
  auto pre = InstancePre::create(linker, *m);
  ASSERT_TRUE(pre.ok());
  const int32_t want = expected_sum(5);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        Store store(engine);
        auto inst = pre->instantiate(store);
        if (!inst.ok()) {
          ++failures;
          continue;
        }
        auto sum = inst->func("sum")->typed<int32_t()>();
        auto scribble = inst->func("scribble")->typed<void()>();
        if (!sum.ok() || !scribble.ok() || *sum->call() != want || !scribble->call().ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
