// skiff::Error and skiff::Result: how every Skiff API reports failure.
//
// Every failure is a value: an Error carries a message (in the WebAssembly spec
// testsuite's wording where it has one) and a place: a byte offset into a binary,
// or a line:column in a text source, and the function whose body holds it.
// Result<T, E> holds a T or an E (std::expected is C++23; this is the C++20
// stand-in). Calls into WebAssembly return Result<T, Trap> (see trap.h).
#pragma once

#include <cstdint>
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
  /// The value (only on success).
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  /// The error (only on failure).
  E& error() & { return std::get<1>(v_); }
  const E& error() const& { return std::get<1>(v_); }
  E&& error() && { return std::get<1>(std::move(v_)); }

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
  /// The error (only on failure).
  E& error() & { return err_; }
  const E& error() const& { return err_; }
  E&& error() && { return std::move(err_); }

 private:
  E err_{};
  bool ok_ = true;
};

/// Success or an Error.
using Status = Result<void>;

}  // namespace skiff
