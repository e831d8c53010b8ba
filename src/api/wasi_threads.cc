// wasi-threads (skiff/threads.h): `wasi` `thread-spawn` as a host function that
// starts an OS thread running a fresh instance of the module in its own Store.
//
// Design note. The spawning store's WASI context is shared with the new store
// (the same fds, args and exit status; its descriptor table is locked per call,
// wasi_impl.h). Each thread's store imports the shared memories the linker defined
// (define_shared_memory) when define_wasi_threads was called, WASI, and
// thread-spawn again (threads may spawn threads). Threads are detached.
//
// A program's threads form a group (WasiThreadGroup::Impl): the interrupt states
// of the running threads' stores and of the stores that spawned them, the byte
// ranges of the shared memories, a running count. Stopping the group interrupts
// every one of those stores, then wakes every waiter parked on an address inside
// the shared memories (rt::atomic_notify_range) so that it loops back to an
// interruption check. The interpreter looks at the flag only every 10,000 units,
// so waits on those ranges are also refused (return at once, rt::
// atomic_refuse_range) until the watcher ends: a guest wait loop spins to its
// check instead of parking again. A waiter that parked just before the refusal
// is woken by the watcher, which repeats the wake-up every 5 ms while threads
// run (and ~100 ms after, then allows the ranges again). The watcher also polls the spawning stores' interrupt flags, so that
// interrupting the main thread's store (timeout, InterruptHandle) stops the
// threads too, even while that store sits in memory.atomic.wait (where it runs no
// interruption check). It runs only while spawned threads do.
//
// Ending: a thread's proc_exit or trap ends the program: without on_exit, the
// first one prints, flushes and std::_Exit()s (a second one sleeps until the
// process ends); with on_exit, the first one calls it and stops the group. A trap
// of a stopped group's thread ("interrupted") ends that thread quietly.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

#include "api/api_impl.h"
#include "runtime/wait_queue.h"
#include "skiff/func.h"
#include "skiff/linker.h"
#include "skiff/threads.h"

namespace skiff {

using detail::InterruptState;

struct WasiThreadGroup::Impl : std::enable_shared_from_this<WasiThreadGroup::Impl> {
  mutable std::mutex mu;
  mutable std::condition_variable idle_cv;
  std::atomic<bool> stopped{false};
  size_t running = 0;
  std::vector<std::shared_ptr<InterruptState>> threads;  // running threads' stores
  std::vector<std::shared_ptr<InterruptState>> roots;    // stores that spawned threads
  std::vector<std::pair<uintptr_t, uintptr_t>> ranges;   // shared memories [lo, hi)
  bool watching = false;
  bool refusing = false;  // waits on `ranges` refused (stop() until the watcher ends)
  // The shared memories behind `ranges`, held until the refusal ends: their
  // addresses cannot be reused (by another program's memory) while refused.
  std::vector<SharedMemory> memories;

  static void interrupt_state(const std::shared_ptr<InterruptState>& s) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (s->store) s->store->interrupt();
  }
  static bool interrupt_requested(const std::shared_ptr<InterruptState>& s) {
    std::lock_guard<std::mutex> lock(s->mu);
    return s->store && s->store->interrupt_flag()->load(std::memory_order_relaxed);
  }
  void wake_waiters(const std::vector<std::pair<uintptr_t, uintptr_t>>& list) {
    for (auto [lo, hi] : list)
      rt::atomic_notify_range(reinterpret_cast<const void*>(lo), reinterpret_cast<const void*>(hi));
  }

