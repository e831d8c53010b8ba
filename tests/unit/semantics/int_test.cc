// Integer semantics: the spec's edge cases, by hand (the testsuite sweep covers the
// rest), plus the wide-arithmetic ops against a portable reference.
#include "semantics/int.h"

#include <gtest/gtest.h>

#include <random>

namespace skiff::sem {
namespace {

constexpr uint32_t kMin32 = 0x80000000u;
constexpr uint64_t kMin64 = 0x8000000000000000ull;
constexpr uint32_t kNeg1_32 = 0xFFFFFFFFu;
constexpr uint64_t kNeg1_64 = ~0ull;

// Compile-time use (constant folding calls the same functions).
static_assert(i32_add(0xFFFFFFFFu, 1) == 0);
static_assert(i32_shl(1, 33) == 2);
static_assert(i64_rotr(1, 65) == kMin64);
static_assert(i32_extend8_s(0x80) == 0xFFFFFF80u);
static_assert([] {
  uint32_t r = 0;
  return i32_div_s(kMin32, kNeg1_32, r) == TrapKind::IntOverflow;
}());
static_assert([] {
  uint64_t r = 1;
  return i64_rem_s(kMin64, kNeg1_64, r) == TrapKind::None && r == 0;
}());

TEST(Int, DivisionTraps) {
  uint32_t r = 0;
  EXPECT_EQ(i32_div_s(1, 0, r), TrapKind::IntDivByZero);
  EXPECT_EQ(i32_div_u(1, 0, r), TrapKind::IntDivByZero);
  EXPECT_EQ(i32_rem_s(1, 0, r), TrapKind::IntDivByZero);
  EXPECT_EQ(i32_rem_u(1, 0, r), TrapKind::IntDivByZero);
  EXPECT_EQ(i32_div_s(kMin32, kNeg1_32, r), TrapKind::IntOverflow);
  // div_u and rem of INT_MIN by -1 do not trap.
  ASSERT_EQ(i32_div_u(kMin32, kNeg1_32, r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  ASSERT_EQ(i32_rem_s(kMin32, kNeg1_32, r), TrapKind::None);
  EXPECT_EQ(r, 0u);
  ASSERT_EQ(i32_rem_u(kMin32, kNeg1_32, r), TrapKind::None);
  EXPECT_EQ(r, kMin32);

  uint64_t q = 0;
  EXPECT_EQ(i64_div_s(1, 0, q), TrapKind::IntDivByZero);
  EXPECT_EQ(i64_div_u(0, 0, q), TrapKind::IntDivByZero);
  EXPECT_EQ(i64_rem_s(0, 0, q), TrapKind::IntDivByZero);
  EXPECT_EQ(i64_rem_u(0, 0, q), TrapKind::IntDivByZero);
  EXPECT_EQ(i64_div_s(kMin64, kNeg1_64, q), TrapKind::IntOverflow);
  ASSERT_EQ(i64_rem_s(kMin64, kNeg1_64, q), TrapKind::None);
  EXPECT_EQ(q, 0u);
}

TEST(Int, SignedDivisionRoundsTowardZero) {
  uint32_t r = 0;
  ASSERT_EQ(i32_div_s(uint32_t(-7), 2, r), TrapKind::None);
  EXPECT_EQ(int32_t(r), -3);
  ASSERT_EQ(i32_rem_s(uint32_t(-7), 2, r), TrapKind::None);
  EXPECT_EQ(int32_t(r), -1);  // sign of the dividend
  ASSERT_EQ(i32_rem_s(7, uint32_t(-2), r), TrapKind::None);
  EXPECT_EQ(int32_t(r), 1);
  ASSERT_EQ(i32_div_u(uint32_t(-7), 2, r), TrapKind::None);
  EXPECT_EQ(r, 0x7FFFFFFCu);
  uint64_t q = 0;
  ASSERT_EQ(i64_div_s(kMin64, 2, q), TrapKind::None);
  EXPECT_EQ(q, 0xC000000000000000ull);
}

TEST(Int, ShiftsAndRotatesTakeTheCountModuloTheWidth) {
  EXPECT_EQ(i32_shl(1, 32), 1u);
  EXPECT_EQ(i32_shl(1, 31), kMin32);
  EXPECT_EQ(i32_shl(1, 0xFFFFFFFFu), kMin32);
  EXPECT_EQ(i32_shr_u(kMin32, 32), kMin32);
  EXPECT_EQ(i32_shr_u(kMin32, 31), 1u);
  EXPECT_EQ(i32_shr_s(kMin32, 31), kNeg1_32);
  EXPECT_EQ(i32_shr_s(kMin32, 63), kNeg1_32);
  EXPECT_EQ(i32_shr_s(0x40000000u, 30), 1u);
  EXPECT_EQ(i64_shl(1, 64), 1u);
  EXPECT_EQ(i64_shl(1, 127), kMin64);
  EXPECT_EQ(i64_shr_s(kMin64, 63), kNeg1_64);
  EXPECT_EQ(i64_shr_u(kMin64, 0xFFFFFFFFFFFFFFFFull), 1u);
  EXPECT_EQ(i32_rotl(0x80000001u, 1), 3u);
  EXPECT_EQ(i32_rotl(0x80000001u, 33), 3u);
  EXPECT_EQ(i32_rotr(3, 1), 0x80000001u);
  EXPECT_EQ(i32_rotr(3, 0), 3u);
  EXPECT_EQ(i32_rotr(3, 32), 3u);
  EXPECT_EQ(i64_rotl(0x8000000000000001ull, 65), 3u);
  EXPECT_EQ(i64_rotr(3, 64 + 1), 0x8000000000000001ull);
}

TEST(Int, BitCounts) {
  EXPECT_EQ(i32_clz(0), 32u);
  EXPECT_EQ(i32_ctz(0), 32u);
  EXPECT_EQ(i32_popcnt(0), 0u);
  EXPECT_EQ(i32_clz(1), 31u);
  EXPECT_EQ(i32_ctz(kMin32), 31u);
  EXPECT_EQ(i32_popcnt(kNeg1_32), 32u);
  EXPECT_EQ(i64_clz(0), 64u);
  EXPECT_EQ(i64_ctz(0), 64u);
  EXPECT_EQ(i64_popcnt(kNeg1_64), 64u);
  EXPECT_EQ(i64_clz(1), 63u);
  EXPECT_EQ(i64_ctz(kMin64), 63u);
  EXPECT_EQ(i64_popcnt(0x5555555555555555ull), 32u);
}

TEST(Int, SignExtension) {
  EXPECT_EQ(i32_extend8_s(0x7F), 0x7Fu);
  EXPECT_EQ(i32_extend8_s(0x80), 0xFFFFFF80u);
  EXPECT_EQ(i32_extend8_s(0x12345680u), 0xFFFFFF80u);  // upper bits ignored
  EXPECT_EQ(i32_extend16_s(0x8000), 0xFFFF8000u);
  EXPECT_EQ(i32_extend16_s(0xABCD7FFFu), 0x7FFFu);
  EXPECT_EQ(i64_extend8_s(0x80), 0xFFFFFFFFFFFFFF80ull);
  EXPECT_EQ(i64_extend16_s(0x8000), 0xFFFFFFFFFFFF8000ull);
  EXPECT_EQ(i64_extend32_s(0x80000000u), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(i64_extend32_s(0xFFFFFFFF7FFFFFFFull), 0x7FFFFFFFull);
}

TEST(Int, Comparisons) {
  EXPECT_EQ(i32_lt_s(kMin32, 0), 1u);
  EXPECT_EQ(i32_lt_u(kMin32, 0), 0u);
  EXPECT_EQ(i32_gt_s(kNeg1_32, 0), 0u);
  EXPECT_EQ(i32_gt_u(kNeg1_32, 0), 1u);
  EXPECT_EQ(i32_le_s(kMin32, kMin32), 1u);
  EXPECT_EQ(i32_ge_u(0, kNeg1_32), 0u);
  EXPECT_EQ(i32_eqz(0), 1u);
  EXPECT_EQ(i32_eqz(kMin32), 0u);
  EXPECT_EQ(i64_lt_s(kMin64, 0), 1u);
  EXPECT_EQ(i64_lt_u(kMin64, 0), 0u);
  EXPECT_EQ(i64_ge_s(0, kNeg1_64), 1u);
  EXPECT_EQ(i64_eqz(0x100000000ull), 0u);  // not truncated to 32 bits
  EXPECT_EQ(i64_ne(1, 0x100000001ull), 1u);
}

TEST(Int, WrappingArithmetic) {
  EXPECT_EQ(i32_add(kNeg1_32, 1), 0u);
  EXPECT_EQ(i32_sub(0, 1), kNeg1_32);
  EXPECT_EQ(i32_mul(0x10000u, 0x10000u), 0u);
  EXPECT_EQ(i32_mul(kMin32, kNeg1_32), kMin32);
  EXPECT_EQ(i64_mul(kMin64, kNeg1_64), kMin64);
  EXPECT_EQ(i64_add(kNeg1_64, 2), 1u);
  // Small-lane generic forms do not overflow through int promotion.
  EXPECT_EQ(imul<uint16_t>(0xFFFF, 0xFFFF), 1u);
  EXPECT_EQ(iadd<uint8_t>(0xFF, 2), 1u);
  EXPECT_EQ(ineg<uint8_t>(0x80), 0x80u);
  EXPECT_EQ(ishl<uint8_t>(1, 9u), 2u);
  EXPECT_EQ(ishr_s<uint16_t>(0x8000, 17u), 0xC000u);
}

TEST(Int, WideArithmetic) {
  EXPECT_EQ(i64_add128(kNeg1_64, 0, 1, 0), (I128{0, 1}));
  EXPECT_EQ(i64_add128(kNeg1_64, kNeg1_64, 1, 0), (I128{0, 0}));
  EXPECT_EQ(i64_sub128(0, 0, 1, 0), (I128{kNeg1_64, kNeg1_64}));
  EXPECT_EQ(i64_sub128(0, 1, 1, 0), (I128{kNeg1_64, 0}));
  EXPECT_EQ(i64_mul_wide_u(kNeg1_64, kNeg1_64), (I128{1, kNeg1_64 - 1}));
  EXPECT_EQ(i64_mul_wide_s(kNeg1_64, kNeg1_64), (I128{1, 0}));
  EXPECT_EQ(i64_mul_wide_s(kMin64, kMin64), (I128{0, 0x4000000000000000ull}));
  EXPECT_EQ(i64_mul_wide_s(kMin64, 1), (I128{kMin64, kNeg1_64}));
  EXPECT_EQ(i64_mul_wide_s(kNeg1_64, 2), (I128{kNeg1_64 - 1, kNeg1_64}));

  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    uint64_t a = rng(), b = rng();
    if (i % 4 == 1) a >>= (rng() % 64);
    if (i % 4 == 2) b |= kMin64;
    I128 portable = detail::mul_wide_u_portable(a, b);
    EXPECT_EQ(i64_mul_wide_u(a, b), portable) << a << " * " << b;
#if defined(__SIZEOF_INT128__)
    __extension__ using s128 = __int128;
    s128 p = s128(int64_t(a)) * s128(int64_t(b));
    EXPECT_EQ(i64_mul_wide_s(a, b), (I128{uint64_t(p), uint64_t(p >> 64)}));
#endif
  }
}

}  // namespace
}  // namespace skiff::sem
