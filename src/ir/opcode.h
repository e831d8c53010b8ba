// The one opcode table (DESIGN.md lesson 1).
//
// Every WebAssembly 3.0 instruction (plus the threads proposal's atomics and the
// legacy exception instructions) is one line of opcodes.def:
//
//   SKIFF_OP(Name, "text.name", prefix, code, Imm, "sig", align)
//
//   Name    C++ enumerator of Op (I32Add, V128Load8Lane, StructGetS, ...).
//   text    the instruction's name in the text format. A few names repeat with
//           different binary forms (ref.test / ref.cast with and without null,
//           select with and without types); the text parser picks by immediates.
//   prefix  0 for single-byte opcodes, else 0xFB (GC), 0xFC (misc), 0xFD (SIMD),
//           0xFE (threads).
//   code    the opcode byte, or the LEB128 u32 sub-opcode after a prefix.
//   Imm     the ImmKind of its immediates (below); the generic instruction reader
//           and writer (instr.h) handle every kind, so a new opcode with an existing
//           kind needs no code outside its semantics.
//   sig     the operand types for ops whose typing is fixed: "params:results" with
//           i=i32 I=i64 f=f32 F=f64 v=v128, e.g. "ii:i" for i32.add, ":i" for
//           i32.const. For memory ops the address operand is implicit and comes
//           first (deepest): i32.store is "i:" (pops value then address), whatever
//           the memory's address type. "*" means the validator types the op by hand.
//   align   log2 of the natural alignment for memory-access ops, else 0.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace skiff::ir {

enum class ImmKind : uint8_t {
  None,
  BlockType,    // block, loop, if, try
  Label,        // br, br_if, br_on_null, br_on_non_null, rethrow, delegate
  BrTable,      // vec(label) default-label
  Func,         // call, return_call, ref.func
  CallIndirect, // typeidx tableidx
  Type,         // call_ref, struct.new, array.new, array.get, ...
  Local,        // local.get/set/tee
  Global,       // global.get/set
  Table,        // table.get/set/size/grow/fill
  Tag,          // throw, catch (legacy)
  MemArg,       // loads, stores, atomics: align(+memidx flag) offset
  MemArgLane,   // v128.load8_lane ...: memarg lane-byte
  Memory,       // memory.size, memory.grow, memory.fill: memidx
  MemoryCopy,   // memidx(dst) memidx(src)
  MemoryInit,   // dataidx memidx
  Data,         // data.drop
  Elem,         // elem.drop
  TableInit,    // elemidx tableidx
  TableCopy,    // tableidx(dst) tableidx(src)
  I32,          // i32.const: sLEB32
  I64,          // i64.const: sLEB64
  F32,          // f32.const: 4 bytes
  F64,          // f64.const: 8 bytes
  V128,         // v128.const: 16 bytes
  Lane,         // extract_lane/replace_lane: one lane byte
  Shuffle,      // i8x16.shuffle: 16 lane bytes
  HeapType,     // ref.null, ref.test, ref.cast (null-ness is in the opcode)
  SelectTypes,  // select t*: vec(valtype)
  TypeField,    // struct.get/_s/_u/set: typeidx fieldidx
  TypeType,     // array.copy: typeidx(dst) typeidx(src)
  TypeData,     // array.new_data, array.init_data: typeidx dataidx
  TypeElem,     // array.new_elem, array.init_elem: typeidx elemidx
  TypeCount,    // array.new_fixed: typeidx u32
  BrOnCast,     // br_on_cast(_fail): castflags label heaptype heaptype
  TryTable,     // blocktype vec(catch)
  AtomicFence,  // atomic.fence: one reserved 0x00 byte
};

enum class Op : uint16_t {
#define SKIFF_OP(name, text, prefix, code, imm, sig, align) name,
#include "ir/opcodes.def"
#undef SKIFF_OP
  Count_
};

inline constexpr unsigned kOpCount = static_cast<unsigned>(Op::Count_);

struct OpInfo {
  std::string_view text;
  uint8_t prefix;
  uint32_t code;
  ImmKind imm;
  std::string_view sig;
  uint8_t align;
};

// The tables behind the inline lookups (opcode.cc; computed at compile time).
namespace detail {
extern const OpInfo kOpInfoTable[];
extern const OpInfo kInvalidOpInfo;
inline constexpr uint16_t kNoOp = 0xFFFF;
extern const std::array<uint16_t, 256> kSingleByteOps;  // kNoOp: no such opcode
}  // namespace detail

inline const OpInfo& op_info(Op op) {
  unsigned i = static_cast<unsigned>(op);
  return i < kOpCount ? detail::kOpInfoTable[i] : detail::kInvalidOpInfo;
}
inline std::string_view op_name(Op op) { return op_info(op).text; }

// Binary lookups: the Op for a single-byte opcode or a (prefix, sub-opcode) pair;
// returns false when no instruction has that encoding. (Once per decoded
// instruction: the single-byte one is an inline array read.)
inline bool op_from_byte(uint8_t byte, Op* out) {
  uint16_t v = detail::kSingleByteOps[byte];
  if (v == detail::kNoOp) return false;
  *out = Op(v);
  return true;
}
bool op_from_prefixed(uint8_t prefix, uint32_t code, Op* out);
inline bool is_prefix_byte(uint8_t b) { return b == 0xFB || b == 0xFC || b == 0xFD || b == 0xFE; }

// Text lookup: every Op whose text name is `name` (at most 4), in table order.
// Returns the number found.
unsigned ops_from_text(std::string_view name, Op out[4]);

}  // namespace skiff::ir
