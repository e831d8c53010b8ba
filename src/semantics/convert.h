// Conversions: wrap, extend, float -> int (trapping and saturating), int -> float,
// demote, promote, reinterpret.
//
// float -> int. trunc(x) must fit the target: the valid inputs are the open interval
// (lo - 1, hi) where lo/hi are the target's min and max+1 (powers of two, exact in
// every float type). The lower bound is tested as x > lo - 1 when lo - 1 is exactly
// representable (f64 -> i32: -2147483648.9 is valid), else as x >= lo (f32 -> i32:
// the float below -2^31 is -2147483904). NaN traps "invalid conversion to integer",
// out of range traps "integer overflow"; the _sat forms map NaN to 0 and clamp.
// The C++ cast is only done on in-range values (out-of-range casts are UB in C++ and
// give 0x80000000 on x86).
//
// int -> float. A C++ integer-to-float cast is one correctly rounded IEEE conversion
// on the supported compilers and targets (cvtsi2ss/sd, ucvtf/scvtf; GCC and Clang
// lower u64 -> f32 on x86-64 with the halve-and-keep-sticky-bit sequence, which
// rounds once). The thing to avoid is u64/i64 -> f64 -> f32, which rounds twice
// (e.g. 0x0020000020000001 -> f32); the tests check the conversions.wast cases and
// compare against a software reference.
//
// demote/promote are the host's IEEE conversions: a NaN keeps its sign and the top
// payload bits and is quieted, so a canonical NaN stays canonical, as the spec asks.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "semantics/base.h"
#include "semantics/trap_kind.h"

