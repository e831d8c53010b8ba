// libFuzzer target: differential execution of one module in tier 0 (the
// interpreter) and tier 1 (every function compiled by the LLVM compiler), issue 14.
// Both runs use the same store limits and fuel, call every export with zero
// arguments in the same order, and must agree on each call's outcome (trap kind or
// results), on the fuel left after each call, and at the end on every memory's size
// and bytes. A NaN matches any NaN (the spec lets NaN payloads differ), in results
// and in memory. A difference calls abort(), so libFuzzer keeps the input.
//
// Each input is compiled at opt level 2 or 0, in the guard-page or the
// explicit-bounds-check memory mode (both picked by a hash of the input).
//
// Not compared: anything after either run exhausted its call stack (frame sizes
// differ between tiers, so the limit is met at different depths), reference
// identities (only null-ness), and inputs tier 0 cannot instantiate.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "compiler/tier1.h"
#include "fuzz_exec_util.h"
#include "interp/interpreter.h"
#include "runtime/instance.h"
#include "runtime/instantiate.h"
#include "runtime/memory.h"
#include "runtime/spectest.h"

using namespace skiff;

namespace {

struct Call {
  std::string name;
  bool trapped = false;
  int trap = 0;
  std::vector<rt::Val> results;
  uint64_t fuel_left = 0;
};

struct Outcome {
  bool instantiated = false;
  bool stack_exhausted = false;
  std::vector<Call> calls;
  std::vector<std::vector<uint8_t>> memories;
};

bool is_nan32(uint32_t b) { return (b & 0x7F800000u) == 0x7F800000u && (b & 0x007FFFFFu) != 0; }
bool is_nan64(uint64_t b) {
  return (b & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (b & 0x000FFFFFFFFFFFFFull) != 0;
}

uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Equal, or both NaN where the type (or, for v128, a 32- or 64-bit lane) is float.
bool same_value(const rt::Val& a, const rt::Val& b) {
  if (a.type.kind != b.type.kind) return false;
  if (a.type.is_ref()) return a.ref.is_null() == b.ref.is_null();
  switch (a.type.kind) {
    case ir::ValKind::I32: return a.i32 == b.i32;
    case ir::ValKind::I64: return a.i64 == b.i64;
    case ir::ValKind::F32: return a.f32 == b.f32 || (is_nan32(a.f32) && is_nan32(b.f32));
    case ir::ValKind::F64: return a.f64 == b.f64 || (is_nan64(a.f64) && is_nan64(b.f64));
    case ir::ValKind::V128:
      for (int lane = 0; lane < 2; ++lane) {
        uint64_t x = load64(a.v128 + 8 * lane), y = load64(b.v128 + 8 * lane);
        if (x == y || (is_nan64(x) && is_nan64(y))) continue;
        for (int h = 0; h < 2; ++h) {
          uint32_t p = load32(a.v128 + 8 * lane + 4 * h), q = load32(b.v128 + 8 * lane + 4 * h);
          if (p != q && !(is_nan32(p) && is_nan32(q))) return false;
        }
      }
      return true;
    default:
      return std::memcmp(a.v128, b.v128, 16) == 0;
  }
}

// Every differing byte lies in a 4- or 8-byte window that holds a NaN on both sides.
bool same_memory(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  if (a.size() != b.size()) return false;
  const size_t n = a.size();
  for (size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    bool covered = false;
    for (size_t w : {size_t(4), size_t(8)}) {
      for (size_t s = i >= w - 1 ? i - (w - 1) : 0; !covered && s <= i && s + w <= n; ++s) {
        covered = w == 4 ? is_nan32(load32(&a[s])) && is_nan32(load32(&b[s]))
                         : is_nan64(load64(&a[s])) && is_nan64(load64(&b[s]));
      }
    }
    if (!covered) return false;
  }
  return true;
}

std::string show(const Call& c) {
  std::string s = c.name + ": ";
  if (c.trapped) {
    s += "trap " + std::to_string(c.trap);
  } else {
    for (const rt::Val& v : c.results) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%016llx%016llx ", static_cast<unsigned long long>(load64(v.v128 + 8)),
                    static_cast<unsigned long long>(load64(v.v128)));
      s += buf;
    }
  }
  return s + " fuel left " + std::to_string(c.fuel_left);
}

