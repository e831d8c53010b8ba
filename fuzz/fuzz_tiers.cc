// libFuzzer target: differential execution of one module in two code variants of
// the interpreter. Run A uses guard-page memories (the unchecked and fused memory
// forms: _u, _ua, _ui, _us, _ut); run B keeps explicit bounds checks everywhere
// (no memory fusions). Both run under the same fuel with the same limits and call
// every export with zero arguments in the same order; the outcome of each call
// (trap kind, or the result bits) and, at the end, every memory's size and bytes
// must agree. A difference means a translation (or a fused handler) computes
// something else than the plain one: abort() so libFuzzer keeps the input.
//
// Not compared: calls after either run exhausted its call stack (frame sizes may
// differ between variants, so the limit is met at different depths) and the
// identity of references (only their null-ness).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "fuzz_exec_util.h"
#include "interp/interpreter.h"
#include "runtime/instance.h"
#include "runtime/instantiate.h"
#include "runtime/memory.h"
#include "runtime/spectest.h"

using namespace skiff;

namespace {

struct Outcome {
  bool instantiated = false;
  std::vector<std::string> calls;  // one line per export call
  std::string memory;              // every memory: size, then bytes
  bool stack_exhausted = false;
};

std::string describe(const rt::Val& v) {
  char buf[64];
  if (v.type.is_ref()) return v.ref.is_null() ? "null" : "ref";
  switch (v.type.kind) {
    case ir::ValKind::I32:
    case ir::ValKind::F32:
      std::snprintf(buf, sizeof buf, "%08x", v.i32);
      return buf;
    case ir::ValKind::V128: {
      std::string s;
      for (uint8_t b : v.v128) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        s += buf;
      }
      return s;
    }
    default:
      std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v.i64));
      return buf;
  }
}

Outcome run(const std::shared_ptr<const rt::CompiledModule>& cm, bool guard_pages) {
  Outcome out;
  rt::Engine engine;
  rt::Store store(engine);
  fuzz::limit_store(store);
  interp::Interpreter interp(store, fuzz::differential_interp_config(guard_pages));
  rt::Linker linker;
  linker.define_instance("spectest", *rt::make_spectest(store));
  auto inst = linker.instantiate(store, cm);
  if (!inst.ok()) return out;
  out.instantiated = true;
  for (const rt::ExportEntry& e : (*inst)->exports) {
    if (e.value.kind != ir::ExternKind::Func) continue;
    rt::Func* f = e.value.func;
    std::vector<rt::Val> args;
    if (!fuzz::zero_args(*f, args)) continue;
    std::vector<rt::Val> results;
    store.set_fuel(fuzz::kFuelPerCall);
    std::string line = e.name + ": ";
    if (auto t = rt::invoke(store, f, args, results)) {
      if (t->kind == sem::TrapKind::CallStackExhausted) {
        out.stack_exhausted = true;
        return out;
      }
      line += "trap " + std::to_string(int(t->kind));
    } else {
      for (const rt::Val& v : results) line += describe(v) + " ";
    }
    out.calls.push_back(line);
  }
  for (rt::Memory* m : (*inst)->memories) {
    out.memory += std::to_string(m->size_bytes()) + ":";
    out.memory.append(reinterpret_cast<const char*>(m->data()), size_t(m->size_bytes()));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = binary::decode(data, size);
  if (!m.ok()) return 0;
  auto cm = rt::CompiledModule::compile(std::move(*m));
  if (!cm.ok()) return 0;
  Outcome a = run(*cm, true);
  Outcome b = run(*cm, false);
  if (a.stack_exhausted || b.stack_exhausted) return 0;
  if (a.instantiated != b.instantiated) {
    std::fprintf(stderr, "fuzz_tiers: instantiation differs (guard pages %d, bounds checks %d)\n",
                 a.instantiated, b.instantiated);
    std::abort();
  }
  for (size_t i = 0; i < a.calls.size() || i < b.calls.size(); ++i) {
    const std::string x = i < a.calls.size() ? a.calls[i] : "(none)";
    const std::string y = i < b.calls.size() ? b.calls[i] : "(none)";
    if (x != y) {
      std::fprintf(stderr, "fuzz_tiers: call %zu differs\n  guard pages:   %s\n  bounds checks: %s\n", i,
                   x.c_str(), y.c_str());
      std::abort();
    }
  }
  if (a.memory != b.memory) {
    std::fprintf(stderr, "fuzz_tiers: memory contents differ after the calls\n");
    std::abort();
  }
  return 0;
}
