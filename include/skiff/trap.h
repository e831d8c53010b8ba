// skiff::Trap: why a WebAssembly execution stopped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "skiff/export.h"

namespace skiff {

/// The reason of a trap. The messages are the spec's ("integer divide by zero").
enum class TrapReason : uint8_t {
  IntDivByZero = 1,
  IntOverflow,
  InvalidConversion,
  Unreachable,
  CallStackExhausted,
  IndirectCallTypeMismatch,
  UndefinedElement,
  UninitializedElement,
  NullFunctionReference,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UnalignedAtomic,
  ExpectedSharedMemory,
  NullReference,
  NullStructReference,
  NullArrayReference,
  NullI31Reference,
  NullExceptionReference,
  ArrayOutOfBounds,
  CastFailure,
  NullDescriptorReference,
  DescriptorCastFailure,
  OutOfMemory,
  UncaughtException,  ///< a wasm exception reached the host
  OutOfFuel,          ///< the store's fuel ran out ("all fuel consumed")
  Interrupted,        ///< Store::interrupt() or the store's timeout
  Host,               ///< raised by a host function (or a misuse of the API)
};

/// The reason's printable name: the enumerator in snake_case ("int_div_by_zero",
/// "memory_out_of_bounds", ..., "host"), stable for logs and matching; the spec's
/// wording of a trap is Trap::message(). Never null ("unknown" for a value that is
/// not an enumerator).
SKIFF_API const char* to_string(TrapReason reason);

/// One wasm frame of a trap's backtrace.
struct TrapFrame {
  uint32_t func_index = 0;  ///< in the module's function index space
  std::string func_name;    ///< from the name section, else DWARF; empty when neither
  /// Byte offset of the wasm instruction this frame was executing (innermost frame:
  /// the trapping instruction; callers: their call), from the start of the
  /// function's code entry (its locals declaration, after the entry's size), as
  /// wasm.h's wasm_frame_func_offset. kNoOffset when unknown.
  uint64_t func_offset = kNoOffset;
  /// The same instruction's byte offset from the start of the module binary
  /// (wasm_frame_module_offset). For a module compiled from text, an offset into
  /// Skiff's internal layout of the function bodies (no binary exists).
  uint64_t module_offset = kNoOffset;
  static constexpr uint64_t kNoOffset = ~uint64_t(0);
  /// The source place of that instruction from the module's DWARF sections (clang
  /// -g), when it has them and Config::backtrace_details is on: file as the
  /// compiler recorded it, line (0: unknown) and column, and the source function.
  std::string source_file;
  uint32_t source_line = 0;
  uint32_t source_column = 0;
  std::string source_func;
};

/// A trap: reason, message and backtrace (innermost frame first).
class SKIFF_API Trap {
 public:
  /// A host trap with no message.
  Trap() = default;
  /// A trap raised by a host function with its own message.
  explicit Trap(std::string message) : message_(std::move(message)) {}
  /// A trap with every field given.
  Trap(TrapReason reason, std::string message, std::vector<TrapFrame> frames = {})
      : reason_(reason), message_(std::move(message)), frames_(std::move(frames)) {}

  /// Why it trapped.
  TrapReason reason() const { return reason_; }
  /// The spec's message, or the host's.
  const std::string& message() const { return message_; }
  /// The wasm frames, innermost first.
  const std::vector<TrapFrame>& backtrace() const { return frames_; }
  /// For a host function's exit request (WASI proc_exit): the status, else -1.
  int exit_code() const { return exit_code_; }
  /// Marks the trap as an exit request with status `code`.
  void set_exit_code(int code) { exit_code_ = code; }
  /// The message followed by one "  at func[i] name (@0x1a2)" line per frame (the
  /// module offset, when known; wasmtime prints the same "@0x..." place), and under
  /// it "      at file.c:12:5" when the frame has a source place.
  std::string to_string() const;

 private:
  TrapReason reason_ = TrapReason::Host;
  std::string message_;
  std::vector<TrapFrame> frames_;
  int exit_code_ = -1;
};

}  // namespace skiff
