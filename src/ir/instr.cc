#include "ir/instr.h"

#include "ir/instr_fast.h"

#include <cstdio>
#include <cstring>

namespace skiff::ir {

// ---- types -----------------------------------------------------------------

static bool abstract_heap(uint8_t b, HeapKind* out) {
  switch (b) {
    case 0x70: case 0x6F: case 0x6E: case 0x6D: case 0x6C: case 0x6B:
    case 0x6A: case 0x69: case 0x74: case 0x73: case 0x72: case 0x71:
      *out = static_cast<HeapKind>(b);
      return true;
    default:
      return false;
  }
}

Result<HeapType> read_heap_type(Reader& r) {
  uint8_t b;
  if (!r.peek(&b)) return r.error("unexpected end");
  HeapKind k;
  if (abstract_heap(b, &k)) {
    (void)r.u8();
    return HeapType::abstract(k);
  }
  size_t at = r.offset();
  auto idx = r.s33();
  if (!idx) return std::move(idx).error();
  if (*idx < 0) return r.error_at(at, "malformed heap type");
  if (*idx > 0xFFFFFFFFll) return r.error_at(at, "integer too large");
  return HeapType::concrete(uint32_t(*idx));
}

static Result<ValType> read_val_type_impl(Reader& r, bool storage) {
  size_t at = r.offset();
  auto b = r.u8();
  if (!b) return std::move(b).error();
  switch (*b) {
    case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x7B:
      return ValType::num(static_cast<ValKind>(*b));
    case 0x78: case 0x77:
      if (storage) return ValType::num(static_cast<ValKind>(*b));
      break;
    case 0x64:
    case 0x63: {
      auto h = read_heap_type(r);
      if (!h) return std::move(h).error();
      return ValType::ref(*h, *b == 0x63);
    }
    default: {
      HeapKind k;
      if (abstract_heap(*b, &k)) return ValType::ref(HeapType::abstract(k), true);
      break;
    }
  }
  return r.error_at(at, "malformed value type");
}

Result<ValType> read_val_type(Reader& r) { return read_val_type_impl(r, false); }
Result<ValType> read_storage_type(Reader& r) { return read_val_type_impl(r, true); }

Result<BlockType> read_block_type(Reader& r) {
  uint8_t b;
  if (!r.peek(&b)) return r.error("unexpected end");
  BlockType bt;
  if (b == 0x40) {
    (void)r.u8();
    return bt;
  }
  // One byte in 0x40..0x7F is a value type (a one-byte s33 there would be negative).
  if ((b & 0xC0) == 0x40) {
    auto t = read_val_type(r);
    if (!t) return std::move(t).error();
    bt.kind = BlockType::Value;
    bt.value = *t;
    return bt;
  }
  size_t at = r.offset();
  auto idx = r.s33();
  if (!idx) return std::move(idx).error();
  if (*idx < 0) return r.error_at(at, "malformed block type");
  bt.kind = BlockType::Index;
  bt.index = uint32_t(*idx);
  return bt;
}

void write_heap_type(Writer& w, const HeapType& h) {
  if (h.is_concrete())
    w.s64(int64_t(h.index));  // s33 encoding of a non-negative index
  else
    w.u8(static_cast<uint8_t>(h.kind));
}

void write_val_type(Writer& w, const ValType& t) {
  if (t.kind != ValKind::Ref) {
    w.u8(static_cast<uint8_t>(t.kind));
    return;
  }
  if (t.nullable && !t.heap.is_concrete()) {
    w.u8(static_cast<uint8_t>(t.heap.kind));  // shorthand: funcref, externref, ...
    return;
  }
  w.u8(t.nullable ? 0x63 : 0x64);
  write_heap_type(w, t.heap);
}

void write_block_type(Writer& w, const BlockType& b) {
  switch (b.kind) {
    case BlockType::Empty: w.u8(0x40); break;
    case BlockType::Value: write_val_type(w, b.value); break;
    case BlockType::Index: w.s64(int64_t(b.index)); break;
  }
}

// ---- instructions ----------------------------------------------------------

namespace fast_detail {
static std::array<uint8_t, 256> make_byte_imm() {
  std::array<uint8_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b) {
    Op op;
    if (is_prefix_byte(uint8_t(b))) t[b] = kPrefixed;
    else if (!op_from_byte(uint8_t(b), &op)) t[b] = kIllegal;
    else t[b] = uint8_t(uint8_t(op_info(op).imm) + 1);
  }
  return t;
}
const std::array<uint8_t, 256> kByteImm = make_byte_imm();
}  // namespace fast_detail

