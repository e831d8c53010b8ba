// Super-instructions (iops.def): each fused form computes what its parts compute,
// on guard-page memories (where the fused loads/stores apply) and with explicit
// bounds checks (where they do not), including 32-bit wrap-around of the address
// arithmetic and traps past the end of memory.
#include "interp_test_util.h"

namespace skiff::interp::testing {
namespace {

const char* kModule = R"((module
  (memory 1 1)
  ;; load/store, address a + b (wraps at 32 bits before the offset is added)
  (func (export "load_add") (param $a i32) (param $b i32) (result i32)
    (i32.load offset=4 (i32.add (local.get $a) (local.get $b))))
  (func (export "store_add") (param $a i32) (param $b i32) (param $v i32)
    (i32.store offset=4 (i32.add (local.get $a) (local.get $b)) (local.get $v)))
  ;; address a + imm
  (func (export "load8_addi") (param $a i32) (result i32)
    (i32.load8_u offset=1 (i32.add (local.get $a) (i32.const 100))))
  (func (export "store64_addi") (param $a i32) (param $v i64)
    (i64.store (i32.add (local.get $a) (i32.const 8)) (local.get $v)))
  (func (export "load64_addi") (param $a i32) (result i64)
    (i64.load (i32.add (local.get $a) (i32.const 8))))
  ;; scaled: base + (i << 2), base in a local or an immediate; both operand orders
  (func (export "load_scaled") (param $base i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "load_scaled_rev") (param $base i32) (param $i i32) (result i32)
    (i32.load (i32.add (i32.shl (local.get $i) (i32.const 2)) (local.get $base))))
  (func (export "load_scaled_imm") (param $i i32) (result i32)
    (i32.load offset=0 (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 64))))
  (func (export "store_scaled") (param $base i32) (param $i i32) (param $v i32)
    (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))) (local.get $v)))
  (func (export "store_scaled_imm") (param $i i32) (param $v i32)
    (i32.store offset=4 (i32.add (i32.shl (local.get $i) (i32.const 3)) (i32.const 256)) (local.get $v)))
  ;; the shift's result is also kept in a local: it must still be written
  (func (export "scaled_tee") (param $i i32) (result i32)
    (local $t i32)
    (drop (i32.load (i32.add (i32.const 0) (local.tee $t (i32.shl (local.get $i) (i32.const 2))))))
    (local.get $t))
  ;; two adds with immediates in a row, the second reading the first
  (func (export "add_pair") (param $a i32) (result i32)
    (local $b i32)
    (local.set $a (i32.add (local.get $a) (i32.const 5)))
    (local.set $b (i32.add (local.get $a) (i32.const -7)))
    (i32.mul (local.get $a) (local.get $b)))
  ;; an add pair whose second add is a load's address (the pair is split)
  (func (export "add_pair_load") (param $a i32) (result i32)
    (local $b i32)
    (local.set $b (i32.add (local.get $a) (i32.const 1)))
    (i32.add (local.get $b) (i32.load (i32.add (local.get $a) (i32.const 4)))))
  ;; loop-carried values: copies and adds around the back edge
  (func (export "sum_loop") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $t i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $t (local.get $s))
        (local.set $s (i32.add (local.get $t) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  ;; an i64 counter bumped right before the jump back
  (func (export "count64") (param $n i64) (result i64)
    (local $i i64) (local $s i64)
    (block $done
      (loop $l
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i64.add (local.get $s) (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 0x100000001)))
        (br $l)))
    (local.get $s))
  ;; x ^ (x >> k), x ^ (x << k), both operand orders, i32 and i64
  (func (export "xs32") (param $x i32) (result i32)
    (i32.add (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 13)))
             (i32.xor (i32.shl (local.get $x) (i32.const 35)) (local.get $x))))
  (func (export "xs64") (param $x i64) (result i64)
    (i64.add (i64.xor (i64.shr_u (local.get $x) (i64.const 33)) (local.get $x))
             (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17)))))
  ;; not the same x: no fusion, still correct
  (func (export "xs_other") (param $x i64) (param $y i64) (result i64)
    (i64.xor (local.get $y) (i64.shr_u (local.get $x) (i64.const 3)))))
)";