namespace skiff::sem {

// ---- generic float -> int ------------------------------------------------------

namespace detail {

// Range of the float values whose truncation fits I (I is the signed or unsigned
// integer type of the result's interpretation).
template <class F, class I>
SKIFF_SEM_INLINE constexpr bool trunc_in_range(F x) {
  constexpr int kBits = int(sizeof(I) * 8);
  if constexpr (std::is_signed_v<I>) {
    constexpr F kHi = F(uint64_t(1) << (kBits - 1));  // 2^(N-1)
    constexpr F kLo = -kHi;                           // -2^(N-1)
    // Is -2^(N-1) - 1 exact in F? Needs N <= digits of F.
    if constexpr (kBits <= std::numeric_limits<F>::digits) {
      return x > kLo - F(1) && x < kHi;
    } else {
      return x >= kLo && x < kHi;
    }
  } else {
    // 2^N as a float: 2^32 fits a uint64_t; 2^64 is 2 * 2^63.
    constexpr F kHi = kBits == 64 ? F(uint64_t(1) << 63) * F(2) : F(uint64_t(1) << kBits);
    return x > F(-1) && x < kHi;
  }
}

}  // namespace detail

// Trapping truncation: I is the signed/unsigned integer of the op, result bits in U.
template <class I, class F, class U = std::make_unsigned_t<I>>
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind itrunc(F x, U& out) {
  if (x != x) [[unlikely]]
    return TrapKind::InvalidConversion;
  if (!detail::trunc_in_range<F, I>(x)) [[unlikely]]
    return TrapKind::IntOverflow;
  out = U(I(x));
  return TrapKind::None;
}

// Saturating truncation.
template <class I, class F, class U = std::make_unsigned_t<I>>
SKIFF_SEM_INLINE constexpr U itrunc_sat(F x) {
  if (x != x) [[unlikely]]
    return 0;
  if (detail::trunc_in_range<F, I>(x)) [[likely]]
    return U(I(x));
  return x < F(0) ? U(std::numeric_limits<I>::min()) : U(std::numeric_limits<I>::max());
}

// ---- integer width -------------------------------------------------------------

SKIFF_SEM_INLINE constexpr uint32_t i32_wrap_i64(uint64_t a) { return uint32_t(a); }
SKIFF_SEM_INLINE constexpr uint64_t i64_extend_i32_s(uint32_t a) {
  return uint64_t(int64_t(int32_t(a)));
}
SKIFF_SEM_INLINE constexpr uint64_t i64_extend_i32_u(uint32_t a) { return a; }

// ---- float -> int, trapping ----------------------------------------------------

[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_trunc_f32_s(float x, uint32_t& out) {
  return itrunc<int32_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_trunc_f32_u(float x, uint32_t& out) {
  return itrunc<uint32_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_trunc_f64_s(double x, uint32_t& out) {
  return itrunc<int32_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i32_trunc_f64_u(double x, uint32_t& out) {
  return itrunc<uint32_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_trunc_f32_s(float x, uint64_t& out) {
  return itrunc<int64_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_trunc_f32_u(float x, uint64_t& out) {
  return itrunc<uint64_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_trunc_f64_s(double x, uint64_t& out) {
  return itrunc<int64_t>(x, out);
}
[[nodiscard]] SKIFF_SEM_INLINE constexpr TrapKind i64_trunc_f64_u(double x, uint64_t& out) {
  return itrunc<uint64_t>(x, out);
}

// ---- float -> int, saturating --------------------------------------------------

SKIFF_SEM_INLINE constexpr uint32_t i32_trunc_sat_f32_s(float x) { return itrunc_sat<int32_t>(x); }
SKIFF_SEM_INLINE constexpr uint32_t i32_trunc_sat_f32_u(float x) { return itrunc_sat<uint32_t>(x); }
SKIFF_SEM_INLINE constexpr uint32_t i32_trunc_sat_f64_s(double x) { return itrunc_sat<int32_t>(x); }
SKIFF_SEM_INLINE constexpr uint32_t i32_trunc_sat_f64_u(double x) {
  return itrunc_sat<uint32_t>(x);
}
SKIFF_SEM_INLINE constexpr uint64_t i64_trunc_sat_f32_s(float x) { return itrunc_sat<int64_t>(x); }
SKIFF_SEM_INLINE constexpr uint64_t i64_trunc_sat_f32_u(float x) { return itrunc_sat<uint64_t>(x); }
SKIFF_SEM_INLINE constexpr uint64_t i64_trunc_sat_f64_s(double x) { return itrunc_sat<int64_t>(x); }
SKIFF_SEM_INLINE constexpr uint64_t i64_trunc_sat_f64_u(double x) {
  return itrunc_sat<uint64_t>(x);
}

// ---- int -> float --------------------------------------------------------------

SKIFF_SEM_INLINE constexpr float f32_convert_i32_s(uint32_t a) { return float(int32_t(a)); }
SKIFF_SEM_INLINE constexpr float f32_convert_i32_u(uint32_t a) { return float(a); }
SKIFF_SEM_INLINE constexpr float f32_convert_i64_s(uint64_t a) { return float(int64_t(a)); }
SKIFF_SEM_INLINE constexpr float f32_convert_i64_u(uint64_t a) { return float(a); }
SKIFF_SEM_INLINE constexpr double f64_convert_i32_s(uint32_t a) { return double(int32_t(a)); }
SKIFF_SEM_INLINE constexpr double f64_convert_i32_u(uint32_t a) { return double(a); }
SKIFF_SEM_INLINE constexpr double f64_convert_i64_s(uint64_t a) { return double(int64_t(a)); }
SKIFF_SEM_INLINE constexpr double f64_convert_i64_u(uint64_t a) { return double(a); }

// ---- float <-> float -----------------------------------------------------------

SKIFF_SEM_INLINE constexpr float f32_demote_f64(double a) { return float(a); }
SKIFF_SEM_INLINE constexpr double f64_promote_f32(float a) { return double(a); }

// ---- reinterpret ---------------------------------------------------------------

SKIFF_SEM_INLINE constexpr uint32_t i32_reinterpret_f32(float a) {
  return std::bit_cast<uint32_t>(a);
}
SKIFF_SEM_INLINE constexpr uint64_t i64_reinterpret_f64(double a) {
  return std::bit_cast<uint64_t>(a);
}
SKIFF_SEM_INLINE constexpr float f32_reinterpret_i32(uint32_t a) { return std::bit_cast<float>(a); }
SKIFF_SEM_INLINE constexpr double f64_reinterpret_i64(uint64_t a) {
  return std::bit_cast<double>(a);
}

}  // namespace skiff::sem
