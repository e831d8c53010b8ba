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
#include <variant>

namespace skiff {

struct Error {
  std::string message;
  // Byte offset in a binary module, or -1 when unknown / not a binary place.
  int64_t offset = -1;
  // 1-based line and column in a text source; 0 when not a text place.
  uint32_t line = 0;
  uint32_t column = 0;
  // Index of the function whose body holds the error, or -1.
  int64_t func_index = -1;

  // "offset 0x1a: message", "3:7: message", or the plain message.
  std::string to_string() const;
};

[[gnu::cold, gnu::noinline]] Error make_error(std::string message, int64_t offset = -1);
[[gnu::cold, gnu::noinline]] Error make_text_error(std::string message, uint32_t line,
                                                   uint32_t column);

// A value or an Error. Minimal std::expected stand-in (C++20 has none).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { return std::get<1>(v_); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  Error& error() & { return err_; }
  const Error& error() const& { return err_; }
  Error&& error() && { return std::move(err_); }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace skiff

// The one propagation macro: evaluate a Result-returning expression and return
// its Error from the enclosing function if it failed.
#define SKIFF_TRY(expr)                                  \
  do {                                                   \
    auto&& skiff_try_r_ = (expr);                        \
    if (!skiff_try_r_.ok()) return std::move(skiff_try_r_).error(); \
  } while (0)
