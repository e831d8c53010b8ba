// One decoded instruction, and the generic reader/writer of the binary form.
//
// read_instr() decodes any instruction of the opcode table by its ImmKind;
// write_instr() encodes it canonically. The function-body decoder, the
// printer and the text parser all go through these two, so the encoding of
// immediates is written exactly once. Types inside immediates (block types,
// heap types, select types) are decoded but not checked against the module:
// that is the validator's job.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/opcode.h"
#include "ir/types.h"
#include "support/bytes.h"

namespace skiff::ir {

struct BlockType {
  enum Kind : uint8_t { Empty, Value, Index } kind = Empty;
  ValType value;       // kind == Value
  uint32_t index = 0;  // kind == Index: a function type index
  friend bool operator==(const BlockType&, const BlockType&) = default;
};

struct MemArg {
  uint32_t align = 0;  // log2
  uint32_t memory = 0;
  uint64_t offset = 0;
};

// try_table catch clauses.
enum class CatchKind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
struct CatchClause {
  CatchKind kind = CatchKind::Catch;
  uint32_t tag = 0;  // Catch / CatchRef
  uint32_t label = 0;
};

struct Instr {
  Op op = Op::Count_;
  // Generic index immediates; meaning by ImmKind (see opcode.h):
  //   a: label / func / type / local / global / table / tag / memory / data / elem /
  //      dst index / lane / count;  b: second index (table of call_indirect,
  //      field, src index, data/elem of array.*_data/_elem, memory of memory.init).
  uint32_t a = 0;
  uint32_t b = 0;
  MemArg mem;           // MemArg, MemArgLane (lane in `a`)
  uint64_t bits = 0;    // I32/I64 (two's complement, zero-extended for I32), F32/F64 bits
  uint8_t v128[16] = {};  // V128 constant, Shuffle lanes
  BlockType block;      // BlockType, TryTable
  HeapType heap;        // HeapType; BrOnCast: source heap type
  HeapType heap2;       // BrOnCast: target heap type
  uint8_t cast_flags = 0;  // BrOnCast: bit0 = source nullable, bit1 = target nullable
  std::vector<uint32_t> labels;        // BrTable: targets (default in `a`)
  std::vector<ValType> types;          // SelectTypes
  std::vector<CatchClause> catches;    // TryTable
};

// Value types, heap types and block types in binary form (shared with the decoder).
Result<ValType> read_val_type(Reader& r);
Result<ValType> read_storage_type(Reader& r);  // also i8 / i16
Result<HeapType> read_heap_type(Reader& r);
Result<BlockType> read_block_type(Reader& r);
void write_val_type(Writer& w, const ValType& t);
void write_heap_type(Writer& w, const HeapType& h);
void write_block_type(Writer& w, const BlockType& b);

// Decodes the instruction at r (opcode and immediates) into *out.
// Errors: "illegal opcode" / "unexpected end" / LEB errors, at the byte offset.
Status read_instr(Reader& r, Instr* out);

// Encodes `in` canonically (shortest LEBs) onto w.
void write_instr(Writer& w, const Instr& in);

}  // namespace skiff::ir
