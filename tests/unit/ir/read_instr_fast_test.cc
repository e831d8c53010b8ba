// ir::read_instr_fast must agree with ir::read_instr on everything it accepts (same
// fields, same bytes consumed), and consume nothing when it declines.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "ir/instr.h"
#include "ir/instr_fast.h"

namespace skiff::ir {
namespace {

// Compares the fields read_instr sets for op's immediate kind.
void expect_same(const Instr& a, const Instr& b) {
  ASSERT_EQ(a.op, b.op);
  switch (op_info(a.op).imm) {
    case ImmKind::BlockType:
      EXPECT_EQ(a.block, b.block);
      break;
    case ImmKind::MemArg:
      EXPECT_EQ(a.mem.align, b.mem.align);
      EXPECT_EQ(a.mem.memory, b.mem.memory);
      EXPECT_EQ(a.mem.offset, b.mem.offset);
      break;
    case ImmKind::I32: case ImmKind::I64: case ImmKind::F32: case ImmKind::F64:
      EXPECT_EQ(a.bits, b.bits);
      break;
    default:
      EXPECT_EQ(a.a, b.a);
      EXPECT_EQ(a.b, b.b);
      break;
  }
}

// Runs both decoders at the start of `bytes`; returns whether the fast one accepted.
bool check(const std::vector<uint8_t>& bytes) {
  Reader fr(bytes.data(), bytes.size(), 100);
  Instr fast;
  const bool took = read_instr_fast(fr, &fast);
  Reader sr(bytes.data(), bytes.size(), 100);
  Instr slow;
  Status st = read_instr(sr, &slow);
  if (!took) {
    EXPECT_EQ(fr.offset(), 100u) << "declined but consumed input";
    EXPECT_EQ(fr.pos(), bytes.data());
    return false;
  }
  EXPECT_TRUE(st.ok()) << "fast path accepted what read_instr rejects: " << st.error().message;
  EXPECT_EQ(fr.offset(), sr.offset());
  EXPECT_EQ(fr.remaining(), sr.remaining());
  EXPECT_EQ(fr.pos(), sr.pos());
  if (st.ok()) expect_same(fast, slow);
  return true;
}

TEST(ReadInstrFast, CommonEncodings) {
  const std::vector<std::vector<uint8_t>> cases = {
      {0x6A},                                // i32.add
      {0x20, 0x05},                          // local.get 5
      {0x20, 0x85, 0x80, 0x80, 0x80, 0x00},  // local.get 5, 5-byte LEB
      {0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F},  // local.get 0xFFFFFFFF
      {0x41, 0x7F},                          // i32.const -1
      {0x41, 0xFF, 0xFF, 0xFF, 0x7F},        // i32.const -1, 4 bytes
      {0x41, 0x80, 0x80, 0x80, 0x40},        // 4 bytes: -2^27
      {0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40},  // i64.const, 9 bytes
      {0x43, 0x00, 0x00, 0xC0, 0x7F},        // f32.const nan
      {0x44, 1, 2, 3, 4, 5, 6, 7, 8},        // f64.const
      {0x28, 0x02, 0x10},                    // i32.load align=2 offset=16
      {0x28, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F},  // 9-byte offset
      {0x02, 0x40},                          // block
      {0x03, 0x7F},                          // loop (result i32)
      {0x04, 0x7B},                          // if (result v128)
      {0x11, 0x03, 0x00},                    // call_indirect 3 0
      {0xFC, 0x0A, 0x00, 0x00},              // memory.copy 0 0
      {0xFC, 0x00},                          // i32.trunc_sat_f32_s
      {0xFD, 0x80, 0x01},                    // a two-byte SIMD opcode
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c));
    EXPECT_TRUE(check(c));
  }
}

TEST(ReadInstrFast, DeclinesRareAndBadEncodings) {
  const std::vector<std::vector<uint8_t>> cases = {
      {},                                    // empty
      {0x20},                                // truncated index
      {0x20, 0x80, 0x80, 0x80, 0x80, 0x10},  // u32 too large
      {0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},  // too long
      {0x41, 0x80, 0x80, 0x80, 0x80, 0x78},  // 5-byte s32 (slow path)
      {0x0E, 0x01, 0x00, 0x00},              // br_table
      {0x1C, 0x01, 0x7F},                    // select t
      {0x28, 0x42, 0x01, 0x00},              // memarg with a memory index
      {0x28, 0x80, 0x01, 0x00},              // malformed memop flags
      {0x02, 0x00},                          // block type index 0
      {0x02, 0x63, 0x70},                    // block (result (ref null func))
      {0xFD, 0x0C},                          // v128.const (truncated)
      {0x06},                                // illegal opcode
      {0xFC, 0xFF, 0x7F},                    // unknown prefixed opcode
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c));
    EXPECT_FALSE(check(c));
  }
}

// Random byte strings: whatever the fast path accepts, read_instr accepts the same way.
TEST(ReadInstrFast, AgreesWithReadInstrOnRandomBytes) {
  std::mt19937 rng(12345);
  size_t accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::vector<uint8_t> b(1 + rng() % 12);
    for (uint8_t& x : b) x = uint8_t(rng());
    // Bias towards valid opcodes and short LEBs.
    if (i & 1) b[0] = uint8_t(0x1A + rng() % 0xA6);
    if (i % 3 == 0 && b.size() > 1) b[1] &= 0x7F;
    accepted += check(b);
    if (HasFailure()) break;
  }
  EXPECT_GT(accepted, 50000u);
}

}  // namespace
}  // namespace skiff::ir
