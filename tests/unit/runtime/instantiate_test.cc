#include <cstring>
#include <gtest/gtest.h>

#include "runtime/instantiate.h"
#include "runtime/spectest.h"
#include "test_util.h"

namespace skiff::rt {
namespace {

using testing::compile_wat;

struct Fixture : ::testing::Test {
  Engine engine;
  Store store{engine};
  Linker linker;
  void SetUp() override { linker.define_instance("spectest", *make_spectest(store)); }
  Result<Instance*> inst(std::string_view wat, InstantiateInfo* info = nullptr) {
    auto cm = compile_wat(wat);
    if (!cm) return make_error("compile failed");
    return linker.instantiate(store, cm, info);
  }
};

TEST_F(Fixture, SpectestImportsMatch) {
  auto r = inst(R"((module
    (import "spectest" "print_i32" (func (param i32)))
    (import "spectest" "global_i32" (global i32))
    (import "spectest" "global_f64" (global f64))
    (import "spectest" "table" (table 10 funcref))
    (import "spectest" "table64" (table i64 5 30 funcref))
    (import "spectest" "memory" (memory 1 2))
    (global (export "g") i32 (i32.add (global.get 0) (i32.const 1)))
  ))");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  Global* g = (*r)->export_global("g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->get().i32, 667u);
}

TEST_F(Fixture, UnknownImport) {
  InstantiateInfo info;
  auto r = inst(R"((module (import "spectest" "nope" (func))))", &info);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("unknown import", 0), 0u) << r.error().message;
  EXPECT_EQ(info.failure, InstantiateFailure::Link);
}

TEST_F(Fixture, IncompatibleImports) {
  const char* cases[] = {
      R"((module (import "spectest" "print_i32" (func (param i64)))))",
      R"((module (import "spectest" "print_i32" (func (param i32) (result i32)))))",
      R"((module (import "spectest" "print_i32" (global i32))))",
      R"((module (import "spectest" "global_i32" (global i64))))",
      R"((module (import "spectest" "global_i32" (global (mut i32)))))",
      R"((module (import "spectest" "table" (table 11 funcref))))",
      R"((module (import "spectest" "table" (table 10 15 funcref))))",
      R"((module (import "spectest" "table" (table 10 externref))))",
      R"((module (import "spectest" "table" (table i64 10 funcref))))",
      R"((module (import "spectest" "table64" (table 10 funcref))))",
      R"((module (import "spectest" "memory" (memory 2))))",
      R"((module (import "spectest" "memory" (memory 1 1))))",
      R"((module (import "spectest" "memory" (memory 0))))",  // no max required: ok, see below
      R"((module (import "spectest" "memory" (memory i64 1))))",
  };
  for (const char* wat : cases) {
    InstantiateInfo info;
    auto r = inst(wat, &info);
    if (std::string_view(wat).find("(memory 0)") != std::string_view::npos) {
      EXPECT_TRUE(r.ok()) << wat;
      continue;
    }
    ASSERT_FALSE(r.ok()) << wat;
    EXPECT_EQ(r.error().message.rfind("incompatible import type", 0), 0u) << r.error().message;
    EXPECT_EQ(info.failure, InstantiateFailure::Link);
  }
}

TEST_F(Fixture, ImportFromOtherInstanceWithSubtyping) {
  auto a = inst(R"((module
    (type $t (sub (func (result funcref))))
    (type $u (sub $t (func (result funcref))))
    (func (export "f") (type $u) (ref.null func))
    (global (export "gf") funcref (ref.func 0))
    (global (export "gm") (mut i32) (i32.const 5))
    (tag (export "e") (param i32))
  ))");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  linker.define_instance("a", **a);
  // Function subtype, immutable covariant global, mutable invariant global, exact tag.
  auto b = inst(R"((module
    (type $t (sub (func (result funcref))))
    (import "a" "f" (func (type $t)))
    (import "a" "gf" (global funcref))
    (import "a" "gm" (global (mut i32)))
    (import "a" "e" (tag (param i32)))
  ))");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  // The other direction fails.
  auto c = inst(R"((module
    (type $t (sub (func (result funcref))))
    (type $u (sub $t (func (result funcref))))
    (type $v (sub $u (func (result funcref))))
    (import "a" "f" (func (type $v)))
  ))");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.rfind("incompatible import type", 0), 0u);
  auto d = inst(R"((module (import "a" "e" (tag (param i64)))))");
  ASSERT_FALSE(d.ok());
  auto e = inst(R"((module (import "a" "gm" (global (mut i64)))))");
  ASSERT_FALSE(e.ok());
  auto f = inst(R"((module (import "a" "gf" (global (ref func)))))");
  ASSERT_FALSE(f.ok());
}

