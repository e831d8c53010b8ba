// Byte reading and writing with LEB128, for the binary format.
//
// Reader never reads past its end: every read checks the remaining length and
// returns an Error at the current offset. LEB128 decoding follows the spec's
// rules: at most ceil(N/7) bytes, and the unused bits of the last byte must be
// zero (unsigned) or a sign extension (signed); otherwise the value is
// "integer too large" / "integer representation too long".
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace skiff {

class Reader {
 public:
  Reader() = default;
  // `base` is the absolute offset of data[0] in the whole input, for messages.
  Reader(const uint8_t* data, size_t size, size_t base = 0)
      : begin_(data), p_(data), end_(data + size), base_(base) {}

  size_t offset() const { return base_ + size_t(p_ - begin_); }
  size_t remaining() const { return size_t(end_ - p_); }
  bool at_end() const { return p_ == end_; }
  const uint8_t* pos() const { return p_; }

  // The one-byte forms (most immediates) are inline; longer ones and errors are not.
  Result<uint8_t> u8() {
    if (p_ != end_) [[likely]]
      return *p_++;
    return end_error();
  }
  Result<uint32_t> u32() {  // unsigned LEB128, 32 bits
    if (p_ != end_ && *p_ < 0x80) [[likely]]
      return uint32_t(*p_++);
    return u32_long();
  }
  Result<uint64_t> u64() {  // unsigned LEB128, 64 bits
    if (p_ != end_ && *p_ < 0x80) [[likely]]
      return uint64_t(*p_++);
    return u64_long();
  }
  Result<int32_t> s32() {  // signed LEB128
    if (p_ != end_ && *p_ < 0x80) [[likely]]
      return int32_t(one_byte_signed(*p_++));
    return s32_long();
  }
  Result<int64_t> s64() {
    if (p_ != end_ && *p_ < 0x80) [[likely]]
      return int64_t(one_byte_signed(*p_++));
    return s64_long();
  }
  Result<int64_t> s33() {  // block type index form
    if (p_ != end_ && *p_ < 0x80) [[likely]]
      return int64_t(one_byte_signed(*p_++));
    return s33_long();
  }
  Result<uint32_t> fixed_u32();  // little-endian, 4 bytes (f32 bits)
  Result<uint64_t> fixed_u64();  // little-endian, 8 bytes (f64 bits)
  Result<const uint8_t*> bytes(size_t n);
  // A vec(byte) name that must be valid UTF-8 ("malformed UTF-8 encoding").
  Result<std::string> name();
  // Peek at the next byte without consuming; false at end.
  bool peek(uint8_t* out) const {
    if (p_ == end_) return false;
    *out = *p_;
    return true;
  }
  // A sub-reader over the next n bytes (consumed here).
  Result<Reader> sub(size_t n);

  // An error at the current offset (or at `at` when given).
  [[gnu::cold]] Error error(std::string message) const;
  [[gnu::cold]] Error error_at(size_t at, std::string message) const;

 private:
  template <class T, unsigned Bits, bool Signed>
  Result<T> leb();
  // A LEB128 byte without continuation, as a signed value (bit 6 is the sign).
  static int one_byte_signed(uint8_t b) { return (b & 0x40) ? int(b) - 0x80 : int(b); }
  [[gnu::cold, gnu::noinline]] Error end_error() const;
  [[gnu::noinline]] Result<uint32_t> u32_long();
  [[gnu::noinline]] Result<uint64_t> u64_long();
  [[gnu::noinline]] Result<int32_t> s32_long();
  [[gnu::noinline]] Result<int64_t> s64_long();
  [[gnu::noinline]] Result<int64_t> s33_long();

  const uint8_t* begin_ = nullptr;
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  size_t base_ = 0;
};

class Writer {
 public:
  std::vector<uint8_t>& out() { return out_; }
  const std::vector<uint8_t>& out() const { return out_; }
  size_t size() const { return out_.size(); }

  void u8(uint8_t b) { out_.push_back(b); }
  void u32(uint32_t v) { u64(v); }
  void u64(uint64_t v);
  void s32(int32_t v) { s64(v); }
  void s64(int64_t v);
  void fixed_u32(uint32_t v);
  void fixed_u64(uint64_t v);
  void bytes(const uint8_t* p, size_t n) { out_.insert(out_.end(), p, p + n); }
  void bytes(const std::vector<uint8_t>& b) { bytes(b.data(), b.size()); }
  void name(std::string_view s) {
    u32(uint32_t(s.size()));
    bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }

 private:
  std::vector<uint8_t> out_;
};

bool is_valid_utf8(std::string_view s);

}  // namespace skiff
