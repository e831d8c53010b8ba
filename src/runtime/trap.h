// Trap: why a WebAssembly execution stopped, as a value.
//
// A trap carries the reason (sem::TrapKind), the spec's message (trap_message(kind),
// or a host function's own text for HostError / a more precise text where useful)
// and the wasm backtrace, innermost frame first, each frame naming the function by
// its index in its module's function index space and by the name section's name
// when the module has one. Traps are made out of line (they are never on a hot path).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "semantics/trap_kind.h"

namespace skiff::rt {

struct Exception;
struct CompiledModule;

struct TraceFrame {
  static constexpr uint64_t kNoOffset = ~uint64_t(0);
  uint32_t func_index = 0;
  std::string name;  // empty when the module has no name for it
  // The wasm instruction the frame was at (the trapping one, or a caller's call):
  // from the start of the function's code entry, and from the start of the module
  // binary (text modules: the internal layout of their bodies). kNoOffset: unknown.
  uint64_t func_offset = kNoOffset;
  uint64_t module_offset = kNoOffset;
  // The frame's module (null for host frames): the API looks up DWARF in it.
  std::shared_ptr<const CompiledModule> module;
};

struct Trap {
  sem::TrapKind kind = sem::TrapKind::HostError;
  std::string message;
  std::vector<TraceFrame> backtrace;
  // For UncaughtException: the exception that left wasm (owned by the Store).
  Exception* exception = nullptr;

  // "message" followed by one "  at func[i] name" line per frame.
  std::string to_string() const;
};

[[gnu::cold, gnu::noinline]] Trap make_trap(sem::TrapKind kind);
[[gnu::cold, gnu::noinline]] Trap make_host_trap(std::string message);

}  // namespace skiff::rt
