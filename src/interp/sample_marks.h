// What the sampling profiler (interp/sampler.h) reads of a running interpreter
// besides ExecState::cur / cur_depth / frames: the host function being called.
//
// call_host() keeps a HostMark for the duration of each host call. The profiler's
// signal handler, on the same thread, reads these fields at any instruction
// boundary, so they are written before `func` is set and read as plain words; a
// sample taken mid-update sees an older or newer mark, never a torn pointer.
// Only the innermost host call is known (an outer one's frame shows as a gap
// when host -> wasm -> host calls nest).
#pragma once

#include <atomic>
#include <cstddef>

namespace skiff::rt {
struct Func;
}

namespace skiff::interp::detail {

struct SampleMarks {
  rt::Func* host_func = nullptr;    // the host function running (innermost), or null
  rt::Func* host_caller = nullptr;  // the wasm function that called it
  size_t host_depth = 0;            // the call depth at that call (its sentinel index when it re-enters wasm)
};

// Marks a host call for the profiler; restores the previous mark, and the running
// function and depth (a nested entry from the host function changed them), at exit.
template <class State>
class HostMark {
 public:
  HostMark(State& st, rt::Func* f)
      : st_(st), saved_(st.marks), cur_(st.cur), depth_(st.cur_depth) {
    st.marks.host_caller = st.cur;
    st.marks.host_depth = st.depth;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    st.marks.host_func = f;
  }
  ~HostMark() {
    st_.marks.host_func = nullptr;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    st_.marks.host_caller = saved_.host_caller;
    st_.marks.host_depth = saved_.host_depth;
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

}  // namespace skiff::interp::detail
