// Config::tier auto: start in tier 0, compile hot functions in batches on a
// background thread, switch the interpreter's later calls to them, and move hot
// loops of running frames into compiled code (on-stack replacement).
//
// Design note.
//   * Heat: the interpreter runs with InterpConfig::tiering, so its code has the
//     fuel/interruption checks and every ~10,000 units of work (the same units as
//     fuel) it calls tick() with the function running: a sampling profile. A
//     function named by kHotTicks ticks is hot. At a loop header's check (the same
//     refuel) osr_entry() hears which loop runs (see OSR entries below).
//   * Batches: wanted OSR entries and hot functions not compiled yet go to one
//     compile request (CompileRequest::only / osr: the other functions are reached
//     through the instance's FuncEntry table, as imports) on this executor's
//     worker thread, one batch at a time; what gets hot meanwhile goes into the
//     next one. LLVM at O2 takes ~30 ms per KB of wasm code, so a batch is capped
//     at kBatchBytes of function bodies, hottest first (an OSR entry ranks by its
//     function's heat); the rest waits for the next batch.
//   * Call entry or OSR entry: tier 0 counts calls (rt::Func::calls). A hot
//     function entered at most kFewCalls times (main) wants its OSR entry, alone:
//     its call entry would hardly be used. Others want their call entry; once it
//     is installed, kHotLoop refuels at their loops in a tier-0 frame (a long
//     call that began before) ask for their OSR entry too. Should ticks go on in
//     tier 0 after an entered-once function's entry landed (no eligible loop, or
//     called again after all), it wants its call entry as well. An OSR entry is
//     a whole copy of the function to compile, so one entry takes several loops
//     (CompileRequest::osr): the kOsrLoops heard most (osr_entry hears the loop of
//     every refuel at a loop header), since a refuel, and so the chance to
//     switch, lands at whichever loop header the frame is at (per-loop entries
//     were asked loop after loop of one outer loop's body, each landing after the
//     frame had refuelled elsewhere), but not every loop (libc's printf_core has
//     53, and an entry into all of them took LLVM 0.5 s). A frame refuelling at a
//     loop its entry lacks asks again, up to kOsrRounds entries per function.
//   * A batch's code belongs to the module (CodeCell::batches of its
//     variant, module_code.cc): mapped and registered in the code map on the
//     worker (backtraces, profiler, fault handler see every batch), the compiler's
//     result released there, so a store dying mid-compile leaks nothing (it joins
//     its worker, whose job holds the module) and later stores of the process take
//     every batch at their first tick or context (install_batch), heat or not.
//   * Installing (store thread, next tick): each batch function's FuncEntry gets
//     the code, rt::Func::tier1 is set and rt::Func::code cleared, so the
//     interpreter's next call goes to compiled code; its running frames stay in
//     tier 0 (they find their code in the module's cache: exec_support frame_code)
//     until a loop of theirs has an OSR entry.
//   * OSR (emitter set_osr, tier-0 side exec_support osr_frame): the entry takes
//     the tier-0 frame (locals in place), continues just past the loop header's
//     check (tier 0 charged this iteration's fuel) and writes the results into
//     the frame, which tier 0 then completes as a return. Traps, exceptions and
//     fuel behave as in a compiled call from that frame.
//   * The whole module's code, when any store compiled it (tier 1, AOT), is used
//     instead of batches from the first call.
//   * Fuel and interruption: both tiers count the same, so switching mid-run does
//     not change the fuel a run takes.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <thread>

#include "compiler/compiler_loader.h"
#include "compiler/tier1_internal.h"
#include "runtime/vm_reserve.h"

