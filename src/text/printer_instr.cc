// Printing single instructions and the literal spellings they use.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "text/printer.h"
#include "text/printer_internal.h"
#include "text/printer_names.h"

namespace skiff::text {

std::string quote_bytes(const uint8_t* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "\"";
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = p[i];
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      s += char(c);
    } else {
      s += '\\';
      s += kHex[c >> 4];
      s += kHex[c & 15];
    }
  }
  s += '"';
  return s;
}

// NaNs print as nan:0x<payload> (or plain nan for the canonical payload), other
// values as C99 hex floats, which the text format reads back exactly.
std::string format_f32(uint32_t bits) {
  bool neg = bits >> 31;
  uint32_t exp = (bits >> 23) & 0xFF, frac = bits & 0x7FFFFF;
  std::string sign = neg ? "-" : "";
  char buf[64];
  if (exp == 0xFF) {
    if (frac == 0) return sign + "inf";
    if (frac == 0x400000) return sign + "nan";
    snprintf(buf, sizeof buf, "nan:0x%" PRIx32, frac);
    return sign + buf;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  snprintf(buf, sizeof buf, "%a", double(std::fabs(f)));
  return sign + buf;
}

std::string format_f64(uint64_t bits) {
  bool neg = bits >> 63;
  uint64_t exp = (bits >> 52) & 0x7FF, frac = bits & 0xFFFFFFFFFFFFFull;
  std::string sign = neg ? "-" : "";
  char buf[64];
  if (exp == 0x7FF) {
    if (frac == 0) return sign + "inf";
    if (frac == 0x8000000000000ull) return sign + "nan";
    snprintf(buf, sizeof buf, "nan:0x%" PRIx64, frac);
    return sign + buf;
  }
  double d;
  std::memcpy(&d, &bits, 8);
  snprintf(buf, sizeof buf, "%a", std::fabs(d));
  return sign + buf;
}

std::string heap_text(const NameTable& n, const ir::HeapType& h) {
  if (h.is_concrete()) return n.ref(Space::Type, h.index);
  return ir::to_string(h);
}

std::string val_text(const NameTable& n, const ir::ValType& t) {
  if (t.kind != ir::ValKind::Ref || !t.heap.is_concrete()) return ir::to_string(t);
  return std::string("(ref ") + (t.nullable ? "null " : "") + n.ref(Space::Type, t.heap.index) +
         ")";
}

std::string block_type_text(const NameTable& n, const ir::BlockType& b) {
  switch (b.kind) {
    case ir::BlockType::Empty: return "";
    case ir::BlockType::Value: return " (result " + val_text(n, b.value) + ")";
    case ir::BlockType::Index: return " (type " + n.ref(Space::Type, b.index) + ")";
  }
  return "";
}

InstrPrinter::InstrPrinter(const ir::Module& m) : m_(m), names_(new NameTable(m)) {}
InstrPrinter::~InstrPrinter() { delete names_; }

static void memarg_text(const NameTable& n, const ir::Instr& in, uint8_t natural,
                        std::string& out) {
  if (in.mem.memory != 0) out += " " + n.ref(Space::Memory, in.mem.memory);
  if (in.mem.offset != 0) out += " offset=" + std::to_string(in.mem.offset);
  if (in.mem.align != natural) out += " align=" + std::to_string(uint64_t(1) << (in.mem.align & 63));
}

static std::string ref_type_text(const NameTable& n, const ir::HeapType& h, bool nullable) {
  return std::string("(ref ") + (nullable ? "null " : "") + heap_text(n, h) + ")";
}

void InstrPrinter::print(const ir::Instr& in, int64_t func, std::string& out) const {
  using ir::ImmKind;
  const NameTable& n = *names_;
  const ir::OpInfo& info = ir::op_info(in.op);
  out += info.text;
  auto sp = [&](const std::string& s) { out += ' '; out += s; };
  char buf[64];
  switch (info.imm) {
    case ImmKind::None: break;
    case ImmKind::BlockType: out += block_type_text(n, in.block); break;
    case ImmKind::Label: sp(std::to_string(in.a)); break;
    case ImmKind::BrTable:
      for (uint32_t l : in.labels) sp(std::to_string(l));
      sp(std::to_string(in.a));
      break;
    case ImmKind::Func: sp(n.ref(Space::Func, in.a)); break;
    case ImmKind::CallIndirect:
      if (in.b != 0) sp(n.ref(Space::Table, in.b));
      sp("(type " + n.ref(Space::Type, in.a) + ")");
      break;
    case ImmKind::Type: sp(n.ref(Space::Type, in.a)); break;
    case ImmKind::Local:
      sp(func >= 0 ? n.local(uint32_t(func), in.a) : std::to_string(in.a));
      break;
    case ImmKind::Global: sp(n.ref(Space::Global, in.a)); break;
    case ImmKind::Table: sp(n.ref(Space::Table, in.a)); break;
    case ImmKind::Tag: sp(n.ref(Space::Tag, in.a)); break;
    case ImmKind::MemArg: memarg_text(n, in, info.align, out); break;
    case ImmKind::MemArgLane:
      memarg_text(n, in, info.align, out);
      sp(std::to_string(in.a));
      break;
    case ImmKind::Memory:
      if (in.a != 0) sp(n.ref(Space::Memory, in.a));
      break;
    case ImmKind::MemoryCopy:
      if (in.a != 0 || in.b != 0) {
        sp(n.ref(Space::Memory, in.a));
        sp(n.ref(Space::Memory, in.b));
      }
      break;
    case ImmKind::MemoryInit:
      if (in.b != 0) sp(n.ref(Space::Memory, in.b));
      sp(n.ref(Space::Data, in.a));
      break;
    case ImmKind::Data: sp(n.ref(Space::Data, in.a)); break;
    case ImmKind::Elem: sp(n.ref(Space::Elem, in.a)); break;
    case ImmKind::TableInit:
      sp(n.ref(Space::Table, in.b));
      sp(n.ref(Space::Elem, in.a));
      break;
    case ImmKind::TableCopy:
      sp(n.ref(Space::Table, in.a));
      sp(n.ref(Space::Table, in.b));
      break;
    case ImmKind::I32: sp(std::to_string(int32_t(uint32_t(in.bits)))); break;
    case ImmKind::I64: sp(std::to_string(int64_t(in.bits))); break;
    case ImmKind::F32: sp(format_f32(uint32_t(in.bits))); break;
    case ImmKind::F64: sp(format_f64(in.bits)); break;
    case ImmKind::V128: {
      out += " i32x4";
      for (int i = 0; i < 4; ++i) {
        uint32_t lane;
        std::memcpy(&lane, in.v128 + 4 * i, 4);
        snprintf(buf, sizeof buf, " 0x%08" PRIx32, lane);
        out += buf;
      }
      break;
    }
    case ImmKind::Lane: sp(std::to_string(in.a)); break;
    case ImmKind::Shuffle:
      for (int i = 0; i < 16; ++i) sp(std::to_string(in.v128[i]));
      break;
    case ImmKind::HeapType:
      if (in.op == ir::Op::RefNull) {
        sp(heap_text(n, in.heap));
      } else {
        // ref.test / ref.cast: the null-ness is in the opcode.
        bool nullable = in.op == ir::Op::RefTestNull || in.op == ir::Op::RefCastNull;
        sp(ref_type_text(n, in.heap, nullable));
      }
      break;
    case ImmKind::SelectTypes:
      if (!in.types.empty()) {
        out += " (result";
        for (const auto& t : in.types) sp(val_text(n, t));
        out += ")";
      }
      break;
    case ImmKind::TypeField:
      sp(n.ref(Space::Type, in.a));
      sp(n.field(in.a, in.b));
      break;
    case ImmKind::TypeType:
      sp(n.ref(Space::Type, in.a));
      sp(n.ref(Space::Type, in.b));
      break;
    case ImmKind::TypeData:
      sp(n.ref(Space::Type, in.a));
      sp(n.ref(Space::Data, in.b));
      break;
    case ImmKind::TypeElem:
      sp(n.ref(Space::Type, in.a));
      sp(n.ref(Space::Elem, in.b));
      break;
    case ImmKind::TypeCount:
      sp(n.ref(Space::Type, in.a));
      sp(std::to_string(in.b));
      break;
    case ImmKind::BrOnCast:
      sp(std::to_string(in.a));
      sp(ref_type_text(n, in.heap, in.cast_flags & 1));
      sp(ref_type_text(n, in.heap2, in.cast_flags & 2));
      break;
    case ImmKind::TryTable:
      out += block_type_text(n, in.block);
      for (const auto& c : in.catches) {
        switch (c.kind) {
          case ir::CatchKind::Catch: out += " (catch " + n.ref(Space::Tag, c.tag); break;
          case ir::CatchKind::CatchRef: out += " (catch_ref " + n.ref(Space::Tag, c.tag); break;
          case ir::CatchKind::CatchAll: out += " (catch_all"; break;
          case ir::CatchKind::CatchAllRef: out += " (catch_all_ref"; break;
        }
        out += " " + std::to_string(c.label) + ")";
      }
      break;
    case ImmKind::AtomicFence: break;
  }
  (void)m_;
}

}  // namespace skiff::text
