// Tests of the one opcode table (src/ir/opcodes.def) and its lookups.
//
// The numbers in the spot checks and per-prefix counts were taken from the spec
// (binary format grammar and appendix index of instructions) and the threads,
// relaxed-simd and wide-arithmetic proposals, independently of the table.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "ir/opcode.h"

namespace skiff::ir {
namespace {

unsigned op_index(Op op) { return static_cast<unsigned>(op); }

bool is_memory_access(ImmKind k) { return k == ImmKind::MemArg || k == ImmKind::MemArgLane; }

TEST(OpcodeTable, NoTwoOpsShareAnEncoding) {
  std::map<std::pair<unsigned, uint32_t>, unsigned> seen;
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    auto [it, fresh] = seen.emplace(std::make_pair(unsigned(info.prefix), info.code), i);
    EXPECT_TRUE(fresh) << info.text << " shares its encoding with " << op_info(Op(it->second)).text;
  }
}

TEST(OpcodeTable, BinaryLookupsRoundTrip) {
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    Op got = Op::Count_;
    if (info.prefix == 0) {
      ASSERT_LE(info.code, 0xFFu) << info.text;
      ASSERT_TRUE(op_from_byte(uint8_t(info.code), &got)) << info.text;
    } else {
      ASSERT_TRUE(is_prefix_byte(info.prefix)) << info.text;
      ASSERT_TRUE(op_from_prefixed(info.prefix, info.code, &got)) << info.text;
    }
    EXPECT_EQ(op_index(got), i) << info.text;
  }
}

TEST(OpcodeTable, EveryByteAndSubOpcodeAgreesWithTheTable) {
  // Exhaustive: each lookup that succeeds returns an op with exactly that encoding,
  // and the number of successes equals the number of table entries.
  unsigned found = 0;
  for (unsigned b = 0; b < 256; ++b) {
    Op op;
    if (!op_from_byte(uint8_t(b), &op)) continue;
    ++found;
    EXPECT_EQ(op_info(op).prefix, 0);
    EXPECT_EQ(op_info(op).code, b);
    EXPECT_FALSE(is_prefix_byte(uint8_t(b)));
  }
  for (unsigned p = 0; p < 256; ++p) {
    for (uint32_t c = 0; c < 0x400; ++c) {
      Op op;
      if (!op_from_prefixed(uint8_t(p), c, &op)) continue;
      ++found;
      EXPECT_TRUE(is_prefix_byte(uint8_t(p)));
      EXPECT_EQ(op_info(op).prefix, p);
      EXPECT_EQ(op_info(op).code, c);
    }
  }
  EXPECT_EQ(found, kOpCount);
}

TEST(OpcodeTable, UnknownEncodingsAreRejected) {
  Op op = Op::Nop;
  for (uint8_t b : {0x16, 0x17, 0x1D, 0x1E, 0x27, 0xC5, 0xCF, 0xD7, 0xE0, 0xFA, 0xFF})
    EXPECT_FALSE(op_from_byte(b, &op)) << int(b);
  for (uint8_t b : {0xFB, 0xFC, 0xFD, 0xFE}) EXPECT_FALSE(op_from_byte(b, &op)) << int(b);
  EXPECT_EQ(op, Op::Nop);  // untouched on failure
  EXPECT_FALSE(op_from_prefixed(0xFB, 31, &op));
  EXPECT_FALSE(op_from_prefixed(0xFC, 18, &op));
  EXPECT_FALSE(op_from_prefixed(0xFC, 23, &op));
  EXPECT_FALSE(op_from_prefixed(0xFD, 0x9A, &op));
  EXPECT_FALSE(op_from_prefixed(0xFD, 0xA2, &op));
  EXPECT_FALSE(op_from_prefixed(0xFD, 0xB2, &op));
  EXPECT_FALSE(op_from_prefixed(0xFD, 0xEE, &op));
  EXPECT_FALSE(op_from_prefixed(0xFD, 0x114, &op));
  EXPECT_FALSE(op_from_prefixed(0xFE, 0x04, &op));
  EXPECT_FALSE(op_from_prefixed(0xFE, 0x0F, &op));
  EXPECT_FALSE(op_from_prefixed(0xFE, 0x4F, &op));
  EXPECT_FALSE(op_from_prefixed(0x00, 0x6A, &op));  // not a prefix
  EXPECT_FALSE(op_from_prefixed(0xFF, 0, &op));
  for (uint8_t p : {0xFB, 0xFC, 0xFD, 0xFE}) {
    EXPECT_FALSE(op_from_prefixed(p, 0xFFFFFFFFu, &op));
    EXPECT_FALSE(op_from_prefixed(p, 0x80000000u, &op));
    EXPECT_FALSE(op_from_prefixed(p, 0x10000u, &op));
  }
  EXPECT_EQ(op, Op::Nop);
}

