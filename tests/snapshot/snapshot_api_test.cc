// skiff::preinitialize through the public API: the snapshot's state, a host
// function import in a table, GC object globals with imported and exported globals
// around them, and the refusals only an embedder can provoke (host references, in
// globals or inside GC objects, functions that are not the module's).
#include <gtest/gtest.h>

#include <string>

#include "skiff/engine.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/snapshot.h"
#include "skiff/store.h"

namespace {

using namespace skiff;

Module compile(const Engine& e, const char* wat) {
  auto m = Module::compile_text(e, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return *m;
}

// A host function returning a fresh externref or funcref, for init to store.
void define_maker(Linker& linker, ValKind kind, Val value) {
  FuncType t;
  t.results.push_back(ValType(kind));
  Status s = linker.func("env", "make", t, [value](Caller&, std::span<const Val>, std::span<Val> out) {
    out[0] = value;
    return std::optional<Trap>();
  });
  ASSERT_TRUE(s.ok());
}

TEST(Preinit, StateAndHostImportInTable) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "env" "seven" (func $seven (result i32)))
    (type $t (func (result i32)))
    (table $tab 2 funcref)
    (memory (export "mem") 1)
    (global $g (mut i32) (i32.const 0))
    (elem declare func $seven)
    (func (export "wizer.initialize")
      (table.set $tab (i32.const 1) (ref.func $seven))
      (i32.store (i32.const 40000) (i32.const 1234))
      (global.set $g (i32.const 99)))
    (func (export "get") (result i32)
      (i32.add (global.get $g)
        (i32.add (i32.load (i32.const 40000)) (call_indirect $tab (type $t) (i32.const 1))))))
  )");
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "seven", []() -> int32_t { return 7; }).ok());
  Store store(engine);
  auto r = preinitialize(linker, store, m);
  ASSERT_TRUE(r.ok()) << r.error().error.message;
  EXPECT_EQ(r->init_func, "wizer.initialize");
  EXPECT_EQ(r->data_segments, 1u);
  EXPECT_EQ(r->data_bytes, 2u);  // 1234 = 0xd2 0x04, the zeros around it left out
  EXPECT_EQ(r->elem_segments, 1u);

  auto snap = Module::compile(engine, r->wasm);
  ASSERT_TRUE(snap.ok()) << snap.error().to_string();
  for (const ExportType& e : snap->exports()) EXPECT_NE(e.name, "wizer.initialize");
  Store store2(engine);
  auto inst = linker.instantiate(store2, *snap);
  ASSERT_TRUE(inst.ok());
  auto get = inst->func("get")->typed<int32_t()>();
  ASSERT_TRUE(get.ok());
  auto v = get->call();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 99 + 1234 + 7);
}

TEST(Preinit, RefusesHostReference) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "env" "make" (func $make (result externref)))
    (global $g (mut externref) (ref.null extern))
    (func (export "_initialize") (global.set $g (call $make))))
  )");
  Linker linker(engine);
  define_maker(linker, ValKind::ExternRef, Val::externref(42));
  Store store(engine);
  auto r = preinitialize(linker, store, m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error.message,
            "cannot snapshot: global 0 holds a host reference (an externref made by the host)");
}

TEST(Preinit, RefusesAnotherInstancesFunction) {
  Engine engine;
  Store store(engine);
  Module other = compile(engine, R"((module (func (export "f"))))");
  Linker linker(engine);
  auto o = linker.instantiate(store, other);
  ASSERT_TRUE(o.ok());
  define_maker(linker, ValKind::FuncRef, Val(*o->func("f")));
  Module m = compile(engine, R"((module
    (import "env" "make" (func $make (result funcref)))
    (table $t 3 funcref)
    (func (export "_initialize") (table.set $t (i32.const 2) (call $make))))
  )");
  auto r = preinitialize(linker, store, m);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().error.message.find("table 0 element 2 holds a function that is neither defined nor "
                                         "imported by the module"),
            std::string::npos)
      << r.error().error.message;
}

