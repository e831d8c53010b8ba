// include/skiff/checkpoint.h through libskiff: a call stopped at fuel points and
// resumed in a fresh store gives the uninterrupted call's result (memory, a
// mutable global, a funcref table and call_indirect all take part); refusals.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "skiff/checkpoint.h"
#include "skiff/engine.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/store.h"

namespace {

using namespace skiff;

const char* kWat = R"((module
  (memory 1)
  (global $g (mut i64) (i64.const 0))
  (type $t (func (param i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $inc $triple)
  (func $inc (type $t) (i64.add (local.get 0) (i64.const 1)))
  (func $triple (type $t) (i64.mul (local.get 0) (i64.const 3)))
  (func $step (param $i i32) (param $acc i64) (result i64) (local $v i64)
    (local.set $v (call_indirect (type $t) (local.get $acc) (i32.and (local.get $i) (i32.const 1))))
    (i64.store (i32.and (i32.mul (local.get $i) (i32.const 8)) (i32.const 0xfff8)) (local.get $v))
    (global.set $g (i64.add (global.get $g)
      (i64.load (i32.and (i32.mul (i32.add (local.get $i) (i32.const 7)) (i32.const 8)) (i32.const 0xfff8)))))
    (i64.xor (local.get $v) (i64.extend_i32_u (local.get $i))))
  (func (export "run") (param $n i32) (result i64) (local $i i32) (local $acc i64)
    (loop $l
      (local.set $acc (call $step (local.get $i) (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i64.add (local.get $acc) (global.get $g))))
)";

constexpr int32_t kN = 3000;

int64_t uninterrupted() {
  Engine engine;
  Store store(engine);
  auto m = Module::compile_text(engine, kWat);
  EXPECT_TRUE(m.ok());
  auto inst = Instance::create(store, *m, {});
  EXPECT_TRUE(inst.ok());
  auto r = inst->func("run")->call({Val::i32(kN)});
  EXPECT_TRUE(r.ok());
  return (*r)[0].as_i64();
}

// Runs to `after` units of fuel and returns the checkpoint's bytes.
std::vector<uint8_t> stop_at(uint64_t after) {
  Engine engine;
  StoreLimits l;
  l.fuel = uint64_t(1) << 40;
  Store store(engine, l);
  auto m = Module::compile_text(engine, kWat);
  auto inst = Instance::create(store, *m, {});
  EXPECT_TRUE(arm_checkpoint(store, {after}).ok());
  auto r = inst->func("run")->call({Val::i32(kN)});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(checkpoint_stopped(store));
  auto bytes = checkpoint(store, *inst);
  EXPECT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_FALSE(checkpoint_stopped(store));
  return bytes.ok() ? *bytes : std::vector<uint8_t>{};
}

TEST(CheckpointApi, ResumesToTheSameResultAtManyPoints) {
  const int64_t want = uninterrupted();
  for (uint64_t after : {1ull, 5ull, 100ull, 777ull, 5000ull, 40000ull, 123457ull}) {
    std::vector<uint8_t> bytes = stop_at(after);
    ASSERT_FALSE(bytes.empty());
    auto info = checkpoint_info(bytes);
    ASSERT_TRUE(info.ok()) << info.error().message;
    ASSERT_TRUE(info->fuel.has_value());
    Engine engine;
    Store store(engine, info->limits());
    auto m = Module::compile_text(engine, kWat);
    auto inst = Instance::create(store, *m, {});
    ASSERT_TRUE(inst.ok());
    Status s = restore(store, *inst, bytes);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto r = resume(store);
    ASSERT_TRUE(r.ok()) << r.error().message();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].as_i64(), want) << "checkpoint after " << after << " units";
  }
}

TEST(CheckpointApi, RefusesAnotherModuleAndDamage) {
  std::vector<uint8_t> bytes = stop_at(1000);
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  StoreLimits l;
  l.interruptible = true;
  l.fuel = 1000000;
  Store store(engine, l);
  std::string other = kWat;
  other.replace(other.find("(i64.const 3)"), 13, "(i64.const 5)");
  auto m = Module::compile_text(engine, other);
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(store, *m, {});
  Status s = restore(store, *inst, bytes);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("another module"), std::string::npos) << s.error().message;

  std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(bytes.size() - 1));
  auto i1 = checkpoint_info(cut);
  ASSERT_FALSE(i1.ok());
  EXPECT_NE(i1.error().message.find("truncated"), std::string::npos) << i1.error().message;
  std::vector<uint8_t> flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x40;
  auto i2 = checkpoint_info(flipped);
  ASSERT_FALSE(i2.ok());
  EXPECT_NE(i2.error().message.find("checksum"), std::string::npos) << i2.error().message;
}

