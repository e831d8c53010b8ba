#include "runtime/spectest.h"

#include <cinttypes>
#include <cstdio>

namespace skiff::rt {

namespace {

void print_val(const Val& v) {
  switch (v.type.kind) {
    case ir::ValKind::I32: std::printf("%" PRId32 " : i32\n", int32_t(v.i32)); break;
    case ir::ValKind::I64: std::printf("%" PRId64 " : i64\n", int64_t(v.i64)); break;
    case ir::ValKind::F32: std::printf("%g : f32\n", double(v.as_f32())); break;
    case ir::ValKind::F64: std::printf("%g : f64\n", v.as_f64()); break;
    default: std::printf("? : %s\n", ir::to_string(v.type).c_str()); break;
  }
}

}  // namespace

Instance* make_spectest(Store& store, bool print) {
  Instance* inst = store.new_instance();
  auto add = [&](const char* name, Extern e) { inst->exports.push_back({name, e}); };
  auto printer = [print](Caller&, std::span<const Val> args, std::span<Val>) -> std::optional<Trap> {
    if (print) {
      for (const Val& v : args) print_val(v);
      std::fflush(stdout);
    }
    return std::nullopt;
  };
  auto fn = [&](const char* name, std::vector<ir::ValType> params) {
    Func* f = store.create_host_func(ir::FuncType{std::move(params), {}}, printer, name);
    inst->funcs.push_back(f);
    add(name, f);
  };
  fn("print", {});
  fn("print_i32", {ir::kI32});
  fn("print_i64", {ir::kI64});
  fn("print_f32", {ir::kF32});
  fn("print_f64", {ir::kF64});
  fn("print_i32_f32", {ir::kI32, ir::kF32});
  fn("print_f64_f64", {ir::kF64, ir::kF64});

  auto glob = [&](const char* name, Val v) {
    Global* g = store.create_global(ir::GlobalType{v.type, false}, v);
    inst->globals.push_back(g);
    add(name, g);
  };
  glob("global_i32", Val::make_i32(666));
  glob("global_i64", Val::make_i64(666));
  glob("global_f32", Val::make_f32(666.6f));
  glob("global_f64", Val::make_f64(666.6));

  for (bool is64 : {false, true}) {
    ir::TableType tt;
    tt.elem = ir::funcref();
    tt.limits.min = 10;
    tt.limits.max = 20;
    tt.limits.is64 = is64;
    auto t = store.create_table(tt);
    if (t.ok()) {
      inst->tables.push_back(*t);
      add(is64 ? "table64" : "table", *t);
    }
  }
  ir::MemoryType mt;
  mt.limits.min = 1;
  mt.limits.max = 2;
  if (auto mem = store.create_memory(mt); mem.ok()) {
    inst->memories.push_back(*mem);
    add("memory", *mem);
  }
  // The threads proposal's scripts import a shared memory (1 1 shared).
  ir::MemoryType smt;
  smt.limits.min = 1;
  smt.limits.max = 1;
  smt.limits.shared = true;
  if (auto mem = store.create_memory(smt); mem.ok()) {
    inst->memories.push_back(*mem);
    add("shared_memory", *mem);
  }
  return inst;
}

}  // namespace skiff::rt
