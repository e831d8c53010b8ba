// Float semantics: f32 / f64 arithmetic, min/max, rounding, sqrt, sign bit ops and
// comparisons. Generic fN operators (fadd<F>, fmin<F>, ...) are shared with the
// f32x4 / f64x2 lanes.
//
// - add/sub/mul/div/sqrt are the host's IEEE operations (see base.h for why they
//   meet the spec's NaN rules).
// - min/max: a NaN operand gives a NaN (propagated through an IEEE add, so a
//   canonical input stays canonical and a signalling one is quieted), and -0 < +0.
//   x86's minss/maxss return the second operand on NaN or equal zeros; std::fmin
//   drops NaNs. Neither is wasm, hence the explicit code.
// - ceil/floor/trunc/nearest use the compiler builtins at run time (one roundss /
//   frintX instruction where the target has it, else a libm call), and a software
//   path in constant evaluation. nearest is round-half-to-even (nearest(-0.5) = -0, nearest(2.5) =
//   2), NOT std::round. NaN inputs are quieted.
// - abs/neg/copysign are pure sign-bit operations and never touch the payload, not
//   even of a signalling NaN.
#pragma once

#include <cstdint>
#include <type_traits>

#include "semantics/base.h"

namespace skiff::sem {

// ---- generic fN operators -----------------------------------------------------

template <class F>
SKIFF_SEM_INLINE constexpr F fadd(F a, F b) {
  return a + b;
}
template <class F>
SKIFF_SEM_INLINE constexpr F fsub(F a, F b) {
  return a - b;
}
template <class F>
SKIFF_SEM_INLINE constexpr F fmul(F a, F b) {
  return a * b;
}
template <class F>
SKIFF_SEM_INLINE constexpr F fdiv(F a, F b) {
  return a / b;
}

template <class F>
SKIFF_SEM_INLINE F fsqrt(F a) {
  if constexpr (sizeof(F) == 4)
    return __builtin_sqrtf(a);
  else
    return __builtin_sqrt(a);
}

template <class F>
SKIFF_SEM_INLINE constexpr F fmin(F a, F b) {
  if (a < b) return a;
  if (b < a) return b;
  if (a == b) return from_bits<F>(to_bits(a) | to_bits(b));  // min(-0, +0) = -0
  return a + b;                                              // a NaN operand
}
template <class F>
SKIFF_SEM_INLINE constexpr F fmax(F a, F b) {
  if (a > b) return a;
  if (b > a) return b;
  if (a == b) return from_bits<F>(to_bits(a) & to_bits(b));  // max(-0, +0) = +0
  return a + b;                                              // a NaN operand
}

template <class F>
SKIFF_SEM_INLINE constexpr F fabs(F a) {
  return from_bits<F>(to_bits(a) & ~FloatTraits<F>::kSignMask);
}
template <class F>
SKIFF_SEM_INLINE constexpr F fneg(F a) {
  return from_bits<F>(to_bits(a) ^ FloatTraits<F>::kSignMask);
}
template <class F>
SKIFF_SEM_INLINE constexpr F fcopysign(F a, F b) {
  constexpr auto kSign = FloatTraits<F>::kSignMask;
  return from_bits<F>((to_bits(a) & ~kSign) | (to_bits(b) & kSign));
}

// Software rounding, exact for every input (used in constant evaluation and as the
// tests' reference). For |x| < 2^mant, converting to a 64-bit integer truncates
// exactly; larger magnitudes, infinities and zeros are already integral.
namespace soft {

template <class F>
SKIFF_SEM_INLINE constexpr F trunc(F x) {
  if (is_nan(x)) return x + x;
  if (!(fabs(x) < FloatTraits<F>::kIntegralFrom)) return x;
  return fcopysign(F(int64_t(x)), x);  // keeps the sign of -0.x -> -0
}
template <class F>
SKIFF_SEM_INLINE constexpr F floor(F x) {
  F t = soft::trunc(x);
  return t > x ? fcopysign(t - F(1), x) : t;  // only when x < 0 and not integral
}
template <class F>
SKIFF_SEM_INLINE constexpr F ceil(F x) {
  F t = soft::trunc(x);
  return t < x ? fcopysign(t + F(1), x) : t;  // ceil(-0.5) = -0 kept by trunc
}
template <class F>
SKIFF_SEM_INLINE constexpr F nearest(F x) {
  if (is_nan(x)) return x + x;
  F ax = fabs(x);
  if (!(ax < FloatTraits<F>::kIntegralFrom)) return x;
  // ax + 2^mant rounds to an integer, ties to even, in the current (nearest) mode.
  F big = FloatTraits<F>::kIntegralFrom;
  F r = (ax + big) - big;
  return fcopysign(r, x);
}

}  // namespace soft

// libm's floor/ceil/trunc may return a signalling NaN unchanged (glibc's C versions
// do), but wasm wants it quieted: NaNs take the x + x exit before the builtin.
template <class F>
SKIFF_SEM_INLINE constexpr F fceil(F a) {
  if (std::is_constant_evaluated()) return soft::ceil(a);
  if (a != a) [[unlikely]]
    return a + a;
  if constexpr (sizeof(F) == 4)
    return __builtin_ceilf(a);
  else
    return __builtin_ceil(a);
}
template <class F>
SKIFF_SEM_INLINE constexpr F ffloor(F a) {
  if (std::is_constant_evaluated()) return soft::floor(a);
  if (a != a) [[unlikely]]
    return a + a;
  if constexpr (sizeof(F) == 4)
    return __builtin_floorf(a);
  else
    return __builtin_floor(a);
}
template <class F>
SKIFF_SEM_INLINE constexpr F ftrunc(F a) {
  if (std::is_constant_evaluated()) return soft::trunc(a);
  if (a != a) [[unlikely]]
    return a + a;
  if constexpr (sizeof(F) == 4)
    return __builtin_truncf(a);
  else
    return __builtin_trunc(a);
}
template <class F>
SKIFF_SEM_INLINE constexpr F fnearest(F a) {
  if (std::is_constant_evaluated()) return soft::nearest(a);
  if (a != a) [[unlikely]]
    return a + a;
#if defined(__has_builtin)
#if __has_builtin(__builtin_roundeven) && __has_builtin(__builtin_roundevenf)
  if constexpr (sizeof(F) == 4)
    return __builtin_roundevenf(a);
  else
    return __builtin_roundeven(a);
#else
  return soft::nearest(a);
#endif
#else
  return soft::nearest(a);
#endif
}

template <class F>
SKIFF_SEM_INLINE constexpr uint32_t feq(F a, F b) {
  return a == b;
}
template <class F>
SKIFF_SEM_INLINE constexpr uint32_t fne(F a, F b) {
  return a != b;
}  // true on NaN
template <class F>
SKIFF_SEM_INLINE constexpr uint32_t flt(F a, F b) {
  return a < b;
}
template <class F>
SKIFF_SEM_INLINE constexpr uint32_t fgt(F a, F b) {
  return a > b;
}
template <class F>
SKIFF_SEM_INLINE constexpr uint32_t fle(F a, F b) {
  return a <= b;
}
template <class F>
SKIFF_SEM_INLINE constexpr uint32_t fge(F a, F b) {
  return a >= b;
}

// ---- f32 ----------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr float f32_add(float a, float b) { return a + b; }
SKIFF_SEM_INLINE constexpr float f32_sub(float a, float b) { return a - b; }
SKIFF_SEM_INLINE constexpr float f32_mul(float a, float b) { return a * b; }
SKIFF_SEM_INLINE constexpr float f32_div(float a, float b) { return a / b; }
SKIFF_SEM_INLINE constexpr float f32_min(float a, float b) { return fmin(a, b); }
SKIFF_SEM_INLINE constexpr float f32_max(float a, float b) { return fmax(a, b); }
SKIFF_SEM_INLINE constexpr float f32_copysign(float a, float b) { return fcopysign(a, b); }
SKIFF_SEM_INLINE constexpr float f32_abs(float a) { return fabs(a); }
SKIFF_SEM_INLINE constexpr float f32_neg(float a) { return fneg(a); }
SKIFF_SEM_INLINE float f32_sqrt(float a) { return fsqrt(a); }
SKIFF_SEM_INLINE constexpr float f32_ceil(float a) { return fceil(a); }
SKIFF_SEM_INLINE constexpr float f32_floor(float a) { return ffloor(a); }
SKIFF_SEM_INLINE constexpr float f32_trunc(float a) { return ftrunc(a); }
SKIFF_SEM_INLINE constexpr float f32_nearest(float a) { return fnearest(a); }
SKIFF_SEM_INLINE constexpr uint32_t f32_eq(float a, float b) { return a == b; }
SKIFF_SEM_INLINE constexpr uint32_t f32_ne(float a, float b) { return a != b; }
SKIFF_SEM_INLINE constexpr uint32_t f32_lt(float a, float b) { return a < b; }
SKIFF_SEM_INLINE constexpr uint32_t f32_gt(float a, float b) { return a > b; }
SKIFF_SEM_INLINE constexpr uint32_t f32_le(float a, float b) { return a <= b; }
SKIFF_SEM_INLINE constexpr uint32_t f32_ge(float a, float b) { return a >= b; }

// ---- f64 ----------------------------------------------------------------------

SKIFF_SEM_INLINE constexpr double f64_add(double a, double b) { return a + b; }
SKIFF_SEM_INLINE constexpr double f64_sub(double a, double b) { return a - b; }
SKIFF_SEM_INLINE constexpr double f64_mul(double a, double b) { return a * b; }
SKIFF_SEM_INLINE constexpr double f64_div(double a, double b) { return a / b; }
SKIFF_SEM_INLINE constexpr double f64_min(double a, double b) { return fmin(a, b); }
SKIFF_SEM_INLINE constexpr double f64_max(double a, double b) { return fmax(a, b); }
SKIFF_SEM_INLINE constexpr double f64_copysign(double a, double b) { return fcopysign(a, b); }
SKIFF_SEM_INLINE constexpr double f64_abs(double a) { return fabs(a); }
SKIFF_SEM_INLINE constexpr double f64_neg(double a) { return fneg(a); }
SKIFF_SEM_INLINE double f64_sqrt(double a) { return fsqrt(a); }
SKIFF_SEM_INLINE constexpr double f64_ceil(double a) { return fceil(a); }
SKIFF_SEM_INLINE constexpr double f64_floor(double a) { return ffloor(a); }
SKIFF_SEM_INLINE constexpr double f64_trunc(double a) { return ftrunc(a); }
SKIFF_SEM_INLINE constexpr double f64_nearest(double a) { return fnearest(a); }
SKIFF_SEM_INLINE constexpr uint32_t f64_eq(double a, double b) { return a == b; }
SKIFF_SEM_INLINE constexpr uint32_t f64_ne(double a, double b) { return a != b; }
SKIFF_SEM_INLINE constexpr uint32_t f64_lt(double a, double b) { return a < b; }
SKIFF_SEM_INLINE constexpr uint32_t f64_gt(double a, double b) { return a > b; }
SKIFF_SEM_INLINE constexpr uint32_t f64_le(double a, double b) { return a <= b; }
SKIFF_SEM_INLINE constexpr uint32_t f64_ge(double a, double b) { return a >= b; }

}  // namespace skiff::sem
