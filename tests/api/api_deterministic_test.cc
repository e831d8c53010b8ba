// Config::deterministic through the API: every NaN a float operation makes is the
// canonical NaN (also in code loaded by Module::deserialize); the default engine
// gives the host's NaN.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "skiff/skiff.hpp"

namespace {

using skiff::Config;
using skiff::Engine;
using skiff::Linker;
using skiff::Module;
using skiff::Store;
using skiff::Val;

constexpr const char* kWat = R"((module
  (func (export "f32_div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
  (func (export "f64_sqrt_set") (param f64) (result f64) (local f64)
    (local.set 1 (f64.sqrt (local.get 0))) (local.get 1))
  (func (export "f64x2_max") (param v128 v128) (result v128) (f64x2.max (local.get 0) (local.get 1)))
  (func (export "f32_neg") (param f32) (result f32) (f32.neg (local.get 0)))))";

struct Bits {
  uint32_t div_nan = 0, div_ok = 0, neg = 0;
  uint64_t sqrt_nan = 0, lane0 = 0, lane1 = 0;
};

Bits run(const Engine& engine, const Module& m) {
  Bits r;
  Store store(engine);
  Linker linker(engine);
  auto inst = linker.instantiate(store, m);
  EXPECT_TRUE(inst.ok());
  if (!inst.ok()) return r;
  auto call = [&](const char* name, std::vector<Val> args) {
    auto v = inst->func(name)->call(args);
    EXPECT_TRUE(v.ok()) << name;
    return v.ok() && !v->empty() ? (*v)[0] : Val();
  };
  r.div_nan = call("f32_div", {Val::f32_bits(0xFFA00001u), Val(1.0f)}).f32_bits();
  r.div_ok = call("f32_div", {Val(6.0f), Val(3.0f)}).f32_bits();
  r.sqrt_nan = call("f64_sqrt_set", {Val(-2.0)}).f64_bits();
  std::array<uint8_t, 16> a{}, b{};
  const uint64_t nan_payload = 0xFFF0000000000007ull, one = 0x3FF0000000000000ull;
  std::memcpy(a.data(), &nan_payload, 8);  // lane 0: -nan:0x7
  std::memcpy(a.data() + 8, &one, 8);      // lane 1: 1
  std::memcpy(b.data(), &one, 8);
  std::memcpy(b.data() + 8, &one, 8);
  auto lanes = call("f64x2_max", {Val::v128(a), Val::v128(b)}).as_v128();
  std::memcpy(&r.lane0, lanes.data(), 8);
  std::memcpy(&r.lane1, lanes.data() + 8, 8);
  r.neg = call("f32_neg", {Val::f32_bits(0x7F800001u)}).f32_bits();
  return r;
}

void expect_canonical(const Bits& r) {
  EXPECT_EQ(r.div_nan, 0x7FC00000u);
  EXPECT_EQ(r.div_ok, 0x40000000u);
  EXPECT_EQ(r.sqrt_nan, 0x7FF8000000000000ull);
  EXPECT_EQ(r.lane0, 0x7FF8000000000000ull);
  EXPECT_EQ(r.lane1, 0x3FF0000000000000ull);
  EXPECT_EQ(r.neg, 0xFF800001u);  // a bit operation keeps the NaN's bits
}

TEST(ApiDeterministic, CanonicalNaNs) {
  Config c;
  c.deterministic = true;
  Engine engine(c);
  auto m = Module::compile_text(engine, kWat);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  expect_canonical(run(engine, *m));
  // Code precompiled by serialize() and loaded again behaves the same.
  auto bytes = m->serialize();
  ASSERT_TRUE(bytes.ok());
  auto back = Module::deserialize(engine, *bytes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  expect_canonical(run(engine, *back));
}

#if defined(__x86_64__)
TEST(ApiDeterministic, DefaultEngineGivesTheHostsNaN) {
  Engine engine;
  auto m = Module::compile_text(engine, kWat);
  ASSERT_TRUE(m.ok());
  Bits r = run(engine, *m);
  EXPECT_EQ(r.div_nan, 0xFFE00001u);  // x86-64: the operand's NaN, quietened
  EXPECT_EQ(r.lane0, 0xFFF8000000000007ull);
}
#endif

}  // namespace
