// Numeric literals of the WebAssembly text format (spec text/values).
//
// Pure functions over the raw text of a Number token. Integers yield their N-bit
// pattern (zero-extended into the return type); floats yield IEEE bit patterns,
// correctly rounded (round to nearest, ties to even) from the exact decimal or
// hexadecimal value, never through a wider type for f32.
//
// Errors carry no position (line 0); the parser places them at the token, e.g.
// with token_error(tok, err.message). Wording follows the spec tests:
// "constant out of range" for a value outside the type, "unexpected token" for
// text of the wrong shape (a float where an integer is expected, a sign on an
// unsigned index), "unknown operator" for text that is no number at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "support/result.h"

namespace skiff::text {

enum class NumberKind : uint8_t {
  Nat,    // unsigned integer without sign: 12, 0x1_F
  Int,    // integer with sign: +1, -0x80
  Float,  // anything else that is a float literal: 1.5, 1e3, 0x1p-2, inf, -nan, nan:0x1
};

// The kind of a number literal, or nullopt if `text` is not one (per the
// spec's grammar, including the placement of `_` only between digits).
std::optional<NumberKind> classify_number(std::string_view text);

enum class IntForm : uint8_t {
  Unsigned,  // uN: no sign, 0 <= n < 2^N
  Signed,    // sN: optional sign, -2^(N-1) <= n < 2^(N-1)
  Any,       // iN: uN or sN. As the reference interpreter, `+n` is also
             // accepted up to 2^N - 1.
};

// Parses an integer literal of `bits` (1..64) bits in the given form; returns
// the bit pattern (two's complement for negatives), zero-extended.
Result<uint64_t> parse_int(std::string_view text, unsigned bits, IntForm form);

template <unsigned N>
Result<uint64_t> parse_int(std::string_view text, IntForm form) {
  static_assert(N >= 1 && N <= 64);
  return parse_int(text, N, form);
}

// Plain indices, offsets, alignments, limits: unsigned only.
Result<uint32_t> parse_u32(std::string_view text);
Result<uint64_t> parse_u64(std::string_view text);
// Uninterpreted (iN) constants as in i32.const / i64.const.
Result<uint32_t> parse_i32(std::string_view text);
Result<uint64_t> parse_i64(std::string_view text);

// Floats: returns the IEEE 754 bit pattern.
Result<uint32_t> parse_f32(std::string_view text);
Result<uint64_t> parse_f64(std::string_view text);

}  // namespace skiff::text