TEST(OpcodeTable, OpInfoOutOfRangeIsHarmless) {
  EXPECT_EQ(op_info(Op::Count_).text, "<invalid>");
  EXPECT_EQ(op_info(Op(0xFFFF)).sig, "*");
}

TEST(OpcodeTable, EveryTextNameRoundTrips) {
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    Op ops[4];
    unsigned n = ops_from_text(info.text, ops);
    ASSERT_GE(n, 1u) << info.text;
    ASSERT_LE(n, 4u) << info.text;
    bool self = false;
    for (unsigned k = 0; k < n; ++k) {
      EXPECT_EQ(op_name(ops[k]), info.text);
      if (k) {
        EXPECT_LT(op_index(ops[k - 1]), op_index(ops[k])) << "table order";
      }
      self |= op_index(ops[k]) == i;
    }
    EXPECT_TRUE(self) << info.text;
  }
}

TEST(OpcodeTable, TextNamesSharedOnlyWhereTheSpecSharesThem) {
  std::map<std::string_view, unsigned> count;
  for (unsigned i = 0; i < kOpCount; ++i) ++count[op_info(Op(i)).text];
  for (auto& [text, n] : count) {
    if (text == "select" || text == "ref.test" || text == "ref.cast") {
      EXPECT_EQ(n, 2u) << text;
    } else {
      EXPECT_EQ(n, 1u) << text;
    }
  }
  Op ops[4];
  ASSERT_EQ(ops_from_text("select", ops), 2u);
  EXPECT_EQ(ops[0], Op::Select);
  EXPECT_EQ(ops[1], Op::SelectT);
  ASSERT_EQ(ops_from_text("ref.test", ops), 2u);
  EXPECT_EQ(ops[0], Op::RefTest);
  EXPECT_EQ(ops[1], Op::RefTestNull);
  ASSERT_EQ(ops_from_text("ref.cast", ops), 2u);
  EXPECT_EQ(ops[0], Op::RefCast);
  EXPECT_EQ(ops[1], Op::RefCastNull);
}

TEST(OpcodeTable, UnknownTextNames) {
  Op ops[4];
  for (std::string_view s : {"", "i32", "i32.", "I32.ADD", "i32.add ", "i32.trunc_s/f32",
                             "get_local", "i32.wrap/i64", "v128.load8x8", "memory.atomic.wait",
                             "atomic.notify", "i64.atomic.rmw8_u.add", "ref.test_null", "module",
                             "func", "param", "then"})
    EXPECT_EQ(ops_from_text(s, ops), 0u) << s;
}

struct Spot {
  Op op;
  std::string_view text;
  unsigned prefix;
  uint32_t code;
};

