// Numeric literal parsing.
//
// Integers: the magnitude is accumulated in 64 bits with an overflow flag, then
// range-checked for the requested width and form.
//
// Floats:
// - decimal: underscores removed, then strtod_l / strtof_l in the "C" locale.
//   glibc converts correctly rounded (to nearest, ties to even) for any number
//   of digits, and strtof rounds directly to float (no double rounding).
//   A result of infinity means the literal is out of range.
// - hexadecimal: our own exact conversion. The significand digits are gathered
//   into a 64-bit integer (at most 61 significant bits) plus a sticky bit for
//   any nonzero digit beyond that, with a binary exponent; round_binary() then
//   rounds once to the target precision, handling subnormals and overflow.
#include "text/literals.h"

#include <bit>
#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__GLIBC__) || defined(__APPLE__)
#include <locale.h>
#if defined(__APPLE__)
#include <xlocale.h>
#endif
#define SKIFF_HAVE_STRTOD_L 1
#endif

namespace skiff::text {

namespace {

bool is_digit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

unsigned digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// digit ("_"? digit)* starting at i; returns the end, or npos if no digit at i.
size_t scan_digits(std::string_view t, size_t i, bool hex) {
  if (i >= t.size() || !is_digit(t[i], hex)) return std::string_view::npos;
  ++i;
  while (i < t.size()) {
    if (is_digit(t[i], hex)) {
      ++i;
    } else if (t[i] == '_' && i + 1 < t.size() && is_digit(t[i + 1], hex)) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

Error fail(const char* message) { return make_error(message); }

// Parses the digits (with underscores) of t into *out; false on overflow.
bool accumulate(std::string_view t, bool hex, uint64_t* out) {
  uint64_t v = 0;
  const uint64_t base = hex ? 16 : 10;
  for (char c : t) {
    if (c == '_') continue;
    uint64_t d = digit_value(c);
    if (v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
  }
  *out = v;
  return true;
}

struct FloatFormat {
  int mant_bits;  // explicit significand bits: 23 / 52
  int exp_bits;   // 8 / 11
};
constexpr FloatFormat kF32{23, 8};
constexpr FloatFormat kF64{52, 11};

// Rounds mant * 2^exp (+ a positive amount below the last bit of mant when
// `sticky`) to the format, ties to even. Returns the bits without sign, or an
// error when the result would be infinite.
Result<uint64_t> round_binary(uint64_t mant, int64_t exp, bool sticky, FloatFormat f) {
  if (mant == 0) return uint64_t{0};  // sticky implies mant != 0
  const int p = f.mant_bits + 1;
  const int64_t bias = (int64_t{1} << (f.exp_bits - 1)) - 1;
  const int64_t emax = bias, emin = 1 - bias;
  const int msb = 63 - std::countl_zero(mant);
  const int64_t e = msb + exp;  // value in [2^e, 2^(e+1))
  if (e > emax) return fail("constant out of range");
  int64_t lsb_exp = (e < emin ? emin : e) - (p - 1);
  int64_t shift = lsb_exp - exp;
  uint64_t q;
  if (shift <= 0) {
    q = mant << -shift;  // exact; fits since q < 2^p
  } else if (shift > 64) {
    q = 0;  // below half of the smallest subnormal
  } else if (shift == 64) {
    const uint64_t half = uint64_t{1} << 63;
    q = (mant > half || (mant == half && sticky)) ? 1 : 0;
  } else {
    q = mant >> shift;
    const uint64_t rem = mant & ((uint64_t{1} << shift) - 1);
    const uint64_t half = uint64_t{1} << (shift - 1);
    if (rem > half || (rem == half && (sticky || (q & 1)))) ++q;
  }
  if (q == (uint64_t{1} << p)) {
    q >>= 1;
    ++lsb_exp;
  }
  if (q >= (uint64_t{1} << (p - 1))) {
    const int64_t ef = lsb_exp + (p - 1);
    if (ef > emax) return fail("constant out of range");
    const uint64_t mask = (uint64_t{1} << f.mant_bits) - 1;
    return (static_cast<uint64_t>(ef + bias) << f.mant_bits) | (q & mask);
  }
  return q;  // subnormal or zero
}

// Hex float body (after the sign): "0x" hexnum ["." [hexfrac]] [p sign num].
Result<uint64_t> parse_hex_float(std::string_view t, FloatFormat f) {
  uint64_t mant = 0;
  int64_t exp = 0;
  bool sticky = false;
  size_t i = 2;
  auto take = [&](char c, bool frac) {
    const uint64_t d = digit_value(c);
    if ((mant >> 60) == 0) {
      mant = mant * 16 + d;
      if (frac) exp -= 4;
    } else {
      if (!frac) exp += 4;
      if (d != 0) sticky = true;
    }
  };
  for (; i < t.size() && t[i] != '.' && t[i] != 'p' && t[i] != 'P'; ++i)
    if (t[i] != '_') take(t[i], false);
  if (i < t.size() && t[i] == '.') {
    for (++i; i < t.size() && t[i] != 'p' && t[i] != 'P'; ++i)
      if (t[i] != '_') take(t[i], true);
  }
  if (i < t.size()) {  // exponent
    ++i;
    bool neg = false;
    if (t[i] == '+' || t[i] == '-') neg = t[i++] == '-';
    int64_t e = 0;
    for (; i < t.size(); ++i) {
      if (t[i] == '_') continue;
      if (e < 100000000000) e = e * 10 + (t[i] - '0');  // saturate: result is 0 or inf anyway
    }
    exp += neg ? -e : e;
  }
  return round_binary(mant, exp, sticky, f);
}

#ifdef SKIFF_HAVE_STRTOD_L
locale_t c_locale() {
  static locale_t loc = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  return loc;
}
#endif

// Decimal float body (after the sign), digits only.
Result<uint64_t> parse_dec_float(std::string_view t, FloatFormat f) {
  std::string buf;
  buf.reserve(t.size());
  for (char c : t)
    if (c != '_') buf.push_back(c);
  if (f.mant_bits == kF32.mant_bits) {
    float v;
#ifdef SKIFF_HAVE_STRTOD_L
    if (locale_t loc = c_locale()) v = strtof_l(buf.c_str(), nullptr, loc);
    else v = std::strtof(buf.c_str(), nullptr);
#else
    v = std::strtof(buf.c_str(), nullptr);
#endif
    if (std::isinf(v)) return fail("constant out of range");
    return uint64_t{std::bit_cast<uint32_t>(v) & 0x7FFFFFFFu};
  }
  double v;
#ifdef SKIFF_HAVE_STRTOD_L
  if (locale_t loc = c_locale()) v = strtod_l(buf.c_str(), nullptr, loc);
  else v = std::strtod(buf.c_str(), nullptr);
#else
  v = std::strtod(buf.c_str(), nullptr);
#endif
  if (std::isinf(v)) return fail("constant out of range");
  return std::bit_cast<uint64_t>(v) & 0x7FFFFFFFFFFFFFFFull;
}

Result<uint64_t> parse_float(std::string_view text, FloatFormat f) {
  auto kind = classify_number(text);
  if (!kind) return fail("unknown operator");
  const int width = 1 + f.exp_bits + f.mant_bits;
  bool neg = false;
  std::string_view body = text;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  const uint64_t sign = neg ? uint64_t{1} << (width - 1) : 0;
  const uint64_t exp_ones = ((uint64_t{1} << f.exp_bits) - 1) << f.mant_bits;
  if (body == "inf") return sign | exp_ones;
  if (body == "nan") return sign | exp_ones | (uint64_t{1} << (f.mant_bits - 1));
  if (body.substr(0, 4) == "nan:") {
    uint64_t payload;
    if (!accumulate(body.substr(6), true, &payload) || payload == 0 ||
        payload >= (uint64_t{1} << f.mant_bits))
      return fail("constant out of range");
    return sign | exp_ones | payload;
  }
  Result<uint64_t> r = body.size() > 1 && body[1] == 'x' ? parse_hex_float(body, f)
                                                          : parse_dec_float(body, f);
  if (!r.ok()) return r;
  return sign | *r;
}

}  // namespace

std::optional<NumberKind> classify_number(std::string_view t) {
  size_t i = 0;
  bool sign = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    sign = true;
    i = 1;
  }
  std::string_view rest = t.substr(i);
  if (rest == "inf" || rest == "nan") return NumberKind::Float;
  if (rest.substr(0, 6) == "nan:0x") {
    size_t j = scan_digits(t, i + 6, true);
    if (j == t.size()) return NumberKind::Float;
    return std::nullopt;
  }
  bool hex = false;
  if (rest.size() >= 2 && rest[0] == '0' && rest[1] == 'x') {
    hex = true;
    i += 2;
  }
  size_t j = scan_digits(t, i, hex);
  if (j == std::string_view::npos) return std::nullopt;
  if (j == t.size()) return sign ? NumberKind::Int : NumberKind::Nat;
  if (t[j] == '.') {
    ++j;
    if (j < t.size() && is_digit(t[j], hex)) j = scan_digits(t, j, hex);
    if (j == t.size()) return NumberKind::Float;
  }
  const char e = t[j];
  if (hex ? (e != 'p' && e != 'P') : (e != 'e' && e != 'E')) return std::nullopt;
  ++j;
  if (j < t.size() && (t[j] == '+' || t[j] == '-')) ++j;
  j = scan_digits(t, j, false);
  if (j != t.size()) return std::nullopt;  // also covers npos
  return NumberKind::Float;
}

Result<uint64_t> parse_int(std::string_view text, unsigned bits, IntForm form) {
  auto kind = classify_number(text);
  if (!kind) return fail("unknown operator");
  if (*kind == NumberKind::Float) return fail("unexpected token");
  if (*kind == NumberKind::Int && form == IntForm::Unsigned) return fail("unexpected token");
  if (bits < 1 || bits > 64) return fail("constant out of range");
  bool neg = false;
  std::string_view body = text;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  const bool hex = body.size() > 1 && body[1] == 'x';
  if (hex) body.remove_prefix(2);
  uint64_t mag;
  if (!accumulate(body, hex, &mag)) return fail("constant out of range");
  const uint64_t half = uint64_t{1} << (bits - 1);     // 2^(N-1)
  const uint64_t max_u = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  if (neg) {
    if (mag > half) return fail("constant out of range");
  } else if (form == IntForm::Signed) {
    if (mag >= half) return fail("constant out of range");
  } else {
    if (mag > max_u) return fail("constant out of range");
  }
  uint64_t v = neg ? (0 - mag) : mag;
  return v & max_u;
}

Result<uint32_t> parse_u32(std::string_view text) {
  auto r = parse_int(text, 32, IntForm::Unsigned);
  if (!r.ok()) return std::move(r).error();
  return static_cast<uint32_t>(*r);
}

Result<uint64_t> parse_u64(std::string_view text) { return parse_int(text, 64, IntForm::Unsigned); }

Result<uint32_t> parse_i32(std::string_view text) {
  auto r = parse_int(text, 32, IntForm::Any);
  if (!r.ok()) return std::move(r).error();
  return static_cast<uint32_t>(*r);
}

Result<uint64_t> parse_i64(std::string_view text) { return parse_int(text, 64, IntForm::Any); }

Result<uint32_t> parse_f32(std::string_view text) {
  auto r = parse_float(text, kF32);
  if (!r.ok()) return std::move(r).error();
  return static_cast<uint32_t>(*r);
}

Result<uint64_t> parse_f64(std::string_view text) { return parse_float(text, kF64); }

}  // namespace skiff::text