#define TRY_READ(dst, expr)                               \
  do {                                                    \
    auto r_ = (expr);                                     \
    if (!r_) return std::move(r_).error();                \
    dst = *r_;                                            \
  } while (0)

static Status read_memarg(Reader& r, MemArg* m) {
  size_t at = r.offset();
  uint32_t flags;
  TRY_READ(flags, r.u32());
  // Bit 6 of the alignment field says an explicit memory index follows
  // (multi-memory). Any other bit above the alignment range is malformed.
  if (flags >= 128) return r.error_at(at, "malformed memop flags");
  m->memory = 0;
  if (flags & 0x40) {
    TRY_READ(m->memory, r.u32());
    flags &= ~0x40u;
  }
  m->align = flags;
  TRY_READ(m->offset, r.u64());
  return {};
}

static void write_memarg(Writer& w, const MemArg& m) {
  if (m.memory != 0) {
    w.u32(m.align | 0x40);
    w.u32(m.memory);
  } else {
    w.u32(m.align);
  }
  w.u64(m.offset);
}

Status read_instr(Reader& r, Instr* out) {
  size_t at = r.offset();
  uint8_t b;
  TRY_READ(b, r.u8());
  Op op;
  if (is_prefix_byte(b)) {
    uint32_t code;
    TRY_READ(code, r.u32());
    if (!op_from_prefixed(b, code, &op)) {
      char buf[48];
      snprintf(buf, sizeof buf, "illegal opcode %02x %x", b, code);
      return r.error_at(at, buf);
    }
  } else if (!op_from_byte(b, &op)) {
    char buf[32];
    snprintf(buf, sizeof buf, "illegal opcode %02x", b);
    return r.error_at(at, buf);
  }
  Instr& in = *out;
  in.op = op;
  switch (op_info(op).imm) {
    case ImmKind::None:
      break;
    case ImmKind::BlockType:
      TRY_READ(in.block, read_block_type(r));
      break;
    case ImmKind::Label: case ImmKind::Func: case ImmKind::Type: case ImmKind::Local:
    case ImmKind::Global: case ImmKind::Table: case ImmKind::Tag: case ImmKind::Memory:
    case ImmKind::Data: case ImmKind::Elem:
      TRY_READ(in.a, r.u32());
      break;
    case ImmKind::BrTable: {
      uint32_t n;
      TRY_READ(n, r.u32());
      // Each label takes at least one byte: reject impossible counts before allocating.
      if (n > r.remaining()) return r.error("unexpected end");
      in.labels.resize(n);
      for (uint32_t i = 0; i < n; ++i) TRY_READ(in.labels[i], r.u32());
      TRY_READ(in.a, r.u32());
      break;
    }
    case ImmKind::CallIndirect: case ImmKind::MemoryCopy: case ImmKind::MemoryInit:
    case ImmKind::TableInit: case ImmKind::TableCopy: case ImmKind::TypeField:
    case ImmKind::TypeType: case ImmKind::TypeData: case ImmKind::TypeElem:
    case ImmKind::TypeCount:
      TRY_READ(in.a, r.u32());
      TRY_READ(in.b, r.u32());
      break;
    case ImmKind::MemArg:
      SKIFF_TRY(read_memarg(r, &in.mem));
      break;
    case ImmKind::MemArgLane: {
      SKIFF_TRY(read_memarg(r, &in.mem));
      uint8_t lane;
      TRY_READ(lane, r.u8());
      in.a = lane;
      break;
    }
    case ImmKind::I32: {
      int32_t v;
      TRY_READ(v, r.s32());
      in.bits = uint32_t(v);
      break;
    }
    case ImmKind::I64: {
      int64_t v;
      TRY_READ(v, r.s64());
      in.bits = uint64_t(v);
      break;
    }
    case ImmKind::F32:
      TRY_READ(in.bits, r.fixed_u32());
      break;
    case ImmKind::F64:
      TRY_READ(in.bits, r.fixed_u64());
      break;
    case ImmKind::V128:
    case ImmKind::Shuffle: {
      const uint8_t* p;
      TRY_READ(p, r.bytes(16));
      std::memcpy(in.v128, p, 16);
      break;
    }
    case ImmKind::Lane: {
      uint8_t lane;
      TRY_READ(lane, r.u8());
      in.a = lane;
      break;
    }
    case ImmKind::HeapType:
      TRY_READ(in.heap, read_heap_type(r));
      break;
    case ImmKind::SelectTypes: {
      uint32_t n;
      TRY_READ(n, r.u32());
      if (n > r.remaining()) return r.error("unexpected end");
      in.types.resize(n);
      for (uint32_t i = 0; i < n; ++i) TRY_READ(in.types[i], read_val_type(r));
      break;
    }
    case ImmKind::BrOnCast: {
      size_t fat = r.offset();
      TRY_READ(in.cast_flags, r.u8());
      if (in.cast_flags > 3) return r.error_at(fat, "malformed br_on_cast flags");
      TRY_READ(in.a, r.u32());
      TRY_READ(in.heap, read_heap_type(r));
      TRY_READ(in.heap2, read_heap_type(r));
      break;
    }
    case ImmKind::TryTable: {
      TRY_READ(in.block, read_block_type(r));
      uint32_t n;
      TRY_READ(n, r.u32());
      if (n > r.remaining()) return r.error("unexpected end");
      in.catches.resize(n);
      for (uint32_t i = 0; i < n; ++i) {
        CatchClause& c = in.catches[i];
        size_t cat = r.offset();
        uint8_t kind;
        TRY_READ(kind, r.u8());
        if (kind > 3) return r.error_at(cat, "malformed catch clause");
        c.kind = static_cast<CatchKind>(kind);
        if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) TRY_READ(c.tag, r.u32());
        TRY_READ(c.label, r.u32());
      }
      break;
    }
    case ImmKind::AtomicFence: {
      size_t fat = r.offset();
      uint8_t z;
      TRY_READ(z, r.u8());
      if (z != 0) return r.error_at(fat, "malformed atomic.fence: expected 0x00");
      break;
    }
  }
  return {};
}

