// Decoding each section from hand-built bytes.
#include <gtest/gtest.h>

#include "binary_test_util.h"

namespace skiff::binary::test {
namespace {

using ir::HeapKind;
using ir::HeapType;
using ir::ValType;

const ValType kRefFunc = ValType::ref(HeapType::abstract(HeapKind::Func), false);

TEST(Decode, EmptyModule) {
  ir::Module m = dec_ok(kHeader);
  EXPECT_EQ(m, ir::Module{});
}

TEST(Decode, FuncTypes) {
  B t;
  t.u32(2);
  t.raw({0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D});        // (i32 i64) -> f32
  t.raw({0x60, 0x01, 0x63, 0x00, 0x02, 0x64, 0x70, 0x6F});  // (ref null 0) -> (ref func) externref
  ir::Module m = dec_ok(module({section(1, t)}));
  ASSERT_EQ(m.types.size(), 2u);
  ASSERT_EQ(m.rec_groups.size(), 2u);
  EXPECT_EQ(m.rec_groups[1], (ir::RecGroup{1, 1, false}));
  const ir::SubType& a = m.types[0];
  EXPECT_TRUE(a.final);
  EXPECT_FALSE(a.explicit_sub);
  EXPECT_EQ(a.comp.kind, ir::CompKind::Func);
  EXPECT_EQ(a.comp.func.params, (std::vector<ValType>{ir::kI32, ir::kI64}));
  EXPECT_EQ(a.comp.func.results, (std::vector<ValType>{ir::kF32}));
  const ir::FuncType& b = m.types[1].comp.func;
  EXPECT_EQ(b.params, (std::vector<ValType>{ValType::ref(HeapType::concrete(0), true)}));
  EXPECT_EQ(b.results, (std::vector<ValType>{kRefFunc, ir::externref()}));
}

TEST(Decode, GcTypesAndRecGroups) {
  B t;
  t.u32(3);
  // rec { sub (struct (field (mut i8)) (field (ref null 1))) ; sub final 0 (array i16) }
  t.raw({0x4E, 0x02});
  t.raw({0x50, 0x00, 0x5F, 0x02, 0x78, 0x01, 0x63, 0x01, 0x00});
  t.raw({0x4F, 0x01, 0x00, 0x5E, 0x77, 0x00});
  // rec {} (empty group)
  t.raw({0x4E, 0x00});
  // sub final () (func), explicitly spelled
  t.raw({0x4F, 0x00, 0x60, 0x00, 0x00});
  ir::Module m = dec_ok(module({section(1, t)}));
  ASSERT_EQ(m.types.size(), 3u);
  ASSERT_EQ(m.rec_groups.size(), 3u);
  EXPECT_EQ(m.rec_groups[0], (ir::RecGroup{0, 2, true}));
  EXPECT_EQ(m.rec_groups[1], (ir::RecGroup{2, 0, true}));
  EXPECT_EQ(m.rec_groups[2], (ir::RecGroup{2, 1, false}));
  const ir::SubType& s = m.types[0];
  EXPECT_FALSE(s.final);
  EXPECT_TRUE(s.explicit_sub);
  EXPECT_TRUE(s.supers.empty());
  ASSERT_EQ(s.comp.kind, ir::CompKind::Struct);
  ASSERT_EQ(s.comp.struct_.fields.size(), 2u);
  EXPECT_EQ(s.comp.struct_.fields[0], (ir::FieldType{ValType::num(ir::ValKind::I8), true}));
  EXPECT_EQ(s.comp.struct_.fields[1],
            (ir::FieldType{ValType::ref(HeapType::concrete(1), true), false}));
  const ir::SubType& a = m.types[1];
  EXPECT_TRUE(a.final);
  EXPECT_EQ(a.supers, std::vector<uint32_t>{0});
  ASSERT_EQ(a.comp.kind, ir::CompKind::Array);
  EXPECT_EQ(a.comp.array.elem, (ir::FieldType{ValType::num(ir::ValKind::I16), false}));
  EXPECT_TRUE(m.types[2].final);
  EXPECT_TRUE(m.types[2].explicit_sub);
}

TEST(Decode, Imports) {
  B t;
  t.u32(1).raw({0x60, 0x00, 0x00});
  B i;
  i.u32(6);
  i.str("m").str("f").raw({0x00, 0x00});                         // func type 0
  i.str("m").str("t").raw({0x01, 0x70, 0x01, 0x01, 0x02});       // table funcref 1..2
  i.str("m").str("mem").raw({0x02, 0x03, 0x01, 0x04});           // shared memory 1..4
  i.str("m").str("g").raw({0x03, 0x7F, 0x01});                   // (mut i32)
  i.str("m").str("e").raw({0x04, 0x00, 0x00});                   // tag type 0
  i.str("m").str("f2").raw({0x00, 0x00});
  ir::Module m = dec_ok(module({section(1, t), section(2, i)}));
  ASSERT_EQ(m.imports.size(), 6u);
  EXPECT_EQ(m.num_imported_funcs, 2u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.num_imported_tags, 1u);
  EXPECT_EQ(m.import_pos[0], (std::vector<uint32_t>{0, 5}));
  EXPECT_EQ(m.imports[1].table.elem, ir::funcref());
  EXPECT_EQ(m.imports[1].table.limits.min, 1u);
  EXPECT_EQ(m.imports[1].table.limits.max, 2u);
  EXPECT_TRUE(m.imports[2].memory.limits.shared);
  EXPECT_EQ(m.imports[2].memory.limits.max, 4u);
  EXPECT_EQ(m.imports[2].name, "mem");
  EXPECT_EQ(m.imports[3].global, (ir::GlobalType{ir::kI32, true}));
  EXPECT_EQ(m.imports[4].kind, ir::ExternKind::Tag);
  EXPECT_EQ(m.imports[4].tag.type_index, 0u);
  EXPECT_EQ(m.func_type_index(1), 0u);
}

TEST(Decode, FunctionsAndCode) {
  B code;
  code.u32(2);
  // body 0: locals (2 i32) (0 i64) (1 f64); i32.const 1; drop; end
  B b0;
  b0.raw({0x03, 0x02, 0x7F, 0x00, 0x7E, 0x01, 0x7C, 0x41, 0x01, 0x1A, 0x0B});
  code.u32(b0.size()).raw(b0);
  // body 1: block; loop; if; else; end; end; end; end (non-canonical LEB kept)
  B b1;
  b1.raw({0x00, 0x02, 0x40, 0x03, 0x40, 0x41, 0x80, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B,
          0x0B, 0x0B});
  code.u32(b1.size()).raw(b1);
  Bytes bin = module({void_type_section(), funcs_section(2), section(10, code)});
  ir::Module m = dec_ok(bin);
  ASSERT_EQ(m.funcs.size(), 2u);
  const ir::Function& f = m.funcs[0];
  EXPECT_EQ(f.type_index, 0u);
  ASSERT_EQ(f.locals.size(), 3u);
  EXPECT_EQ(f.locals[0], (ir::LocalRun{2, ir::kI32}));
  EXPECT_EQ(f.locals[1], (ir::LocalRun{0, ir::kI64}));
  EXPECT_EQ(f.locals[2], (ir::LocalRun{1, ir::kF64}));
  EXPECT_EQ(f.body.bytes, (Bytes{0x41, 0x01, 0x1A, 0x0B}));
  // Offset: header 8 + type section 6 + function section 5 + code header 3 + size 1 + locals 7.
  EXPECT_EQ(f.body.offset, 8 + 6 + 5 + 3 + 1 + 7);
  EXPECT_EQ(bin[size_t(f.body.offset)], 0x41);
  EXPECT_EQ(m.funcs[1].body.bytes,
            (Bytes{0x02, 0x40, 0x03, 0x40, 0x41, 0x80, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B, 0x0B,
                   0x0B}));
}

TEST(Decode, LegacyExceptionsAndTryTable) {
  // try; catch 0; catch_all; end; try; delegate 0; try_table (catch_all 0) end; end
  Bytes body = {0x06, 0x40, 0x07, 0x00, 0x19, 0x0B, 0x06, 0x40, 0x18, 0x00,
                0x1F, 0x40, 0x01, 0x02, 0x00, 0x0B, 0x0B};
  ir::Module m = dec_ok(module({void_type_section(), funcs_section(1), code_section({body})}));
  ASSERT_EQ(m.funcs.size(), 1u);
  EXPECT_EQ(m.funcs[0].body.bytes, body);
}

TEST(Decode, Tables) {
  B t;
  t.u32(3);
  t.raw({0x70, 0x00, 0x05});                    // funcref min 5
  t.raw({0x6F, 0x05, 0x01, 0x02});              // externref, table64, 1..2
  t.raw({0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B});  // (ref func) init ref.func 0
  ir::Module m = dec_ok(module({section(4, t)}));
  ASSERT_EQ(m.tables.size(), 3u);
  EXPECT_EQ(m.tables[0].type.elem, ir::funcref());
  EXPECT_EQ(m.tables[0].type.limits.min, 5u);
  EXPECT_FALSE(m.tables[0].type.limits.max);
  EXPECT_FALSE(m.tables[0].init);
  EXPECT_TRUE(m.tables[1].type.limits.is64);
  EXPECT_EQ(m.tables[1].type.limits.max, 2u);
  EXPECT_EQ(m.tables[2].type.elem, kRefFunc);
  ASSERT_TRUE(m.tables[2].init);
  EXPECT_EQ(m.tables[2].init->bytes, (Bytes{0xD2, 0x00, 0x0B}));
}

TEST(Decode, Memories) {
  B mem;
  mem.u32(6);
  mem.raw({0x00, 0x01});                                   // 1
  mem.raw({0x01, 0x01, 0x02});                             // 1..2
  mem.raw({0x03, 0x00, 0x10});                             // shared 0..16
  mem.raw({0x05, 0x80, 0x80, 0x80, 0x80, 0x20, 0x81, 0x80, 0x80, 0x80, 0x20});  // i64 2^33..2^33+1
  mem.raw({0x08, 0x07, 0x00});                             // 7 pages of 1 byte
  mem.raw({0x09, 0x00, 0x01, 0x10});                       // 0..1, page size 64 KiB spelled
  ir::Module m = dec_ok(module({section(5, mem)}));
  ASSERT_EQ(m.memories.size(), 6u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_EQ(m.memories[0].page_size_log2, 16);
  EXPECT_EQ(m.memories[1].limits.max, 2u);
  EXPECT_TRUE(m.memories[2].limits.shared);
  EXPECT_TRUE(m.memories[3].limits.is64);
  EXPECT_EQ(m.memories[3].limits.min, uint64_t(1) << 33);
  EXPECT_EQ(m.memories[3].limits.max, (uint64_t(1) << 33) + 1);
  EXPECT_EQ(m.memories[4].limits.min, 7u);
  EXPECT_EQ(m.memories[4].page_size_log2, 0);
  EXPECT_EQ(m.memories[5].page_size_log2, 16);
  EXPECT_EQ(m.memories[5].limits.max, 1u);
}

TEST(Decode, TagsGlobalsExportsStart) {
  B t;
  t.u32(1).raw({0x60, 0x01, 0x7F, 0x00});
  B tags;
  tags.u32(1).raw({0x00, 0x00});
  B globals;
  globals.u32(2);
  globals.raw({0x7F, 0x00, 0x41, 0x2A, 0x0B});                 // i32 = 42
  globals.raw({0x70, 0x01, 0xD0, 0x70, 0x0B});                 // (mut funcref) = ref.null func
  B exports;
  exports.u32(4);
  exports.str("f").raw({0x00, 0x00});
  exports.str("g").raw({0x03, 0x01});
  exports.str("e").raw({0x04, 0x00});
  exports.str("").raw({0x02, 0x00});
  Bytes bin = module({section(1, t), funcs_section(1), section(13, tags), section(6, globals),
                      section(7, exports), section(8, B{0x00}),
                      code_section({{0x0B}})});
  ir::Module m = dec_ok(bin);
  ASSERT_EQ(m.tags.size(), 1u);
  EXPECT_EQ(m.tags[0].type_index, 0u);
  ASSERT_EQ(m.globals.size(), 2u);
  EXPECT_EQ(m.globals[0].type, (ir::GlobalType{ir::kI32, false}));
  EXPECT_EQ(m.globals[0].init.bytes, (Bytes{0x41, 0x2A, 0x0B}));
  EXPECT_EQ(bin[size_t(m.globals[0].init.offset)], 0x41);
  EXPECT_EQ(m.globals[1].type, (ir::GlobalType{ir::funcref(), true}));
  ASSERT_EQ(m.exports.size(), 4u);
  EXPECT_EQ(m.exports[1], (ir::Export{"g", ir::ExternKind::Global, 1}));
  EXPECT_EQ(m.exports[2].kind, ir::ExternKind::Tag);
  EXPECT_EQ(m.exports[3].name, "");
  EXPECT_EQ(m.start, 0u);
}

TEST(Decode, ElementSegmentsAllForms) {
  B e;
  e.u32(8);
  e.raw({0x00, 0x41, 0x00, 0x0B, 0x02, 0x00, 0x01});             // 0: active t0, funcs 0 1
  e.raw({0x01, 0x00, 0x01, 0x00});                               // 1: passive, elemkind, func 0
  e.raw({0x02, 0x01, 0x41, 0x01, 0x0B, 0x00, 0x00});             // 2: active t1, elemkind, none
  e.raw({0x03, 0x00, 0x01, 0x81, 0x00});                         // 3: declarative, func 1 (padded)
  e.raw({0x04, 0x41, 0x00, 0x0B, 0x01, 0xD0, 0x70, 0x0B});       // 4: active t0, exprs
  e.raw({0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B});                   // 5: passive externref exprs
  e.raw({0x06, 0x00, 0x41, 0x00, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B});  // 6: active t0 explicit
  e.raw({0x07, 0x64, 0x70, 0x00});                               // 7: declarative (ref func), none
  ir::Module m = dec_ok(module({section(9, e)}));
  ASSERT_EQ(m.elems.size(), 8u);
  const auto& s0 = m.elems[0];
  EXPECT_EQ(s0.mode, ir::SegmentMode::Active);
  EXPECT_TRUE(s0.implicit_table);
  EXPECT_TRUE(s0.func_indices);
  EXPECT_EQ(s0.type, kRefFunc);
  EXPECT_EQ(s0.offset.bytes, (Bytes{0x41, 0x00, 0x0B}));
  ASSERT_EQ(s0.items.size(), 2u);
  EXPECT_EQ(s0.items[1].bytes, (Bytes{0xD2, 0x01, 0x0B}));
  EXPECT_EQ(m.elems[1].mode, ir::SegmentMode::Passive);
  EXPECT_TRUE(m.elems[1].func_indices);
  EXPECT_EQ(m.elems[1].type, kRefFunc);
  EXPECT_EQ(m.elems[2].table, 1u);
  EXPECT_FALSE(m.elems[2].implicit_table);
  EXPECT_TRUE(m.elems[2].items.empty());
  EXPECT_EQ(m.elems[3].mode, ir::SegmentMode::Declarative);
  EXPECT_EQ(m.elems[3].items[0].bytes, (Bytes{0xD2, 0x01, 0x0B}));  // canonical
  EXPECT_TRUE(m.elems[4].implicit_table);
  EXPECT_FALSE(m.elems[4].func_indices);
  EXPECT_EQ(m.elems[4].type, ir::funcref());
  EXPECT_EQ(m.elems[4].items[0].bytes, (Bytes{0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.elems[5].type, ir::externref());
  EXPECT_EQ(m.elems[5].mode, ir::SegmentMode::Passive);
  EXPECT_FALSE(m.elems[6].implicit_table);
  EXPECT_EQ(m.elems[6].table, 0u);
  EXPECT_EQ(m.elems[6].type, ir::funcref());
  EXPECT_EQ(m.elems[7].mode, ir::SegmentMode::Declarative);
  EXPECT_EQ(m.elems[7].type, kRefFunc);
  EXPECT_FALSE(m.elems[7].func_indices);
}

TEST(Decode, DataSegmentsAndCount) {
  B d;
  d.u32(3);
  d.raw({0x00, 0x41, 0x10, 0x0B}).str("ab");
  d.raw({0x01}).str("");
  d.raw({0x02, 0x01, 0x41, 0x00, 0x0B}).str("xyz");
  ir::Module m = dec_ok(module({section(12, B{0x03}), section(11, d)}));
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.data_count, 3u);
  EXPECT_EQ(m.datas[0].mode, ir::SegmentMode::Active);
  EXPECT_EQ(m.datas[0].memory, 0u);
  EXPECT_EQ(m.datas[0].offset.bytes, (Bytes{0x41, 0x10, 0x0B}));
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'a', 'b'}));
  EXPECT_EQ(m.datas[1].mode, ir::SegmentMode::Passive);
  EXPECT_TRUE(m.datas[1].bytes.empty());
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_EQ(m.datas[2].bytes, (Bytes{'x', 'y', 'z'}));
}

TEST(Decode, DataCountWithMemoryInit) {
  // memory.init 0 0 and data.drop 0 need the data count section; with it they decode.
  Bytes body = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0xFC, 0x09, 0x00,
                0x0B};
  B d;
  d.u32(1).raw({0x01}).str("x");
  ir::Module m = dec_ok(module({void_type_section(), funcs_section(1), section(5, B{0x01, 0x00, 0x01}),
                                section(12, B{0x01}), code_section({body}), section(11, d)}));
  EXPECT_EQ(m.data_count, 1u);
}

