// The WAST script parser (src/text/wast.h).
#include <gtest/gtest.h>

#include "text/wast.h"

namespace skiff::text {
namespace {

using K = Command::Kind;

Script parse_ok(std::string_view src) {
  auto r = parse_wast(src);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(*r) : Script{};
}

TEST(WastParser, ModuleForms) {
  Script s = parse_ok(
      "(module $a (func))\n"
      "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(module $q quote \"(func\" \" (nop))\")\n"
      "(module definition $d (memory 1))\n"
      "(module instance $i $d)\n"
      "(module instance $d)\n"
      "(module definition binary \"\\00asm\\01\\00\\00\\00\")\n");
  ASSERT_EQ(s.commands.size(), 7u);
  const Command& a = s.commands[0];
  EXPECT_EQ(a.kind, K::Module);
  EXPECT_EQ(a.line, 1u);
  EXPECT_EQ(a.module->id, "$a");
  EXPECT_EQ(a.module->form, WastModule::Form::Text);
  EXPECT_FALSE(a.module->error.has_value());
  EXPECT_EQ(a.module->module.funcs.size(), 1u);

  const Command& b = s.commands[1];
  EXPECT_EQ(b.module->form, WastModule::Form::Binary);
  EXPECT_EQ(b.module->bytes, (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));
  EXPECT_EQ(b.line, 2u);

  const Command& q = s.commands[2];
  EXPECT_EQ(q.module->form, WastModule::Form::Quote);
  EXPECT_EQ(q.module->id, "$q");
  EXPECT_EQ(q.module->text, "(func (nop))");

  EXPECT_TRUE(s.commands[3].module->definition);
  EXPECT_EQ(s.commands[3].module->id, "$d");
  EXPECT_EQ(s.commands[3].module->module.memories.size(), 1u);

  EXPECT_EQ(s.commands[4].kind, K::Instance);
  EXPECT_EQ(s.commands[4].instance_id, "$i");
  EXPECT_EQ(s.commands[4].module_id, "$d");
  EXPECT_EQ(s.commands[5].instance_id, "");
  EXPECT_EQ(s.commands[5].module_id, "$d");
  EXPECT_TRUE(s.commands[6].module->definition);
  EXPECT_EQ(s.commands[6].module->form, WastModule::Form::Binary);
}

TEST(WastParser, BadTextModuleDoesNotStopTheScript) {
  Script s = parse_ok(
      "(module (func (i32.bogus)))\n"
      "(assert_invalid (module (func (result i32) (nop (unknown)))) \"x\")\n"
      "(module (func))\n");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_TRUE(s.commands[0].module->error.has_value());
  EXPECT_EQ(s.commands[0].module->error->line, 1u);
  EXPECT_TRUE(s.commands[1].module->error.has_value());
  EXPECT_EQ(s.commands[1].message, "x");
  EXPECT_FALSE(s.commands[2].module->error.has_value());
}

TEST(WastParser, ActionsAndConstants) {
  Script s = parse_ok(
      "(register \"M\" $m)\n"
      "(invoke $m \"f\" (i32.const -1) (i64.const 0xffffffffffffffff) (f32.const nan:0x200000)"
      " (f64.const -0x1p-1) (v128.const i16x8 1 2 3 4 5 6 7 -1) (ref.null func)"
      " (ref.extern 7) (ref.host 8) (ref.null $t))\n"
      "(get \"g\")\n");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(s.commands[0].kind, K::Register);
  EXPECT_EQ(s.commands[0].name, "M");
  EXPECT_EQ(s.commands[0].instance_id, "$m");
  const WastAction& a = s.commands[1].action;
  EXPECT_EQ(a.kind, WastAction::Kind::Invoke);
  EXPECT_EQ(a.instance, "$m");
  EXPECT_EQ(a.name, "f");
  ASSERT_EQ(a.args.size(), 9u);
  EXPECT_EQ(a.args[0].kind, WastValue::Kind::I32);
  EXPECT_EQ(a.args[0].bits, 0xffffffffu);
  EXPECT_EQ(a.args[1].bits, ~uint64_t(0));
  EXPECT_EQ(a.args[2].kind, WastValue::Kind::F32);
  EXPECT_EQ(a.args[2].bits, 0x7fa00000u);
  EXPECT_EQ(a.args[3].bits, 0xbfe0000000000000u);
  EXPECT_EQ(a.args[4].kind, WastValue::Kind::V128);
  EXPECT_EQ(a.args[4].v128[0], 1);
  EXPECT_EQ(a.args[4].v128[1], 0);
  EXPECT_EQ(a.args[4].v128[14], 0xff);
  EXPECT_EQ(a.args[4].v128[15], 0xff);
  EXPECT_EQ(a.args[5].kind, WastValue::Kind::RefNull);
  EXPECT_EQ(a.args[5].heap.kind, ir::HeapKind::Func);
  EXPECT_EQ(a.args[6].kind, WastValue::Kind::RefExtern);
  EXPECT_EQ(a.args[6].bits, 7u);
  EXPECT_EQ(a.args[7].kind, WastValue::Kind::RefHost);
  EXPECT_EQ(a.args[8].heap_name, "$t");
  EXPECT_EQ(s.commands[2].action.kind, WastAction::Kind::Get);
  EXPECT_EQ(s.commands[2].action.name, "g");
}

TEST(WastParser, ResultPatterns) {
  Script s = parse_ok(
      "(assert_return (invoke \"f\")\n"
      "  (i32.const 4294967295) (f32.const nan:canonical) (f64.const nan:arithmetic)\n"
      "  (v128.const f32x4 nan:canonical 1 -0 nan:arithmetic)\n"
      "  (ref.null) (ref.null any) (ref.extern) (ref.extern 3) (ref.func) (ref.struct)\n"
      "  (ref.array) (ref.i31) (ref.eq) (ref.any) (ref) (ref.exn) (ref.host 2)\n"
      "  (either (i32.const 1) (i32.const 2)))\n");
  ASSERT_EQ(s.commands.size(), 1u);
  const Command& c = s.commands[0];
  EXPECT_EQ(c.kind, K::AssertReturn);
  using RK = WastResult::Kind;
  ASSERT_EQ(c.results.size(), 18u);
  EXPECT_EQ(c.results[0].kind, RK::I32);
  EXPECT_EQ(c.results[0].num.bits, 0xffffffffu);
  EXPECT_EQ(c.results[1].kind, RK::F32);
  EXPECT_EQ(c.results[1].num.nan, NanPattern::Canonical);
  EXPECT_EQ(c.results[2].num.nan, NanPattern::Arithmetic);
  EXPECT_EQ(c.results[3].kind, RK::V128);
  EXPECT_EQ(c.results[3].shape, V128Shape::F32x4);
  EXPECT_EQ(c.results[3].lanes[0].nan, NanPattern::Canonical);
  EXPECT_EQ(c.results[3].lanes[1].bits, 0x3f800000u);
  EXPECT_EQ(c.results[3].lanes[2].bits, 0x80000000u);
  EXPECT_EQ(c.results[3].lanes[3].nan, NanPattern::Arithmetic);
  EXPECT_EQ(c.results[4].kind, RK::RefNull);
  EXPECT_FALSE(c.results[4].has_heap);
  EXPECT_TRUE(c.results[5].has_heap);
  EXPECT_EQ(c.results[5].heap.kind, ir::HeapKind::Any);
  EXPECT_EQ(c.results[6].kind, RK::RefExtern);
  EXPECT_FALSE(c.results[6].has_number);
  EXPECT_TRUE(c.results[7].has_number);
  EXPECT_EQ(c.results[7].number, 3u);
  EXPECT_EQ(c.results[8].kind, RK::RefFunc);
  EXPECT_EQ(c.results[9].kind, RK::RefStruct);
  EXPECT_EQ(c.results[10].kind, RK::RefArray);
  EXPECT_EQ(c.results[11].kind, RK::RefI31);
  EXPECT_EQ(c.results[12].kind, RK::RefEq);
  EXPECT_EQ(c.results[13].kind, RK::RefAny);
  EXPECT_EQ(c.results[14].kind, RK::RefAny);
  EXPECT_EQ(c.results[15].kind, RK::RefExn);
  EXPECT_EQ(c.results[16].kind, RK::RefHost);
  EXPECT_EQ(c.results[17].kind, RK::Either);
  ASSERT_EQ(c.results[17].either.size(), 2u);
  EXPECT_EQ(c.results[17].either[1].num.bits, 2u);
}

TEST(WastParser, Assertions) {
  Script s = parse_ok(
      "(assert_trap (invoke \"t\") \"unreachable\")\n"
      "(assert_trap (module (func $f unreachable) (start $f)) \"unreachable\")\n"
      "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
      "(assert_exception (invoke \"e\"))\n"
      "(assert_malformed (module quote \"(func\") \"unexpected end\")\n"
      "(assert_invalid (module binary \"\\00asm\\01\\00\\00\\00\") \"type mismatch\")\n"
      "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n"
      "(assert_unlinkable (module instance $i $m) \"incompatible import type\")\n"
      "(assert_uninstantiable (module (func)) \"x\")\n");
  ASSERT_EQ(s.commands.size(), 9u);
  EXPECT_EQ(s.commands[0].kind, K::AssertTrap);
  EXPECT_EQ(s.commands[0].message, "unreachable");
  EXPECT_EQ(s.commands[1].kind, K::AssertUninstantiable);
  EXPECT_TRUE(s.commands[1].module.has_value());
  EXPECT_EQ(s.commands[2].kind, K::AssertExhaustion);
  EXPECT_EQ(s.commands[3].kind, K::AssertException);
  EXPECT_EQ(s.commands[4].kind, K::AssertMalformed);
  EXPECT_EQ(s.commands[4].module->text, "(func");
  EXPECT_EQ(s.commands[5].kind, K::AssertInvalid);
  EXPECT_EQ(s.commands[5].module->form, WastModule::Form::Binary);
  EXPECT_EQ(s.commands[6].kind, K::AssertUnlinkable);
  EXPECT_FALSE(s.commands[6].is_instance);
  EXPECT_EQ(s.commands[7].kind, K::AssertUnlinkable);
  EXPECT_TRUE(s.commands[7].is_instance);
  EXPECT_EQ(s.commands[7].instance_id, "$i");
  EXPECT_EQ(s.commands[7].module_id, "$m");
  EXPECT_EQ(s.commands[8].kind, K::AssertUninstantiable);
  for (size_t i = 0; i < s.commands.size(); ++i) EXPECT_EQ(s.commands[i].line, i + 1);
}

TEST(WastParser, ThreadsAnnotationsAndMeta) {
  Script s = parse_ok(
      "(@custom \"x\" (nested (@y)))\n"
      "(module $Mem (memory 1 1 shared))\n"
      "(thread $T (shared (module $Mem))\n"
      "  (register \"mem\" $Mem)\n"
      "  (invoke \"run\"))\n"
      "(wait $T)\n"
      "(script $s (module))\n");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[1].kind, K::Thread);
  EXPECT_EQ(s.commands[1].instance_id, "$T");
  ASSERT_EQ(s.commands[1].shared.size(), 1u);
  EXPECT_EQ(s.commands[1].shared[0], "$Mem");
  ASSERT_EQ(s.commands[1].body.size(), 2u);
  EXPECT_EQ(s.commands[1].body[0].kind, K::Register);
  EXPECT_EQ(s.commands[1].body[1].line, 5u);
  EXPECT_EQ(s.commands[2].kind, K::Wait);
  EXPECT_EQ(s.commands[3].kind, K::Module);
}

TEST(WastParser, ScriptErrors) {
  const char* bad[] = {
      "(bogus)",
      "(module",
      "(assert_return (invoke \"f\") (i32.const 0x100000000))",
      "(assert_return (invoke \"f\") (i64.const 1.5))",
      "(invoke \"f\" (v128.const i32x4 1 2 3))",
      "(assert_trap (invoke \"f\"))",
      "(register $x)",
      "\"stray\"",
      "(module binary \"\\zz\")",
      "(either)",
  };
  for (const char* src : bad) {
    auto r = parse_wast(src);
    EXPECT_FALSE(r.ok()) << src;
    if (!r.ok()) {
      EXPECT_GT(r.error().line, 0u) << src;
    }
  }
}

TEST(WastParser, EmptyScript) {
  Script s = parse_ok(" ;; nothing\n (; at all ;) ");
  EXPECT_TRUE(s.commands.empty());
}

TEST(WastParser, Spellings) {
  WastResult r;
  r.kind = WastResult::Kind::F32;
  r.num.nan = NanPattern::Canonical;
  EXPECT_EQ(to_string(r), "f32:nan:canonical");
  WastValue v;
  v.kind = WastValue::Kind::I32;
  v.bits = 42;
  EXPECT_EQ(to_string(v), "i32:0x0000002a");
  EXPECT_STREQ(to_string(K::AssertInvalid), "assert_invalid");
  EXPECT_EQ(lane_count(V128Shape::I16x8), 8u);
  EXPECT_EQ(lane_bytes(V128Shape::F64x2), 8u);
}

}  // namespace
}  // namespace skiff::text
