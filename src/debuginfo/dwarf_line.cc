// .debug_line: the line-number programs (DWARF 2-5), run into rows.
#include <algorithm>

#include "debuginfo/cursor.h"
#include "debuginfo/dwarf_internal.h"

namespace skiff::debuginfo {

namespace {

constexpr size_t kMaxFiles = 1 << 20;

std::string join(std::string_view dir, std::string_view name) {
  if (name.empty() || name[0] == '/' || dir.empty()) return std::string(name);
  std::string s(dir);
  if (s.back() != '/') s += '/';
  return s + std::string(name);
}

// A v5 entry-format field: the string or number it holds.
bool read_field(Cursor& c, uint64_t form, bool dwarf64, const DwarfSections& s,
                std::string_view* str, uint64_t* num) {
  const unsigned offsz = dwarf64 ? 8 : 4;
  switch (form) {
    case 0x08: *str = c.cstr(); return true;
    case 0x1f: *str = Cursor(s.line_str.data(), s.line_str.size()).str_at(c.fixed(offsz)); return true;
    case 0x0e: *str = Cursor(s.str.data(), s.str.size()).str_at(c.fixed(offsz)); return true;
    case 0x0f: *num = c.uleb(); return true;
    case 0x0b: *num = c.u8(); return true;
    case 0x05: *num = c.u16(); return true;
    case 0x06: *num = c.u32(); return true;
    case 0x07: *num = c.u64(); return true;
    case 0x1e: c.skip(16); return true;
    case 0x09: c.skip(c.uleb()); return true;
    default: return false;
  }
}

struct Program {
  uint8_t min_inst = 1;
  bool default_is_stmt = true;
  int8_t line_base = 0;
  uint8_t line_range = 1;
  uint8_t opcode_base = 1;
  std::vector<uint8_t> std_lengths;
  std::vector<uint32_t> file_map;  // program file index -> global index (~0u: none)
};

// The v5 directory or file table.
bool read_table(Cursor& c, bool dwarf64, const DwarfSections& s, const std::vector<std::string>& dirs,
                std::vector<std::string>* out, bool files) {
  uint8_t nformats = c.u8();
  std::vector<std::pair<uint64_t, uint64_t>> formats;
  for (unsigned i = 0; i < nformats; ++i) {
    uint64_t type = c.uleb(), form = c.uleb();
    formats.push_back({type, form});
  }
  uint64_t count = c.uleb();
  if (c.failed() || count > kMaxFiles) return false;
  for (uint64_t k = 0; k < count; ++k) {
    std::string_view path;
    uint64_t dir = 0;
    for (auto [type, form] : formats) {
      std::string_view sv;
      uint64_t num = 0;
      if (!read_field(c, form, dwarf64, s, &sv, &num)) return false;
      if (type == 1) path = sv;
      if (type == 2) dir = num;
    }
    if (c.failed()) return false;
    out->push_back(files && dir < dirs.size() ? join(dirs[size_t(dir)], path) : std::string(path));
  }
  return true;
}

}  // namespace

void read_line_programs(const DwarfSections& s, std::vector<std::string>* warnings,
                        std::vector<DwarfInfo::Row>* rows_out, std::vector<std::string>* files,
                        bool native) {
  Cursor all(s.line.data(), s.line.size());
  std::vector<std::vector<DwarfInfo::Row>> sequences;
  size_t units = 0;
  while (!all.at_end() && !all.failed() && units++ < 100000) {
    const size_t start = all.pos();
    auto warn = [&](const char* what) {
      warnings->push_back(".debug_line: program at " + std::to_string(start) + ": " + what);
    };
    bool dwarf64 = false;
    uint64_t len = all.u32();
    if (len == 0xffffffffu) {
      dwarf64 = true;
      len = all.u64();
    }
    Cursor c = all.sub(len);
    if (all.failed()) {
      warn("runs past the section");
      break;
    }
    Program p;
    const uint16_t version = c.u16();
    if (version < 2 || version > 5) {
      warn("unsupported version");
      continue;
    }
    uint8_t addr_size = 4;
    if (version >= 5) {
      addr_size = c.u8();
      c.u8();  // segment selector size
    }
    const uint64_t header_len = c.fixed(dwarf64 ? 8 : 4);
    const size_t program_at = c.pos() + size_t(header_len > c.left() ? c.left() : header_len);
    p.min_inst = c.u8();
    if (version >= 4) c.u8();  // maximum operations per instruction
    p.default_is_stmt = c.u8() != 0;
    p.line_base = int8_t(c.u8());
    p.line_range = c.u8();
    p.opcode_base = c.u8();
    if (c.failed() || p.line_range == 0 || p.opcode_base == 0) {
      warn("bad header");
      continue;
    }
    for (unsigned i = 1; i < p.opcode_base; ++i) p.std_lengths.push_back(c.u8());
    std::vector<std::string> dirs, names;
    bool ok = true;
    if (version >= 5) {
      ok = read_table(c, dwarf64, s, dirs, &dirs, false) && read_table(c, dwarf64, s, dirs, &names, true);
    } else {
      dirs.push_back("");  // directory 0: the compilation directory (not in the table)
      for (;;) {
        std::string_view d = c.cstr();
        if (c.failed() || d.empty()) break;
        if (dirs.size() > kMaxFiles) break;
        dirs.push_back(std::string(d));
      }
      names.push_back("");  // file 0 does not exist before DWARF 5
      for (;;) {
        std::string_view n = c.cstr();
        if (c.failed() || n.empty()) break;
        uint64_t dir = c.uleb();
        c.uleb();
        c.uleb();
        if (names.size() > kMaxFiles) break;
        names.push_back(dir < dirs.size() ? join(dirs[size_t(dir)], n) : std::string(n));
      }
    }
    if (!ok || c.failed()) {
      warn("bad directory or file table");
      continue;
    }
    const uint32_t file_base = uint32_t(files->size());
    for (std::string& n : names) files->push_back(std::move(n));
    const uint32_t nfiles = uint32_t(files->size()) - file_base;
    c.seek(program_at);

    // The state machine.
    uint64_t addr = 0;
    uint64_t file = 1, line = 1, column = 0;
    std::vector<DwarfInfo::Row> seq;
    auto emit = [&](bool end) {
      uint32_t f = file < nfiles ? file_base + uint32_t(file) : ~0u;
      seq.push_back({addr, f, uint32_t(line), uint32_t(column), end});
      if (end) {
        if (!seq.empty() && (native || (seq.front().addr != 0 && seq.front().addr < 0xfffffff0u)))
          sequences.push_back(std::move(seq));
        seq.clear();
        addr = 0;
        file = 1;
        line = 1;
        column = 0;
      }
    };
    size_t steps = 0;
    while (!c.at_end() && !c.failed() && steps++ < 100'000'000) {
      const uint8_t op = c.u8();
      if (op >= p.opcode_base) {
        const unsigned adj = op - p.opcode_base;
        addr += uint64_t(adj / p.line_range) * p.min_inst;
        line += uint64_t(int64_t(p.line_base) + int64_t(adj % p.line_range));
        emit(false);
        continue;
      }
      switch (op) {
        case 0: {
          const uint64_t n = c.uleb();
          Cursor e = c.sub(n);
          const uint8_t sub = e.u8();
          if (sub == 1) emit(true);
          else if (sub == 2) addr = e.fixed(n - 1 <= 8 ? unsigned(n - 1) : addr_size);
          break;
        }
        case 1: emit(false); break;
        case 2: addr += c.uleb() * p.min_inst; break;
        case 3: line += uint64_t(c.sleb()); break;
        case 4: file = c.uleb(); break;
        case 5: column = c.uleb(); break;
        case 6: case 7: case 10: case 11: break;
        case 8: addr += uint64_t((255 - p.opcode_base) / p.line_range) * p.min_inst; break;
        case 9: addr += c.u16(); break;
        default:
          for (unsigned i = 0; op - 1u < p.std_lengths.size() && i < p.std_lengths[op - 1u]; ++i) c.uleb();
          break;
      }
    }
    if (c.failed()) warn("truncated program");
  }
  std::sort(sequences.begin(), sequences.end(),
            [](const auto& a, const auto& b) { return a.front().addr < b.front().addr; });
  for (auto& sq : sequences) {
    // Rows of one sequence are in address order by construction; keep it sorted if
    // a producer did otherwise.
    std::stable_sort(sq.begin(), sq.end(), [](const DwarfInfo::Row& a, const DwarfInfo::Row& b) {
      return a.addr < b.addr;
    });
    for (const DwarfInfo::Row& r : sq) rows_out->push_back(r);
  }
}

std::vector<NativeLineRow> native_line_rows(std::span<const uint8_t> debug_line,
                                            std::vector<std::string>* files_out) {
  DwarfSections s;
  s.line = debug_line;
  std::vector<std::string> warnings, files;
  std::vector<DwarfInfo::Row> rows;
  read_line_programs(s, &warnings, &rows, &files, /*native=*/true);
  std::vector<NativeLineRow> out;
  out.reserve(rows.size());
  for (const DwarfInfo::Row& r : rows)
    out.push_back({r.addr, r.line, r.column, r.end_sequence, r.file < files.size() ? r.file : ~0u});
  if (files_out) *files_out = std::move(files);
  return out;
}

}  // namespace skiff::debuginfo
