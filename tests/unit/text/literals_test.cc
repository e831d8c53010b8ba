#include "text/literals.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "text/lexer.h"

namespace skiff::text {
namespace {

template <class T>
std::string err_of(const Result<T>& r) {
  return r.ok() ? std::string("<ok>") : r.error().message;
}

uint32_t f32_ok(std::string_view s) {
  auto r = parse_f32(s);
  EXPECT_TRUE(r.ok()) << s << ": " << err_of(r);
  return r.ok() ? *r : 0xdeadbeef;
}

uint64_t f64_ok(std::string_view s) {
  auto r = parse_f64(s);
  EXPECT_TRUE(r.ok()) << s << ": " << err_of(r);
  return r.ok() ? *r : 0xdeadbeefdeadbeefull;
}

// ---------------------------------------------------------------------------
// Classification

TEST(Literals, Classify) {
  using NK = NumberKind;
  EXPECT_EQ(classify_number("0"), NK::Nat);
  EXPECT_EQ(classify_number("0x0"), NK::Nat);
  EXPECT_EQ(classify_number("1_000"), NK::Nat);
  EXPECT_EQ(classify_number("0xA_b_C"), NK::Nat);
  EXPECT_EQ(classify_number("010"), NK::Nat);
  EXPECT_EQ(classify_number("+1"), NK::Int);
  EXPECT_EQ(classify_number("-0x1"), NK::Int);
  for (const char* s : {"1.", "1.5", "1e5", "1E+5", "1e-5", "1.e5", "1.5e5", "0x1p0", "0x1P-1",
                        "0x1.", "0x1.8", "0x1.8p+1", "inf", "-inf", "nan", "+nan",
                        "nan:0x1", "-nan:0xf_f", "1_0.0_1e1_0", "0x1_0.0_1p1_0", "0123456789e019"})
    EXPECT_EQ(classify_number(s), NK::Float) << s;
  for (const char* s : {"", "+", "-", "x", "0x", "0X1", "1x", "0xg", ".0", ".0e0", "0e", "0e+",
                        "0.0e", "0.0e-", "0x.", "0x.8p0", "0x0.g", "0x0p", "0x0p+", "0x0p-",
                        "0x0.0p", "0x0pA", "_100", "+_100", "99_", "1__000", "_0x100", "0_x100",
                        "0x_100", "0x00_", "0xff__ffff", "_1.0", "1.0_", "1_.0", "1._0", "_1e1",
                        "1e1_", "1_e1", "1e_1", "1.0e+_1", "1.0e_+1", "0x_1.0", "0x1.0_",
                        "0x1_.0", "0x1._0", "0x1p1_", "0x1_p1", "0x1p_1", "0x1.0p+_1",
                        "0x1.0p_+1", "nan:1", "nan:0x", "nan:0x_1", "nan:0x1_", "nan:canonical",
                        "infinity", "Inf", "NaN", "++1", "+-1", "1e1e1", "1.0.0", "1p1",
                        "0x1e1p1x", "1 ", " 1"})
    EXPECT_EQ(classify_number(s), std::nullopt) << s;
  // 0x.8p0: the grammar needs a hex digit before the point. 0x1e1p1x: trailing junk.
}

// ---------------------------------------------------------------------------
// Integers

TEST(Literals, I32Ranges) {
  EXPECT_EQ(*parse_i32("0"), 0u);
  EXPECT_EQ(*parse_i32("4294967295"), 0xffffffffu);
  EXPECT_EQ(*parse_i32("0xffffffff"), 0xffffffffu);
  EXPECT_EQ(*parse_i32("0xFFFF_FFFF"), 0xffffffffu);
  EXPECT_EQ(*parse_i32("2147483647"), 0x7fffffffu);
  EXPECT_EQ(*parse_i32("-2147483648"), 0x80000000u);
  EXPECT_EQ(*parse_i32("-0x80000000"), 0x80000000u);
  EXPECT_EQ(*parse_i32("-0x7fffffff"), 0x80000001u);
  EXPECT_EQ(*parse_i32("-1"), 0xffffffffu);
  EXPECT_EQ(*parse_i32("-0"), 0u);
  EXPECT_EQ(*parse_i32("-0x0"), 0u);
  EXPECT_EQ(*parse_i32("+42"), 42u);
  EXPECT_EQ(*parse_i32("010"), 10u);
  EXPECT_EQ(*parse_i32("0_123_456_789"), 123456789u);
  EXPECT_EQ(*parse_i32("0x0_9acf_fBDF"), 0x9acffbdfu);
  EXPECT_EQ(*parse_i32("+4294967295"), 0xffffffffu);  // reference-interpreter leniency
  EXPECT_EQ(*parse_i32("000000000000000000000000000000000001"), 1u);
  for (const char* s : {"4294967296", "0x100000000", "-2147483649", "-0x80000001",
                        "+4294967296", "99999999999999999999999999",
                        "0x1_0000_0000_0000_0000_0000", "-99999999999999999999"})
    EXPECT_EQ(err_of(parse_i32(s)), "constant out of range") << s;
  EXPECT_EQ(err_of(parse_i32("1.0")), "unexpected token");
  EXPECT_EQ(err_of(parse_i32("nan")), "unexpected token");
  EXPECT_EQ(err_of(parse_i32("0x")), "unknown operator");
  EXPECT_EQ(err_of(parse_i32("1__0")), "unknown operator");
}

TEST(Literals, I64Ranges) {
  EXPECT_EQ(*parse_i64("18446744073709551615"), 0xffffffffffffffffull);
  EXPECT_EQ(*parse_i64("0xffffffffffffffff"), 0xffffffffffffffffull);
  EXPECT_EQ(*parse_i64("9223372036854775807"), 0x7fffffffffffffffull);
  EXPECT_EQ(*parse_i64("-9223372036854775808"), 0x8000000000000000ull);
  EXPECT_EQ(*parse_i64("-0x8000000000000000"), 0x8000000000000000ull);
  EXPECT_EQ(*parse_i64("-1"), 0xffffffffffffffffull);
  EXPECT_EQ(*parse_i64("0x0125_6789_ADEF_bcef"), 0x01256789adefbcefull);
  for (const char* s : {"18446744073709551616", "0x10000000000000000", "-9223372036854775809",
                        "-0x8000000000000001", "184467440737095516150"})
    EXPECT_EQ(err_of(parse_i64(s)), "constant out of range") << s;
}

TEST(Literals, UnsignedAndSignedForms) {
  EXPECT_EQ(*parse_u32("0"), 0u);
  EXPECT_EQ(*parse_u32("4294967295"), 0xffffffffu);
  EXPECT_EQ(*parse_u32("0x1_0"), 16u);
  EXPECT_EQ(err_of(parse_u32("4294967296")), "constant out of range");
  EXPECT_EQ(err_of(parse_u32("+1")), "unexpected token");
  EXPECT_EQ(err_of(parse_u32("-1")), "unexpected token");
  EXPECT_EQ(err_of(parse_u32("1.5")), "unexpected token");
  EXPECT_EQ(*parse_u64("18446744073709551615"), 0xffffffffffffffffull);
  EXPECT_EQ(err_of(parse_u64("18446744073709551616")), "constant out of range");

  // sN
  EXPECT_EQ(*parse_int(std::string_view("127"), 8, IntForm::Signed), 0x7fu);
  EXPECT_EQ(*parse_int(std::string_view("+127"), 8, IntForm::Signed), 0x7fu);
  EXPECT_EQ(*parse_int(std::string_view("-128"), 8, IntForm::Signed), 0x80u);
  EXPECT_EQ(err_of(parse_int(std::string_view("128"), 8, IntForm::Signed)), "constant out of range");
  EXPECT_EQ(err_of(parse_int(std::string_view("-129"), 8, IntForm::Signed)), "constant out of range");
  EXPECT_EQ(*parse_int(std::string_view("-9223372036854775808"), 64, IntForm::Signed),
            0x8000000000000000ull);
  EXPECT_EQ(err_of(parse_int(std::string_view("9223372036854775808"), 64, IntForm::Signed)),
            "constant out of range");
  // uN / iN for small widths (SIMD lanes, lane indices).
  EXPECT_EQ(*parse_int<8>("255", IntForm::Unsigned), 255u);
  EXPECT_EQ(err_of(parse_int<8>("256", IntForm::Unsigned)), "constant out of range");
  EXPECT_EQ(*parse_int<8>("0xff", IntForm::Any), 0xffu);
  EXPECT_EQ(*parse_int<8>("-0x80", IntForm::Any), 0x80u);
  EXPECT_EQ(*parse_int<8>("-1", IntForm::Any), 0xffu);
  EXPECT_EQ(err_of(parse_int<8>("-0x81", IntForm::Any)), "constant out of range");
  EXPECT_EQ(err_of(parse_int<8>("0x100", IntForm::Any)), "constant out of range");
  EXPECT_EQ(*parse_int<16>("-32768", IntForm::Any), 0x8000u);
  EXPECT_EQ(*parse_int<16>("65535", IntForm::Any), 0xffffu);
  EXPECT_EQ(err_of(parse_int<16>("65536", IntForm::Any)), "constant out of range");
  EXPECT_EQ(err_of(parse_int<16>("-32769", IntForm::Any)), "constant out of range");
  EXPECT_EQ(*parse_int<1>("1", IntForm::Unsigned), 1u);
  EXPECT_EQ(err_of(parse_int<1>("2", IntForm::Unsigned)), "constant out of range");
}

// ---------------------------------------------------------------------------
// Floats: specific values

TEST(Literals, FloatSpecials) {
  EXPECT_EQ(f32_ok("inf"), 0x7f800000u);
  EXPECT_EQ(f32_ok("+inf"), 0x7f800000u);
  EXPECT_EQ(f32_ok("-inf"), 0xff800000u);
  EXPECT_EQ(f32_ok("nan"), 0x7fc00000u);
  EXPECT_EQ(f32_ok("-nan"), 0xffc00000u);
  EXPECT_EQ(f32_ok("nan:0x1"), 0x7f800001u);
  EXPECT_EQ(f32_ok("nan:0x0001"), 0x7f800001u);
  EXPECT_EQ(f32_ok("nan:0x200000"), 0x7fa00000u);
  EXPECT_EQ(f32_ok("-nan:0x7fffff"), 0xffffffffu);
  EXPECT_EQ(f32_ok("+nan:0x30_4050"), 0x7fb04050u);
  EXPECT_EQ(err_of(parse_f32("nan:0x0")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("nan:0x80_0000")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("nan:0x1_0000_0000_0000_0000_0001")), "constant out of range");
  EXPECT_EQ(f64_ok("inf"), 0x7ff0000000000000ull);
  EXPECT_EQ(f64_ok("-inf"), 0xfff0000000000000ull);
  EXPECT_EQ(f64_ok("nan"), 0x7ff8000000000000ull);
  EXPECT_EQ(f64_ok("-nan"), 0xfff8000000000000ull);
  EXPECT_EQ(f64_ok("nan:0x1"), 0x7ff0000000000001ull);
  EXPECT_EQ(f64_ok("-nan:0xfffffffffffff"), 0xffffffffffffffffull);
  EXPECT_EQ(f64_ok("nan:0x8000000000000"), 0x7ff8000000000000ull);
  EXPECT_EQ(err_of(parse_f64("nan:0x0")), "constant out of range");
  EXPECT_EQ(err_of(parse_f64("nan:0x10_0000_0000_0000")), "constant out of range");

  EXPECT_EQ(f32_ok("0"), 0u);
  EXPECT_EQ(f32_ok("-0"), 0x80000000u);
  EXPECT_EQ(f32_ok("-0.0"), 0x80000000u);
  EXPECT_EQ(f32_ok("-0x0p0"), 0x80000000u);
  EXPECT_EQ(f32_ok("+0x0.0p0"), 0u);
  EXPECT_EQ(f32_ok("0x0p99999999999999999"), 0u);
  EXPECT_EQ(f32_ok("0e99999999999999999"), 0u);
  EXPECT_EQ(f64_ok("-0"), 0x8000000000000000ull);
  EXPECT_EQ(f32_ok("1"), 0x3f800000u);
  EXPECT_EQ(f32_ok("1."), 0x3f800000u);
  EXPECT_EQ(f32_ok("0x1."), 0x3f800000u);
  EXPECT_EQ(f32_ok("0x1"), 0x3f800000u);
  EXPECT_EQ(f32_ok("1.e0"), 0x3f800000u);
  EXPECT_EQ(f32_ok("0x1.p0"), 0x3f800000u);
  EXPECT_EQ(f32_ok("-1.5"), 0xbfc00000u);
  EXPECT_EQ(f32_ok("1_0.2_5"), 0x41240000u);  // 10.25
  EXPECT_EQ(f32_ok("0x1_0.4p0_0"), 0x41820000u);  // 16.25
  EXPECT_EQ(f64_ok("0.1"), 0x3fb999999999999aull);
  EXPECT_EQ(f32_ok("0.1"), 0x3dcccccdu);
  EXPECT_EQ(f32_ok("0123456789e019"), std::bit_cast<uint32_t>(1.23456789e27f));
  EXPECT_EQ(f32_ok("0x1.fffffep127"), 0x7f7fffffu);
  EXPECT_EQ(f64_ok("0x1.fffffffffffffp1023"), 0x7fefffffffffffffull);
}

TEST(Literals, FloatOverflowBoundary) {
  // f32: max = 0x1.fffffep127; max + half ulp = 0x1.ffffffp127 rounds to inf.
  EXPECT_EQ(f32_ok("0x1.fffffefffffffffffffp127"), 0x7f7fffffu);
  EXPECT_EQ(f32_ok("-0x1.fffffefffffffffffffp127"), 0xff7fffffu);
  EXPECT_EQ(err_of(parse_f32("0x1.ffffffp127")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("-0x1.ffffffp127")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("0x1p128")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("0x1p99999999999999999999")), "constant out of range");
  EXPECT_EQ(f32_ok("340282356779733661637539395458142568447"), 0x7f7fffffu);
  EXPECT_EQ(err_of(parse_f32("340282356779733661637539395458142568448")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("-340282356779733661637539395458142568448")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("1e39")), "constant out of range");
  EXPECT_EQ(err_of(parse_f32("1e99999999999999999999")), "constant out of range");
  EXPECT_EQ(f32_ok("3.4028235e38"), 0x7f7fffffu);
  // f64
  EXPECT_EQ(f64_ok("0x1.fffffffffffff7ffffffp1023"), 0x7fefffffffffffffull);
  EXPECT_EQ(err_of(parse_f64("0x1.fffffffffffff8p1023")), "constant out of range");
  EXPECT_EQ(err_of(parse_f64("0x1p1024")), "constant out of range");
  EXPECT_EQ(err_of(parse_f64("1e309")), "constant out of range");
  EXPECT_EQ(err_of(parse_f64("-1e309")), "constant out of range");
  EXPECT_EQ(f64_ok("1.7976931348623158e308"), 0x7fefffffffffffffull);
  EXPECT_EQ(err_of(parse_f64("1.7976931348623159e308")), "constant out of range");
  // An f32-out-of-range value is fine as f64.
  EXPECT_EQ(f64_ok("0x1p128"), 0x47f0000000000000ull);
}

TEST(Literals, FloatSubnormals) {
  EXPECT_EQ(f32_ok("0x1p-149"), 1u);
  EXPECT_EQ(f32_ok("0x1p-150"), 0u);                // tie -> even (0)
  EXPECT_EQ(f32_ok("0x1.000001p-150"), 1u);         // just above the tie
  EXPECT_EQ(f32_ok("0x1.8p-149"), 2u);              // 1.5 -> 2
  EXPECT_EQ(f32_ok("0x1.4p-148"), 2u);              // 2.5 -> 2
  EXPECT_EQ(f32_ok("0x1p-126"), 0x00800000u);
  EXPECT_EQ(f32_ok("0x1.fffffcp-127"), 0x007fffffu);
  EXPECT_EQ(f32_ok("0x1.fffffep-127"), 0x00800000u);  // tie rounds up into the normals
  EXPECT_EQ(f32_ok("0x0.000002p-126"), 1u);
  EXPECT_EQ(f32_ok("-0x1p-149"), 0x80000001u);
  EXPECT_EQ(f32_ok("-0x1p-151"), 0x80000000u);
  EXPECT_EQ(f32_ok("0x1p-99999999999999999999"), 0u);
  EXPECT_EQ(f32_ok("1.4e-45"), 1u);
  EXPECT_EQ(f32_ok("1e-46"), 0u);
  EXPECT_EQ(f32_ok("8e-46"), 1u);
  EXPECT_EQ(f32_ok("1e-99999999999999999999"), 0u);
  EXPECT_EQ(f64_ok("0x1p-1074"), 1u);
  EXPECT_EQ(f64_ok("0x1p-1075"), 0u);
  EXPECT_EQ(f64_ok("0x1.0000000000001p-1075"), 1u);
  EXPECT_EQ(f64_ok("0x1p-1022"), 0x0010000000000000ull);
  EXPECT_EQ(f64_ok("0x0.fffffffffffffp-1022"), 0x000fffffffffffffull);
  EXPECT_EQ(f64_ok("4.9406564584124654e-324"), 1u);
  EXPECT_EQ(f64_ok("2.4703282292062327e-324"), 0u);  // just below half
  EXPECT_EQ(f64_ok("2.4703282292062328e-324"), 1u);  // just above half
}

TEST(Literals, FloatHalfwayRounding) {
  // f32 has 24 significant bits: 1 + 23 fraction bits (hex digits .xxxxxx, last digit even).
  EXPECT_EQ(f32_ok("0x1.000001p0"), 0x3f800000u);          // tie, even is down
  EXPECT_EQ(f32_ok("0x1.0000010000000000000001p0"), 0x3f800001u);
  EXPECT_EQ(f32_ok("0x1.000003p0"), 0x3f800002u);          // tie, even is up
  EXPECT_EQ(f32_ok("0x1.000002fffffffffffffffp0"), 0x3f800001u);
  EXPECT_EQ(f32_ok("0x1.00000100000000000p-50"), 0x26800000u);
  EXPECT_EQ(f32_ok("0x1.00000100000000001p-50"), 0x26800001u);
  EXPECT_EQ(f32_ok("0x1.fffffffp0"), 0x40000000u);         // carry into the exponent
  EXPECT_EQ(f32_ok("0x1ffffff"), 0x4c000000u);             // 2^25 - 1 -> 2^25
  EXPECT_EQ(f32_ok("0x8000008"), 0x4d000000u);             // 2^27 + 8: tie, down
  EXPECT_EQ(f32_ok("0x8000018"), 0x4d000002u);             // tie, up
  EXPECT_EQ(f32_ok("16777217"), 0x4b800000u);              // 2^24 + 1: tie, down
  EXPECT_EQ(f32_ok("16777219"), 0x4b800002u);              // tie, up
  EXPECT_EQ(f32_ok("16777217.000000000000000000000000001"), 0x4b800001u);
  // f64
  EXPECT_EQ(f64_ok("0x1.00000000000008p0"), 0x3ff0000000000000ull);
  EXPECT_EQ(f64_ok("0x1.000000000000080000000000000000001p0"), 0x3ff0000000000001ull);
  EXPECT_EQ(f64_ok("0x1.00000000000018p0"), 0x3ff0000000000002ull);
  EXPECT_EQ(f64_ok("9007199254740993"), 0x4340000000000000ull);   // 2^53 + 1: tie, down
  EXPECT_EQ(f64_ok("9007199254740995"), 0x4340000000000002ull);   // tie, up
  // Double rounding trap: the nearest double of this decimal is a float tie,
  // but the decimal itself is above the tie, so the float must round up.
  // 1 + 2^-24 + ~1e-26: as a double it rounds to 1 + 2^-24 (a float tie) -> would give 1.0.
  EXPECT_EQ(f32_ok("1.00000005960464477539063367"), 0x3f800001u);
  EXPECT_EQ(f32_ok("0x1.000001000000001p0"), 0x3f800001u);
  // Many leading zeros and long digit strings.
  EXPECT_EQ(f32_ok("0x" + std::string(1000, '0') + "1p0"), 0x3f800000u);
  EXPECT_EQ(f32_ok("0x0." + std::string(1000, '0') + "1p4004"), 0x3f800000u);
  EXPECT_EQ(f64_ok("0." + std::string(400, '0') + "1e401"), 0x3ff0000000000000ull);
  EXPECT_EQ(f64_ok("1" + std::string(400, '0') + "e-400"), 0x3ff0000000000000ull);
  EXPECT_EQ(f32_ok("0x1" + std::string(1000, '0') + "p-4000"), 0x3f800000u);
}

TEST(Literals, FloatMalformed) {
  for (const char* s : {"", "0x", "1x", ".0", "0e", "0x0p", "1__0", "nan:1", "inf_", "x"}) {
    EXPECT_EQ(err_of(parse_f32(s)), "unknown operator") << s;
    EXPECT_EQ(err_of(parse_f64(s)), "unknown operator") << s;
  }
}

// ---------------------------------------------------------------------------
// Round trips through printf

void roundtrip_f32(uint32_t bits) {
  float f = std::bit_cast<float>(bits);
  if (std::isnan(f)) {
    char buf[64];
    snprintf(buf, sizeof buf, "%snan:0x%x", (bits >> 31) ? "-" : "", bits & 0x7fffff);
    EXPECT_EQ(f32_ok(buf), bits) << buf;
    return;
  }
  for (const char* fmt : {"%a", "%.9g", "%.17g", "%.6a", "%.9e"}) {
    char buf[128];
    snprintf(buf, sizeof buf, fmt, static_cast<double>(f));
    std::string s = buf;
    if (s.find("0x") != std::string::npos) {
      // %a prints "0x1.8p+1": already our syntax. %.6a may round to f32 precision: only
      // check it when the digits are exact (then it is the same value).
      if (std::string(fmt) == "%.6a" && std::strtod(buf, nullptr) != static_cast<double>(f))
        continue;
    }
    EXPECT_EQ(f32_ok(s), bits) << fmt << " " << s;
  }
}

void roundtrip_f64(uint64_t bits) {
  double d = std::bit_cast<double>(bits);
  if (std::isnan(d)) {
    char buf[64];
    snprintf(buf, sizeof buf, "%snan:0x%llx", (bits >> 63) ? "-" : "",
             static_cast<unsigned long long>(bits & 0xfffffffffffffull));
    EXPECT_EQ(f64_ok(buf), bits) << buf;
    return;
  }
  for (const char* fmt : {"%a", "%.17g", "%.16e", "%.40g"}) {
    char buf[128];
    snprintf(buf, sizeof buf, fmt, d);
    EXPECT_EQ(f64_ok(buf), bits) << fmt << " " << buf;
  }
}

TEST(Literals, RoundTripF32Classes) {
  for (uint32_t b : {0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007fffffu,
                     0x00400000u, 0x00800000u, 0x00800001u, 0x7f7fffffu, 0xff7fffffu,
                     0x3f800000u, 0x3f800001u, 0x3f7fffffu, 0x7f800000u, 0xff800000u,
                     0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7fffffffu, 0xffffffffu,
                     0x7fa00000u, 0x4b800000u, 0x4b7fffffu, 0x33800000u, 0x0f800000u})
    roundtrip_f32(b);
}

TEST(Literals, RoundTripF64Classes) {
  for (uint64_t b : {0x0ull, 0x8000000000000000ull, 0x1ull, 0x8000000000000001ull,
                     0x000fffffffffffffull, 0x0010000000000000ull, 0x0010000000000001ull,
                     0x7fefffffffffffffull, 0xffefffffffffffffull, 0x3ff0000000000000ull,
                     0x3ff0000000000001ull, 0x3fefffffffffffffull, 0x7ff0000000000000ull,
                     0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000000ull,
                     0x7ff0000000000001ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
                     0x4340000000000000ull, 0x3fb999999999999aull})
    roundtrip_f64(b);
}

TEST(Literals, RoundTripRandom) {
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 100000; ++i) {
    uint64_t r = rng();
    roundtrip_f32(static_cast<uint32_t>(r));
    roundtrip_f64(r);
    if (HasFailure()) break;
  }
  // Also near the subnormal range and near the top, where bugs hide.
  for (int i = 0; i < 20000; ++i) {
    uint64_t r = rng();
    roundtrip_f32(static_cast<uint32_t>(r) & 0x80ffffffu);
    roundtrip_f32(0x7f000000u | (static_cast<uint32_t>(r) & 0x80ffffffu));
    roundtrip_f64(r & 0x801fffffffffffffull);
    roundtrip_f64(0x7fe0000000000000ull | (r & 0x801fffffffffffffull));
    if (HasFailure()) break;
  }
}

// Our hex rounding against glibc's strtof/strtod (correctly rounded) on random
// long hex literals with random exponents, incl. subnormals, ties and overflow.
TEST(Literals, HexMatchesLibc) {
  std::mt19937_64 rng(777);
  const char* hexd = "0123456789abcdef";
  for (int i = 0; i < 200000; ++i) {
    std::string digits;
    int ndig = 1 + static_cast<int>(rng() % 40);
    int kind = static_cast<int>(rng() % 4);
    for (int k = 0; k < ndig; ++k) {
      // kind 1/2: runs of 0 / f and an 8 to produce ties and near-ties.
      char c = hexd[rng() % 16];
      if (kind == 1 && k > 6) c = (k == 7) ? '8' : '0';
      if (kind == 2 && k > 6) c = (k == 7) ? '7' : 'f';
      if (kind == 3 && k > 14) c = (k == 15) ? '8' : '0';
      digits.push_back(c);
    }
    size_t point = rng() % (digits.size() + 1);
    std::string mant = digits.substr(0, point);
    if (mant.empty()) mant = "0";
    std::string frac = digits.substr(point);
    int exp = static_cast<int>(rng() % 2400) - 1200;
    std::string lit = "0x" + mant + (frac.empty() ? "" : "." + frac) + "p" + std::to_string(exp);

    float lf = std::strtof(lit.c_str(), nullptr);
    auto r32 = parse_f32(lit);
    if (std::isinf(lf)) {
      EXPECT_FALSE(r32.ok()) << lit;
    } else {
      ASSERT_TRUE(r32.ok()) << lit;
      ASSERT_EQ(*r32, std::bit_cast<uint32_t>(lf)) << lit;
    }
    double ld = std::strtod(lit.c_str(), nullptr);
    auto r64 = parse_f64(lit);
    if (std::isinf(ld)) {
      EXPECT_FALSE(r64.ok()) << lit;
    } else {
      ASSERT_TRUE(r64.ok()) << lit;
      ASSERT_EQ(*r64, std::bit_cast<uint64_t>(ld)) << lit;
    }
  }
}

// Decimal literals with ties for f32: exact decimal expansions of float
// midpoints (computed exactly via double, which holds them), plus/minus a tiny bit.
TEST(Literals, DecimalF32Midpoints) {
  std::mt19937 rng(4242);
  for (int i = 0; i < 20000; ++i) {
    uint32_t bits = rng() & 0x7f7fffffu;
    if ((bits & 0x7f800000u) == 0x7f800000u) continue;
    float f = std::bit_cast<float>(bits);
    float g = std::nextafter(f, INFINITY);
    if (std::isinf(g)) continue;
    double mid = (static_cast<double>(f) + static_cast<double>(g)) / 2;  // exact
    char buf[1200];
    snprintf(buf, sizeof buf, "%.1100g", mid);  // exact decimal expansion
    uint32_t even = (bits & 1) ? bits + 1 : bits;
    ASSERT_EQ(f32_ok(buf), even) << buf;
    // Just above the midpoint: append digits to the significand.
    std::string str = buf;
    size_t e = str.find('e');
    std::string mant = str.substr(0, e), tail = e == std::string::npos ? "" : str.substr(e);
    if (mant.find('.') == std::string::npos) mant += ".";
    std::string above = mant + "0000000000000000000000000000001" + tail;
    ASSERT_EQ(f32_ok(above), bits + 1) << above;
  }
}

// Random number-ish strings: never crash; classification agrees with parsing.
TEST(Literals, RandomTextNeverCrashes) {
  std::mt19937 rng(99);
  const char alphabet[] = "0123456789abcdefxpPeE.+-_ninf:";
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    size_t len = rng() % 24;
    for (size_t k = 0; k < len; ++k) s.push_back(alphabet[rng() % (sizeof alphabet - 1)]);
    auto kind = classify_number(s);
    auto r32 = parse_f32(s);
    auto r64 = parse_f64(s);
    auto ri = parse_i64(s);
    auto ru = parse_u32(s);
    if (!kind) {
      EXPECT_EQ(err_of(r32), "unknown operator") << s;
      EXPECT_EQ(err_of(ri), "unknown operator") << s;
    } else {
      if (!r32.ok()) { EXPECT_EQ(r32.error().message, "constant out of range") << s; }
      if (!r64.ok()) { EXPECT_EQ(r64.error().message, "constant out of range") << s; }
      if (*kind == NumberKind::Float) { EXPECT_EQ(err_of(ri), "unexpected token") << s; }
      if (*kind == NumberKind::Int) { EXPECT_EQ(err_of(ru), "unexpected token") << s; }
      // Lexed alone, it is one Number token.
      Lexer lx(s);
      EXPECT_EQ(lx.next().kind, TokenKind::Number) << s;
      EXPECT_EQ(lx.next().kind, TokenKind::Eof) << s;
    }
    if (HasFailure()) break;
  }
}

