// Runtime values: Ref (a reference), Cell (one 16-byte value slot) and Val (a typed
// value for the host API).
//
// Design note.
//
// * Ref is one pointer-sized word; 0 is null. What it points to follows from the static
//   type the validator proved, plus two tag bits (every object is 8-byte aligned):
//     funcref  -> Func*                      (tag 00)
//     exnref   -> Exception*                 (tag 00)
//     any/eq/struct/array -> gc::Object*     (tag 00, see gc_heap.h)
//     i31      -> (value << 1) | 1           (unboxed, bit 0 set)
//     a host value (externref made by the host, or `any.convert_extern` of one)
//              -> ExternBox* | 2             (tag 10)
//   extern.convert_any and any.convert_extern therefore change no bits: an externref
//   may hold a GC object or an i31, an anyref may hold a host box.
// * Cell is the storage of a global (and of an interpreter slot later): 16 bytes,
//   16-aligned, so every value type is read or written with one load/store. Floats
//   are kept as their bit patterns so NaN payloads survive.
// * Val = ValType (12 bytes) + 16-byte payload: 32 bytes. It is a host-API type, not
//   an interpreter slot (slots are Cells). For references, `type` is the static type
//   the host means (concrete heap indices in Vals are canonical type ids).
#pragma once

#include <cstdint>
#include <cstring>

#include "ir/types.h"
#include "semantics/v128.h"

namespace skiff::rt {

struct Func;
struct Exception;

// The box behind a non-null externref made by the host (Store::make_extern).
struct ExternBox {
  uint64_t value = 0;
};

class Ref {
 public:
  constexpr Ref() = default;
  static constexpr Ref null() { return Ref(); }
  static constexpr Ref from_bits(uintptr_t b) { return Ref(b); }
  static Ref from_func(Func* f) { return Ref(reinterpret_cast<uintptr_t>(f)); }
  static Ref from_extern(ExternBox* e) { return Ref(reinterpret_cast<uintptr_t>(e) | kHostTag); }
  static Ref from_exn(Exception* e) { return Ref(reinterpret_cast<uintptr_t>(e)); }
  // i31: the low 31 bits of v.
  static constexpr Ref from_i31(uint32_t v) { return Ref((uintptr_t(v & 0x7FFFFFFFu) << 1) | 1); }

  static constexpr uintptr_t kHostTag = 2;
  constexpr bool is_null() const { return bits_ == 0; }
  constexpr uintptr_t bits() const { return bits_; }
  constexpr bool is_i31() const { return (bits_ & 1) != 0; }
  // A host value box (ExternBox), in either hierarchy.
  constexpr bool is_host() const { return (bits_ & 3) == kHostTag; }
  // A struct or array (any hierarchy, non-null, not i31 / host).
  constexpr bool is_object() const { return bits_ != 0 && (bits_ & 3) == 0; }
  constexpr uint32_t i31_u() const { return uint32_t(bits_ >> 1) & 0x7FFFFFFFu; }
  constexpr uint32_t i31_s() const { return uint32_t(int32_t(uint32_t(bits_ >> 1) << 1) >> 1); }
  Func* as_func() const { return reinterpret_cast<Func*>(bits_); }
  ExternBox* as_extern() const { return reinterpret_cast<ExternBox*>(bits_ & ~uintptr_t(3)); }
  Exception* as_exn() const { return reinterpret_cast<Exception*>(bits_); }

  friend constexpr bool operator==(Ref a, Ref b) = default;

 private:
  constexpr explicit Ref(uintptr_t b) : bits_(b) {}
  uintptr_t bits_ = 0;
};
static_assert(sizeof(Ref) == sizeof(void*));

union alignas(16) Cell {
  uint32_t i32;
  uint64_t i64;
  uint32_t f32;  // bits
  uint64_t f64;  // bits
  sem::V128 v128;
  Ref ref;
  uint8_t bytes[16];
  Cell() : bytes{} {}
};
static_assert(sizeof(Cell) == 16 && alignof(Cell) == 16);

struct Val {
  ir::ValType type = ir::kI32;
  union {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32;  // bits
    uint64_t f64;  // bits
    uint8_t v128[16];
    Ref ref;
  };
  Val() : v128{} {}

  static Val make_i32(uint32_t v) { Val r; r.type = ir::kI32; r.i32 = v; return r; }
  static Val make_i64(uint64_t v) { Val r; r.type = ir::kI64; r.i64 = v; return r; }
  static Val make_f32_bits(uint32_t b) { Val r; r.type = ir::kF32; r.f32 = b; return r; }
  static Val make_f64_bits(uint64_t b) { Val r; r.type = ir::kF64; r.f64 = b; return r; }
  static Val make_f32(float f) { uint32_t b; std::memcpy(&b, &f, 4); return make_f32_bits(b); }
  static Val make_f64(double f) { uint64_t b; std::memcpy(&b, &f, 8); return make_f64_bits(b); }
  static Val make_v128(const sem::V128& v) {
    Val r; r.type = ir::kV128; std::memcpy(r.v128, v.bytes, 16); return r;
  }
  static Val make_ref(Ref x, ir::ValType t) { Val r; r.type = t; r.ref = x; return r; }
  static Val funcref(Func* f) { return make_ref(Ref::from_func(f), ir::funcref()); }
  static Val externref(Ref x) { return make_ref(x, ir::externref()); }
  // The default (zero / null) value of a defaultable type.
  static Val zero(ir::ValType t) { Val r; r.type = t; return r; }

  float as_f32() const { float f; std::memcpy(&f, &f32, 4); return f; }
  double as_f64() const { double f; std::memcpy(&f, &f64, 8); return f; }
  sem::V128 as_v128() const { sem::V128 v; std::memcpy(v.bytes, v128, 16); return v; }

  // Payload <-> cell (the type decides nothing: all 16 bytes are copied).
  void store(Cell& c) const { std::memcpy(c.bytes, v128, 16); }
  static Val load(const Cell& c, ir::ValType t) {
    Val r; r.type = t; std::memcpy(r.v128, c.bytes, 16); return r;
  }
};
static_assert(sizeof(Val) <= 32);

}  // namespace skiff::rt
