#include "support/bytes.h"

namespace skiff {

Error Reader::error(std::string message) const { return make_error(std::move(message), offset()); }

Error Reader::error_at(size_t at, std::string message) const {
  return make_error(std::move(message), int64_t(at));
}

Error Reader::end_error() const { return error("unexpected end"); }

template <class T, unsigned Bits, bool Signed>
Result<T> Reader::leb() {
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  using U = std::conditional_t<(Bits > 32), uint64_t, uint32_t>;
  U result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (p_ == end_) return error("unexpected end");
    uint8_t b = *p_++;
    if (i == kMaxBytes - 1) {
      // Last permitted byte: no continuation, and the unused bits must be
      // zero (unsigned) or copies of the sign bit (signed).
      if (b & 0x80) return error("integer representation too long");
      unsigned used = Bits - shift;  // value bits left for this byte (1..7)
      if (used < 7) {
        uint8_t extra = uint8_t(b & 0x7F) >> used;
        if constexpr (Signed) {
          bool neg = (b >> (used - 1)) & 1;
          uint8_t want = neg ? uint8_t(0x7F >> used) : 0;
          if (extra != want) return error("integer too large");
        } else {
          if (extra != 0) return error("integer too large");
        }
      }
      result |= U(b & 0x7F) << shift;
      shift += 7;
      if constexpr (Signed) {
        if (shift < sizeof(U) * 8 && (b & 0x40)) result |= ~U(0) << shift;
      }
      break;
    }
    result |= U(b & 0x7F) << shift;
    shift += 7;
    if (!(b & 0x80)) {
      if constexpr (Signed) {
        if (shift < sizeof(U) * 8 && (b & 0x40)) result |= ~U(0) << shift;
      }
      break;
    }
  }
  if constexpr (Signed && Bits == 33) {
    return int64_t(result << 31) >> 31;  // sign-extend from bit 32
  } else {
    return static_cast<T>(result);
  }
}

Result<uint32_t> Reader::u32_long() { return leb<uint32_t, 32, false>(); }
Result<uint64_t> Reader::u64_long() { return leb<uint64_t, 64, false>(); }
Result<int32_t> Reader::s32_long() { return leb<int32_t, 32, true>(); }
Result<int64_t> Reader::s64_long() { return leb<int64_t, 64, true>(); }
Result<int64_t> Reader::s33_long() { return leb<int64_t, 33, true>(); }

Result<uint32_t> Reader::fixed_u32() {
  if (remaining() < 4) return error("unexpected end");
  uint32_t v;
  std::memcpy(&v, p_, 4);  // little-endian hosts only (x86-64, aarch64)
  p_ += 4;
  return v;
}

Result<uint64_t> Reader::fixed_u64() {
  if (remaining() < 8) return error("unexpected end");
  uint64_t v;
  std::memcpy(&v, p_, 8);
  p_ += 8;
  return v;
}

Result<const uint8_t*> Reader::bytes(size_t n) {
  if (remaining() < n) return error("unexpected end");
  const uint8_t* p = p_;
  p_ += n;
  return p;
}

Result<std::string> Reader::name() {
  auto len = u32();
  if (!len) return std::move(len).error();
  if (remaining() < *len) return error("unexpected end");
  std::string s(reinterpret_cast<const char*>(p_), *len);
  if (!is_valid_utf8(s)) return error("malformed UTF-8 encoding");
  p_ += *len;
  return s;
}

Result<Reader> Reader::sub(size_t n) {
  if (remaining() < n) return error("unexpected end");
  Reader r(p_, n, offset());
  p_ += n;
  return r;
}

void Writer::u64(uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out_.push_back(b);
  } while (v != 0);
}

void Writer::s64(int64_t v) {
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out_.push_back(b);
    if (done) break;
  }
}

void Writer::fixed_u32(uint32_t v) {
  uint8_t b[4];
  std::memcpy(b, &v, 4);
  bytes(b, 4);
}

void Writer::fixed_u64(uint64_t v) {
  uint8_t b[8];
  std::memcpy(b, &v, 8);
  bytes(b, 8);
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    uint8_t c = uint8_t(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    unsigned len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (unsigned k = 1; k < len; ++k) {
      uint8_t d = uint8_t(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
      return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (cp > 0x10FFFF) return false;
    i += len;
  }
  return true;
}

}  // namespace skiff
