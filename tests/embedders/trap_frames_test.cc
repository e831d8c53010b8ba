// Trap frames carry the wasm offsets of the trapping instruction and of each
// caller's call (func_offset from the function's code entry, module_offset from the
// start of the binary), also after serialize/deserialize; TrapReason names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "skiff/skiff.hpp"

namespace {

using skiff::Engine;
using skiff::Linker;
using skiff::Module;
using skiff::Store;
using skiff::TrapFrame;
using skiff::Val;

// (func $0 (param i32) (result i32) local.get 0  i32.const 0  i32.div_u)
// (func $1 (export "outer") (param i32) (result i32) i32.const 7 drop local.get 0 call 0)
// Code entries: func 0 at 36 (div_u at 41), func 1 at 44 (call at 50).
const std::vector<uint8_t> kDivModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,              // header
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,              // type: (i32) -> i32
    0x03, 0x03, 0x02, 0x00, 0x00,                                // funcs
    0x07, 0x09, 0x01, 0x05, 'o', 'u', 't', 'e', 'r', 0x00, 0x01, // export "outer" = func 1
    0x0a, 0x13, 0x02,                                            // code, 2 bodies
    0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6e, 0x0b,              // body 0
    0x09, 0x00, 0x41, 0x07, 0x1a, 0x20, 0x00, 0x10, 0x00, 0x0b,  // body 1
};

// (memory 1) (func (export "load") (param i32) (result i32) local.get 0 i32.load)
// Code entry at 39, i32.load at 42.
const std::vector<uint8_t> kLoadModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x08, 0x01, 0x04, 'l', 'o', 'a', 'd', 0x00, 0x00,
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b,
};

skiff::Trap call_trap(const Engine& engine, Store& store, const Module& m, const char* name,
                      int32_t arg) {
  Linker linker(engine);
  auto inst = linker.instantiate(store, m);
  EXPECT_TRUE(inst.ok());
  if (!inst.ok()) return skiff::Trap("no instance");
  auto r = inst->func(name)->call({Val(arg)});
  EXPECT_FALSE(r.ok());
  if (r.ok()) return skiff::Trap("no trap");
  return r.error();
}

void expect_div_frames(const skiff::Trap& t) {
  EXPECT_EQ(t.reason(), skiff::TrapReason::IntDivByZero);
  ASSERT_EQ(t.backtrace().size(), 2u);
  const TrapFrame& inner = t.backtrace()[0];
  EXPECT_EQ(inner.func_index, 0u);
  EXPECT_EQ(inner.module_offset, 41u);
  EXPECT_EQ(inner.func_offset, 5u);
  const TrapFrame& outer = t.backtrace()[1];
  EXPECT_EQ(outer.func_index, 1u);
  EXPECT_EQ(outer.module_offset, 50u);
  EXPECT_EQ(outer.func_offset, 6u);
}

TEST(TrapFrames, OffsetsOfTheTrapAndTheCaller) {
  Engine engine;
  auto m = Module::compile(engine, kDivModule);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Store store(engine);
  skiff::Trap t = call_trap(engine, store, *m, "outer", 1);
  expect_div_frames(t);
  EXPECT_EQ(t.to_string(), "integer divide by zero\n  at func[0] (@0x29)\n  at func[1] (@0x32)");
}

TEST(TrapFrames, OffsetsSurviveSerialize) {
  Engine engine;
  auto m = Module::compile(engine, kDivModule);
  ASSERT_TRUE(m.ok());
  auto bytes = m->serialize();
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  auto m2 = Module::deserialize(engine, *bytes);
  ASSERT_TRUE(m2.ok()) << m2.error().to_string();
  Store store(engine);
  expect_div_frames(call_trap(engine, store, *m2, "outer", 1));
}

TEST(TrapFrames, OffsetsWithFuelChecks) {
  Engine engine;
  auto m = Module::compile(engine, kDivModule);
  ASSERT_TRUE(m.ok());
  skiff::StoreLimits limits;
  limits.fuel = 1000;
  Store store(engine, limits);
  expect_div_frames(call_trap(engine, store, *m, "outer", 1));
}

