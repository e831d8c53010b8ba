// The collector: short-lived garbage is reclaimed (peak memory stays bounded),
// reachable objects survive collections, and references on the value stack are
// roots.
#include <sys/resource.h>

#include "interp_test_util.h"
#include "runtime/gc_heap.h"

// GCC says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKIFF_HAS_ASAN 1
#endif
#endif
#ifndef SKIFF_HAS_ASAN
#define SKIFF_HAS_ASAN 0
#endif

namespace skiff::interp::testing {
namespace {

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(InterpGc, TenMillionShortLivedStructsStayBounded) {
  // Every iteration allocates a struct that dies at once; every 100th is linked into
  // a list held by a global (100,000 long-lived objects at the end).
  Wasm w(R"((module
    (type $node (struct (field i32) (field (ref null $node))))
    (global $keep (mut (ref null $node)) (ref.null $node))
    (func (export "run") (param $n i32) (result i32) (local $i i32) (local $tmp (ref null $node))
      (loop $top
        (local.set $tmp (struct.new $node (local.get $i) (ref.null $node)))
        (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 100)))
          (then (global.set $keep
                  (struct.new $node (struct.get $node 0 (local.get $tmp)) (global.get $keep)))))
        (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (i32.const 0))
    (func (export "count") (result i32) (local $p (ref null $node)) (local $c i32)
      (local.set $p (global.get $keep))
      (block $done (loop $l
        (br_if $done (ref.is_null (local.get $p)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (local.set $p (struct.get $node 1 (local.get $p)))
        (br $l)))
      (local.get $c))
    (func (export "sum") (result i64) (local $p (ref null $node)) (local $s i64)
      (local.set $p (global.get $keep))
      (block $done (loop $l
        (br_if $done (ref.is_null (local.get $p)))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (struct.get $node 0 (local.get $p)))))
        (local.set $p (struct.get $node 1 (local.get $p)))
        (br $l)))
      (local.get $s))))");
  ASSERT_TRUE(w.ok()) << w.error();
  long before = peak_rss_kib();
  ASSERT_TRUE(w.call("run", {I32(10'000'000)})) << w.last_trap()->to_string();
  long after = peak_rss_kib();
  EXPECT_EQ(w.i32("count"), 100'000u);
  // 0 + 100 + 200 + ... + 9,999,900
  EXPECT_EQ(w.i64("sum"), uint64_t(100) * (99'999ull * 100'000ull / 2));
  rt::gc::Heap& heap = w.store().heap();
  EXPECT_GT(heap.collections(), 10u);
  EXPECT_LT(heap.live_objects(), 1'000'000u);
  // The heap's own accounting: never more than a few collection thresholds.
  EXPECT_LT(heap.peak_bytes(), size_t(32) << 20) << heap.peak_bytes();
#if defined(__SANITIZE_ADDRESS__) || SKIFF_HAS_ASAN
  // Under ASan freed blocks sit in its quarantine, so RSS says nothing about the
  // collector; the accounting above is the check there.
  (void)before;
  (void)after;
#else
  EXPECT_LT(after - before, 64 * 1024) << "peak RSS grew by " << (after - before) << " KiB";
#endif
}

TEST(InterpGc, OperandsOnTheStackAreRoots) {
  // An array built from many allocations: each element is allocated while the
  // array (and the previous elements) are only referenced from locals / operands.
  Wasm w(R"((module
    (type $box (struct (field i64)))
    (type $arr (array (mut (ref null $box))))
    (func (export "run") (param $n i32) (result i64) (local $a (ref null $arr)) (local $i i32) (local $s i64)
      (local.set $a (array.new_default $arr (local.get $n)))
      (loop $fill
        (array.set $arr (local.get $a) (local.get $i) (struct.new $box (i64.extend_i32_u (local.get $i))))
        ;; garbage between the live boxes
        (drop (array.new_default $arr (i32.const 64)))
        (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (local.set $i (i32.const 0))
      (loop $sum
        (local.set $s (i64.add (local.get $s)
          (struct.get $box 0 (array.get $arr (local.get $a) (local.get $i)))))
        (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (local.get $s))))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.i64("run", {I32(200'000)}), 199'999ull * 200'000ull / 2);
  EXPECT_GT(w.store().heap().collections(), 0u);
}

TEST(InterpGc, HostRootsKeepObjectsAcrossCalls) {
  Wasm w(R"((module
    (type $box (struct (field i32)))
    (func (export "make") (param i32) (result (ref $box)) (struct.new $box (local.get 0)))
    (func (export "read") (param (ref $box)) (result i32) (struct.get $box 0 (local.get 0)))
    (func (export "churn") (param $n i32) (local $i i32)
      (loop $l
        (drop (struct.new $box (local.get $i)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
    (func (export "ext") (param externref) (result externref) (local.get 0))))");
  ASSERT_TRUE(w.ok()) << w.error();
  auto made = w.call("make", {I32(42)});
  ASSERT_TRUE(made);
  rt::gc::Root root(w.store().heap(), (*made)[0].ref);
  size_t before = w.store().heap().collections();
  ASSERT_TRUE(w.call("churn", {I32(1'000'000)}));
  EXPECT_GT(w.store().heap().collections(), before);
  rt::Val arg = (*made)[0];
  EXPECT_EQ(w.i32("read", {arg}), 42u);
  // Host values (externref) round-trip unchanged.
  rt::Ref host = w.store().make_extern(99);
  auto back = w.call("ext", {rt::Val::externref(host)});
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[0].ref, host);
  EXPECT_EQ((*back)[0].ref.as_extern()->value, 99u);
  // Unrooted, the object is reclaimed by the next collection.
  root.reset();
  w.store().heap().collect();
  EXPECT_EQ(w.store().heap().live_objects(), 0u);
}

TEST(InterpGc, TrapsOnNullAndBounds) {
  Wasm w(R"((module
    (type $s (struct (field (mut i32))))
    (type $a (array (mut i16)))
    (func (export "nulls") (result i32) (struct.get $s 0 (ref.null $s)))
    (func (export "nulla") (result i32) (array.len (ref.null $a)))
    (func (export "oob") (result i32) (array.get_s $a (array.new $a (i32.const -1) (i32.const 4)) (i32.const 4)))
    (func (export "get_s") (result i32) (array.get_s $a (array.new $a (i32.const 0xFFFF) (i32.const 4)) (i32.const 3)))
    (func (export "get_u") (result i32) (array.get_u $a (array.new $a (i32.const 0xFFFF) (i32.const 4)) (i32.const 3)))
    (func (export "cast") (result i32) (ref.cast (ref $s) (ref.i31 (i32.const 1))) drop i32.const 0)
    (func (export "i31") (result i32) (i31.get_s (ref.i31 (i32.const 0x7FFFFFFF))))))");
  ASSERT_TRUE(w.ok()) << w.error();
  EXPECT_EQ(w.trap_of("nulls"), "null structure reference");
  EXPECT_EQ(w.trap_of("nulla"), "null array reference");
  EXPECT_EQ(w.trap_of("oob"), "out of bounds array access");
  EXPECT_EQ(w.i32("get_s"), 0xFFFFFFFFu);
  EXPECT_EQ(w.i32("get_u"), 0xFFFFu);
  EXPECT_EQ(w.trap_of("cast"), "cast failure");
  EXPECT_EQ(w.i32("i31"), 0xFFFFFFFFu);
}

}  // namespace
}  // namespace skiff::interp::testing
