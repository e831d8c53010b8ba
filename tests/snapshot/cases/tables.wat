;; Tables hold their entries after init (min = the size after table.grow). The
;; active segment was applied and is dropped; the passive segment init dropped
;; stays dropped; the live passive one still initialises.
;; SNAPSHOT: --init-func init
;; GONE: init
;; INVOKE: call0 0 => 3
;; INVOKE: is_null0 1 => 1
;; INVOKE: call0 3 => 2
;; INVOKE: call1 31 => 1
;; INVOKE: call1 5 => 2
;; INVOKE: is_null1 0 => 1
;; INVOKE: size0 => 4
;; INVOKE: size1 => 32
;; INVOKE: init_p => 3
;; INVOKE: init_q => trap
;; INVOKE: init_active => trap
;; NODE: yes
(module
  (type $t (func (result i32)))
  (table $t0 4 funcref)
  (table $t1 (export "t1") 2 100 funcref)
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func $three (result i32) (i32.const 3))
  (elem $act (table $t0) (i32.const 0) func $one $two)
  (elem $p func $three $one)
  (elem $q func $two)
  (func (export "init")
    (table.set $t0 (i32.const 0) (ref.func $three))
    (table.set $t0 (i32.const 1) (ref.null func))
    (table.set $t0 (i32.const 3) (ref.func $two))
    (drop (table.grow $t1 (ref.func $two) (i32.const 30)))
    (table.set $t1 (i32.const 31) (ref.func $one))
    (elem.drop $q))
  (func (export "call0") (param i32) (result i32) (call_indirect $t0 (type $t) (local.get 0)))
  (func (export "call1") (param i32) (result i32) (call_indirect $t1 (type $t) (local.get 0)))
  (func (export "size0") (result i32) (table.size $t0))
  (func (export "size1") (result i32) (table.size $t1))
  (func (export "is_null0") (param i32) (result i32) (ref.is_null (table.get $t0 (local.get 0))))
  (func (export "is_null1") (param i32) (result i32) (ref.is_null (table.get $t1 (local.get 0))))
  (func (export "init_p") (result i32)
    (table.init $t0 $p (i32.const 2) (i32.const 0) (i32.const 2))
    (call_indirect $t0 (type $t) (i32.const 2)))
  (func (export "init_q") (result i32)
    (table.init $t0 $q (i32.const 2) (i32.const 0) (i32.const 1)) (i32.const 0))
  (func (export "init_active") (result i32)
    (table.init $t0 $act (i32.const 2) (i32.const 0) (i32.const 1)) (i32.const 0))
)