// A module with a start function (which calls the host and sets a global): the
// resumed instance is made by instantiate_for_restore(), whose start function does
// not run again; restore() refuses an instance whose start function ran.
const char* kStartWat = R"((module
  (import "env" "tick" (func $tick))
  (global $base (mut i32) (i32.const 0))
  (func $init (call $tick) (global.set $base (i32.const 1000)))
  (start $init)
  (func (export "run") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (global.set $base (i32.add (global.get $base) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (global.get $base)))
)";

TEST(CheckpointApi, StartFunctionDoesNotRunAgainOnResume) {
  int ticks = 0;
  Engine engine;
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "tick", [&]() { ++ticks; }).ok());
  auto m = Module::compile_text(engine, kStartWat);
  ASSERT_TRUE(m.ok()) << m.error().message;
  StoreLimits l;
  l.fuel = uint64_t(1) << 40;
  std::vector<uint8_t> bytes;
  {
    Store store(engine, l);
    auto inst = linker.instantiate(store, *m);
    ASSERT_TRUE(inst.ok());
    ASSERT_EQ(ticks, 1);
    ASSERT_TRUE(arm_checkpoint(store, {2000}).ok());
    auto r = inst->func("run")->call({Val::i32(5000)});
    ASSERT_FALSE(r.ok());
    auto b = checkpoint(store, *inst);
    ASSERT_TRUE(b.ok()) << b.error().message;
    bytes = *b;
  }
  auto info = checkpoint_info(bytes);
  ASSERT_TRUE(info.ok());
  {
    // An instance whose start function ran is refused.
    Store store(engine, info->limits());
    auto inst = linker.instantiate(store, *m);
    ASSERT_TRUE(inst.ok());
    ASSERT_EQ(ticks, 2);
    Status s = restore(store, *inst, bytes);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("instantiate_for_restore"), std::string::npos) << s.error().message;
  }
  ticks = 0;
  Store store(engine, info->limits());
  auto inst = instantiate_for_restore(store, linker, *m);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  EXPECT_EQ(ticks, 0);
  Status s = restore(store, *inst, bytes);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto r = resume(store);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(ticks, 0);
  // 1000 + 0 + 1 + ... + 4999
  EXPECT_EQ((*r)[0].as_i32(), 1000 + 4999 * 5000 / 2);
}

