// skiff::Error and skiff::Result: how every Skiff API reports failure.
//
// Every failure is a value: an Error carries a message (in the WebAssembly spec
// testsuite's wording where it has one) and a place: a byte offset into a binary,
// or a line:column in a text source, and the function whose body holds it.
// Result<T, E> holds a T or an E (std::expected is C++23; this is the C++20
// stand-in). Calls into WebAssembly return Result<T, Trap> (see trap.h).
//
// Check before use: `if (r.ok())` (or `if (r)`), then `*r` / `r.value()` /
// `r->member` on success, `r.error()` on failure; `value_or(fallback)` needs no
// check. Reading the value of a failure (or the error of a success) is a bug in
// the caller: it throws skiff::BadResultAccess, whose what() carries the failure's
// message (std::abort() after printing it when exceptions are off).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#include "skiff/export.h"

namespace skiff {

/// A failure with its place.
struct SKIFF_API Error {
  /// What went wrong.
  std::string message;
  /// Byte offset in a binary module, or -1 when unknown / not a binary place.
  int64_t offset = -1;
  /// 1-based line and column in a text source; 0 when not a text place.
  uint32_t line = 0;
  uint32_t column = 0;
  /// Index of the function whose body holds the error, or -1.
  int64_t func_index = -1;
  /// "offset 0x1a: message", "3:7: message", or the plain message.
  std::string to_string() const;
};

/// Thrown when a Result's value is read on a failure or its error on a success.
class BadResultAccess : public std::logic_error {
 public:
  explicit BadResultAccess(const std::string& what) : std::logic_error(what) {}
};

namespace detail {
// The text of an error for BadResultAccess: to_string() (Error), .error (e.g.
// InstantiateError), message() (Trap), or nothing.
template <class E>
std::string describe_error(const E& e) {
  if constexpr (requires { e.to_string(); }) return std::string(e.to_string());
  else if constexpr (requires { e.error; }) return describe_error(e.error);
  else if constexpr (requires { e.message(); }) return std::string(e.message());
  else return std::string();
}
[[noreturn]] inline void bad_result_access(const std::string& what) {
#if defined(__cpp_exceptions)
  throw BadResultAccess(what);
#else
  std::fputs(what.c_str(), stderr);
  std::fputc('\n', stderr);
  std::abort();
#endif
}
template <class E>
[[noreturn]] void value_of_failure(const E& e) {
  bad_result_access("skiff::Result: value read from a failure (check ok() first): " + describe_error(e));
}
[[noreturn]] inline void error_of_success() {
  bad_result_access("skiff::Result: error() read from a success (check ok() first)");
}
}  // namespace detail

/// A value of type T or an error of type E.
template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  /// A success holding `value`.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// A failure holding `error`.
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}
  /// True on success.
  bool ok() const { return v_.index() == 0; }
  /// Same as ok().
  explicit operator bool() const { return ok(); }
  /// The value. Only on success: on a failure it throws BadResultAccess naming
  /// the error (a caller's bug; check ok() first).
  T& value() & {
    if (!ok()) detail::value_of_failure(*std::get_if<1>(&v_));
    return *std::get_if<0>(&v_);
  }
  const T& value() const& {
    if (!ok()) detail::value_of_failure(*std::get_if<1>(&v_));
    return *std::get_if<0>(&v_);
  }
  T&& value() && { return std::move(value()); }
  /// Same as value().
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(value()); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  /// The value on success, else `fallback`.
  T value_or(T fallback) const& { return ok() ? *std::get_if<0>(&v_) : std::move(fallback); }
  /// The error. Only on failure: on a success it throws BadResultAccess.
  E& error() & {
    if (ok()) detail::error_of_success();
    return *std::get_if<1>(&v_);
  }
  const E& error() const& {
    if (ok()) detail::error_of_success();
    return *std::get_if<1>(&v_);
  }
  E&& error() && { return std::move(error()); }

 private:
  std::variant<T, E> v_;
};

/// Success, or an error of type E.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  /// Success.
  Result() = default;
  /// A failure holding `error`.
  Result(E error) : err_(std::move(error)), ok_(false) {}
  /// True on success.
  bool ok() const { return ok_; }
  /// Same as ok().
  explicit operator bool() const { return ok_; }
  /// The error. Only on failure: on a success it throws BadResultAccess.
  E& error() & {
    if (ok_) detail::error_of_success();
    return err_;
  }
  const E& error() const& {
    if (ok_) detail::error_of_success();
    return err_;
  }
  E&& error() && { return std::move(error()); }

 private:
  E err_{};
  bool ok_ = true;
};

/// Success or an Error.
using Status = Result<void>;

}  // namespace skiff