// ---------------------------------------------------------------------------
// Data-driven: the spec testsuite's literal tests.

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

#ifdef SKIFF_TESTSUITE_DIR
const std::string kSuite = SKIFF_TESTSUITE_DIR;
#else
const std::string kSuite = "/work/shared/testsuite";
#endif

// Parses `lit` as `type` ("i32", "i64", "f32", "f64"): bits or the error message.
std::string parse_as(const std::string& type, const std::string& lit, uint64_t* bits) {
  if (type == "i32") {
    auto r = parse_i32(lit);
    if (!r.ok()) return r.error().message;
    *bits = *r;
  } else if (type == "i64") {
    auto r = parse_i64(lit);
    if (!r.ok()) return r.error().message;
    *bits = *r;
  } else if (type == "f32") {
    auto r = parse_f32(lit);
    if (!r.ok()) return r.error().message;
    *bits = *r;
  } else {
    auto r = parse_f64(lit);
    if (!r.ok()) return r.error().message;
    *bits = *r;
  }
  return "";
}

// (assert_malformed (module quote "... (T.const X) ...") "msg") with one constant.
TEST(LiteralsSuite, AssertMalformedConstants) {
  int checked = 0;
  for (const char* file : {"const.wast", "int_literals.wast", "float_literals.wast"}) {
    std::string text = read_file(kSuite + "/" + file);
    if (text.empty()) GTEST_SKIP() << "testsuite not found at " << kSuite;
    size_t pos = 0;
    while ((pos = text.find("(assert_malformed", pos)) != std::string::npos) {
      pos += 17;
      size_t q = text.find("quote", pos);
      if (q == std::string::npos) break;
      size_t s0 = text.find('"', q);
      size_t s1 = text.find('"', s0 + 1);
      size_t m0 = text.find('"', s1 + 1);
      size_t m1 = text.find('"', m0 + 1);
      std::string module = text.substr(s0 + 1, s1 - s0 - 1);
      std::string msg = text.substr(m0 + 1, m1 - m0 - 1);
      std::smatch m;
      static const std::regex re(R"(\((i32|i64|f32|f64)\.const ([^ ()]+)\))");
      if (!std::regex_search(module, m, re)) continue;
      std::string type = m[1], lit = m[2];
      Lexer lx(lit);
      Token tok = lx.next();
      if (msg == "unknown operator") {
        // The lexer must not produce a Number (the parser then reports the operator).
        EXPECT_NE(tok.kind, TokenKind::Number) << file << ": " << lit;
        EXPECT_TRUE(tok.kind == TokenKind::Reserved || tok.kind == TokenKind::Keyword)
            << file << ": " << lit;
      } else if (msg == "constant out of range") {
        EXPECT_EQ(tok.kind, TokenKind::Number) << file << ": " << lit;
        uint64_t bits = 0;
        EXPECT_EQ(parse_as(type, lit, &bits), msg) << file << ": " << lit;
      } else {
        ADD_FAILURE() << "unexpected message " << msg << " for " << lit;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 150);
}

// const.wast: (module (func (export "f") (result T) (T.const X))) followed by
// (assert_return (invoke "f") (T.const Y)): X and Y denote the same bits.
TEST(LiteralsSuite, ConstWastRounding) {
  std::string text = read_file(kSuite + "/const.wast");
  if (text.empty()) GTEST_SKIP() << "testsuite not found at " << kSuite;
  static const std::regex re(
      R"(\(module \(func \(export "f"\) \(result (f32|f64|i32|i64)\) \((?:f32|f64|i32|i64)\.const ([^ ()]+)\)\)\)\s*\(assert_return \(invoke "f"\) \((?:f32|f64|i32|i64)\.const ([^ ()]+)\)\))");
  int checked = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    std::string type = (*it)[1], x = (*it)[2], y = (*it)[3];
    uint64_t bx = 1, by = 2;
    ASSERT_EQ(parse_as(type, x, &bx), "") << x;
    ASSERT_EQ(parse_as(type, y, &by), "") << y;
    EXPECT_EQ(bx, by) << type << " " << x << " vs " << y;
    ++checked;
  }
  EXPECT_GT(checked, 250);
  // The plain accepted constants, e.g. (module (func (f32.const 0123456789e019) drop)).
  static const std::regex plain(R"(\(module \(func \((i32|i64|f32|f64)\.const ([^ ()]+)\) drop\)\))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), plain);
       it != std::sregex_iterator(); ++it) {
    uint64_t b;
    EXPECT_EQ(parse_as((*it)[1], (*it)[2], &b), "") << (*it)[2];
  }
}

// int_literals.wast / float_literals.wast: exported functions returning one
// constant (reinterpreted for floats) and the assert_return giving its bits.
TEST(LiteralsSuite, LiteralFiles) {
  static const std::regex int_fn(
      R"re(\(func \(export "([^"]+)"\) \(result i(?:32|64)\) \(return \((i32|i64)\.const ([^ ()]+)\)\)\))re");
  static const std::regex float_fn(
      R"re(\(func \(export "([^"]+)"\) \(result i(?:32|64)\) \(i(?:32|64)\.reinterpret_f(?:32|64) \((f32|f64)\.const ([^ ()]+)\)\)\))re");
  static const std::regex plain_fn(
      R"re(\(func \(export "([^"]+)"\) \(result (?:i32|i64|f32|f64)\) \((i32|i64|f32|f64)\.const ([^ ()]+)\)\))re");
  static const std::regex ret(
      R"re(\(assert_return \(invoke "([^"]+)"\) \((i32|i64|f32|f64)\.const ([^ ()]+)\)\))re");
  int checked = 0;
  for (const char* file : {"int_literals.wast", "float_literals.wast"}) {
    std::string text = read_file(kSuite + "/" + file);
    if (text.empty()) GTEST_SKIP() << "testsuite not found at " << kSuite;
    std::map<std::string, std::pair<std::string, std::string>> fns;  // name -> (type, literal)
    for (const std::regex* re : {&int_fn, &float_fn, &plain_fn})
      for (auto it = std::sregex_iterator(text.begin(), text.end(), *re);
           it != std::sregex_iterator(); ++it)
        fns[(*it)[1]] = {(*it)[2], (*it)[3]};
    for (auto it = std::sregex_iterator(text.begin(), text.end(), ret);
         it != std::sregex_iterator(); ++it) {
      auto f = fns.find((*it)[1]);
      if (f == fns.end()) continue;
      uint64_t got = 1, want = 2;
      ASSERT_EQ(parse_as(f->second.first, f->second.second, &got), "") << f->second.second;
      ASSERT_EQ(parse_as((*it)[2], (*it)[3], &want), "") << (*it)[3];
      EXPECT_EQ(got, want) << file << " " << f->first << ": " << f->second.second;
      ++checked;
    }
  }
  EXPECT_GE(checked, 125);
}

}  // namespace
}  // namespace skiff::text