// A funcref on the operand stack across a loop header is saved by the stack maps
// (and resumes to the same result), as is one used only inside the loop body; a
// host externref held there is refused, never saved as a host address.
TEST(CheckpointApi, ReferencesOnTheOperandStack) {
  const char* held = R"((module
    (func $g)
    (elem declare func $g)
    (func (export "run") (param $n i32) (param $x externref) (result i32) (local $i i32)
      (ref.func $g)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (ref.is_null) (local.get $i) (i32.add) (local.set $i)
      (local.get $i)))
  )";
  const char* inside = R"((module
    (func $g)
    (elem declare func $g)
    (func (export "run") (param $n i32) (param $x externref) (result i32) (local $i i32)
      (loop $l
        (local.set $i (i32.add (local.get $i) (ref.is_null (ref.func $g))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $i)))
  )";
  const char* host = R"((module
    (func (export "run") (param $n i32) (param $x externref) (result i32) (local $i i32)
      (local.get $x)
      (local.set $x (ref.null extern))  ;; the host value is on the operand stack only
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (ref.is_null) (local.get $i) (i32.add) (local.set $i)
      (local.get $i)))
  )";
  const char* texts[3] = {held, inside, host};
  for (int k = 0; k < 3; ++k) {
    Engine engine;
    StoreLimits l;
    l.fuel = uint64_t(1) << 40;
    Store store(engine, l);
    auto m = Module::compile_text(engine, texts[k]);
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto inst = Instance::create(store, *m, {});
    ASSERT_TRUE(inst.ok());
    ASSERT_TRUE(arm_checkpoint(store, {500}).ok());
    auto r = inst->func("run")->call(
        {Val::i32(100000), k == 2 ? Val::externref(42) : Val::null(ValKind::ExternRef)});
    ASSERT_FALSE(r.ok());
    ASSERT_TRUE(checkpoint_stopped(store));
    auto b = checkpoint(store, *inst);
    if (k == 2) {
      ASSERT_FALSE(b.ok());
      EXPECT_NE(b.error().message.find("the operand stack of function 0 holds a host value"),
                std::string::npos)
          << b.error().message;
      continue;
    }
    ASSERT_TRUE(b.ok()) << b.error().message;
    auto info = checkpoint_info(*b);
    Store store2(engine, info->limits());
    auto inst2 = Instance::create(store2, *m, {});
    ASSERT_TRUE(restore(store2, *inst2, *b).ok());
    auto r2 = resume(store2);
    ASSERT_TRUE(r2.ok());
    EXPECT_EQ((*r2)[0].as_i32(), 100000);
  }
}

// An exception of an IMPORTED tag, caught and held as an exnref on the operand
// stack across the loop where the checkpoint stops: saved by the tag's index and
// rethrown after the resume with the resuming instance's import of that tag.
TEST(CheckpointApi, ExceptionOfAnImportedTag) {
  const char* a = R"((module (tag (export "t") (param i32))))";
  const char* b = R"((module
    (import "a" "t" (tag $t (param i32)))
    (func (export "run") (param $n i32) (result i32) (local $i i32)
      (block $h (result i32 exnref)
        (try_table (catch_ref $t $h) (throw $t (i32.const 77)))
        (unreachable))
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (block $h2 (param exnref) (result i32)
        (try_table (param exnref) (catch $t $h2) (throw_ref))
        (unreachable))
      (i32.add)
      (local.get $i)
      (i32.add)))
  )";
  Engine engine;
  auto ma = Module::compile_text(engine, a);
  auto mb = Module::compile_text(engine, b);
  ASSERT_TRUE(ma.ok() && mb.ok());
  auto make = [&](Store& store) -> std::optional<Instance> {
    Linker linker(engine);
    auto ia = linker.instantiate(store, *ma);
    if (!ia.ok() || !linker.define_instance("a", *ia).ok()) return std::nullopt;
    auto ib = linker.instantiate(store, *mb);
    if (!ib.ok()) return std::nullopt;
    return *ib;
  };
  StoreLimits l;
  l.fuel = uint64_t(1) << 40;
  Store store(engine, l);
  auto inst = make(store);
  ASSERT_TRUE(inst);
  ASSERT_TRUE(arm_checkpoint(store, {500}).ok());
  auto r = inst->func("run")->call({Val::i32(100000)});
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(checkpoint_stopped(store));
  auto bytes = checkpoint(store, *inst);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto info = checkpoint_info(*bytes);
  Store store2(engine, info->limits());
  auto inst2 = make(store2);
  ASSERT_TRUE(inst2);
  Status s = restore(store2, *inst2, *bytes);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto r2 = resume(store2);
  ASSERT_TRUE(r2.ok()) << r2.error().message();
  EXPECT_EQ((*r2)[0].as_i32(), 77 + 77 + 100000);
}

