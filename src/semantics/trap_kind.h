// Every reason a WebAssembly execution can trap, and the spec's message for it.
//
// The numeric semantics produce the first three kinds; the runtime raises the rest.
// Messages are the ones the spec testsuite expects in assert_trap /
// assert_exhaustion (a runner compares by prefix, as the reference interpreter's
// messages may carry more text). Kinds the spec does not name (fuel, interrupts,
// host errors) have Skiff's own wording.
//
// Shape of faulting operations. An op that may trap is
//
//   [[nodiscard]] TrapKind op(args..., T& out);
//
// It returns TrapKind::None and writes `out`, or returns the reason and leaves `out`
// unspecified. An interpreter handler reads
//
//   if (TrapKind t = sem::i32_div_s(a, b, slot); t != TrapKind::None) [[unlikely]]
//     return trap(t);
//
// Once inlined, `out` is the destination register or frame slot, written on the
// common path with no copy, and the only extra work is one test of a byte that is a
// compile-time None on the paths that cannot fail, with the trap exit out of line.
// A returned {value, trap} struct compiles to the same code after inlining but
// splits the value from its destination at every call site; the out-reference also
// stays usable in constant evaluation.
#pragma once

#include <cstdint>

namespace skiff::sem {

enum class TrapKind : uint8_t {
  None = 0,
  // Numeric (produced by src/semantics/).
  IntDivByZero,       // div/rem by zero
  IntOverflow,        // INT_MIN / -1, float -> int out of range
  InvalidConversion,  // float -> int of a NaN
  // Control and calls.
  Unreachable,
  CallStackExhausted,
  IndirectCallTypeMismatch,
  UndefinedElement,       // call_indirect index past the table's end
  UninitializedElement,   // call_indirect through a null entry
  NullFunctionReference,  // call_ref / return_call_ref on null
  // Memories, tables, data and element segments.
  MemoryOutOfBounds,
  TableOutOfBounds,
  UnalignedAtomic,
  ExpectedSharedMemory,  // memory.atomic.wait on an unshared memory
  // References and GC.
  NullReference,  // ref.as_non_null
  NullStructReference,
  NullArrayReference,
  NullI31Reference,
  NullExceptionReference,  // throw_ref on null
  ArrayOutOfBounds,
  CastFailure,
  NullDescriptorReference,  // custom-descriptors proposal
  DescriptorCastFailure,    // custom-descriptors proposal
  OutOfMemory,              // a GC allocation the store cannot satisfy
  // Exceptions.
  UncaughtException,  // an exception reached the host boundary
  // Embedder-controlled limits and host functions.
  OutOfFuel,
  Interrupted,
  HostError,  // a host function returned a trap of its own
  Count_
};

inline constexpr unsigned kTrapKindCount = static_cast<unsigned>(TrapKind::Count_);

// The spec's text for `k` (never null; "" for None).
constexpr const char* trap_message(TrapKind k) {
  switch (k) {
    case TrapKind::None:
      return "";
    case TrapKind::IntDivByZero:
      return "integer divide by zero";
    case TrapKind::IntOverflow:
      return "integer overflow";
    case TrapKind::InvalidConversion:
      return "invalid conversion to integer";
    case TrapKind::Unreachable:
      return "unreachable";
    case TrapKind::CallStackExhausted:
      return "call stack exhausted";
    case TrapKind::IndirectCallTypeMismatch:
      return "indirect call type mismatch";
    case TrapKind::UndefinedElement:
      return "undefined element";
    case TrapKind::UninitializedElement:
      return "uninitialized element";
    case TrapKind::NullFunctionReference:
      return "null function reference";
    case TrapKind::MemoryOutOfBounds:
      return "out of bounds memory access";
    case TrapKind::TableOutOfBounds:
      return "out of bounds table access";
    case TrapKind::UnalignedAtomic:
      return "unaligned atomic";
    case TrapKind::ExpectedSharedMemory:
      return "expected shared memory";
    case TrapKind::NullReference:
      return "null reference";
    case TrapKind::NullStructReference:
      return "null structure reference";
    case TrapKind::NullArrayReference:
      return "null array reference";
    case TrapKind::NullI31Reference:
      return "null i31 reference";
    case TrapKind::NullExceptionReference:
      return "null exception reference";
    case TrapKind::ArrayOutOfBounds:
      return "out of bounds array access";
    case TrapKind::CastFailure:
      return "cast failure";
    case TrapKind::NullDescriptorReference:
      return "null descriptor reference";
    case TrapKind::DescriptorCastFailure:
      return "descriptor cast failure";
    case TrapKind::OutOfMemory:
      return "out of memory";
    case TrapKind::UncaughtException:
      return "uncaught exception";
    case TrapKind::OutOfFuel:
      return "all fuel consumed";
    case TrapKind::Interrupted:
      return "interrupted";
    case TrapKind::HostError:
      return "host function error";
    case TrapKind::Count_:
      break;
  }
  return "unknown trap";
}

}  // namespace skiff::sem
