// Conversions: trunc boundaries (trapping and saturating), int -> float rounding
// against an integer-arithmetic reference, demote/promote NaNs.
#include "semantics/convert.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

namespace skiff::sem {
namespace {

static_assert([] {
  uint32_t r = 0;
  return i32_trunc_f32_s(-2147483648.0f, r) == TrapKind::None && r == 0x80000000u;
}());
static_assert(i64_trunc_sat_f64_u(-1.0) == 0 && i64_trunc_sat_f64_u(1e30) == ~0ull);
static_assert(f32_convert_i64_u(0xFFFFFFFFFFFFFFFFull) == 18446744073709551616.0f);

TEST(Convert, TruncF32ToI32) {
  uint32_t r = 0;
  EXPECT_EQ(i32_trunc_f32_s(2147483648.0f, r), TrapKind::IntOverflow);
  EXPECT_EQ(i32_trunc_f32_s(-2147483904.0f, r), TrapKind::IntOverflow);  // next below -2^31
  ASSERT_EQ(i32_trunc_f32_s(-2147483648.0f, r), TrapKind::None);
  EXPECT_EQ(r, 0x80000000u);
  ASSERT_EQ(i32_trunc_f32_s(2147483520.0f, r), TrapKind::None);  // largest below 2^31
  EXPECT_EQ(r, 2147483520u);
  ASSERT_EQ(i32_trunc_f32_s(-0.9f, r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(i32_trunc_f32_s(INFINITY, r), TrapKind::IntOverflow);
  EXPECT_EQ(i32_trunc_f32_s(-INFINITY, r), TrapKind::IntOverflow);
  EXPECT_EQ(i32_trunc_f32_s(NAN, r), TrapKind::InvalidConversion);
  EXPECT_EQ(i32_trunc_f32_s(f32_from_bits(0xFFA00000u), r), TrapKind::InvalidConversion);

  EXPECT_EQ(i32_trunc_f32_u(4294967296.0f, r), TrapKind::IntOverflow);
  EXPECT_EQ(i32_trunc_f32_u(-1.0f, r), TrapKind::IntOverflow);
  ASSERT_EQ(i32_trunc_f32_u(-0.99999994f, r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  ASSERT_EQ(i32_trunc_f32_u(4294967040.0f, r), TrapKind::None);
  EXPECT_EQ(r, 4294967040u);
  EXPECT_EQ(i32_trunc_f32_u(NAN, r), TrapKind::InvalidConversion);
}

TEST(Convert, TruncF64ToI32) {
  uint32_t r = 0;
  ASSERT_EQ(i32_trunc_f64_s(-2147483648.9, r), TrapKind::None);
  EXPECT_EQ(r, 0x80000000u);
  EXPECT_EQ(i32_trunc_f64_s(-2147483649.0, r), TrapKind::IntOverflow);
  ASSERT_EQ(i32_trunc_f64_s(2147483647.9, r), TrapKind::None);
  EXPECT_EQ(r, 0x7FFFFFFFu);
  EXPECT_EQ(i32_trunc_f64_s(2147483648.0, r), TrapKind::IntOverflow);
  ASSERT_EQ(i32_trunc_f64_u(4294967295.9, r), TrapKind::None);
  EXPECT_EQ(r, 0xFFFFFFFFu);
  EXPECT_EQ(i32_trunc_f64_u(4294967296.0, r), TrapKind::IntOverflow);
  ASSERT_EQ(i32_trunc_f64_u(-0.9999999999999999, r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(i32_trunc_f64_u(-1.0, r), TrapKind::IntOverflow);
  EXPECT_EQ(i32_trunc_f64_u(std::nan(""), r), TrapKind::InvalidConversion);
}

TEST(Convert, TruncToI64) {
  uint64_t r = 0;
  EXPECT_EQ(i64_trunc_f32_s(9223372036854775808.0f, r), TrapKind::IntOverflow);
  ASSERT_EQ(i64_trunc_f32_s(-9223372036854775808.0f, r), TrapKind::None);
  EXPECT_EQ(r, 0x8000000000000000ull);
  EXPECT_EQ(i64_trunc_f32_s(-9223373136366403584.0f, r), TrapKind::IntOverflow);
  ASSERT_EQ(i64_trunc_f32_s(9223371487098961920.0f, r), TrapKind::None);
  EXPECT_EQ(r, 9223371487098961920ull);
  EXPECT_EQ(i64_trunc_f32_u(18446744073709551616.0f, r), TrapKind::IntOverflow);
  ASSERT_EQ(i64_trunc_f32_u(18446742974197923840.0f, r), TrapKind::None);
  EXPECT_EQ(r, 18446742974197923840ull);

  EXPECT_EQ(i64_trunc_f64_s(9223372036854775808.0, r), TrapKind::IntOverflow);
  ASSERT_EQ(i64_trunc_f64_s(-9223372036854775808.0, r), TrapKind::None);
  EXPECT_EQ(r, 0x8000000000000000ull);
  EXPECT_EQ(i64_trunc_f64_s(-9223372036854777856.0, r), TrapKind::IntOverflow);
  ASSERT_EQ(i64_trunc_f64_s(9223372036854774784.0, r), TrapKind::None);
  EXPECT_EQ(r, 9223372036854774784ull);
  EXPECT_EQ(i64_trunc_f64_u(18446744073709551616.0, r), TrapKind::IntOverflow);
  ASSERT_EQ(i64_trunc_f64_u(18446744073709549568.0, r), TrapKind::None);
  EXPECT_EQ(r, 18446744073709549568ull);
  ASSERT_EQ(i64_trunc_f64_u(-0.5, r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(i64_trunc_f64_u(-1.0, r), TrapKind::IntOverflow);
  EXPECT_EQ(i64_trunc_f64_s(std::nan(""), r), TrapKind::InvalidConversion);
}

TEST(Convert, TruncSat) {
  EXPECT_EQ(i32_trunc_sat_f32_s(2147483648.0f), 0x7FFFFFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_s(-2147483904.0f), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f32_s(-INFINITY), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f32_s(NAN), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_s(-NAN), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_s(-1.5f), 0xFFFFFFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_u(-1.0f), 0u);
  EXPECT_EQ(i32_trunc_sat_f32_u(INFINITY), 0xFFFFFFFFu);
  EXPECT_EQ(i32_trunc_sat_f32_u(4294967040.0f), 4294967040u);
  EXPECT_EQ(i32_trunc_sat_f64_s(-2147483648.9), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f64_s(-2147483649.0), 0x80000000u);
  EXPECT_EQ(i32_trunc_sat_f64_s(1e10), 0x7FFFFFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(4294967296.0), 0xFFFFFFFFu);
  EXPECT_EQ(i32_trunc_sat_f64_u(std::nan("")), 0u);
  EXPECT_EQ(i64_trunc_sat_f32_s(9223372036854775808.0f), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(i64_trunc_sat_f32_s(-INFINITY), 0x8000000000000000ull);
  EXPECT_EQ(i64_trunc_sat_f32_u(18446744073709551616.0f), ~0ull);
  EXPECT_EQ(i64_trunc_sat_f64_s(-9223372036854777856.0), 0x8000000000000000ull);
  EXPECT_EQ(i64_trunc_sat_f64_u(18446744073709549568.0), 18446744073709549568ull);
  EXPECT_EQ(i64_trunc_sat_f64_u(-INFINITY), 0u);
  EXPECT_EQ(i64_trunc_sat_f64_u(std::nan("")), 0u);
}

// Exact reference for u64 -> F, round to nearest, ties to even, in integers.
template <class F>
F ref_from_u64(uint64_t x) {
  constexpr int kDigits = std::numeric_limits<F>::digits;  // 24 / 53
  if (x == 0) return F(0);
  int msb = 63 - std::countl_zero(x);
  if (msb < kDigits) return F(x);  // exact
  int shift = msb - (kDigits - 1);
  uint64_t mant = x >> shift;
  uint64_t rem = x & ((uint64_t(1) << shift) - 1);
  uint64_t half = uint64_t(1) << (shift - 1);
  if (rem > half || (rem == half && (mant & 1))) ++mant;
  return std::ldexp(F(mant), shift);
}
template <class F>
F ref_from_i64(uint64_t x) {
  if (int64_t(x) >= 0) return ref_from_u64<F>(x);
  return -ref_from_u64<F>(0 - x);
}

TEST(Convert, IntToFloatRoundsOnce) {
  // conversions.wast cases that break a u64 -> f64 -> f32 double rounding.
  EXPECT_EQ(f32_convert_i64_u(0x0020000020000001ull), 9007200328482816.0f);
  EXPECT_EQ(f32_convert_i64_s(0x0020000020000001ull), 9007200328482816.0f);
  EXPECT_EQ(f32_convert_i64_s(0xFFDFFFFFDFFFFFFFull), -9007200328482816.0f);
  EXPECT_EQ(f32_convert_i64_u(0x8000008000000001ull), 9223373136366403584.0f);
  EXPECT_EQ(f32_convert_i64_u(0xFFFFFE8000000001ull), 18446742974197923840.0f);
  EXPECT_EQ(f32_convert_i64_u(0xFFFFFFFFFFFFFFFFull), 18446744073709551616.0f);
  EXPECT_EQ(f64_convert_i64_u(0x8000000000000401ull), 9223372036854777856.0);
  EXPECT_EQ(f64_convert_i64_u(0xFFFFFFFFFFFFFBFFull), 18446744073709549568.0);
  EXPECT_EQ(f64_convert_i64_s(0x0020000000000001ull), 9007199254740992.0);  // tie to even
  EXPECT_EQ(f64_convert_i64_s(0x0020000000000003ull), 9007199254740996.0);
  EXPECT_EQ(f32_convert_i32_s(16777217), 16777216.0f);
  EXPECT_EQ(f32_convert_i32_u(0xFFFFFFFFu), 4294967296.0f);
  EXPECT_EQ(f32_convert_i32_s(0x80000000u), -2147483648.0f);
  EXPECT_EQ(f64_convert_i32_u(0xFFFFFFFFu), 4294967295.0);
  EXPECT_EQ(f64_convert_i32_s(0xFFFFFFFFu), -1.0);

  std::mt19937_64 rng(1234);
  for (int i = 0; i < 300000; ++i) {
    uint64_t x = rng();
    switch (i % 4) {
      case 1:
        x >>= rng() % 64;
        break;  // every magnitude
      case 2:
        x = (x >> (rng() % 40)) & ~0xFFFull;
        x |= uint64_t(rng() % 3) << 10;
        break;
      case 3:
        x = (uint64_t(1) << (rng() % 64)) + (rng() % 5) - 2;
        break;  // near 2^k
    }
    ASSERT_EQ(f32_bits(f32_convert_i64_u(x)), f32_bits(ref_from_u64<float>(x))) << x;
    ASSERT_EQ(f32_bits(f32_convert_i64_s(x)), f32_bits(ref_from_i64<float>(x))) << x;
    ASSERT_EQ(f64_bits(f64_convert_i64_u(x)), f64_bits(ref_from_u64<double>(x))) << x;
    ASSERT_EQ(f64_bits(f64_convert_i64_s(x)), f64_bits(ref_from_i64<double>(x))) << x;
    uint32_t y = uint32_t(x);
    ASSERT_EQ(f32_bits(f32_convert_i32_u(y)), f32_bits(ref_from_u64<float>(y))) << y;
    ASSERT_EQ(f32_bits(f32_convert_i32_s(y)),
              f32_bits(ref_from_i64<float>(uint64_t(int64_t(int32_t(y))))))
        << y;
  }
}

TEST(Convert, DemotePromote) {
  EXPECT_TRUE(is_canonical_nan(f32_demote_f64(f64_from_bits(0x7FF8000000000000ull))));
  EXPECT_TRUE(is_canonical_nan(f32_demote_f64(f64_from_bits(0xFFF8000000000000ull))));
  EXPECT_TRUE(is_arithmetic_nan(f32_demote_f64(f64_from_bits(0x7FF4000000000000ull))));
  EXPECT_TRUE(is_arithmetic_nan(f32_demote_f64(f64_from_bits(0x7FF0000000000001ull))));
  EXPECT_TRUE(is_canonical_nan(f64_promote_f32(f32_from_bits(0x7FC00000u))));
  EXPECT_TRUE(is_arithmetic_nan(f64_promote_f32(f32_from_bits(0x7FA00000u))));
  EXPECT_TRUE(is_arithmetic_nan(f64_promote_f32(f32_from_bits(0xFF800001u))));
  EXPECT_EQ(f32_demote_f64(1e300), INFINITY);
  EXPECT_EQ(f32_demote_f64(-1e300), -INFINITY);
  EXPECT_EQ(f32_bits(f32_demote_f64(-1e-300)), 0x80000000u);
  EXPECT_EQ(f32_demote_f64(0x1.fffffefffffffp127), 0x1.fffffep127f);  // below the midpoint
  EXPECT_EQ(f32_demote_f64(0x1.ffffffp127), INFINITY);                // the midpoint: ties up
  EXPECT_EQ(f32_demote_f64(0x1.000001p0), 1.0f);                      // tie to even
  EXPECT_EQ(f32_demote_f64(0x1.000003p0), 0x1.000004p0f);
  EXPECT_EQ(f32_demote_f64(0x1p-149), 0x1p-149f);  // smallest subnormal
  EXPECT_EQ(f32_demote_f64(0x1p-150), 0.0f);       // tie to even: 0
  EXPECT_EQ(f64_promote_f32(0x1p-149f), 0x1p-149);
  EXPECT_EQ(f64_promote_f32(-INFINITY), -INFINITY);
}

TEST(Convert, WrapExtendReinterpret) {
  EXPECT_EQ(i32_wrap_i64(0x123456789ull), 0x23456789u);
  EXPECT_EQ(i64_extend_i32_s(0x80000000u), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(i64_extend_i32_u(0x80000000u), 0x80000000ull);
  EXPECT_EQ(i32_reinterpret_f32(f32_reinterpret_i32(0x7FA00001u)), 0x7FA00001u);
  EXPECT_EQ(i64_reinterpret_f64(f64_reinterpret_i64(0xFFF4000000000001ull)), 0xFFF4000000000001ull);
  EXPECT_EQ(i32_reinterpret_f32(-0.0f), 0x80000000u);
}

}  // namespace
}  // namespace skiff::sem