void expect_load_frame(bool guard_pages) {
  skiff::Config config;
  config.guard_pages = guard_pages;
  Engine engine(config);
  auto m = Module::compile(engine, kLoadModule);
  ASSERT_TRUE(m.ok());
  Store store(engine);
  skiff::Trap t = call_trap(engine, store, *m, "load", 65535);
  EXPECT_EQ(t.reason(), skiff::TrapReason::MemoryOutOfBounds);
  ASSERT_EQ(t.backtrace().size(), 1u);
  EXPECT_EQ(t.backtrace()[0].module_offset, 42u);
  EXPECT_EQ(t.backtrace()[0].func_offset, 3u);
}

TEST(TrapFrames, OutOfBoundsLoadWithBoundsChecks) { expect_load_frame(false); }
// With guard pages the trap comes from the fault handler; the instruction is the
// register the faulting access recorded as holding pc (interp/guarded_access.h).
TEST(TrapFrames, OutOfBoundsLoadWithGuardPages) { expect_load_frame(true); }

// (memory 1) (func (export "load") (param i32) (result i32)
//   local.get 0  i32.const 4  i32.add  i32.load)
// On guard pages the add fuses into the load; the frame still names the load (45).
const std::vector<uint8_t> kFusedLoadModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x08, 0x01, 0x04, 'l', 'o', 'a', 'd', 0x00, 0x00,
    0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x04, 0x6a, 0x28, 0x02, 0x00, 0x0b,
};

void expect_fused_load_frame(bool guard_pages) {
  skiff::Config config;
  config.guard_pages = guard_pages;
  Engine engine(config);
  auto m = Module::compile(engine, kFusedLoadModule);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Store store(engine);
  skiff::Trap t = call_trap(engine, store, *m, "load", 65533);
  EXPECT_EQ(t.reason(), skiff::TrapReason::MemoryOutOfBounds);
  ASSERT_EQ(t.backtrace().size(), 1u);
  EXPECT_EQ(t.backtrace()[0].module_offset, 45u);
  EXPECT_EQ(t.backtrace()[0].func_offset, 6u);
}

TEST(TrapFrames, FusedAddressLoadMapsToTheLoadWithBoundsChecks) { expect_fused_load_frame(false); }
TEST(TrapFrames, FusedAddressLoadMapsToTheLoadWithGuardPages) { expect_fused_load_frame(true); }