TEST(OpcodeTable, SpotChecksAgainstTheSpec) {
  const Spot spots[] = {
      {Op::Unreachable, "unreachable", 0, 0x00},
      {Op::Try, "try", 0, 0x06},
      {Op::Catch, "catch", 0, 0x07},
      {Op::Rethrow, "rethrow", 0, 0x09},
      {Op::ThrowRef, "throw_ref", 0, 0x0A},
      {Op::End, "end", 0, 0x0B},
      {Op::ReturnCallRef, "return_call_ref", 0, 0x15},
      {Op::Delegate, "delegate", 0, 0x18},
      {Op::CatchAll, "catch_all", 0, 0x19},
      {Op::SelectT, "select", 0, 0x1C},
      {Op::TryTable, "try_table", 0, 0x1F},
      {Op::TableSet, "table.set", 0, 0x26},
      {Op::I64Load8S, "i64.load8_s", 0, 0x30},
      {Op::I64Store32, "i64.store32", 0, 0x3E},
      {Op::MemoryGrow, "memory.grow", 0, 0x40},
      {Op::F64Const, "f64.const", 0, 0x44},
      {Op::I64Eqz, "i64.eqz", 0, 0x50},
      {Op::F64Ge, "f64.ge", 0, 0x66},
      {Op::I32Add, "i32.add", 0, 0x6A},
      {Op::I64Rotr, "i64.rotr", 0, 0x8A},
      {Op::F32Copysign, "f32.copysign", 0, 0x98},
      {Op::I32WrapI64, "i32.wrap_i64", 0, 0xA7},
      {Op::F32DemoteF64, "f32.demote_f64", 0, 0xB6},
      {Op::F64ReinterpretI64, "f64.reinterpret_i64", 0, 0xBF},
      {Op::I64Extend32S, "i64.extend32_s", 0, 0xC4},
      {Op::RefNull, "ref.null", 0, 0xD0},
      {Op::BrOnNonNull, "br_on_non_null", 0, 0xD6},
      {Op::StructNew, "struct.new", 0xFB, 0},
      {Op::StructSet, "struct.set", 0xFB, 5},
      {Op::ArrayNewFixed, "array.new_fixed", 0xFB, 8},
      {Op::ArrayLen, "array.len", 0xFB, 15},
      {Op::ArrayInitElem, "array.init_elem", 0xFB, 19},
      {Op::RefTest, "ref.test", 0xFB, 20},
      {Op::RefTestNull, "ref.test", 0xFB, 21},
      {Op::RefCast, "ref.cast", 0xFB, 22},
      {Op::RefCastNull, "ref.cast", 0xFB, 23},
      {Op::BrOnCastFail, "br_on_cast_fail", 0xFB, 25},
      {Op::ExternConvertAny, "extern.convert_any", 0xFB, 27},
      {Op::I31GetU, "i31.get_u", 0xFB, 30},
      {Op::I32TruncSatF32S, "i32.trunc_sat_f32_s", 0xFC, 0},
      {Op::I64TruncSatF64U, "i64.trunc_sat_f64_u", 0xFC, 7},
      {Op::MemoryInit, "memory.init", 0xFC, 8},
      {Op::MemoryFill, "memory.fill", 0xFC, 11},
      {Op::TableFill, "table.fill", 0xFC, 17},
      {Op::I64Add128, "i64.add128", 0xFC, 19},
      {Op::I64MulWideU, "i64.mul_wide_u", 0xFC, 22},
      {Op::V128Load, "v128.load", 0xFD, 0x00},
      {Op::V128Load64Splat, "v128.load64_splat", 0xFD, 0x0A},
      {Op::I8x16Shuffle, "i8x16.shuffle", 0xFD, 0x0D},
      {Op::F64x2ReplaceLane, "f64x2.replace_lane", 0xFD, 0x22},
      {Op::I32x4GeU, "i32x4.ge_u", 0xFD, 0x40},
      {Op::V128AnyTrue, "v128.any_true", 0xFD, 0x53},
      {Op::V128Load8Lane, "v128.load8_lane", 0xFD, 0x54},
      {Op::V128Store64Lane, "v128.store64_lane", 0xFD, 0x5B},
      {Op::V128Load64Zero, "v128.load64_zero", 0xFD, 0x5D},
      {Op::F32x4DemoteF64x2Zero, "f32x4.demote_f64x2_zero", 0xFD, 0x5E},
      {Op::I8x16Popcnt, "i8x16.popcnt", 0xFD, 0x62},
      {Op::F64x2Trunc, "f64x2.trunc", 0xFD, 0x7A},
      {Op::I16x8Q15mulrSatS, "i16x8.q15mulr_sat_s", 0xFD, 0x82},
      {Op::F64x2Nearest, "f64x2.nearest", 0xFD, 0x94},
      {Op::I16x8AvgrU, "i16x8.avgr_u", 0xFD, 0x9B},
      {Op::I32x4DotI16x8S, "i32x4.dot_i16x8_s", 0xFD, 0xBA},
      {Op::I64x2Mul, "i64x2.mul", 0xFD, 0xD5},
      {Op::I64x2GeS, "i64x2.ge_s", 0xFD, 0xDB},
      {Op::F32x4Pmax, "f32x4.pmax", 0xFD, 0xEB},
      {Op::I32x4TruncSatF64x2UZero, "i32x4.trunc_sat_f64x2_u_zero", 0xFD, 0xFD},
      {Op::F64x2ConvertLowI32x4U, "f64x2.convert_low_i32x4_u", 0xFD, 0xFF},
      {Op::I8x16RelaxedSwizzle, "i8x16.relaxed_swizzle", 0xFD, 0x100},
      {Op::F64x2RelaxedNmadd, "f64x2.relaxed_nmadd", 0xFD, 0x108},
      {Op::I64x2RelaxedLaneselect, "i64x2.relaxed_laneselect", 0xFD, 0x10C},
      {Op::I16x8RelaxedQ15mulrS, "i16x8.relaxed_q15mulr_s", 0xFD, 0x111},
      {Op::I32x4RelaxedDotI8x16I7x16AddS, "i32x4.relaxed_dot_i8x16_i7x16_add_s", 0xFD, 0x113},
      {Op::MemoryAtomicNotify, "memory.atomic.notify", 0xFE, 0x00},
      {Op::MemoryAtomicWait32, "memory.atomic.wait32", 0xFE, 0x01},
      {Op::MemoryAtomicWait64, "memory.atomic.wait64", 0xFE, 0x02},
      {Op::AtomicFence, "atomic.fence", 0xFE, 0x03},
      {Op::I32AtomicLoad, "i32.atomic.load", 0xFE, 0x10},
      {Op::I64AtomicStore32, "i64.atomic.store32", 0xFE, 0x1D},
      {Op::I32AtomicRmwAdd, "i32.atomic.rmw.add", 0xFE, 0x1E},
      {Op::I64AtomicRmw32AddU, "i64.atomic.rmw32.add_u", 0xFE, 0x24},
      {Op::I32AtomicRmw8AndU, "i32.atomic.rmw8.and_u", 0xFE, 0x2E},
      {Op::I64AtomicRmwXchg, "i64.atomic.rmw.xchg", 0xFE, 0x42},
      {Op::I32AtomicRmwCmpxchg, "i32.atomic.rmw.cmpxchg", 0xFE, 0x48},
      {Op::I64AtomicRmw32CmpxchgU, "i64.atomic.rmw32.cmpxchg_u", 0xFE, 0x4E},
  };
  for (const Spot& s : spots) {
    const OpInfo& info = op_info(s.op);
    EXPECT_EQ(info.text, s.text);
    EXPECT_EQ(info.prefix, s.prefix) << s.text;
    EXPECT_EQ(info.code, s.code) << s.text;
  }
}