namespace skiff::compiler {

namespace {

// Ticks (~10,000 units of tier-0 work each) naming a function before it is hot.
constexpr uint32_t kHotTicks = 2;
// Refuels at the loop headers of an installed function's tier-0 frames before it
// wants an OSR entry.
constexpr uint32_t kHotLoop = 2;
// OSR entries per function, and loops per entry (the most heard).
constexpr uint8_t kOsrRounds = 4;
constexpr size_t kOsrLoops = 8;
// Tier-0 calls of a hot function up to which it wants its OSR entry first, and
// the ticks it must have by then.
constexpr uint32_t kFewCalls = 2;
constexpr uint32_t kOnceTicks = 8;
// Function body bytes per batch (one function or entry always goes).
constexpr size_t kBatchBytes = 12 * 1024;

bool guarded_mem0(rt::Instance* inst, bool guard_pages) {
  rt::Memory* mem0 = inst->memories.empty() ? nullptr : inst->memories[0];
  return !mem0 || (guard_pages && mem0->guarded() && rt::vm::tracked(mem0->data()));
}

}  // namespace

struct Tier1Executor::AutoState {
  using Key = std::pair<const rt::CompiledModule*, bool>;
  struct PerModule {
    std::shared_ptr<const rt::CompiledModule> cm;
    CodeVariant variant;
    std::vector<uint32_t> heat;      // ticks by defined function (after install too: stuck frames)
    std::vector<uint8_t> requested;  // sent in a batch, or compiled by anyone
    std::vector<uint8_t> wanted;     // hot, waiting for a batch
    // Refuels heard at each loop header (defined function, loop offset): the
    // loops an OSR entry takes.
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> heard;
    struct Osr {
      uint32_t stuck = 0;   // refuels in tier 0 at loops without an entry, since the last ask
      uint32_t landed = 0;  // an entry's batch is installed: 1 + ticks since
      uint8_t rounds = 0;   // entries asked
      bool inflight = false;
      std::set<uint32_t> sent;  // loops asked for (an ineligible one is not asked again)
    };
    std::vector<Osr> osr;           // by defined function
    std::set<uint32_t> osr_wanted;  // waiting for a batch
    size_t installed = 0;              // CodeCell::batches taken
    bool any_wanted = false;
  };
  std::map<Key, PerModule> mods;
  struct Job;
  static Job next_job(PerModule& m);
  // The worker: one batch at a time.
  struct Job {
    std::shared_ptr<const rt::CompiledModule> cm;
    CodeVariant variant;
    std::vector<uint8_t> only;
    std::vector<uint32_t> osr;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Job> job;  // under mu
  bool stop = false;       // under mu
  std::atomic<bool> busy{false};
  const rt1::CompilerApi* api = nullptr;
  std::thread worker;