void run_all(bool guard_pages) {
  InterpConfig cfg;
  cfg.guard_pages = guard_pages;
  Wasm w(kModule, cfg);
  ASSERT_TRUE(w.ok()) << w.error();
  // a + b wraps: 0xFFFFFFF0 + 0x20 = 0x10, + offset 4 = 0x14.
  w.call("store_add", {I32(0xFFFFFFF0u), I32(0x20), I32(0x11223344)});
  EXPECT_EQ(w.i32("load_add", {I32(0x10), I32(0)}), 0x11223344u);
  EXPECT_EQ(w.i32("load_add", {I32(0x8), I32(0x8)}), 0x11223344u);
  // Past the end of memory: a trap, not a wrap.
  EXPECT_EQ(w.trap_of("load_add", {I32(65530), I32(0)}), "out of bounds memory access");
  EXPECT_EQ(w.trap_of("store_add", {I32(0xFFFFFFFFu), I32(0), I32(1)}), "out of bounds memory access");
  // a + imm
  w.call("store64_addi", {I32(100), I64(0x0102030405060708ull)});
  EXPECT_EQ(w.i64("load64_addi", {I32(100)}), 0x0102030405060708ull);
  EXPECT_EQ(w.i32("load8_addi", {I32(7)}), 0x08u);  // byte 108 = low byte of the i64 at 108
  EXPECT_EQ(w.i32("load8_addi", {I32(0xFFFFFFFFu)}), 0x00u);  // -1 + 100 + 1 = 100
  EXPECT_EQ(w.trap_of("load64_addi", {I32(65530)}), "out of bounds memory access");
  // scaled
  w.call("store_scaled", {I32(1000), I32(5), I32(77)});
  EXPECT_EQ(w.i32("load_scaled", {I32(1000), I32(5)}), 77u);
  EXPECT_EQ(w.i32("load_scaled_rev", {I32(1000), I32(5)}), 77u);
  EXPECT_EQ(w.i32("load_scaled", {I32(1020), I32(0)}), 77u);
  // (i << 2) wraps: i = 0x40000000 + 1 -> 4, + 1016 = 1020.
  EXPECT_EQ(w.i32("load_scaled", {I32(1016), I32(0x40000001u)}), 77u);
  w.call("store_scaled_imm", {I32(3), I32(99)});  // (3 << 3) + 256 + 4 = 284
  EXPECT_EQ(w.i32("load_add", {I32(280), I32(0)}), 99u);
  w.call("store_add", {I32(60), I32(0), I32(1234)});  // at 64
  EXPECT_EQ(w.i32("load_scaled_imm", {I32(0)}), 1234u);
  EXPECT_EQ(w.trap_of("load_scaled", {I32(0), I32(20000)}), "out of bounds memory access");
  EXPECT_EQ(w.i32("scaled_tee", {I32(9)}), 36u);
  // pairs
  EXPECT_EQ(w.i32("add_pair", {I32(10)}), 15u * 8u);
  w.call("store_add", {I32(0), I32(0), I32(500)});  // at 4
  EXPECT_EQ(w.i32("add_pair_load", {I32(0)}), 501u);
  EXPECT_EQ(w.i32("sum_loop", {I32(100)}), 4950u);
  // i = 0, 0x100000001, 0x200000002 (< 0x250000000): s = 0x300000003.
  EXPECT_EQ(w.i64("count64", {I64(0x250000000ull)}), 0x300000003ull);
  // xor-shift
  uint32_t x = 0x9E3779B9u;
  EXPECT_EQ(w.i32("xs32", {I32(x)}), (x ^ (x >> 13)) + ((x << 3) ^ x));
  uint64_t y = 0xBF58476D1CE4E5B9ull;
  EXPECT_EQ(w.i64("xs64", {I64(y)}), ((y >> 33) ^ y) + (y ^ (y << 17)));
  EXPECT_EQ(w.i64("xs_other", {I64(y), I64(5)}), 5 ^ (y >> 3));
}

TEST(InterpFusion, GuardPageMemory) { run_all(true); }

// The forms above really are fused on a guard-page memory 0.
TEST(InterpFusion, TheFusedFormsAreEmitted) {
  auto m = text::parse_wat(kModule);
  ASSERT_TRUE(m.ok());
  auto cm = rt::CompiledModule::compile(std::move(*m));
  ASSERT_TRUE(cm.ok());
  std::string all;
  for (uint32_t i = 0; i < (*cm)->module.num_funcs(); ++i) {
    auto d = disassemble_internal(**cm, i, true);
    ASSERT_TRUE(d.ok());
    all += *d;
  }
  for (const char* form : {"I32Load_ua", "I32Store_ua", "I32Load8U_ui", "I64Store_ui", "I32Load_us",
                           "I32Load_ut", "I32Store_us", "I32Store_ut", "i32_add_i2", "i32_add_i+br", "i64_add_i+br",
                           "i32_xor_shr_u_i", "i32_xor_shl_i", "i64_xor_shr_u_i", "i64_xor_shl_i"})
    EXPECT_NE(all.find(form), std::string::npos) << form << " not emitted:\n" << all;
}
TEST(InterpFusion, ExplicitBoundsChecks) { run_all(false); }

}  // namespace
}  // namespace skiff::interp::testing
