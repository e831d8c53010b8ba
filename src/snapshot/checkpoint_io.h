// Byte writer/reader of checkpoint files (private to src/snapshot): little-endian
// integers, u64-length-prefixed byte strings; the reader never reads past its span
// (ok() turns false and every later read yields zeros).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace skiff::snapshot::ckio {

inline uint64_t fnv(const uint8_t* p, size_t n, uint64_t h = 0xcbf29ce484222325ull) {
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

class Writer {
 public:
  std::vector<uint8_t> out;
  void u8(uint8_t v) { out.push_back(v); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void raw(const void* p, size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void bytes(const uint8_t* p, size_t n) {
    u64(n);
    raw(p, n);
  }
  void str(const std::string& s) { bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  bool ok() const { return ok_; }
  uint8_t u8() { uint8_t v = 0; raw(&v, 1); return v; }
  uint32_t u32() { uint32_t v = 0; raw(&v, 4); return v; }
  uint64_t u64() { uint64_t v = 0; raw(&v, 8); return v; }
  void raw(void* p, size_t n) {
    if (!ok_ || n > b_.size() - pos_) {
      ok_ = false;
      return;
    }
    std::memcpy(p, b_.data() + pos_, n);
    pos_ += n;
  }
  // A view of the next n bytes (empty and !ok() past the end).
  std::span<const uint8_t> view(uint64_t n) {
    if (!ok_ || n > b_.size() - pos_) {
      ok_ = false;
      return {};
    }
    auto s = b_.subspan(pos_, size_t(n));
    pos_ += size_t(n);
    return s;
  }
  std::span<const uint8_t> bytes() { return view(u64()); }
  std::string str() {
    auto s = bytes();
    return std::string(reinterpret_cast<const char*>(s.data()), s.size());
  }
  // A count that must leave at least `each` bytes per element.
  uint64_t count(size_t each) {
    uint64_t n = u64();
    if (ok_ && each && n > (b_.size() - pos_) / each) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace skiff::snapshot::ckio
