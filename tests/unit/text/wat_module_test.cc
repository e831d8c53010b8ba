// WAT parser: module fields, types and their abbreviations.
#include <gtest/gtest.h>

#include "text/lexer.h"
#include "wat_test_util.h"

namespace skiff::text {
namespace {

using namespace wat_test;
using ir::HeapKind;
using ir::HeapType;
using ir::ValType;

ValType ref(uint32_t type, bool null) { return ValType::ref(HeapType::concrete(type), null); }
ValType absref(HeapKind k, bool null) { return ValType::ref(HeapType::abstract(k), null); }

TEST(WatModule, EmptyForms) {
  EXPECT_TRUE(parse_ok("").types.empty());
  EXPECT_TRUE(parse_ok("(module)").funcs.empty());
  EXPECT_TRUE(parse_ok("(module $m)").funcs.empty());
  EXPECT_TRUE(parse_ok("  ;; comment\n (module (; block ;) ) ").funcs.empty());
  EXPECT_EQ(parse_ok("(func) (func)").funcs.size(), 2u);
  EXPECT_EQ(parse_ok("(module (@custom \"x\" \"y\") (func (@a b) nop))").funcs.size(), 1u);
}

TEST(WatModule, ModuleFormEntry) {
  Lexer lex("(module definition $m (func)) (module $n)");
  ModuleHeader h;
  auto m = parse_module_form(lex, &h);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_TRUE(h.definition);
  EXPECT_EQ(h.id, "$m");
  EXPECT_EQ(m->funcs.size(), 1u);
  auto n = parse_module_form(lex, &h);
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(h.definition);
  EXPECT_EQ(h.id, "$n");
  EXPECT_EQ(lex.peek().kind, TokenKind::Eof);

  Lexer fields("(func) (memory 1))");
  auto f = parse_module_fields(fields);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->memories.size(), 1u);
  EXPECT_EQ(fields.peek().kind, TokenKind::RParen);
}

TEST(WatModule, CustomSections) {
  ir::Module m = parse_ok(
      "(module $m (@custom \"a\" \"x\" \"y\") (type (func))"
      "  (@custom \"b\" (before first) \"\")"
      "  (@custom \"c\" (after func))"
      "  (@custom \"d\" (before global) \"\\01\")"
      "  (@custom \"e\" (after last)) (func))");
  ASSERT_EQ(m.customs.size(), 5u);
  EXPECT_EQ(m.customs[0].name, "a");
  EXPECT_EQ(m.customs[0].bytes, (Bytes{'x', 'y'}));
  EXPECT_EQ(m.customs[0].after, ir::SectionId::Data);
  EXPECT_EQ(m.customs[1].after, ir::SectionId::Custom);
  EXPECT_EQ(m.customs[2].after, ir::SectionId::Function);
  EXPECT_EQ(m.customs[3].after, ir::SectionId::Tag);
  EXPECT_EQ(m.customs[3].bytes, Bytes{1});
  EXPECT_EQ(m.customs[4].after, ir::SectionId::Data);
  EXPECT_EQ(m.names.module, "m");
  EXPECT_EQ(parse_ok("(@custom \"x\" \"\") (func)").customs.size(), 1u);

  EXPECT_EQ(error_message("(@custom)"), "@custom annotation: missing section name");
  EXPECT_EQ(error_message("(@custom \"a\" (aft type))"), "@custom annotation: malformed placement");
  EXPECT_EQ(error_message("(@custom \"a\" (before types))"),
            "@custom annotation: malformed section kind");
  EXPECT_EQ(error_message("(@custom \"a\" here)"), "@custom annotation: unexpected token");
  EXPECT_EQ(error_message("(func (@custom \"a\"))"), "misplaced @custom annotation");
  // Other annotations are skipped anywhere.
  EXPECT_EQ(parse_ok("(func (@name \"f\") (@x (y) \"z\") nop)").customs.size(), 0u);
}

TEST(WatModule, FuncTypes) {
  ir::Module m = parse_ok(
      "(type $t (func (param i32 i64) (param $x f32) (result f64 v128)))"
      "(type (func))");
  ASSERT_EQ(m.types.size(), 2u);
  const ir::FuncType& ft = m.types[0].comp.func;
  EXPECT_EQ(ft.params, (std::vector<ValType>{ir::kI32, ir::kI64, ir::kF32}));
  EXPECT_EQ(ft.results, (std::vector<ValType>{ir::kF64, ir::kV128}));
  EXPECT_TRUE(m.types[0].final);
  EXPECT_FALSE(m.types[0].explicit_sub);
  ASSERT_EQ(m.rec_groups.size(), 2u);
  EXPECT_EQ(m.rec_groups[1], (ir::RecGroup{1, 1, false}));
  ASSERT_EQ(m.names.types.size(), 1u);
  EXPECT_EQ(m.names.types[0], (ir::NameAssoc{0, "t"}));
}

TEST(WatModule, RecSubStructArray) {
  ir::Module m = parse_ok(
      "(rec"
      "  (type $a (sub (struct (field $x (mut i8)) (field i32 i64))))"
      "  (type $b (sub final $a (struct (field $x (mut i8)) (field i32 i64)"
      "                                 (field $next (ref null $b))))))"
      "(type $arr (array (mut f32)))"
      "(type $s (sub $arr (array i16)))"
      "(type (struct))");
  ASSERT_EQ(m.types.size(), 5u);
  ASSERT_EQ(m.rec_groups.size(), 4u);
  EXPECT_EQ(m.rec_groups[0], (ir::RecGroup{0, 2, true}));
  EXPECT_EQ(m.rec_groups[1], (ir::RecGroup{2, 1, false}));
  const ir::SubType& a = m.types[0];
  EXPECT_FALSE(a.final);
  EXPECT_TRUE(a.explicit_sub);
  EXPECT_TRUE(a.supers.empty());
  ASSERT_EQ(a.comp.kind, ir::CompKind::Struct);
  ASSERT_EQ(a.comp.struct_.fields.size(), 3u);
  EXPECT_EQ(a.comp.struct_.fields[0], (ir::FieldType{ValType::num(ir::ValKind::I8), true}));
  EXPECT_EQ(a.comp.struct_.fields[2], (ir::FieldType{ir::kI64, false}));
  const ir::SubType& b = m.types[1];
  EXPECT_TRUE(b.final);
  EXPECT_EQ(b.supers, std::vector<uint32_t>{0});
  EXPECT_EQ(b.comp.struct_.fields[3].type, ref(1, true));
  EXPECT_EQ(m.types[2].comp.kind, ir::CompKind::Array);
  EXPECT_EQ(m.types[2].comp.array.elem, (ir::FieldType{ir::kF32, true}));
  EXPECT_EQ(m.types[3].supers, std::vector<uint32_t>{2});
  EXPECT_EQ(m.types[3].comp.array.elem.type, ValType::num(ir::ValKind::I16));
  EXPECT_TRUE(m.types[4].comp.struct_.fields.empty());
  // Field names per type.
  ASSERT_EQ(m.names.fields.size(), 2u);
  EXPECT_EQ(m.names.fields[0].index, 0u);
  EXPECT_EQ(m.names.fields[1].index, 1u);
  EXPECT_EQ(m.names.fields[1].names[1], (ir::NameAssoc{3, "next"}));
}

TEST(WatModule, ValueTypes) {
  ir::Module m = parse_ok(
      "(type $t (func))"
      "(type (func (param funcref externref anyref eqref i31ref structref arrayref exnref"
      "                   nullref nullfuncref nullexternref nullexnref)"
      "            (param (ref func) (ref null extern) (ref $t) (ref null 0) (ref none))))");
  const auto& p = m.types[1].comp.func.params;
  ASSERT_EQ(p.size(), 17u);
  EXPECT_EQ(p[0], ir::funcref());
  EXPECT_EQ(p[1], ir::externref());
  EXPECT_EQ(p[2], absref(HeapKind::Any, true));
  EXPECT_EQ(p[7], absref(HeapKind::Exn, true));
  EXPECT_EQ(p[8], absref(HeapKind::None, true));
  EXPECT_EQ(p[11], absref(HeapKind::NoExn, true));
  EXPECT_EQ(p[12], absref(HeapKind::Func, false));
  EXPECT_EQ(p[13], absref(HeapKind::Extern, true));
  EXPECT_EQ(p[14], ref(0, false));
  EXPECT_EQ(p[15], ref(0, true));
  EXPECT_EQ(p[16], absref(HeapKind::None, false));
}

TEST(WatModule, ImplicitTypeInsertion) {
  ir::Module m = parse_ok(
      "(func $f (result f64) (f64.const 0))"  // new type 2 (after the explicit ones)
      "(func $g (param i32))"                 // reuses $t
      "(type $t (func (param i32)))"
      "(type $open (sub (func (result i32))))"  // not final: never reused
      "(rec (type $r (func (result i64))))"     // a rec group of one: reused
      "(func (result f64))"                     // reuses type 3
      "(func (type $t) (param i32))"
      "(func (result i32))"                     // new type 4
      "(func (result i64))"                     // reuses $r
      "(func (param i32) (result i32) (block (param i32) (result i32)))");  // new type 5
  ASSERT_EQ(m.types.size(), 6u);
  EXPECT_EQ(m.funcs[0].type_index, 3u);
  EXPECT_EQ(m.funcs[1].type_index, 0u);
  EXPECT_EQ(m.funcs[2].type_index, 3u);
  EXPECT_EQ(m.funcs[3].type_index, 0u);
  EXPECT_EQ(m.funcs[4].type_index, 4u);
  EXPECT_EQ(m.funcs[5].type_index, 2u);
  EXPECT_EQ(m.funcs[6].type_index, 5u);
  EXPECT_EQ(m.types[3].comp.func.results, std::vector<ValType>{ir::kF64});
  EXPECT_EQ(m.types[4].comp.func.results, std::vector<ValType>{ir::kI32});
  ASSERT_EQ(m.rec_groups.size(), 6u);
  EXPECT_EQ(m.rec_groups[5], (ir::RecGroup{5, 1, false}));
  // The block's type use reuses type 5 (same signature).
  EXPECT_EQ(body(m, 6), (Bytes{0x02, 0x05, 0x0B, 0x0B}));
}

TEST(WatModule, ImportsAndExports) {
  ir::Module m = parse_ok(
      "(import \"m\" \"f\" (func $f (param i32)))"
      "(import \"m\" \"t\" (table $t 1 2 funcref))"
      "(import \"m\" \"mem\" (memory $mem i64 1))"
      "(import \"m\" \"g\" (global $g (mut i32)))"
      "(import \"m\" \"e\" (tag $e (param i64)))"
      "(func $h (import \"n\" \"h\") (result i32))"
      "(global $g2 (import \"n\" \"g2\") f32)"
      "(func $own (export \"own\") (export \"own2\") (call $h) drop)"
      "(export \"f\" (func $f))"
      "(export \"t\" (table $t))"
      "(export \"mem\" (memory $mem))"
      "(export \"g\" (global $g2))"
      "(export \"e\" (tag $e))");
  ASSERT_EQ(m.imports.size(), 7u);
  EXPECT_EQ(m.num_imported_funcs, 2u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 2u);
  EXPECT_EQ(m.num_imported_tags, 1u);
  EXPECT_EQ(m.imports[0].module, "m");
  EXPECT_EQ(m.imports[0].name, "f");
  EXPECT_EQ(m.imports[0].kind, ir::ExternKind::Func);
  EXPECT_EQ(m.types[m.imports[0].func_type].comp.func.params, std::vector<ValType>{ir::kI32});
  EXPECT_EQ(m.imports[1].table.limits.max, 2u);
  EXPECT_TRUE(m.imports[2].memory.limits.is64);
  EXPECT_TRUE(m.imports[3].global.mut);
  EXPECT_EQ(m.imports[5].name, "h");
  EXPECT_EQ(m.imports[6].global.type, ir::kF32);
  ASSERT_EQ(m.exports.size(), 7u);
  EXPECT_EQ(m.exports[0], (ir::Export{"own", ir::ExternKind::Func, 2}));
  EXPECT_EQ(m.exports[1], (ir::Export{"own2", ir::ExternKind::Func, 2}));
  EXPECT_EQ(m.exports[2], (ir::Export{"f", ir::ExternKind::Func, 0}));
  EXPECT_EQ(m.exports[5], (ir::Export{"g", ir::ExternKind::Global, 1}));
  EXPECT_EQ(m.exports[6], (ir::Export{"e", ir::ExternKind::Tag, 0}));
  EXPECT_EQ(body(m), (Bytes{0x10, 0x01, 0x1A, 0x0B}));
  ASSERT_EQ(m.names.funcs.size(), 3u);
  EXPECT_EQ(m.names.funcs[2], (ir::NameAssoc{2, "own"}));
}

TEST(WatModule, Tables) {
  ir::Module m = parse_ok(
      "(type $ft (func))"
      "(table $a 10 20 funcref)"
      "(table i64 1 externref)"
      "(table 1 (ref $ft) (ref.func $f))"
      "(table $d (export \"d\") funcref (elem $f $f))"
      "(table i64 (ref null func) (elem (ref.func $f) (item ref.null func)))"
      "(func $f)");
  ASSERT_EQ(m.tables.size(), 5u);
  EXPECT_EQ(m.tables[0].type.limits.min, 10u);
  EXPECT_EQ(m.tables[0].type.limits.max, 20u);
  EXPECT_FALSE(m.tables[0].init.has_value());
  EXPECT_TRUE(m.tables[1].type.limits.is64);
  EXPECT_EQ(m.tables[1].type.elem, ir::externref());
  EXPECT_EQ(m.tables[2].type.elem, ref(0, false));
  ASSERT_TRUE(m.tables[2].init.has_value());
  EXPECT_EQ(m.tables[2].init->bytes, (Bytes{0xD2, 0x00, 0x0B}));
  EXPECT_EQ(m.tables[3].type.limits.min, 2u);
  EXPECT_EQ(m.tables[3].type.limits.max, 2u);
  EXPECT_TRUE(m.tables[4].type.limits.is64);
  ASSERT_EQ(m.elems.size(), 2u);
  const ir::ElemSegment& e = m.elems[0];
  EXPECT_EQ(e.mode, ir::SegmentMode::Active);
  EXPECT_EQ(e.table, 3u);
  EXPECT_EQ(e.offset.bytes, (Bytes{0x41, 0x00, 0x0B}));
  EXPECT_EQ(e.type, ir::funcref());
  ASSERT_EQ(e.items.size(), 2u);
  EXPECT_EQ(e.items[1].bytes, (Bytes{0xD2, 0x00, 0x0B}));
  EXPECT_EQ(m.elems[1].offset.bytes, (Bytes{0x42, 0x00, 0x0B}));
  EXPECT_EQ(m.elems[1].items[1].bytes, (Bytes{0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.exports[0], (ir::Export{"d", ir::ExternKind::Table, 3}));
}

TEST(WatModule, Memories) {
  ir::Module m = parse_ok(
      "(memory $a 1 2)"
      "(memory i64 3)"
      "(memory 1 2 shared)"
      "(memory 0 10 (pagesize 1))"
      "(memory $d (data \"abc\" \"de\"))"
      "(memory (pagesize 1) (data \"xyz\"))"
      "(memory i64 (data))");
  ASSERT_EQ(m.memories.size(), 7u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_EQ(m.memories[0].limits.max, 2u);
  EXPECT_TRUE(m.memories[1].limits.is64);
  EXPECT_FALSE(m.memories[1].limits.max.has_value());
  EXPECT_TRUE(m.memories[2].limits.shared);
  EXPECT_EQ(m.memories[3].page_size_log2, 0u);
  EXPECT_EQ(m.memories[4].limits.min, 1u);
  EXPECT_EQ(m.memories[4].limits.max, 1u);
  EXPECT_EQ(m.memories[5].limits.min, 3u);
  EXPECT_EQ(m.memories[6].limits.min, 0u);
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.datas[0].memory, 4u);
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'a', 'b', 'c', 'd', 'e'}));
  EXPECT_EQ(m.datas[0].offset.bytes, (Bytes{0x41, 0x00, 0x0B}));
  EXPECT_EQ(m.datas[2].offset.bytes, (Bytes{0x42, 0x00, 0x0B}));
}

