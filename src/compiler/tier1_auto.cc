// Config::tier auto: start in tier 0, compile hot modules on a background thread,
// switch the interpreter's later calls to the compiled code.
//
// Design note.
//   * Heat: the interpreter runs with InterpConfig::tiering, so its code has the
//     fuel/interruption checks and every ~10,000 units of work (the same units as
//     fuel) it calls tick() with the function running. Each tick adds one to that
//     function's module; at kHotTicks the module is compiled (a module, not a
//     function: tier 1 compiles whole modules).
//   * The compile (LLVM, thread-safe per request) runs on its own thread and puts
//     the code in the module's cell for this variant (compile_module_code,
//     publish_code: mapped there, the compiler's result released there), so a
//     store that dies before installing it leaks nothing and later stores use it.
//     A compile of the same variant already running elsewhere (another store,
//     tier 1's synchronous path) is waited for instead of repeated. Everything
//     else happens on the store's thread in a later tick: adding the code to
//     modules_, building the instance's context (state_of) and clearing
//     rt::Func::code of its compiled functions, so the interpreter's next call of
//     each goes to compiled code (rt::Func::tier1). Frames already running stay in
//     tier 0 (no on-stack replacement): a hot loop in a function that never
//     returns keeps running interpreted; the functions it calls switch.
//   * Code another store already made for the variant is used at once (no heat
//     needed): a store-per-request embedder interprets only until the first hot
//     module is compiled once.
//   * Store death: the executor joins its compile threads (each holds its module,
//     and the code stays with the module).
//   * Until its module is installed, state_of() returns null for an instance (its
//     functions run in the interpreter; invoke() falls back).
//   * Fuel and interruption: both tiers count the same, so switching mid-run does
//     not change the fuel a run takes.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "compiler/compiler_loader.h"
#include "compiler/tier1_internal.h"
#include "runtime/vm_reserve.h"

namespace skiff::compiler {

namespace {

// Ticks (~10,000 units of tier-0 work each) before a module is compiled.
constexpr uint32_t kHotTicks = 4;

}  // namespace

struct Tier1Executor::AutoState {
  struct Job {
    std::shared_ptr<const rt::CompiledModule> cm;
    CodeVariant variant;
    std::atomic<bool> done{false};
    std::thread th;
  };
  using Key = std::pair<const rt::CompiledModule*, bool>;
  std::map<Key, uint32_t> heat;
  std::map<Key, std::unique_ptr<Job>> jobs;  // running or finished, not installed
  std::set<rt::Instance*> switched;
  ~AutoState() {
    for (auto& [k, j] : jobs)
      if (j->th.joinable()) j->th.join();
  }
};

void Tier1Executor::AutoDelete::operator()(AutoState* a) const { delete a; }

void Tier1Executor::enable_auto() { auto_.reset(new AutoState()); }

bool Tier1Executor::auto_ready(const std::shared_ptr<const rt::CompiledModule>& cm, bool guarded) {
  if (modules_.count({cm.get(), guarded})) return true;
  const CodeVariant v{guarded, store_->limits.fuel, store_->limits.interruptible, opt_level_};
  ModuleCode* mc = code_cell(*cm, v).ready.load(std::memory_order_acquire);
  if (!mc) return false;
  modules_[{cm.get(), guarded}] = ModuleRef{cm, mc};
  return true;
}

void Tier1Executor::tick(rt::Func* running) {
  if (!auto_) return;
  AutoState& a = *auto_;
  // Install finished compiles (on this, the store's, thread).
  for (auto it = a.jobs.begin(); it != a.jobs.end();) {
    AutoState::Job& j = *it->second;
    if (!j.done.load(std::memory_order_acquire)) {
      ++it;
      continue;
    }
    j.th.join();
    if (ModuleCode* mc = code_cell(*j.cm, j.variant).ready.load(std::memory_order_acquire))
      modules_[it->first] = ModuleRef{j.cm, mc};
    it = a.jobs.erase(it);
  }
  if (!running || running->is_host() || !running->instance || !running->instance->module) return;
  rt::Instance* inst = running->instance;
  rt::Memory* mem0 = inst->memories.empty() ? nullptr : inst->memories[0];
  const bool guarded = !mem0 || (guard_pages_ && mem0->guarded() && rt::vm::tracked(mem0->data()));
  const AutoState::Key key{inst->module.get(), guarded};
  if (auto_ready(inst->module, guarded)) {
    if (!a.switched.insert(inst).second) return;
    // The module is compiled: build the instance's context and send the
    // interpreter's calls of its compiled functions there.
    if (!state_of(inst)) return;
    for (rt::Func* f : inst->funcs) {
      if (f->instance != inst || !f->tier1) continue;
      f->code = nullptr;  // translated code stays in the module's cache
    }
    return;
  }
  if (a.jobs.count(key) || ++a.heat[key] < kHotTicks) return;
  if (!api_) {
    auto api = load_compiler();
    if (!api.ok()) return;  // stays in tier 0
    api_ = *api;
  }
  auto job = std::make_unique<AutoState::Job>();
  AutoState::Job* j = job.get();
  j->cm = inst->module;
  j->variant = CodeVariant{guarded, store_->limits.fuel, store_->limits.interruptible, opt_level_};
  const rt1::CompilerApi* api = api_;
  j->th = std::thread([j, api] {
    CodeCell& cell = code_cell(*j->cm, j->variant);
    {
      std::lock_guard<std::mutex> g(cell.mu);  // one compile per module variant
      if (!cell.ready.load(std::memory_order_acquire))
        publish_code(cell, compile_module_code(api, j->cm, j->variant));
    }
    j->done.store(true, std::memory_order_release);
  });
  a.jobs[key] = std::move(job);
}

}  // namespace skiff::compiler
