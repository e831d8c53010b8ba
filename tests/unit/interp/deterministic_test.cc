// Deterministic mode (InterpConfig::deterministic): NaN results are canonical in
// every code variant (guard pages or explicit checks, with or without fuel checks),
// other values and bit operations are untouched, and the deterministic code is a
// separate cache variant (default code has no canon ops).
#include <gtest/gtest.h>

#include <cstring>

#include "interp/code_cache.h"
#include "interp/exec.h"
#include "interp/translate.h"
#include "interp_test_util.h"

namespace skiff::interp {
namespace {

using testing::I32;
using testing::I64;
using testing::Wasm;

constexpr const char* kModule = R"((module
  (func (export "f32_add_bits") (param i32 i32) (result i32)
    (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.reinterpret_i32 (local.get 1)))))
  (func (export "f32_sqrt_set") (param i32) (result i32) (local f32)
    (local.set 1 (f32.sqrt (f32.reinterpret_i32 (local.get 0))))
    (i32.reinterpret_f32 (local.get 1)))
  (func (export "f64_min_bits") (param i64 i64) (result i64)
    (i64.reinterpret_f64 (f64.min (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1)))))
  (func (export "f64_promote_bits") (param i32) (result i64)
    (i64.reinterpret_f64 (f64.promote_f32 (f32.reinterpret_i32 (local.get 0)))))
  (func (export "f32_demote_bits") (param i64) (result i32)
    (i32.reinterpret_f32 (f32.demote_f64 (f64.reinterpret_i64 (local.get 0)))))
  ;; a loop multiplying into a local (fuel checks at the loop header)
  (func (export "f64_loop") (param i64 i32) (result i64) (local f64)
    (local.set 2 (f64.const 1))
    (loop $l
      (local.set 2 (f64.mul (local.get 2) (f64.reinterpret_i64 (local.get 0))))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (i64.reinterpret_f64 (local.get 2)))
  (func (export "f32x4_madd_lane") (param i32 i32) (result i32)
    (i32x4.extract_lane 1
      (f32x4.relaxed_madd (f32x4.splat (f32.reinterpret_i32 (local.get 0)))
                          (v128.const f32x4 1 1 1 1) (v128.const f32x4 1 1 1 1))))
  (func (export "f64x2_sub_lane") (param i64) (result i64)
    (i64x2.extract_lane 0
      (f64x2.sub (f64x2.splat (f64.reinterpret_i64 (local.get 0))) (v128.const f64x2 1 1))))
  (func (export "f32_neg_bits") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (local.get 0)))))
  (func (export "f64_abs_bits") (param i64) (result i64)
    (i64.reinterpret_f64 (f64.abs (f64.reinterpret_i64 (local.get 0)))))
))";

constexpr uint32_t kCanon32 = 0x7FC00000u;
constexpr uint64_t kCanon64 = 0x7FF8000000000000ull;

void check_canonical(Wasm& w) {
  // NaN operands with a sign and payload, and NaNs made from ordinary operands.
  EXPECT_EQ(w.i32("f32_add_bits", {I32(0xFFA00001u), I32(0x3F800000u)}), kCanon32);
  EXPECT_EQ(w.i32("f32_add_bits", {I32(0x7F800000u), I32(0xFF800000u)}), kCanon32);  // inf - inf
  EXPECT_EQ(w.i32("f32_add_bits", {I32(0x3F800000u), I32(0x3F800000u)}), 0x40000000u);
  EXPECT_EQ(w.i32("f32_sqrt_set", {I32(0xBF800000u)}), kCanon32);  // sqrt(-1)
  EXPECT_EQ(w.i32("f32_sqrt_set", {I32(0x40800000u)}), 0x40000000u);
  EXPECT_EQ(w.i64("f64_min_bits", {I64(0xFFF0000000000001ull), I64(0)}), kCanon64);
  EXPECT_EQ(w.i64("f64_min_bits", {I64(0x3FF0000000000000ull), I64(0)}), 0u);
  EXPECT_EQ(w.i64("f64_promote_bits", {I32(0xFF800001u)}), kCanon64);
  EXPECT_EQ(w.i32("f32_demote_bits", {I64(0xFFFFFFFFFFFFFFFFull)}), kCanon32);
  EXPECT_EQ(w.i64("f64_loop", {I64(0xFFF0000000000009ull), I32(5)}), kCanon64);
  EXPECT_EQ(w.i64("f64_loop", {I64(0x4000000000000000ull), I32(3)}), 0x4020000000000000ull);
  EXPECT_EQ(w.i32("f32x4_madd_lane", {I32(0xFF800009u), I32(0)}), kCanon32);
  EXPECT_EQ(w.i64("f64x2_sub_lane", {I64(0xFFF8000000000005ull)}), kCanon64);
  // Bit operations keep the NaN's bits.
  EXPECT_EQ(w.i32("f32_neg_bits", {I32(0x7F800001u)}), 0xFF800001u);
  EXPECT_EQ(w.i64("f64_abs_bits", {I64(0xFFF0000000000003ull)}), 0x7FF0000000000003ull);
}