TEST(OpcodeTable, CountsPerPrefix) {
  std::map<unsigned, unsigned> n;
  for (unsigned i = 0; i < kOpCount; ++i) ++n[op_info(Op(i)).prefix];
  // Single byte: 0x00-0x15 (22, with the legacy try/catch/rethrow), delegate,
  // catch_all, drop, select, select t*, try_table, 0x20-0x26 (7), 0x28-0xC4 (157),
  // 0xD0-0xD6 (7).
  EXPECT_EQ(n[0], 22u + 2 + 3 + 1 + 7 + 157 + 7);
  EXPECT_EQ(n[0xFB], 31u);        // 0-30
  EXPECT_EQ(n[0xFC], 18u + 4);    // 0-17, wide arithmetic 19-22
  EXPECT_EQ(n[0xFD], 236u + 20);  // 0x00-0xFF less 20 gaps, relaxed 0x100-0x113
  EXPECT_EQ(n[0xFE], 4u + 7 + 7 + 7 * 7);  // wait/notify/fence, loads, stores, rmw x7
  EXPECT_EQ(n.size(), 5u);
  EXPECT_EQ(kOpCount, 199u + 31 + 22 + 256 + 67);
}

bool sig_letter(char c) { return c == 'i' || c == 'I' || c == 'f' || c == 'F' || c == 'v'; }

