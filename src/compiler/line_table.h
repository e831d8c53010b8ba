// Wasm offsets of compiled frames: the tier-1 line table.
//
// The emitter gives every LLVM instruction a DebugLoc whose line is the wasm
// instruction's module offset + 1 and whose column is the function index + 1
// (emitter.cc set_loc), so LLVM writes a native .debug_line into the object. The
// loader (object_loader.cc) keeps that section with its address relocations
// applied as offsets from the mapping's start, and registers a LineTable for the
// mapping's code range here; it unregisters it before unmapping. A lookup gives
// the innermost location of a pc: its function index says whether LLVM inlined
// that code from another function.
//
// Inlined frames: only the innermost one is known (line tables record one
// location per address). A frame whose pc lies in code inlined from function g
// into f is reported as two frames: g at the offset, then f without an offset;
// deeper inlining chains are folded into those two (SKIFF_TIER1_INLINE=0 keeps
// every function out of line: exact lists).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "compiler/code_map.h"

namespace skiff::compiler {

class LineTable {
 public:
  struct Loc {
    uint64_t module_offset;
    uint32_t func_index;  // ~0u: unknown
  };
  // From a relocated .debug_line whose addresses count from the mapping's start
  // (malformed programs are skipped; an empty table when nothing parses).
  static std::shared_ptr<const LineTable> parse(std::span<const uint8_t> debug_line);
  // The location of mapping offset `rel`, if a row covers it.
  std::optional<Loc> at(uint64_t rel) const;
  size_t size() const { return rows_.size(); }

  // The process-wide registry by code range (the loader's calls).
  static uint64_t add(uintptr_t begin, uintptr_t end, uintptr_t base, std::shared_ptr<const LineTable> t);
  static void remove(uint64_t token);
  // The location of pc in registered code.
  static std::optional<Loc> lookup(uintptr_t pc);

 private:
  struct Row {
    uint64_t rel;
    uint32_t line;  // 0: no location (ends a sequence)
    uint32_t column;
  };
  std::vector<Row> rows_;  // sorted by rel
};

// Appends the frame of compiled-code hit `h` at `pc` (the faulting instruction,
// or a return address - 1) to `out`, with its wasm offsets when the line table
// has them (an inlined callee becomes its own frame first, see above).
void add_compiled_frame(uintptr_t pc, const CodeHit& h, std::vector<rt::TraceFrame>* out);

// The profiler's expansion of a sampled compiled frame (module identity `module`,
// physical function `func_index`, instruction `pc`): appends the function LLVM
// inlined the code at pc from, when it is another one (the same one-level rule as
// add_compiled_frame). Nothing when pc no longer belongs to that module's function
// (the code map is asked again, so a stale sample names no wrong function).
void inlined_functions(const rt::CompiledModule* module, uint32_t func_index, uintptr_t pc,
                       std::vector<uint32_t>* out);

}  // namespace skiff::compiler
