// SIMD semantics (the fixed-width SIMD instructions of WebAssembly 3.0).
//
// Each op is the scalar lane operator of int.h / float.h / convert.h applied per
// lane (v128.h's lanewise), so a lane and a scalar can never disagree. Loops over
// 16 bytes are left to the compiler's vectoriser; nothing here is target-specific.
// Memory-shaped ops (loads with extension/splat/zero, lane loads and stores) are in
// simd_memory.h. The relaxed ops are in relaxed_simd.h.
//
// Signatures: v128 operands are V128 by value; scalar operands use the wasm value
// representation of base.h (i32 = uint32_t ...). Shift counts are the i32 operand,
// used modulo the lane width. Lane immediates are `unsigned` and masked.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "semantics/base.h"
#include "semantics/convert.h"
#include "semantics/float.h"
#include "semantics/int.h"
#include "semantics/v128.h"

namespace skiff::sem {

// ---- extra generic lane operators (SIMD only) ----------------------------------

template <class U>
SKIFF_SEM_INLINE constexpr U iabs(U a) {
  return Signed<U>(a) < 0 ? ineg(a) : a;  // abs(INT_MIN) = INT_MIN
}
template <class U>
SKIFF_SEM_INLINE constexpr U imin_s(U a, U b) {
  return Signed<U>(a) < Signed<U>(b) ? a : b;
}
template <class U>
SKIFF_SEM_INLINE constexpr U imax_s(U a, U b) {
  return Signed<U>(a) > Signed<U>(b) ? a : b;
}
template <class U>
SKIFF_SEM_INLINE constexpr U imin_u(U a, U b) {
  return a < b ? a : b;
}
template <class U>
SKIFF_SEM_INLINE constexpr U imax_u(U a, U b) {
  return a > b ? a : b;
}

// Saturation of a wider signed value x (of signed type S) to the signed / unsigned
// range of U. Written as two selects on S, so the loops vectorise (pminsw/pmaxsw).
template <class U, class S>
SKIFF_SEM_INLINE constexpr U sat_s(S x) {
  constexpr S kMin = S(std::numeric_limits<Signed<U>>::min());
  constexpr S kMax = S(std::numeric_limits<Signed<U>>::max());
  x = x < kMin ? kMin : x;
  x = x > kMax ? kMax : x;
  return U(x);
}
template <class U, class S>
SKIFF_SEM_INLINE constexpr U sat_u(S x) {
  constexpr S kMax = S(std::numeric_limits<U>::max());
  x = x < S(0) ? S(0) : x;
  x = x > kMax ? kMax : x;
  return U(x);
}

// add_sat / sub_sat exist for 8- and 16-bit lanes; int32_t holds every sum exactly.
template <class U>
SKIFF_SEM_INLINE constexpr U iadd_sat_s(U a, U b) {
  static_assert(sizeof(U) <= 2);
  return sat_s<U>(int32_t(Signed<U>(a)) + int32_t(Signed<U>(b)));
}
template <class U>
SKIFF_SEM_INLINE constexpr U isub_sat_s(U a, U b) {
  static_assert(sizeof(U) <= 2);
  return sat_s<U>(int32_t(Signed<U>(a)) - int32_t(Signed<U>(b)));
}
template <class U>
SKIFF_SEM_INLINE constexpr U iadd_sat_u(U a, U b) {
  static_assert(sizeof(U) <= 2);
  return sat_u<U>(int32_t(a) + int32_t(b));
}
template <class U>
SKIFF_SEM_INLINE constexpr U isub_sat_u(U a, U b) {
  static_assert(sizeof(U) <= 2);
  return sat_u<U>(int32_t(a) - int32_t(b));
}

// Rounding average: (a + b + 1) / 2 without overflow.
template <class U>
SKIFF_SEM_INLINE constexpr U iavgr_u(U a, U b) {
  static_assert(sizeof(U) <= 2);
  return U((WideU<U>(a) + WideU<U>(b) + 1u) >> 1);
}

// Q15 rounding multiply: (a * b + 2^14) >> 15, saturated (only -32768 * -32768
// overflows, to 32768 -> 32767).
SKIFF_SEM_INLINE constexpr uint16_t iq15mulr_sat_s(uint16_t a, uint16_t b) {
  int32_t p = int32_t(int16_t(a)) * int32_t(int16_t(b));  // at most 2^30
  return sat_s<uint16_t>((p + 0x4000) >> 15);
}

// Sign / zero extension of an unsigned lane value to a wider unsigned type.
template <class To, class From>
SKIFF_SEM_INLINE constexpr To sext(From x) {
  return To(std::make_signed_t<To>(std::make_signed_t<From>(x)));
}
template <class To, class From>
SKIFF_SEM_INLINE constexpr To zext(From x) {
  return To(x);
}
template <class To, bool S, class From>
SKIFF_SEM_INLINE constexpr To ext(From x) {
  if constexpr (S)
    return sext<To>(x);
  else
    return zext<To>(x);
}

// ---- splat, lanes, shuffles ----------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 i8x16_splat(uint32_t x) { return splat<uint8_t>(uint8_t(x)); }
SKIFF_SEM_INLINE constexpr V128 i16x8_splat(uint32_t x) { return splat<uint16_t>(uint16_t(x)); }
SKIFF_SEM_INLINE constexpr V128 i32x4_splat(uint32_t x) { return splat<uint32_t>(x); }
SKIFF_SEM_INLINE constexpr V128 i64x2_splat(uint64_t x) { return splat<uint64_t>(x); }
SKIFF_SEM_INLINE constexpr V128 f32x4_splat(float x) { return splat<float>(x); }
SKIFF_SEM_INLINE constexpr V128 f64x2_splat(double x) { return splat<double>(x); }

SKIFF_SEM_INLINE constexpr uint32_t i8x16_extract_lane_s(V128 v, unsigned i) {
  return sext<uint32_t>(get_lane<uint8_t>(v, i));
}
SKIFF_SEM_INLINE constexpr uint32_t i8x16_extract_lane_u(V128 v, unsigned i) {
  return get_lane<uint8_t>(v, i);
}
SKIFF_SEM_INLINE constexpr uint32_t i16x8_extract_lane_s(V128 v, unsigned i) {
  return sext<uint32_t>(get_lane<uint16_t>(v, i));
}
SKIFF_SEM_INLINE constexpr uint32_t i16x8_extract_lane_u(V128 v, unsigned i) {
  return get_lane<uint16_t>(v, i);
}
SKIFF_SEM_INLINE constexpr uint32_t i32x4_extract_lane(V128 v, unsigned i) {
  return get_lane<uint32_t>(v, i);
}
SKIFF_SEM_INLINE constexpr uint64_t i64x2_extract_lane(V128 v, unsigned i) {
  return get_lane<uint64_t>(v, i);
}
SKIFF_SEM_INLINE constexpr float f32x4_extract_lane(V128 v, unsigned i) {
  return get_lane<float>(v, i);
}
SKIFF_SEM_INLINE constexpr double f64x2_extract_lane(V128 v, unsigned i) {
  return get_lane<double>(v, i);
}

SKIFF_SEM_INLINE constexpr V128 i8x16_replace_lane(V128 v, unsigned i, uint32_t x) {
  return set_lane<uint8_t>(v, i, uint8_t(x));
}
SKIFF_SEM_INLINE constexpr V128 i16x8_replace_lane(V128 v, unsigned i, uint32_t x) {
  return set_lane<uint16_t>(v, i, uint16_t(x));
}
SKIFF_SEM_INLINE constexpr V128 i32x4_replace_lane(V128 v, unsigned i, uint32_t x) {
  return set_lane<uint32_t>(v, i, x);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_replace_lane(V128 v, unsigned i, uint64_t x) {
  return set_lane<uint64_t>(v, i, x);
}
SKIFF_SEM_INLINE constexpr V128 f32x4_replace_lane(V128 v, unsigned i, float x) {
  return set_lane<float>(v, i, x);
}
SKIFF_SEM_INLINE constexpr V128 f64x2_replace_lane(V128 v, unsigned i, double x) {
  return set_lane<double>(v, i, x);
}

// i8x16.shuffle: lane i of the result is byte idx[i] of a ++ b. `idx` holds the 16
// immediate bytes (each < 32 after validation; masked here all the same).
SKIFF_SEM_INLINE constexpr V128 i8x16_shuffle(V128 a, V128 b, V128 idx) {
  V128 r{};
  for (unsigned i = 0; i < 16; ++i) {
    unsigned k = idx.bytes[i] & 31u;
    r.bytes[i] = k < 16 ? a.bytes[k] : b.bytes[k - 16];
  }
  return r;
}
// i8x16.swizzle: lane i is a[s[i]], or 0 when s[i] >= 16.
SKIFF_SEM_INLINE constexpr V128 i8x16_swizzle(V128 a, V128 s) {
  V128 r{};
  for (unsigned i = 0; i < 16; ++i) r.bytes[i] = s.bytes[i] < 16 ? a.bytes[s.bytes[i]] : 0;
  return r;
}

// ---- bitwise ------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 v128_not(V128 a) {
  return lanewise<uint64_t>(a, [](uint64_t x) { return ~x; });
}
SKIFF_SEM_INLINE constexpr V128 v128_and(V128 a, V128 b) {
  return lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & y; });
}
SKIFF_SEM_INLINE constexpr V128 v128_andnot(V128 a, V128 b) {
  return lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & ~y; });
}
SKIFF_SEM_INLINE constexpr V128 v128_or(V128 a, V128 b) {
  return lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x | y; });
}
SKIFF_SEM_INLINE constexpr V128 v128_xor(V128 a, V128 b) {
  return lanewise<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x ^ y; });
}
// v128.bitselect(v1, v2, c): bits of v1 where c is 1, of v2 where c is 0.
SKIFF_SEM_INLINE constexpr V128 v128_bitselect(V128 a, V128 b, V128 c) {
  return lanewise<uint64_t>(a, b, c,
                            [](uint64_t x, uint64_t y, uint64_t m) { return (x & m) | (y & ~m); });
}
SKIFF_SEM_INLINE constexpr uint32_t v128_any_true(V128 a) {
  Lanes<uint64_t> x = lanes<uint64_t>(a);
  return (x[0] | x[1]) != 0;
}

