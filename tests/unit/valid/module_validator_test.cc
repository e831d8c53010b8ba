// Module-level validation rules (valid/validator.h) on hand-built ir::Module values.
// Expected messages follow the spec testsuite (a prefix of our message must match).
#include "valid/validator.h"

#include <gtest/gtest.h>

#include <string>

#include "module_test_util.h"

namespace skiff::valid {
namespace {

using namespace skiff::valid::testing;
using K = ir::HeapKind;

::testing::AssertionResult Valid(const ir::Module& m) {
  Status s = validate(m);
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "invalid: " << s.error().to_string();
}

::testing::AssertionResult Invalid(const ir::Module& m, const std::string& prefix) {
  Status s = validate(m);
  if (s.ok()) return ::testing::AssertionFailure() << "valid, expected \"" << prefix << "\"";
  if (s.error().message.rfind(prefix, 0) != 0)
    return ::testing::AssertionFailure()
           << "message \"" << s.error().message << "\", expected \"" << prefix << "\"";
  return ::testing::AssertionSuccess();
}

// ---- types --------------------------------------------------------------------------------

TEST(ModuleTypes, SubtypeDefinitionsFromTypeSubtyping) {
  {
    ir::Module m;
    uint32_t e0 = type(m, sub(array_t(fld(ir::kI32))));
    uint32_t e1 = type(m, sub(array_t(fld(ir::kI32)), {e0}));
    type(m, sub(array_t(fld(ref(K::Any, true)))));
    type(m, sub(array_t(fld(ref(e0, true)))));
    type(m, sub(array_t(fld(ref(e1)))));
    uint32_t m1 = type(m, sub(array_t(fld(ir::kI32, true))));
    type(m, sub(array_t(fld(ir::kI32, true)), {m1}));
    EXPECT_TRUE(Valid(m));
  }
  {
    // Recursive definitions: (rec (type $r (sub $t (struct (field (ref $r)))))).
    ir::Module m;
    uint32_t t = type(m, sub(struct_t({fld(ref(K::Any, true))})));
    uint32_t r = rec(m, {sub(struct_t({fld(ref(1))}), {t})});
    type(m, sub(struct_t({fld(ref(r)), fld(ir::kI32)}), {r}));
    EXPECT_TRUE(Valid(m));
  }
  {
    // Mutually recursive group whose members subtype an earlier group.
    ir::Module m;
    uint32_t a1 = rec(m, {sub(struct_t({fld(ir::kI32), fld(ref(1))})),
                          sub(struct_t({fld(ir::kI64), fld(ref(0))}))});
    uint32_t a2 = a1 + 1;
    rec(m, {sub(struct_t({fld(ir::kI64), fld(ref(a1)), fld(ir::kI32)}), {a2}),
            sub(struct_t({fld(ir::kI32), fld(ref(a2)), fld(ir::kI32)}), {a1}),
            sub(struct_t({fld(ir::kI64), fld(ref(3)), fld(ir::kI32)}), {a2})});
    EXPECT_TRUE(Valid(m));
  }
}

TEST(ModuleTypes, UnknownTypeReferences) {
  {
    // (type (func (param (ref 1)))) (type (func))
    ir::Module m;
    type(m, func_t({ref(1)}, {}));
    type(m, func_t({}, {}));
    EXPECT_TRUE(Invalid(m, "unknown type"));
  }
  {
    // (rec (type (func (param (ref 1))))) (rec (type (func)))
    ir::Module m;
    rec(m, {func_t({ref(1)}, {})});
    rec(m, {func_t({}, {})});
    EXPECT_TRUE(Invalid(m, "unknown type"));
  }
  {
    // Forward references inside one group are fine.
    ir::Module m;
    type(m, func_t({ref(0)}, {ref(0)}));
    rec(m, {func_t({ref(2)}, {}), func_t({}, {ref(1)})});
    EXPECT_TRUE(Valid(m));
  }
  {
    ir::Module m;
    type(m, struct_t({fld(ref(5, true))}));
    EXPECT_TRUE(Invalid(m, "unknown type 5"));
  }
}

TEST(ModuleTypes, FinalityViolations) {
  {
    ir::Module m;
    uint32_t t = type(m, func_t({}, {}));
    type(m, sub(func_t({}, {}), {t}));
    EXPECT_TRUE(Invalid(m, "sub type"));
  }
  {
    ir::Module m;
    uint32_t t = type(m, struct_t({}));
    type(m, sub(struct_t({}), {t}));
    EXPECT_TRUE(Invalid(m, "sub type"));
  }
  {
    ir::Module m;
    uint32_t t = type(m, sub_final(func_t({}, {})));
    type(m, sub(func_t({}, {}), {t}));
    EXPECT_TRUE(Invalid(m, "sub type"));
  }
  {
    ir::Module m;
    uint32_t t = type(m, sub(func_t({}, {})));
    uint32_t s = type(m, sub_final(func_t({}, {}), {t}));
    EXPECT_TRUE(Valid(m));
    type(m, sub(func_t({}, {}), {s}));
    EXPECT_TRUE(Invalid(m, "sub type"));
  }
}

TEST(ModuleTypes, InvalidSubtypingDefinitions) {
  auto check = [](ir::SubType super, ir::SubType child) {
    ir::Module m;
    uint32_t s = type(m, sub(std::move(super)));
    type(m, sub(std::move(child), {s}));
    return Invalid(m, "sub type");
  };
  EXPECT_TRUE(check(array_t(fld(ir::kI32)), struct_t({})));
  EXPECT_TRUE(check(func_t({ir::kI32}, {ir::kI32}), struct_t({})));
  EXPECT_TRUE(check(struct_t({}), array_t(fld(ir::kI32))));
  EXPECT_TRUE(check(func_t({ir::kI32}, {ir::kI32}), array_t(fld(ir::kI32))));
  EXPECT_TRUE(check(struct_t({}), func_t({ir::kI32}, {ir::kI32})));
  EXPECT_TRUE(check(array_t(fld(ir::kI32)), func_t({ir::kI32}, {ir::kI32})));
  EXPECT_TRUE(check(array_t(fld(ir::kI32)), array_t(fld(ir::kI64))));
  EXPECT_TRUE(check(struct_t({fld(ir::kI32)}), struct_t({fld(ir::kI64)})));
  EXPECT_TRUE(check(array_t(fld(ref(K::None))), array_t(fld(ref(K::Any)))));
  EXPECT_TRUE(check(array_t(fld(ref(K::Any), true)), array_t(fld(ref(K::None), true))));
  EXPECT_TRUE(check(array_t(fld(ref(K::Any), true)), array_t(fld(ref(K::Any)))));
  EXPECT_TRUE(check(array_t(fld(ref(K::Any))), array_t(fld(ref(K::Any), true))));
  EXPECT_TRUE(check(struct_t({fld(ref(K::None))}), struct_t({fld(ref(K::Any))})));
  EXPECT_TRUE(
      check(struct_t({fld(ref(K::Any), true)}), struct_t({fld(ref(K::None), true)})));
  EXPECT_TRUE(check(struct_t({fld(ref(K::Any), true)}), struct_t({fld(ref(K::Any))})));
  EXPECT_TRUE(check(struct_t({fld(ref(K::Any))}), struct_t({fld(ref(K::Any), true)})));
  EXPECT_TRUE(check(func_t({}, {}), func_t({ir::kI32}, {})));
}

TEST(ModuleTypes, SupertypeOrderAndCount) {
  {
    // Supertype later in the same rec group.
    ir::Module m;
    rec(m, {sub(func_t({}, {}), {1}), sub(func_t({}, {}))});
    EXPECT_TRUE(Invalid(m, "forward use of type 1"));
  }
  {
    // Supertype outside the group and later: an unknown type at that point.
    ir::Module m;
    type(m, sub(func_t({}, {}), {1}));
    type(m, sub(func_t({}, {})));
    EXPECT_TRUE(Invalid(m, "unknown type 1"));
  }
  {
    ir::Module m;
    type(m, sub(func_t({}, {})));
    type(m, sub(func_t({}, {})));
    type(m, sub(func_t({}, {}), {0, 1}));
    EXPECT_TRUE(Invalid(m, "sub type 2"));
  }
  {
    // A type cannot be its own supertype.
    ir::Module m;
    type(m, sub(func_t({}, {}), {0}));
    EXPECT_TRUE(Invalid(m, "forward use of type 0"));
  }
}

TEST(ModuleTypes, SubtypingDepthLimit) {
  ir::Module m;
  type(m, sub(struct_t({})));
  for (uint32_t i = 1; i <= kMaxSubtypingDepth; ++i) type(m, sub(struct_t({}), {i - 1}));
  EXPECT_TRUE(Valid(m));
  type(m, sub(struct_t({}), {kMaxSubtypingDepth}));
  EXPECT_TRUE(Invalid(m, "sub type 64"));
}

TEST(ModuleTypes, PackedTypesOnlyInFields) {
  ir::Module m;
  type(m, func_t({ir::ValType::num(ir::ValKind::I8)}, {}));
  EXPECT_TRUE(Invalid(m, "invalid value type"));
  ir::Module ok;
  type(ok, struct_t({fld(ir::ValType::num(ir::ValKind::I8)),
                     fld(ir::ValType::num(ir::ValKind::I16), true)}));
  type(ok, array_t(fld(ir::ValType::num(ir::ValKind::I8), true)));
  EXPECT_TRUE(Valid(ok));
}

TEST(ModuleTypes, BrokenRecGroupList) {
  ir::Module m;
  m.types.push_back(func_t({}, {}));
  m.types.push_back(func_t({}, {}));
  m.rec_groups.push_back(ir::RecGroup{0, 1, false});
  m.rec_groups.push_back(ir::RecGroup{0, 1, false});
  EXPECT_TRUE(Invalid(m, "malformed rec group"));
}

// ---- imports, functions, tags, start --------------------------------------------------------

TEST(ModuleDecls, FunctionTypesMustBeFunctions) {
  {
    ir::Module m;
    m.funcs.push_back(func(0));
    EXPECT_TRUE(Invalid(m, "unknown type 0"));
  }
  {
    ir::Module m;
    type(m, struct_t({}));
    m.funcs.push_back(func(0));
    Status s = validate(m);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "non-function type 0");
    EXPECT_EQ(s.error().func_index, 0);
  }
  {
    ir::Module m;
    type(m, array_t(fld(ir::kI32)));
    m.add_import(import_func(0));
    EXPECT_TRUE(Invalid(m, "non-function type 0"));
  }
  {
    ir::Module m;
    m.add_import(import_func(3));
    EXPECT_TRUE(Invalid(m, "unknown type 3"));
  }
}

TEST(ModuleDecls, Tags) {
  {
    ir::Module m;
    type(m, func_t({ir::kI32}, {ir::kI32}));
    m.tags.push_back(ir::TagType{0, 0});
    EXPECT_TRUE(Invalid(m, "non-empty tag result type"));
  }
  {
    ir::Module m;
    type(m, func_t({}, {ir::kI32}));
    m.add_import(import_tag(0));
    EXPECT_TRUE(Invalid(m, "non-empty tag result type"));
  }
  {
    ir::Module m;
    type(m, struct_t({}));
    m.tags.push_back(ir::TagType{0, 0});
    EXPECT_TRUE(Invalid(m, "non-function type"));
  }
  {
    ir::Module m;
    type(m, func_t({ir::kI32, ref(K::Extern, true)}, {}));
    m.tags.push_back(ir::TagType{0, 0});
    m.add_import(import_tag(0));
    EXPECT_TRUE(Valid(m));
  }
}

TEST(ModuleDecls, StartFunction) {
  {
    ir::Module m;
    type(m, func_t({}, {}));
    m.funcs.push_back(func(0));
    m.start = 1;
    EXPECT_TRUE(Invalid(m, "unknown function"));
    m.start = 0;
    EXPECT_TRUE(Valid(m));
  }
  {
    ir::Module m;
    type(m, func_t({}, {ir::kI32}));
    m.funcs.push_back(func(0, i32_const(0)));
    m.start = 0;
    EXPECT_TRUE(Invalid(m, "start function"));
  }
  {
    ir::Module m;
    type(m, func_t({ir::kI32}, {}));
    m.add_import(import_func(0));
    m.start = 0;
    EXPECT_TRUE(Invalid(m, "start function"));
  }
}

TEST(ModuleDecls, GlobalValueTypes) {
  ir::Module m;
  m.add_import(import_global(ir::GlobalType{ref(4, true), false}));
  EXPECT_TRUE(Invalid(m, "unknown type 4"));
}

// ---- memories and tables ----------------------------------------------------------------------

TEST(ModuleMemories, Limits) {
  auto with_mem = [](ir::MemoryType mt) {
    ir::Module m;
    m.memories.push_back(mt);
    return m;
  };
  EXPECT_TRUE(Valid(with_mem(mem(0))));
  EXPECT_TRUE(Valid(with_mem(mem(65536, 65536))));
  EXPECT_TRUE(Invalid(with_mem(mem(1, 0)), "size minimum must not be greater than maximum"));
  EXPECT_TRUE(
      Invalid(with_mem(mem(65537)), "memory size must be at most 65536 pages (4GiB)"));
  EXPECT_TRUE(Invalid(with_mem(mem(0, 65537)), "memory size"));
  EXPECT_TRUE(Invalid(with_mem(mem(0x100000000ull)), "memory size"));
  EXPECT_TRUE(Invalid(with_mem(mem(0, 0xFFFFFFFFull)), "memory size"));
  // memory64: up to 2^48 pages.
  EXPECT_TRUE(Valid(with_mem(mem(0x1000000000000ull, std::nullopt, true))));
  EXPECT_TRUE(Invalid(with_mem(mem(0x1000000000001ull, std::nullopt, true)), "memory size"));
  EXPECT_TRUE(Invalid(with_mem(mem(0, 0x1000000000001ull, true)), "memory size"));
  EXPECT_TRUE(Invalid(with_mem(mem(1, 0, true)), "size minimum"));
  // Imported memories follow the same rules.
  ir::Module im;
  im.add_import(import_memory(mem(0, 0x100000000ull)));
  EXPECT_TRUE(Invalid(im, "memory size"));
}

TEST(ModuleMemories, SharedAndMultiple) {
  ir::Module m;
  m.memories.push_back(mem(1, std::nullopt, false, true));
  EXPECT_TRUE(Invalid(m, "shared memory must have maximum"));
  m.memories[0] = mem(1, 2, false, true);
  EXPECT_TRUE(Valid(m));
  // Several memories, imported and defined (multi-memory is part of 3.0).
  m.add_import(import_memory(mem(1)));
  m.memories.push_back(mem(0, 1, true));
  EXPECT_TRUE(Valid(m));
}

TEST(ModuleMemories, CustomPageSizes) {
  auto paged = [](uint8_t log2, uint64_t min, bool is64 = false) {
    ir::Module m;
    ir::MemoryType mt = mem(min, std::nullopt, is64);
    mt.page_size_log2 = log2;
    m.memories.push_back(mt);
    return m;
  };
  // memory_max.wast: 1-byte pages allow 2^32-1 pages on i32.
  EXPECT_TRUE(Valid(paged(0, 0xFFFFFFFFull)));
  EXPECT_TRUE(Invalid(paged(0, 0x100000000ull), "memory size must be at most"));
  EXPECT_TRUE(Valid(paged(16, 65536)));
  EXPECT_TRUE(Valid(paged(0, 0xFFFFFFFFFFFFFFFFull, true)));
  for (uint8_t l : {1, 2, 12, 15, 17}) EXPECT_TRUE(Invalid(paged(l, 0), "invalid custom page size"));
}

TEST(ModuleTables, Limits) {
  auto with_table = [](ir::Table t) {
    ir::Module m;
    m.tables.push_back(std::move(t));
    return m;
  };
  EXPECT_TRUE(Valid(with_table(table(ir::funcref(), 0))));
  EXPECT_TRUE(Invalid(with_table(table(ir::funcref(), 1, 0)),
                      "size minimum must not be greater than maximum"));
  EXPECT_TRUE(Invalid(with_table(table(ir::funcref(), 0xFFFFFFFF, 0)),
                      "size minimum must not be greater than maximum"));
  EXPECT_TRUE(Invalid(with_table(table(ir::funcref(), 0x100000000ull)), "table size"));
  EXPECT_TRUE(Invalid(with_table(table(ir::funcref(), 0, 0x100000000ull)), "table size"));
  EXPECT_TRUE(Valid(with_table(table(ir::funcref(), 0x100000000ull, std::nullopt, true))));
  EXPECT_TRUE(Invalid(with_table(table(ir::funcref(), 1, 0, true)), "size minimum"));
  EXPECT_TRUE(Invalid(with_table(table(ref(3, true), 0)), "unknown type 3"));
}

TEST(ModuleTables, NonDefaultableElementsNeedAnInitializer) {
  {
    ir::Module m;
    m.tables.push_back(table(ref(K::Func), 0));
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    ir::Module m;
    type(m, func_t({}, {}));
    m.tables.push_back(table(ref(0), 10));
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // (table 1 (ref func) (ref.null func))
    ir::Module m;
    ir::Table t = table(ref(K::Func), 1);
    t.init = ref_null(K::Func);
    m.tables.push_back(t);
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // (table 1 (ref null func) (i32.const 0))
    ir::Module m;
    ir::Table t = table(ref(K::Func, true), 1);
    t.init = i32_const(0);
    m.tables.push_back(t);
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // (type $dummy (func)) (func $dummy) (table 10 (ref $dummy) (ref.func $dummy))
    ir::Module m;
    type(m, func_t({}, {}));
    m.funcs.push_back(func(0));
    ir::Table t = table(ref(0), 10);
    t.init = ref_func(0);
    m.tables.push_back(t);
    EXPECT_TRUE(Valid(m));
  }
}

TEST(ModuleTables, InitializersSeeImportedGlobalsOnly) {
  ir::Module m;
  type(m, func_t({}, {}));
  m.add_import(import_global(ir::GlobalType{ref(0), false}));
  m.funcs.push_back(func(0));
  ir::Table t = table(ref(0), 10);
  t.init = global_get(0);
  m.tables.push_back(t);
  EXPECT_TRUE(Valid(m));
  m.globals.push_back(global(ref(0), ref_func(0)));
  m.tables[0].init = global_get(1);
  EXPECT_TRUE(Invalid(m, "unknown global 1"));
}

// ---- globals -----------------------------------------------------------------------------------

TEST(ModuleGlobals, InitializersSeePrecedingGlobals) {
  {
    ir::Module m;
    m.globals.push_back(global(ir::kI32, i32_const(0)));
    m.globals.push_back(global(ir::kI32, global_get(0)));
    EXPECT_TRUE(Valid(m));
  }
  {
    ir::Module m;
    m.globals.push_back(global(ir::kI32, global_get(0)));
    EXPECT_TRUE(Invalid(m, "unknown global"));
  }
  {
    ir::Module m;
    m.globals.push_back(global(ir::kI32, global_get(1)));
    m.globals.push_back(global(ir::kI32, i32_const(0)));
    EXPECT_TRUE(Invalid(m, "unknown global"));
  }
  {
    ir::Module m;
    m.add_import(import_global(ir::GlobalType{ir::kI32, true}));
    m.globals.push_back(global(ir::kI32, global_get(0)));
    EXPECT_TRUE(Invalid(m, "constant expression required"));
  }
  {
    ir::Module m;
    m.globals.push_back(global(ir::kI32, i64_const(0)));
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
}

TEST(ModuleGlobals, ErrorsCarryTheExpressionOffset) {
  ir::Module m;
  ir::Global g = global(ir::kI32, i64_const(0));
  g.init.offset = 0x40;
  m.globals.push_back(g);
  Status s = validate(m);
  ASSERT_FALSE(s.ok());
  EXPECT_GE(s.error().offset, 0x40);
}

// ---- element and data segments -------------------------------------------------------------------

TEST(ModuleSegments, ElementSegments) {
  auto base = [] {
    ir::Module m;
    type(m, func_t({}, {}));
    m.funcs.push_back(func(0));
    m.tables.push_back(table(ir::funcref(), 1));
    return m;
  };
  {
    ir::Module m = base();
    ir::ElemSegment s;
    s.offset = i32_const(0);
    s.items.push_back(ref_func(0));
    s.func_indices = true;
    m.elems.push_back(s);
    EXPECT_TRUE(Valid(m));
    m.elems[0].table = 1;
    Status bad = validate(m);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "unknown table 1");
    m.elems[0].table = 0;
    m.elems[0].offset = i64_const(0);
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // An externref segment cannot go into a funcref table.
    ir::Module m = base();
    ir::ElemSegment s;
    s.type = ir::externref();
    s.offset = i32_const(0);
    s.items.push_back(ref_null(K::Extern));
    m.elems.push_back(s);
    EXPECT_TRUE(Invalid(m, "type mismatch"));
    m.elems[0].mode = ir::SegmentMode::Passive;
    EXPECT_TRUE(Valid(m));
  }
  {
    // Items must have the segment's type.
    ir::Module m = base();
    ir::ElemSegment s;
    s.mode = ir::SegmentMode::Declarative;
    s.type = ir::externref();
    s.items.push_back(ref_func(0));
    m.elems.push_back(s);
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // A (ref $t) segment fits a (ref null func) table; table64 offsets are i64.
    ir::Module m = base();
    m.tables.push_back(table(ir::funcref(), 1, std::nullopt, true));
    ir::ElemSegment s;
    s.table = 1;
    s.type = ref(0);
    s.offset = i64_const(0);
    s.items.push_back(ref_func(0));
    m.elems.push_back(s);
    EXPECT_TRUE(Valid(m));
  }
  {
    // (elem (i32.const 0)) with no table at all.
    ir::Module m;
    ir::ElemSegment s;
    s.offset = i32_const(0);
    m.elems.push_back(s);
    EXPECT_TRUE(Invalid(m, "unknown table"));
  }
}

TEST(ModuleSegments, DataSegments) {
  {
    ir::Module m;
    ir::DataSegment d;
    d.offset = i32_const(0);
    m.datas.push_back(d);
    EXPECT_TRUE(Invalid(m, "unknown memory 0"));
    m.memories.push_back(mem(1));
    EXPECT_TRUE(Valid(m));
    m.datas[0].memory = 1;
    EXPECT_TRUE(Invalid(m, "unknown memory 1"));
  }
  {
    ir::Module m;
    m.memories.push_back(mem(1, std::nullopt, true));
    ir::DataSegment d;
    d.offset = i32_const(0);
    m.datas.push_back(d);
    EXPECT_TRUE(Invalid(m, "type mismatch"));
    m.datas[0].offset = i64_const(0);
    EXPECT_TRUE(Valid(m));
  }
  {
    // Offsets may read any immutable global; passive segments need no memory.
    ir::Module m;
    m.memories.push_back(mem(1));
    m.add_import(import_global(ir::GlobalType{ir::kI32, false}));
    ir::DataSegment d;
    d.offset = global_get(0);
    m.datas.push_back(d);
    ir::DataSegment p;
    p.mode = ir::SegmentMode::Passive;
    p.memory = 7;
    m.datas.push_back(p);
    EXPECT_TRUE(Valid(m));
    m.datas[0].offset = global_get(1);
    EXPECT_TRUE(Invalid(m, "unknown global 1"));
  }
  {
    ir::Module m;
    m.memories.push_back(mem(1));
    ir::DataSegment p;
    p.mode = ir::SegmentMode::Passive;
    m.datas.push_back(p);
    m.data_count = 2;
    EXPECT_TRUE(Invalid(m, "data count and data section have inconsistent lengths"));
    m.data_count = 1;
    EXPECT_TRUE(Valid(m));
  }
}

// ---- exports -------------------------------------------------------------------------------------

TEST(ModuleExports, NamesAndIndices) {
  ir::Module m;
  type(m, func_t({}, {}));
  m.funcs.push_back(func(0));
  m.memories.push_back(mem(1));
  m.globals.push_back(global(ir::kI32, i32_const(0), true));
  m.tables.push_back(table(ir::funcref(), 1));
  m.tags.push_back(ir::TagType{0, 0});
  m.exports = {export_("f", ir::ExternKind::Func, 0), export_("m", ir::ExternKind::Memory, 0),
               export_("g", ir::ExternKind::Global, 0), export_("t", ir::ExternKind::Table, 0),
               export_("e", ir::ExternKind::Tag, 0)};
  EXPECT_TRUE(Valid(m));

  auto with = [&](ir::Export x) {
    ir::Module c = m;
    c.exports.push_back(std::move(x));
    return c;
  };
  EXPECT_TRUE(Invalid(with(export_("f", ir::ExternKind::Global, 0)), "duplicate export name"));
  EXPECT_TRUE(Invalid(with(export_("x", ir::ExternKind::Func, 1)), "unknown function 1"));
  EXPECT_TRUE(Invalid(with(export_("x", ir::ExternKind::Memory, 1)), "unknown memory 1"));
  EXPECT_TRUE(Invalid(with(export_("x", ir::ExternKind::Global, 1)), "unknown global 1"));
  EXPECT_TRUE(Invalid(with(export_("x", ir::ExternKind::Table, 1)), "unknown table 1"));
  EXPECT_TRUE(Invalid(with(export_("x", ir::ExternKind::Tag, 1)), "unknown tag 1"));
  // Names are compared as byte strings.
  EXPECT_TRUE(Valid(with(export_("F", ir::ExternKind::Func, 0))));
  EXPECT_TRUE(Valid(with(export_(std::string("f\0", 2), ir::ExternKind::Func, 0))));
}

// ---- declared function references ------------------------------------------------------------------

ir::Expr drop_ref_func(uint32_t f) {
  ir::Expr e = ref_func(f);
  e.bytes.insert(e.bytes.end() - 1, 0x1A);  // drop before end
  return e;
}

TEST(ModuleRefs, DeclaredFunctionReferences) {
  {
    // (func $f (drop (ref.func $f)))
    ir::Module m;
    type(m, func_t({}, {}));
    m.funcs.push_back(func(0, drop_ref_func(0)));
    Status s = validate(m);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message.rfind("undeclared function reference", 0), 0u)
        << s.error().message;
    EXPECT_EQ(s.error().func_index, 0);
    // The start section does not declare a reference.
    m.start = 0;
    EXPECT_TRUE(Invalid(m, "undeclared function reference"));
  }
  // Each of these declares the reference.
  auto base = [] {
    ir::Module m;
    type(m, func_t({}, {}));
    m.funcs.push_back(func(0, drop_ref_func(1)));
    m.funcs.push_back(func(0));
    return m;
  };
  {
    ir::Module m = base();
    m.exports.push_back(export_("f", ir::ExternKind::Func, 1));
    EXPECT_TRUE(Valid(m));
  }
  {
    ir::Module m = base();
    m.globals.push_back(global(ir::funcref(), ref_func(1)));
    EXPECT_TRUE(Valid(m));
  }
  {
    ir::Module m = base();
    ir::ElemSegment s;
    s.mode = ir::SegmentMode::Declarative;
    s.items.push_back(ref_func(1));
    s.func_indices = true;
    m.elems.push_back(s);
    EXPECT_TRUE(Valid(m));
    std::vector<bool> refs = declared_func_refs(m);
    ASSERT_EQ(refs.size(), 2u);
    EXPECT_FALSE(refs[0]);
    EXPECT_TRUE(refs[1]);
  }
  {
    ir::Module m = base();
    ir::Table t = table(ir::funcref(), 1);
    t.init = ref_func(1);
    m.tables.push_back(t);
    EXPECT_TRUE(Valid(m));
  }
  {
    ir::Module m = base();
    EXPECT_TRUE(Invalid(m, "undeclared function reference"));
  }
}

