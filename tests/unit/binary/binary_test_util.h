// Helpers shared by the binary format tests: a tiny byte builder for hand-made
// modules, and decoding shorthands.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "ir/module.h"

namespace skiff::binary::test {

using Bytes = std::vector<uint8_t>;

// Builds byte strings: b.raw({...}).u32(n).str("name")...
struct B {
  Bytes bytes;

  B() = default;
  B(std::initializer_list<uint8_t> l) : bytes(l) {}

  B& raw(std::initializer_list<uint8_t> l) {
    bytes.insert(bytes.end(), l);
    return *this;
  }
  B& raw(const Bytes& b) {
    bytes.insert(bytes.end(), b.begin(), b.end());
    return *this;
  }
  B& raw(const B& b) { return raw(b.bytes); }
  B& u8(uint8_t v) {
    bytes.push_back(v);
    return *this;
  }
  // Unsigned LEB128 (shortest form).
  B& u32(uint64_t v) {
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      if (v) b |= 0x80;
      bytes.push_back(b);
    } while (v);
    return *this;
  }
  // A name: length then bytes.
  B& str(std::string_view s) {
    u32(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  size_t size() const { return bytes.size(); }
};

// A section: id, size, contents.
inline B section(uint8_t id, const B& content) {
  B s;
  s.u8(id).u32(content.size()).raw(content);
  return s;
}

// A custom section with a name and payload.
inline B custom(std::string_view name, const B& payload) {
  B c;
  c.str(name).raw(payload);
  return section(0, c);
}

inline const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

// The header followed by the given sections.
inline Bytes module(std::initializer_list<B> sections) {
  Bytes m = kHeader;
  for (const B& s : sections) m.insert(m.end(), s.bytes.begin(), s.bytes.end());
  return m;
}

inline Result<ir::Module> dec(const Bytes& b) { return decode(b.data(), b.size()); }

// Decodes, failing the test on an error.
inline ir::Module dec_ok(const Bytes& b) {
  auto r = dec(b);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  if (!r.ok()) return {};
  return std::move(*r);
}

// The decode error's message, or "ok".
inline std::string dec_err(const Bytes& b) {
  auto r = dec(b);
  if (r.ok()) return "ok";
  return r.error().message;
}

// A one-type section holding (func) -> ().
inline B void_type_section() { return section(1, B{0x01, 0x60, 0x00, 0x00}); }

// A function section with `n` functions of type 0 and a code section whose bodies
// are the given instruction bytes (no locals).
inline B funcs_section(size_t n) {
  B f;
  f.u32(n);
  for (size_t i = 0; i < n; ++i) f.u8(0);
  return section(3, f);
}
inline B code_section(std::initializer_list<Bytes> bodies) {
  B c;
  c.u32(bodies.size());
  for (const Bytes& body : bodies) {
    B fb;
    fb.u8(0).raw(body);  // no locals
    c.u32(fb.size()).raw(fb);
  }
  return section(10, c);
}

}  // namespace skiff::binary::test
