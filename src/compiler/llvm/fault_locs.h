// Line-table locations of instructions that can fault on a guard page
// (fault_locs.cc).
//
// A guard-page fault is mapped to a wasm offset through the faulting pc's row in
// .debug_line (line_table.h), i.e. the DebugLoc of the machine instruction that
// touched the page. Instruction selection folds a load into its user (x86:
// `add (mem), reg`, `cmp (mem), imm`, `cvtss2sd (mem)`, `vpbroadcastd (mem)`,
// cmov ...; volatile loads too) and the folded instruction keeps the user's
// DebugLoc, so the fault named the user's wasm instruction (issue 14: the i32.add
// after an i32.load). pin_fault_locations, run after optimisation and before code
// generation, gives each load that can fault (volatile or atomic, not from a
// local's alloca) its location on the users it may be folded into: its single
// user in the same block when that user neither calls nor touches memory (a
// call's location is its frame's return-address offset; a store's is its own
// fault's), and on through single-use casts, insertelement and shufflevector
// (splat loads fold into the shuffle). Locations do not steer code generation:
// the object's code is unchanged, only rows move. A user that is not folded then
// maps to the load's offset too: nothing but a load or store faults, and traps
// name their offset explicitly (the trap libcall's argument), so only a profile
// sample on that instruction moves to the load next to it. Read-modify-write:
// `store (op (load p), x), p` becomes one instruction (`add reg, (mem)`) with the
// store's location that faults on its read; the store, which cannot fault where
// its load did not (same bytes), takes the load's location.
//
// Selects: x86 folds a load operand of a select into `cmov (mem)`, and LLVM 19's
// cmov converter (X86CmovConversion) may then turn that cmov into a branch with
// the load in one arm only, volatile or not: the access (and its trap) was skipped
// when the other value was selected, and the load, now alone, had line 0. A load
// feeding a select's value operand goes through a `freeze` (a register copy in
// codegen), which ISel cannot fold: the load runs unconditionally in its own
// instruction and row, the cmov takes a register. (Done with or without the line
// table: SKIFF_TIER1_LINES=0 leaves the locations alone, not the freezes.)
#pragma once

namespace llvm {
class Module;
}

namespace skiff::compiler {

void pin_fault_locations(llvm::Module& mod);

}  // namespace skiff::compiler
