// Memories, tables, globals, references and WASI through the C++ API.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "skiff/skiff.hpp"

namespace {

using namespace skiff;

Module compile(const Engine& e, const char* wat) {
  auto m = Module::compile_text(e, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return *m;
}

TEST(ApiObjects, MemoryViewsAreBoundsChecked) {
  Engine engine;
  Module m = compile(engine, R"((module (memory (export "mem") 1 3)
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))))");
  Store store(engine);
  auto inst = Instance::create(store, m, {});
  ASSERT_TRUE(inst.ok());
  Memory mem = *inst->memory("mem");
  EXPECT_EQ(mem.size(), 65536u);
  EXPECT_EQ(mem.pages(), 1u);
  const uint8_t data[] = {7, 8, 9};
  ASSERT_TRUE(mem.write(65533, data).ok());
  EXPECT_FALSE(mem.write(65534, data).ok());
  EXPECT_FALSE(mem.view(65536, 1).ok());
  EXPECT_FALSE(mem.view(uint64_t(-1), 2).ok());
  EXPECT_EQ(*inst->func("load")->typed<int32_t(int32_t)>()->call(65535), 9);
  auto old = mem.grow(2);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(*old, 1u);
  EXPECT_EQ(mem.pages(), 3u);
  EXPECT_FALSE(mem.grow(1).ok());  // past the declared maximum
  uint8_t back[3];
  ASSERT_TRUE(mem.read(65533, back).ok());
  EXPECT_EQ(back[2], 9);
}

TEST(ApiObjects, HostMadeMemoryTableGlobalAsImports) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "env" "mem" (memory 1))
    (import "env" "tab" (table 2 funcref))
    (import "env" "counter" (global $c (mut i64)))
    (type $t (func (result i32)))
    (func (export "bump") (global.set $c (i64.add (global.get $c) (i64.const 1))))
    (func (export "call_slot") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
    (func (export "store") (i32.store (i32.const 4) (i32.const 0x01020304)))))");
  Store store(engine);
  auto mem = Memory::create(store, MemoryType{Limits{1, 1}});
  ASSERT_TRUE(mem.ok());
  auto tab = Table::create(store, TableType{ValType(ValKind::FuncRef), Limits{2, std::nullopt}});
  ASSERT_TRUE(tab.ok());
  auto counter = Global::create(store, GlobalType{ValType(ValKind::I64), true}, Val(int64_t(10)));
  ASSERT_TRUE(counter.ok());
  Func seven = Func::wrap(store, []() { return int32_t(7); });
  ASSERT_TRUE(tab->set(1, Val(seven)).ok());
  EXPECT_FALSE(tab->set(2, Val(seven)).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define("env", "mem", *mem).ok());
  ASSERT_TRUE(linker.define("env", "tab", *tab).ok());
  ASSERT_TRUE(linker.define("env", "counter", *counter).ok());
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  ASSERT_TRUE(inst->func("bump")->call({}).ok());
  ASSERT_TRUE(inst->func("bump")->call({}).ok());
  EXPECT_EQ(counter->get().as_i64(), 12);
  ASSERT_TRUE(counter->set(Val(int64_t(100))).ok());
  EXPECT_FALSE(counter->set(Val(int32_t(1))).ok());  // wrong type
  ASSERT_TRUE(inst->func("bump")->call({}).ok());
  EXPECT_EQ(counter->get().as_i64(), 101);
  auto call_slot = inst->func("call_slot")->typed<int32_t(int32_t)>();
  EXPECT_EQ(*call_slot->call(1), 7);
  auto null_slot = call_slot->call(0);
  ASSERT_FALSE(null_slot.ok());
  EXPECT_EQ(null_slot.error().reason(), TrapReason::UninitializedElement);
  ASSERT_TRUE(inst->func("store")->call({}).ok());
  EXPECT_EQ(mem->data()[4], 4);
  EXPECT_EQ(mem->data()[7], 1);
  auto got = tab->get(1);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->as_funcref().has_value());
  EXPECT_TRUE(*got->as_funcref() == seven);
  auto grown = tab->grow(3, Val::null(ValKind::FuncRef));
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(tab->size(), 5u);
  // Immutable globals refuse set.
  auto k = Global::create(store, GlobalType{ValType(ValKind::F64), false}, Val(2.5));
  ASSERT_TRUE(k.ok());
  EXPECT_FALSE(k->set(Val(1.0)).ok());
  EXPECT_EQ(k->get().as_f64(), 2.5);
}

