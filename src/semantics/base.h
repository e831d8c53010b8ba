// Shared basics of the pure semantics (namespace skiff::sem): the force-inline
// marker, the value representation, and float bit helpers.
//
// Contract of every header in src/semantics/ (DESIGN.md lesson 3):
//   - Each function is the exact WebAssembly 3.0 semantics of one operator, pure
//     (no state, no globals, no exceptions), header-only and force-inlined, so the
//     interpreter's handlers, a later compiler tier and constant folding all call
//     the same code and cannot disagree.
//   - Names follow the instruction's text name with '.' -> '_':
//     i32.trunc_f32_s -> sem::i32_trunc_f32_s, f32x4.relaxed_madd ->
//     sem::f32x4_relaxed_madd.
//   - Values: i32/i64 are uint32_t/uint64_t (sign-agnostic bit patterns; signed ops
//     reinterpret inside), f32/f64 are float/double (x86-64 and AArch64 pass floats
//     in vector registers, which keep every NaN payload bit), v128 is sem::V128.
//     Comparisons return uint32_t 0 or 1 (an i32).
//   - Ops that can trap return TrapKind and write their result through an
//     out-reference; see trap_kind.h for why.
//   - constexpr wherever that costs nothing at run time. A few ops (sqrt, and the
//     rounding ops when evaluated at run time) use compiler builtins; the rounding
//     ops switch to a portable software path in constant evaluation.
//
// NaNs. The spec lets an arithmetic op that returns a NaN return any canonical NaN
// when all NaN inputs are canonical, else any arithmetic (quiet) NaN. IEEE 754
// hardware arithmetic (x86-64 SSE, AArch64 without "default NaN" mode) satisfies
// this: it propagates an input NaN, quieted, or produces the default NaN, which is
// canonical. So the arithmetic here is the host's IEEE arithmetic, and only the ops
// where hardware and wasm differ (min/max, rounding, conversions to integers,
// abs/neg/copysign, which are bit operations in wasm) are written out.
// This holds for run-time operands. When the C++ compiler folds an op on constant
// operands (in a test, say), LLVM may return a signalling NaN operand unquieted; the
// tests therefore feed NaNs through opaque values.
// Requirements: IEEE 754 binary32/binary64, little-endian host, round-to-nearest-even
// mode (the default; a host that changes the FP environment breaks wasm anyway), and
// no -ffast-math, and no floating-point contraction (-ffp-contract=off, set in
// CMakeLists.txt: GCC's C++ default would fuse a mul feeding an add into an FMA).
#pragma once

#include <bit>
#include <cfloat>
#include <cstdint>
#include <limits>
#include <type_traits>

#if defined(_MSC_VER) && !defined(__clang__)
#define SKIFF_SEM_INLINE __forceinline
#else
#define SKIFF_SEM_INLINE [[gnu::always_inline]] inline
#endif

namespace skiff::sem {

static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
              "Skiff needs IEEE 754 floats");
// Every float operation must round to its own type (no x87 excess precision).
static_assert(FLT_EVAL_METHOD == 0, "Skiff needs float arithmetic evaluated in its own type");
static_assert(std::endian::native == std::endian::little,
              "the v128 lane layout and memory helpers assume a little-endian host");

// The unsigned integer type with the same width as a float type.
template <class F>
using FloatBits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;

// Layout constants of binary32 / binary64.
template <class F>
struct FloatTraits {
  using Bits = FloatBits<F>;
  static constexpr unsigned kBits = sizeof(F) * 8;
  static constexpr unsigned kMantBits = std::numeric_limits<F>::digits - 1;  // 23 / 52
  static constexpr Bits kSignMask = Bits(1) << (kBits - 1);
  static constexpr Bits kExpMask = ((Bits(1) << (kBits - 1 - kMantBits)) - 1) << kMantBits;
  static constexpr Bits kMantMask = (Bits(1) << kMantBits) - 1;
  static constexpr Bits kQuietBit = Bits(1) << (kMantBits - 1);
  // The positive canonical NaN: exponent all ones, only the quiet bit set.
  static constexpr Bits kCanonicalNaN = kExpMask | kQuietBit;
  // 2^kMantBits: from this magnitude on, every float is an integer.
  static constexpr F kIntegralFrom = F(Bits(1) << kMantBits);
};

template <class F>
SKIFF_SEM_INLINE constexpr FloatBits<F> to_bits(F x) {
  return std::bit_cast<FloatBits<F>>(x);
}
template <class F>
SKIFF_SEM_INLINE constexpr F from_bits(FloatBits<F> b) {
  return std::bit_cast<F>(b);
}
SKIFF_SEM_INLINE constexpr float f32_from_bits(uint32_t b) { return std::bit_cast<float>(b); }
SKIFF_SEM_INLINE constexpr double f64_from_bits(uint64_t b) { return std::bit_cast<double>(b); }
SKIFF_SEM_INLINE constexpr uint32_t f32_bits(float x) { return std::bit_cast<uint32_t>(x); }
SKIFF_SEM_INLINE constexpr uint64_t f64_bits(double x) { return std::bit_cast<uint64_t>(x); }

// NaN tests by bits (constexpr, immune to -ffinite-math assumptions).
template <class F>
SKIFF_SEM_INLINE constexpr bool is_nan(F x) {
  using T = FloatTraits<F>;
  return (to_bits(x) & ~T::kSignMask) > T::kExpMask;
}
// Canonical NaN: payload is exactly the quiet bit (either sign).
template <class F>
SKIFF_SEM_INLINE constexpr bool is_canonical_nan(F x) {
  using T = FloatTraits<F>;
  return (to_bits(x) & ~T::kSignMask) == T::kCanonicalNaN;
}
// Arithmetic NaN: any NaN with the quiet bit set (canonical NaNs included).
template <class F>
SKIFF_SEM_INLINE constexpr bool is_arithmetic_nan(F x) {
  using T = FloatTraits<F>;
  return is_nan(x) && (to_bits(x) & T::kQuietBit) != 0;
}

}  // namespace skiff::sem