  void stop() {
    stopped.store(true);
    std::vector<std::shared_ptr<InterruptState>> all;
    std::vector<std::pair<uintptr_t, uintptr_t>> mem;
    {
      std::lock_guard<std::mutex> lock(mu);
      all = threads;
      all.insert(all.end(), roots.begin(), roots.end());
      mem = ranges;
    }
    for (const auto& s : all) interrupt_state(s);  // flags first, then wake-ups
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!refusing) {
        refusing = true;
        for (auto [lo, hi] : ranges)
          rt::atomic_refuse_range(reinterpret_cast<const void*>(lo), reinterpret_cast<const void*>(hi));
      }
      start_watcher_locked();  // its last rounds allow the ranges again
    }
    wake_waiters(mem);
  }

  // Called with mu held when a thread starts.
  void start_watcher_locked() {
    if (watching) return;
    watching = true;
    std::thread([self = shared_from_this()] { self->watch(); }).detach();
  }

  void watch() {
    std::unique_lock<std::mutex> lock(mu);
    int tail = 0;  // rounds after the last thread ended (a stopped group's waiters)
    for (;;) {
      idle_cv.wait_for(lock, std::chrono::milliseconds(5));
      if (running == 0 && (!stopped.load() || ++tail > 20)) break;
      auto spawners = roots;
      auto mem = ranges;
      lock.unlock();
      if (!stopped.load()) {
        for (const auto& s : spawners)
          if (interrupt_requested(s)) {
            stop();
            break;
          }
      } else {
        wake_waiters(mem);
      }
      lock.lock();
    }
    if (refusing) {
      refusing = false;
      for (auto [lo, hi] : ranges)
        rt::atomic_allow_range(reinterpret_cast<const void*>(lo), reinterpret_cast<const void*>(hi));
      memories.clear();  // after the refusal: the addresses may be reused now
    }
    watching = false;
  }
};

WasiThreadGroup::WasiThreadGroup() : impl_(std::make_shared<Impl>()) {}
WasiThreadGroup::~WasiThreadGroup() = default;
void WasiThreadGroup::interrupt() { impl_->stop(); }
bool WasiThreadGroup::interrupted() const { return impl_->stopped.load(); }
size_t WasiThreadGroup::running() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->running;
}
bool WasiThreadGroup::wait_idle(std::chrono::nanoseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->mu);
  return impl_->idle_cv.wait_for(lock, timeout, [&] { return impl_->running == 0; });
}

namespace {

constexpr int32_t kMaxTid = 0x1FFFFFFF;  // wasi-threads: ids fit in 29 bits
constexpr int32_t kErrAgain = -6;        // WASI errno EAGAIN, negated

struct ThreadsState {
  Engine engine;
  Module module;
  WasiThreadsConfig config;
  std::shared_ptr<WasiThreadGroup::Impl> group;
  std::vector<std::tuple<std::string, std::string, SharedMemory>> shared;
  std::atomic<int32_t> next_tid{1};
  std::atomic<bool> exiting{false};
  ThreadsState(Engine e, Module m) : engine(std::move(e)), module(std::move(m)) {}
};

// What a thread's store is made with: taken from the spawning store.
struct Inherited {
  StoreLimits limits;
  std::shared_ptr<ResourceLimiter> limiter;
};

// Ends the program for a thread's proc_exit / trap (see the design note). Returns
// only with on_exit set or when the group was stopped already.
void end_program(ThreadsState& st, int status, const std::string& message) {
  if (st.group->stopped.load()) return;
  if (st.config.on_exit) {
    if (!st.exiting.exchange(true)) st.config.on_exit(status, message);
    st.group->stop();
    return;
  }
  if (st.exiting.exchange(true)) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));  // the first exit wins
  }
  if (!message.empty()) std::fprintf(stderr, "error: %s\n", message.c_str());
  std::fflush(nullptr);
  std::_Exit(status);
}

Status add_spawn(Linker& linker, const std::shared_ptr<ThreadsState>& st);

void run_thread_body(const std::shared_ptr<ThreadsState>& st, Store& store, int32_t tid, int32_t arg) {
  const std::string who = "thread " + std::to_string(tid) + ": ";
  Linker linker(st->engine);
  Status s = linker.define_wasi();
  for (const auto& [module, name, memory] : st->shared)
    if (s.ok()) s = linker.define_shared_memory(module, name, memory);
  if (s.ok()) s = add_spawn(linker, st);
  if (!s.ok()) return end_program(*st, 1, who + s.error().message);
  auto trapped = [&](const Trap& t) {
    if (std::optional<int> code = store.wasi_exit_code()) return end_program(*st, *code, "");
    end_program(*st, 134, who + t.to_string());
  };
  auto inst = linker.instantiate(store, st->module);
  if (!inst.ok()) {
    if (inst.error().trap) return trapped(*inst.error().trap);
    return end_program(*st, 1, who + inst.error().error.message);
  }
  std::optional<Func> start = inst->func("wasi_thread_start");
  if (!start) return end_program(*st, 1, who + "no exported function \"wasi_thread_start\"");
  auto r = start->call({Val::i32(tid), Val::i32(arg)});
  if (!r.ok()) trapped(r.error());
}