TEST(WatModule, GlobalsTagsStart) {
  ir::Module m = parse_ok(
      "(global $g (mut i32) (i32.const 1))"
      "(global $h (export \"h\") i64 i64.const 2)"
      "(global (ref null func) (ref.func $f))"
      "(global f32 (global.get $g))"
      "(tag $e (param i32 f32))"
      "(tag (export \"t\") (type $tt))"
      "(type $tt (func (param i64)))"
      "(func $f)"
      "(start $f)");
  ASSERT_EQ(m.globals.size(), 4u);
  EXPECT_TRUE(m.globals[0].type.mut);
  EXPECT_EQ(m.globals[0].init.bytes, (Bytes{0x41, 0x01, 0x0B}));
  EXPECT_EQ(m.globals[1].init.bytes, (Bytes{0x42, 0x02, 0x0B}));
  EXPECT_EQ(m.globals[2].type.type, ir::funcref());
  EXPECT_EQ(m.globals[3].init.bytes, (Bytes{0x23, 0x00, 0x0B}));
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.types[m.tags[0].type_index].comp.func.params,
            (std::vector<ValType>{ir::kI32, ir::kF32}));
  EXPECT_EQ(m.tags[1].type_index, 0u);
  ASSERT_TRUE(m.start.has_value());
  EXPECT_EQ(*m.start, 0u);
  EXPECT_EQ(m.exports[1], (ir::Export{"t", ir::ExternKind::Tag, 1}));
}