TEST(ModuleRefs, UnknownFunctionInConstantExpression) {
  // (func (import "M" "f")) (func (import "M" "g")) (global funcref (ref.func 7))
  ir::Module m;
  type(m, func_t({ir::kI32}, {ir::kI32}));
  m.add_import(import_func(0, "f"));
  m.add_import(import_func(0, "g"));
  m.globals.push_back(global(ir::funcref(), ref_func(7)));
  EXPECT_TRUE(Invalid(m, "unknown function 7"));
  EXPECT_EQ(declared_func_refs(m).size(), 2u);
}

// ---- iso-recursive types through the whole validator ---------------------------------------------

TEST(ModuleIsoRecursive, StaticMatchingOfRecursiveTypes) {
  {
    // (rec (type $f1 (func)) (type (struct (field (ref $f1)))))
    // (rec (type $f2 (func)) (type (struct (field (ref $f2)))))
    // (func $f (type $f2)) (global (ref $f1) (ref.func $f))
    ir::Module m;
    uint32_t f1 = rec(m, {func_t({}, {}), struct_t({fld(ref(0))})});
    uint32_t f2 = rec(m, {func_t({}, {}), struct_t({fld(ref(2))})});
    m.funcs.push_back(func(f2));
    m.globals.push_back(global(ref(f1), ref_func(0)));
    EXPECT_TRUE(Valid(m));
  }
  {
    // Same, but the second group refers to $f1 from outside: not equivalent.
    ir::Module m;
    uint32_t f1 = rec(m, {func_t({}, {}), struct_t({fld(ref(0))})});
    uint32_t f2 = rec(m, {func_t({}, {}), struct_t({fld(ref(0))})});
    m.funcs.push_back(func(f2));
    m.globals.push_back(global(ref(f1), ref_func(0)));
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // (rec (type $f1 (func)) (type (struct))) (rec (type (struct)) (type $f2 (func)))
    ir::Module m;
    uint32_t f1 = rec(m, {func_t({}, {}), struct_t({})});
    rec(m, {struct_t({}), func_t({}, {})});
    m.funcs.push_back(func(3));
    m.globals.push_back(global(ref(f1), ref_func(0)));
    EXPECT_TRUE(Invalid(m, "type mismatch"));
  }
  {
    // type-subtyping.wast: $g2 <: $g1 through equivalent supertype groups.
    ir::Module m;
    uint32_t f1 = rec(m, {sub(func_t({}, {})), struct_t({fld(ref(0))})});
    uint32_t f2 = rec(m, {sub(func_t({}, {})), struct_t({fld(ref(2))})});
    uint32_t g1 = rec(m, {sub(func_t({}, {}), {f1}), struct_t({})});
    uint32_t g2 = rec(m, {sub(func_t({}, {}), {f2}), struct_t({})});
    m.funcs.push_back(func(g2));
    m.globals.push_back(global(ref(g1), ref_func(0)));
    EXPECT_TRUE(Valid(m));
    m.globals.push_back(global(ref(f1), ref_func(0)));
    EXPECT_TRUE(Valid(m));
  }
}

TEST(ModuleValidate, OptionsAndSharedInterner) {
  ir::Module m;
  type(m, func_t({}, {}));
  m.funcs.push_back(func(0, drop_ref_func(0)));
  ValidateOptions o;
  o.check_bodies = false;
  EXPECT_TRUE(validate(m, o).ok());
  o.check_bodies = true;
  o.interner = TypeInterner::process_wide();
  EXPECT_FALSE(validate(m, o).ok());
}

TEST(ModuleValidate, InconsistentImportBookkeeping) {
  ir::Module m;
  type(m, func_t({}, {}));
  m.imports.push_back(import_func(0));  // bypasses add_import: counts stay zero
  EXPECT_TRUE(Invalid(m, "internal"));
  m.count_imports();
  EXPECT_TRUE(Valid(m));
}

}  // namespace
}  // namespace skiff::valid
