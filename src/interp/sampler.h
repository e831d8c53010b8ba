// The sampling profiler's collector: a timer signal (SIGPROF, timer_create with
// SIGEV_THREAD_ID on CLOCK_MONOTONIC) interrupts the thread that started it about
// every `interval`, and the handler copies the interpreter's wasm call stack
// (ExecState::frames[0, cur_depth) and cur, plus the host call of sample_marks.h)
// into a buffer reserved up front. Nothing runs on the interpreter's hot path.
//
// Invariants (the handler is async-signal-safe):
//   * It never dereferences a function pointer it reads: a sample taken while a
//     call or return is half done may hold a stale entry (frame arrays are pooled
//     across stores). stacks() checks every pointer against the store's functions
//     (rt::Store::for_each_func) after the sampler stopped; unknown ones become null.
//   * Indices are bounded by the frame array's size; depth is capped at kMaxDepth
//     (the innermost frames are kept) and the buffer's end drops samples (counted).
//   * stop() deletes the timer (a pending signal of it is discarded) and waits
//     until no handler runs before the buffer can go.
//
// Tier 1 (the compiler): a StackSource is whatever can fill a sample from inside
// the signal handler; the interpreter's is built in, the API's mixed source
// (api/profile_source.h) adds compiled frames and splices the tiers.
//
// A sample is a list of words, outermost first: a word with bit 0 clear is an
// rt::Func*; a compiled frame is three words, (CompiledModule* | 1), the
// function index and the frame's pc, resolved after the run to a function of the
// store (and to the functions LLVM inlined at that pc, when stacks() is given an
// InlineExpander: the handler only records the pc).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "support/result.h"

namespace skiff::rt {
struct Func;
class Store;
}  // namespace skiff::rt

namespace skiff::interp {

class Interpreter;

class StackSampler {
 public:
  static constexpr size_t kMaxDepth = 2048;
  static constexpr size_t kMaxWords = 3 * kMaxDepth;

  // Fills out[0..cap) with the words of the running wasm stack (see above),
  // outermost first; returns the count, 0 when no wasm runs. `ucontext` is the
  // signal's (ucontext_t*). Called in a signal handler on the sampled thread:
  // async-signal-safe, no dereference of what it cannot prove alive.
  using Source = size_t (*)(void* ctx, const void* ucontext, uintptr_t* out, size_t cap);
  // The interpreter's own source (ctx: its detail::ExecState).
  static size_t interp_source(void* ctx, const void* ucontext, uintptr_t* out, size_t cap);

  // Starts sampling the calling thread, reading `interp`'s state while `*active`
  // is non-zero (the API's count of calls from the host into the store).
  static Result<std::unique_ptr<StackSampler>> start(Interpreter& interp, const uint32_t* active,
                                                     std::chrono::microseconds interval);
  // The same with another tier's stack source (`ctx` is passed back to it).
  static Result<std::unique_ptr<StackSampler>> start(Source source, void* ctx, const uint32_t* active,
                                                     std::chrono::microseconds interval);
  ~StackSampler();
  StackSampler(const StackSampler&) = delete;
  StackSampler& operator=(const StackSampler&) = delete;

  // Stops the timer (idempotent).
  void stop();
  bool running() const { return timer_armed_; }

  // One stack (outermost first) and how many samples had it.
  struct Stack {
    std::vector<const rt::Func*> frames;
    uint64_t count = 0;
  };
  // The functions inlined at `pc` of compiled frame (module identity, function
  // index), outermost first, without the physical function itself; appended to
  // `inner` (nothing when none or unknown). Called by stacks(), never in the handler.
  using InlineExpander = std::function<void(uintptr_t module, uint32_t index, uintptr_t pc, std::vector<uint32_t>* inner)>;
  // The samples so far, aggregated, every pointer checked against `store`'s
  // functions (call after stop()); compiled frames expanded by `expand` if given.
  std::vector<Stack> stacks(const rt::Store& store, const InlineExpander& expand = {}) const;
  uint64_t samples() const { return samples_.load(std::memory_order_relaxed); }
  // Timer ticks while no wasm ran (startup, compilation, the host between calls).
  uint64_t idle() const { return idle_.load(std::memory_order_relaxed); }
  // Samples lost because the buffer was full.
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::chrono::microseconds interval() const { return interval_; }

  // The signal handler's work (public for the handler only).
  void on_signal(const void* ucontext);

 private:
  StackSampler() = default;
  Source source_ = nullptr;
  void* source_ctx_ = nullptr;
  const uint32_t* active_ = nullptr;
  std::chrono::microseconds interval_{1000};
  // Buffer of words: per sample [n, f0, ..., f(n-1)].
  uintptr_t* buf_ = nullptr;
  size_t cap_words_ = 0;
  std::atomic<size_t> used_{0};
  std::atomic<uint64_t> samples_{0}, idle_{0}, dropped_{0};
  std::atomic<int> in_handler_{0};
  void* timer_ = nullptr;  // timer_t
  bool timer_armed_ = false;
};

}  // namespace skiff::interp