// ---- generic integer-shape templates -------------------------------------------
// U is the lane type (uint8_t .. uint64_t).

namespace vi {

template <class U>
SKIFF_SEM_INLINE constexpr V128 abs(V128 a) {
  return lanewise<U>(a, [](U x) { return iabs(x); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 neg(V128 a) {
  return lanewise<U>(a, [](U x) { return ineg(x); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 add(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return iadd(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 sub(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return isub(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 mul(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return imul(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 min_s(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return imin_s(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 min_u(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return imin_u(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 max_s(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return imax_s(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 max_u(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return imax_u(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 add_sat_s(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return iadd_sat_s(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 add_sat_u(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return iadd_sat_u(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 sub_sat_s(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return isub_sat_s(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 sub_sat_u(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return isub_sat_u(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 avgr_u(V128 a, V128 b) {
  return lanewise<U>(a, b, [](U x, U y) { return iavgr_u(x, y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 shl(V128 a, uint32_t k) {
  return lanewise<U>(a, [k](U x) { return ishl(x, k); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 shr_s(V128 a, uint32_t k) {
  return lanewise<U>(a, [k](U x) { return ishr_s(x, k); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 shr_u(V128 a, uint32_t k) {
  return lanewise<U>(a, [k](U x) { return ishr_u(x, k); });
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t all_true(V128 a) {
  Lanes<U> x = lanes<U>(a);
  bool r = true;
  for (U e : x) r = r && e != 0;
  return r;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t bitmask(V128 a) {
  Lanes<U> x = lanes<U>(a);
  uint32_t r = 0;
  for (unsigned i = 0; i < kLanes<U>; ++i) r |= uint32_t(x[i] >> (kWidth<U> - 1)) << i;
  return r;
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 eq(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return x == y; });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 ne(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return x != y; });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 lt_s(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return Signed<U>(x) < Signed<U>(y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 lt_u(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return x < y; });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 gt_s(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return Signed<U>(x) > Signed<U>(y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 gt_u(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return x > y; });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 le_s(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return Signed<U>(x) <= Signed<U>(y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 le_u(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return x <= y; });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 ge_s(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return Signed<U>(x) >= Signed<U>(y); });
}
template <class U>
SKIFF_SEM_INLINE constexpr V128 ge_u(V128 a, V128 b) {
  return compare<U>(a, b, [](U x, U y) { return x >= y; });
}

// extend_low/high: the low or high half of the From lanes, extended to To.
template <class To, class From, bool S, bool High>
SKIFF_SEM_INLINE constexpr V128 extend(V128 a) {
  Lanes<From> x = lanes<From>(a);
  Lanes<To> r{};
  constexpr unsigned kBase = High ? kLanes<To> : 0;
  for (unsigned i = 0; i < kLanes<To>; ++i) r[i] = ext<To, S>(x[kBase + i]);
  return from_lanes<To>(r);
}
// extmul_low/high: extend both halves, multiply in To (exact, no overflow).
template <class To, class From, bool S, bool High>
SKIFF_SEM_INLINE constexpr V128 extmul(V128 a, V128 b) {
  Lanes<From> x = lanes<From>(a);
  Lanes<From> y = lanes<From>(b);
  Lanes<To> r{};
  constexpr unsigned kBase = High ? kLanes<To> : 0;
  for (unsigned i = 0; i < kLanes<To>; ++i)
    r[i] = imul(ext<To, S>(x[kBase + i]), ext<To, S>(y[kBase + i]));
  return from_lanes<To>(r);
}
// extadd_pairwise: lane i = ext(a[2i]) + ext(a[2i+1]).
template <class To, class From, bool S>
SKIFF_SEM_INLINE constexpr V128 extadd_pairwise(V128 a) {
  Lanes<From> x = lanes<From>(a);
  Lanes<To> r{};
  for (unsigned i = 0; i < kLanes<To>; ++i)
    r[i] = iadd(ext<To, S>(x[2 * i]), ext<To, S>(x[2 * i + 1]));
  return from_lanes<To>(r);
}
// narrow: the signed lanes of a then b, saturated to the signed (S) or unsigned
// range of To.
template <class To, class From, bool S>
SKIFF_SEM_INLINE constexpr V128 narrow(V128 a, V128 b) {
  Lanes<From> x = lanes<From>(a);
  Lanes<From> y = lanes<From>(b);
  Lanes<To> r{};
  constexpr unsigned kHalf = kLanes<From>;
  for (unsigned i = 0; i < kHalf; ++i) {
    Signed<From> vx = Signed<From>(x[i]);
    Signed<From> vy = Signed<From>(y[i]);
    if constexpr (S) {
      r[i] = sat_s<To>(vx);
      r[kHalf + i] = sat_s<To>(vy);
    } else {
      r[i] = sat_u<To>(vx);
      r[kHalf + i] = sat_u<To>(vy);
    }
  }
  return from_lanes<To>(r);
}

}  // namespace vi

// ---- i8x16 --------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 i8x16_abs(V128 a) { return vi::abs<uint8_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i8x16_neg(V128 a) { return vi::neg<uint8_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i8x16_popcnt(V128 a) {
  return lanewise<uint8_t>(a, [](uint8_t x) { return ipopcnt(x); });
}
SKIFF_SEM_INLINE constexpr uint32_t i8x16_all_true(V128 a) { return vi::all_true<uint8_t>(a); }
SKIFF_SEM_INLINE constexpr uint32_t i8x16_bitmask(V128 a) { return vi::bitmask<uint8_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i8x16_narrow_i16x8_s(V128 a, V128 b) {
  return vi::narrow<uint8_t, uint16_t, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i8x16_narrow_i16x8_u(V128 a, V128 b) {
  return vi::narrow<uint8_t, uint16_t, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i8x16_shl(V128 a, uint32_t k) { return vi::shl<uint8_t>(a, k); }
SKIFF_SEM_INLINE constexpr V128 i8x16_shr_s(V128 a, uint32_t k) { return vi::shr_s<uint8_t>(a, k); }
SKIFF_SEM_INLINE constexpr V128 i8x16_shr_u(V128 a, uint32_t k) { return vi::shr_u<uint8_t>(a, k); }
SKIFF_SEM_INLINE constexpr V128 i8x16_add(V128 a, V128 b) { return vi::add<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_add_sat_s(V128 a, V128 b) {
  return vi::add_sat_s<uint8_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i8x16_add_sat_u(V128 a, V128 b) {
  return vi::add_sat_u<uint8_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i8x16_sub(V128 a, V128 b) { return vi::sub<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_sub_sat_s(V128 a, V128 b) {
  return vi::sub_sat_s<uint8_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i8x16_sub_sat_u(V128 a, V128 b) {
  return vi::sub_sat_u<uint8_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i8x16_min_s(V128 a, V128 b) { return vi::min_s<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_min_u(V128 a, V128 b) { return vi::min_u<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_max_s(V128 a, V128 b) { return vi::max_s<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_max_u(V128 a, V128 b) { return vi::max_u<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_avgr_u(V128 a, V128 b) { return vi::avgr_u<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_eq(V128 a, V128 b) { return vi::eq<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_ne(V128 a, V128 b) { return vi::ne<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_lt_s(V128 a, V128 b) { return vi::lt_s<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_lt_u(V128 a, V128 b) { return vi::lt_u<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_gt_s(V128 a, V128 b) { return vi::gt_s<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_gt_u(V128 a, V128 b) { return vi::gt_u<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_le_s(V128 a, V128 b) { return vi::le_s<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_le_u(V128 a, V128 b) { return vi::le_u<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_ge_s(V128 a, V128 b) { return vi::ge_s<uint8_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i8x16_ge_u(V128 a, V128 b) { return vi::ge_u<uint8_t>(a, b); }

// ---- i16x8 --------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 i16x8_abs(V128 a) { return vi::abs<uint16_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i16x8_neg(V128 a) { return vi::neg<uint16_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i16x8_q15mulr_sat_s(V128 a, V128 b) {
  return lanewise<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return iq15mulr_sat_s(x, y); });
}
SKIFF_SEM_INLINE constexpr uint32_t i16x8_all_true(V128 a) { return vi::all_true<uint16_t>(a); }
SKIFF_SEM_INLINE constexpr uint32_t i16x8_bitmask(V128 a) { return vi::bitmask<uint16_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i16x8_narrow_i32x4_s(V128 a, V128 b) {
  return vi::narrow<uint16_t, uint32_t, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_narrow_i32x4_u(V128 a, V128 b) {
  return vi::narrow<uint16_t, uint32_t, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extend_low_i8x16_s(V128 a) {
  return vi::extend<uint16_t, uint8_t, true, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extend_high_i8x16_s(V128 a) {
  return vi::extend<uint16_t, uint8_t, true, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extend_low_i8x16_u(V128 a) {
  return vi::extend<uint16_t, uint8_t, false, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extend_high_i8x16_u(V128 a) {
  return vi::extend<uint16_t, uint8_t, false, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_shl(V128 a, uint32_t k) { return vi::shl<uint16_t>(a, k); }
SKIFF_SEM_INLINE constexpr V128 i16x8_shr_s(V128 a, uint32_t k) {
  return vi::shr_s<uint16_t>(a, k);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_shr_u(V128 a, uint32_t k) {
  return vi::shr_u<uint16_t>(a, k);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_add(V128 a, V128 b) { return vi::add<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_add_sat_s(V128 a, V128 b) {
  return vi::add_sat_s<uint16_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_add_sat_u(V128 a, V128 b) {
  return vi::add_sat_u<uint16_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_sub(V128 a, V128 b) { return vi::sub<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_sub_sat_s(V128 a, V128 b) {
  return vi::sub_sat_s<uint16_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_sub_sat_u(V128 a, V128 b) {
  return vi::sub_sat_u<uint16_t>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_mul(V128 a, V128 b) { return vi::mul<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_min_s(V128 a, V128 b) { return vi::min_s<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_min_u(V128 a, V128 b) { return vi::min_u<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_max_s(V128 a, V128 b) { return vi::max_s<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_max_u(V128 a, V128 b) { return vi::max_u<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_avgr_u(V128 a, V128 b) { return vi::avgr_u<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_extmul_low_i8x16_s(V128 a, V128 b) {
  return vi::extmul<uint16_t, uint8_t, true, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extmul_high_i8x16_s(V128 a, V128 b) {
  return vi::extmul<uint16_t, uint8_t, true, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extmul_low_i8x16_u(V128 a, V128 b) {
  return vi::extmul<uint16_t, uint8_t, false, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extmul_high_i8x16_u(V128 a, V128 b) {
  return vi::extmul<uint16_t, uint8_t, false, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extadd_pairwise_i8x16_s(V128 a) {
  return vi::extadd_pairwise<uint16_t, uint8_t, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_extadd_pairwise_i8x16_u(V128 a) {
  return vi::extadd_pairwise<uint16_t, uint8_t, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_eq(V128 a, V128 b) { return vi::eq<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_ne(V128 a, V128 b) { return vi::ne<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_lt_s(V128 a, V128 b) { return vi::lt_s<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_lt_u(V128 a, V128 b) { return vi::lt_u<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_gt_s(V128 a, V128 b) { return vi::gt_s<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_gt_u(V128 a, V128 b) { return vi::gt_u<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_le_s(V128 a, V128 b) { return vi::le_s<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_le_u(V128 a, V128 b) { return vi::le_u<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_ge_s(V128 a, V128 b) { return vi::ge_s<uint16_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i16x8_ge_u(V128 a, V128 b) { return vi::ge_u<uint16_t>(a, b); }

// ---- i32x4 --------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 i32x4_abs(V128 a) { return vi::abs<uint32_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i32x4_neg(V128 a) { return vi::neg<uint32_t>(a); }
SKIFF_SEM_INLINE constexpr uint32_t i32x4_all_true(V128 a) { return vi::all_true<uint32_t>(a); }
SKIFF_SEM_INLINE constexpr uint32_t i32x4_bitmask(V128 a) { return vi::bitmask<uint32_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i32x4_extend_low_i16x8_s(V128 a) {
  return vi::extend<uint32_t, uint16_t, true, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extend_high_i16x8_s(V128 a) {
  return vi::extend<uint32_t, uint16_t, true, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extend_low_i16x8_u(V128 a) {
  return vi::extend<uint32_t, uint16_t, false, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extend_high_i16x8_u(V128 a) {
  return vi::extend<uint32_t, uint16_t, false, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_shl(V128 a, uint32_t k) { return vi::shl<uint32_t>(a, k); }
SKIFF_SEM_INLINE constexpr V128 i32x4_shr_s(V128 a, uint32_t k) {
  return vi::shr_s<uint32_t>(a, k);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_shr_u(V128 a, uint32_t k) {
  return vi::shr_u<uint32_t>(a, k);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_add(V128 a, V128 b) { return vi::add<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_sub(V128 a, V128 b) { return vi::sub<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_mul(V128 a, V128 b) { return vi::mul<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_min_s(V128 a, V128 b) { return vi::min_s<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_min_u(V128 a, V128 b) { return vi::min_u<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_max_s(V128 a, V128 b) { return vi::max_s<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_max_u(V128 a, V128 b) { return vi::max_u<uint32_t>(a, b); }
// i32x4.dot_i16x8_s: lane i = a[2i]*b[2i] + a[2i+1]*b[2i+1] (signed), modulo 2^32
// (only -32768*-32768 twice overflows, to 0x80000000).
SKIFF_SEM_INLINE constexpr V128 i32x4_dot_i16x8_s(V128 a, V128 b) {
  Lanes<uint16_t> x = lanes<uint16_t>(a);
  Lanes<uint16_t> y = lanes<uint16_t>(b);
  Lanes<uint32_t> r{};
  for (unsigned i = 0; i < 4; ++i) {
    uint32_t p0 = imul(sext<uint32_t>(x[2 * i]), sext<uint32_t>(y[2 * i]));
    uint32_t p1 = imul(sext<uint32_t>(x[2 * i + 1]), sext<uint32_t>(y[2 * i + 1]));
    r[i] = p0 + p1;
  }
  return from_lanes<uint32_t>(r);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extmul_low_i16x8_s(V128 a, V128 b) {
  return vi::extmul<uint32_t, uint16_t, true, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extmul_high_i16x8_s(V128 a, V128 b) {
  return vi::extmul<uint32_t, uint16_t, true, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extmul_low_i16x8_u(V128 a, V128 b) {
  return vi::extmul<uint32_t, uint16_t, false, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extmul_high_i16x8_u(V128 a, V128 b) {
  return vi::extmul<uint32_t, uint16_t, false, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extadd_pairwise_i16x8_s(V128 a) {
  return vi::extadd_pairwise<uint32_t, uint16_t, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_extadd_pairwise_i16x8_u(V128 a) {
  return vi::extadd_pairwise<uint32_t, uint16_t, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_eq(V128 a, V128 b) { return vi::eq<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_ne(V128 a, V128 b) { return vi::ne<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_lt_s(V128 a, V128 b) { return vi::lt_s<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_lt_u(V128 a, V128 b) { return vi::lt_u<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_gt_s(V128 a, V128 b) { return vi::gt_s<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_gt_u(V128 a, V128 b) { return vi::gt_u<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_le_s(V128 a, V128 b) { return vi::le_s<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_le_u(V128 a, V128 b) { return vi::le_u<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_ge_s(V128 a, V128 b) { return vi::ge_s<uint32_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i32x4_ge_u(V128 a, V128 b) { return vi::ge_u<uint32_t>(a, b); }

// ---- i64x2 --------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 i64x2_abs(V128 a) { return vi::abs<uint64_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i64x2_neg(V128 a) { return vi::neg<uint64_t>(a); }
SKIFF_SEM_INLINE constexpr uint32_t i64x2_all_true(V128 a) { return vi::all_true<uint64_t>(a); }
SKIFF_SEM_INLINE constexpr uint32_t i64x2_bitmask(V128 a) { return vi::bitmask<uint64_t>(a); }
SKIFF_SEM_INLINE constexpr V128 i64x2_extend_low_i32x4_s(V128 a) {
  return vi::extend<uint64_t, uint32_t, true, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_extend_high_i32x4_s(V128 a) {
  return vi::extend<uint64_t, uint32_t, true, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_extend_low_i32x4_u(V128 a) {
  return vi::extend<uint64_t, uint32_t, false, false>(a);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_extend_high_i32x4_u(V128 a) {
  return vi::extend<uint64_t, uint32_t, false, true>(a);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_shl(V128 a, uint32_t k) { return vi::shl<uint64_t>(a, k); }
SKIFF_SEM_INLINE constexpr V128 i64x2_shr_s(V128 a, uint32_t k) {
  return vi::shr_s<uint64_t>(a, k);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_shr_u(V128 a, uint32_t k) {
  return vi::shr_u<uint64_t>(a, k);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_add(V128 a, V128 b) { return vi::add<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_sub(V128 a, V128 b) { return vi::sub<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_mul(V128 a, V128 b) { return vi::mul<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_extmul_low_i32x4_s(V128 a, V128 b) {
  return vi::extmul<uint64_t, uint32_t, true, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_extmul_high_i32x4_s(V128 a, V128 b) {
  return vi::extmul<uint64_t, uint32_t, true, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_extmul_low_i32x4_u(V128 a, V128 b) {
  return vi::extmul<uint64_t, uint32_t, false, false>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_extmul_high_i32x4_u(V128 a, V128 b) {
  return vi::extmul<uint64_t, uint32_t, false, true>(a, b);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_eq(V128 a, V128 b) { return vi::eq<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_ne(V128 a, V128 b) { return vi::ne<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_lt_s(V128 a, V128 b) { return vi::lt_s<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_gt_s(V128 a, V128 b) { return vi::gt_s<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_le_s(V128 a, V128 b) { return vi::le_s<uint64_t>(a, b); }
SKIFF_SEM_INLINE constexpr V128 i64x2_ge_s(V128 a, V128 b) { return vi::ge_s<uint64_t>(a, b); }

// ---- float shapes ---------------------------------------------------------------

namespace vf {

template <class F>
SKIFF_SEM_INLINE constexpr V128 abs(V128 a) {
  return lanewise<F>(a, [](F x) { return fabs(x); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 neg(V128 a) {
  return lanewise<F>(a, [](F x) { return fneg(x); });
}
template <class F>
SKIFF_SEM_INLINE V128 sqrt(V128 a) {
  return lanewise<F>(a, [](F x) { return fsqrt(x); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 ceil(V128 a) {
  return lanewise<F>(a, [](F x) { return fceil(x); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 floor(V128 a) {
  return lanewise<F>(a, [](F x) { return ffloor(x); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 trunc(V128 a) {
  return lanewise<F>(a, [](F x) { return ftrunc(x); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 nearest(V128 a) {
  return lanewise<F>(a, [](F x) { return fnearest(x); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 add(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return fadd(x, y); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 sub(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return fsub(x, y); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 mul(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return fmul(x, y); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 div(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return fdiv(x, y); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 min(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return fmin(x, y); });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 max(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return fmax(x, y); });
}
// pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a. "Pseudo" min/max: the
// operand itself is returned, NaN or not (this is C's `<`-based min, and x86's
// minps(b, a)).
template <class F>
SKIFF_SEM_INLINE constexpr V128 pmin(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return y < x ? y : x; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 pmax(V128 a, V128 b) {
  return lanewise<F>(a, b, [](F x, F y) { return x < y ? y : x; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 eq(V128 a, V128 b) {
  return compare<F>(a, b, [](F x, F y) { return x == y; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 ne(V128 a, V128 b) {
  return compare<F>(a, b, [](F x, F y) { return x != y; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 lt(V128 a, V128 b) {
  return compare<F>(a, b, [](F x, F y) { return x < y; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 gt(V128 a, V128 b) {
  return compare<F>(a, b, [](F x, F y) { return x > y; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 le(V128 a, V128 b) {
  return compare<F>(a, b, [](F x, F y) { return x <= y; });
}
template <class F>
SKIFF_SEM_INLINE constexpr V128 ge(V128 a, V128 b) {
  return compare<F>(a, b, [](F x, F y) { return x >= y; });
}

}  // namespace vf

// ---- f32x4 --------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 f32x4_abs(V128 a) { return vf::abs<float>(a); }
SKIFF_SEM_INLINE constexpr V128 f32x4_neg(V128 a) { return vf::neg<float>(a); }
SKIFF_SEM_INLINE V128 f32x4_sqrt(V128 a) { return vf::sqrt<float>(a); }
SKIFF_SEM_INLINE constexpr V128 f32x4_ceil(V128 a) { return vf::ceil<float>(a); }
SKIFF_SEM_INLINE constexpr V128 f32x4_floor(V128 a) { return vf::floor<float>(a); }
SKIFF_SEM_INLINE constexpr V128 f32x4_trunc(V128 a) { return vf::trunc<float>(a); }
SKIFF_SEM_INLINE constexpr V128 f32x4_nearest(V128 a) { return vf::nearest<float>(a); }
SKIFF_SEM_INLINE constexpr V128 f32x4_add(V128 a, V128 b) { return vf::add<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_sub(V128 a, V128 b) { return vf::sub<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_mul(V128 a, V128 b) { return vf::mul<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_div(V128 a, V128 b) { return vf::div<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_min(V128 a, V128 b) { return vf::min<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_max(V128 a, V128 b) { return vf::max<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_pmin(V128 a, V128 b) { return vf::pmin<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_pmax(V128 a, V128 b) { return vf::pmax<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_eq(V128 a, V128 b) { return vf::eq<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_ne(V128 a, V128 b) { return vf::ne<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_lt(V128 a, V128 b) { return vf::lt<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_gt(V128 a, V128 b) { return vf::gt<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_le(V128 a, V128 b) { return vf::le<float>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_ge(V128 a, V128 b) { return vf::ge<float>(a, b); }

// ---- f64x2 --------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 f64x2_abs(V128 a) { return vf::abs<double>(a); }
SKIFF_SEM_INLINE constexpr V128 f64x2_neg(V128 a) { return vf::neg<double>(a); }
SKIFF_SEM_INLINE V128 f64x2_sqrt(V128 a) { return vf::sqrt<double>(a); }
SKIFF_SEM_INLINE constexpr V128 f64x2_ceil(V128 a) { return vf::ceil<double>(a); }
SKIFF_SEM_INLINE constexpr V128 f64x2_floor(V128 a) { return vf::floor<double>(a); }
SKIFF_SEM_INLINE constexpr V128 f64x2_trunc(V128 a) { return vf::trunc<double>(a); }
SKIFF_SEM_INLINE constexpr V128 f64x2_nearest(V128 a) { return vf::nearest<double>(a); }
SKIFF_SEM_INLINE constexpr V128 f64x2_add(V128 a, V128 b) { return vf::add<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_sub(V128 a, V128 b) { return vf::sub<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_mul(V128 a, V128 b) { return vf::mul<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_div(V128 a, V128 b) { return vf::div<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_min(V128 a, V128 b) { return vf::min<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_max(V128 a, V128 b) { return vf::max<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_pmin(V128 a, V128 b) { return vf::pmin<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_pmax(V128 a, V128 b) { return vf::pmax<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_eq(V128 a, V128 b) { return vf::eq<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_ne(V128 a, V128 b) { return vf::ne<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_lt(V128 a, V128 b) { return vf::lt<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_gt(V128 a, V128 b) { return vf::gt<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_le(V128 a, V128 b) { return vf::le<double>(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_ge(V128 a, V128 b) { return vf::ge<double>(a, b); }

// ---- conversions ----------------------------------------------------------------

SKIFF_SEM_INLINE constexpr V128 i32x4_trunc_sat_f32x4_s(V128 a) {
  Lanes<float> x = lanes<float>(a);
  Lanes<uint32_t> r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = itrunc_sat<int32_t>(x[i]);
  return from_lanes<uint32_t>(r);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_trunc_sat_f32x4_u(V128 a) {
  Lanes<float> x = lanes<float>(a);
  Lanes<uint32_t> r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = itrunc_sat<uint32_t>(x[i]);
  return from_lanes<uint32_t>(r);
}
// f64x2 -> the two low i32 lanes; the high two are zero.
SKIFF_SEM_INLINE constexpr V128 i32x4_trunc_sat_f64x2_s_zero(V128 a) {
  Lanes<double> x = lanes<double>(a);
  return make_i32x4({itrunc_sat<int32_t>(x[0]), itrunc_sat<int32_t>(x[1]), 0, 0});
}
SKIFF_SEM_INLINE constexpr V128 i32x4_trunc_sat_f64x2_u_zero(V128 a) {
  Lanes<double> x = lanes<double>(a);
  return make_i32x4({itrunc_sat<uint32_t>(x[0]), itrunc_sat<uint32_t>(x[1]), 0, 0});
}
SKIFF_SEM_INLINE constexpr V128 f32x4_convert_i32x4_s(V128 a) {
  Lanes<uint32_t> x = lanes<uint32_t>(a);
  Lanes<float> r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = f32_convert_i32_s(x[i]);
  return from_lanes<float>(r);
}
SKIFF_SEM_INLINE constexpr V128 f32x4_convert_i32x4_u(V128 a) {
  Lanes<uint32_t> x = lanes<uint32_t>(a);
  Lanes<float> r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = f32_convert_i32_u(x[i]);
  return from_lanes<float>(r);
}
// The two low i32 lanes -> f64x2 (exact).
SKIFF_SEM_INLINE constexpr V128 f64x2_convert_low_i32x4_s(V128 a) {
  Lanes<uint32_t> x = lanes<uint32_t>(a);
  return make_f64x2({f64_convert_i32_s(x[0]), f64_convert_i32_s(x[1])});
}
SKIFF_SEM_INLINE constexpr V128 f64x2_convert_low_i32x4_u(V128 a) {
  Lanes<uint32_t> x = lanes<uint32_t>(a);
  return make_f64x2({f64_convert_i32_u(x[0]), f64_convert_i32_u(x[1])});
}
// f64x2 -> the two low f32 lanes; the high two are +0.
SKIFF_SEM_INLINE constexpr V128 f32x4_demote_f64x2_zero(V128 a) {
  Lanes<double> x = lanes<double>(a);
  return make_f32x4({f32_demote_f64(x[0]), f32_demote_f64(x[1]), 0.0f, 0.0f});
}
SKIFF_SEM_INLINE constexpr V128 f64x2_promote_low_f32x4(V128 a) {
  Lanes<float> x = lanes<float>(a);
  return make_f64x2({f64_promote_f32(x[0]), f64_promote_f32(x[1])});
}

}  // namespace skiff::sem
