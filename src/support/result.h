// Error values and Result<T>.
//
// Every failure in Skiff is a value: an Error carries a message (in the spec
// testsuite's wording where it has one) and a place: a byte offset into a binary,
// or a line:column in a text file. Errors are built out of line (see fail()) so
// the hot paths that produce them stay small.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "skiff/result.h"  // Error, Result<T>, Status (public)

namespace skiff {

[[gnu::cold, gnu::noinline]] Error make_error(std::string message, int64_t offset = -1);
[[gnu::cold, gnu::noinline]] Error make_text_error(std::string message, uint32_t line,
                                                   uint32_t column);

}  // namespace skiff

// The one propagation macro: evaluate a Result-returning expression and return
// its Error from the enclosing function if it failed.
#define SKIFF_TRY(expr)                                  \
  do {                                                   \
    auto&& skiff_try_r_ = (expr);                        \
    if (!skiff_try_r_.ok()) return std::move(skiff_try_r_).error(); \
  } while (0)
