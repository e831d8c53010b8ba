// skiff::Engine: process-level configuration shared by modules and stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "skiff/export.h"

namespace skiff {

namespace detail {
struct EngineImpl;
}

/// Engine configuration. The defaults are what most embedders want.
struct Config {
  /// Reserve 4 GiB + guard pages for each 32-bit memory so that bounds checks are
  /// done by the MMU (a fault becomes the "out of bounds memory access" trap). When
  /// false, or when the reservation fails, explicit checks are used instead.
  bool guard_pages = true;
  /// Bytes of the wasm value stack per store (frames of locals and operands).
  /// Exceeding it traps with "call stack exhausted".
  size_t max_wasm_stack = size_t(64) << 20;
  /// Nested wasm calls per store. Exceeding it traps with "call stack exhausted".
  uint32_t max_call_depth = 100'000;
  /// WebAssembly 3.0 features that may be turned off (everything is on by default):
  /// more than one memory, and 64-bit memories and tables.
  bool multi_memory = true;
  bool memory64 = true;
};

/// Configuration shared by the modules and stores made from it. Copies share one
/// engine; thread-safe.
class SKIFF_API Engine {
 public:
  /// An engine with `config`.
  explicit Engine(Config config = {});
  /// Its configuration.
  const Config& config() const;

  /// Internal.
  const std::shared_ptr<detail::EngineImpl>& impl() const { return impl_; }

 private:
  std::shared_ptr<detail::EngineImpl> impl_;
};

}  // namespace skiff