// Every access width and form that can hit a guard page (plain, address add fused
// with a slot or an immediate, scaled index, SIMD, lanes; loads and stores) names the
// same instruction as the bounds-checked run. Each function does an in-bounds access
// first, so the faulting one is not the function's first instruction. The
// instruction comes from the guarded access's record of where pc is
// (guarded_access.h), whatever registers the compiler chose for the interpreter.
TEST(TrapFrames, EveryGuardPageAccessFormNamesItsInstruction) {
  const char* kText = R"((module
    (memory 1)
    (func (export "load8_s") (param i32) (result i32)
      (drop (i32.load (i32.const 0))) (i32.load8_s (local.get 0)))
    (func (export "load16_u") (param i32) (result i64)
      (drop (i32.load (i32.const 0))) (i64.load16_u offset=7 (local.get 0)))
    (func (export "f64") (param i32) (result f64)
      (drop (i32.load (i32.const 0))) (f64.load (local.get 0)))
    (func (export "add_imm") (param i32) (result i32)
      (drop (i32.load (i32.const 0))) (i32.load (i32.add (local.get 0) (i32.const 3))))
    (func (export "add_slot") (param i32) (result i64)
      (local i32) (local.set 1 (i32.const 5))
      (drop (i32.load (i32.const 0))) (i64.load (i32.add (local.get 0) (local.get 1))))
    (func (export "scaled") (param i32) (result i32)
      (local i32) (local.set 1 (i32.const 8))
      (drop (i32.load (i32.const 0)))
      (i32.load (i32.add (local.get 1) (i32.shl (local.get 0) (i32.const 2)))))
    (func (export "scaled_imm") (param i32) (result i32)
      (drop (i32.load (i32.const 0)))
      (i32.load (i32.add (i32.const 8) (i32.shl (local.get 0) (i32.const 2)))))
    (func (export "store8") (param i32)
      (i32.store (i32.const 0) (i32.const 1)) (i32.store8 (local.get 0) (i32.const 2)))
    (func (export "store32") (param i32)
      (i32.store (i32.const 0) (i32.const 1)) (i64.store32 offset=1 (local.get 0) (i64.const 2)))
    (func (export "store_add") (param i32)
      (i32.store (i32.const 0) (i32.const 1))
      (f32.store (i32.add (local.get 0) (i32.const 2)) (f32.const 1)))
    (func (export "v128") (param i32) (result i32)
      (drop (i32.load (i32.const 0))) (i32x4.extract_lane 0 (v128.load (local.get 0))))
    (func (export "v128_8x8") (param i32) (result i32)
      (drop (i32.load (i32.const 0))) (i32x4.extract_lane 0 (v128.load8x8_s (local.get 0))))
    (func (export "v128_store") (param i32)
      (i32.store (i32.const 0) (i32.const 1)) (v128.store (local.get 0) (v128.const i64x2 1 2)))
    (func (export "load_lane") (param i32) (result i32)
      (drop (i32.load (i32.const 0)))
      (i32x4.extract_lane 0 (v128.load32_lane 1 (local.get 0) (v128.const i64x2 1 2))))
    (func (export "store_lane") (param i32)
      (i32.store (i32.const 0) (i32.const 1))
      (v128.store16_lane 3 (local.get 0) (v128.const i64x2 1 2)))))";
  struct Case {
    const char* name;
    int32_t arg;
  };
  const Case kCases[] = {{"load8_s", 65536},  {"load16_u", 65530},   {"f64", 65529},
                         {"add_imm", 65533},  {"add_slot", 65530},   {"scaled", 16382},
                         {"scaled_imm", 16382}, {"store8", 65536},   {"store32", 65532},
                         {"store_add", 65531}, {"v128", 65521},      {"v128_8x8", 65529},
                         {"v128_store", 65535}, {"load_lane", 65533}, {"store_lane", 65535}};
  std::vector<skiff::TrapFrame> checked[std::size(kCases)];
  for (bool guard_pages : {false, true}) {
    skiff::Config config;
    config.guard_pages = guard_pages;
    Engine engine(config);
    auto m = Module::compile_text(engine, kText);
    ASSERT_TRUE(m.ok()) << m.error().to_string();
    for (size_t i = 0; i < std::size(kCases); ++i) {
      Store store(engine);
      skiff::Trap t = call_trap(engine, store, *m, kCases[i].name, kCases[i].arg);
      EXPECT_EQ(t.reason(), skiff::TrapReason::MemoryOutOfBounds) << kCases[i].name;
      ASSERT_EQ(t.backtrace().size(), 1u) << kCases[i].name;
      const TrapFrame& f = t.backtrace()[0];
      EXPECT_NE(f.func_offset, TrapFrame::kNoOffset) << kCases[i].name;
      if (!guard_pages) {
        checked[i] = t.backtrace();
        continue;
      }
      EXPECT_EQ(f.func_index, checked[i][0].func_index) << kCases[i].name;
      EXPECT_EQ(f.func_offset, checked[i][0].func_offset) << kCases[i].name;
      EXPECT_EQ(f.module_offset, checked[i][0].module_offset) << kCases[i].name;
    }
  }
}

TEST(TrapFrames, TextModulesHaveOffsetsToo) {
  Engine engine;
  auto m = Module::compile_text(engine, R"((module
    (func $f (result i32) (unreachable))
    (func (export "g") (param i32) (result i32) (call $f))))");
  ASSERT_TRUE(m.ok());
  Store store(engine);
  skiff::Trap t = call_trap(engine, store, *m, "g", 0);
  ASSERT_EQ(t.backtrace().size(), 2u);
  EXPECT_NE(t.backtrace()[0].func_offset, TrapFrame::kNoOffset);
  EXPECT_NE(t.backtrace()[1].module_offset, TrapFrame::kNoOffset);
}

TEST(TrapReasonNames, EveryReasonHasAName) {
  EXPECT_STREQ(skiff::to_string(skiff::TrapReason::IntDivByZero), "int_div_by_zero");
  EXPECT_STREQ(skiff::to_string(skiff::TrapReason::MemoryOutOfBounds), "memory_out_of_bounds");
  EXPECT_STREQ(skiff::to_string(skiff::TrapReason::OutOfFuel), "out_of_fuel");
  EXPECT_STREQ(skiff::to_string(skiff::TrapReason::Host), "host");
  EXPECT_STREQ(skiff::to_string(skiff::TrapReason(200)), "unknown");
  for (int r = int(skiff::TrapReason::IntDivByZero); r <= int(skiff::TrapReason::Host); ++r)
    EXPECT_STRNE(skiff::to_string(skiff::TrapReason(r)), "unknown") << r;
}

}  // namespace
