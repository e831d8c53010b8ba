// WAT parser: instructions, in flat and folded form, and their immediates.
#include <gtest/gtest.h>

#include "wat_test_util.h"

namespace skiff::text {
namespace {

using namespace wat_test;

TEST(WatInstrs, FlatAndFoldedAgree) {
  Bytes expect{0x20, 0x00, 0x41, 0x01, 0x6A, 0x1A, 0x0B};
  EXPECT_EQ(func_body("", "(param i32) local.get 0 i32.const 1 i32.add drop"), expect);
  EXPECT_EQ(func_body("", "(param i32) (drop (i32.add (local.get 0) (i32.const 1)))"), expect);
  EXPECT_EQ(func_body("", "(param i32) (local.get 0) (i32.const 1) i32.add (drop)"), expect);
}

TEST(WatInstrs, Blocks) {
  EXPECT_EQ(func_body("", "block $a loop $b br $a br $b end end"),
            (Bytes{0x02, 0x40, 0x03, 0x40, 0x0C, 0x01, 0x0C, 0x00, 0x0B, 0x0B, 0x0B}));
  EXPECT_EQ(func_body("", "(block $a (result i32) (loop $b (br $a (i32.const 1))))"),
            (Bytes{0x02, 0x7F, 0x03, 0x40, 0x41, 0x01, 0x0C, 0x01, 0x0B, 0x0B, 0x0B}));
  // `end $l` / `else $l` repeat the label.
  EXPECT_EQ(func_body("", "block $l end $l"), (Bytes{0x02, 0x40, 0x0B, 0x0B}));
  // Labels shadow; numeric labels are depths.
  EXPECT_EQ(func_body("", "block $l block $l br $l br 1 end end"),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x0C, 0x00, 0x0C, 0x01, 0x0B, 0x0B, 0x0B}));
  // The function's own label is depth 0 at top level.
  EXPECT_EQ(func_body("", "br 0"), (Bytes{0x0C, 0x00, 0x0B}));
}

TEST(WatInstrs, If) {
  Bytes flat = func_body("", "(result i32) i32.const 1 if $l (result i32) i32.const 2 else $l "
                             "i32.const 3 end $l");
  Bytes folded = func_body("", "(result i32) (if $l (result i32) (i32.const 1) "
                               "(then (i32.const 2)) (else (i32.const 3)))");
  Bytes expect{0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x05, 0x41, 0x03, 0x0B, 0x0B};
  EXPECT_EQ(flat, expect);
  EXPECT_EQ(folded, expect);
  // No else; the condition's labels are outside the if.
  EXPECT_EQ(func_body("", "(block $b (if (br_if $b (i32.const 0) (i32.const 1)) (then (br $b))))"),
            (Bytes{0x02, 0x40, 0x41, 0x00, 0x41, 0x01, 0x0D, 0x00, 0x04, 0x40, 0x0C, 0x01, 0x0B,
                   0x0B, 0x0B}));
}

TEST(WatInstrs, BlockTypes) {
  ir::Module m = parse_ok(
      "(type $t (func (param i32) (result i32)))"
      "(func (i32.const 0) (block (type $t) (param i32) (result i32)) drop)"
      "(func (i32.const 0) (block (param i32) (result i32)) drop)"
      "(func (block (result i32 i64) unreachable) drop drop)"
      "(func (block (type $t)) drop)");
  EXPECT_EQ(body(m, 0), (Bytes{0x41, 0x00, 0x02, 0x00, 0x0B, 0x1A, 0x0B}));
  EXPECT_EQ(body(m, 1), (Bytes{0x41, 0x00, 0x02, 0x00, 0x0B, 0x1A, 0x0B}));
  EXPECT_EQ(body(m, 2), (Bytes{0x02, 0x02, 0x00, 0x0B, 0x1A, 0x1A, 0x0B}));
  EXPECT_EQ(body(m, 3), (Bytes{0x02, 0x00, 0x0B, 0x1A, 0x0B}));
  EXPECT_EQ(m.types[2].comp.func.results.size(), 2u);
}

TEST(WatInstrs, TryTable) {
  Bytes b = func_body("(tag $e (param i32))",
                      "(block $out (result i32) (block $h (result exnref)"
                      "  (try_table $tt (catch $e $out) (catch_ref $e $h) (catch_all $h)"
                      "     (catch_all_ref $h) (br $tt)) unreachable) drop unreachable)");
  EXPECT_EQ(b, (Bytes{0x02, 0x7F, 0x02, 0x69, 0x1F, 0x40, 0x04, 0x00, 0x00, 0x01, 0x01, 0x00,
                      0x00, 0x02, 0x00, 0x03, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x0B, 0x1A, 0x00,
                      0x0B, 0x0B}));
  Bytes flat = func_body("(tag $e)", "block $o try_table (catch_all $o) end end");
  EXPECT_EQ(flat, (Bytes{0x02, 0x40, 0x1F, 0x40, 0x01, 0x02, 0x00, 0x0B, 0x0B, 0x0B}));
}