TEST_F(Fixture, SegmentsInitialiseAndDrop) {
  auto r = inst(R"((module
    (memory (export "m") 1)
    (table (export "t") 4 funcref)
    (func $f) (func $g)
    (elem (i32.const 1) $f $g)
    (elem $p func $g)
    (elem $d declare func $f)
    (data (i32.const 8) "hi")
    (data $pd "passive")
  ))");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  Instance* in = *r;
  Table* t = in->export_table("t");
  Ref x;
  ASSERT_EQ(t->get(1, x), sem::TrapKind::None);
  EXPECT_EQ(x.as_func(), in->funcs[0]);
  ASSERT_EQ(t->get(2, x), sem::TrapKind::None);
  EXPECT_EQ(x.as_func(), in->funcs[1]);
  ASSERT_EQ(t->get(0, x), sem::TrapKind::None);
  EXPECT_TRUE(x.is_null());
  EXPECT_EQ(t->get(4, x), sem::TrapKind::TableOutOfBounds);
  ASSERT_EQ(in->elems.size(), 3u);
  EXPECT_TRUE(in->elems[0].dropped);   // active
  EXPECT_FALSE(in->elems[1].dropped);  // passive
  EXPECT_EQ(in->elems[1].refs.size(), 1u);
  EXPECT_TRUE(in->elems[2].dropped);   // declarative
  Memory* m = in->export_memory("m");
  EXPECT_EQ(m->data()[8], 'h');
  EXPECT_EQ(m->data()[9], 'i');
  EXPECT_TRUE(in->datas[0].dropped);
  EXPECT_FALSE(in->datas[1].dropped);
  EXPECT_EQ(in->datas[1].bytes.size(), 7u);
  // memory.init from the passive segment, then drop.
  EXPECT_EQ(m->init(100, in->datas[1].bytes, 0, 7), sem::TrapKind::None);
  EXPECT_EQ(m->data()[100], 'p');
  in->datas[1].drop();
  EXPECT_EQ(m->init(100, in->datas[1].bytes, 0, 1), sem::TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(m->init(100, in->datas[1].bytes, 0, 0), sem::TrapKind::None);
}

TEST_F(Fixture, OutOfBoundsSegmentsTrapAndKeepEarlierEffects) {
  auto a = inst(R"((module (memory (export "m") 1) (table (export "t") 3 funcref)))");
  ASSERT_TRUE(a.ok());
  linker.define_instance("a", **a);
  InstantiateInfo info;
  auto r = inst(R"((module
    (import "a" "t" (table 3 funcref))
    (func $f)
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f $f)
  ))", &info);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "out of bounds table access");
  EXPECT_EQ(info.failure, InstantiateFailure::Trap);
  EXPECT_EQ(info.trap.kind, sem::TrapKind::TableOutOfBounds);
  Ref x;
  ASSERT_EQ((*a)->export_table("t")->get(0, x), sem::TrapKind::None);
  EXPECT_FALSE(x.is_null());  // the first segment's write stays
  ASSERT_EQ((*a)->export_table("t")->get(2, x), sem::TrapKind::None);
  EXPECT_TRUE(x.is_null());   // the failing one wrote nothing

  auto r2 = inst(R"((module
    (import "a" "m" (memory 1))
    (data (i32.const 0) "a")
    (data (i32.const 65535) "bc")
  ))", &info);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().message, "out of bounds memory access");
  EXPECT_EQ(info.trap.kind, sem::TrapKind::MemoryOutOfBounds);
  EXPECT_EQ((*a)->export_memory("m")->data()[0], 'a');
  EXPECT_EQ((*a)->export_memory("m")->data()[65535], 0);

  // A zero-length segment exactly at the end is fine, one past it is not.
  EXPECT_TRUE(inst(R"((module (memory 1) (data (i32.const 65536) "")))").ok());
  EXPECT_FALSE(inst(R"((module (memory 1) (data (i32.const 65537) "")))").ok());
  EXPECT_TRUE(inst(R"((module (table 1 funcref) (elem (i32.const 1))))").ok());
}

