// Loading a module's machine code (JIT or ahead of time) into a ModuleCode, the
// per-module cells that own it (CompiledModule::tier1), and the registry of
// ahead-of-time code (aot.h).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "compiler/aot.h"
#include "compiler/compiler_loader.h"
#include "compiler/tier1_internal.h"
#include "runtime/compiled_module.h"

namespace skiff::compiler {

namespace {
std::atomic<uint64_t> g_live_code{0};
}  // namespace

Status load_module_code(Tier1Executor::ModuleCode& mc, std::span<const uint8_t> object,
                        std::span<const uint32_t> osr) {
  auto obj = LoadedObject::load(object);
  if (!obj.ok()) return std::move(obj).error();
  const ir::Module& m = mc.cm->module;
  const uint32_t nimp = m.num_imported_funcs;
  if (mc.funcs.size() != m.funcs.size()) return make_error("machine code: function table size mismatch");
  std::vector<CodeRange> ranges;
  for (size_t i = 0; i < mc.funcs.size(); ++i) {
    rt1::CompiledFunc& f = mc.funcs[i];
    const LoadedObject::Symbol* a = (*obj)->find("f" + std::to_string(i));
    const LoadedObject::Symbol* s = (*obj)->find("s" + std::to_string(i));
    if (a && !(a->func && a->in_text)) a = nullptr;
    if (s && !(s->func && s->in_text)) s = nullptr;
    if (f.compiled && (!a || !s))
      return make_error("machine code: no code for compiled function " + std::to_string(i));
    f.code = a && s ? reinterpret_cast<void*>(a->addr) : nullptr;
    f.slot_code = a && s ? reinterpret_cast<void*>(s->addr) : nullptr;
    // A stub (f.compiled false) is glue like a wrapper: the function's own frame
    // comes from tier 0, which runs it.
    if (a) ranges.push_back(CodeRange{a->addr, a->addr + a->size, uint32_t(nimp + i), !f.compiled});
    if (s) ranges.push_back(CodeRange{s->addr, s->addr + s->size, uint32_t(nimp + i), true});
  }
  std::vector<uint32_t> osr_funcs;
  for (size_t k = 0; k + 1 < osr.size(); k += 2) osr_funcs.push_back(osr[k]);
  std::sort(osr_funcs.begin(), osr_funcs.end());
  osr_funcs.erase(std::unique(osr_funcs.begin(), osr_funcs.end()), osr_funcs.end());
  for (const uint32_t d : osr_funcs) {
    // (Its function need not be in this object: an entry comes alone, tier1_auto.cc.)
    const LoadedObject::Symbol* o = (*obj)->find("o" + std::to_string(d));
    const LoadedObject::Symbol* q = (*obj)->find("q" + std::to_string(d));
    if (!o || !o->func || !o->in_text || d >= mc.funcs.size()) continue;
    if (!q || q->func || q->in_text || q->size % 4 != 0)
      return make_error("machine code: no loop table for OSR entry " + std::to_string(d));
    for (uint64_t at = 0; at < q->size; at += 4) {
      uint32_t loop;
      std::memcpy(&loop, reinterpret_cast<const void*>(q->addr + at), 4);
      mc.osr.push_back({d, loop, reinterpret_cast<void*>(o->addr)});
    }
    // The frame it replaces: backtraces name it as the function.
    ranges.push_back(CodeRange{o->addr, o->addr + o->size, uint32_t(nimp + d), false});
  }
  mc.code = std::move(*obj);
  mc.code_map_token = CodeMap::add(std::move(ranges), mc.weak_cm);
  g_live_code.fetch_add(1, std::memory_order_relaxed);
  return {};
}

Tier1Executor::ModuleCode::~ModuleCode() {
  if (code_map_token) {
    CodeMap::remove(code_map_token);  // before `code` unmaps the ranges
    g_live_code.fetch_sub(1, std::memory_order_relaxed);
  }
}

uint64_t live_module_code() { return g_live_code.load(std::memory_order_relaxed); }

namespace {
// CompiledModule::tier1: the module's cells, one per variant, destroyed with it.
struct ModuleTier1 final : rt::TierSlot::Data {
  std::mutex mu;
  std::map<CodeVariant, std::unique_ptr<CodeCell>> cells;
};
}  // namespace

CodeCell& code_cell(const rt::CompiledModule& cm, const CodeVariant& v) {
  auto* mt = static_cast<ModuleTier1*>(cm.tier1.get_or_make([] { return new ModuleTier1(); }));
  std::lock_guard<std::mutex> g(mt->mu);
  std::unique_ptr<CodeCell>& c = mt->cells[v];
  if (!c) c = std::make_unique<CodeCell>();
  return *c;
}

Tier1Executor::ModuleCode* publish_code(CodeCell& cell, std::unique_ptr<Tier1Executor::ModuleCode> mc) {
  cell.code = std::move(mc);
  cell.ready.store(cell.code.get(), std::memory_order_release);
  return cell.code.get();
}

}  // namespace skiff::compiler

