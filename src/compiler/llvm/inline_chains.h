// Inlining chains in the tier-1 line table (inline_chains.cc).
//
// .debug_line holds one location per address. After LLVM's inliner that is the
// innermost one (line = wasm offset + 1, column = function index + 1, emitter.cc
// set_loc); the calls it was inlined through (the DILocation's inlinedAt chain)
// are not written. flatten_inline_chains, run after optimisation and before code
// generation, moves each inlined instruction's chain into its row's file: the
// location becomes (same line, same column, no inlinedAt) in a DILexicalBlockFile
// of the physical function whose file name is the chain,
//   "~F0:F1@O1,F2@O2,...,Fn@On,"
// F0 the innermost function's index (the column holds it too, but only below
// 0xfffe), then each caller's function index and the module offset of its call
// instruction, innermost caller first, the physical function last. Function
// indices come from the DISubprograms' names (f<i>, o<i>: defined function i). DWARF 4 keeps file names in
// .debug_line itself, so the runtime reads no other section (line_table.cc
// decodes them). Debug locations do not steer code generation; only the rows
// change (a new row where the chain changes). SKIFF_TIER1_INLINE_CHAINS=0 leaves
// the locations alone (innermost function only).
#pragma once

#include <cstdint>

namespace llvm {
class Module;
}

namespace skiff::compiler {

// num_imported: the module's imported functions (LLVM function f<i> is wasm
// function num_imported + i).
void flatten_inline_chains(llvm::Module& mod, uint32_t num_imported);

}  // namespace skiff::compiler
