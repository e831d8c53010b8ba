// The parts of dwarf.cc's parser (private to src/debuginfo).
#pragma once

#include <string>
#include <vector>

#include "debuginfo/dwarf.h"

namespace skiff::debuginfo {

// Every unit's named subprograms with a pc range (dwarf_info.cc).
void read_subprograms(const DwarfSections& s, std::vector<std::string>* warnings,
                      std::vector<DwarfInfo::Func>* out);

// Every line-number program of .debug_line (dwarf_line.cc): rows appended to
// `rows` (file = index into `files`, which it extends).
// `native`: machine-code addresses (keep sequences at 0 and high addresses; wasm
// producers use those as tombstones of dead code).
void read_line_programs(const DwarfSections& s, std::vector<std::string>* warnings,
                        std::vector<DwarfInfo::Row>* rows, std::vector<std::string>* files,
                        bool native = false);

}  // namespace skiff::debuginfo
