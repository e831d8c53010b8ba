// skiff inspect --details: the module section by section, with the contents of
// the custom sections Skiff understands.
#include <cinttypes>
#include <cstdio>

#include "debuginfo/dwarf.h"
#include "inspect_report.h"
#include "support/bytes.h"

namespace skiff::cli {

namespace {

std::string func_sig(const ir::Module& m, uint32_t type_index) {
  if (type_index >= m.types.size() || m.types[type_index].comp.kind != ir::CompKind::Func)
    return "(type " + std::to_string(type_index) + ")";
  const ir::FuncType& f = m.types[type_index].comp.func;
  std::string s = "(";
  for (size_t i = 0; i < f.params.size(); ++i) s += (i ? ", " : "") + ir::to_string(f.params[i]);
  s += ") -> (";
  for (size_t i = 0; i < f.results.size(); ++i) s += (i ? ", " : "") + ir::to_string(f.results[i]);
  return s + ")";
}

std::string limits(const ir::Limits& l) {
  std::string s = (l.is64 ? "i64 " : "") + std::string("min=") + std::to_string(l.min);
  if (l.max) s += " max=" + std::to_string(*l.max);
  if (l.shared) s += " shared";
  return s;
}

// Up to `n` bytes as a C-like string literal.
std::string preview(const std::vector<uint8_t>& b, size_t n) {
  std::string s = "\"";
  for (size_t i = 0; i < b.size() && i < n; ++i) {
    uint8_t c = b[i];
    if (c == '"' || c == '\\') {
      s += '\\';
      s += char(c);
    } else if (c >= 0x20 && c < 0x7f) {
      s += char(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%02x", c);
      s += buf;
    }
  }
  s += "\"";
  if (b.size() > n) s += "...";
  return s;
}

// The value of an i32.const / i64.const offset expression, else its text.
std::string offset_text(const ir::Expr& e) {
  Reader r(e.bytes.data(), e.bytes.size());
  auto op = r.u8();
  if (op.ok() && (*op == 0x41 || *op == 0x42)) {
    uint64_t v = 0;
    bool ok = false;
    if (*op == 0x41) {
      auto x = r.s32();
      if ((ok = x.ok())) v = uint32_t(*x);
    } else {
      auto x = r.s64();
      if ((ok = x.ok())) v = uint64_t(*x);
    }
    if (ok) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
      return buf;
    }
  }
  if (op.ok() && *op == 0x23) {
    auto g = r.u32();
    if (g.ok()) return "global.get " + std::to_string(*g);
  }
  return "<expr>";
}

void print_producers(const std::vector<uint8_t>& b) {
  Reader r(b.data(), b.size());
  auto n = r.u32();
  if (!n.ok()) {
    std::printf("    <malformed>\n");
    return;
  }
  for (uint32_t i = 0; i < *n && i < 64; ++i) {
    auto field = r.name();
    auto count = r.u32();
    if (!field.ok() || !count.ok()) {
      std::printf("    <malformed>\n");
      return;
    }
    std::printf("    %s:", field->c_str());
    for (uint32_t k = 0; k < *count && k < 256; ++k) {
      auto name = r.name();
      auto ver = r.name();
      if (!name.ok() || !ver.ok()) {
        std::printf(" <malformed>\n");
        return;
      }
      std::printf("%s %s%s%s", k ? "," : "", name->c_str(), ver->empty() ? "" : " ", ver->c_str());
    }
    std::printf("\n");
  }
}

void print_features(const std::vector<uint8_t>& b) {
  Reader r(b.data(), b.size());
  auto n = r.u32();
  if (!n.ok()) {
    std::printf("    <malformed>\n");
    return;
  }
  std::string line;
  for (uint32_t i = 0; i < *n && i < 256; ++i) {
    auto prefix = r.u8();
    auto name = r.name();
    if (!prefix.ok() || !name.ok()) {
      std::printf("    <malformed>\n");
      return;
    }
    line += (i ? " " : "") + std::string(1, char(*prefix)) + *name;
  }
  std::printf("    %s\n", line.c_str());
}

}  // namespace

std::unordered_map<uint32_t, std::string> function_names(const ir::Module& m) {
  std::unordered_map<uint32_t, std::string> names;
  for (const ir::NameAssoc& a : m.names.funcs) names.emplace(a.index, a.name);
  debuginfo::DwarfSections s = debuginfo::DwarfInfo::sections_of(m);
  if (s.info.empty()) return names;
  debuginfo::DwarfInfo d = debuginfo::DwarfInfo::parse(s);
  const int64_t code = debuginfo::CodeOffsets::of(m).code_start;
  if (code < 0) return names;
  for (size_t i = 0; i < m.funcs.size(); ++i) {
    const uint32_t index = m.num_imported_funcs + uint32_t(i);
    const int64_t entry = m.funcs[i].body.entry_offset;
    if (names.count(index) || entry < code) continue;
    std::string_view n = d.function_starting_at(uint64_t(entry - code));
    if (!n.empty()) names.emplace(index, std::string(n));
  }
  return names;
}

void print_details(const ir::Module& m, const std::vector<uint8_t>& bytes) {
  (void)bytes;
  auto names = function_names(m);
  std::printf("Details:\n");
  std::printf("  Imports (%zu):\n", m.imports.size());
  uint32_t fi = 0;
  for (const ir::Import& im : m.imports) {
    std::printf("    %s.%s: ", im.module.c_str(), im.name.c_str());
    switch (im.kind) {
      case ir::ExternKind::Func:
        std::printf("func[%u] %s\n", fi++, func_sig(m, im.func_type).c_str());
        break;
      case ir::ExternKind::Table:
        std::printf("table %s %s\n", ir::to_string(im.table.elem).c_str(), limits(im.table.limits).c_str());
        break;
      case ir::ExternKind::Memory: std::printf("memory %s\n", limits(im.memory.limits).c_str()); break;
      case ir::ExternKind::Global:
        std::printf("global %s%s\n", im.global.mut ? "mut " : "", ir::to_string(im.global.type).c_str());
        break;
      case ir::ExternKind::Tag: std::printf("tag %s\n", func_sig(m, im.tag.type_index).c_str()); break;
    }
  }
  std::printf("  Exports (%zu):\n", m.exports.size());
  for (const ir::Export& e : m.exports) {
    std::printf("    \"%s\": %s[%u]", e.name.c_str(), ir::to_string(e.kind), e.index);
    if (e.kind == ir::ExternKind::Func && e.index < m.num_funcs()) {
      auto it = names.find(e.index);
      if (it != names.end()) std::printf(" <%s>", it->second.c_str());
      std::printf(" %s", func_sig(m, m.func_type_index(e.index)).c_str());
    }
    std::printf("\n");
  }
  std::printf("  Data segments (%zu):\n", m.datas.size());
  uint64_t data_bytes = 0;
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const ir::DataSegment& d = m.datas[i];
    data_bytes += d.bytes.size();
    if (d.mode == ir::SegmentMode::Active)
      std::printf("    [%zu] memory=%u offset=%s size=%zu %s\n", i, d.memory, offset_text(d.offset).c_str(),
                  d.bytes.size(), preview(d.bytes, 32).c_str());
    else
      std::printf("    [%zu] passive size=%zu %s\n", i, d.bytes.size(), preview(d.bytes, 32).c_str());
  }
  if (!m.datas.empty()) std::printf("    total %" PRIu64 " bytes\n", data_bytes);
  std::printf("  Element segments (%zu):\n", m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ir::ElemSegment& e = m.elems[i];
    const char* mode = e.mode == ir::SegmentMode::Active    ? "active"
                       : e.mode == ir::SegmentMode::Passive ? "passive"
                                                            : "declarative";
    std::printf("    [%zu] %s", i, mode);
    if (e.mode == ir::SegmentMode::Active) std::printf(" table=%u offset=%s", e.table, offset_text(e.offset).c_str());
    std::printf(" %s x %zu\n", ir::to_string(e.type).c_str(), e.items.size());
  }
  std::printf("  Custom sections (%zu%s):\n", m.customs.size() + (m.has_name_section ? 1 : 0),
              m.has_name_section ? " with \"name\"" : "");
  if (m.has_name_section) {
    std::printf("    \"name\": module=%s functions=%zu locals=%zu globals=%zu data=%zu\n",
                m.names.module ? ("\"" + *m.names.module + "\"").c_str() : "-", m.names.funcs.size(),
                m.names.locals.size(), m.names.globals.size(), m.names.datas.size());
  }
  bool dwarf = false;
  for (const ir::CustomSection& c : m.customs) {
    std::printf("    \"%s\": %zu bytes\n", c.name.c_str(), c.bytes.size());
    if (c.name == "producers") print_producers(c.bytes);
    else if (c.name == "target_features") print_features(c.bytes);
    if (c.name.rfind(".debug_", 0) == 0) dwarf = true;
  }
  if (dwarf) {
    debuginfo::DwarfInfo d = debuginfo::DwarfInfo::parse(debuginfo::DwarfInfo::sections_of(m));
    std::printf("  DWARF: %zu subprograms with code, %zu line rows%s\n", d.function_count(), d.line_rows(),
                d.warnings().empty() ? "" : (", " + std::to_string(d.warnings().size()) + " warnings").c_str());
  }
}

}  // namespace skiff::cli
