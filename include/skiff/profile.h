// The sampling profiler of a Store (Store::start_profiling and friends).
//
// A timer signal (SIGPROF, per thread, on the monotonic clock) interrupts the
// thread that started the profiler about every `interval` and records the wasm
// call stack it is running: frames named from the name section, else from the
// module's DWARF, else func[N]; a host function (WASI) being called is a frame of
// its own. Wall-clock sampling: time blocked in a host call counts. Nothing is
// paid on the code's hot path; the signal costs a few microseconds per sample.
// Only the thread that called start_profiling() is sampled, and only while it
// runs calls into the store (ticks outside them are counted as idle).
#pragma once

#include <chrono>
#include <cstdint>

namespace skiff {

struct ProfileOptions {
  /// Time between samples (at least 10 us). 1 ms = 1 kHz.
  std::chrono::microseconds interval{1000};
};

enum class ProfileFormat : uint8_t {
  Svg,     ///< interactive flame graph (hover: function, samples, percent; click: zoom)
  Folded,  ///< "outer;inner;leaf COUNT" lines (flamegraph.pl, speedscope, inferno)
};

struct ProfileStats {
  uint64_t samples = 0;  ///< stacks recorded
  uint64_t idle = 0;     ///< ticks while the store ran no call
  uint64_t dropped = 0;  ///< samples lost to a full buffer (hours of samples)
  std::chrono::microseconds interval{0};
};

}  // namespace skiff
