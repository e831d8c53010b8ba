// Float semantics: min/max, rounding, sign ops and NaN rules by hand, and the
// run-time rounding builtins against the software path (the one constant
// evaluation uses) over many inputs.
#include "semantics/float.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace skiff::sem {
namespace {

constexpr uint32_t kPosCanon32 = 0x7FC00000u;
constexpr uint32_t kNegCanon32 = 0xFFC00000u;
constexpr uint32_t kSNaN32 = 0x7FA00000u;     // signalling, payload 0x200000
constexpr uint32_t kQNaNPay32 = 0x7FC00001u;  // quiet, not canonical
constexpr uint64_t kPosCanon64 = 0x7FF8000000000000ull;
constexpr uint64_t kSNaN64 = 0x7FF4000000000000ull;

// Operands go through a volatile so that the C++ compiler cannot fold the
// operation at compile time: LLVM's constant folder may return a signalling NaN
// operand unquieted (its default FP model treats sNaN as qNaN), which the hardware
// never does at run time.
float f32(uint32_t b) {
  volatile uint32_t v = b;
  return f32_from_bits(v);
}
double f64(uint64_t b) {
  volatile uint64_t v = b;
  return f64_from_bits(v);
}

// Constant evaluation takes the software path.
static_assert(f32_bits(f32_nearest(-0.5f)) == 0x80000000u);
static_assert(f32_nearest(0.5f) == 0.0f && f32_nearest(1.5f) == 2.0f && f32_nearest(2.5f) == 2.0f);
static_assert(f64_nearest(-2.5) == -2.0 && f64_nearest(4503599627370495.5) == 4503599627370496.0);
static_assert(f64_bits(f64_ceil(-0.5)) == 0x8000000000000000ull);
static_assert(f32_floor(-0.5f) == -1.0f && f32_floor(-0.0f) == 0.0f);
static_assert(f32_bits(f32_trunc(-0.7f)) == 0x80000000u);
static_assert(f32_bits(f32_min(-0.0f, 0.0f)) == 0x80000000u);
static_assert(f32_bits(f32_min(0.0f, -0.0f)) == 0x80000000u);
static_assert(f64_bits(f64_max(-0.0, 0.0)) == 0u);
static_assert(f32_bits(f32_abs(f32_from_bits(0xFFA00001u))) == 0x7FA00001u);
static_assert(f32_bits(f32_copysign(1.0f, -0.0f)) == 0xBF800000u);

TEST(Float, MinMaxZeros) {
  EXPECT_EQ(f32_bits(f32_min(-0.0f, 0.0f)), 0x80000000u);
  EXPECT_EQ(f32_bits(f32_min(0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(f32_bits(f32_max(-0.0f, 0.0f)), 0u);
  EXPECT_EQ(f32_bits(f32_max(0.0f, -0.0f)), 0u);
  EXPECT_EQ(f64_bits(f64_min(0.0, -0.0)), 0x8000000000000000ull);
  EXPECT_EQ(f64_bits(f64_max(-0.0, 0.0)), 0u);
  EXPECT_EQ(f32_min(-INFINITY, 1.0f), -INFINITY);
  EXPECT_EQ(f32_max(-INFINITY, INFINITY), INFINITY);
  EXPECT_EQ(f64_min(1.0, 2.0), 1.0);
  EXPECT_EQ(f64_max(1.0, 2.0), 2.0);
}

TEST(Float, MinMaxPropagateNaN) {
  // Both operand orders; x86 minss would return the second operand.
  for (float x : {0.0f, -1.0f, INFINITY, -INFINITY}) {
    EXPECT_TRUE(is_canonical_nan(f32_min(f32(kPosCanon32), x)));
    EXPECT_TRUE(is_canonical_nan(f32_min(x, f32(kNegCanon32))));
    EXPECT_TRUE(is_canonical_nan(f32_max(f32(kPosCanon32), x)));
    EXPECT_TRUE(is_canonical_nan(f32_max(x, f32(kPosCanon32))));
    // Non-canonical inputs give an arithmetic (quiet) NaN.
    EXPECT_TRUE(is_arithmetic_nan(f32_min(f32(kSNaN32), x)));
    EXPECT_TRUE(is_arithmetic_nan(f32_max(x, f32(kSNaN32))));
    EXPECT_TRUE(is_arithmetic_nan(f32_min(x, f32(kQNaNPay32))));
  }
  EXPECT_TRUE(is_canonical_nan(f64_min(f64(kPosCanon64), 1.0)));
  EXPECT_TRUE(is_arithmetic_nan(f64_max(1.0, f64(kSNaN64))));
  EXPECT_TRUE(is_arithmetic_nan(f64_max(f64(kSNaN64), f64(kSNaN64))));
}

TEST(Float, ArithmeticNaNs) {
  EXPECT_TRUE(is_canonical_nan(f32_add(INFINITY, -INFINITY)));
  EXPECT_TRUE(is_canonical_nan(f32_mul(0.0f, INFINITY)));
  EXPECT_TRUE(is_canonical_nan(f32_div(0.0f, 0.0f)));
  EXPECT_TRUE(is_canonical_nan(f32_sqrt(-1.0f)));
  EXPECT_TRUE(is_canonical_nan(f64_sub(INFINITY, INFINITY)));
  EXPECT_TRUE(is_canonical_nan(f64_sqrt(-1.0)));
  EXPECT_TRUE(is_canonical_nan(f32_add(f32(kPosCanon32), 1.0f)));
  EXPECT_TRUE(is_arithmetic_nan(f32_add(f32(kSNaN32), 1.0f)));
  EXPECT_TRUE(is_arithmetic_nan(f32_sqrt(f32(kSNaN32))));
  EXPECT_TRUE(is_arithmetic_nan(f64_mul(2.0, f64(kSNaN64))));
  EXPECT_EQ(f64_sqrt(-0.0), -0.0);
  EXPECT_TRUE(std::signbit(f64_sqrt(-0.0)));
}

TEST(Float, SignOpsAreBitOps) {
  // abs / neg / copysign keep every payload bit, even of a signalling NaN.
  EXPECT_EQ(f32_bits(f32_abs(f32(0xFFA00001u))), 0x7FA00001u);
  EXPECT_EQ(f32_bits(f32_neg(f32(0x7FA00001u))), 0xFFA00001u);
  EXPECT_EQ(f32_bits(f32_neg(0.0f)), 0x80000000u);
  EXPECT_EQ(f32_bits(f32_copysign(f32(0x7FA00001u), -1.0f)), 0xFFA00001u);
  EXPECT_EQ(f32_bits(f32_copysign(2.0f, f32(kNegCanon32))), 0xC0000000u);
  EXPECT_EQ(f64_bits(f64_abs(f64(0xFFF4000000000001ull))), 0x7FF4000000000001ull);
  EXPECT_EQ(f64_bits(f64_neg(f64(kSNaN64))), 0xFFF4000000000000ull);
  EXPECT_EQ(f64_bits(f64_copysign(1.0, -0.0)), 0xBFF0000000000000ull);
}

TEST(Float, Rounding) {
  struct Case {
    double in, ceil, floor, trunc, nearest;
  };
  const Case cases[] = {
      {0.5, 1, 0, 0, 0},
      {-0.5, -0.0, -1, -0.0, -0.0},
      {1.5, 2, 1, 1, 2},
      {2.5, 3, 2, 2, 2},
      {-2.5, -2, -3, -2, -2},
      {-1.5, -1, -2, -1, -2},
      {3.5, 4, 3, 3, 4},
      {0.49999999999999994, 1, 0, 0, 0},
      {-0.0, -0.0, -0.0, -0.0, -0.0},
      {1e300, 1e300, 1e300, 1e300, 1e300},
      {4503599627370495.5, 4503599627370496, 4503599627370495, 4503599627370495, 4503599627370496},
      {-4503599627370495.5, -4503599627370495, -4503599627370496, -4503599627370495,
       -4503599627370496},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(f64_bits(f64_ceil(c.in)), f64_bits(c.ceil)) << c.in;
    EXPECT_EQ(f64_bits(f64_floor(c.in)), f64_bits(c.floor)) << c.in;
    EXPECT_EQ(f64_bits(f64_trunc(c.in)), f64_bits(c.trunc)) << c.in;
    EXPECT_EQ(f64_bits(f64_nearest(c.in)), f64_bits(c.nearest)) << c.in;
    float f = float(c.in);
    if (double(f) == c.in) {
      EXPECT_EQ(f32_bits(f32_ceil(f)), f32_bits(float(c.ceil))) << c.in;
      EXPECT_EQ(f32_bits(f32_floor(f)), f32_bits(float(c.floor))) << c.in;
      EXPECT_EQ(f32_bits(f32_trunc(f)), f32_bits(float(c.trunc))) << c.in;
      EXPECT_EQ(f32_bits(f32_nearest(f)), f32_bits(float(c.nearest))) << c.in;
    }
  }
  EXPECT_EQ(f32_nearest(8388607.5f), 8388608.0f);
  EXPECT_EQ(f32_nearest(-8388609.0f), -8388609.0f);
  EXPECT_EQ(f32_ceil(-INFINITY), -INFINITY);
  // NaNs are quieted, canonical ones stay canonical.
  EXPECT_TRUE(is_canonical_nan(f32_floor(f32(kNegCanon32))));
  EXPECT_TRUE(is_arithmetic_nan(f32_floor(f32(kSNaN32))));
  EXPECT_TRUE(is_arithmetic_nan(f32_ceil(f32(kSNaN32))));
  EXPECT_TRUE(is_arithmetic_nan(f32_trunc(f32(kSNaN32))));
  EXPECT_TRUE(is_arithmetic_nan(f32_nearest(f32(kSNaN32))));
  EXPECT_TRUE(is_arithmetic_nan(f64_nearest(f64(kSNaN64))));
  EXPECT_TRUE(is_arithmetic_nan(f64_trunc(f64(kSNaN64))));
}

// Run-time builtins and the constant-evaluation software path must agree bit for
// bit, NaNs included (both quiet them; compare quietness, not payload).
template <class F, class Gen>
void compare_rounding(Gen gen, int n) {
  for (int i = 0; i < n; ++i) {
    F x = from_bits<F>(gen());
    auto same = [&](F a, F b, const char* what) {
      if (is_nan(a) || is_nan(b)) {
        EXPECT_TRUE(is_arithmetic_nan(a) && is_arithmetic_nan(b)) << what << " " << x;
      } else {
        EXPECT_EQ(to_bits(a), to_bits(b)) << what << " of " << x;
      }
    };
    same(fceil(x), soft::ceil(x), "ceil");
    same(ffloor(x), soft::floor(x), "floor");
    same(ftrunc(x), soft::trunc(x), "trunc");
    same(fnearest(x), soft::nearest(x), "nearest");
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(Float, BuiltinRoundingMatchesSoftware) {
  std::mt19937_64 rng(7);
  // Uniform bit patterns hit every exponent; the second generators concentrate on
  // magnitudes around 1 .. 2^mant, where rounding does something.
  compare_rounding<float>([&] { return uint32_t(rng()); }, 200000);
  compare_rounding<float>(
      [&] { return uint32_t((rng() & 0x807FFFFFu) | ((126u + rng() % 26) << 23)); }, 200000);
  compare_rounding<double>([&] { return uint64_t(rng()); }, 200000);
  compare_rounding<double>(
      [&] { return (rng() & 0x800FFFFFFFFFFFFFull) | (uint64_t(1022 + rng() % 55) << 52); },
      200000);
}

TEST(Float, Comparisons) {
  float nan = f32(kPosCanon32);
  EXPECT_EQ(f32_eq(nan, nan), 0u);
  EXPECT_EQ(f32_ne(nan, nan), 1u);
  EXPECT_EQ(f32_lt(nan, 1.0f), 0u);
  EXPECT_EQ(f32_ge(nan, 1.0f), 0u);
  EXPECT_EQ(f32_eq(0.0f, -0.0f), 1u);
  EXPECT_EQ(f32_lt(-0.0f, 0.0f), 0u);
  EXPECT_EQ(f64_le(-INFINITY, -1e308), 1u);
  EXPECT_EQ(f64_gt(f64(kSNaN64), 0.0), 0u);
  EXPECT_EQ(f64_ne(f64(kSNaN64), 0.0), 1u);
}

}  // namespace
}  // namespace skiff::sem
