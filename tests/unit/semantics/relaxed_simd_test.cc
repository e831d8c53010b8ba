// Relaxed SIMD: each op gives the documented deterministic choice (the spec's A_0,
// which is the non-relaxed counterpart where there is one).
#include "semantics/relaxed_simd.h"

#include <gtest/gtest.h>

#include <random>

namespace skiff::sem {
namespace {

V128 random_v128(std::mt19937_64& rng) { return make_i64x2({rng(), rng()}); }

TEST(Relaxed, CounterpartsAreTheNonRelaxedOps) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 5000; ++i) {
    V128 a = random_v128(rng), b = random_v128(rng), c = random_v128(rng);
    if (i % 3 == 0) b = i8x16_splat(uint32_t(rng() % 40));  // in-range swizzle indices
    EXPECT_EQ(i8x16_relaxed_swizzle(a, b), i8x16_swizzle(a, b));
    EXPECT_EQ(i32x4_relaxed_trunc_f32x4_s(a), i32x4_trunc_sat_f32x4_s(a));
    EXPECT_EQ(i32x4_relaxed_trunc_f32x4_u(a), i32x4_trunc_sat_f32x4_u(a));
    EXPECT_EQ(i32x4_relaxed_trunc_f64x2_s_zero(a), i32x4_trunc_sat_f64x2_s_zero(a));
    EXPECT_EQ(i32x4_relaxed_trunc_f64x2_u_zero(a), i32x4_trunc_sat_f64x2_u_zero(a));
    EXPECT_EQ(i8x16_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
    EXPECT_EQ(i16x8_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
    EXPECT_EQ(i32x4_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
    EXPECT_EQ(i64x2_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
    EXPECT_EQ(i16x8_relaxed_q15mulr_s(a, b), i16x8_q15mulr_sat_s(a, b));
    // min/max: equal as values; NaN results are NaN on both sides.
    for (auto [r, s] : {std::pair{f32x4_relaxed_min(a, b), f32x4_min(a, b)},
                        std::pair{f32x4_relaxed_max(a, b), f32x4_max(a, b)}}) {
      Lanes<float> x = lanes<float>(r), y = lanes<float>(s);
      for (int k = 0; k < 4; ++k)
        EXPECT_TRUE(is_nan(x[k]) ? is_nan(y[k]) : to_bits(x[k]) == to_bits(y[k]));
    }
    for (auto [r, s] : {std::pair{f64x2_relaxed_min(a, b), f64x2_min(a, b)},
                        std::pair{f64x2_relaxed_max(a, b), f64x2_max(a, b)}}) {
      Lanes<double> x = lanes<double>(r), y = lanes<double>(s);
      for (int k = 0; k < 2; ++k)
        EXPECT_TRUE(is_nan(x[k]) ? is_nan(y[k]) : to_bits(x[k]) == to_bits(y[k]));
    }
  }
}

TEST(Relaxed, TruncSaturates) {
  V128 f = make_f32x4({f32_from_bits(0x7FC00000u), -2147483904.0f, 2147483648.0f, -1.0f});
  EXPECT_EQ(lanes<uint32_t>(i32x4_relaxed_trunc_f32x4_s(f)),
            (Lanes<uint32_t>{0, 0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu}));
  EXPECT_EQ(lanes<uint32_t>(i32x4_relaxed_trunc_f32x4_u(f)),
            (Lanes<uint32_t>{0, 0, 0x80000000u, 0}));
  V128 d = make_f64x2({f64_from_bits(0xFFF8000000000000ull), 4294967296.0});
  EXPECT_EQ(lanes<uint32_t>(i32x4_relaxed_trunc_f64x2_s_zero(d)),
            (Lanes<uint32_t>{0, 0x7FFFFFFFu, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(i32x4_relaxed_trunc_f64x2_u_zero(d)),
            (Lanes<uint32_t>{0, 0xFFFFFFFFu, 0, 0}));
}

TEST(Relaxed, MaddIsUnfused) {
  // FLT_MAX * 2 - FLT_MAX: inf unfused (FLT_MAX fused).
  V128 r = f32x4_relaxed_madd(f32x4_splat(0x1.fffffep127f), f32x4_splat(2.0f),
                              f32x4_splat(-0x1.fffffep127f));
  EXPECT_EQ(lanes<float>(r)[0], INFINITY);
  // x*y + z rounds to 0 unfused (2^-37 fused).
  r = f32x4_relaxed_madd(f32x4_splat(0x1.000004p0f), f32x4_splat(0x1.0002p0f),
                         f32x4_splat(-0x1.000204p0f));
  EXPECT_EQ(lanes<float>(r)[3], 0.0f);
  r = f32x4_relaxed_nmadd(f32x4_splat(-0x1.000004p0f), f32x4_splat(0x1.0002p0f),
                          f32x4_splat(-0x1.000204p0f));
  EXPECT_EQ(lanes<float>(r)[1], 0.0f);
  V128 d = f64x2_relaxed_madd(f64x2_splat(0x1.00000004p0), f64x2_splat(0x1.000002p0),
                              f64x2_splat(-0x1.00000204p0));
  EXPECT_EQ(lanes<double>(d)[0], 0.0);
  d = f64x2_relaxed_nmadd(f64x2_splat(0x1.00000004p0), f64x2_splat(-0x1.000002p0),
                          f64x2_splat(-0x1.00000204p0));
  EXPECT_EQ(lanes<double>(d)[1], 0.0);
  d = f64x2_relaxed_madd(f64x2_splat(0x1.fffffffffffffp1023), f64x2_splat(2.0),
                         f64x2_splat(-0x1.fffffffffffffp1023));
  EXPECT_EQ(lanes<double>(d)[0], INFINITY);
  // nmadd(a, b, c) = -(a*b) + c.
  d = f64x2_relaxed_nmadd(f64x2_splat(3.0), f64x2_splat(4.0), f64x2_splat(1.0));
  EXPECT_EQ(lanes<double>(d)[0], -11.0);
}

// The same with run-time operands, which the C++ compiler could fuse into an FMA if
// the build allowed contraction (-ffp-contract=off is required).
TEST(Relaxed, MaddIsUnfusedAtRunTime) {
  volatile float x = 0x1.000004p0f, y = 0x1.0002p0f, z = -0x1.000204p0f;
  V128 r = f32x4_relaxed_madd(f32x4_splat(x), f32x4_splat(y), f32x4_splat(z));
  EXPECT_EQ(lanes<float>(r), (Lanes<float>{0.0f, 0.0f, 0.0f, 0.0f}));
  EXPECT_EQ(frelaxed_madd<float>(x, y, z), 0.0f);
  EXPECT_EQ(f32_add(f32_mul(x, y), z), 0.0f);
  volatile double a = 0x1.00000004p0, b = 0x1.000002p0, c = -0x1.00000204p0;
  V128 d = f64x2_relaxed_madd(f64x2_splat(a), f64x2_splat(b), f64x2_splat(c));
  EXPECT_EQ(lanes<double>(d), (Lanes<double>{0.0, 0.0}));
  EXPECT_EQ(frelaxed_nmadd<double>(-a, b, c), 0.0);
}

TEST(Relaxed, DotProductIsSignedWithSaturation) {
  V128 a = make_i8x16({0x80, 0x80, 0x7F, 0x7F, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  V128 b = make_i8x16({0x81, 0x81, 0x7F, 0x7F, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  Lanes<uint16_t> r = lanes<uint16_t>(i16x8_relaxed_dot_i8x16_i7x16_s(a, b));
  EXPECT_EQ(int16_t(r[0]), 32512);  // -128 * -127 * 2 (signed * signed)
  EXPECT_EQ(int16_t(r[1]), 32258);
  EXPECT_EQ(r[2], 1u);
  EXPECT_EQ(r[3], 13u);
  // Signed products of -128 * -128 twice: 32768 saturates to 32767.
  EXPECT_EQ(
      lanes<uint16_t>(i16x8_relaxed_dot_i8x16_i7x16_s(i8x16_splat(0x80), i8x16_splat(0x80)))[0],
      0x7FFFu);
  // dot_add: -128 * -127 * 4 + 1 = 65025, as in relaxed_dot_product.wast.
  V128 c = make_i32x4({1, 2, 3, 4});
  V128 x = make_i8x16({0x80, 0x80, 0x80, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  V128 y = make_i8x16({0x81, 0x81, 0x81, 0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(lanes<uint32_t>(i32x4_relaxed_dot_i8x16_i7x16_add_s(x, y, c)),
            (Lanes<uint32_t>{65025, 2, 3, 4}));
  // The intermediate i16 lanes saturate before the pairwise add.
  EXPECT_EQ(lanes<uint32_t>(i32x4_relaxed_dot_i8x16_i7x16_add_s(
                i8x16_splat(0x80), i8x16_splat(0x80), i32x4_splat(0)))[0],
            65534u);
}

TEST(Relaxed, Q15MulrSaturates) {
  V128 r = i16x8_relaxed_q15mulr_s(make_i16x8({0x8000, 0x8001, 0x7FFF, 0, 0, 0, 0, 0}),
                                   make_i16x8({0x8000, 0x8000, 0x7FFF, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<uint16_t>(r), (Lanes<uint16_t>{0x7FFF, 0x7FFF, 0x7FFE, 0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace skiff::sem
