// A bounds-checked reader over one DWARF section (little endian). Every read past
// the end returns 0 and sets `failed`: callers check it at the end of each unit, so
// a hostile section can make a lookup fail but never read out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace skiff::debuginfo {

class Cursor {
 public:
  Cursor() = default;
  Cursor(const uint8_t* data, size_t size) : p_(data), size_(size) {}

  bool failed() const { return failed_; }
  bool at_end() const { return pos_ >= size_; }
  size_t pos() const { return pos_; }
  size_t size() const { return size_; }
  size_t left() const { return pos_ < size_ ? size_ - pos_ : 0; }
  void seek(size_t at) {
    if (at > size_) {
      failed_ = true;
      pos_ = size_;
    } else {
      pos_ = at;
    }
  }
  void skip(uint64_t n) {
    if (n > left()) {
      failed_ = true;
      pos_ = size_;
    } else {
      pos_ += size_t(n);
    }
  }
  // A sub-cursor over the next n bytes (consumed here).
  Cursor sub(uint64_t n) {
    if (n > left()) {
      failed_ = true;
      pos_ = size_;
      return Cursor();
    }
    Cursor c(p_ + pos_, size_t(n));
    pos_ += size_t(n);
    return c;
  }
  uint64_t fixed(unsigned bytes) {
    if (bytes > 8 || bytes > left()) {
      failed_ = true;
      pos_ = size_;
      return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= uint64_t(p_[pos_ + i]) << (8 * i);
    pos_ += bytes;
    return v;
  }
  uint8_t u8() { return uint8_t(fixed(1)); }
  uint16_t u16() { return uint16_t(fixed(2)); }
  uint32_t u32() { return uint32_t(fixed(4)); }
  uint64_t u64() { return fixed(8); }
  uint64_t uleb() {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (at_end()) {
        failed_ = true;
        return 0;
      }
      uint8_t b = p_[pos_++];
      if (shift < 64) v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      if (shift > 70) {
        failed_ = true;
        return 0;
      }
    }
  }
  int64_t sleb() {
    int64_t v = 0;
    unsigned shift = 0;
    uint8_t b = 0;
    do {
      if (at_end() || shift > 70) {
        failed_ = true;
        return 0;
      }
      b = p_[pos_++];
      if (shift < 64) v |= int64_t(uint64_t(b & 0x7f) << shift);
      shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= int64_t(~uint64_t(0) << shift);
    return v;
  }
  // A NUL-terminated string (a view into the section).
  std::string_view cstr() {
    const void* z = left() ? std::memchr(p_ + pos_, 0, left()) : nullptr;
    if (!z) {
      failed_ = true;
      pos_ = size_;
      return {};
    }
    size_t n = size_t(static_cast<const uint8_t*>(z) - (p_ + pos_));
    std::string_view s(reinterpret_cast<const char*>(p_ + pos_), n);
    pos_ += n + 1;
    return s;
  }
  // The string at `off` of a string section (empty when out of bounds).
  std::string_view str_at(uint64_t off) const {
    if (off >= size_) return {};
    const void* z = std::memchr(p_ + off, 0, size_ - size_t(off));
    if (!z) return {};
    return std::string_view(reinterpret_cast<const char*>(p_ + off),
                            size_t(static_cast<const uint8_t*>(z) - (p_ + off)));
  }
  // The `bytes`-wide word at `off` (0 with ok = false when out of bounds).
  uint64_t word_at(uint64_t off, unsigned bytes, bool* ok) const {
    if (bytes > 8 || off > size_ || bytes > size_ - size_t(off)) {
      *ok = false;
      return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= uint64_t(p_[off + i]) << (8 * i);
    *ok = true;
    return v;
  }

 private:
  const uint8_t* p_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace skiff::debuginfo
