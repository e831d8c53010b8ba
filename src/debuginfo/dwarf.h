// Source-level lookups from a wasm module's DWARF custom sections (.debug_info,
// .debug_abbrev, .debug_line, .debug_str, .debug_line_str, .debug_str_offsets,
// .debug_addr), DWARF 2-5, 32-bit DWARF with 4- or 8-byte addresses.
//
// Addresses in wasm DWARF are byte offsets from the start of the Code section's
// contents (after its id and size); CodeOffsets converts module offsets.
//
// What is read: every line-number program (rows sorted per sequence), and every
// DW_TAG_subprogram with a pc range and a name (its own, its linkage name, or the
// one of the DIE its DW_AT_specification / DW_AT_abstract_origin names). Inlined
// frames are not expanded. Robustness: every read is bounds-checked (cursor.h); a
// unit that does not parse is skipped with its error kept in `warnings`, so a
// hostile or truncated section costs lookups, never a crash. Sizes are capped.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace skiff::ir {
struct Module;
}

namespace skiff::debuginfo {

struct DwarfSections {
  std::span<const uint8_t> info, abbrev, line, str, line_str, str_offsets, addr;
  bool empty() const { return info.empty() && line.empty(); }
};

struct SourceLoc {
  std::string file;  // as the producer wrote it (directory joined when relative)
  uint32_t line = 0;
  uint32_t column = 0;
};

class DwarfInfo {
 public:
  // Parses what it can; never fails (see warnings()).
  static DwarfInfo parse(const DwarfSections& s);
  // The sections of a decoded module (empty when it has none).
  static DwarfSections sections_of(const ir::Module& m);

  // The source line of code offset `addr` (Code-section relative).
  std::optional<SourceLoc> line_at(uint64_t addr) const;
  // The name of the subprogram whose range holds `addr` (innermost), or empty.
  std::string_view function_at(uint64_t addr) const;
  // The name of the subprogram starting exactly at `addr`, or empty.
  std::string_view function_starting_at(uint64_t addr) const;

  bool has_lines() const { return !rows_.empty(); }
  bool has_functions() const { return !funcs_.empty(); }
  size_t line_rows() const { return rows_.size(); }
  size_t function_count() const { return funcs_.size(); }
  const std::vector<std::string>& warnings() const { return warnings_; }

  struct Row {
    uint64_t addr;
    uint32_t file;  // index into files_
    uint32_t line;
    uint32_t column;
    bool end_sequence;
  };
  struct Func {
    uint64_t low, high;
    std::string name;
  };

 private:
  friend struct DwarfParser;
  std::vector<Row> rows_;           // sorted by address; sequence ends marked
  std::vector<std::string> files_;  // all units' file names, joined paths
  std::vector<Func> funcs_;         // sorted by low
  std::vector<std::string> warnings_;
};

// The rows of a native object's .debug_line (e.g. tier-1 machine code, its
// addresses already relocated by the caller): every sequence, sorted by address,
// end-of-sequence rows marked. Malformed programs are skipped (as parse() does).
struct NativeLineRow {
  uint64_t addr;
  uint32_t line;
  uint32_t column;
  bool end_sequence;
  uint32_t file = ~0u;  // index into *files of native_line_rows (~0u: none)
};
// `files` (optional) receives every program's file names (joined with their
// directory), indexed by NativeLineRow::file.
std::vector<NativeLineRow> native_line_rows(std::span<const uint8_t> debug_line,
                                            std::vector<std::string>* files = nullptr);

// Offsets between the module binary and DWARF's code addresses.
struct CodeOffsets {
  // Where the Code section's contents start in the binary; -1 when unknown.
  int64_t code_start = -1;
  // From a decoded module: derived from its first function's code entry (the
  // entry's size LEB and the function count are re-encoded minimally, as LLVM does
  // for linked modules).
  static CodeOffsets of(const ir::Module& m);
};

}  // namespace skiff::debuginfo
