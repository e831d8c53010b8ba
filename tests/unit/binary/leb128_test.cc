// LEB128 and the byte Reader/Writer of support/bytes.h: maximum lengths, unused
// bits, signed boundaries, the s33 block-type form, and canonical writing.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "support/bytes.h"

namespace skiff {
namespace {

using Bytes = std::vector<uint8_t>;

template <class F>
auto read_all(const Bytes& b, F f, size_t* consumed = nullptr) {
  Reader r(b.data(), b.size());
  auto v = f(r);
  if (consumed) *consumed = b.size() - r.remaining();
  return v;
}

Result<uint32_t> u32(const Bytes& b, size_t* n = nullptr) {
  return read_all(b, [](Reader& r) { return r.u32(); }, n);
}
Result<uint64_t> u64(const Bytes& b, size_t* n = nullptr) {
  return read_all(b, [](Reader& r) { return r.u64(); }, n);
}
Result<int32_t> s32(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.s32(); });
}
Result<int64_t> s64(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.s64(); });
}
Result<int64_t> s33(const Bytes& b) {
  return read_all(b, [](Reader& r) { return r.s33(); });
}

template <class T>
std::string msg(const Result<T>& r) {
  return r.ok() ? "ok" : r.error().message;
}

TEST(Leb128, U32Basics) {
  size_t n = 0;
  EXPECT_EQ(*u32({0x00}, &n), 0u);
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(*u32({0x7F}), 127u);
  EXPECT_EQ(*u32({0x80, 0x01}), 128u);
  EXPECT_EQ(*u32({0xE5, 0x8E, 0x26}), 624485u);
  EXPECT_EQ(*u32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 0xFFFFFFFFu);
  // Non-canonical (padded) forms are fine within the byte limit.
  EXPECT_EQ(*u32({0x80, 0x80, 0x80, 0x80, 0x00}, &n), 0u);
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(*u32({0x83, 0x80, 0x00}), 3u);
}

TEST(Leb128, U32Limits) {
  // Sixth byte: too long, even when it would be zero.
  EXPECT_EQ(msg(u32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00})), "integer representation too long");
  // Unused bits of the fifth byte set.
  EXPECT_EQ(msg(u32({0x80, 0x80, 0x80, 0x80, 0x10})), "integer too large");
  EXPECT_EQ(msg(u32({0xFF, 0xFF, 0xFF, 0xFF, 0x1F})), "integer too large");
  EXPECT_EQ(msg(u32({0x80, 0x80, 0x80, 0x80, 0x70})), "integer too large");
  // Running out.
  EXPECT_EQ(msg(u32({})), "unexpected end");
  EXPECT_EQ(msg(u32({0x80})), "unexpected end");
  EXPECT_EQ(msg(u32({0xFF, 0xFF, 0xFF, 0xFF})), "unexpected end");
}

TEST(Leb128, ErrorOffsets) {
  Bytes b = {0x01, 0x80, 0x80, 0x80, 0x80, 0x10};
  Reader r(b.data(), b.size(), 100);
  EXPECT_EQ(*r.u8(), 1);
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "integer too large");
  EXPECT_EQ(v.error().offset, 106);  // just past the offending byte, base 100
  Reader e(b.data(), 0, 7);
  auto w = e.u8();
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().offset, 7);
}

TEST(Leb128, U64) {
  EXPECT_EQ(*u64({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 0xFFFFFFFFull);
  EXPECT_EQ(*u64({0x80, 0x80, 0x80, 0x80, 0x10}), 0x100000000ull);
  Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  EXPECT_EQ(*u64(max), ~uint64_t(0));
  Bytes top = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_EQ(*u64(top), uint64_t(1) << 63);
  Bytes big = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02};
  EXPECT_EQ(msg(u64(big)), "integer too large");
  Bytes long11 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(msg(u64(long11)), "integer representation too long");
  Bytes pad10 = {0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(*u64(pad10), 2u);
}

TEST(Leb128, S32Boundaries) {
  EXPECT_EQ(*s32({0x00}), 0);
  EXPECT_EQ(*s32({0x7F}), -1);
  EXPECT_EQ(*s32({0x3F}), 63);
  EXPECT_EQ(*s32({0x40}), -64);
  EXPECT_EQ(*s32({0xC0, 0x00}), 64);
  EXPECT_EQ(*s32({0xBF, 0x7F}), -65);
  EXPECT_EQ(*s32({0xFF, 0xFF, 0xFF, 0xFF, 0x07}), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(*s32({0x80, 0x80, 0x80, 0x80, 0x78}), std::numeric_limits<int32_t>::min());
  // Padded -1 and 0.
  EXPECT_EQ(*s32({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), -1);
  EXPECT_EQ(*s32({0x80, 0x80, 0x80, 0x80, 0x00}), 0);
  // The unused bits of the last byte must copy the sign bit.
  EXPECT_EQ(msg(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F})), "integer too large");
  EXPECT_EQ(msg(s32({0x80, 0x80, 0x80, 0x80, 0x70})), "integer too large");
  EXPECT_EQ(msg(s32({0x80, 0x80, 0x80, 0x80, 0x1F})), "integer too large");
  EXPECT_EQ(msg(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x4F})), "integer too large");
  EXPECT_EQ(msg(s32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00})), "integer representation too long");
}

