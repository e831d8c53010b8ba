// wasi-threads (skiff/threads.h): `wasi` `thread-spawn` as a host function that
// starts an OS thread running a fresh instance of the module in its own Store.
//
// Design note. The spawning store's WASI context is shared with the new store
// (the same fds, args and exit status). Each thread's store imports the shared
// memories the linker defined (define_shared_memory) when define_wasi_threads was
// called, WASI, and thread-spawn again (threads may spawn threads). Threads are
// detached: a thread's proc_exit or trap ends the program through on_exit (once;
// a second thread that also exits waits for the first to end the process), and
// a thread whose wasi_thread_start returns just ends with its store.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <tuple>
#include <vector>

#include "api/api_impl.h"
#include "skiff/func.h"
#include "skiff/linker.h"
#include "skiff/threads.h"

namespace skiff {

namespace {

constexpr int32_t kMaxTid = 0x1FFFFFFF;  // wasi-threads: ids fit in 29 bits
constexpr int32_t kErrAgain = -6;        // WASI errno EAGAIN, negated

struct ThreadsState {
  Engine engine;
  Module module;
  WasiThreadsConfig config;
  std::vector<std::tuple<std::string, std::string, SharedMemory>> shared;
  std::atomic<int32_t> next_tid{1};
  std::atomic<bool> exiting{false};
  ThreadsState(Engine e, Module m) : engine(std::move(e)), module(std::move(m)) {}
};

[[noreturn]] void end_program(ThreadsState& st, int status, const std::string& message) {
  if (st.exiting.exchange(true)) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));  // the first exit wins
  }
  if (st.config.on_exit) st.config.on_exit(status, message);
  if (!message.empty()) std::fprintf(stderr, "error: %s\n", message.c_str());
  std::fflush(nullptr);
  std::_Exit(status);
}

Status add_spawn(Linker& linker, const std::shared_ptr<ThreadsState>& st);

void run_thread(const std::shared_ptr<ThreadsState>& st, std::shared_ptr<wasi::WasiCtx> ctx, int32_t tid,
                int32_t arg) {
  Store store(st->engine);
  if (ctx) store.impl()->wasi = std::move(ctx);
  Linker linker(st->engine);
  Status s = linker.define_wasi();
  for (const auto& [module, name, memory] : st->shared)
    if (s.ok()) s = linker.define_shared_memory(module, name, memory);
  if (s.ok()) s = add_spawn(linker, st);
  if (!s.ok()) end_program(*st, 1, "thread " + std::to_string(tid) + ": " + s.error().message);
  auto trapped = [&](const Trap& t) {
    if (std::optional<int> code = store.wasi_exit_code()) end_program(*st, *code, "");
    end_program(*st, 134, "thread " + std::to_string(tid) + ": " + t.to_string());
  };
  auto inst = linker.instantiate(store, st->module);
  if (!inst.ok()) {
    if (inst.error().trap) trapped(*inst.error().trap);
    end_program(*st, 1, "thread " + std::to_string(tid) + ": " + inst.error().error.message);
  }
  std::optional<Func> start = inst->func("wasi_thread_start");
  if (!start) end_program(*st, 1, "thread " + std::to_string(tid) + ": no exported function \"wasi_thread_start\"");
  auto r = start->call({Val::i32(tid), Val::i32(arg)});
  if (!r.ok()) trapped(r.error());
}

Status add_spawn(Linker& linker, const std::shared_ptr<ThreadsState>& st) {
  FuncType type;
  type.params.push_back(ValType(ValKind::I32));
  type.results.push_back(ValType(ValKind::I32));
  return linker.func("wasi", "thread-spawn", type,
                     [st](Caller& caller, std::span<const Val> args, std::span<Val> results) -> std::optional<Trap> {
                       const int32_t tid = st->next_tid.fetch_add(1, std::memory_order_relaxed);
                       if (tid <= 0 || tid > kMaxTid) {
                         results[0] = Val::i32(kErrAgain);
                         return std::nullopt;
                       }
                       std::shared_ptr<wasi::WasiCtx> ctx = caller.store()->wasi;
                       const int32_t arg = args[0].as_i32();
                       try {
                         std::thread([st, ctx, tid, arg] { run_thread(st, ctx, tid, arg); }).detach();
                       } catch (...) {
                         results[0] = Val::i32(kErrAgain);
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
  for (auto& [mod, name, mem] : detail::linker_shared_memories(*linker.impl()))
    st->shared.emplace_back(mod, name, SharedMemory(mem));
  return add_spawn(linker, st);
}

}  // namespace skiff
