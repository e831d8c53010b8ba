// The inline fast path of ir::read_instr for the hot loops (the decoder's
// structural walk and the validator's Checker::step).
//
// read_instr_fast decodes the common encodings (one-byte and prefixed opcodes with
// no immediate, indices, memargs of memory 0, integer and float constants, empty and
// numeric block types) straight from the bytes, with no Status to build. For
// anything else — every error, and the rarer immediates (br_table, typed select,
// heap types, v128, lanes, try_table, multi-memory memargs, 5-byte s32 and 10-byte
// LEBs) — it returns false WITHOUT consuming input, and the caller runs read_instr,
// which decodes it or reports the error exactly as before. Whatever it accepts,
// read_instr accepts too with the same fields set and the same bytes consumed (the
// unit test ReadInstrFast.* checks that on every spec module's code).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "ir/instr.h"
#include "ir/opcode.h"
#include "support/bytes.h"

namespace skiff::ir {

namespace fast_detail {

static_assert(std::endian::native == std::endian::little, "F32/F64 immediates are copied as is");

struct Bytes {
  const uint8_t* p;
  const uint8_t* end;

  bool u32(uint32_t* out) {
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 28; shift += 7) {
      if (p == end) return false;
      uint8_t b = *p++;
      v |= uint32_t(b & 0x7F) << shift;
      if (!(b & 0x80)) {
        *out = v;
        return true;
      }
    }
    if (p == end) return false;
    uint8_t b = *p++;
    if (b & 0xF0) return false;  // continues, or bits past 32: the slow path says which
    *out = v | (uint32_t(b) << 28);
    return true;
  }
  // Up to 9 bytes (63 bits); a 10th byte goes to the slow path.
  bool u64(uint64_t* out) {
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 63; shift += 7) {
      if (p == end) return false;
      uint8_t b = *p++;
      v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) {
        *out = v;
        return true;
      }
    }
    return false;
  }
  // Signed, up to `max_bytes` bytes (at most 7 * max_bytes < width bits, so no
  // overflow check is needed); longer forms go to the slow path.
  template <unsigned max_bytes>
  bool sleb(int64_t* out) {
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 7 * max_bytes; shift += 7) {
      if (p == end) return false;
      uint8_t b = *p++;
      v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) {
        if (b & 0x40) v |= ~uint64_t(0) << (shift + 7);
        *out = int64_t(v);
        return true;
      }
    }
    return false;
  }
  bool fixed(void* out, size_t n) {
    if (size_t(end - p) < n) return false;
    std::memcpy(out, p, n);
    p += n;
    return true;
  }
};

// 1 + the immediate kind of each one-byte opcode; kPrefixed for the prefix bytes,
// kIllegal for bytes that are no opcode (instr.cc). 0 (the table before its dynamic
// initialisation) sends every byte to the slow path.
inline constexpr uint8_t kPrefixed = 0xFE;
inline constexpr uint8_t kIllegal = 0xFF;
extern const std::array<uint8_t, 256> kByteImm;

}  // namespace fast_detail

[[gnu::always_inline]] inline bool read_instr_fast(Reader& r, Instr* out) {
  fast_detail::Bytes f{r.pos(), r.pos() + r.remaining()};
  if (f.p == f.end) return false;
  const uint8_t b = *f.p++;
  Op op;
  ImmKind imm;
  const uint8_t k = fast_detail::kByteImm[b];
  if (uint8_t(k - 1) < uint8_t(fast_detail::kPrefixed - 1)) [[likely]] {
    op = Op(detail::kSingleByteOps[b]);
    imm = ImmKind(k - 1);
  } else if (k == fast_detail::kPrefixed) {
    uint32_t code;
    if (!f.u32(&code) || !op_from_prefixed(b, code, &op)) return false;
    imm = op_info(op).imm;
  } else {
    return false;
  }
  Instr& in = *out;
  switch (imm) {
    case ImmKind::None:
      break;
    case ImmKind::BlockType: {
      if (f.p == f.end) return false;
      const uint8_t t = *f.p;
      BlockType bt;
      if (t >= 0x7B && t <= 0x7F) {
        bt.kind = BlockType::Value;
        bt.value = ValType::num(static_cast<ValKind>(t));
      } else if (t != 0x40) {
        return false;
      }
      ++f.p;
      in.block = bt;
      break;
    }
    case ImmKind::Label: case ImmKind::Func: case ImmKind::Type: case ImmKind::Local:
    case ImmKind::Global: case ImmKind::Table: case ImmKind::Tag: case ImmKind::Memory:
    case ImmKind::Data: case ImmKind::Elem:
      if (!f.u32(&in.a)) return false;
      break;
    case ImmKind::CallIndirect: case ImmKind::MemoryCopy: case ImmKind::MemoryInit:
    case ImmKind::TableInit: case ImmKind::TableCopy: case ImmKind::TypeField:
    case ImmKind::TypeType: case ImmKind::TypeData: case ImmKind::TypeElem:
    case ImmKind::TypeCount:
      if (!f.u32(&in.a) || !f.u32(&in.b)) return false;
      break;
    case ImmKind::MemArg: {
      uint32_t flags;
      // An explicit memory index (bit 6) or a malformed flag: the slow path.
      if (!f.u32(&flags) || flags >= 0x40) return false;
      in.mem.memory = 0;
      in.mem.align = flags;
      if (!f.u64(&in.mem.offset)) return false;
      break;
    }
    case ImmKind::I32: {
      int64_t v;
      if (!f.sleb<4>(&v)) return false;
      in.bits = uint32_t(int32_t(v));
      break;
    }
    case ImmKind::I64: {
      int64_t v;
      if (!f.sleb<9>(&v)) return false;
      in.bits = uint64_t(v);
      break;
    }
    case ImmKind::F32: {
      uint32_t v;
      if (!f.fixed(&v, 4)) return false;
      in.bits = v;
      break;
    }
    case ImmKind::F64: {
      uint64_t v;
      if (!f.fixed(&v, 8)) return false;
      in.bits = v;
      break;
    }
    default:
      return false;
  }
  in.op = op;
  const size_t used = size_t(f.p - r.pos());
  r = Reader(f.p, size_t(f.end - f.p), r.offset() + used);
  return true;
}

}  // namespace skiff::ir