void write_instr(Writer& w, const Instr& in) {
  const OpInfo& info = op_info(in.op);
  if (info.prefix) {
    w.u8(info.prefix);
    w.u32(info.code);
  } else {
    w.u8(uint8_t(info.code));
  }
  switch (info.imm) {
    case ImmKind::None: break;
    case ImmKind::BlockType: write_block_type(w, in.block); break;
    case ImmKind::Label: case ImmKind::Func: case ImmKind::Type: case ImmKind::Local:
    case ImmKind::Global: case ImmKind::Table: case ImmKind::Tag: case ImmKind::Memory:
    case ImmKind::Data: case ImmKind::Elem:
      w.u32(in.a);
      break;
    case ImmKind::BrTable:
      w.u32(uint32_t(in.labels.size()));
      for (uint32_t l : in.labels) w.u32(l);
      w.u32(in.a);
      break;
    case ImmKind::CallIndirect: case ImmKind::MemoryCopy: case ImmKind::MemoryInit:
    case ImmKind::TableInit: case ImmKind::TableCopy: case ImmKind::TypeField:
    case ImmKind::TypeType: case ImmKind::TypeData: case ImmKind::TypeElem:
    case ImmKind::TypeCount:
      w.u32(in.a);
      w.u32(in.b);
      break;
    case ImmKind::MemArg: write_memarg(w, in.mem); break;
    case ImmKind::MemArgLane:
      write_memarg(w, in.mem);
      w.u8(uint8_t(in.a));
      break;
    case ImmKind::I32: w.s32(int32_t(uint32_t(in.bits))); break;
    case ImmKind::I64: w.s64(int64_t(in.bits)); break;
    case ImmKind::F32: w.fixed_u32(uint32_t(in.bits)); break;
    case ImmKind::F64: w.fixed_u64(in.bits); break;
    case ImmKind::V128: case ImmKind::Shuffle: w.bytes(in.v128, 16); break;
    case ImmKind::Lane: w.u8(uint8_t(in.a)); break;
    case ImmKind::HeapType: write_heap_type(w, in.heap); break;
    case ImmKind::SelectTypes:
      w.u32(uint32_t(in.types.size()));
      for (const ValType& t : in.types) write_val_type(w, t);
      break;
    case ImmKind::BrOnCast:
      w.u8(in.cast_flags);
      w.u32(in.a);
      write_heap_type(w, in.heap);
      write_heap_type(w, in.heap2);
      break;
    case ImmKind::TryTable:
      write_block_type(w, in.block);
      w.u32(uint32_t(in.catches.size()));
      for (const CatchClause& c : in.catches) {
        w.u8(static_cast<uint8_t>(c.kind));
        if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) w.u32(c.tag);
        w.u32(c.label);
      }
      break;
    case ImmKind::AtomicFence: w.u8(0); break;
  }
}

}  // namespace skiff::ir
