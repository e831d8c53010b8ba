// Spellings shared by the printer's files.
#pragma once

#include <string>

#include "ir/instr.h"
#include "text/printer_names.h"

namespace skiff::text {

std::string heap_text(const NameTable& n, const ir::HeapType& h);
std::string val_text(const NameTable& n, const ir::ValType& t);
// " (result t)", " (type $t)" or "" for a block type.
std::string block_type_text(const NameTable& n, const ir::BlockType& b);

}  // namespace skiff::text