TEST(WatModule, ElemSegments) {
  ir::Module m = parse_ok(
      "(table $t 10 funcref) (table $u 10 externref)"
      "(func $a) (func $b)"
      "(elem (i32.const 0) $a $b)"                             // 0: MVP abbreviation
      "(elem $p func $a)"                                      // 1: passive
      "(elem declare func $b)"                                 // 2
      "(elem (table $u) (offset (i32.const 1)) externref (ref.null extern))"  // 3
      "(elem (table $t) (i32.const 2) func $b $a)"             // 4
      "(elem $q funcref (ref.func $a) (item (ref.null func)))"  // 5
      "(elem (offset i32.const 3) funcref (item ref.func $b))"  // 6
      "(elem 0 (i32.const 4) $a)"                              // 7: MVP table index
      "(func (elem.drop $p) (elem.drop $q))");
  ASSERT_EQ(m.elems.size(), 8u);
  const auto& e0 = m.elems[0];
  EXPECT_EQ(e0.mode, ir::SegmentMode::Active);
  EXPECT_EQ(e0.table, 0u);
  EXPECT_TRUE(e0.implicit_table);
  EXPECT_TRUE(e0.func_indices);
  EXPECT_EQ(e0.type, absref(HeapKind::Func, false));
  EXPECT_EQ(e0.items[1].bytes, (Bytes{0xD2, 0x01, 0x0B}));
  EXPECT_EQ(m.elems[1].mode, ir::SegmentMode::Passive);
  EXPECT_EQ(m.elems[2].mode, ir::SegmentMode::Declarative);
  EXPECT_EQ(m.elems[3].table, 1u);
  EXPECT_FALSE(m.elems[3].implicit_table);
  EXPECT_EQ(m.elems[3].type, ir::externref());
  EXPECT_EQ(m.elems[3].offset.bytes, (Bytes{0x41, 0x01, 0x0B}));
  EXPECT_EQ(m.elems[3].items[0].bytes, (Bytes{0xD0, 0x6F, 0x0B}));
  EXPECT_EQ(m.elems[4].table, 0u);
  EXPECT_FALSE(m.elems[4].implicit_table);
  EXPECT_EQ(m.elems[4].items[0].bytes, (Bytes{0xD2, 0x01, 0x0B}));
  EXPECT_EQ(m.elems[5].mode, ir::SegmentMode::Passive);
  EXPECT_FALSE(m.elems[5].func_indices);
  EXPECT_EQ(m.elems[5].items[1].bytes, (Bytes{0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.elems[6].offset.bytes, (Bytes{0x41, 0x03, 0x0B}));
  EXPECT_TRUE(m.elems[6].implicit_table);
  EXPECT_EQ(m.elems[7].offset.bytes, (Bytes{0x41, 0x04, 0x0B}));
  EXPECT_EQ(body(m, 2), (Bytes{0xFC, 0x0D, 0x01, 0xFC, 0x0D, 0x05, 0x0B}));
}

TEST(WatModule, InlineSegmentsTakeIndices) {
  // The inline (elem ...) of a table and (data ...) of a memory are segments
  // 0; the explicit ones after them are 1.
  ir::Module m = parse_ok(
      "(table funcref (elem $f)) (elem $e func $f)"
      "(memory (data \"x\")) (data $d \"y\")"
      "(func $f (elem.drop $e) (data.drop $d))");
  EXPECT_EQ(body(m), (Bytes{0xFC, 0x0D, 0x01, 0xFC, 0x09, 0x01, 0x0B}));
  ASSERT_EQ(m.names.elems.size(), 1u);
  EXPECT_EQ(m.names.elems[0], (ir::NameAssoc{1, "e"}));
}

TEST(WatModule, DataSegments) {
  ir::Module m = parse_ok(
      "(memory $m 1) (memory $n 1)"
      "(data (i32.const 0) \"a\" \"b\")"
      "(data $p \"passive\")"
      "(data (memory $n) (offset (i32.const 8)) \"\\01\\02\")"
      "(data (memory 1) (i32.const 9))"
      "(data 0 (i32.const 10) \"z\")"
      "(data $e)");
  ASSERT_EQ(m.datas.size(), 6u);
  EXPECT_EQ(m.datas[0].mode, ir::SegmentMode::Active);
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'a', 'b'}));
  EXPECT_EQ(m.datas[1].mode, ir::SegmentMode::Passive);
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_EQ(m.datas[2].offset.bytes, (Bytes{0x41, 0x08, 0x0B}));
  EXPECT_EQ(m.datas[2].bytes, (Bytes{1, 2}));
  EXPECT_EQ(m.datas[3].memory, 1u);
  EXPECT_TRUE(m.datas[3].bytes.empty());
  EXPECT_EQ(m.datas[4].offset.bytes, (Bytes{0x41, 0x0A, 0x0B}));
  EXPECT_EQ(m.datas[5].mode, ir::SegmentMode::Passive);
  ASSERT_EQ(m.names.datas.size(), 2u);
  EXPECT_EQ(m.names.datas[1], (ir::NameAssoc{5, "e"}));
}

