#include "debuginfo/dwarf.h"

#include <algorithm>

#include "debuginfo/dwarf_internal.h"
#include "ir/module.h"

namespace skiff::debuginfo {

DwarfInfo DwarfInfo::parse(const DwarfSections& s) {
  DwarfInfo d;
  if (!s.line.empty()) read_line_programs(s, &d.warnings_, &d.rows_, &d.files_);
  if (!s.info.empty()) read_subprograms(s, &d.warnings_, &d.funcs_);
  std::sort(d.funcs_.begin(), d.funcs_.end(), [](const Func& a, const Func& b) {
    return a.low != b.low ? a.low < b.low : a.high > b.high;
  });
  return d;
}

DwarfSections DwarfInfo::sections_of(const ir::Module& m) {
  DwarfSections s;
  for (const ir::CustomSection& c : m.customs) {
    std::span<const uint8_t> b(c.bytes.data(), c.bytes.size());
    if (c.name == ".debug_info") s.info = b;
    else if (c.name == ".debug_abbrev") s.abbrev = b;
    else if (c.name == ".debug_line") s.line = b;
    else if (c.name == ".debug_str") s.str = b;
    else if (c.name == ".debug_line_str") s.line_str = b;
    else if (c.name == ".debug_str_offsets") s.str_offsets = b;
    else if (c.name == ".debug_addr") s.addr = b;
  }
  return s;
}

std::optional<SourceLoc> DwarfInfo::line_at(uint64_t addr) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), addr,
                             [](uint64_t a, const Row& r) { return a < r.addr; });
  if (it == rows_.begin()) return std::nullopt;
  const Row& r = *(it - 1);
  if (r.end_sequence || r.line == 0) return std::nullopt;
  SourceLoc loc;
  if (r.file < files_.size()) loc.file = files_[r.file];
  loc.line = r.line;
  loc.column = r.column;
  return loc;
}

std::string_view DwarfInfo::function_at(uint64_t addr) const {
  // The last function starting at or before addr that still covers it (nested
  // ranges are rare for subprograms; look back a little for one).
  auto it = std::upper_bound(funcs_.begin(), funcs_.end(), addr,
                             [](uint64_t a, const Func& f) { return a < f.low; });
  for (int k = 0; k < 8 && it != funcs_.begin(); ++k) {
    --it;
    if (addr < it->high) return it->name;
  }
  return {};
}

std::string_view DwarfInfo::function_starting_at(uint64_t addr) const {
  auto it = std::lower_bound(funcs_.begin(), funcs_.end(), addr,
                             [](const Func& f, uint64_t a) { return f.low < a; });
  if (it != funcs_.end() && it->low == addr) return it->name;
  return {};
}

namespace {
unsigned leb_len(uint64_t v) {
  unsigned n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}
}  // namespace

CodeOffsets CodeOffsets::of(const ir::Module& m) {
  CodeOffsets o;
  if (m.funcs.empty()) return o;
  const ir::Expr& b = m.funcs[0].body;
  if (b.entry_offset < 0 || b.offset < b.entry_offset) return o;
  const uint64_t entry_size = uint64_t(b.offset - b.entry_offset) + b.bytes.size();
  const int64_t start = b.entry_offset - int64_t(leb_len(entry_size)) - int64_t(leb_len(m.funcs.size()));
  if (start > 0) o.code_start = start;
  return o;
}

}  // namespace skiff::debuginfo
