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
// Inlined frames: the compiler writes each inlined row's chain of callers into
// the row's file name (llvm/inline_chains.h: "~F0:F1@O1,...,Fn@On,", the
// innermost function, then its callers, the physical function last), so a lookup gives the innermost
// function and offset and every call it was inlined through. A frame whose pc
// lies in code inlined from g into f through h is reported as g (at the offset),
// h (at its call of g), f (at its call of h). Without a chain (an object compiled
// with SKIFF_TIER1_INLINE_CHAINS=0, a row whose chain does not parse or does not
// end in the physical function) only the innermost function is known: g at the
// offset, then f without an offset. SKIFF_TIER1_INLINE=0 keeps every function out
// of line.
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
  // A call the code was inlined through: the caller and its call's offset.
  struct Caller {
    uint32_t func_index;
    uint64_t module_offset;
  };
  struct Loc {
    uint64_t module_offset;
    uint32_t func_index;          // ~0u: unknown
    std::vector<Caller> callers;  // innermost first, the physical function last
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
    uint32_t chain;  // index into chains_, ~0u: none
  };
  std::vector<Row> rows_;  // sorted by rel
  struct Chain {
    uint32_t inner;  // the innermost function (the column may not hold it)
    std::vector<Caller> callers;
  };
  std::vector<Chain> chains_;
};

// Appends the frame of compiled-code hit `h` at `pc` (the faulting instruction,
// or a return address - 1) to `out`, with its wasm offsets when the line table
// has them (an inlined callee becomes its own frame first, see above).
void add_compiled_frame(uintptr_t pc, const CodeHit& h, std::vector<rt::TraceFrame>* out);

// The profiler's expansion of a sampled compiled frame (module identity `module`,
// physical function `func_index`, instruction `pc`): appends the function LLVM
// inlined the code at pc from, after the functions it was inlined through,
// outermost first (the same frames as add_compiled_frame, in call order). Nothing when pc no longer belongs to that module's function
// (the code map is asked again, so a stale sample names no wrong function).
void inlined_functions(const rt::CompiledModule* module, uint32_t func_index, uintptr_t pc,
                       std::vector<uint32_t>* out);

}  // namespace skiff::compiler
