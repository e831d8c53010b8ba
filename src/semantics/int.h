// Integer semantics: i32 / i64 arithmetic, bit counting, shifts and rotates,
// sign extension, comparisons, and the wide-arithmetic proposal's 128-bit ops.
//
// The generic functions (iadd<U>, ishr_s<U>, ...) follow the spec's iN operators and
// take an unsigned U of N bits (uint8_t .. uint64_t); the SIMD lanes reuse them.
// Arithmetic is done in unsigned types (wrap-around is defined behaviour); small
// lanes are widened to `unsigned` before multiplying, since uint16_t * uint16_t would
// be a signed int multiplication that can overflow. Signed ops reinterpret as the
// signed type of the same width (two's complement, as C++20 guarantees).
// Shift and rotate counts are taken modulo N, as wasm says.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "semantics/base.h"
#include "semantics/trap_kind.h"

namespace skiff::sem {

template <class U>
using Signed = std::make_signed_t<U>;
// An unsigned type at least as wide as `unsigned`, for overflow-free small-lane math.
template <class U>
using WideU = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;

template <class U>
inline constexpr unsigned kWidth = sizeof(U) * 8;

// ---- generic iN operators -----------------------------------------------------

template <class U>
SKIFF_SEM_INLINE constexpr U iadd(U a, U b) {
  return U(WideU<U>(a) + WideU<U>(b));
}
template <class U>
SKIFF_SEM_INLINE constexpr U isub(U a, U b) {
  return U(WideU<U>(a) - WideU<U>(b));
}
template <class U>
SKIFF_SEM_INLINE constexpr U imul(U a, U b) {
  return U(WideU<U>(a) * WideU<U>(b));
}
template <class U>
SKIFF_SEM_INLINE constexpr U ineg(U a) {
  return U(WideU<U>(0) - WideU<U>(a));
}

template <class U>
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind idiv_u(U a, U b, U& out) {
  if (b == 0) [[unlikely]]
    return TrapKind::IntDivByZero;
  out = U(a / b);
  return TrapKind::None;
}
template <class U>
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind irem_u(U a, U b, U& out) {
  if (b == 0) [[unlikely]]
    return TrapKind::IntDivByZero;
  out = U(a % b);
  return TrapKind::None;
}
template <class U>
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind idiv_s(U a, U b, U& out) {
  if (b == 0) [[unlikely]]
    return TrapKind::IntDivByZero;
  constexpr U kMin = U(1) << (kWidth<U> - 1);
  if (a == kMin && b == U(~U(0))) [[unlikely]]
    return TrapKind::IntOverflow;
  out = U(Signed<U>(a) / Signed<U>(b));
  return TrapKind::None;
}
// rem_s never overflows: INT_MIN rem -1 is 0 (computed without the C++ UB).
template <class U>
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind irem_s(U a, U b, U& out) {
  if (b == 0) [[unlikely]]
    return TrapKind::IntDivByZero;
  if (b == U(~U(0))) [[unlikely]] {
    out = 0;
    return TrapKind::None;
  }
  out = U(Signed<U>(a) % Signed<U>(b));
  return TrapKind::None;
}

template <class U>
SKIFF_SEM_INLINE constexpr U iand(U a, U b) {
  return a & b;
}
template <class U>
SKIFF_SEM_INLINE constexpr U ior(U a, U b) {
  return a | b;
}
template <class U>
SKIFF_SEM_INLINE constexpr U ixor(U a, U b) {
  return a ^ b;
}

// Shifts take the count in any unsigned type; only count mod N matters.
template <class U, class C>
SKIFF_SEM_INLINE constexpr U ishl(U a, C k) {
  return U(WideU<U>(a) << (k & (kWidth<U> - 1)));
}
template <class U, class C>
SKIFF_SEM_INLINE constexpr U ishr_u(U a, C k) {
  return U(a >> (k & (kWidth<U> - 1)));
}
template <class U, class C>
SKIFF_SEM_INLINE constexpr U ishr_s(U a, C k) {
  return U(Signed<U>(a) >> (k & (kWidth<U> - 1)));  // arithmetic shift (C++20)
}
template <class U, class C>
SKIFF_SEM_INLINE constexpr U irotl(U a, C k) {
  return std::rotl(a, int(k & (kWidth<U> - 1)));
}
template <class U, class C>
SKIFF_SEM_INLINE constexpr U irotr(U a, C k) {
  return std::rotr(a, int(k & (kWidth<U> - 1)));
}

template <class U>
SKIFF_SEM_INLINE constexpr U iclz(U a) {
  return U(std::countl_zero(a));
}
template <class U>
SKIFF_SEM_INLINE constexpr U ictz(U a) {
  return U(std::countr_zero(a));
}
template <class U>
SKIFF_SEM_INLINE constexpr U ipopcnt(U a) {
  return U(std::popcount(a));
}

// extendM_s: sign-extend the low M bits of an N-bit value (M < N).
template <class U, class Narrow>
SKIFF_SEM_INLINE constexpr U iextend_s(U a) {
  return U(Signed<U>(std::make_signed_t<Narrow>(Narrow(a))));
}

// Comparisons, as i32 booleans.
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ieqz(U a) {
  return a == 0;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ieq(U a, U b) {
  return a == b;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ine(U a, U b) {
  return a != b;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ilt_u(U a, U b) {
  return a < b;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t igt_u(U a, U b) {
  return a > b;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ile_u(U a, U b) {
  return a <= b;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ige_u(U a, U b) {
  return a >= b;
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ilt_s(U a, U b) {
  return Signed<U>(a) < Signed<U>(b);
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t igt_s(U a, U b) {
  return Signed<U>(a) > Signed<U>(b);
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ile_s(U a, U b) {
  return Signed<U>(a) <= Signed<U>(b);
}
template <class U>
SKIFF_SEM_INLINE constexpr uint32_t ige_s(U a, U b) {
  return Signed<U>(a) >= Signed<U>(b);
}

// ---- i32 ----------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr uint32_t i32_add(uint32_t a, uint32_t b) { return a + b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_sub(uint32_t a, uint32_t b) { return a - b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_mul(uint32_t a, uint32_t b) { return a * b; }
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_div_s(uint32_t a, uint32_t b, uint32_t& out) {
  return idiv_s(a, b, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_div_u(uint32_t a, uint32_t b, uint32_t& out) {
  return idiv_u(a, b, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_rem_s(uint32_t a, uint32_t b, uint32_t& out) {
  return irem_s(a, b, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_rem_u(uint32_t a, uint32_t b, uint32_t& out) {
  return irem_u(a, b, out);
}
SKIFF_SEM_INLINE constexpr uint32_t i32_and(uint32_t a, uint32_t b) { return a & b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_or(uint32_t a, uint32_t b) { return a | b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_xor(uint32_t a, uint32_t b) { return a ^ b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_shl(uint32_t a, uint32_t b) { return ishl(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_shr_s(uint32_t a, uint32_t b) { return ishr_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_shr_u(uint32_t a, uint32_t b) { return ishr_u(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_rotl(uint32_t a, uint32_t b) { return irotl(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_rotr(uint32_t a, uint32_t b) { return irotr(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_clz(uint32_t a) { return iclz(a); }
SKIFF_SEM_INLINE constexpr uint32_t i32_ctz(uint32_t a) { return ictz(a); }
SKIFF_SEM_INLINE constexpr uint32_t i32_popcnt(uint32_t a) { return ipopcnt(a); }
SKIFF_SEM_INLINE constexpr uint32_t i32_extend8_s(uint32_t a) {
  return iextend_s<uint32_t, uint8_t>(a);
}
SKIFF_SEM_INLINE constexpr uint32_t i32_extend16_s(uint32_t a) {
  return iextend_s<uint32_t, uint16_t>(a);
}
SKIFF_SEM_INLINE constexpr uint32_t i32_eqz(uint32_t a) { return a == 0; }
SKIFF_SEM_INLINE constexpr uint32_t i32_eq(uint32_t a, uint32_t b) { return a == b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_ne(uint32_t a, uint32_t b) { return a != b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_lt_s(uint32_t a, uint32_t b) { return ilt_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_lt_u(uint32_t a, uint32_t b) { return a < b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_gt_s(uint32_t a, uint32_t b) { return igt_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_gt_u(uint32_t a, uint32_t b) { return a > b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_le_s(uint32_t a, uint32_t b) { return ile_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_le_u(uint32_t a, uint32_t b) { return a <= b; }
SKIFF_SEM_INLINE constexpr uint32_t i32_ge_s(uint32_t a, uint32_t b) { return ige_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i32_ge_u(uint32_t a, uint32_t b) { return a >= b; }

// ---- i64 ----------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr uint64_t i64_add(uint64_t a, uint64_t b) { return a + b; }
SKIFF_SEM_INLINE constexpr uint64_t i64_sub(uint64_t a, uint64_t b) { return a - b; }
SKIFF_SEM_INLINE constexpr uint64_t i64_mul(uint64_t a, uint64_t b) { return a * b; }
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_div_s(uint64_t a, uint64_t b, uint64_t& out) {
  return idiv_s(a, b, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_div_u(uint64_t a, uint64_t b, uint64_t& out) {
  return idiv_u(a, b, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_rem_s(uint64_t a, uint64_t b, uint64_t& out) {
  return irem_s(a, b, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_rem_u(uint64_t a, uint64_t b, uint64_t& out) {
  return irem_u(a, b, out);
}
SKIFF_SEM_INLINE constexpr uint64_t i64_and(uint64_t a, uint64_t b) { return a & b; }
SKIFF_SEM_INLINE constexpr uint64_t i64_or(uint64_t a, uint64_t b) { return a | b; }
SKIFF_SEM_INLINE constexpr uint64_t i64_xor(uint64_t a, uint64_t b) { return a ^ b; }
SKIFF_SEM_INLINE constexpr uint64_t i64_shl(uint64_t a, uint64_t b) { return ishl(a, b); }
SKIFF_SEM_INLINE constexpr uint64_t i64_shr_s(uint64_t a, uint64_t b) { return ishr_s(a, b); }
SKIFF_SEM_INLINE constexpr uint64_t i64_shr_u(uint64_t a, uint64_t b) { return ishr_u(a, b); }
SKIFF_SEM_INLINE constexpr uint64_t i64_rotl(uint64_t a, uint64_t b) { return irotl(a, b); }
SKIFF_SEM_INLINE constexpr uint64_t i64_rotr(uint64_t a, uint64_t b) { return irotr(a, b); }
SKIFF_SEM_INLINE constexpr uint64_t i64_clz(uint64_t a) { return iclz(a); }
SKIFF_SEM_INLINE constexpr uint64_t i64_ctz(uint64_t a) { return ictz(a); }
SKIFF_SEM_INLINE constexpr uint64_t i64_popcnt(uint64_t a) { return ipopcnt(a); }
SKIFF_SEM_INLINE constexpr uint64_t i64_extend8_s(uint64_t a) {
  return iextend_s<uint64_t, uint8_t>(a);
}
SKIFF_SEM_INLINE constexpr uint64_t i64_extend16_s(uint64_t a) {
  return iextend_s<uint64_t, uint16_t>(a);
}
SKIFF_SEM_INLINE constexpr uint64_t i64_extend32_s(uint64_t a) {
  return iextend_s<uint64_t, uint32_t>(a);
}
SKIFF_SEM_INLINE constexpr uint32_t i64_eqz(uint64_t a) { return a == 0; }
SKIFF_SEM_INLINE constexpr uint32_t i64_eq(uint64_t a, uint64_t b) { return a == b; }
SKIFF_SEM_INLINE constexpr uint32_t i64_ne(uint64_t a, uint64_t b) { return a != b; }
SKIFF_SEM_INLINE constexpr uint32_t i64_lt_s(uint64_t a, uint64_t b) { return ilt_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i64_lt_u(uint64_t a, uint64_t b) { return a < b; }
SKIFF_SEM_INLINE constexpr uint32_t i64_gt_s(uint64_t a, uint64_t b) { return igt_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i64_gt_u(uint64_t a, uint64_t b) { return a > b; }
SKIFF_SEM_INLINE constexpr uint32_t i64_le_s(uint64_t a, uint64_t b) { return ile_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i64_le_u(uint64_t a, uint64_t b) { return a <= b; }
SKIFF_SEM_INLINE constexpr uint32_t i64_ge_s(uint64_t a, uint64_t b) { return ige_s(a, b); }
SKIFF_SEM_INLINE constexpr uint32_t i64_ge_u(uint64_t a, uint64_t b) { return a >= b; }

// ---- wide arithmetic (proposal): 128-bit values as (low, high) i64 pairs ------

struct I128 {
  uint64_t lo = 0;
  uint64_t hi = 0;
  friend constexpr bool operator==(const I128&, const I128&) = default;
};

// i64.add128: (a_lo a_hi b_lo b_hi) -> (lo hi), modulo 2^128.
SKIFF_SEM_INLINE constexpr I128 i64_add128(uint64_t a_lo, uint64_t a_hi, uint64_t b_lo,
                                           uint64_t b_hi) {
  uint64_t lo = a_lo + b_lo;
  uint64_t carry = lo < a_lo;
  return {lo, a_hi + b_hi + carry};
}
// i64.sub128: (a_lo a_hi b_lo b_hi) -> (lo hi), modulo 2^128.
SKIFF_SEM_INLINE constexpr I128 i64_sub128(uint64_t a_lo, uint64_t a_hi, uint64_t b_lo,
                                           uint64_t b_hi) {
  uint64_t borrow = a_lo < b_lo;
  return {a_lo - b_lo, a_hi - b_hi - borrow};
}

namespace detail {
// The full 128-bit product of two u64, in 32-bit limbs (portable path).
SKIFF_SEM_INLINE constexpr I128 mul_wide_u_portable(uint64_t a, uint64_t b) {
  uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32;
  uint64_t b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
  uint64_t lo = (p00 & 0xFFFFFFFFu) | (mid << 32);
  uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return {lo, hi};
}
}  // namespace detail

// i64.mul_wide_u: the full product of two u64 as (lo hi).
SKIFF_SEM_INLINE constexpr I128 i64_mul_wide_u(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
  __extension__ using u128 = unsigned __int128;
  u128 p = u128(a) * u128(b);
  return {uint64_t(p), uint64_t(p >> 64)};
#else
  return detail::mul_wide_u_portable(a, b);
#endif
}
// i64.mul_wide_s: the full product of two s64 as (lo hi). From the unsigned product:
// subtract b<<64 when a < 0 and a<<64 when b < 0.
SKIFF_SEM_INLINE constexpr I128 i64_mul_wide_s(uint64_t a, uint64_t b) {
  I128 p = i64_mul_wide_u(a, b);
  if (int64_t(a) < 0) p.hi -= b;
  if (int64_t(b) < 0) p.hi -= a;
  return p;
}

}  // namespace skiff::sem