TEST(Decode, CustomSectionsKeepTheirPlace) {
  Bytes bin = module({custom("a", B{1, 2}), void_type_section(), custom("b", B{}),
                      custom("c", B{3}), section(5, B{0x01, 0x00, 0x01}), section(11, B{0x00}),
                      custom("d", B{4})});
  ir::Module m = dec_ok(bin);
  ASSERT_EQ(m.customs.size(), 4u);
  EXPECT_EQ(m.customs[0].name, "a");
  EXPECT_EQ(m.customs[0].bytes, (Bytes{1, 2}));
  EXPECT_EQ(m.customs[0].after, ir::SectionId::Custom);
  EXPECT_EQ(m.customs[1].after, ir::SectionId::Type);
  EXPECT_EQ(m.customs[1].bytes, Bytes{});
  EXPECT_EQ(m.customs[2].after, ir::SectionId::Type);
  EXPECT_EQ(m.customs[3].after, ir::SectionId::Data);
  EXPECT_FALSE(m.has_name_section);
}

B name_section_payload() {
  B n;
  n.raw(section(0, B().str("mod")));
  n.raw(section(1, B().u32(2).u32(0).str("f0").u32(3).str("f3")));
  n.raw(section(2, B().u32(1).u32(0).u32(2).u32(0).str("x").u32(1).str("y")));
  n.raw(section(3, B().u32(1).u32(1).u32(1).u32(0).str("l")));
  n.raw(section(4, B().u32(1).u32(0).str("t")));
  n.raw(section(5, B().u32(1).u32(0).str("tab")));
  n.raw(section(6, B().u32(1).u32(0).str("mem")));
  n.raw(section(7, B().u32(1).u32(2).str("g")));
  n.raw(section(8, B().u32(1).u32(0).str("e")));
  n.raw(section(9, B().u32(1).u32(0).str("d")));
  n.raw(section(10, B().u32(1).u32(0).u32(1).u32(0).str("fld")));
  n.raw(section(11, B().u32(1).u32(0).str("tag")));
  return n;
}

