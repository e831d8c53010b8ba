// What the sampling profiler (interp/sampler.h) reads of a running thread besides
// the interpreter's ExecState::cur / cur_depth / frames:
//
//   * HostMark: call_host() keeps one for each call out of the interpreter (a host
//     function, or compiled code through CompiledTier::call). The marks form a
//     chain, innermost first (SampleMarks::prev points into the outer HostMark
//     object on the native stack), so every host call of the stack is known.
//   * NativeMark: tier 1 keeps one per entry into compiled code
//     (Tier1Executor::invoke) and one per call out of compiled code to a host
//     function or the interpreter (call_slow). Per thread, innermost first.
//
// Both kinds record their native stack address (`at`): the profiler merges the two
// chains by address (the stack grows down: a lower address is an inner call) to
// splice interpreter, compiled and host frames in the order they were called.
//
// The profiler's signal handler, on the same thread, reads these fields at any
// instruction boundary, so a mark is filled before it is published (`host_func` /
// the thread's head) and unpublished before it dies, with signal fences between;
// a sample taken mid-update sees an older or newer chain, never a torn one.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace skiff::rt {
struct Func;
}

namespace skiff::interp::detail {

struct SampleMarks {
  rt::Func* host_func = nullptr;    // the host function running (innermost), or null
  rt::Func* host_caller = nullptr;  // the wasm function that called it
  size_t host_depth = 0;            // the call depth at that call (its sentinel index when it re-enters wasm)
  uintptr_t at = 0;                 // native stack address of the HostMark
  bool compiled = false;            // host_func is wasm run by compiled code (CompiledTier::call)
  const SampleMarks* prev = nullptr;  // the next outer host call's mark (in its HostMark), or null
};

// Marks a host call for the profiler; restores the previous mark, and the running
// function and depth (a nested entry from the host function changed them), at exit.
// `osr`: f is the running frame itself, continued in compiled code (on-stack
// replacement): no caller, the interpreter frames below it follow.
template <class State>
class HostMark {
 public:
  template <class F>
  HostMark(State& st, F* f, bool osr = false)
      : st_(st), saved_(st.marks), cur_(st.cur), depth_(st.cur_depth) {
    st.marks.host_func = nullptr;  // unpublished while the fields change
    std::atomic_signal_fence(std::memory_order_seq_cst);
    st.marks.host_caller = osr ? nullptr : st.cur;
    st.marks.host_depth = st.depth;
    st.marks.at = reinterpret_cast<uintptr_t>(this);
    st.marks.compiled = !f->is_host();
    st.marks.prev = saved_.host_func ? &saved_ : nullptr;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    st.marks.host_func = f;
  }
  ~HostMark() {
    st_.marks.host_func = nullptr;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    st_.marks.host_caller = saved_.host_caller;
    st_.marks.host_depth = saved_.host_depth;
    st_.marks.at = saved_.at;
    st_.marks.compiled = saved_.compiled;
    st_.marks.prev = saved_.prev;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    st_.marks.host_func = saved_.host_func;
    st_.cur = cur_;
    st_.cur_depth = depth_;
  }
  HostMark(const HostMark&) = delete;
  HostMark& operator=(const HostMark&) = delete;

 private:
  State& st_;
  SampleMarks saved_;
  rt::Func* cur_;
  size_t depth_;
};

// A boundary of compiled (tier-1) code on this thread's native stack.
struct NativeMark {
  enum Kind : uint8_t { kEntry, kCallOut };
  const NativeMark* prev = nullptr;
  uintptr_t at = 0;              // this mark's address
  uintptr_t fp = 0;              // kCallOut: the frame of the libcall calling out (compiled callers above it)
  const rt::Func* callee = nullptr;  // kCallOut: the function called out of line
  Kind kind = kEntry;
  bool callee_host = false;          // kCallOut: callee is a host function (else tier 0 runs it)
};

// The innermost NativeMark of this thread (trivially initialised: no TLS wrapper,
// readable from a signal handler).
inline thread_local const NativeMark* tls_native_marks = nullptr;

// Publishes a NativeMark for its scope (on the native stack, innermost first).
class NativeMarkScope {
 public:
  explicit NativeMarkScope(NativeMark::Kind k, const void* fp = nullptr, const rt::Func* callee = nullptr,
                           bool callee_host = false) {
    m_.prev = tls_native_marks;
    m_.at = reinterpret_cast<uintptr_t>(&m_);
    m_.fp = reinterpret_cast<uintptr_t>(fp);
    m_.callee = callee;
    m_.kind = k;
    m_.callee_host = callee_host;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    tls_native_marks = &m_;
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  ~NativeMarkScope() {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    tls_native_marks = m_.prev;
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  NativeMarkScope(const NativeMarkScope&) = delete;
  NativeMarkScope& operator=(const NativeMarkScope&) = delete;

 private:
  NativeMark m_;
};

}  // namespace skiff::interp::detail