TEST(ApiObjects, ExternrefsRoundTrip) {
  Engine engine;
  Module m = compile(engine, R"((module
    (table $t 4 externref)
    (func (export "put") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
    (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
    (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))))");
  Store store(engine);
  auto inst = Instance::create(store, m, {});
  ASSERT_TRUE(inst.ok());
  ASSERT_TRUE(inst->func("put")->call({Val(int32_t(2)), Val::externref(0xfeedface)}).ok());
  auto r = inst->func("get")->call({Val(int32_t(2))});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)[0].as_externref().has_value());
  EXPECT_EQ(*(*r)[0].as_externref(), 0xfeedfaceu);
  auto n = inst->func("get")->call({Val(int32_t(1))});
  EXPECT_TRUE((*n)[0].is_null());
  EXPECT_EQ((*inst->func("is_null")->call({Val::null(ValKind::ExternRef)}))[0].as_i32(), 1);
  EXPECT_EQ((*inst->func("is_null")->call({Val::externref(1)}))[0].as_i32(), 0);
}

TEST(ApiObjects, FuncrefsFromAnotherStoreAreRefused) {
  Engine engine;
  Store a(engine), b(engine);
  Func f = Func::wrap(a, []() {});
  auto tab = Table::create(b, TableType{ValType(ValKind::FuncRef), Limits{1, std::nullopt}});
  ASSERT_TRUE(tab.ok());
  EXPECT_FALSE(tab->set(0, Val(f)).ok());
}

TEST(ApiObjects, WasiThroughTheLinker) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 8) "from wasi\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 8))
      (i32.store (i32.const 4) (i32.const 10))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 100)))
      (call $exit (i32.const 3)))))");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Store store(engine);
  WasiConfig cfg;
  cfg.args = {"prog"};
  cfg.stdout_fd = fds[1];
  ASSERT_TRUE(store.set_wasi(cfg).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define_wasi().ok());
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  auto r = inst->func("_start")->call({});
  EXPECT_FALSE(r.ok());  // proc_exit unwinds
  ASSERT_TRUE(store.wasi_exit_code().has_value());
  EXPECT_EQ(*store.wasi_exit_code(), 3);
  char buf[64] = {};
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  EXPECT_EQ(std::string(buf, n > 0 ? size_t(n) : 0), "from wasi\n");
  close(fds[0]);
  close(fds[1]);
  // A directory that does not exist is a clear error.
  WasiConfig bad;
  bad.dirs.push_back(WasiDir{"/nonexistent/skiff-dir", "/data", false});
  auto st = store.set_wasi(bad);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("/nonexistent/skiff-dir"), std::string::npos);
}

TEST(ApiObjects, WasiTcpListenIsADescriptorAfterTheDirectories) {
  Engine engine;
  // fd_fdstat_get(3): the socket's file type (6: socket_stream) and the errno.
  Module m = compile(engine, R"((module
    (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $stat (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "kind") (param i32) (result i32 i32)
      (call $stat (local.get 0) (i32.const 16))
      (i32.load8_u (i32.const 16)))))");
  Store store(engine);
  WasiConfig cfg;
  cfg.args = {"prog"};
  cfg.tcp_listen = {"127.0.0.1:0"};  // any free port
  ASSERT_TRUE(store.set_wasi(cfg).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.define_wasi().ok());
  auto inst = linker.instantiate(store, m);
  ASSERT_TRUE(inst.ok()) << inst.error().error.message;
  auto r = inst->func("kind")->call({Val(int32_t(3))});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i32(), 0);  // success
  EXPECT_EQ((*r)[1].as_i32(), 6);  // socket_stream
  auto none = inst->func("kind")->call({Val(int32_t(4))});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)[0].as_i32(), 8);  // EBADF: nothing after the socket
  // An address that cannot be listened on is an Error naming it.
  WasiConfig bad;
  bad.tcp_listen = {"not-an-address"};
  auto st = store.set_wasi(bad);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("not-an-address"), std::string::npos) << st.error().message;
}

}  // namespace
