// Inputs the fuzzers found problems with, kept as tests.
#include <cstring>

#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

// fuzz_exec (ASan memcpy-param-overlap): a v128 result in the slot right after an
// i32 parameter moves 8 bytes down onto itself on return.
TEST(InterpRegressions, V128ResultOverlapsItsReturnSlot) {
  Wasm w(R"((module (memory 1 1)
    (func (export "load") (param $a i32) (result v128) (v128.load (local.get $a)))
    (func (export "store") (param $a i32) (param $v v128) (v128.store (local.get $a) (local.get $v)))))");
  ASSERT_TRUE(w.ok()) << w.error();
  sem::V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = uint8_t(i * 7 + 1);
  ASSERT_TRUE(w.call("store", {I32(32), rt::Val::make_v128(v)}));
  auto r = w.call("load", {I32(32)});
  ASSERT_TRUE(r);
  EXPECT_EQ(std::memcmp((*r)[0].v128, v.bytes, 16), 0);
}

}  // namespace
}  // namespace skiff::interp::testing