// ---- ahead-of-time code ----

namespace skiff::compiler {

namespace {
struct AotEntry {
  std::weak_ptr<const rt::CompiledModule> cm;
  std::shared_ptr<const SkcCode> code;
};
std::mutex g_aot_mu;
std::map<const rt::CompiledModule*, AotEntry>& aot_registry() {
  static auto* r = new std::map<const rt::CompiledModule*, AotEntry>();
  return *r;
}
}  // namespace

bool tier1_inline_disabled() {
  static const bool off = [] {  // as the compiler reads it (llvm/jit.cc)
    const char* e = std::getenv("SKIFF_TIER1_INLINE");
    return e && e[0] == '0';
  }();
  return off;
}

Result<SkcCode> compile_ahead_of_time(const rt::CompiledModule& cm, bool guarded, uint32_t opt_level) {
  auto api = load_compiler();
  if (!api.ok()) return std::move(api).error();
  SkcCode out;
  out.mem0_guarded = guarded;
  out.opt_level = opt_level;
  out.no_inline = tier1_inline_disabled();
  out.cpu = host_cpu_features();
  out.funcs.resize(cm.module.funcs.size());
  rt1::CompileRequest req;
  req.module = &cm.module;
  req.canon = &cm.canon;
  req.mem0_guarded = guarded;
  req.opt_level = opt_level;
  rt1::CompileResult res;
  res.funcs = out.funcs.data();
  if (!(*api)->compile(&req, &res)) {
    if (res.handle) (*api)->release(res.handle);
    return make_error(std::string("tier-1 compile failed: ") + res.error);
  }
  out.object.assign(res.object, res.object + res.object_size);
  out.target = res.target;
  (*api)->release(res.handle);
  for (rt1::CompiledFunc& f : out.funcs) f.code = f.slot_code = nullptr;
  return out;
}

Status register_aot_code(const std::shared_ptr<const rt::CompiledModule>& cm,
                         std::shared_ptr<const SkcCode> code) {
  if (code->funcs.size() != cm->module.funcs.size())
    return make_error("ahead-of-time code: its function table has " + std::to_string(code->funcs.size()) +
                      " functions, the module " + std::to_string(cm->module.funcs.size()));
  std::lock_guard<std::mutex> g(g_aot_mu);
  auto& r = aot_registry();
  for (auto it = r.begin(); it != r.end();) it = it->second.cm.expired() ? r.erase(it) : std::next(it);
  r[cm.get()] = AotEntry{cm, std::move(code)};
  return {};
}

std::shared_ptr<const SkcCode> aot_code_for(const rt::CompiledModule* cm) {
  std::lock_guard<std::mutex> g(g_aot_mu);
  auto& r = aot_registry();
  auto it = r.find(cm);
  if (it == r.end() || it->second.cm.expired()) return nullptr;
  return it->second.code;
}

int load_aot_code(Tier1Executor::ModuleCode& mc, bool guarded, bool needs_checks, std::string* why) {
  std::shared_ptr<const SkcCode> code = aot_code_for(mc.cm);
  if (!code) return 0;
  if (needs_checks) {
    *why = "ahead-of-time code has no fuel or interruption checks";
    return -1;
  }
  if (code->mem0_guarded != guarded) {
    *why = std::string("ahead-of-time code compiled for ") +
           (code->mem0_guarded ? "guard pages" : "explicit bounds checks") + ", memory 0 here needs " +
           (guarded ? "guard pages" : "explicit bounds checks");
    return -1;
  }
  mc.funcs = code->funcs;
  Status s = load_module_code(mc, code->object);
  if (!s.ok()) {
    *why = s.error().message;
    return -1;
  }
  return 1;
}

}  // namespace skiff::compiler