TEST(OpcodeTable, SignaturesAreWellFormed) {
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    std::string_view s = info.sig;
    if (s == "*") continue;
    size_t colon = s.find(':');
    ASSERT_NE(colon, std::string_view::npos) << info.text << " sig " << s;
    EXPECT_EQ(s.find(':', colon + 1), std::string_view::npos) << info.text;
    for (size_t k = 0; k < s.size(); ++k)
      if (k != colon) {
        EXPECT_TRUE(sig_letter(s[k])) << info.text << " sig " << s;
      }
    // The validator's fixed-signature checker holds at most 6 params / 3 results.
    EXPECT_LE(colon, 6u) << info.text;
    EXPECT_LE(s.size() - colon - 1, 3u) << info.text;
  }
}

// Every op the validator does not type by hand must have a fixed signature:
// numeric, SIMD, loads/stores, atomics, constants, nop.
TEST(OpcodeTable, FixedSignaturesWhereTypingIsFixed) {
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    bool fixed = info.prefix == 0xFD || info.prefix == 0xFE ||
                 (info.prefix == 0 && info.code >= 0x28 && info.code <= 0xC4 &&
                  info.code != 0x3F && info.code != 0x40) ||
                 (info.prefix == 0xFC && (info.code <= 7 || info.code >= 19)) ||
                 (info.prefix == 0 && info.code == 0x01);
    if (fixed) {
      EXPECT_NE(info.sig, "*") << info.text;
    } else {
      EXPECT_EQ(info.sig, "*") << info.text;
    }
  }
  EXPECT_EQ(op_info(Op::I32Add).sig, "ii:i");
  EXPECT_EQ(op_info(Op::I64Eqz).sig, "I:i");
  EXPECT_EQ(op_info(Op::F32ConvertI64U).sig, "I:f");
  EXPECT_EQ(op_info(Op::I64Load8S).sig, ":I");
  EXPECT_EQ(op_info(Op::F64Store).sig, "F:");
  EXPECT_EQ(op_info(Op::V128Load32Lane).sig, "v:v");
  EXPECT_EQ(op_info(Op::V128Store16Lane).sig, "v:");
  EXPECT_EQ(op_info(Op::V128Load).sig, ":v");
  EXPECT_EQ(op_info(Op::V128Bitselect).sig, "vvv:v");
  EXPECT_EQ(op_info(Op::I64x2ReplaceLane).sig, "vI:v");
  EXPECT_EQ(op_info(Op::I8x16Shl).sig, "vi:v");
  EXPECT_EQ(op_info(Op::I32x4AllTrue).sig, "v:i");
  EXPECT_EQ(op_info(Op::F32x4RelaxedMadd).sig, "vvv:v");
  EXPECT_EQ(op_info(Op::I32AtomicRmwCmpxchg).sig, "ii:i");
  EXPECT_EQ(op_info(Op::I64AtomicRmw16CmpxchgU).sig, "II:I");
  EXPECT_EQ(op_info(Op::I64AtomicRmw8XorU).sig, "I:I");
  EXPECT_EQ(op_info(Op::MemoryAtomicNotify).sig, "i:i");
  EXPECT_EQ(op_info(Op::MemoryAtomicWait32).sig, "iI:i");
  EXPECT_EQ(op_info(Op::MemoryAtomicWait64).sig, "II:i");
  EXPECT_EQ(op_info(Op::AtomicFence).sig, ":");
  EXPECT_EQ(op_info(Op::I64Add128).sig, "IIII:II");
  EXPECT_EQ(op_info(Op::I64MulWideS).sig, "II:II");
}