TEST(CheckpointApi, NeedsSafepointsAndAStop) {
  Engine engine;
  Store plain(engine);
  Status s = arm_checkpoint(plain, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("safepoints"), std::string::npos);
  StoreLimits l;
  l.interruptible = true;
  Store store(engine, l);
  EXPECT_FALSE(arm_checkpoint(store, {100}).ok());  // fuel trigger without fuel
  EXPECT_TRUE(arm_checkpoint(store, {}).ok());
  auto m = Module::compile_text(engine, kWat);
  auto inst = Instance::create(store, *m, {});
  auto r = inst->func("run")->call({Val::i32(10)});
  ASSERT_TRUE(r.ok());  // nothing requested: runs to the end
  EXPECT_FALSE(checkpoint_stopped(store));
  EXPECT_FALSE(checkpoint(store, *inst).ok());
  auto again = resume(store);
  EXPECT_FALSE(again.ok());  // nothing restored
}

// Format 3: a GC graph (a ring with a shared node, an array of nodes, an i31 in an
// anyref global) held in globals, a table and the locals of two frames; checkpointed
// at many points and resumed in a fresh store, the result (which counts ref.eq
// identities) is the uninterrupted one's.
const char* kGcWat = R"((module
  (type $node (struct (field $v (mut i32)) (field $next (mut (ref null $node)))))
  (type $arr (array (mut (ref null $node))))
  (global $shared (mut (ref null $node)) (ref.null $node))
  (global $i31 (mut anyref) (ref.null any))
  (table $t 2 anyref)
  (func $walk (param $n (ref $node)) (param $k i32) (result (ref $node)) (local $c (ref $node))
    (local.set $c (local.get $n))
    (loop $l
      (struct.set $node $v (local.get $c) (i32.add (struct.get $node $v (local.get $c)) (local.get $k)))
      (local.set $c (ref.as_non_null (struct.get $node $next (local.get $c))))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $k) (i32.const 0))))
    (local.get $c))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32) (local $first (ref null $node)) (local $c (ref null $node))
    (local $a (ref null $arr))
    (global.set $shared (struct.new $node (i32.const 7) (ref.null $node)))
    (local.set $first (struct.new $node (i32.const 1) (global.get $shared)))
    (struct.set $node $next (global.get $shared) (local.get $first))
    (local.set $a (array.new $arr (global.get $shared) (i32.const 3)))
    (table.set $t (i32.const 0) (local.get $a))
    (global.set $i31 (ref.i31 (i32.const 99)))
    (local.set $c (local.get $first))
    (loop $l
      (local.set $c (call $walk (ref.as_non_null (local.get $c)) (i32.and (local.get $i) (i32.const 3))))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 3))
        (i32.add (struct.get $node $v (local.get $c))
          (i32.add (ref.eq (array.get $arr (ref.cast (ref $arr) (table.get $t (i32.const 0))) (i32.const 2))
                           (global.get $shared))
                   (i31.get_u (ref.cast (ref i31) (global.get $i31)))))))
      (drop (struct.new $node (local.get $i) (ref.null $node)))  ;; garbage
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum)))
)";

TEST(CheckpointApi, GcHeapAndFrameReferencesSurvive) {
  int32_t want;
  {
    Engine engine;
    Store store(engine);
    auto m = Module::compile_text(engine, kGcWat);
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto inst = Instance::create(store, *m, {});
    ASSERT_TRUE(inst.ok());
    auto r = inst->func("run")->call({Val::i32(20000)});
    ASSERT_TRUE(r.ok());
    want = (*r)[0].as_i32();
  }
  for (uint64_t after : {1ull, 50ull, 999ull, 20000ull, 150001ull, 400000ull}) {
    std::vector<uint8_t> bytes;
    {
      Engine engine;
      StoreLimits l;
      l.fuel = uint64_t(1) << 40;
      Store store(engine, l);
      auto m = Module::compile_text(engine, kGcWat);
      auto inst = Instance::create(store, *m, {});
      ASSERT_TRUE(arm_checkpoint(store, {after}).ok());
      auto r = inst->func("run")->call({Val::i32(20000)});
      ASSERT_FALSE(r.ok());
      auto b = checkpoint(store, *inst);
      ASSERT_TRUE(b.ok()) << b.error().message;
      bytes = *b;
    }
    auto info = checkpoint_info(bytes);
    ASSERT_TRUE(info.ok()) << info.error().message;
    Engine engine;
    Store store(engine, info->limits());
    auto m = Module::compile_text(engine, kGcWat);
    auto inst = Instance::create(store, *m, {});
    ASSERT_TRUE(inst.ok());
    Status s = restore(store, *inst, bytes);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto r = resume(store);
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ((*r)[0].as_i32(), want) << "checkpoint after " << after << " units";
  }
}

