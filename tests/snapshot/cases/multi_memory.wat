;; Two memories: each one's contents after init as data segments of that memory,
;; its min the size after memory.grow; dropped and live passive data segments keep
;; their state.
;; SNAPSHOT: --init-func init
;; GONE: init
;; INVOKE: load0 16 => 72
;; INVOKE: load0 17 => 101
;; INVOKE: load0 1200 => 7
;; INVOKE: load0 1500 => 0
;; INVOKE: load1_64 131072 => 1234605616436508552
;; INVOKE: load1 100 => -559038737
;; INVOKE: size0 => 1
;; INVOKE: size1 => 3
;; INVOKE: init_pass => 69
;; INVOKE: init_gone => trap
;; INVOKE: init_active => trap
;; NODE: no (multi-memory)
(module
  (memory $m0 1)
  (memory $m1 (export "m1") 1 5)
  (data $act (memory $m0) (i32.const 16) "hello")
  (data $pass "PASSIVE")
  (data $gone "dropme")
  (func (export "init")
    (i32.store8 $m0 (i32.const 16) (i32.const 72))
    (drop (memory.grow $m1 (i32.const 2)))
    (i64.store $m1 (i32.const 0x20000) (i64.const 0x1122334455667788))
    (i32.store $m1 (i32.const 100) (i32.const 0xdeadbeef))
    (memory.fill $m0 (i32.const 1000) (i32.const 7) (i32.const 500))
    (data.drop $gone))
  (func (export "load0") (param i32) (result i32) (i32.load8_u $m0 (local.get 0)))
  (func (export "load1_64") (param i32) (result i64) (i64.load $m1 (local.get 0)))
  (func (export "load1") (param i32) (result i32) (i32.load $m1 (local.get 0)))
  (func (export "size0") (result i32) (memory.size $m0))
  (func (export "size1") (result i32) (memory.size $m1))
  (func (export "init_pass") (result i32)
    (memory.init $m0 $pass (i32.const 0) (i32.const 0) (i32.const 7))
    (i32.load8_u $m0 (i32.const 6)))
  (func (export "init_gone") (result i32)
    (memory.init $m0 $gone (i32.const 0) (i32.const 0) (i32.const 1)) (i32.const 0))
  (func (export "init_active") (result i32)
    (memory.init $m0 $act (i32.const 0) (i32.const 0) (i32.const 1)) (i32.const 0))
)
