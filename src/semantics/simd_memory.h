// The value part of the SIMD memory instructions, over bytes already bounds-checked
// by the caller: `p` points at the effective address in linear memory and the
// caller has checked that [p, p + access size) is inside the memory (the access
// size is 16 for v128.load/store, 8 for loadNxM, the lane size for splat / zero /
// lane ops). Memory is little-endian, like the V128 byte order, so every helper is a
// plain byte copy plus the lane operation; std::memcpy keeps unaligned addresses
// legal and compiles to one unaligned load or store.
//
// Lane immediates are masked to the lane count.
#pragma once

#include <cstdint>
#include <cstring>

#include "semantics/simd.h"
#include "semantics/v128.h"

namespace skiff::sem {

namespace detail {
template <class T>
SKIFF_SEM_INLINE T load_le(const uint8_t* p) {
  T x;
  std::memcpy(&x, p, sizeof(T));
  return x;
}
template <class T>
SKIFF_SEM_INLINE void store_le(uint8_t* p, T x) {
  std::memcpy(p, &x, sizeof(T));
}
// loadNxM: M lanes of N bits from 8 bytes, extended to 2N bits.
template <class To, class From, bool S>
SKIFF_SEM_INLINE V128 load_extend(const uint8_t* p) {
  Lanes<To> r{};
  for (unsigned i = 0; i < kLanes<To>; ++i) r[i] = ext<To, S>(load_le<From>(p + i * sizeof(From)));
  return from_lanes<To>(r);
}
}  // namespace detail

SKIFF_SEM_INLINE V128 v128_load(const uint8_t* p) { return detail::load_le<V128>(p); }
// One 16-byte store instruction, not a copy: on a guard-page memory a store that
// straddles the end must fault before it writes any byte (the spec leaves memory
// unchanged on a trap), and a byte-wise copy (what instrumented builds make of
// memcpy) would write the bytes below the end first. Found by fuzz_tiers.
SKIFF_SEM_INLINE void v128_store(uint8_t* p, V128 v) {
  typedef unsigned char Bytes16 __attribute__((vector_size(16), aligned(1), may_alias));
  Bytes16 x;
  std::memcpy(&x, v.bytes, 16);
  *reinterpret_cast<Bytes16*>(p) = x;
}

SKIFF_SEM_INLINE V128 v128_load8x8_s(const uint8_t* p) {
  return detail::load_extend<uint16_t, uint8_t, true>(p);
}
SKIFF_SEM_INLINE V128 v128_load8x8_u(const uint8_t* p) {
  return detail::load_extend<uint16_t, uint8_t, false>(p);
}
SKIFF_SEM_INLINE V128 v128_load16x4_s(const uint8_t* p) {
  return detail::load_extend<uint32_t, uint16_t, true>(p);
}
SKIFF_SEM_INLINE V128 v128_load16x4_u(const uint8_t* p) {
  return detail::load_extend<uint32_t, uint16_t, false>(p);
}
SKIFF_SEM_INLINE V128 v128_load32x2_s(const uint8_t* p) {
  return detail::load_extend<uint64_t, uint32_t, true>(p);
}
SKIFF_SEM_INLINE V128 v128_load32x2_u(const uint8_t* p) {
  return detail::load_extend<uint64_t, uint32_t, false>(p);
}

SKIFF_SEM_INLINE V128 v128_load8_splat(const uint8_t* p) { return splat<uint8_t>(*p); }
SKIFF_SEM_INLINE V128 v128_load16_splat(const uint8_t* p) {
  return splat<uint16_t>(detail::load_le<uint16_t>(p));
}
SKIFF_SEM_INLINE V128 v128_load32_splat(const uint8_t* p) {
  return splat<uint32_t>(detail::load_le<uint32_t>(p));
}
SKIFF_SEM_INLINE V128 v128_load64_splat(const uint8_t* p) {
  return splat<uint64_t>(detail::load_le<uint64_t>(p));
}

SKIFF_SEM_INLINE V128 v128_load32_zero(const uint8_t* p) {
  return make_i32x4({detail::load_le<uint32_t>(p), 0, 0, 0});
}
SKIFF_SEM_INLINE V128 v128_load64_zero(const uint8_t* p) {
  return make_i64x2({detail::load_le<uint64_t>(p), 0});
}

// v128.loadN_lane: v with lane `i` replaced by the N bits at p.
SKIFF_SEM_INLINE V128 v128_load8_lane(V128 v, const uint8_t* p, unsigned i) {
  return set_lane<uint8_t>(v, i, *p);
}
SKIFF_SEM_INLINE V128 v128_load16_lane(V128 v, const uint8_t* p, unsigned i) {
  return set_lane<uint16_t>(v, i, detail::load_le<uint16_t>(p));
}
SKIFF_SEM_INLINE V128 v128_load32_lane(V128 v, const uint8_t* p, unsigned i) {
  return set_lane<uint32_t>(v, i, detail::load_le<uint32_t>(p));
}
SKIFF_SEM_INLINE V128 v128_load64_lane(V128 v, const uint8_t* p, unsigned i) {
  return set_lane<uint64_t>(v, i, detail::load_le<uint64_t>(p));
}

// v128.storeN_lane: writes lane `i` of v at p.
SKIFF_SEM_INLINE void v128_store8_lane(uint8_t* p, V128 v, unsigned i) {
  *p = get_lane<uint8_t>(v, i);
}
SKIFF_SEM_INLINE void v128_store16_lane(uint8_t* p, V128 v, unsigned i) {
  detail::store_le(p, get_lane<uint16_t>(v, i));
}
SKIFF_SEM_INLINE void v128_store32_lane(uint8_t* p, V128 v, unsigned i) {
  detail::store_le(p, get_lane<uint32_t>(v, i));
}
SKIFF_SEM_INLINE void v128_store64_lane(uint8_t* p, V128 v, unsigned i) {
  detail::store_le(p, get_lane<uint64_t>(v, i));
}

}  // namespace skiff::sem
