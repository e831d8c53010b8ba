// Relaxed SIMD (WebAssembly 3.0), with ONE fixed choice per op.
//
// The spec gives each relaxed op a list of allowed results, relaxed(R)[A_0, ...],
// and its deterministic profile fixes every choice to A_0. Skiff always takes A_0.
// For every op that has a non-relaxed counterpart, A_0 *is* that counterpart, so
// these are the plain SIMD ops (same code, shared through simd.h):
//
//   i8x16.relaxed_swizzle           = i8x16.swizzle (index >= 16 gives 0)
//   i32x4.relaxed_trunc_f32x4_s/u   = i32x4.trunc_sat_f32x4_s/u (NaN -> 0, clamp)
//   i32x4.relaxed_trunc_f64x2_s/u_zero = i32x4.trunc_sat_f64x2_s/u_zero
//   fNxM.relaxed_madd(a, b, c)      = fNxM.add(fNxM.mul(a, b), c): UNFUSED, two
//                                     roundings (the spec's A_0; the testsuite accepts
//                                     both, and unfused needs no FMA hardware)
//   fNxM.relaxed_nmadd(a, b, c)     = relaxed_madd(-a, b, c), unfused
//   iNxM.relaxed_laneselect(a, b, m) = v128.bitselect(a, b, m) (bitwise on the mask)
//   fNxM.relaxed_min/max            = fNxM.min/max (NaN-propagating, -0 < +0)
//   i16x8.relaxed_q15mulr_s         = i16x8.q15mulr_sat_s (-32768 * -32768 -> 32767)
//   i16x8.relaxed_dot_i8x16_i7x16_s: both operands SIGNED bytes; lane i =
//       sat_s16(a[2i]*b[2i] + a[2i+1]*b[2i+1])  (the spec's ivdotsat with S, S)
//   i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c): the i16x8 relaxed dot above, then
//       i32x4.extadd_pairwise_i16x8_s, then i32x4.add c (wrapping)
//
// So a program gets the same results on every host and every Skiff tier, and
// results match the "either" alternatives of the spec tests
// (relaxed_*.wast, i8x16_relaxed_swizzle.wast, i32x4_relaxed_trunc.wast,
// i16x8_relaxed_q15mulr_s.wast), whose first alternative is A_0.
//
// Build requirement: no floating-point contraction, -ffp-contract=off (CMakeLists.txt
// sets it). GCC's C++ default is "fast", which fuses the mul and the add below into
// an FMA on FMA targets even across statements and inlined calls.
#pragma once

#include <cstdint>

#include "semantics/simd.h"

namespace skiff::sem {

SKIFF_SEM_INLINE constexpr V128 i8x16_relaxed_swizzle(V128 a, V128 s) {
  return i8x16_swizzle(a, s);
}

SKIFF_SEM_INLINE constexpr V128 i32x4_relaxed_trunc_f32x4_s(V128 a) {
  return i32x4_trunc_sat_f32x4_s(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_relaxed_trunc_f32x4_u(V128 a) {
  return i32x4_trunc_sat_f32x4_u(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_relaxed_trunc_f64x2_s_zero(V128 a) {
  return i32x4_trunc_sat_f64x2_s_zero(a);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_relaxed_trunc_f64x2_u_zero(V128 a) {
  return i32x4_trunc_sat_f64x2_u_zero(a);
}

// Scalar lane form of relaxed_madd: two roundings, in two statements.
template <class F>
SKIFF_SEM_INLINE constexpr F frelaxed_madd(F a, F b, F c) {
  F product = fmul(a, b);
  return fadd(product, c);
}
template <class F>
SKIFF_SEM_INLINE constexpr F frelaxed_nmadd(F a, F b, F c) {
  return frelaxed_madd(fneg(a), b, c);
}

SKIFF_SEM_INLINE constexpr V128 f32x4_relaxed_madd(V128 a, V128 b, V128 c) {
  return lanewise<float>(a, b, c, [](float x, float y, float z) { return frelaxed_madd(x, y, z); });
}
SKIFF_SEM_INLINE constexpr V128 f32x4_relaxed_nmadd(V128 a, V128 b, V128 c) {
  return lanewise<float>(a, b, c,
                         [](float x, float y, float z) { return frelaxed_nmadd(x, y, z); });
}
SKIFF_SEM_INLINE constexpr V128 f64x2_relaxed_madd(V128 a, V128 b, V128 c) {
  return lanewise<double>(a, b, c,
                          [](double x, double y, double z) { return frelaxed_madd(x, y, z); });
}
SKIFF_SEM_INLINE constexpr V128 f64x2_relaxed_nmadd(V128 a, V128 b, V128 c) {
  return lanewise<double>(a, b, c,
                          [](double x, double y, double z) { return frelaxed_nmadd(x, y, z); });
}

SKIFF_SEM_INLINE constexpr V128 i8x16_relaxed_laneselect(V128 a, V128 b, V128 m) {
  return v128_bitselect(a, b, m);
}
SKIFF_SEM_INLINE constexpr V128 i16x8_relaxed_laneselect(V128 a, V128 b, V128 m) {
  return v128_bitselect(a, b, m);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_relaxed_laneselect(V128 a, V128 b, V128 m) {
  return v128_bitselect(a, b, m);
}
SKIFF_SEM_INLINE constexpr V128 i64x2_relaxed_laneselect(V128 a, V128 b, V128 m) {
  return v128_bitselect(a, b, m);
}

SKIFF_SEM_INLINE constexpr V128 f32x4_relaxed_min(V128 a, V128 b) { return f32x4_min(a, b); }
SKIFF_SEM_INLINE constexpr V128 f32x4_relaxed_max(V128 a, V128 b) { return f32x4_max(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_relaxed_min(V128 a, V128 b) { return f64x2_min(a, b); }
SKIFF_SEM_INLINE constexpr V128 f64x2_relaxed_max(V128 a, V128 b) { return f64x2_max(a, b); }

SKIFF_SEM_INLINE constexpr V128 i16x8_relaxed_q15mulr_s(V128 a, V128 b) {
  return i16x8_q15mulr_sat_s(a, b);
}

SKIFF_SEM_INLINE constexpr V128 i16x8_relaxed_dot_i8x16_i7x16_s(V128 a, V128 b) {
  Lanes<uint8_t> x = lanes<uint8_t>(a);
  Lanes<uint8_t> y = lanes<uint8_t>(b);
  Lanes<uint16_t> r{};
  for (unsigned i = 0; i < 8; ++i) {
    int32_t p0 = int32_t(int8_t(x[2 * i])) * int32_t(int8_t(y[2 * i]));
    int32_t p1 = int32_t(int8_t(x[2 * i + 1])) * int32_t(int8_t(y[2 * i + 1]));
    r[i] = sat_s<uint16_t>(p0 + p1);  // |p0 + p1| <= 2^15
  }
  return from_lanes<uint16_t>(r);
}
SKIFF_SEM_INLINE constexpr V128 i32x4_relaxed_dot_i8x16_i7x16_add_s(V128 a, V128 b, V128 c) {
  V128 dot = i16x8_relaxed_dot_i8x16_i7x16_s(a, b);
  return i32x4_add(i32x4_extadd_pairwise_i16x8_s(dot), c);
}

}  // namespace skiff::sem
