// skiff::Val: a WebAssembly value passed between the host and wasm code.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "skiff/export.h"
#include "skiff/types.h"

namespace skiff {

class Func;
namespace detail {
struct StoreImpl;
}

/// A value: a number, a v128 or a reference. References are only meaningful in the
/// store they come from (using one in another store traps).
class SKIFF_API Val {
 public:
  /// i32 0.
  Val() : kind_(ValKind::I32) { std::memset(bytes_, 0, sizeof bytes_); }
  /// Numbers.
  Val(int32_t v) : Val() { kind_ = ValKind::I32; std::memcpy(bytes_, &v, 4); }
  Val(int64_t v) : Val() { kind_ = ValKind::I64; std::memcpy(bytes_, &v, 8); }
  Val(float v) : Val() { kind_ = ValKind::F32; std::memcpy(bytes_, &v, 4); }
  Val(double v) : Val() { kind_ = ValKind::F64; std::memcpy(bytes_, &v, 8); }
  /// A funcref to `f`.
  Val(const Func& f);
  /// Named constructors.
  static Val i32(int32_t v) { return Val(v); }
  static Val i64(int64_t v) { return Val(v); }
  static Val f32(float v) { return Val(v); }
  static Val f64(double v) { return Val(v); }
  /// Floats by bit pattern (NaN payloads are kept).
  static Val f32_bits(uint32_t b) { Val r; r.kind_ = ValKind::F32; std::memcpy(r.bytes_, &b, 4); return r; }
  static Val f64_bits(uint64_t b) { Val r; r.kind_ = ValKind::F64; std::memcpy(r.bytes_, &b, 8); return r; }
  /// A v128 from its 16 bytes (little-endian lanes).
  static Val v128(const std::array<uint8_t, 16>& b) {
    Val r; r.kind_ = ValKind::V128; std::memcpy(r.bytes_, b.data(), 16); return r;
  }
  /// A null reference of kind k (FuncRef, ExternRef, AnyRef, ExnRef).
  static Val null(ValKind k) { Val r; r.kind_ = k; return r; }
  /// A non-null externref carrying a host value (wasm code cannot look inside it).
  static Val externref(uint64_t host_value) {
    Val r; r.kind_ = ValKind::ExternRef; r.host_ = host_value; r.has_host_ = true; return r;
  }

  /// The kind of value.
  ValKind kind() const { return kind_; }
  /// The number (only meaningful for the matching kind).
  int32_t as_i32() const { int32_t v; std::memcpy(&v, bytes_, 4); return v; }
  int64_t as_i64() const { int64_t v; std::memcpy(&v, bytes_, 8); return v; }
  float as_f32() const { float v; std::memcpy(&v, bytes_, 4); return v; }
  double as_f64() const { double v; std::memcpy(&v, bytes_, 8); return v; }
  uint32_t f32_bits() const { uint32_t v; std::memcpy(&v, bytes_, 4); return v; }
  uint64_t f64_bits() const { uint64_t v; std::memcpy(&v, bytes_, 8); return v; }
  /// The 16 bytes of a v128.
  std::array<uint8_t, 16> as_v128() const { std::array<uint8_t, 16> a; std::memcpy(a.data(), bytes_, 16); return a; }
  /// References: null?
  bool is_null() const { return is_ref() && ref_bits() == 0 && !has_host_; }
  /// A reference (any kind)?
  bool is_ref() const { return kind_ >= ValKind::FuncRef; }
  /// A funcref's function (nullopt when null or not a funcref).
  std::optional<Func> as_funcref() const;
  /// An externref's host value, when the host made it with externref().
  std::optional<uint64_t> as_externref() const {
    if (kind_ == ValKind::ExternRef && has_host_) return host_;
    return std::nullopt;
  }

  // Internal representation (for the implementation and the C API).
  uintptr_t ref_bits() const { uintptr_t b; std::memcpy(&b, bytes_, sizeof b); return b; }
  detail::StoreImpl* ref_store() const { return store_; }
  static Val from_ref(ValKind k, detail::StoreImpl* store, uintptr_t bits,
                      std::optional<uint64_t> host_value) {
    Val r; r.kind_ = k; r.store_ = store; std::memcpy(r.bytes_, &bits, sizeof bits);
    if (host_value) { r.host_ = *host_value; r.has_host_ = true; }
    return r;
  }

 private:
  ValKind kind_;
  bool has_host_ = false;
  alignas(8) uint8_t bytes_[16];
  detail::StoreImpl* store_ = nullptr;  // references: the store they live in
  uint64_t host_ = 0;
};

}  // namespace skiff
