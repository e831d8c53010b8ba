// Helpers shared by the WAT parser tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/module.h"
#include "text/wat_parser.h"

namespace skiff::text::wat_test {

using Bytes = std::vector<uint8_t>;

// Parses `src`, failing the test (and returning an empty module) on an error.
inline ir::Module parse_ok(std::string_view src) {
  auto r = parse_wat(src);
  EXPECT_TRUE(r.ok()) << r.error().to_string() << "\nin: " << src;
  if (!r.ok()) return {};
  return std::move(*r);
}

// "line:column: message" of the error parsing `src`, or "ok".
inline std::string parse_error(std::string_view src) {
  auto r = parse_wat(src);
  if (r.ok()) return "ok";
  return r.error().to_string();
}

// Just the message.
inline std::string error_message(std::string_view src) {
  auto r = parse_wat(src);
  if (r.ok()) return "ok";
  return r.error().message;
}

// The body of the only (or the i-th) defined function, including its `end`.
inline Bytes body(const ir::Module& m, size_t i = 0) {
  if (i >= m.funcs.size()) return {};
  return m.funcs[i].body.bytes;
}

// The body bytes of `(module (func <params_and_body>))` preceded by `prefix` fields.
inline Bytes func_body(std::string_view prefix, std::string_view func) {
  std::string src = std::string(prefix) + " (func " + std::string(func) + ")";
  ir::Module m = parse_ok(src);
  if (m.funcs.empty()) return {};
  return m.funcs.back().body.bytes;
}

}  // namespace skiff::text::wat_test
