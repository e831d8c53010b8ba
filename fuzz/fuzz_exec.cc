// libFuzzer target: decode, validate, instantiate (with a spectest-like host module)
// and call every exported function with zero arguments, under fuel and small limits,
// so every input terminates in bounded memory. Traps are fine; crashes are not.
#include <cstddef>
#include <cstdint>

#include "binary/decoder.h"
#include "fuzz_exec_util.h"
#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "runtime/spectest.h"

using namespace skiff;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = binary::decode(data, size);
  if (!m.ok()) return 0;
  auto cm = rt::CompiledModule::compile(std::move(*m));
  if (!cm.ok()) return 0;
  rt::Engine engine;
  rt::Store store(engine);
  fuzz::limit_store(store);
  interp::InterpConfig cfg;
  cfg.max_call_depth = 2'000;
  cfg.value_stack_bytes = 1 << 20;
  interp::Interpreter interp(store, cfg);
  rt::Linker linker;
  linker.define_instance("spectest", *rt::make_spectest(store));
  auto inst = linker.instantiate(store, *cm);
  if (!inst.ok()) return 0;
  for (const rt::ExportEntry& e : (*inst)->exports) {
    if (e.value.kind != ir::ExternKind::Func) continue;
    rt::Func* f = e.value.func;
    std::vector<rt::Val> args;
    if (!fuzz::zero_args(*f, args)) continue;
    std::vector<rt::Val> results;
    store.set_fuel(fuzz::kFuelPerCall);
    (void)rt::invoke(store, f, args, results);
  }
  return 0;
}
