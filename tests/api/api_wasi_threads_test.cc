// wasi-threads through the C++ API (skiff/threads.h): stopping a program's threads
// with WasiThreadGroup::interrupt, by interrupting the main thread's store (also
// while it is parked in memory.atomic.wait), a trap in one thread stopping the
// others through on_exit, and fuel as a budget of each spawned thread's own.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "skiff/skiff.hpp"
#include "skiff/threads.h"

namespace {

using namespace skiff;
using namespace std::chrono_literals;

// wasi_thread_start(tid, arg): arg 0 spins forever, 1 parks in memory.atomic.wait
// on address 0 forever (looping), 2 traps, 3 adds 1 to address 4 and returns.
const char* kWat = R"((module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.eqz (local.get $arg)) (then (loop $l (br $l))))
    (if (i32.eq (local.get $arg) (i32.const 1))
      (then (loop $l
        (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
        (br $l))))
    (if (i32.eq (local.get $arg) (i32.const 2)) (then unreachable))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1))))
  ;; Spawns `n` threads with argument `arg`; returns how many spawns succeeded.
  (func (export "spawn") (param $n i32) (param $arg i32) (result i32)
    (local $ok i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (if (i32.gt_s (call $spawn (local.get $arg)) (i32.const 0))
        (then (local.set $ok (i32.add (local.get $ok) (i32.const 1)))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $ok))
  ;; Parks on address 8 until notified (nobody does), looping.
  (func (export "park")
    (loop $l
      (drop (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
      (br $l)))
  (func (export "count") (result i32) (i32.atomic.load (i32.const 4))))
)";

struct Program {
  Engine engine;
  Module module;
  SharedMemory memory;
  Linker linker;
  std::shared_ptr<WasiThreadGroup> group = std::make_shared<WasiThreadGroup>();
  std::mutex mu;
  int exits = 0;
  int last_status = -1;
  std::string last_message;

  Program(Engine e, Module m, SharedMemory mem)
      : engine(std::move(e)), module(std::move(m)), memory(std::move(mem)), linker(engine) {}

  static std::unique_ptr<Program> make() {
    Engine engine;
    auto m = Module::compile_text(engine, kWat);
    if (!m.ok()) {
      ADD_FAILURE() << m.error().message;
      return nullptr;
    }
    MemoryType t;
    t.limits.min = 1;
    t.limits.max = 1;
    t.shared = true;
    auto mem = SharedMemory::create(engine, t);
    if (!mem.ok()) return nullptr;
    auto p = std::make_unique<Program>(engine, std::move(*m), std::move(*mem));
    if (!p->linker.define_shared_memory("env", "memory", p->memory).ok()) return nullptr;
    WasiThreadsConfig config;
    config.group = p->group;
    Program* self = p.get();
    config.on_exit = [self](int status, const std::string& message) {
      std::lock_guard<std::mutex> lock(self->mu);
      ++self->exits;
      self->last_status = status;
      self->last_message = message;
    };
    if (!define_wasi_threads(p->linker, engine, p->module, config).ok()) return nullptr;
    return p;
  }
};

TEST(ApiWasiThreads, GroupInterruptStopsSpinningAndParkedThreads) {
  auto p = Program::make();
  ASSERT_TRUE(p);
  StoreLimits limits;
  limits.interruptible = true;
  Store store(p->engine, limits);
  auto inst = p->linker.instantiate(store, p->module);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  auto spawn = inst->func("spawn");
  ASSERT_TRUE(spawn);
  auto a = spawn->call({Val::i32(3), Val::i32(0)});
  auto b = spawn->call({Val::i32(3), Val::i32(1)});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)[0].as_i32(), 3);
  EXPECT_EQ((*b)[0].as_i32(), 3);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(p->group->running(), 6u);
  p->group->interrupt();
  EXPECT_TRUE(p->group->interrupted());
  EXPECT_TRUE(p->group->wait_idle(10s));
  // Stopped threads end quietly, and spawning fails from now on.
  EXPECT_EQ(p->exits, 0);
  // (The main store was interrupted too: its next call traps "interrupted".)
  auto c = spawn->call({Val::i32(1), Val::i32(3)});
  EXPECT_TRUE(!c.ok() || (*c)[0].as_i32() == 0);
}

