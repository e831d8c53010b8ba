// Parallel decoding and validation of function bodies (support/parallel.h): the same
// module and the same first error, with any number of threads.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "support/parallel.h"
#include "valid/validator.h"

namespace skiff {
namespace {

using Bytes = std::vector<uint8_t>;

void leb(Bytes& b, uint32_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    b.push_back(byte | (v ? 0x80 : 0));
  } while (v);
}

void section(Bytes& out, uint8_t id, const Bytes& payload) {
  out.push_back(id);
  leb(out, uint32_t(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

// A module of n functions of type [] -> [i32]; body(i) gives each body's
// instruction bytes (without locals, with the final end).
// `tail`, when given, is appended to the code section as one more (broken) entry.
template <class F>
Bytes module_with(uint32_t n, F body, const Bytes& tail = {}) {
  Bytes m = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};
  section(m, 1, {0x01, 0x60, 0x00, 0x01, 0x7F});
  Bytes funcs;
  leb(funcs, n);
  for (uint32_t i = 0; i < n; ++i) funcs.push_back(0x00);
  section(m, 3, funcs);
  Bytes code;
  leb(code, n + (tail.empty() ? 0 : 1));
  for (uint32_t i = 0; i < n; ++i) {
    Bytes b = {0x01, 0x01, 0x7F};  // one run of one i32 local
    Bytes instrs = body(i);
    b.insert(b.end(), instrs.begin(), instrs.end());
    leb(code, uint32_t(b.size()));
    code.insert(code.end(), b.begin(), b.end());
  }
  code.insert(code.end(), tail.begin(), tail.end());
  section(m, 10, code);
  return m;
}

// local.get 0; i32.const i; i32.add; end
Bytes good_body(uint32_t i) {
  Bytes b = {0x20, 0x00, 0x41};
  int32_t v = int32_t(i);
  for (;;) {  // signed LEB128
    uint8_t byte = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
    b.push_back(byte | (done ? 0 : 0x80));
    if (done) break;
  }
  b.push_back(0x6A);
  b.push_back(0x0B);
  return b;
}

TEST(ParallelFor, RunsEveryItemOnce) {
  std::vector<std::atomic<int>> hits(10'000);
  Status s = parallel_for(hits.size(), 4, 7, [&](size_t i) -> Status {
    hits[i].fetch_add(1);
    return {};
  });
  ASSERT_TRUE(s.ok());
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
}

TEST(ParallelFor, ReturnsTheLowestFailureAndSkipsLaterChunks) {
  for (unsigned threads : {1u, 2u, 4u, 8u}) {
    std::atomic<size_t> ran{0};
    Status s = parallel_for(100'000, threads, 16, [&](size_t i) -> Status {
      ran.fetch_add(1);
      if (i == 777 || i == 5000 || i == 90'000) return make_error("bad " + std::to_string(i));
      return {};
    });
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "bad 777") << threads << " threads";
    // Work stops soon after the failure: far fewer than all items ran.
    EXPECT_LT(ran.load(), 50'000u) << threads << " threads";
  }
}

TEST(ParallelFor, EmptyAndSingleItem) {
  EXPECT_TRUE(parallel_for(0, 4, 64, [](size_t) -> Status { return make_error("never"); }).ok());
  Status s = parallel_for(1, 4, 64, [](size_t) -> Status { return make_error("one"); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "one");
}

TEST(ParallelDecode, SameModuleWithAnyThreadCount) {
  Bytes wasm = module_with(3000, good_body);
  auto one = binary::decode(wasm.data(), wasm.size(), 1);
  auto four = binary::decode(wasm.data(), wasm.size(), 4);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(four.ok());
  ASSERT_EQ(one->funcs.size(), 3000u);
  ASSERT_EQ(four->funcs.size(), 3000u);
  for (size_t i = 0; i < 3000; ++i) {
    EXPECT_EQ(one->funcs[i].body.bytes, four->funcs[i].body.bytes);
    EXPECT_EQ(one->funcs[i].body.offset, four->funcs[i].body.offset);
    EXPECT_EQ(one->funcs[i].body.entry_offset, four->funcs[i].body.entry_offset);
    EXPECT_EQ(one->funcs[i].locals.size(), four->funcs[i].locals.size());
  }
  for (unsigned t : {1u, 4u}) {
    valid::ValidateOptions o;
    o.threads = t;
    EXPECT_TRUE(valid::validate(*four, o).ok());
  }
}

TEST(ParallelDecode, FirstMalformedBodyWins) {
  // Bodies 1234 and 2500 hold an illegal opcode (0xFF... is not one; 0x06 `try` is
  // legal, so use 0xD7, unassigned).
  Bytes wasm = module_with(3000, [](uint32_t i) {
    if (i == 1234 || i == 2500) return Bytes{0xD7, 0x0B};
    return good_body(i);
  });
  auto one = binary::decode(wasm.data(), wasm.size(), 1);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().func_index, 1234);
  for (unsigned t : {2u, 4u, 8u}) {
    auto many = binary::decode(wasm.data(), wasm.size(), t);
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error().message, one.error().message);
    EXPECT_EQ(many.error().offset, one.error().offset);
    EXPECT_EQ(many.error().func_index, 1234);
  }
}

TEST(ParallelDecode, BadBodySizeAfterGoodBodiesAndBadBodyBeforeIt) {
  // The last entry's size claims more bytes than there are: reported only when every
  // body before it is well formed; an earlier malformed body is reported instead.
  for (bool earlier_bad : {false, true}) {
    Bytes wasm = module_with(
        500,
        [&](uint32_t i) {
          if (earlier_bad && i == 100) return Bytes{0xD7, 0x0B};
          return good_body(i);
        },
        Bytes{0xE8, 0x07});  // size 1000, and nothing after it
    auto one = binary::decode(wasm.data(), wasm.size(), 1);
    ASSERT_FALSE(one.ok());
    if (earlier_bad)
      EXPECT_EQ(one.error().func_index, 100);
    else
      EXPECT_LT(one.error().func_index, 0) << one.error().message;
    for (unsigned t : {2u, 4u}) {
      auto many = binary::decode(wasm.data(), wasm.size(), t);
      ASSERT_FALSE(many.ok());
      EXPECT_EQ(many.error().message, one.error().message);
      EXPECT_EQ(many.error().offset, one.error().offset);
      EXPECT_EQ(many.error().func_index, one.error().func_index);
    }
  }
}

TEST(ParallelDecode, BodySizeEndingJustPastTheInput) {
  // The last byte of the input is a body size of 1: within what read_len allows
  // (counted from the size's own byte) but ending one byte past the input. The
  // body's reader meets the end of input: an error, never a read past it (UBSan
  // caught a pointer overflow here in the first version of the two-pass decoder).
  Bytes wasm = module_with(200, good_body, Bytes{0x01});
  auto one = binary::decode(wasm.data(), wasm.size(), 1);
  ASSERT_FALSE(one.ok());
  for (unsigned t : {2u, 4u}) {
    auto many = binary::decode(wasm.data(), wasm.size(), t);
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error().message, one.error().message);
    EXPECT_EQ(many.error().offset, one.error().offset);
    EXPECT_EQ(many.error().func_index, one.error().func_index);
  }
}

TEST(ParallelValidate, FirstInvalidBodyWins) {
  // Bodies 700 and 2900 leave an i64 where an i32 is expected.
  Bytes wasm = module_with(3000, [](uint32_t i) {
    if (i == 700 || i == 2900) return Bytes{0x42, 0x01, 0x0B};  // i64.const 1; end
    return good_body(i);
  });
  auto m = binary::decode(wasm.data(), wasm.size(), 1);
  ASSERT_TRUE(m.ok());
  valid::ValidateOptions serial;
  serial.threads = 1;
  Status one = valid::validate(*m, serial);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().func_index, 700);
  for (unsigned t : {2u, 4u, 8u}) {
    valid::ValidateOptions o;
    o.threads = t;
    Status many = valid::validate(*m, o);
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error().message, one.error().message);
    EXPECT_EQ(many.error().offset, one.error().offset);
    EXPECT_EQ(many.error().func_index, 700);
  }
}

}  // namespace
}  // namespace skiff