TEST(Preinit, ImmutableImportedGlobalIsAccepted) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (import "env" "base" (global $base i32))
    (global $g (mut i32) (i32.const 0))
    (func (export "_initialize") (global.set $g (i32.add (global.get $base) (i32.const 1))))
    (func (export "g") (result i32) (global.get $g)))
  )");
  auto base = Global::create(store, GlobalType{ValType(ValKind::I32), false}, Val::i32(41));
  ASSERT_TRUE(base.ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define("env", "base", *base).ok());
  auto r = preinitialize(linker, store, m);
  ASSERT_TRUE(r.ok()) << r.error().error.message;
  auto snap = Module::compile(engine, r->wasm);
  ASSERT_TRUE(snap.ok());
  Store store2(engine);
  auto base2 = Global::create(store2, GlobalType{ValType(ValKind::I32), false}, Val::i32(0));
  ASSERT_TRUE(base2.ok());
  Linker linker2(engine);
  ASSERT_TRUE(linker2.define("env", "base", *base2).ok());
  auto inst = linker2.instantiate(store2, *snap);
  ASSERT_TRUE(inst.ok());
  auto g = inst->func("g")->typed<int32_t()>();
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g->call(), 42);  // baked: init saw 41, whatever the new import holds
}

// GC objects become new globals placed before the defined ones: the defined globals
// move up, imported ones do not, and exports, bodies and the names follow.
TEST(Preinit, GcObjectGlobalsRenumberExportsAndKeepImports) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (type $s (struct (field i32) (field (ref null $s))))
    (import "env" "base" (global $base i32))
    (global $n (export "n") (mut i32) (i32.const 0))
    (global $list (mut (ref null $s)) (ref.null $s))
    (global $k (export "k") i32 (i32.const 5))
    (func (export "_initialize")
      (global.set $list (struct.new $s (i32.const 2) (struct.new $s (global.get $base) (ref.null $s))))
      (global.set $n (i32.const 17)))
    (func (export "sum") (result i32)
      (i32.add (i32.add (global.get $base) (global.get $n))
        (i32.add (struct.get $s 0 (global.get $list))
                 (struct.get $s 0 (ref.as_non_null (struct.get $s 1 (global.get $list))))))))
  )");
  auto base = Global::create(store, GlobalType{ValType(ValKind::I32), false}, Val::i32(100));
  ASSERT_TRUE(base.ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define("env", "base", *base).ok());
  auto r = preinitialize(linker, store, m);
  ASSERT_TRUE(r.ok()) << r.error().error.message;
  EXPECT_EQ(r->gc_objects, 2u);
  auto snap = Module::compile(engine, r->wasm);
  ASSERT_TRUE(snap.ok()) << snap.error().to_string();
  Store store2(engine);
  auto base2 = Global::create(store2, GlobalType{ValType(ValKind::I32), false}, Val::i32(1000));
  ASSERT_TRUE(base2.ok());
  Linker linker2(engine);
  ASSERT_TRUE(linker2.define("env", "base", *base2).ok());
  auto inst = linker2.instantiate(store2, *snap);
  ASSERT_TRUE(inst.ok());
  ASSERT_TRUE(inst->global("n").has_value());
  EXPECT_EQ(inst->global("n")->get().as_i32(), 17);
  ASSERT_TRUE(inst->global("k").has_value());
  EXPECT_EQ(inst->global("k")->get().as_i32(), 5);
  auto sum = inst->func("sum")->typed<int32_t()>();
  ASSERT_TRUE(sum.ok());
  // The new import (1000) plus the baked state: 17, 2 and the 100 init read.
  EXPECT_EQ(*sum->call(), 1000 + 17 + 2 + 100);
}

TEST(Preinit, RefusesHostReferenceInsideGcObject) {
  Engine engine;
  Module m = compile(engine, R"((module
    (type $s (struct (field externref)))
    (import "env" "make" (func $make (result externref)))
    (table $t 2 anyref)
    (func (export "_initialize") (table.set $t (i32.const 1) (struct.new $s (call $make)))))
  )");
  Linker linker(engine);
  define_maker(linker, ValKind::ExternRef, Val::externref(42));
  Store store(engine);
  auto r = preinitialize(linker, store, m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error.message,
            "cannot snapshot: a GC object (type 0) reachable from table 0 element 1 holds a host "
            "reference (an externref made by the host)");
}

}  // namespace