// Natural access size in bytes, worked out from the text name alone.
unsigned access_bytes(std::string_view t) {
  auto has = [&](std::string_view s) { return t.find(s) != std::string_view::npos; };
  if (t == "memory.atomic.notify" || t == "memory.atomic.wait32") return 4;
  if (t == "memory.atomic.wait64") return 8;
  if (has("8x8") || has("16x4") || has("32x2")) return 8;
  // A width after load/store/rmw: load8, store16_lane, rmw32, load64_splat, ...
  for (std::string_view kw : {"load", "store", "rmw"}) {
    size_t p = t.find(kw);
    if (p == std::string_view::npos) continue;
    std::string_view rest = t.substr(p + kw.size());
    if (rest.starts_with("8")) return 1;
    if (rest.starts_with("16")) return 2;
    if (rest.starts_with("32")) return 4;
    if (rest.starts_with("64")) return 8;
  }
  if (t.starts_with("v128.")) return 16;
  if (t.starts_with("i32.") || t.starts_with("f32.")) return 4;
  if (t.starts_with("i64.") || t.starts_with("f64.")) return 8;
  return 0;
}

TEST(OpcodeTable, MemoryOpsHaveTheirNaturalAlignment) {
  unsigned mem_ops = 0;
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    if (!is_memory_access(info.imm)) {
      EXPECT_EQ(info.align, 0) << info.text;
      continue;
    }
    ++mem_ops;
    unsigned bytes = access_bytes(info.text);
    ASSERT_NE(bytes, 0u) << info.text;
    EXPECT_EQ(1u << info.align, bytes) << info.text;
    // Loads produce a value and take none (address implicit); stores the reverse.
    std::string_view s = info.sig;
    bool store = info.text.find("store") != std::string_view::npos;
    bool load = info.text.find("load") != std::string_view::npos;
    if (store) {
      EXPECT_TRUE(s.ends_with(":")) << info.text;
    }
    if (load && info.imm == ImmKind::MemArg) {
      EXPECT_TRUE(s.starts_with(":")) << info.text;
    }
    if (info.imm == ImmKind::MemArgLane) {
      EXPECT_TRUE(s == "v:v" || s == "v:") << info.text;
    }
  }
  // 23 scalar loads/stores, 14 SIMD loads/stores + 8 lane ops, 4+14+49-1 atomics.
  EXPECT_EQ(mem_ops, 23u + 14 + 8 + 66);
  EXPECT_EQ(op_info(Op::I64Load8S).align, 0);
  EXPECT_EQ(op_info(Op::F64Store).align, 3);
  EXPECT_EQ(op_info(Op::V128Load32Lane).align, 2);
  EXPECT_EQ(op_info(Op::V128Load).align, 4);
  EXPECT_EQ(op_info(Op::V128Load8x8S).align, 3);
  EXPECT_EQ(op_info(Op::V128Load16Splat).align, 1);
  EXPECT_EQ(op_info(Op::V128Load32Zero).align, 2);
  EXPECT_EQ(op_info(Op::I32AtomicRmwCmpxchg).align, 2);
  EXPECT_EQ(op_info(Op::I64AtomicRmw16AddU).align, 1);
  EXPECT_EQ(op_info(Op::MemoryAtomicWait64).align, 3);
}