TEST(Leb128, S64Boundaries) {
  Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
  EXPECT_EQ(*s64(max), std::numeric_limits<int64_t>::max());
  Bytes min = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  EXPECT_EQ(*s64(min), std::numeric_limits<int64_t>::min());
  Bytes m1 = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_EQ(*s64(m1), -1);
  Bytes bad1 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_EQ(msg(s64(bad1)), "integer too large");
  Bytes bad2 = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E};
  EXPECT_EQ(msg(s64(bad2)), "integer too large");
  Bytes long11 = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_EQ(msg(s64(long11)), "integer representation too long");
  EXPECT_EQ(*s64({0x80, 0x80, 0x80, 0x80, 0x10}), int64_t(1) << 32);
}

TEST(Leb128, S33) {
  EXPECT_EQ(*s33({0x00}), 0);
  EXPECT_EQ(*s33({0x40}), -64);
  // The largest type index: 2^32 - 1 fits s33 positively.
  EXPECT_EQ(*s33({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 0xFFFFFFFFll);
  EXPECT_EQ(msg(s33({0x80, 0x80, 0x80, 0x80, 0x10})), "integer too large");
  EXPECT_EQ(*s33({0x80, 0x80, 0x80, 0x80, 0x70}), -(int64_t(1) << 32));
  EXPECT_EQ(*s33({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), -1);
  EXPECT_EQ(msg(s33({0x80, 0x80, 0x80, 0x80, 0x20})), "integer too large");
  EXPECT_EQ(msg(s33({0xFF, 0xFF, 0xFF, 0xFF, 0x4F})), "integer too large");
  EXPECT_EQ(msg(s33({0x80, 0x80, 0x80, 0x80, 0x80, 0x00})), "integer representation too long");
}

TEST(Leb128, WriterIsShortestAndReadsBack) {
  const uint64_t us[] = {0, 1, 63, 64, 127, 128, 16383, 16384, 0xFFFFFFFFull,
                         0x100000000ull, ~uint64_t(0), uint64_t(1) << 63};
  for (uint64_t v : us) {
    Writer w;
    w.u64(v);
    size_t bits = 1;
    while (bits < 64 && (v >> bits)) ++bits;
    EXPECT_EQ(w.size(), (bits + 6) / 7) << v;
    EXPECT_EQ(*u64(w.out()), v);
  }
  const int64_t ss[] = {0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192,
                        std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(),
                        std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
  for (int64_t v : ss) {
    Writer w;
    w.s64(v);
    EXPECT_EQ(*s64(w.out()), v);
    // Shortest: dropping the last byte's continuation would lose the value.
    size_t bits = 1;  // sign bit included
    while (bits < 64 && (v >> (bits - 1)) != 0 && (v >> (bits - 1)) != -1) ++bits;
    EXPECT_EQ(w.size(), (bits + 6) / 7) << v;
  }
  Writer w;
  w.s32(-64);
  EXPECT_EQ(w.out(), Bytes{0x40});
  Writer w2;
  w2.s32(64);
  EXPECT_EQ(w2.out(), (Bytes{0xC0, 0x00}));
}

TEST(Bytes, FixedAndNames) {
  Bytes b = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  Reader r(b.data(), b.size());
  EXPECT_EQ(*r.fixed_u32(), 0x04030201u);
  EXPECT_EQ(msg(r.fixed_u64()), "unexpected end");
  Reader r2(b.data(), b.size());
  EXPECT_EQ(*r2.fixed_u64(), 0x0807060504030201ull);

  Bytes good = {0x03, 'a', 0xC3, 0xA9};
  Reader n1(good.data(), good.size());
  EXPECT_EQ(*n1.name(), "a\xC3\xA9");
  Bytes overlong = {0x02, 0xC0, 0x80};
  Reader n2(overlong.data(), overlong.size());
  EXPECT_EQ(msg(n2.name()), "malformed UTF-8 encoding");
  Bytes surrogate = {0x03, 0xED, 0xA0, 0x80};
  Reader n3(surrogate.data(), surrogate.size());
  EXPECT_EQ(msg(n3.name()), "malformed UTF-8 encoding");
  Bytes cut = {0x05, 'a'};
  Reader n4(cut.data(), cut.size());
  EXPECT_EQ(msg(n4.name()), "unexpected end");

  Reader s(b.data(), b.size(), 10);
  auto sub = s.sub(3);
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(sub->offset(), 10u);
  EXPECT_EQ(sub->remaining(), 3u);
  EXPECT_EQ(s.offset(), 13u);
  EXPECT_EQ(msg(s.sub(6)), "unexpected end");
}

}  // namespace
}  // namespace skiff
