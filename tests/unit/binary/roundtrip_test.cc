// Encoder tests: encode/decode round trips of hand-built modules, canonical output,
// and placement of custom sections.
#include <gtest/gtest.h>

#include "binary_test_util.h"
#include "ir/instr.h"

namespace skiff::binary::test {
namespace {

using ir::HeapKind;
using ir::HeapType;
using ir::ValType;

const ValType kRefFunc = ValType::ref(HeapType::abstract(HeapKind::Func), false);

ir::Expr expr(Bytes b) {
  ir::Expr e;
  e.bytes = std::move(b);
  return e;
}

ir::Expr i32_const(int32_t v) {
  Writer w;
  ir::Instr in;
  in.op = ir::Op::I32Const;
  in.bits = uint32_t(v);
  ir::write_instr(w, in);
  w.u8(0x0B);
  return expr(w.out());
}

ir::Expr ref_func(uint32_t f) {
  Writer w;
  ir::Instr in;
  in.op = ir::Op::RefFunc;
  in.a = f;
  ir::write_instr(w, in);
  w.u8(0x0B);
  return expr(w.out());
}

ir::SubType func_type(std::vector<ValType> params, std::vector<ValType> results) {
  ir::SubType st;
  st.comp.kind = ir::CompKind::Func;
  st.comp.func.params = std::move(params);
  st.comp.func.results = std::move(results);
  return st;
}

// A module using every section and most encodings.
ir::Module big_module() {
  ir::Module m;
  // Types: 0 () -> (); rec { 1 sub struct; 2 sub final 1 array } ; 3 explicit rec of one
  m.types.push_back(func_type({}, {}));
  ir::SubType s;
  s.final = false;
  s.explicit_sub = true;
  s.comp.kind = ir::CompKind::Struct;
  s.comp.struct_.fields = {{ValType::num(ir::ValKind::I8), true},
                           {ValType::ref(HeapType::concrete(2), true), false}};
  m.types.push_back(s);
  ir::SubType a;
  a.final = true;
  a.explicit_sub = true;
  a.supers = {1};
  a.comp.kind = ir::CompKind::Array;
  a.comp.array.elem = {ValType::num(ir::ValKind::I16), true};
  m.types.push_back(a);
  m.types.push_back(func_type({ir::kI32, ir::kV128, ir::externref()}, {kRefFunc}));
  m.rec_groups = {{0, 1, false}, {1, 2, true}, {3, 1, true}};

  auto imp = [](std::string name, ir::ExternKind k) {
    ir::Import i;
    i.module = "env";
    i.name = std::move(name);
    i.kind = k;
    return i;
  };
  ir::Import fi = imp("f", ir::ExternKind::Func);
  m.add_import(fi);
  ir::Import ti = imp("t", ir::ExternKind::Table);
  ti.table.elem = ir::externref();
  ti.table.limits = {1, 10, true, false};
  m.add_import(ti);
  ir::Import mi = imp("m", ir::ExternKind::Memory);
  mi.memory.limits = {1, 2, false, true};
  m.add_import(mi);
  ir::Import gi = imp("g", ir::ExternKind::Global);
  gi.global = {ir::kF64, true};
  m.add_import(gi);
  ir::Import ei = imp("e", ir::ExternKind::Tag);
  ei.tag.type_index = 0;
  m.add_import(ei);

  ir::Function f;
  f.type_index = 0;
  f.locals = {{2, ir::kI32}, {1, ir::kF32}, {1, ValType::ref(HeapType::concrete(1), true)}};
  // block; i32.const -1; drop; loop; br 1; end; end; data.drop 0; end
  f.body = expr({0x02, 0x40, 0x41, 0x7F, 0x1A, 0x03, 0x40, 0x0C, 0x01, 0x0B, 0x0B, 0xFC, 0x09,
                 0x00, 0x0B});
  m.funcs.push_back(f);
  ir::Function g;
  g.type_index = 3;
  g.body = expr({0x00, 0x0B});
  m.funcs.push_back(g);

  ir::Table t0;
  t0.type.limits = {0, std::nullopt, false, false};
  m.tables.push_back(t0);
  ir::Table t1;
  t1.type.elem = kRefFunc;
  t1.type.limits = {2, 3, true, false};
  t1.init = ref_func(1);
  m.tables.push_back(t1);

  ir::MemoryType mem;
  mem.limits = {1, std::nullopt, true, false};
  m.memories.push_back(mem);
  ir::MemoryType small;
  small.limits = {5, 100, false, false};
  small.page_size_log2 = 0;
  m.memories.push_back(small);

  m.tags.push_back({0, 0});

  ir::Global gl;
  gl.type = {ir::kI32, false};
  gl.init = i32_const(-123456);
  m.globals.push_back(gl);

  m.exports = {{"f", ir::ExternKind::Func, 1},
               {"t", ir::ExternKind::Table, 2},
               {"m", ir::ExternKind::Memory, 1},
               {"g", ir::ExternKind::Global, 0},
               {"e", ir::ExternKind::Tag, 1}};
  m.start = 2;

  // Element segments in all eight binary forms.
  auto seg = [](ir::SegmentMode mode, ValType type, bool indices) {
    ir::ElemSegment e;
    e.mode = mode;
    e.type = type;
    e.func_indices = indices;
    return e;
  };
  ir::ElemSegment e0 = seg(ir::SegmentMode::Active, kRefFunc, true);
  e0.implicit_table = true;
  e0.offset = i32_const(0);
  e0.items = {ref_func(0), ref_func(2)};
  m.elems.push_back(e0);
  ir::ElemSegment e1 = seg(ir::SegmentMode::Passive, kRefFunc, true);
  e1.items = {ref_func(1)};
  m.elems.push_back(e1);
  ir::ElemSegment e2 = seg(ir::SegmentMode::Active, kRefFunc, true);
  e2.table = 3;
  e2.offset = i32_const(1);
  m.elems.push_back(e2);
  ir::ElemSegment e3 = seg(ir::SegmentMode::Declarative, kRefFunc, true);
  e3.items = {ref_func(2)};
  m.elems.push_back(e3);
  ir::ElemSegment e4 = seg(ir::SegmentMode::Active, ir::funcref(), false);
  e4.implicit_table = true;
  e4.offset = i32_const(2);
  e4.items = {expr({0xD0, 0x70, 0x0B}), ref_func(1)};
  m.elems.push_back(e4);
  ir::ElemSegment e5 = seg(ir::SegmentMode::Passive, ir::externref(), false);
  e5.items = {expr({0xD0, 0x6F, 0x0B})};
  m.elems.push_back(e5);
  ir::ElemSegment e6 = seg(ir::SegmentMode::Active, ir::funcref(), false);
  e6.table = 0;  // explicit table 0
  e6.offset = i32_const(3);
  e6.items = {ref_func(0)};
  m.elems.push_back(e6);
  ir::ElemSegment e7 = seg(ir::SegmentMode::Declarative, ValType::ref(HeapType::concrete(0), true),
                           false);
  e7.items = {ref_func(0)};
  m.elems.push_back(e7);

  ir::DataSegment d0;
  d0.offset = i32_const(16);
  d0.bytes = {1, 2, 3};
  m.datas.push_back(d0);
  ir::DataSegment d1;
  d1.mode = ir::SegmentMode::Passive;
  d1.bytes = {'p'};
  m.datas.push_back(d1);
  ir::DataSegment d2;
  d2.memory = 2;
  d2.offset = i32_const(0);
  m.datas.push_back(d2);
  m.data_count = 3;

  m.customs = {{"first", {1}, ir::SectionId::Custom},
               {"after-type", {}, ir::SectionId::Type},
               {"after-tag", {2, 3}, ir::SectionId::Tag},
               {"after-start", {4}, ir::SectionId::Start},
               {"after-datacount", {5}, ir::SectionId::DataCount},
               {"last", {6}, ir::SectionId::Data}};

  m.has_name_section = true;
  m.names.module = "big";
  m.names.funcs = {{0, "imported"}, {1, "f"}};
  m.names.locals = {{1, {{0, "a"}, {2, "c"}}}};
  m.names.labels = {{1, {{0, "outer"}}}};
  m.names.types = {{1, "s"}};
  m.names.tables = {{0, "t"}};
  m.names.memories = {{1, "mem"}};
  m.names.globals = {{1, "gl"}};
  m.names.elems = {{4, "e4"}};
  m.names.datas = {{0, "d0"}};
  m.names.fields = {{1, {{0, "x"}, {1, "y"}}}};
  m.names.tags = {{0, "ex"}};
  return m;
}

TEST(Encode, BigModuleRoundTrips) {
  ir::Module m = big_module();
  Bytes b = encode(m);
  ir::Module back = dec_ok(b);
  EXPECT_EQ(back, m);
  EXPECT_EQ(encode(back), b);
  // Field by field, for a readable failure.
  EXPECT_EQ(back.types, m.types);
  EXPECT_EQ(back.rec_groups, m.rec_groups);
  EXPECT_EQ(back.imports, m.imports);
  EXPECT_EQ(back.funcs, m.funcs);
  EXPECT_EQ(back.tables, m.tables);
  EXPECT_EQ(back.memories, m.memories);
  EXPECT_EQ(back.elems, m.elems);
  EXPECT_EQ(back.datas, m.datas);
  EXPECT_EQ(back.customs, m.customs);
  EXPECT_EQ(back.names, m.names);
}

TEST(Encode, EmptyModule) {
  EXPECT_EQ(encode(ir::Module{}), kHeader);
  ir::Module named;
  named.has_name_section = true;
  Bytes b = encode(named);
  EXPECT_EQ(b, module({custom("name", B{})}));
  EXPECT_EQ(dec_ok(b), named);
}

TEST(Encode, CanonicalLebsInBodiesAndExpressions) {
  // A body and a global initializer written with padded LEBs.
  B code;
  code.u32(1);
  B body;
  body.raw({0x01, 0x81, 0x80, 0x00, 0x7F,              // 1 local of i32, count padded
            0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F,        // i32.const -1 (5 bytes)
            0x28, 0x82, 0x80, 0x00, 0x80, 0x80, 0x00,  // i32.load align=4 offset=0 padded
            0x1A, 0x0B});
  code.u32(body.size()).raw(body);
  B globals;
  globals.u32(1).raw({0x7F, 0x00, 0x41, 0x80, 0x80, 0x00, 0x0B});
  Bytes padded = module({B{0x01, 0x84, 0x80, 0x00, 0x01, 0x60, 0x00, 0x00},  // padded size
                         funcs_section(1), section(5, B{0x01, 0x00, 0x01}),
                         section(6, globals), section(10, code)});
  ir::Module m = dec_ok(padded);
  Bytes canon = encode(m);
  B cbody;
  cbody.raw({0x01, 0x01, 0x7F, 0x41, 0x7F, 0x28, 0x02, 0x00, 0x1A, 0x0B});
  B ccode;
  ccode.u32(1).u32(cbody.size()).raw(cbody);
  Bytes want = module({void_type_section(), funcs_section(1), section(5, B{0x01, 0x00, 0x01}),
                       section(6, B{0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B}), section(10, ccode)});
  EXPECT_EQ(canon, want);
  ir::Module again = dec_ok(canon);
  EXPECT_EQ(encode(again), canon);
  EXPECT_EQ(again.funcs[0].body.bytes, (Bytes{0x41, 0x7F, 0x28, 0x02, 0x00, 0x1A, 0x0B}));
  EXPECT_EQ(canonical_expr({0x41, 0x80, 0x80, 0x00, 0x0B}), (Bytes{0x41, 0x00, 0x0B}));
  // Undecodable bytes are copied as they are.
  EXPECT_EQ(canonical_expr({0x41, 0x80, 0x00, 0xFF, 0x80}), (Bytes{0x41, 0x00, 0xFF, 0x80}));
}

TEST(Encode, CanonicalBinariesAreReproducedExactly) {
  B elems;
  elems.u32(8);
  elems.raw({0x00, 0x41, 0x00, 0x0B, 0x02, 0x00, 0x00});
  elems.raw({0x01, 0x00, 0x01, 0x00});
  elems.raw({0x02, 0x01, 0x41, 0x01, 0x0B, 0x00, 0x00});
  elems.raw({0x03, 0x00, 0x01, 0x00});
  elems.raw({0x04, 0x41, 0x00, 0x0B, 0x01, 0xD0, 0x70, 0x0B});
  elems.raw({0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B});
  elems.raw({0x06, 0x00, 0x41, 0x00, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B});
  elems.raw({0x07, 0x64, 0x70, 0x00});
  B data;
  data.u32(3);
  data.raw({0x00, 0x41, 0x00, 0x0B}).str("a");
  data.raw({0x01}).str("b");
  data.raw({0x02, 0x01, 0x41, 0x00, 0x0B}).str("c");
  Bytes bin = module({custom("c0", B{1}), void_type_section(), custom("c1", B{}),
                      section(2, B{0x00}), custom("c2", B{2}),  // empty import section kept
                      funcs_section(1), section(4, B{0x01, 0x70, 0x00, 0x00}), section(9, elems),
                      section(12, B{0x03}), code_section({{0xFC, 0x09, 0x02, 0x0B}}),
                      section(11, data),
                      custom("c3", B{3}), custom("name", B().raw(section(0, B().str("n"))))});
  ir::Module m = dec_ok(bin);
  EXPECT_EQ(encode(m), bin);
}

TEST(Encode, CustomSectionAfterAnEmptySectionKeepsItsPlace) {
  ir::Module m;
  m.customs = {{"x", {1}, ir::SectionId::Global}, {"y", {2}, ir::SectionId::Code}};
  Bytes b = encode(m);
  EXPECT_EQ(b, module({section(6, B{0x00}), custom("x", B{1}), section(10, B{0x00}),
                       custom("y", B{2})}));
  EXPECT_EQ(dec_ok(b), m);
}

TEST(Encode, CustomSectionAfterAnAbsentStartReachesAFixedPoint) {
  ir::Module m;
  m.types.push_back(func_type({}, {}));
  m.rec_groups = {{0, 1, false}};
  m.customs = {{"x", {1}, ir::SectionId::Start}};
  Bytes b1 = encode(m);
  ir::Module m1 = dec_ok(b1);
  EXPECT_EQ(m1.customs[0].after, ir::SectionId::Type);
  EXPECT_EQ(encode(m1), b1);
}

TEST(Encode, DataCountIsAddedWhenTheCodeNeedsIt) {
  ir::Module m;
  m.types.push_back(func_type({}, {}));
  m.rec_groups = {{0, 1, false}};
  ir::Function f;
  f.body = expr({0xFC, 0x09, 0x00, 0x0B});
  m.funcs.push_back(f);
  ir::DataSegment d;
  d.mode = ir::SegmentMode::Passive;
  m.datas.push_back(d);
  Bytes b = encode(m);
  ir::Module back = dec_ok(b);
  EXPECT_EQ(back.data_count, 1u);
  back.data_count.reset();
  EXPECT_EQ(back, m);
}

TEST(Encode, UnneededDataCountIsDropped) {
  ir::Module m;
  ir::DataSegment d;
  d.mode = ir::SegmentMode::Passive;
  m.datas.push_back(d);
  m.data_count = 1;
  Bytes b = encode(m);
  EXPECT_EQ(b, module({section(11, B{0x01, 0x01, 0x00})}));
  ir::Module back = dec_ok(b);
  EXPECT_FALSE(back.data_count);
  EXPECT_EQ(encode(back), b);
}

TEST(Encode, LocalRunsAreMergedAndEmptyOnesDropped) {
  ir::Module m;
  m.types.push_back(func_type({}, {}));
  m.rec_groups = {{0, 1, false}};
  ir::Function f;
  f.locals = {{0, ir::kI64}, {2, ir::kI32}, {3, ir::kI32}, {0, ir::kF32}, {1, ir::kI32},
              {4, ir::kF64}};
  f.body = expr({0x0B});
  m.funcs.push_back(f);
  ir::Module back = dec_ok(encode(m));
  ASSERT_EQ(back.funcs.size(), 1u);
  EXPECT_EQ(back.funcs[0].locals, (std::vector<ir::LocalRun>{{6, ir::kI32}, {4, ir::kF64}}));
  // Runs whose sum would not fit a u32 are not merged (no wrap-around).
  m.funcs[0].locals = {{0xFFFFFFF0u, ir::kF64}, {0x20u, ir::kF64}};
  EXPECT_EQ(dec_err(encode(m)), "too many locals");
  // Decoding keeps runs as declared; one encode normalizes them.
  Bytes spelled = module({void_type_section(), funcs_section(1),
                          section(10, B{0x01, 0x08, 0x03, 0x00, 0x7F, 0x01, 0x7E, 0x01, 0x7E, 0x0B})});
  ir::Module d = dec_ok(spelled);
  EXPECT_EQ(d.funcs[0].locals.size(), 3u);
  ir::Module n = dec_ok(encode(d));
  EXPECT_EQ(n.funcs[0].locals, (std::vector<ir::LocalRun>{{2, ir::kI64}}));
}

TEST(Encode, TypesWithoutRecGroupsGetImplicitGroups) {
  ir::Module m;
  m.types.push_back(func_type({ir::kI32}, {}));
  m.types.push_back(func_type({}, {ir::kI64}));
  Bytes b = encode(m);
  ir::Module back = dec_ok(b);
  EXPECT_EQ(back.types, m.types);
  EXPECT_EQ(back.rec_groups, (std::vector<ir::RecGroup>{{0, 1, false}, {1, 1, false}}));
}

TEST(Encode, ElemSegmentThatCannotUseIndicesFallsBackToExpressions) {
  ir::Module m;
  ir::ElemSegment e;
  e.mode = ir::SegmentMode::Passive;
  e.type = kRefFunc;
  e.func_indices = true;                    // claims indices...
  e.items = {expr({0xD0, 0x70, 0x0B})};     // ...but holds ref.null
  m.elems.push_back(e);
  ir::Module back = dec_ok(encode(m));
  ASSERT_EQ(back.elems.size(), 1u);
  EXPECT_FALSE(back.elems[0].func_indices);
  EXPECT_EQ(back.elems[0].items, e.items);
  EXPECT_EQ(back.elems[0].type, kRefFunc);
  EXPECT_EQ(encode(back), encode(m));
}

}  // namespace
}  // namespace skiff::binary::test