Outcome run(const std::shared_ptr<const rt::CompiledModule>& cm, bool tier1, bool guard_pages,
            uint32_t opt_level) {
  Outcome out;
  rt::Engine engine;
  rt::Store store(engine);
  fuzz::limit_store(store);
  interp::Interpreter interp(store, fuzz::differential_interp_config(guard_pages));
  std::unique_ptr<compiler::Tier1Executor> t1;
  if (tier1) {
    auto made = compiler::Tier1Executor::create(store, guard_pages, opt_level);
    if (!made.ok()) {
      std::fprintf(stderr, "fuzz_tier1: no compiler: %s\n", made.error().message.c_str());
      std::abort();
    }
    t1 = std::move(*made);
  }
  rt::Linker linker;
  linker.define_instance("spectest", *rt::make_spectest(store));
  auto inst = linker.instantiate(store, cm);
  if (!inst.ok()) return out;
  out.instantiated = true;
  if (t1) (void)t1->prepare(**inst);
  for (const rt::ExportEntry& e : (*inst)->exports) {
    if (e.value.kind != ir::ExternKind::Func) continue;
    rt::Func* f = e.value.func;
    std::vector<rt::Val> args;
    if (!fuzz::zero_args(*f, args)) continue;
    Call c;
    c.name = e.name;
    c.results.resize(f->sig->results.size());
    for (size_t i = 0; i < c.results.size(); ++i) c.results[i] = rt::Val::zero(f->sig->results[i]);
    store.set_fuel(fuzz::kFuelPerCall);
    if (auto t = rt::invoke(store, f, args, c.results)) {
      if (t->kind == sem::TrapKind::CallStackExhausted) {
        out.stack_exhausted = true;
        return out;
      }
      c.trapped = true;
      c.trap = int(t->kind);
      c.results.clear();
    }
    c.fuel_left = store.fuel();
    out.calls.push_back(std::move(c));
  }
  for (rt::Memory* m : (*inst)->memories)
    out.memories.emplace_back(m->data(), m->data() + m->size_bytes());
  return out;
}

[[noreturn]] void differ(const char* what, const std::string& t0, const std::string& t1) {
  std::fprintf(stderr, "fuzz_tier1: %s differs\n  tier 0: %s\n  tier 1: %s\n", what, t0.c_str(),
               t1.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = binary::decode(data, size);
  if (!m.ok()) return 0;
  auto cm = rt::CompiledModule::compile(std::move(*m));
  if (!cm.ok()) return 0;
  uint32_t h = uint32_t(size);
  for (size_t i = 0; i < size; ++i) h = h * 31 + data[i];
  const uint32_t opt = (h >> 3) % 4 == 0 ? 0 : 2;
  const bool guard = (h >> 7) % 4 != 0;
  Outcome a = run(*cm, false, guard, opt);
  if (!a.instantiated || a.stack_exhausted) return 0;
  Outcome b = run(*cm, true, guard, opt);
  if (b.stack_exhausted) return 0;
  if (!b.instantiated) differ("instantiation", "ok", "failed");
  for (size_t i = 0; i < a.calls.size() || i < b.calls.size(); ++i) {
    if (i >= a.calls.size() || i >= b.calls.size())
      differ("call count", std::to_string(a.calls.size()), std::to_string(b.calls.size()));
    const Call& x = a.calls[i];
    const Call& y = b.calls[i];
    bool same = x.trapped == y.trapped && x.trap == y.trap && x.fuel_left == y.fuel_left &&
                x.results.size() == y.results.size();
    for (size_t k = 0; same && k < x.results.size(); ++k) same = same_value(x.results[k], y.results[k]);
    if (!same) differ("a call", show(x), show(y));
  }
  if (a.memories.size() != b.memories.size()) differ("memory count", "", "");
  for (size_t i = 0; i < a.memories.size(); ++i) {
    if (!same_memory(a.memories[i], b.memories[i]))
      differ("memory contents", std::to_string(a.memories[i].size()) + " bytes",
             std::to_string(b.memories[i].size()) + " bytes");
  }
  return 0;
}