TEST(OpcodeTable, ImmediateKinds) {
  EXPECT_EQ(op_info(Op::Block).imm, ImmKind::BlockType);
  EXPECT_EQ(op_info(Op::Try).imm, ImmKind::BlockType);
  EXPECT_EQ(op_info(Op::Catch).imm, ImmKind::Tag);
  EXPECT_EQ(op_info(Op::Throw).imm, ImmKind::Tag);
  EXPECT_EQ(op_info(Op::Rethrow).imm, ImmKind::Label);
  EXPECT_EQ(op_info(Op::Delegate).imm, ImmKind::Label);
  EXPECT_EQ(op_info(Op::BrTable).imm, ImmKind::BrTable);
  EXPECT_EQ(op_info(Op::CallIndirect).imm, ImmKind::CallIndirect);
  EXPECT_EQ(op_info(Op::ReturnCallIndirect).imm, ImmKind::CallIndirect);
  EXPECT_EQ(op_info(Op::CallRef).imm, ImmKind::Type);
  EXPECT_EQ(op_info(Op::SelectT).imm, ImmKind::SelectTypes);
  EXPECT_EQ(op_info(Op::Select).imm, ImmKind::None);
  EXPECT_EQ(op_info(Op::TryTable).imm, ImmKind::TryTable);
  EXPECT_EQ(op_info(Op::MemorySize).imm, ImmKind::Memory);
  EXPECT_EQ(op_info(Op::MemoryFill).imm, ImmKind::Memory);
  EXPECT_EQ(op_info(Op::MemoryCopy).imm, ImmKind::MemoryCopy);
  EXPECT_EQ(op_info(Op::MemoryInit).imm, ImmKind::MemoryInit);
  EXPECT_EQ(op_info(Op::DataDrop).imm, ImmKind::Data);
  EXPECT_EQ(op_info(Op::ElemDrop).imm, ImmKind::Elem);
  EXPECT_EQ(op_info(Op::TableInit).imm, ImmKind::TableInit);
  EXPECT_EQ(op_info(Op::TableCopy).imm, ImmKind::TableCopy);
  EXPECT_EQ(op_info(Op::TableGrow).imm, ImmKind::Table);
  EXPECT_EQ(op_info(Op::I32Const).imm, ImmKind::I32);
  EXPECT_EQ(op_info(Op::I64Const).imm, ImmKind::I64);
  EXPECT_EQ(op_info(Op::F32Const).imm, ImmKind::F32);
  EXPECT_EQ(op_info(Op::F64Const).imm, ImmKind::F64);
  EXPECT_EQ(op_info(Op::V128Const).imm, ImmKind::V128);
  EXPECT_EQ(op_info(Op::I8x16Shuffle).imm, ImmKind::Shuffle);
  EXPECT_EQ(op_info(Op::RefNull).imm, ImmKind::HeapType);
  EXPECT_EQ(op_info(Op::RefCastNull).imm, ImmKind::HeapType);
  EXPECT_EQ(op_info(Op::StructGetS).imm, ImmKind::TypeField);
  EXPECT_EQ(op_info(Op::ArrayCopy).imm, ImmKind::TypeType);
  EXPECT_EQ(op_info(Op::ArrayNewData).imm, ImmKind::TypeData);
  EXPECT_EQ(op_info(Op::ArrayInitElem).imm, ImmKind::TypeElem);
  EXPECT_EQ(op_info(Op::ArrayNewFixed).imm, ImmKind::TypeCount);
  EXPECT_EQ(op_info(Op::ArrayLen).imm, ImmKind::None);
  EXPECT_EQ(op_info(Op::BrOnCast).imm, ImmKind::BrOnCast);
  EXPECT_EQ(op_info(Op::AtomicFence).imm, ImmKind::AtomicFence);
  EXPECT_EQ(op_info(Op::V128Store8Lane).imm, ImmKind::MemArgLane);
  // Lane immediates exactly on the extract/replace ops.
  for (unsigned i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(Op(i));
    bool lane_op = info.text.find("extract_lane") != std::string_view::npos ||
                   info.text.find("replace_lane") != std::string_view::npos;
    EXPECT_EQ(info.imm == ImmKind::Lane, lane_op) << info.text;
  }
}

