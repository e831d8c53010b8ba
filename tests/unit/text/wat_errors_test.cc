// WAT parser: malformed text, with the spec testsuite's wording and line:column.
#include <gtest/gtest.h>

#include <string>

#include "wat_test_util.h"

namespace skiff::text {
namespace {

using namespace wat_test;

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST(WatErrors, Positions) {
  EXPECT_EQ(parse_error("(module\n  (func (i32.foo)))"), "2:10: unknown operator i32.foo");
  EXPECT_EQ(parse_error("(func\n  (call $nope))"), "2:9: unknown function $nope");
  EXPECT_EQ(parse_error("(module (func) 42)"), "1:16: unexpected token");
  EXPECT_EQ(parse_error("(func (local i32) (param i32))"), "1:19: unexpected token");
  EXPECT_EQ(parse_error("(module (func)) (func)"), "1:17: unexpected token");
  EXPECT_EQ(parse_error("(module (func)"), "1:15: unexpected token");
}

TEST(WatErrors, UnknownIdentifiers) {
  EXPECT_TRUE(starts_with(error_message("(func (br $l))"), "unknown label"));
  EXPECT_TRUE(starts_with(error_message("(func (block $l (br_table $l $m (i32.const 0))))"),
                          "unknown label"));
  EXPECT_TRUE(starts_with(error_message("(func (type $t))"), "unknown type"));
  EXPECT_TRUE(starts_with(error_message("(func (local.get $x))"), "unknown local"));
  EXPECT_TRUE(starts_with(error_message("(func (global.get $g))"), "unknown global"));
  EXPECT_TRUE(starts_with(error_message("(func (table.size $t))"), "unknown table"));
  EXPECT_TRUE(starts_with(error_message("(func (memory.size $m))"), "unknown memory"));
  EXPECT_TRUE(starts_with(error_message("(func (throw $e))"), "unknown tag"));
  EXPECT_TRUE(starts_with(error_message("(func (data.drop $d))"), "unknown data segment"));
  EXPECT_TRUE(starts_with(error_message("(func (elem.drop $e))"), "unknown elem segment"));
  EXPECT_TRUE(starts_with(error_message("(type $s (struct)) (func (param (ref $s)) "
                                        "(drop (struct.get $s $x (local.get 0))))"),
                          "unknown field"));
  EXPECT_TRUE(starts_with(error_message("(export \"f\" (func $f))"), "unknown function"));
  // A local of the global scope is not visible in a constant expression.
  EXPECT_TRUE(starts_with(error_message("(global i32 (local.get $x))"), "unknown local"));
  // A label is not visible outside its block.
  EXPECT_TRUE(starts_with(error_message("(func (block $l) (br $l))"), "unknown label"));
  // Numeric indices out of range are left to the validator.
  EXPECT_EQ(error_message("(func (call 7) (local.get 9) (br 5))"), "ok");
}

TEST(WatErrors, Duplicates) {
  EXPECT_EQ(error_message("(func $f) (func $f)"), "duplicate func");
  EXPECT_EQ(error_message("(import \"\" \"\" (func $f)) (func $f)"), "duplicate func");
  EXPECT_EQ(error_message("(func (param $x i32) (local $x i32))"), "duplicate local");
  EXPECT_EQ(error_message("(func (param $x i32) (param $x i32))"), "duplicate local");
  EXPECT_EQ(error_message("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))"),
            "duplicate global");
  EXPECT_EQ(error_message("(memory $m 1) (memory $m 1)"), "duplicate memory");
  EXPECT_EQ(error_message("(table $t 1 funcref) (table $t 1 funcref)"), "duplicate table");
  EXPECT_EQ(error_message("(type $t (func)) (type $t (func))"), "duplicate type");
  EXPECT_EQ(error_message("(type (struct (field $x i32) (field $x i32)))"), "duplicate field");
  EXPECT_EQ(error_message("(tag $e) (tag $e)"), "duplicate tag");
  EXPECT_EQ(error_message("(elem $e func) (elem $e func)"), "duplicate elem");
  EXPECT_EQ(error_message("(data $d) (data $d)"), "duplicate data");
  // The same name in different spaces is fine; labels may shadow.
  EXPECT_EQ(error_message("(func $x (param $x i32) (block $x (block $x))) (global $x i32 "
                          "(i32.const 0))"),
            "ok");
}

TEST(WatErrors, InlineFunctionType) {
  const char* t = "(type $sig (func (param i32) (result i32)))";
  auto msg = [&](const char* rest) { return error_message(std::string(t) + rest); };
  EXPECT_TRUE(starts_with(msg("(func (type $sig) (result i32) (i32.const 0))"),
                          "inline function type"));
  EXPECT_TRUE(starts_with(msg("(func (type $sig) (param i32))"), "inline function type"));
  EXPECT_TRUE(starts_with(msg("(func (i32.const 0) (block (type $sig) (param i32) (drop)))"),
                          "inline function type"));
  EXPECT_TRUE(starts_with(msg("(table 0 funcref) (func (result i32) (call_indirect (type $sig) "
                              "(result i32) (i32.const 0)))"),
                          "inline function type"));
  EXPECT_EQ(msg("(func (type $sig) (param $p i32) (result i32) (local.get $p))"), "ok");
  // Out-of-order clauses.
  EXPECT_EQ(msg("(func (param i32) (type $sig) (result i32) (i32.const 0))"), "unexpected token");
  EXPECT_EQ(msg("(func (result i32) (param i32) (i32.const 0))"), "unexpected token");
  EXPECT_EQ(msg("(func (i32.const 0) (block (result i32) (param i32)))"), "unexpected token");
  EXPECT_EQ(msg("(table 0 funcref) (func (call_indirect (param $x i32) (i32.const 0) "
                "(i32.const 0)))"),
            "unexpected token");
  EXPECT_EQ(msg("(func (i32.const 0) (block (param $x i32) (drop)))"), "unexpected token");
  // An inline signature with a type that does not exist.
  EXPECT_TRUE(starts_with(error_message("(func (type 2) (param i32))"), "unknown type"));
}

TEST(WatErrors, ImportOrder) {
  EXPECT_EQ(error_message("(func) (import \"\" \"\" (func))"), "import after function");
  EXPECT_EQ(error_message("(global i64 (i64.const 0)) (import \"\" \"\" (table 0 funcref))"),
            "import after global");
  EXPECT_EQ(error_message("(table 0 funcref) (func (import \"\" \"\"))"), "import after table");
  EXPECT_EQ(error_message("(memory 0) (global (import \"\" \"\") i32)"), "import after memory");
  EXPECT_EQ(error_message("(tag) (import \"\" \"\" (memory 1))"), "import after tag");
  EXPECT_EQ(error_message("(type (func)) (import \"\" \"\" (func)) (export \"x\" (func 0)) "
                          "(import \"\" \"\" (global i32)) (func)"),
            "ok");
}

TEST(WatErrors, Labels) {
  EXPECT_EQ(error_message("(func block end $l)"), "mismatching label");
  EXPECT_EQ(error_message("(func block $a end $l)"), "mismatching label");
  EXPECT_EQ(error_message("(func i32.const 0 if else $l end)"), "mismatching label");
  EXPECT_EQ(error_message("(func i32.const 0 if $a else $a end $l)"), "mismatching label");
  EXPECT_EQ(error_message("(func i32.const 0 if $a else $a end $a)"), "ok");
  EXPECT_EQ(error_message("(func try_table $t end $t)"), "ok");
}

TEST(WatErrors, Immediates) {
  EXPECT_EQ(error_message("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))"),
            "alignment must be a power of two");
  EXPECT_EQ(error_message("(memory 1) (func (drop (i32.load align=0 (i32.const 0))))"),
            "alignment must be a power of two");
  EXPECT_EQ(error_message("(func (result i32) (i8x16.extract_lane_s 256 (v128.const i8x16 0 0 0 "
                          "0 0 0 0 0 0 0 0 0 0 0 0 0)))"),
            "i8 constant out of range");
  EXPECT_EQ(error_message("(func (result i32) (i8x16.extract_lane_s -1 (v128.const i8x16 0 0 0 "
                          "0 0 0 0 0 0 0 0 0 0 0 0 0)))"),
            "unexpected token");
  EXPECT_EQ(error_message("(func (drop (v128.const i32x4 0 0 0)))"),
            "wrong number of lane literals");
  EXPECT_EQ(error_message("(func (drop (v128.const i32x4 0 0 0 0 0)))"),
            "wrong number of lane literals");
  EXPECT_EQ(error_message("(func (drop (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 256)))"),
            "constant out of range");
  EXPECT_EQ(error_message("(func (param v128) (drop (i8x16.shuffle 0 1 2 (local.get 0) "
                          "(local.get 0))))"),
            "invalid lane length");
  EXPECT_EQ(error_message("(func (drop (i32.const 0x1_0000_0000)))"), "constant out of range");
  EXPECT_EQ(error_message("(func (drop (i32.const nan:canonical)))"), "unexpected token");
  EXPECT_EQ(error_message("(func (drop (i64.const 1x)))"), "unknown operator");
  EXPECT_EQ(error_message("(memory 0 (pagesize 3))"), "invalid custom page size");
  EXPECT_EQ(error_message("(func (drop (select (result) (i32.const 0))) (unknown.op))"),
            "unknown operator unknown.op");
}

TEST(WatErrors, Structure) {
  EXPECT_EQ(error_message("(func $a) (func $b) (start $a) (start $b)"), "multiple start sections");
  EXPECT_EQ(error_message("(func (nop) (local i32))"), "unexpected token");
  EXPECT_EQ(error_message("(func (if i32.const 0 (then) (else)))"), "unexpected token");
  EXPECT_EQ(error_message("(func (catch_all))"), "unexpected token");
  EXPECT_EQ(error_message("(func (try (do) (catch_all) (catch_all)))"), "unexpected token");
  EXPECT_EQ(error_message("(tag $e) (func (try (do) (catch $e) (delegate 0)))"),
            "unexpected token");
  EXPECT_EQ(error_message("(func (delegate 0))"), "unexpected token");
  EXPECT_EQ(error_message("(func end)"), "unexpected token");
  EXPECT_EQ(error_message("(func block)"), "unexpected token");
  EXPECT_EQ(error_message("(module (func) (foo))"), "unknown operator foo");
  EXPECT_EQ(error_message("(table 0 anyfunc)"), "unknown operator anyfunc");
  EXPECT_EQ(error_message("(func (get_local 0))"), "unknown operator get_local");
  EXPECT_EQ(error_message("(func (result i32) (i32.const 0)"), "unexpected token");
  EXPECT_EQ(error_message("(import \"a\" \"\\ff\" (func))"), "malformed UTF-8 encoding");
  EXPECT_EQ(error_message("(module binary \"\")"), "unexpected token");
}

TEST(WatErrors, DeepNestingDoesNotCrash) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "(block ";
  for (int i = 0; i < 10000; ++i) deep += ")";
  EXPECT_EQ(error_message("(func " + deep + ")"), "nesting too deep");
  // Flat blocks do not recurse: any depth parses.
  std::string flat = "(func ";
  for (int i = 0; i < 100000; ++i) flat += "block ";
  for (int i = 0; i < 100000; ++i) flat += "end ";
  EXPECT_EQ(error_message(flat + ")"), "ok");
  EXPECT_EQ(error_message("(func block block end)"), "unexpected token");
  std::string folded = "(func (drop ";
  for (int i = 0; i < 10000; ++i) folded += "(i32.add (i32.const 1) ";
  EXPECT_EQ(error_message(folded), "nesting too deep");
  // Moderate nesting is fine.
  std::string ok = "(func ";
  for (int i = 0; i < 100; ++i) ok += "(block ";
  for (int i = 0; i < 100; ++i) ok += ")";
  EXPECT_EQ(error_message(ok + ")"), "ok");
}

}  // namespace
}  // namespace skiff::text