TEST_F(Fixture, StartFunctionHost) {
  int calls = 0;
  Func* hf = store.create_host_func(ir::FuncType{}, [&](Caller& c, auto, auto) -> std::optional<Trap> {
    ++calls;
    EXPECT_EQ(c.instance, nullptr);
    return std::nullopt;
  }, "hello");
  linker.define("host", "hello", hf);
  auto r = inst(R"((module (import "host" "hello" (func $h)) (start $h)))");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(calls, 1);

  Func* bad = store.create_host_func(ir::FuncType{}, [](Caller&, auto, auto) -> std::optional<Trap> {
    return make_trap(sem::TrapKind::Unreachable);
  });
  linker.define("host", "bad", bad);
  InstantiateInfo info;
  auto r2 = inst(R"((module (import "host" "bad" (func $h)) (start $h)))", &info);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().message, "unreachable");
  EXPECT_EQ(info.failure, InstantiateFailure::Trap);

  // A wasm start function needs an executor.
  auto r3 = inst(R"((module (func $s) (start $s)))", &info);
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(info.trap.kind, sem::TrapKind::HostError);
}

TEST_F(Fixture, HostFunctionInvokedDirectly) {
  Func* add = store.create_host_func(
      ir::FuncType{{ir::kI32, ir::kI32}, {ir::kI32}},
      [](Caller&, std::span<const Val> a, std::span<Val> r) -> std::optional<Trap> {
        r[0] = Val::make_i32(a[0].i32 + a[1].i32);
        return std::nullopt;
      });
  std::vector<Val> res;
  Val args[] = {Val::make_i32(2), Val::make_i32(40)};
  auto t = invoke(store, add, args, res);
  ASSERT_FALSE(t.has_value());
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].i32, 42u);
  Val bad[] = {Val::make_i64(2), Val::make_i32(40)};
  EXPECT_TRUE(invoke(store, add, bad, res).has_value());
  // A module can import it with the same type (canonical ids agree).
  linker.define("host", "add", add);
  EXPECT_TRUE(inst(R"((module (import "host" "add" (func (param i32 i32) (result i32)))))").ok());
  EXPECT_FALSE(inst(R"((module (import "host" "add" (func (param i32) (result i32)))))").ok());
}

TEST_F(Fixture, TableInitExprAndGlobalsRefFunc) {
  auto r = inst(R"((module
    (func $f (export "f"))
    (global $g (export "g") funcref (ref.func $f))
    (table (export "t") 3 funcref (ref.func $f))
    (global (export "x") i64 (i64.mul (i64.const 6) (i64.sub (i64.const 10) (i64.const 3))))
  ))");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  Instance* in = *r;
  Ref x;
  ASSERT_EQ(in->export_table("t")->get(2, x), sem::TrapKind::None);
  EXPECT_EQ(x.as_func(), in->export_func("f"));
  EXPECT_EQ(in->export_global("g")->get().ref.as_func(), in->export_func("f"));
  EXPECT_EQ(in->export_global("x")->get().i64, 42u);
}