TEST(WatInstrs, LegacyTry) {
  Bytes flat = func_body("(tag $e (param i32))",
                         "try $t nop catch $e drop rethrow $t catch_all rethrow 0 end");
  EXPECT_EQ(flat, (Bytes{0x06, 0x40, 0x01, 0x07, 0x00, 0x1A, 0x09, 0x00, 0x19, 0x09, 0x00,
                         0x0B, 0x0B}));
  Bytes folded = func_body("(tag $e (param i32))",
                           "(try $t (do nop) (catch $e drop (rethrow $t)) (catch_all (rethrow 0)))");
  EXPECT_EQ(folded, flat);
  // delegate's label is outside the try.
  Bytes d = func_body("", "(block $b (try (do (try (do nop) (delegate $b))) (delegate 0)))");
  EXPECT_EQ(d, (Bytes{0x02, 0x40, 0x06, 0x40, 0x06, 0x40, 0x01, 0x18, 0x01, 0x18, 0x00, 0x0B,
                      0x0B}));
  Bytes df = func_body("", "block $b try nop delegate $b end");
  EXPECT_EQ(df, (Bytes{0x02, 0x40, 0x06, 0x40, 0x01, 0x18, 0x00, 0x0B, 0x0B}));
}

TEST(WatInstrs, MemArgs) {
  const char* mems = "(memory 1) (memory $m 1)";
  EXPECT_EQ(func_body(mems, "(drop (i32.load (i32.const 0)))"),
            (Bytes{0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(mems, "(drop (i32.load offset=4 align=1 (i32.const 0)))"),
            (Bytes{0x41, 0x00, 0x28, 0x00, 0x04, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(mems, "(drop (i32.load $m offset=0x10 (i32.const 0)))"),
            (Bytes{0x41, 0x00, 0x28, 0x42, 0x01, 0x10, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(mems, "(drop (i32.load8_s 1 (i32.const 0)))"),
            (Bytes{0x41, 0x00, 0x2C, 0x40, 0x01, 0x00, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(mems, "(i64.store32 align=4 (i32.const 0) (i64.const 1))"),
            (Bytes{0x41, 0x00, 0x42, 0x01, 0x3E, 0x02, 0x00, 0x0B}));
  // 64-bit offsets for memory64.
  EXPECT_EQ(func_body("(memory i64 1)", "(drop (i32.load offset=0x1_0000_0000 (i64.const 0)))"),
            (Bytes{0x42, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(mems, "(drop (memory.size $m)) (drop (memory.grow (i32.const 1)))"),
            (Bytes{0x3F, 0x01, 0x1A, 0x41, 0x01, 0x40, 0x00, 0x1A, 0x0B}));
}

TEST(WatInstrs, BulkMemoryAndTables) {
  const char* pre = "(memory $a 1) (memory $b 1) (data $d \"\") (table $t 1 funcref) "
                    "(table $u 1 funcref) (elem $e func)";
  EXPECT_EQ(func_body(pre, "(memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(func_body(pre, "i32.const 0 i32.const 0 i32.const 0 memory.init $b $d"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x01, 0x0B}));
  EXPECT_EQ(func_body(pre, "i32.const 0 i32.const 0 i32.const 0 memory.copy $b $a"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x01, 0x00, 0x0B}));
  EXPECT_EQ(func_body(pre, "i32.const 0 i32.const 0 i32.const 0 memory.copy"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(func_body(pre, "i32.const 0 i32.const 0 i32.const 0 table.init $u $e"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x01, 0x0B}));
  EXPECT_EQ(func_body(pre, "i32.const 0 i32.const 0 i32.const 0 table.init $e"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(func_body(pre, "i32.const 0 i32.const 0 i32.const 0 table.copy $t $u"),
            (Bytes{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x01, 0x0B}));
  EXPECT_EQ(func_body(pre, "(drop (table.get $u (i32.const 0))) (drop (table.size))"),
            (Bytes{0x41, 0x00, 0x25, 0x01, 0x1A, 0xFC, 0x10, 0x00, 0x1A, 0x0B}));
}

TEST(WatInstrs, Constants) {
  EXPECT_EQ(func_body("", "(drop (i32.const 0xffffffff)) (drop (i32.const -0x80000000))"),
            (Bytes{0x41, 0x7F, 0x1A, 0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x1A, 0x0B}));
  EXPECT_EQ(func_body("", "(drop (i64.const -1))"), (Bytes{0x42, 0x7F, 0x1A, 0x0B}));
  EXPECT_EQ(func_body("", "(drop (f32.const 1.5))"),
            (Bytes{0x43, 0x00, 0x00, 0xC0, 0x3F, 0x1A, 0x0B}));
  EXPECT_EQ(func_body("", "(drop (f64.const -nan:0x1))"),
            (Bytes{0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xFF, 0x1A, 0x0B}));
}

TEST(WatInstrs, Simd) {
  Bytes b = func_body("", "(drop (v128.const i32x4 1 2 0xffffffff -1))");
  EXPECT_EQ(b, (Bytes{0xFD, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                      0xFF, 0xFF, 0x1A, 0x0B}));
  b = func_body("", "(drop (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))");
  EXPECT_EQ(b[2], 0u);
  EXPECT_EQ(b[17], 0xFFu);
  b = func_body("", "(drop (v128.const f64x2 1 -0))");
  EXPECT_EQ(b, (Bytes{0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x1A,
                      0x0B}));
  b = func_body("", "(drop (v128.const i16x8 1 2 3 4 5 6 7 0x8000))");
  EXPECT_EQ(b[16], 0x00u);
  EXPECT_EQ(b[17], 0x80u);
  b = func_body("", "(drop (i8x16.extract_lane_s 15 (v128.const i64x2 0 0)))");
  EXPECT_EQ(b[18], 0xFDu);
  EXPECT_EQ(b[19], 0x15u);
  EXPECT_EQ(b[20], 15u);
  b = func_body("", "(param v128) (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 "
                    "(local.get 0) (local.get 0)))");
  EXPECT_EQ(b, (Bytes{0x20, 0x00, 0x20, 0x00, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                      12, 13, 14, 31, 0x1A, 0x0B}));
  // Lane loads: memidx? memarg lane.
  const char* mems = "(memory 1) (memory $m 1)";
  b = func_body(mems, "(param v128) (drop (v128.load8_lane 1 (i32.const 0) (local.get 0)))");
  EXPECT_EQ(b, (Bytes{0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x00, 0x00, 0x01, 0x1A, 0x0B}));
  b = func_body(mems, "(param v128) (drop (v128.load8_lane 1 2 (i32.const 0) (local.get 0)))");
  EXPECT_EQ(b, (Bytes{0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x40, 0x01, 0x00, 0x02, 0x1A, 0x0B}));
  b = func_body(mems, "(param v128) (drop (v128.load8_lane $m offset=3 0 (i32.const 0) "
                      "(local.get 0)))");
  EXPECT_EQ(b, (Bytes{0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x40, 0x01, 0x03, 0x00, 0x1A, 0x0B}));
  b = func_body(mems, "(param v128) (drop (v128.load8_lane align=1 0 (i32.const 0) "
                      "(local.get 0)))");
  EXPECT_EQ(b, (Bytes{0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x00, 0x00, 0x00, 0x1A, 0x0B}));
}

TEST(WatInstrs, SelectAndCalls) {
  EXPECT_EQ(func_body("", "(drop (select (i32.const 1) (i32.const 2) (i32.const 0)))"),
            (Bytes{0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B, 0x1A, 0x0B}));
  EXPECT_EQ(func_body("", "(drop (select (result i64) (i64.const 1) (i64.const 2) "
                          "(i32.const 0)))"),
            (Bytes{0x42, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1C, 0x01, 0x7E, 0x1A, 0x0B}));
  EXPECT_EQ(func_body("", "unreachable select (result i32) (result) drop"),
            (Bytes{0x00, 0x1C, 0x01, 0x7F, 0x1A, 0x0B}));
  ir::Module m = parse_ok(
      "(type $v (func)) (type $ii (func (param i32) (result i32)))"
      "(table $t 1 funcref) (table $u 1 funcref)"
      "(func (result i32) (call_indirect $u (type $ii) (param i32) (result i32) "
      "  (i32.const 1) (i32.const 0)))"
      "(func (call_indirect (i32.const 0)))"
      "(func (result i32) i32.const 0 call_indirect (param i32) (result i32))"
      "(func (return_call_indirect (type $v) (i32.const 0)))"
      "(func (call_ref $v (ref.null $v)))");
  EXPECT_EQ(body(m, 0), (Bytes{0x41, 0x01, 0x41, 0x00, 0x11, 0x01, 0x01, 0x0B}));
  EXPECT_EQ(body(m, 1), (Bytes{0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(body(m, 2), (Bytes{0x41, 0x00, 0x11, 0x01, 0x00, 0x0B}));
  EXPECT_EQ(body(m, 3), (Bytes{0x41, 0x00, 0x13, 0x00, 0x00, 0x0B}));
  EXPECT_EQ(body(m, 4), (Bytes{0xD0, 0x00, 0x14, 0x00, 0x0B}));
}

TEST(WatInstrs, BrTable) {
  EXPECT_EQ(func_body("", "(block $a (block $b (br_table $a $b 0 $a (i32.const 0))))"),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x03, 0x01, 0x00, 0x00, 0x01, 0x0B,
                   0x0B, 0x0B}));
  EXPECT_EQ(func_body("", "(block (br_table 0 (i32.const 0)))"),
            (Bytes{0x02, 0x40, 0x41, 0x00, 0x0E, 0x00, 0x00, 0x0B, 0x0B}));
}

TEST(WatInstrs, References) {
  const char* pre = "(type $s (struct (field $a i32) (field $b (mut i64))))"
                    "(type $arr (array i32))"
                    "(type $f (func))";
  EXPECT_EQ(func_body(pre, "(drop (ref.null func)) (drop (ref.null $s)) (drop (ref.null none))"),
            (Bytes{0xD0, 0x70, 0x1A, 0xD0, 0x00, 0x1A, 0xD0, 0x71, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(pre, "(param anyref) (drop (ref.test (ref $s) (local.get 0))) "
                           "(drop (ref.test (ref null $s) (local.get 0))) "
                           "(drop (ref.cast (ref i31) (local.get 0))) "
                           "(drop (ref.cast nullref (local.get 0)))"),
            (Bytes{0x20, 0x00, 0xFB, 0x14, 0x00, 0x1A, 0x20, 0x00, 0xFB, 0x15, 0x00, 0x1A, 0x20,
                   0x00, 0xFB, 0x16, 0x6C, 0x1A, 0x20, 0x00, 0xFB, 0x17, 0x71, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(pre, "(param (ref $s)) (drop (struct.get $s $b (local.get 0))) "
                           "(drop (struct.get $s 0 (local.get 0)))"),
            (Bytes{0x20, 0x00, 0xFB, 0x02, 0x00, 0x01, 0x1A, 0x20, 0x00, 0xFB, 0x02, 0x00, 0x00,
                   0x1A, 0x0B}));
  EXPECT_EQ(func_body(pre, "(drop (array.new_fixed $arr 2 (i32.const 1) (i32.const 2)))"),
            (Bytes{0x41, 0x01, 0x41, 0x02, 0xFB, 0x08, 0x01, 0x02, 0x1A, 0x0B}));
  EXPECT_EQ(func_body(pre, "(param anyref) (result anyref) (block $l (result anyref) "
                           "(br_on_cast $l anyref (ref $s) (local.get 0)))"),
            (Bytes{0x02, 0x6E, 0x20, 0x00, 0xFB, 0x18, 0x01, 0x00, 0x6E, 0x00, 0x0B, 0x0B}));
  EXPECT_EQ(func_body(pre, "(param anyref) (result anyref) (block $l (result anyref) "
                           "(br_on_cast_fail $l (ref any) (ref null $s) (local.get 0)))"),
            (Bytes{0x02, 0x6E, 0x20, 0x00, 0xFB, 0x19, 0x02, 0x00, 0x6E, 0x00, 0x0B, 0x0B}));
}

TEST(WatInstrs, RefFuncForward) {
  ir::Module m = parse_ok("(func (drop (ref.func $g))) (func $g) (elem declare func $g)");
  EXPECT_EQ(body(m, 0), (Bytes{0xD2, 0x01, 0x1A, 0x0B}));
}

TEST(WatInstrs, ConstantExpressionsUseGlobals) {
  ir::Module m = parse_ok(
      "(global $a i32 (i32.const 1))"
      "(global $b i32 (i32.add (global.get $a) (i32.const 2)))");
  EXPECT_EQ(m.globals[1].init.bytes, (Bytes{0x23, 0x00, 0x41, 0x02, 0x6A, 0x0B}));
}

TEST(WatInstrs, Atomics) {
  Bytes b = func_body("(memory 1 1 shared)",
                      "(drop (i32.atomic.load offset=4 (i32.const 0))) atomic.fence "
                      "(drop (memory.atomic.notify (i32.const 0) (i32.const 1)))");
  EXPECT_EQ(b, (Bytes{0x41, 0x00, 0xFE, 0x10, 0x02, 0x04, 0x1A, 0xFE, 0x03, 0x00, 0x41, 0x00,
                      0x41, 0x01, 0xFE, 0x00, 0x02, 0x00, 0x1A, 0x0B}));
}

}  // namespace
}  // namespace skiff::text
