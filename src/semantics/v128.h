// The v128 value and its lane views.
//
// V128 is 16 bytes in wasm order: byte i is byte i of the value as memory holds it
// (little-endian), so lane k of an iNxM shape is bytes [k*N/8, (k+1)*N/8) read
// little-endian. On a little-endian host that is exactly the layout of
// std::array<T, 16/sizeof(T)>, so a lane view is one std::bit_cast (constexpr, and
// free once optimised). V128 is trivial (no default member initialiser) so that it
// can live in interpreter frame slots; write V128{} for zero.
//
// Lane types: i8 = uint8_t, i16 = uint16_t, i32 = uint32_t, i64 = uint64_t,
// f32 = float, f64 = double. Lane indices coming from immediates are masked to the
// lane count, so a bad index cannot read outside the value.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <type_traits>

#include "semantics/base.h"

namespace skiff::sem {

struct alignas(16) V128 {
  uint8_t bytes[16];
  friend constexpr bool operator==(const V128&, const V128&) = default;
};
static_assert(sizeof(V128) == 16 && alignof(V128) == 16);
static_assert(std::is_trivial_v<V128>);

template <class T>
inline constexpr unsigned kLanes = 16 / sizeof(T);
template <class T>
using Lanes = std::array<T, kLanes<T>>;

template <class T>
SKIFF_SEM_INLINE constexpr Lanes<T> lanes(V128 v) {
  return std::bit_cast<Lanes<T>>(v);
}
template <class T>
SKIFF_SEM_INLINE constexpr V128 from_lanes(const Lanes<T>& l) {
  return std::bit_cast<V128>(l);
}
template <class T>
SKIFF_SEM_INLINE constexpr T get_lane(V128 v, unsigned i) {
  return lanes<T>(v)[i & (kLanes<T> - 1)];
}
template <class T>
SKIFF_SEM_INLINE constexpr V128 set_lane(V128 v, unsigned i, T x) {
  Lanes<T> l = lanes<T>(v);
  l[i & (kLanes<T> - 1)] = x;
  return from_lanes<T>(l);
}
template <class T>
SKIFF_SEM_INLINE constexpr V128 splat(T x) {
  Lanes<T> l{};
  for (auto& e : l) e = x;
  return from_lanes<T>(l);
}

// Convenience constructors (lane 0 first), mostly for tests and constant folding.
SKIFF_SEM_INLINE constexpr V128 make_i8x16(const Lanes<uint8_t>& l) {
  return from_lanes<uint8_t>(l);
}
SKIFF_SEM_INLINE constexpr V128 make_i16x8(const Lanes<uint16_t>& l) {
  return from_lanes<uint16_t>(l);
}
SKIFF_SEM_INLINE constexpr V128 make_i32x4(const Lanes<uint32_t>& l) {
  return from_lanes<uint32_t>(l);
}
SKIFF_SEM_INLINE constexpr V128 make_i64x2(const Lanes<uint64_t>& l) {
  return from_lanes<uint64_t>(l);
}
SKIFF_SEM_INLINE constexpr V128 make_f32x4(const Lanes<float>& l) { return from_lanes<float>(l); }
SKIFF_SEM_INLINE constexpr V128 make_f64x2(const Lanes<double>& l) { return from_lanes<double>(l); }

// Lane-wise application: f(lane) or f(lane_a, lane_b) -> lane of the same type.
template <class T, class Fn>
SKIFF_SEM_INLINE constexpr V128 lanewise(V128 a, Fn f) {
  Lanes<T> x = lanes<T>(a);
  for (unsigned i = 0; i < kLanes<T>; ++i) x[i] = f(x[i]);
  return from_lanes<T>(x);
}
template <class T, class Fn>
SKIFF_SEM_INLINE constexpr V128 lanewise(V128 a, V128 b, Fn f) {
  Lanes<T> x = lanes<T>(a);
  Lanes<T> y = lanes<T>(b);
  for (unsigned i = 0; i < kLanes<T>; ++i) x[i] = f(x[i], y[i]);
  return from_lanes<T>(x);
}
template <class T, class Fn>
SKIFF_SEM_INLINE constexpr V128 lanewise(V128 a, V128 b, V128 c, Fn f) {
  Lanes<T> x = lanes<T>(a);
  Lanes<T> y = lanes<T>(b);
  Lanes<T> z = lanes<T>(c);
  for (unsigned i = 0; i < kLanes<T>; ++i) x[i] = f(x[i], y[i], z[i]);
  return from_lanes<T>(x);
}

// The unsigned integer type of a lane type's width.
template <class T>
using LaneBits =
    std::conditional_t<sizeof(T) == 1, uint8_t,
                       std::conditional_t<sizeof(T) == 2, uint16_t,
                                          std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

// Lane-wise comparison: all ones where pred(a, b) holds, else zero.
template <class T, class Pred>
SKIFF_SEM_INLINE constexpr V128 compare(V128 a, V128 b, Pred pred) {
  using M = LaneBits<T>;
  Lanes<T> x = lanes<T>(a);
  Lanes<T> y = lanes<T>(b);
  Lanes<M> r{};
  for (unsigned i = 0; i < kLanes<T>; ++i) r[i] = pred(x[i], y[i]) ? M(~M(0)) : M(0);
  return from_lanes<M>(r);
}

}  // namespace skiff::sem