// An in-memory stdin's read position is saved: the resumed store, given the same
// bytes, continues reading where the checkpointed run stopped.
const char* kStdinWat = R"((module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run") (result i32) (local $sum i32) (local $k i32) (local $j i32)
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 1))
    (loop $l
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (if (i32.load (i32.const 8))
        (then
          (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31)) (i32.load8_u (i32.const 64))))
          (local.set $j (i32.const 0))
          (loop $busy
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $busy (i32.lt_u (local.get $j) (i32.const 200))))
          (br $l))))
    (local.get $sum)))
)";

TEST(CheckpointApi, InMemoryStdinContinuesWhereItStopped) {
  const std::string input = "the quick brown fox jumps over the lazy dog, twice: the quick brown fox";
  auto run_in = [&](Store& store, Linker& linker, const Module& m) {
    WasiConfig cfg;
    cfg.stdin_bytes = input;
    EXPECT_TRUE(store.set_wasi(cfg).ok());
    return linker.instantiate(store, m);
  };
  Engine engine;
  Linker linker(engine);
  ASSERT_TRUE(linker.define_wasi().ok());
  auto m = Module::compile_text(engine, kStdinWat);
  ASSERT_TRUE(m.ok()) << m.error().message;
  int32_t want;
  {
    Store store(engine);
    auto inst = run_in(store, linker, *m);
    ASSERT_TRUE(inst.ok());
    auto r = inst->func("run")->call({});
    ASSERT_TRUE(r.ok());
    want = (*r)[0].as_i32();
  }
  for (uint64_t after : {500ull, 20000ull, 40000ull}) {
    std::vector<uint8_t> bytes;
    {
      StoreLimits l;
      l.fuel = uint64_t(1) << 40;
      Store store(engine, l);
      auto inst = run_in(store, linker, *m);
      ASSERT_TRUE(arm_checkpoint(store, {after}).ok());
      auto r = inst->func("run")->call({});
      ASSERT_FALSE(r.ok());
      auto b = checkpoint(store, *inst);
      ASSERT_TRUE(b.ok()) << b.error().message;
      bytes = *b;
    }
    auto info = checkpoint_info(bytes);
    ASSERT_TRUE(info.ok());
    {
      // Without the in-memory stdin: refused with a message.
      Store store(engine, info->limits());
      ASSERT_TRUE(store.set_wasi(info->wasi.value_or(WasiConfig{})).ok());
      auto inst = instantiate_for_restore(store, linker, *m);
      ASSERT_TRUE(inst.ok());
      Status s = restore(store, *inst, bytes);
      ASSERT_FALSE(s.ok());
      EXPECT_NE(s.error().message.find("in-memory stdin"), std::string::npos) << s.error().message;
    }
    Store store(engine, info->limits());
    WasiConfig cfg = info->wasi.value_or(WasiConfig{});
    cfg.stdin_bytes = input;
    ASSERT_TRUE(store.set_wasi(cfg).ok());
    auto inst = instantiate_for_restore(store, linker, *m);
    ASSERT_TRUE(inst.ok());
    Status s = restore(store, *inst, bytes);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto r = resume(store);
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ((*r)[0].as_i32(), want) << "checkpoint after " << after << " units";
  }
}

}  // namespace
