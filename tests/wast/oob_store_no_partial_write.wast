;; A store that does not fit traps and writes no byte, also when it straddles the end of
;; a guard-page memory (fuzz_tiers: v128.store under ASan wrote 15 bytes, then faulted).
(module
  (memory 1)
  (func (export "st128") (v128.store offset=65521 (i32.const 0) (v128.const i64x2 -1 -1)))
  (func (export "st64") (i64.store offset=65529 (i32.const 0) (i64.const -1)))
  (func (export "st32") (i32.store offset=65533 (i32.const 0) (i32.const -1)))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0))))
(assert_trap (invoke "st128") "out of bounds memory access")
(assert_return (invoke "byte" (i32.const 65521)) (i32.const 0))
(assert_return (invoke "byte" (i32.const 65535)) (i32.const 0))
(assert_trap (invoke "st64") "out of bounds memory access")
(assert_return (invoke "byte" (i32.const 65529)) (i32.const 0))
(assert_trap (invoke "st32") "out of bounds memory access")
(assert_return (invoke "byte" (i32.const 65533)) (i32.const 0))