void run_thread(const std::shared_ptr<ThreadsState>& st, std::shared_ptr<wasi::WasiCtx> ctx,
                const Inherited& from, int32_t tid, int32_t arg) {
  WasiThreadGroup::Impl& g = *st->group;
  {
    Store store(st->engine, from.limits);
    if (from.limiter) store.set_limiter(from.limiter);
    if (ctx) store.impl()->wasi = std::move(ctx);
    std::shared_ptr<InterruptState> is = store.impl()->interrupt_state;
    {
      std::lock_guard<std::mutex> lock(g.mu);
      g.threads.push_back(is);
    }
    // A thread spawned while the group stops (or just after) stops at once.
    if (g.stopped.load()) store.interrupt();
    run_thread_body(st, store, tid, arg);
    std::lock_guard<std::mutex> lock(g.mu);
    g.threads.erase(std::find(g.threads.begin(), g.threads.end(), is));
  }
  std::lock_guard<std::mutex> lock(g.mu);
  if (--g.running == 0) g.idle_cv.notify_all();
}

Status add_spawn(Linker& linker, const std::shared_ptr<ThreadsState>& st) {
  FuncType type;
  type.params.push_back(ValType(ValKind::I32));
  type.results.push_back(ValType(ValKind::I32));
  return linker.func(
      "wasi", "thread-spawn", type,
      [st](Caller& caller, std::span<const Val> args, std::span<Val> results) -> std::optional<Trap> {
        WasiThreadGroup::Impl& g = *st->group;
        results[0] = Val::i32(kErrAgain);
        if (g.stopped.load()) return std::nullopt;
        const int32_t tid = st->next_tid.fetch_add(1, std::memory_order_relaxed);
        if (tid <= 0 || tid > kMaxTid) return std::nullopt;
        detail::StoreImpl* parent = caller.store();
        Inherited from{parent->limits, parent->limiter};
        from.limits.timeout.reset();         // times the main thread's call, not each thread
        from.limits.interruptible = true;    // the group must be able to stop it
        std::shared_ptr<wasi::WasiCtx> ctx = parent->wasi;
        const int32_t arg = args[0].as_i32();
        {
          std::lock_guard<std::mutex> lock(g.mu);
          if (std::find(g.roots.begin(), g.roots.end(), parent->interrupt_state) == g.roots.end())
            g.roots.push_back(parent->interrupt_state);
          ++g.running;
          g.start_watcher_locked();
        }
        try {
          std::thread([st, ctx, from, tid, arg] { run_thread(st, ctx, from, tid, arg); }).detach();
        } catch (...) {
          std::lock_guard<std::mutex> lock(g.mu);
          if (--g.running == 0) g.idle_cv.notify_all();
          return std::nullopt;
        }
        results[0] = Val::i32(tid);
        return std::nullopt;
      });
}

}  // namespace

Status define_wasi_threads(Linker& linker, const Engine& engine, const Module& module, WasiThreadsConfig config) {
  auto st = std::make_shared<ThreadsState>(engine, module);
  st->config = std::move(config);
  st->group = st->config.group ? st->config.group->impl() : std::make_shared<WasiThreadGroup::Impl>();
  for (auto& [mod, name, mem] : detail::linker_shared_memories(*linker.impl())) {
    SharedMemory sm(mem);
    const MemoryType t = sm.type();
    const uint64_t max_bytes = t.limits.max.value_or(t.limits.min) * uint64_t(t.page_size);
    const auto lo = reinterpret_cast<uintptr_t>(sm.data());
    st->group->ranges.emplace_back(lo, lo + max_bytes);
    st->group->memories.push_back(sm);
    st->shared.emplace_back(mod, name, std::move(sm));
  }
  return add_spawn(linker, st);
}

}  // namespace skiff