TEST(Decode, NameSection) {
  ir::Module m = dec_ok(module({custom("name", name_section_payload())}));
  EXPECT_TRUE(m.has_name_section);
  EXPECT_TRUE(m.customs.empty());
  const ir::Names& n = m.names;
  EXPECT_EQ(n.module, "mod");
  ASSERT_EQ(n.funcs.size(), 2u);
  EXPECT_EQ(n.funcs[1], (ir::NameAssoc{3, "f3"}));
  ASSERT_EQ(n.locals.size(), 1u);
  EXPECT_EQ(n.locals[0].names.size(), 2u);
  EXPECT_EQ(n.locals[0].names[1], (ir::NameAssoc{1, "y"}));
  EXPECT_EQ(n.labels[0].index, 1u);
  EXPECT_EQ(n.types[0].name, "t");
  EXPECT_EQ(n.tables[0].name, "tab");
  EXPECT_EQ(n.memories[0].name, "mem");
  EXPECT_EQ(n.globals[0], (ir::NameAssoc{2, "g"}));
  EXPECT_EQ(n.elems[0].name, "e");
  EXPECT_EQ(n.datas[0].name, "d");
  EXPECT_EQ(n.fields[0].names[0].name, "fld");
  EXPECT_EQ(n.tags[0].name, "tag");
}