TEST(Deterministic, NaNsAreCanonicalInEveryVariant) {
  for (bool guard : {true, false}) {
    InterpConfig cfg;
    cfg.deterministic = true;
    cfg.guard_pages = guard;
    Wasm w(kModule, cfg);
    ASSERT_TRUE(w.ok()) << w.error();
    check_canonical(w);
  }
}

TEST(Deterministic, WithFuelChecks) {
  // The store counts fuel: the code has `check`s (another variant).
  rt::Engine engine;
  rt::Store store(engine);
  store.limits.fuel = true;
  store.set_fuel(1'000'000);
  InterpConfig cfg;
  cfg.deterministic = true;
  Interpreter interp(store, cfg);
  auto m = text::parse_wat(kModule);
  ASSERT_TRUE(m.ok());
  auto cm = rt::CompiledModule::compile(std::move(*m));
  ASSERT_TRUE(cm.ok());
  auto inst = rt::instantiate(store, *cm, {});
  ASSERT_TRUE(inst.ok());
  auto call = [&](const char* name, std::vector<rt::Val> args) {
    std::vector<rt::Val> r;
    auto t = rt::invoke(store, (*inst)->export_func(name), args, r);
    EXPECT_FALSE(t.has_value());
    return r.empty() ? uint64_t(0xDEADBEEF) : r[0].i64;
  };
  EXPECT_EQ(call("f64_loop", {I64(0xFFF0000000000009ull), I32(5)}), kCanon64);
  EXPECT_EQ(call("f64_loop", {I64(0x4000000000000000ull), I32(3)}), 0x4020000000000000ull);
  EXPECT_EQ(uint32_t(call("f32_sqrt_set", {I32(0xBF800000u)})), kCanon32);
  EXPECT_LT(store.fuel(), 1'000'000u);
}

#if defined(__x86_64__)
TEST(Deterministic, DefaultModeKeepsTheHostsBits) {
  // Without the mode the host's NaN comes through (x86-64 propagates the first NaN
  // operand, quietened): the checks above can fail.
  Wasm w(kModule);
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i32("f32_add_bits", {I32(0xFFA00001u), I32(0x3F800000u)}), 0xFFE00001u);
  EXPECT_EQ(w.i64("f64_min_bits", {I64(0xFFF0000000000001ull), I64(0)}), 0xFFF8000000000001ull);
}
#endif

TEST(Deterministic, CanonOpsOnlyInTheDeterministicVariant) {
  auto m = text::parse_wat(kModule);
  ASSERT_TRUE(m.ok());
  auto cm = rt::CompiledModule::compile(std::move(*m));
  ASSERT_TRUE(cm.ok());
  const void* const* handlers = detail::handler_table();
  auto count_canon = [&](const Code& c) {
    uint32_t n = 0;
    const uint8_t* p = c.begin();
    const uint8_t* end = p + c.size_bytes();
    while (p < end) {
      const void* h;
      std::memcpy(&h, p, 8);
      unsigned op = 0;
      while (op < unsigned(IOp::Count_) && handlers[op] != h) ++op;
      EXPECT_LT(op, unsigned(IOp::Count_));
      if (op >= unsigned(IOp::Count_)) return n;
      IOp o = IOp(op);
      n += o == IOp::F32Canon || o == IOp::F64Canon || o == IOp::F32x4Canon || o == IOp::F64x2Canon;
      uint32_t fields = kOpInfo[op].fields;
      if (o == IOp::BrTable) {
        uint32_t k;
        std::memcpy(&k, p + kOpHeader + 4, 4);
        fields = 2 + k + 1;
      }
      p += instr_bytes(fields);
    }
    return n;
  };
  TranslateOptions plain, det;
  det.canon_nans = true;
  EXPECT_NE(code_variant(plain), code_variant(det));
  EXPECT_LT(code_variant(det), rt::CodeCache::kVariants);
  // f32_add_bits is function 0: one canon op in deterministic code, none otherwise.
  auto a = translate(**cm, 0, handlers, plain);
  auto b = translate(**cm, 0, handlers, det);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(count_canon(**a), 0u);
  EXPECT_EQ(count_canon(**b), 1u);
  // f32_neg_bits (function 8): nothing to canonicalise.
  auto c = translate(**cm, 8, handlers, det);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(count_canon(**c), 0u);
  // The verifier knows the canon ops.
  EXPECT_TRUE(verify_code(**b, **cm, handlers).ok());
}

}  // namespace
}  // namespace skiff::interp