// ---- the spec testsuite's vocabulary -------------------------------------------------

// Strips strings, line comments and (nested) block comments; what remains is code.
std::string strip_wast(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  int depth = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (depth > 0) {
      if (c == '(' && i + 1 < in.size() && in[i + 1] == ';') ++depth, ++i;
      else if (c == ';' && i + 1 < in.size() && in[i + 1] == ')') --depth, ++i;
      continue;
    }
    if (c == '(' && i + 1 < in.size() && in[i + 1] == ';') {
      depth = 1;
      ++i;
      out += ' ';
    } else if (c == ';' && i + 1 < in.size() && in[i + 1] == ';') {
      while (i < in.size() && in[i] != '\n') ++i;
      out += '\n';
    } else if (c == '"') {
      for (++i; i < in.size() && in[i] != '"'; ++i)
        if (in[i] == '\\') ++i;
      out += " \"\" ";
    } else {
      out += c;
    }
  }
  return out;
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$' ||
         c == '@' || c == ':' || c == '=' || c == '-' || c == '+';
}

// The text format's instruction keywords are words like "i32.add" or "br_if". We
// take every whole word of the form [a-z][a-z0-9_]*(.[a-z0-9_]+)+ (dotted; the
// undotted keywords are indistinguishable from other keywords) and require the
// table to know it, apart from the script's result patterns below. Conversely every
// name in the table must occur in the testsuite as a word, which catches typos in
// the table (the tests use the exact spec names).
TEST(OpcodeTable, SpecTestsuiteVocabulary) {
  namespace fs = std::filesystem;
  fs::path root = SKIFF_TESTSUITE_DIR;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) GTEST_SKIP() << "no testsuite at " << root;

  std::set<std::string> words;
  unsigned files = 0;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != ".wast") continue;
    // Proposals beyond the table's scope.
    if (p.string().find("custom-descriptors") != std::string::npos) continue;
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string code = strip_wast(ss.str());
    ++files;
    for (size_t i = 0; i < code.size();) {
      if (!word_char(code[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < code.size() && word_char(code[j])) ++j;
      words.insert(code.substr(i, j - i));
      i = j;
    }
  }
  if (files == 0) GTEST_SKIP() << "no .wast files under " << root;

  auto instruction_like = [](const std::string& w) {
    if (w.empty() || !std::islower(static_cast<unsigned char>(w[0]))) return false;
    bool dot = false;
    for (size_t k = 0; k < w.size(); ++k) {
      char c = w[k];
      if (c == '.') {
        if (k + 1 == w.size() || w[k + 1] == '.') return false;
        dot = true;
      } else if (!(std::islower(static_cast<unsigned char>(c)) ||
                   std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
        return false;
      }
    }
    return dot;
  };
  // Result patterns of the script format (assert_return), not instructions.
  const std::set<std::string> script_words = {"ref.extern", "ref.host", "ref.array",
                                              "ref.struct", "ref.any", "ref.exn"};
  unsigned checked = 0;
  for (const std::string& w : words) {
    if (!instruction_like(w) || script_words.count(w)) continue;
    Op ops[4];
    EXPECT_GE(ops_from_text(w, ops), 1u) << "testsuite word not in the table: " << w;
    ++checked;
  }
  EXPECT_GT(checked, 450u);

  for (unsigned i = 0; i < kOpCount; ++i) {
    std::string t(op_info(Op(i)).text);
    if (t == "atomic.fence") continue;  // not used by the threads tests
    EXPECT_TRUE(words.count(t)) << "table name never used by the testsuite: " << t;
  }
}

}  // namespace
}  // namespace skiff::ir