  void work() {
    for (;;) {
      Job j;
      {
        std::unique_lock<std::mutex> g(mu);
        cv.wait(g, [&] { return stop || job.has_value(); });
        if (!job) return;  // stopping
        j = std::move(*job);
        job.reset();
      }
      auto mc = compile_batch_code(api, j.cm, j.variant, j.only, j.osr);
      CodeCell& cell = code_cell(*j.cm, j.variant);
      {
        std::lock_guard<std::mutex> g(cell.batch_mu);
        cell.batches.push_back(std::move(mc));
      }
      busy.store(false, std::memory_order_release);
    }
  }
  // Sends nothing after. wait: finishes a running batch first (joins the worker);
  // else returns whether one is still compiling.
  bool stop_worker(bool wait = true) {
    {
      std::lock_guard<std::mutex> g(mu);
      stop = true;
    }
    cv.notify_all();
    if (!wait) return busy.load(std::memory_order_acquire);
    if (worker.joinable()) worker.join();
    return false;
  }
  ~AutoState() { stop_worker(); }
};

// The next batch of `m` within kBatchBytes: wanted functions and OSR entries,
// hottest function first (an entry before its function's call, which cannot be
// wanted at once). What does not fit stays wanted.
Tier1Executor::AutoState::Job Tier1Executor::AutoState::next_job(PerModule& m) {
  Job j;
  j.cm = m.cm;
  j.variant = m.variant;
  j.only.assign(m.wanted.size(), 0);
  struct Want {
    uint32_t func;
    bool osr;
  };
  std::vector<Want> order;
  for (const uint32_t d : m.osr_wanted) order.push_back({d, true});
  for (uint32_t d = 0; d < m.wanted.size(); ++d)
    if (m.wanted[d]) order.push_back({d, false});
  std::stable_sort(order.begin(), order.end(),
                   [&](const Want& a, const Want& b) { return m.heat[a.func] > m.heat[b.func]; });
  const auto& funcs = m.cm->module.funcs;
  size_t bytes = 0;
  for (const Want& w : order) {
    const size_t n = funcs[w.func].body.bytes.size();
    if (bytes > 0 && bytes + n > kBatchBytes) break;
    bytes += n;
    if (w.osr) {
      // The loops heard most that were not asked for before.
      PerModule::Osr& o = m.osr[w.func];
      std::vector<std::pair<uint32_t, uint32_t>> loops;  // (refuels, loop)
      for (auto it = m.heard.lower_bound({w.func, 0}); it != m.heard.end() && it->first.first == w.func; ++it)
        if (!o.sent.count(it->first.second)) loops.push_back({it->second, it->first.second});
      std::sort(loops.begin(), loops.end(), std::greater<>());
      if (loops.size() > kOsrLoops) loops.resize(kOsrLoops);
      for (const auto& [n_heard, loop] : loops) {
        j.osr.push_back(w.func);
        j.osr.push_back(loop);
        o.sent.insert(loop);
      }
      ++o.rounds;
      o.stuck = 0;
      o.inflight = !loops.empty();
      if (loops.empty() && !o.landed) o.landed = 1;  // nothing to enter: as if it landed
      m.osr_wanted.erase(w.func);
    } else {
      j.only[w.func] = 1;
      m.requested[w.func] = 1;
      m.wanted[w.func] = 0;
    }
  }
  m.any_wanted = !m.osr_wanted.empty() ||
                 std::find(m.wanted.begin(), m.wanted.end(), uint8_t(1)) != m.wanted.end();
  return j;
}

void Tier1Executor::AutoDelete::operator()(AutoState* a) const { delete a; }

void Tier1Executor::enable_auto() { auto_.reset(new AutoState()); }

bool Tier1Executor::stop_auto(bool wait) { return auto_ && auto_->stop_worker(wait); }

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
  if (!running || running->is_host() || !running->instance || !running->instance->module) return;
  rt::Instance* inst = running->instance;
  const bool guarded = guarded_mem0(inst, guard_pages_);
  const AutoState::Key key{inst->module.get(), guarded};
  if (modules_.count(key) || auto_ready(inst->module, guarded)) {
    // The whole module is compiled (by any store): its context sends the
    // interpreter's calls of its compiled functions there.
    if (state_of(inst))
      for (rt::Func* f : inst->funcs)
        if (f->instance == inst && f->tier1) f->code = nullptr;
    return;
  }
  auto [it, fresh] = a.mods.try_emplace(key);
  AutoState::PerModule& pm = it->second;
  const size_t ndef = inst->module->module.funcs.size();
  if (fresh) {
    pm.cm = inst->module;
    pm.variant = CodeVariant{guarded, store_->limits.fuel, store_->limits.interruptible, opt_level_};
    pm.heat.assign(ndef, 0);
    pm.requested.assign(ndef, 0);
    pm.wanted.assign(ndef, 0);
    pm.osr.assign(ndef, {});
  }
  (void)state_of(inst);  // a context, with the batches compiled so far
  // Batches finished since the last tick (here or by other stores): into every
  // context of the module here.
  {
    CodeCell& cell = code_cell(*pm.cm, pm.variant);
    std::lock_guard<std::mutex> g(cell.batch_mu);
    for (; pm.installed < cell.batches.size(); ++pm.installed) {
      const ModuleCode& mc = *cell.batches[pm.installed];
      for (size_t i = 0; i < ndef && i < mc.funcs.size(); ++i)
        if (mc.funcs[i].compiled) pm.requested[i] = 1;
      for (uint32_t d : mc.osr_asked) {
        if (d >= ndef) continue;
        pm.osr[d].inflight = false;
        if (!pm.osr[d].landed) pm.osr[d].landed = 1;
      }
      for (auto& [ip, s] : instances_)
        if (ip->module.get() == pm.cm.get() && guarded_mem0(ip, guard_pages_) == guarded)
          install_batch(*s, *ip, mc);
    }
  }
  // What got hot up to the last refuel (functions here, loops in osr_entry, which
  // runs right after this) goes in the next batch; this refuel's heat waits for
  // the next tick, so a function and its hot loop usually travel together.
  send_batch();
  const uint32_t nimp = inst->module->module.num_imported_funcs;
  if (running->index >= nimp) {
    const uint32_t d = running->index - nimp;
    // Entered once or twice (main; rt::Func::calls counts tier-0 entries): a
    // call entry would hardly be used.
    const bool entered_once = running->calls <= kFewCalls;
    // (Heat keeps counting: the hottest go first.)
    if (++pm.heat[d] >= kHotTicks && !pm.requested[d] && !pm.wanted[d]) {
      AutoState::PerModule::Osr& o = pm.osr[d];
      if (entered_once && o.rounds == 0) {
        // Its OSR entry first, once the few calls are seen over kOnceTicks: a
        // function whose first calls are long (printf of a long string) gets
        // more calls meanwhile.
        if (pm.heat[d] >= kOnceTicks) {
          pm.osr_wanted.insert(d);
          pm.any_wanted = true;
        }
      } else if (!entered_once || (o.landed && ++o.landed > kHotTicks + 1)) {
        // Ticks after the entry landed (not the one installing it, whose frame
        // moves right after): no eligible loop, or called again: a new frame
        // enters the OSR code at its first refuel in a loop, but not before.
        pm.wanted[d] = 1;
        pm.any_wanted = true;
      }
    }
  }
}

void Tier1Executor::send_batch() {
  AutoState& a = *auto_;
  if (a.busy.load(std::memory_order_acquire)) return;
  for (auto& [k, m] : a.mods) {
    if (!m.any_wanted) continue;
    if (!api_) {
      auto api = load_compiler();
      if (!api.ok()) return;  // stays in tier 0
      api_ = *api;
    }
    AutoState::Job j = AutoState::next_job(m);
    // (An OSR entry with no loop heard yet: nothing to compile.)
    if (j.osr.empty() && std::find(j.only.begin(), j.only.end(), uint8_t(1)) == j.only.end()) continue;
    a.api = api_;
    {
      std::lock_guard<std::mutex> g(a.mu);
      if (a.stop) return;  // stop_auto: no more batches
      a.busy.store(true, std::memory_order_release);
      a.job = std::move(j);
    }
    if (!a.worker.joinable()) a.worker = std::thread([&a] { a.work(); });
    a.cv.notify_one();
    return;
  }
}

const void* Tier1Executor::osr_entry(rt::Func* f, uint32_t loop) {
  if (!auto_ || f->is_host() || !f->instance || !f->instance->module) return nullptr;
  if (auto it = osr_code_.find(f); it != osr_code_.end())
    for (const OsrCode& c : it->second)
      if (c.loop == loop) return &c;
  // Not compiled: note the loop's heat for the next batch.
  rt::Instance* inst = f->instance;
  const AutoState::Key key{inst->module.get(), guarded_mem0(inst, guard_pages_)};
  auto it = auto_->mods.find(key);
  const uint32_t nimp = inst->module->module.num_imported_funcs;
  if (it == auto_->mods.end() || f->index < nimp) return nullptr;
  AutoState::PerModule& pm = it->second;
  const uint32_t d = f->index - nimp;
  ++pm.heard[{d, loop}];
  // A frame stuck in tier 0: its function is installed (or had an entry, which
  // this loop lacks). A frame of a function still compiling, or not hot yet, may
  // be a short one.
  AutoState::PerModule::Osr& o = pm.osr[d];
  if (!f->tier1 && o.rounds == 0) return nullptr;
  if (o.inflight || o.rounds >= kOsrRounds || pm.osr_wanted.count(d) || o.sent.count(loop)) return nullptr;
  if (++o.stuck < kHotLoop) return nullptr;
  pm.osr_wanted.insert(d);
  pm.any_wanted = true;
  return nullptr;
}

std::optional<rt::Trap> Tier1Executor::run_osr(const void* entry, uint8_t* frame) {
  const auto* c = static_cast<const OsrCode*>(entry);
  tier1_stats().osr_runs.fetch_add(1, std::memory_order_relaxed);
  return enter(c->ctx, c->code, frame, c->loop);
}

}  // namespace skiff::compiler
