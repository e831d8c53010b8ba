// Lookups over the one opcode table (opcodes.def).
//
// Design: the binary lookups run once per decoded instruction, so they are plain
// array reads. The arrays (one for single bytes, one per prefix, each sized to the
// largest sub-opcode of its prefix) are computed at compile time from the table,
// which also lets static_asserts reject a duplicate encoding or an unknown prefix
// at build time. Nothing is initialised at run time, so there is no thread-safety
// question. The text lookup (parser only) uses a hash map built once, on first
// use, as a function-local static (thread-safe in C++11 and later).
#include "ir/opcode.h"

#include <array>
#include <unordered_map>

namespace skiff::ir {

namespace detail {
extern constexpr OpInfo kOpInfoTable[] = {
#define SKIFF_OP(name, text, prefix, code, imm, sig, align) \
  {text, prefix, code, ImmKind::imm, sig, align},
#include "ir/opcodes.def"
#undef SKIFF_OP
};
extern constexpr OpInfo kInvalidOpInfo = {"<invalid>", 0, 0, ImmKind::None, "*", 0};
}  // namespace detail

namespace {

constexpr const auto& kInfos = detail::kOpInfoTable;
static_assert(std::size(kInfos) == kOpCount);
static_assert(kOpCount < 0xFFFF, "op indices are stored as uint16_t");

constexpr uint16_t kNone = detail::kNoOp;

// Prefix byte -> slot in the per-prefix tables (0 = single byte).
constexpr int prefix_slot(uint8_t prefix) {
  switch (prefix) {
    case 0x00: return 0;
    case 0xFB: return 1;
    case 0xFC: return 2;
    case 0xFD: return 3;
    case 0xFE: return 4;
    default: return -1;
  }
}
constexpr int kSlots = 5;

constexpr bool all_prefixes_known() {
  for (const OpInfo& i : kInfos)
    if (prefix_slot(i.prefix) < 0 || (i.prefix == 0 && i.code > 0xFF)) return false;
  return true;
}
static_assert(all_prefixes_known(), "opcodes.def: unknown prefix or single byte > 0xFF");

// One past the largest code used with each prefix.
constexpr std::array<uint32_t, kSlots> kSizes = [] {
  std::array<uint32_t, kSlots> s{};
  for (const OpInfo& i : kInfos) {
    uint32_t& n = s[prefix_slot(i.prefix)];
    if (i.code + 1 > n) n = i.code + 1;
  }
  return s;
}();

template <int Slot>
constexpr auto build_table() {
  std::array<uint16_t, Slot == 0 ? 256 : kSizes[Slot]> t{};
  for (auto& e : t) e = kNone;
  for (unsigned i = 0; i < kOpCount; ++i)
    if (prefix_slot(kInfos[i].prefix) == Slot) t[kInfos[i].code] = uint16_t(i);
  return t;
}

template <int Slot>
constexpr bool no_duplicate_encodings() {
  std::array<uint16_t, Slot == 0 ? 256 : kSizes[Slot]> seen{};
  for (const OpInfo& i : kInfos)
    if (prefix_slot(i.prefix) == Slot && seen[i.code]++) return false;
  return true;
}
static_assert(no_duplicate_encodings<0>(), "opcodes.def: duplicate single-byte opcode");
static_assert(no_duplicate_encodings<1>(), "opcodes.def: duplicate 0xFB opcode");
static_assert(no_duplicate_encodings<2>(), "opcodes.def: duplicate 0xFC opcode");
static_assert(no_duplicate_encodings<3>(), "opcodes.def: duplicate 0xFD opcode");
static_assert(no_duplicate_encodings<4>(), "opcodes.def: duplicate 0xFE opcode");

}  // namespace

namespace detail {
extern constexpr std::array<uint16_t, 256> kSingleByteOps = build_table<0>();
}  // namespace detail

namespace {

constexpr auto kFB = build_table<1>();
constexpr auto kFC = build_table<2>();
constexpr auto kFD = build_table<3>();
constexpr auto kFE = build_table<4>();

template <typename Table>
inline bool lookup(const Table& t, uint32_t code, Op* out) {
  if (code >= t.size() || t[code] == kNone) return false;
  *out = Op(t[code]);
  return true;
}

// Up to 4 ops per text name (ref.test and ref.cast have 2, select has 2).
struct TextEntry {
  uint8_t n = 0;
  uint16_t ops[4] = {};
};

const std::unordered_map<std::string_view, TextEntry>& text_map() {
  static const std::unordered_map<std::string_view, TextEntry> map = [] {
    std::unordered_map<std::string_view, TextEntry> m;
    m.reserve(kOpCount);
    for (unsigned i = 0; i < kOpCount; ++i) {
      TextEntry& e = m[kInfos[i].text];
      if (e.n < 4) e.ops[e.n++] = uint16_t(i);
    }
    return m;
  }();
  return map;
}

}  // namespace

bool op_from_prefixed(uint8_t prefix, uint32_t code, Op* out) {
  switch (prefix) {
    case 0xFB: return lookup(kFB, code, out);
    case 0xFC: return lookup(kFC, code, out);
    case 0xFD: return lookup(kFD, code, out);
    case 0xFE: return lookup(kFE, code, out);
    default: return false;
  }
}

unsigned ops_from_text(std::string_view name, Op out[4]) {
  const auto& m = text_map();
  auto it = m.find(name);
  if (it == m.end()) return 0;
  for (unsigned k = 0; k < it->second.n; ++k) out[k] = Op(it->second.ops[k]);
  return it->second.n;
}

}  // namespace skiff::ir
