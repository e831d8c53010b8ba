// `skiff inspect --details` and `--stats` (inspect_details.cc, inspect_stats.cc):
// what wasm-objdump -x and wasm-tools objdump/stats show, from the decoded module.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"

namespace skiff::cli {

// Function names for listings: the name section, else DWARF subprograms (clang -g
// modules that lost their name section), else none.
std::unordered_map<uint32_t, std::string> function_names(const ir::Module& m);

// Imports and exports with their types, data segment previews, custom sections
// (producers, target_features, name and DWARF summaries).
void print_details(const ir::Module& m, const std::vector<uint8_t>& bytes);

// Instruction histogram and function size ranking; `top` rows of each.
void print_stats(const ir::Module& m, size_t top);

}  // namespace skiff::cli