TEST(ApiWasiThreads, InterruptingTheMainStoreStopsThreadsEvenWhileItWaits) {
  auto p = Program::make();
  ASSERT_TRUE(p);
  StoreLimits limits;
  limits.interruptible = true;
  Store store(p->engine, limits);
  auto inst = p->linker.instantiate(store, p->module);
  ASSERT_TRUE(inst.ok());
  ASSERT_EQ((*inst->func("spawn")->call({Val::i32(2), Val::i32(0)}))[0].as_i32(), 2);
  ASSERT_EQ((*inst->func("spawn")->call({Val::i32(2), Val::i32(1)}))[0].as_i32(), 2);
  InterruptHandle h = store.interrupt_handle();
  // The watcher looks at the main store's flag every 5 ms; if the main thread takes
  // the request first (it was not parked yet: it then traps by itself), the next
  // request, made while it runs nothing, is the one the watcher sees.
  std::shared_ptr<WasiThreadGroup> group = p->group;
  std::thread interrupter([h, group] {
    std::this_thread::sleep_for(100ms);
    for (int i = 0; i < 250 && !group->interrupted(); ++i) {
      h.interrupt();
      std::this_thread::sleep_for(20ms);
    }
  });
  auto r = inst->func("park")->call({});  // parked in memory.atomic.wait until stopped
  interrupter.join();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().to_string().find("interrupt"), std::string::npos) << r.error().to_string();
  EXPECT_TRUE(p->group->wait_idle(10s));
  EXPECT_TRUE(p->group->interrupted());
  EXPECT_EQ(p->exits, 0);
}

TEST(ApiWasiThreads, TrapInOneThreadCallsOnExitOnceAndStopsTheOthers) {
  auto p = Program::make();
  ASSERT_TRUE(p);
  StoreLimits limits;
  limits.interruptible = true;
  Store store(p->engine, limits);
  auto inst = p->linker.instantiate(store, p->module);
  ASSERT_TRUE(inst.ok());
  ASSERT_EQ((*inst->func("spawn")->call({Val::i32(3), Val::i32(0)}))[0].as_i32(), 3);
  // One thread traps; it stops the group at once (the spawning call itself may then
  // trap "interrupted": the main store is interrupted too).
  auto r = inst->func("spawn")->call({Val::i32(1), Val::i32(2)});
  if (r.ok()) {
    EXPECT_EQ((*r)[0].as_i32(), 1);
  }
  EXPECT_TRUE(p->group->wait_idle(10s));
  EXPECT_TRUE(p->group->interrupted());
  std::lock_guard<std::mutex> lock(p->mu);
  EXPECT_EQ(p->exits, 1);
  EXPECT_EQ(p->last_status, 134);
  EXPECT_NE(p->last_message.find("unreachable"), std::string::npos) << p->last_message;
}

TEST(ApiWasiThreads, EachThreadGetsTheSpawningStoresFuelAsItsOwnBudget) {
  auto p = Program::make();
  ASSERT_TRUE(p);
  StoreLimits limits;
  limits.fuel = 200'000;
  Store store(p->engine, limits);
  auto inst = p->linker.instantiate(store, p->module);
  ASSERT_TRUE(inst.ok());
  // Short threads finish within their budget.
  ASSERT_EQ((*inst->func("spawn")->call({Val::i32(4), Val::i32(3)}))[0].as_i32(), 4);
  EXPECT_TRUE(p->group->wait_idle(10s));
  EXPECT_EQ((*inst->func("count")->call({}))[0].as_i32(), 4);
  EXPECT_EQ(p->exits, 0);
  // A spinning thread runs out of its own fuel: a trap, which ends the program.
  // (Its trap stops the group, the main store included: the spawning call may trap
  // "interrupted" if that comes before it returns.)
  auto r = inst->func("spawn")->call({Val::i32(1), Val::i32(0)});
  if (r.ok()) {
    EXPECT_EQ((*r)[0].as_i32(), 1);
  }
  EXPECT_TRUE(p->group->wait_idle(30s));
  std::lock_guard<std::mutex> lock(p->mu);
  EXPECT_EQ(p->exits, 1);
  EXPECT_EQ(p->last_status, 134);
  EXPECT_NE(p->last_message.find("fuel"), std::string::npos) << p->last_message;
}

}  // namespace
