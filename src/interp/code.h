// The interpreter's internal code format (tier 0).
//
// A function is translated once (translate.h) into a Code: an 8-byte-aligned array
// of instructions, run by the direct-threaded loop of exec.cc.
//
// Instruction layout
//   word 0      the handler's address (direct threading: dispatch is one load and
//               one indirect jump; the op's enum is recovered only for disassembly)
//   then        the operands, 32-bit fields, padded to a multiple of 8 bytes:
//                 slot    a frame offset in bytes (fp + slot)
//                 imm     an immediate (64-bit immediates take two fields, lo first;
//                         v128 immediates four)
//                 target  a signed byte offset from the start of this instruction
//                 index   a function / global / table / memory / tag / type index
//                         (module-relative, resolved through the running instance)
//   Field counts are fixed per op (kOpInfo[op].fields), except br_table whose
//   fields are [index slot, n, target * (n + 1)].
//
// Frames
//   A frame is [params][locals][operand temporaries][hidden slots]: every value
//   takes 8 bytes, a v128 16 (slots are 8-aligned; accesses use memcpy). The
//   operand at stack height h has a fixed slot for the whole function given the
//   types below it, so instructions name their operands and results by slot
//   ("register style": i32.add s40, s8, s16). local.get emits nothing (the operand
//   aliases the local's slot), constants are folded into immediates where an op
//   has an immediate form, and results are written straight into a local when a
//   local.set follows.
//   Calls: the caller leaves the arguments in consecutive slots at the top of its
//   frame; the callee's frame starts there (no copy) and its results come back in
//   the same place (the callee's slots 0..). Tail calls move the arguments down to
//   slot 0 and jump.
//   Hidden slots hold the caught exception of a legacy catch (for rethrow).
//
// Control
//   Branches carry resolved targets. A branch that carries values is preceded by
//   moves into the target label's slots (only where source and target differ).
//   Exception handlers are not instructions: Code::regions lists the try /
//   try_table ranges with their catch clauses; throw unwinds through them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ir/types.h"

namespace skiff::interp {

enum class IOp : uint16_t {
#define IOP(name, text, layout) name,
#include "interp/iops.def"
#undef IOP
  Count_
};

struct IOpInfo {
  const char* text;
  uint8_t fields;
  const char* layout;  // one letter per field: its kind (iops.def)
};
extern const IOpInfo kOpInfo[];

constexpr uint32_t kOpHeader = 8;
// Bytes taken by an instruction with `fields` 32-bit fields.
constexpr uint32_t instr_bytes(uint32_t fields) { return (kOpHeader + 4 * fields + 7) & ~7u; }

// One catch clause of a handler region.
struct CatchInfo {
  enum Kind : uint8_t { Tag, TagRef, All, AllRef };
  Kind kind = All;
  uint32_t tag = 0;       // module tag index (Tag / TagRef)
  uint32_t dst = 0;       // slot of the first payload value (then the exnref for *Ref)
  uint32_t target = 0;    // code offset to continue at
  uint32_t exn_slot = 0;  // legacy catch: hidden slot receiving the exnref, else ~0u
};

// A try or try_table body: code offsets [begin, end), innermost regions last.
struct Region {
  uint32_t begin = 0;
  uint32_t end = 0;
  int32_t parent = -1;    // enclosing region (index), -1 = the function
  // Legacy `try ... delegate l`: exceptions go on to region `delegate_to` (may be
  // -1 = the caller) instead of this region's parent.
  bool delegate = false;
  int32_t delegate_to = -1;
  std::vector<CatchInfo> catches;
};

// Stack maps (checkpoints, issue 17): which frame slots hold a reference at a
// safepoint. Built only when TranslateOptions::stack_maps asks (the checkpoint
// writer and reader translate a frame's function again with it): ordinary code
// carries none, and the maps change nothing in the instructions.
struct RefSlot {
  uint32_t slot = 0;  // frame offset (8 bytes: a rt::Ref)
  ir::ValType type;   // static type (module type indices), from the validator
};
struct Safepoint {
  enum Kind : uint8_t {
    Check,  // a function entry's or loop header's `check`
    Call,   // call / call_indirect / call_ref: a caller waits here, or a host call returned
  };
  uint32_t pc = 0;  // where the frame continues: just past the check or call
  Kind kind = Check;
  uint32_t args = 0;  // Call: the callee's frame offset (its arguments' first slot)
  // Into StackMaps::refs: [first, first + live) are live at `pc` in any case (operand
  // slots below a call's arguments, loop parameters and the values below them,
  // caught exceptions of enclosing legacy catches); [first + live, first + live +
  // results) are a Call's reference results, live only once the call returned (a
  // host call's return, where the running frame stops).
  uint32_t first = 0;
  uint32_t live = 0;
  uint32_t results = 0;
};
struct StackMaps {
  std::vector<Safepoint> points;  // by increasing pc
  std::vector<RefSlot> refs;
  // The safepoint at `pc`, or null.
  const Safepoint* find(uint32_t pc) const {
    size_t lo = 0, hi = points.size();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (points[mid].pc < pc) lo = mid + 1;
      else hi = mid;
    }
    return lo < points.size() && points[lo].pc == pc ? &points[lo] : nullptr;
  }
};

struct Code {
  std::vector<uint64_t> words;  // the instructions (8-byte aligned)
  uint32_t frame_bytes = 0;     // slots needed, params included
  uint32_t param_bytes = 0;
  uint32_t locals_end = 0;      // [param_bytes, locals_end): zeroed on entry
  uint32_t result_bytes = 0;
  uint32_t func_index = 0;
  std::vector<Region> regions;
  // Source map (src_map.cc): for each run of internal code, the byte offset of the
  // wasm instruction it came from, relative to the body's first instruction
  // (ir::Expr::offset). Pairs (code position / 8, wasm offset) as deltas in LEB128,
  // both increasing; read only when a trap's backtrace is made.
  std::vector<uint8_t> src_map;
  // Only with TranslateOptions::stack_maps (not cached, not serialized).
  StackMaps stack_maps;

  // The wasm offset (relative, as above) of the instruction holding code position
  // `pos`, or kNoWasmOffset.
  static constexpr uint32_t kNoWasmOffset = ~0u;
  uint32_t wasm_offset_at(uint32_t pos) const;

  const uint8_t* begin() const { return reinterpret_cast<const uint8_t*>(words.data()); }
  // Where a wasm caller enters: past `enter`, whose work the call does inline.
  const uint8_t* body() const { return begin() + instr_bytes(3); }
  uint32_t size_bytes() const { return uint32_t(words.size() * 8); }
};

// The compact form of a source map given as increasing (code position, wasm offset)
// pairs; code positions are multiples of 8.
std::vector<uint8_t> encode_src_map(const std::vector<std::pair<uint32_t, uint32_t>>& pairs);
// False when `map` is not a well-formed source map for `code_bytes` of code.
bool check_src_map(const std::vector<uint8_t>& map, uint32_t code_bytes);

// Bytes a value of type t takes in a frame.
inline uint32_t slot_bytes(const ir::ValType& t) { return t.kind == ir::ValKind::V128 ? 16 : 8; }

}  // namespace skiff::interp
