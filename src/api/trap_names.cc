// skiff::to_string(TrapReason): the printable name of each trap reason.
#include "skiff/trap.h"

namespace skiff {

const char* to_string(TrapReason reason) {
  switch (reason) {
    case TrapReason::IntDivByZero: return "int_div_by_zero";
    case TrapReason::IntOverflow: return "int_overflow";
    case TrapReason::InvalidConversion: return "invalid_conversion";
    case TrapReason::Unreachable: return "unreachable";
    case TrapReason::CallStackExhausted: return "call_stack_exhausted";
    case TrapReason::IndirectCallTypeMismatch: return "indirect_call_type_mismatch";
    case TrapReason::UndefinedElement: return "undefined_element";
    case TrapReason::UninitializedElement: return "uninitialized_element";
    case TrapReason::NullFunctionReference: return "null_function_reference";
    case TrapReason::MemoryOutOfBounds: return "memory_out_of_bounds";
    case TrapReason::TableOutOfBounds: return "table_out_of_bounds";
    case TrapReason::UnalignedAtomic: return "unaligned_atomic";
    case TrapReason::ExpectedSharedMemory: return "expected_shared_memory";
    case TrapReason::NullReference: return "null_reference";
    case TrapReason::NullStructReference: return "null_struct_reference";
    case TrapReason::NullArrayReference: return "null_array_reference";
    case TrapReason::NullI31Reference: return "null_i31_reference";
    case TrapReason::NullExceptionReference: return "null_exception_reference";
    case TrapReason::ArrayOutOfBounds: return "array_out_of_bounds";
    case TrapReason::CastFailure: return "cast_failure";
    case TrapReason::NullDescriptorReference: return "null_descriptor_reference";
    case TrapReason::DescriptorCastFailure: return "descriptor_cast_failure";
    case TrapReason::OutOfMemory: return "out_of_memory";
    case TrapReason::UncaughtException: return "uncaught_exception";
    case TrapReason::OutOfFuel: return "out_of_fuel";
    case TrapReason::Interrupted: return "interrupted";
    case TrapReason::Host: return "host";
  }
  return "unknown";
}

}  // namespace skiff