TEST_F(Fixture, SpectestValues) {
  Instance* st = make_spectest(store);
  EXPECT_EQ(st->export_global("global_i32")->get().i32, 666u);
  EXPECT_EQ(st->export_global("global_i64")->get().i64, 666u);
  EXPECT_FLOAT_EQ(st->export_global("global_f32")->get().as_f32(), 666.6f);
  EXPECT_DOUBLE_EQ(st->export_global("global_f64")->get().as_f64(), 666.6);
  EXPECT_EQ(st->export_table("table")->size(), 10u);
  EXPECT_EQ(st->export_table("table")->max(), 20u);
  EXPECT_TRUE(st->export_table("table64")->is64());
  EXPECT_EQ(st->export_memory("memory")->size_pages(), 1u);
  EXPECT_EQ(st->export_memory("memory")->max_pages(), 2u);
  std::vector<Val> res;
  Val a[] = {Val::make_i32(1)};
  EXPECT_FALSE(invoke(store, st->export_func("print_i32"), a, res).has_value());
}

}  // namespace
}  // namespace skiff::rt

namespace skiff::rt {
namespace {

TEST_F(Fixture, GcConstExprsBuildObjects) {
  auto r = inst(R"((module
    (type $p (struct (field i32) (field (mut i64))))
    (type $a (array (mut i8)))
    (global (export "i") i31ref (ref.i31 (i32.const -1)))
    (global (export "s") (ref $p) (struct.new $p (i32.const 7) (i64.const 9)))
    (global (export "a") (ref $a) (array.new $a (i32.const 300) (i32.const 3)))
    (global (export "e") externref (extern.convert_any (ref.i31 (i32.const 5))))))");
  ASSERT_TRUE(r.ok()) << r.error().message;
  Ref i = (*r)->export_global("i")->get().ref;
  ASSERT_TRUE(i.is_i31());
  EXPECT_EQ(i.i31_u(), 0x7FFFFFFFu);
  EXPECT_EQ(i.i31_s(), 0xFFFFFFFFu);
  Ref s = (*r)->export_global("s")->get().ref;
  ASSERT_TRUE(s.is_object());
  gc::Object* so = gc::Object::from(s);
  EXPECT_EQ(so->desc->kind, ir::CompKind::Struct);
  uint32_t f0;
  uint64_t f1;
  std::memcpy(&f0, so->payload() + so->desc->fields[0].offset, 4);
  std::memcpy(&f1, so->payload() + so->desc->fields[1].offset, 8);
  EXPECT_EQ(f0, 7u);
  EXPECT_EQ(f1, 9u);
  gc::Object* ao = gc::Object::from((*r)->export_global("a")->get().ref);
  ASSERT_EQ(ao->length, 3u);
  EXPECT_EQ(ao->payload()[2], uint8_t(300 & 0xFF));
  Ref e = (*r)->export_global("e")->get().ref;
  EXPECT_TRUE(e.is_i31());
  // The globals keep the objects alive through a collection.
  store.heap().collect();
  EXPECT_EQ(store.heap().live_objects(), 2u);
}

TEST(Trap, MessageAndBacktrace) {
  Trap t = make_trap(sem::TrapKind::IntDivByZero);
  EXPECT_EQ(t.message, "integer divide by zero");
  TraceFrame div;
  div.func_index = 3;
  div.name = "div";
  t.backtrace.push_back(div);
  t.backtrace.push_back(TraceFrame{});
  EXPECT_EQ(t.to_string(), "integer divide by zero\n  at func[3] div\n  at func[0]");
  EXPECT_EQ(make_host_trap("boom").kind, sem::TrapKind::HostError);
}

TEST_F(Fixture, NamesAndExternref) {
  auto cm = compile_wat(R"((module (func $first) (func $second)))");
  ASSERT_TRUE(cm);
  EXPECT_EQ(cm->func_name(1), "second");
  EXPECT_EQ(cm->func_name(7), "");
  Ref e = store.make_extern(7);
  Global* g = store.create_global(ir::GlobalType{ir::externref(), true}, Val::externref(e));
  linker.define("host", "g", g);
  auto r = inst(R"((module (import "host" "g" (global (mut externref)))))");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_FALSE(inst(R"((module (import "host" "g" (global externref))))").ok());  // mutability
  EXPECT_FALSE(inst(R"((module (import "host" "g" (global (mut funcref)))))").ok());
  EXPECT_EQ(g->get().ref.as_extern()->value, 7u);
}

}  // namespace
}  // namespace skiff::rt
