// SIMD semantics: lane layout, the edge cases of each family, and the memory
// helpers (which the testsuite sweep cannot reach: it has no memory).
#include "semantics/simd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "semantics/simd_memory.h"

namespace skiff::sem {
namespace {

V128 bytes(std::initializer_list<int> b) {
  V128 v{};
  int i = 0;
  for (int x : b) v.bytes[i++] = uint8_t(x);
  return v;
}
Lanes<uint8_t> u8(V128 v) { return lanes<uint8_t>(v); }
Lanes<uint16_t> u16(V128 v) { return lanes<uint16_t>(v); }
Lanes<uint32_t> u32(V128 v) { return lanes<uint32_t>(v); }
Lanes<uint64_t> u64(V128 v) { return lanes<uint64_t>(v); }

static_assert(i32x4_extract_lane(i32x4_add(i32x4_splat(1), i32x4_splat(2)), 3) == 3);
static_assert(i8x16_extract_lane_s(i8x16_splat(0x80), 15) == 0xFFFFFF80u);
static_assert(i16x8_bitmask(i16x8_splat(0x8000)) == 0xFF);

TEST(Simd, LaneLayoutIsLittleEndian) {
  V128 v = bytes({0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
                  0x0e, 0x0f, 0x10});
  EXPECT_EQ(i16x8_extract_lane_u(v, 0), 0x0201u);
  EXPECT_EQ(i32x4_extract_lane(v, 1), 0x08070605u);
  EXPECT_EQ(i64x2_extract_lane(v, 1), 0x100f0e0d0c0b0a09ull);
  EXPECT_EQ(i8x16_extract_lane_u(v, 15), 0x10u);
  // Lane indices are masked: a bad immediate cannot read outside the value.
  EXPECT_EQ(i8x16_extract_lane_u(v, 16 + 3), 0x04u);
  EXPECT_EQ(i32x4_extract_lane(i32x4_replace_lane(v, 2, 0xAABBCCDDu), 2), 0xAABBCCDDu);
  EXPECT_EQ(u8(i32x4_replace_lane(v, 2, 0xAABBCCDDu))[8], 0xDDu);
  EXPECT_EQ(i16x8_extract_lane_s(i16x8_splat(0x18000u), 7), 0xFFFF8000u);
  EXPECT_EQ(f32_bits(f32x4_extract_lane(f32x4_splat(f32_from_bits(0x7FA00001u)), 3)), 0x7FA00001u);
  EXPECT_EQ(f64_bits(f64x2_extract_lane(f64x2_replace_lane(V128{}, 1, -0.0), 1)),
            0x8000000000000000ull);
}

TEST(Simd, ShuffleAndSwizzle) {
  V128 a = bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  V128 b = bytes({16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
  V128 idx = bytes({31, 0, 16, 15, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22});
  EXPECT_EQ(i8x16_shuffle(a, b, idx), idx);
  V128 s = bytes({15, 16, 0x80, 0xFF, 1, 2, 3, 17, 0, 0, 0, 0, 0, 0, 0, 14});
  V128 r = i8x16_swizzle(b, s);
  EXPECT_EQ(u8(r)[0], 31);
  EXPECT_EQ(u8(r)[1], 0);  // out of range -> 0
  EXPECT_EQ(u8(r)[2], 0);
  EXPECT_EQ(u8(r)[3], 0);
  EXPECT_EQ(u8(r)[4], 17);
  EXPECT_EQ(u8(r)[7], 0);
  EXPECT_EQ(u8(r)[15], 30);
}

TEST(Simd, SaturatingArithmetic) {
  EXPECT_EQ(u8(i8x16_add_sat_s(i8x16_splat(0x7F), i8x16_splat(1)))[0], 0x7F);
  EXPECT_EQ(u8(i8x16_add_sat_s(i8x16_splat(0x80), i8x16_splat(0xFF)))[0], 0x80);
  EXPECT_EQ(u8(i8x16_add_sat_u(i8x16_splat(0xFF), i8x16_splat(1)))[0], 0xFF);
  EXPECT_EQ(u8(i8x16_sub_sat_s(i8x16_splat(0x80), i8x16_splat(1)))[0], 0x80);
  EXPECT_EQ(u8(i8x16_sub_sat_s(i8x16_splat(0x7F), i8x16_splat(0x80)))[0], 0x7F);
  EXPECT_EQ(u8(i8x16_sub_sat_u(i8x16_splat(0), i8x16_splat(1)))[0], 0);
  EXPECT_EQ(u16(i16x8_add_sat_s(i16x8_splat(0x7FFF), i16x8_splat(0x7FFF)))[0], 0x7FFF);
  EXPECT_EQ(u16(i16x8_add_sat_u(i16x8_splat(0xFFFF), i16x8_splat(0xFFFF)))[0], 0xFFFF);
  EXPECT_EQ(u16(i16x8_sub_sat_s(i16x8_splat(0x8000), i16x8_splat(0x7FFF)))[0], 0x8000);
  EXPECT_EQ(u16(i16x8_sub_sat_u(i16x8_splat(1), i16x8_splat(0xFFFF)))[0], 0);
  // Plain add/sub wrap.
  EXPECT_EQ(u8(i8x16_add(i8x16_splat(0xFF), i8x16_splat(2)))[0], 1);
  EXPECT_EQ(u16(i16x8_mul(i16x8_splat(0x8000), i16x8_splat(2)))[0], 0);
}

TEST(Simd, Q15MulrAndDot) {
  V128 r = i16x8_q15mulr_sat_s(i16x8_splat(0x8000), i16x8_splat(0x8000));
  EXPECT_EQ(u16(r)[0], 0x7FFF);  // -32768 * -32768 saturates
  EXPECT_EQ(u16(i16x8_q15mulr_sat_s(i16x8_splat(0x8000), i16x8_splat(0x7FFF)))[0], 0x8001);
  EXPECT_EQ(u16(i16x8_q15mulr_sat_s(i16x8_splat(0x4000), i16x8_splat(0x4000)))[0], 0x2000);
  EXPECT_EQ(u16(i16x8_q15mulr_sat_s(i16x8_splat(1), i16x8_splat(0x4000)))[0], 1);  // rounds
  EXPECT_EQ(u16(i16x8_q15mulr_sat_s(i16x8_splat(0xFFFF), i16x8_splat(0x4000)))[0], 0);
  // dot: two -32768*-32768 products wrap to 0x80000000.
  EXPECT_EQ(u32(i32x4_dot_i16x8_s(i16x8_splat(0x8000), i16x8_splat(0x8000)))[0], 0x80000000u);
  EXPECT_EQ(u32(i32x4_dot_i16x8_s(i16x8_splat(0xFFFF), i16x8_splat(3)))[2], uint32_t(-6));
}

TEST(Simd, AbsNegPopcntAvgr) {
  EXPECT_EQ(u8(i8x16_abs(i8x16_splat(0x80)))[0], 0x80);  // abs(INT_MIN) wraps
  EXPECT_EQ(u8(i8x16_abs(i8x16_splat(0xFF)))[0], 1);
  EXPECT_EQ(u64(i64x2_abs(i64x2_splat(0x8000000000000000ull)))[1], 0x8000000000000000ull);
  EXPECT_EQ(u32(i32x4_neg(i32x4_splat(1)))[0], 0xFFFFFFFFu);
  EXPECT_EQ(u16(i16x8_neg(i16x8_splat(0x8000)))[0], 0x8000);
  V128 p = i8x16_popcnt(bytes({0, 1, 3, 7, 0xF, 0x1F, 0x3F, 0x7F, 0xFF, 0x80, 0x55, 0xAA}));
  EXPECT_EQ(u8(p)[0], 0);
  EXPECT_EQ(u8(p)[7], 7);
  EXPECT_EQ(u8(p)[8], 8);
  EXPECT_EQ(u8(p)[9], 1);
  EXPECT_EQ(u8(p)[10], 4);
  EXPECT_EQ(u8(i8x16_avgr_u(i8x16_splat(0xFF), i8x16_splat(0xFF)))[0], 0xFF);
  EXPECT_EQ(u8(i8x16_avgr_u(i8x16_splat(0), i8x16_splat(1)))[0], 1);  // rounds up
  EXPECT_EQ(u16(i16x8_avgr_u(i16x8_splat(0xFFFF), i16x8_splat(0)))[0], 0x8000);
}

TEST(Simd, MinMax) {
  EXPECT_EQ(u8(i8x16_min_s(i8x16_splat(0x80), i8x16_splat(0x7F)))[0], 0x80);
  EXPECT_EQ(u8(i8x16_min_u(i8x16_splat(0x80), i8x16_splat(0x7F)))[0], 0x7F);
  EXPECT_EQ(u16(i16x8_max_s(i16x8_splat(0xFFFF), i16x8_splat(0)))[0], 0);
  EXPECT_EQ(u16(i16x8_max_u(i16x8_splat(0xFFFF), i16x8_splat(0)))[0], 0xFFFF);
  EXPECT_EQ(u32(i32x4_min_s(i32x4_splat(0x80000000u), i32x4_splat(1)))[0], 0x80000000u);
  EXPECT_EQ(u32(i32x4_max_u(i32x4_splat(0x80000000u), i32x4_splat(1)))[0], 0x80000000u);
}

TEST(Simd, ShiftsTakeTheCountModuloTheLaneWidth) {
  EXPECT_EQ(u8(i8x16_shl(i8x16_splat(1), 9))[0], 2);
  EXPECT_EQ(u8(i8x16_shr_s(i8x16_splat(0x80), 7))[0], 0xFF);
  EXPECT_EQ(u8(i8x16_shr_s(i8x16_splat(0x80), 8))[0], 0x80);
  EXPECT_EQ(u8(i8x16_shr_u(i8x16_splat(0x80), 15))[0], 1);
  EXPECT_EQ(u16(i16x8_shl(i16x8_splat(1), 16 + 15))[0], 0x8000);
  EXPECT_EQ(u16(i16x8_shr_s(i16x8_splat(0x8000), 0xFFFFFFFFu))[0], 0xFFFF);
  EXPECT_EQ(u32(i32x4_shr_u(i32x4_splat(0x80000000u), 32 + 31))[0], 1u);
  EXPECT_EQ(u64(i64x2_shl(i64x2_splat(1), 64 + 63))[0], 0x8000000000000000ull);
  EXPECT_EQ(u64(i64x2_shr_s(i64x2_splat(0x8000000000000000ull), 63))[1], ~0ull);
}

TEST(Simd, NarrowAndExtend) {
  V128 a = make_i16x8({0x7FFF, 0x8000, 0x0080, 0xFF7F, 0x00FF, 0x0100, 0xFFFF, 0x0001});
  V128 b = make_i16x8({0, 1, 2, 3, 4, 5, 6, 0xFF80});
  V128 s = i8x16_narrow_i16x8_s(a, b);
  EXPECT_EQ(u8(s)[0], 0x7F);
  EXPECT_EQ(u8(s)[1], 0x80);
  EXPECT_EQ(u8(s)[2], 0x7F);  // 128 -> 127
  EXPECT_EQ(u8(s)[3], 0x80);  // -129 -> -128
  EXPECT_EQ(u8(s)[6], 0xFF);  // -1
  EXPECT_EQ(u8(s)[8 + 7], 0x80);
  V128 u = i8x16_narrow_i16x8_u(a, b);  // input signed, output unsigned
  EXPECT_EQ(u8(u)[0], 0xFF);
  EXPECT_EQ(u8(u)[1], 0);
  EXPECT_EQ(u8(u)[4], 0xFF);
  EXPECT_EQ(u8(u)[5], 0xFF);
  EXPECT_EQ(u8(u)[6], 0);
  EXPECT_EQ(u8(u)[8 + 7], 0);
  V128 w =
      i16x8_narrow_i32x4_u(make_i32x4({0x10000, 0xFFFFFFFFu, 0xFFFF, 5}), i32x4_splat(0x80000000u));
  EXPECT_EQ(u16(w)[0], 0xFFFF);
  EXPECT_EQ(u16(w)[1], 0);
  EXPECT_EQ(u16(w)[2], 0xFFFF);
  EXPECT_EQ(u16(w)[3], 5);
  EXPECT_EQ(u16(w)[4], 0);
  EXPECT_EQ(u16(i16x8_narrow_i32x4_s(i32x4_splat(0x80000000u), i32x4_splat(0x7FFFFFFF)))[0],
            0x8000);

  V128 x = bytes({0x80, 0x7F, 0xFF, 1, 2, 3, 4, 5, 0x81, 6, 7, 8, 9, 10, 11, 0xFE});
  EXPECT_EQ(u16(i16x8_extend_low_i8x16_s(x))[0], 0xFF80);
  EXPECT_EQ(u16(i16x8_extend_low_i8x16_u(x))[0], 0x0080);
  EXPECT_EQ(u16(i16x8_extend_high_i8x16_s(x))[0], 0xFF81);
  EXPECT_EQ(u16(i16x8_extend_high_i8x16_u(x))[7], 0x00FE);
  V128 y = make_i32x4({0x80000000u, 1, 2, 0xFFFFFFFFu});
  EXPECT_EQ(u64(i64x2_extend_low_i32x4_s(y))[0], 0xFFFFFFFF80000000ull);
  EXPECT_EQ(u64(i64x2_extend_high_i32x4_u(y))[1], 0xFFFFFFFFull);
  EXPECT_EQ(u32(i32x4_extend_high_i16x8_s(make_i16x8({0, 0, 0, 0, 0x8000, 0, 0, 0})))[0],
            0xFFFF8000u);
}

TEST(Simd, ExtmulAndPairwise) {
  V128 a = i8x16_splat(0x80);
  EXPECT_EQ(u16(i16x8_extmul_low_i8x16_s(a, a))[0], 0x4000);
  EXPECT_EQ(u16(i16x8_extmul_high_i8x16_u(a, i8x16_splat(0xFF)))[7], 0x7F80);
  EXPECT_EQ(u64(i64x2_extmul_low_i32x4_s(i32x4_splat(0x80000000u), i32x4_splat(0x80000000u)))[0],
            0x4000000000000000ull);
  EXPECT_EQ(u64(i64x2_extmul_high_i32x4_u(i32x4_splat(0xFFFFFFFFu), i32x4_splat(0xFFFFFFFFu)))[1],
            0xFFFFFFFE00000001ull);
  EXPECT_EQ(u32(i32x4_extmul_low_i16x8_s(i16x8_splat(0x8000), i16x8_splat(0x7FFF)))[0],
            uint32_t(-32768 * 32767));
  EXPECT_EQ(u16(i16x8_extadd_pairwise_i8x16_s(i8x16_splat(0x80)))[0], uint16_t(-256));
  EXPECT_EQ(u16(i16x8_extadd_pairwise_i8x16_u(i8x16_splat(0xFF)))[3], 0x1FE);
  EXPECT_EQ(u32(i32x4_extadd_pairwise_i16x8_s(i16x8_splat(0x8000)))[0], uint32_t(-65536));
  EXPECT_EQ(u32(i32x4_extadd_pairwise_i16x8_u(i16x8_splat(0xFFFF)))[3], 0x1FFFEu);
}

TEST(Simd, BooleanReductions) {
  EXPECT_EQ(v128_any_true(V128{}), 0u);
  EXPECT_EQ(v128_any_true(bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})), 1u);
  EXPECT_EQ(i8x16_all_true(i8x16_splat(1)), 1u);
  EXPECT_EQ(i8x16_all_true(i8x16_replace_lane(i8x16_splat(1), 9, 0)), 0u);
  EXPECT_EQ(i16x8_all_true(i8x16_replace_lane(i8x16_splat(0), 1, 1)), 0u);
  EXPECT_EQ(i32x4_all_true(make_i32x4({1, 0x100, 0x10000, 0x80000000u})), 1u);
  EXPECT_EQ(i64x2_all_true(make_i64x2({1, 0})), 0u);
  EXPECT_EQ(i8x16_bitmask(bytes({0x80, 0, 0xFF, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80})),
            0x8005u);
  EXPECT_EQ(i16x8_bitmask(make_i16x8({0, 0x8000, 0, 0, 0, 0, 0, 0xFFFF})), 0x82u);
  EXPECT_EQ(i32x4_bitmask(make_i32x4({0x80000000u, 0, 0x7FFFFFFF, 0xFFFFFFFFu})), 0x9u);
  EXPECT_EQ(i64x2_bitmask(make_i64x2({0, 0x8000000000000000ull})), 0x2u);
}

TEST(Simd, BitwiseAndCompare) {
  V128 a = make_i64x2({0xF0F0F0F0F0F0F0F0ull, 0x0123456789ABCDEFull});
  V128 b = make_i64x2({0xFF00FF00FF00FF00ull, 0xFFFFFFFF00000000ull});
  V128 m = make_i64x2({0x00000000FFFFFFFFull, 0xFF000000000000FFull});
  EXPECT_EQ(u64(v128_bitselect(a, b, m))[0], 0xFF00FF00F0F0F0F0ull);
  EXPECT_EQ(u64(v128_bitselect(a, b, m))[1], 0x01FFFFFF000000EFull);
  EXPECT_EQ(u64(v128_andnot(a, b))[0], 0x00F000F000F000F0ull);
  EXPECT_EQ(u64(v128_not(V128{}))[1], ~0ull);
  V128 lt = i8x16_lt_s(i8x16_splat(0x80), i8x16_splat(0));
  EXPECT_EQ(u8(lt)[5], 0xFF);
  EXPECT_EQ(u8(i8x16_lt_u(i8x16_splat(0x80), i8x16_splat(0)))[5], 0);
  EXPECT_EQ(u64(i64x2_lt_s(i64x2_splat(0x8000000000000000ull), i64x2_splat(0)))[0], ~0ull);
  EXPECT_EQ(u64(i64x2_ge_s(i64x2_splat(0), i64x2_splat(~0ull)))[1], ~0ull);
  V128 nan = f32x4_splat(f32_from_bits(0x7FC00000u));
  EXPECT_EQ(u32(f32x4_eq(nan, nan))[0], 0u);
  EXPECT_EQ(u32(f32x4_ne(nan, nan))[0], 0xFFFFFFFFu);
  EXPECT_EQ(u64(f64x2_le(f64x2_splat(-0.0), f64x2_splat(0.0)))[0], ~0ull);
}

TEST(Simd, FloatLanes) {
  V128 a = make_f32x4({-0.0f, 1.0f, f32_from_bits(0x7FA00000u), 2.5f});
  V128 b = make_f32x4({0.0f, f32_from_bits(0x7FC00000u), 1.0f, -2.5f});
  Lanes<float> mn = lanes<float>(f32x4_min(a, b));
  EXPECT_EQ(f32_bits(mn[0]), 0x80000000u);
  EXPECT_TRUE(is_canonical_nan(mn[1]));
  EXPECT_TRUE(is_arithmetic_nan(mn[2]));
  EXPECT_EQ(mn[3], -2.5f);
  // pmin/pmax return an operand as is: b < a ? b : a.
  Lanes<float> pm = lanes<float>(f32x4_pmin(a, b));
  EXPECT_EQ(f32_bits(pm[0]), 0x80000000u);  // -0 vs +0: not less, keep a
  EXPECT_EQ(pm[1], 1.0f);                   // NaN compares false, keep a
  EXPECT_EQ(f32_bits(pm[2]), 0x7FA00000u);  // a is the sNaN: returned unchanged
  Lanes<float> px = lanes<float>(f32x4_pmax(b, a));
  EXPECT_EQ(f32_bits(px[1]), 0x7FC00000u);
  Lanes<float> nr = lanes<float>(f32x4_nearest(make_f32x4({-0.5f, 0.5f, 1.5f, -2.5f})));
  EXPECT_EQ(f32_bits(nr[0]), 0x80000000u);
  EXPECT_EQ(nr[1], 0.0f);
  EXPECT_EQ(nr[2], 2.0f);
  EXPECT_EQ(nr[3], -2.0f);
  Lanes<double> sq = lanes<double>(f64x2_sqrt(make_f64x2({4.0, -1.0})));
  EXPECT_EQ(sq[0], 2.0);
  EXPECT_TRUE(is_canonical_nan(sq[1]));
  Lanes<double> ng =
      lanes<double>(f64x2_neg(make_f64x2({0.0, f64_from_bits(0x7FF4000000000000ull)})));
  EXPECT_EQ(f64_bits(ng[0]), 0x8000000000000000ull);
  EXPECT_EQ(f64_bits(ng[1]), 0xFFF4000000000000ull);
}

TEST(Simd, Conversions) {
  V128 f = make_f32x4({2147483648.0f, -2147483904.0f, f32_from_bits(0x7FC00000u), -1.5f});
  EXPECT_EQ(u32(i32x4_trunc_sat_f32x4_s(f)),
            (Lanes<uint32_t>{0x7FFFFFFFu, 0x80000000u, 0, 0xFFFFFFFFu}));
  EXPECT_EQ(u32(i32x4_trunc_sat_f32x4_u(f)), (Lanes<uint32_t>{0x80000000u, 0, 0, 0}));
  V128 d = make_f64x2({-2147483648.9, 4294967296.0});
  EXPECT_EQ(u32(i32x4_trunc_sat_f64x2_s_zero(d)),
            (Lanes<uint32_t>{0x80000000u, 0x7FFFFFFFu, 0, 0}));
  EXPECT_EQ(u32(i32x4_trunc_sat_f64x2_u_zero(d)), (Lanes<uint32_t>{0, 0xFFFFFFFFu, 0, 0}));
  V128 i = make_i32x4({0xFFFFFFFFu, 0x80000000u, 16777217, 7});
  EXPECT_EQ(lanes<float>(f32x4_convert_i32x4_u(i))[0], 4294967296.0f);
  EXPECT_EQ(lanes<float>(f32x4_convert_i32x4_s(i))[1], -2147483648.0f);
  EXPECT_EQ(lanes<float>(f32x4_convert_i32x4_s(i))[2], 16777216.0f);
  EXPECT_EQ(lanes<double>(f64x2_convert_low_i32x4_u(i))[0], 4294967295.0);
  EXPECT_EQ(lanes<double>(f64x2_convert_low_i32x4_s(i))[1], -2147483648.0);
  Lanes<float> dm = lanes<float>(f32x4_demote_f64x2_zero(make_f64x2({1e300, 0x1.000001p0})));
  EXPECT_EQ(dm[0], INFINITY);
  EXPECT_EQ(dm[1], 1.0f);
  EXPECT_EQ(f32_bits(dm[2]), 0u);
  EXPECT_EQ(f32_bits(dm[3]), 0u);
  Lanes<double> pr =
      lanes<double>(f64x2_promote_low_f32x4(make_f32x4({0x1p-149f, -0.0f, 9.0f, 9.0f})));
  EXPECT_EQ(pr[0], 0x1p-149);
  EXPECT_EQ(f64_bits(pr[1]), 0x8000000000000000ull);
}

TEST(SimdMemory, LoadsAndStores) {
  alignas(16) uint8_t mem[40];
  for (int i = 0; i < 40; ++i) mem[i] = uint8_t(0x80 + i);
  const uint8_t* p = mem + 3;  // unaligned
  V128 v = v128_load(p);
  EXPECT_EQ(v.bytes[0], 0x83);
  EXPECT_EQ(v.bytes[15], 0x92);
  EXPECT_EQ(u16(v128_load8x8_s(p))[0], 0xFF83);
  EXPECT_EQ(u16(v128_load8x8_u(p))[7], 0x008A);
  EXPECT_EQ(u32(v128_load16x4_s(p))[0], 0xFFFF8483u);
  EXPECT_EQ(u32(v128_load16x4_u(p))[3], 0x00008A89u);
  EXPECT_EQ(u64(v128_load32x2_s(p))[0], 0xFFFFFFFF86858483ull);
  EXPECT_EQ(u64(v128_load32x2_u(p))[1], 0x000000008A898887ull);
  EXPECT_EQ(v128_load8_splat(p), i8x16_splat(0x83));
  EXPECT_EQ(v128_load16_splat(p), i16x8_splat(0x8483));
  EXPECT_EQ(v128_load32_splat(p), i32x4_splat(0x86858483u));
  EXPECT_EQ(v128_load64_splat(p), i64x2_splat(0x8A89888786858483ull));
  EXPECT_EQ(v128_load32_zero(p), make_i32x4({0x86858483u, 0, 0, 0}));
  EXPECT_EQ(v128_load64_zero(p), make_i64x2({0x8A89888786858483ull, 0}));
  V128 z{};
  EXPECT_EQ(u8(v128_load8_lane(z, p, 5))[5], 0x83);
  EXPECT_EQ(u16(v128_load16_lane(z, p, 7))[7], 0x8483);
  EXPECT_EQ(u32(v128_load32_lane(z, p, 2))[2], 0x86858483u);
  EXPECT_EQ(u64(v128_load64_lane(z, p, 1)), (Lanes<uint64_t>{0, 0x8A89888786858483ull}));

  uint8_t out[24] = {};
  V128 src = make_i64x2({0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull});
  v128_store(out + 1, src);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 0x00);
  EXPECT_EQ(out[16], 0x0F);
  EXPECT_EQ(out[17], 0);
  std::memset(out, 0, sizeof out);
  v128_store8_lane(out, src, 9);
  EXPECT_EQ(out[0], 9);
  EXPECT_EQ(out[1], 0);
  v128_store16_lane(out + 1, src, 3);
  EXPECT_EQ(out[1], 6);
  EXPECT_EQ(out[2], 7);
  v128_store32_lane(out + 5, src, 3);
  EXPECT_EQ(out[5], 12);
  EXPECT_EQ(out[8], 15);
  v128_store64_lane(out + 9, src, 0);
  EXPECT_EQ(out[9], 0);
  EXPECT_EQ(out[16], 7);
  EXPECT_EQ(out[17], 0);
}

}  // namespace
}  // namespace skiff::sem