TEST(WatModule, ForwardReferencesAndNames) {
  ir::Module m = parse_ok(
      "(func $first (param $x i32) (local $y i64) (local f32 f32)"
      "  (call $second (local.get $x)) (global.set $g (i32.const 0))"
      "  (drop (local.get $y)) (drop (local.get 3)))"
      "(func $second (param i32))"
      "(global $g (mut i32) (i32.const 0))");
  EXPECT_EQ(body(m), (Bytes{0x20, 0x00, 0x10, 0x01, 0x41, 0x00, 0x24, 0x00, 0x20, 0x01, 0x1A,
                            0x20, 0x03, 0x1A, 0x0B}));
  ASSERT_EQ(m.funcs[0].locals.size(), 2u);
  EXPECT_EQ(m.funcs[0].locals[0], (ir::LocalRun{1, ir::kI64}));
  EXPECT_EQ(m.funcs[0].locals[1], (ir::LocalRun{2, ir::kF32}));
  ASSERT_EQ(m.names.locals.size(), 1u);
  EXPECT_EQ(m.names.locals[0].index, 0u);
  ASSERT_EQ(m.names.locals[0].names.size(), 2u);
  EXPECT_EQ(m.names.locals[0].names[1], (ir::NameAssoc{1, "y"}));
  EXPECT_EQ(m.names.globals[0], (ir::NameAssoc{0, "g"}));
  EXPECT_FALSE(m.has_name_section);
}

TEST(WatModule, TypeUseParamsFromType) {
  // Params of a `(type $t)` use are locals 0.. even without inline params.
  ir::Module m = parse_ok(
      "(type $t (func (param i32 i64)))"
      "(func (type $t) (local $z f64) (drop (local.get $z)))");
  EXPECT_EQ(body(m), (Bytes{0x20, 0x02, 0x1A, 0x0B}));
}

TEST(WatModule, QuotedIdentifiers) {
  ir::Module m = parse_ok("(func $\"a b\" (call $\"a b\")) (export \"x\" (func $\"a b\"))");
  EXPECT_EQ(body(m), (Bytes{0x10, 0x00, 0x0B}));
  EXPECT_EQ(m.names.funcs[0].name, "a b");
}

}  // namespace
}  // namespace skiff::text
