// The source map of translated code: internal code position -> wasm instruction
// offset (code.h, Code::src_map). Built by the translator, consulted only when a
// trap's backtrace is recorded, so lookups are a linear decode.
//
// Layout: a sequence of entries, each two unsigned LEB128 numbers: the code
// position's delta from the previous entry, divided by 8 (instructions are
// 8-aligned), and the wasm offset's delta. The first entry's deltas are from 0.
// An entry covers code from its position up to the next entry's.
#include <cstddef>

#include "interp/code.h"

namespace skiff::interp {

namespace {

void put_uleb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(uint8_t(b | (v ? 0x80 : 0)));
  } while (v);
}

bool get_uleb(const std::vector<uint8_t>& in, size_t& at, uint32_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (at >= in.size()) return false;
    uint8_t b = in[at++];
    v |= uint32_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace

std::vector<uint8_t> encode_src_map(const std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  std::vector<uint8_t> out;
  uint32_t pos = 0, off = 0;
  for (const auto& [p, o] : pairs) {
    if (p < pos || o < off || (p & 7)) continue;  // never produced by the translator
    put_uleb(out, (p - pos) / 8);
    put_uleb(out, o - off);
    pos = p;
    off = o;
  }
  return out;
}

bool check_src_map(const std::vector<uint8_t>& map, uint32_t code_bytes) {
  size_t at = 0;
  uint64_t pos = 0;
  while (at < map.size()) {
    uint32_t dp, doff;
    if (!get_uleb(map, at, dp) || !get_uleb(map, at, doff)) return false;
    pos += uint64_t(dp) * 8;
    if (pos >= code_bytes) return false;
  }
  return true;
}

uint32_t Code::wasm_offset_at(uint32_t pos) const {
  size_t at = 0;
  uint64_t p = 0, off = 0;
  uint32_t found = kNoWasmOffset;
  while (at < src_map.size()) {
    uint32_t dp, doff;
    if (!get_uleb(src_map, at, dp) || !get_uleb(src_map, at, doff)) break;
    p += uint64_t(dp) * 8;
    off += doff;
    if (p > pos) break;
    found = off > 0xFFFFFFFEull ? kNoWasmOffset : uint32_t(off);
  }
  return found;
}

}  // namespace skiff::interp