TEST(Decode, EmptyNameSection) {
  ir::Module m = dec_ok(module({custom("name", B{})}));
  EXPECT_TRUE(m.has_name_section);
  EXPECT_TRUE(m.names.empty());
}

TEST(Decode, MalformedNameSectionIsKeptAsCustom) {
  const B bad[] = {
      B().raw(section(1, B().u32(1).u32(0))),                       // name cut short
      B().raw(section(1, B().u32(0))).raw(section(0, B().str("m"))),  // out of order
      B().raw(section(12, B().u32(0))),                             // unknown subsection
      B().raw(section(1, B().u32(2).u32(1).str("a").u32(1).str("b"))),  // unsorted
      B().raw(section(0, B().u32(1).u8(0xFF))),                     // bad UTF-8
      B().raw(section(0, B().str("m").u8(0))),                      // subsection size mismatch
      B().u8(1),                                                    // truncated header
  };
  for (const B& payload : bad) {
    ir::Module m = dec_ok(module({void_type_section(), custom("name", payload)}));
    EXPECT_FALSE(m.has_name_section);
    EXPECT_TRUE(m.names.empty());
    ASSERT_EQ(m.customs.size(), 1u);
    EXPECT_EQ(m.customs[0].name, "name");
    EXPECT_EQ(m.customs[0].bytes, payload.bytes);
    EXPECT_EQ(m.customs[0].after, ir::SectionId::Type);
  }
}

TEST(Decode, SecondNameSectionIsPlainCustom) {
  ir::Module m = dec_ok(module({custom("name", B().raw(section(0, B().str("one")))),
                                custom("name", B().raw(section(0, B().str("two"))))}));
  EXPECT_EQ(m.names.module, "one");
  ASSERT_EQ(m.customs.size(), 1u);
  EXPECT_EQ(m.customs[0].name, "name");
}

TEST(Decode, DecodeNamesDirectly) {
  B p = name_section_payload();
  ir::Names n;
  ASSERT_TRUE(decode_names(p.bytes.data(), p.size(), 0, &n).ok());
  EXPECT_EQ(n.module, "mod");
  ir::Names n2;
  Status s = decode_names(p.bytes.data(), 3, 100, &n2);
  ASSERT_FALSE(s.ok());
  EXPECT_GE(s.error().offset, 100);
}

}  // namespace
}  // namespace skiff::binary::test
