;; Every defined global gets its value after init as its initialiser, mutable or
;; not; a funcref global becomes ref.func. The start function ran once at
;; instantiation: the snapshot has no start section, so it does not run again.
;; SNAPSHOT: --init-func init
;; GONE: init
;; INVOKE: a => -123456
;; INVOKE: b => 1311768467463790320
;; INVOKE: c => 1.5
;; INVOKE: d => -2.25
;; INVOKE: v => 3
;; INVOKE: k => 7
;; INVOKE: f => 77
;; INVOKE: started => 1
;; INVOKE: sum => 1311768467463666864
;; NODE: yes
(module
  (type $t (func (result i32)))
  (table $tab 1 funcref)
  (global $a (mut i32) (i32.const 1))
  (global $b (mut i64) (i64.const 0))
  (global $c (mut f32) (f32.const 0))
  (global $d (mut f64) (f64.const 0))
  (global $v (mut v128) (v128.const i64x2 0 0))
  (global $k i32 (i32.const 7))
  (global $f (mut funcref) (ref.null func))
  (global $started (mut i32) (i32.const 0))
  (func $start (global.set $started (i32.add (global.get $started) (i32.const 1))))
  (start $start)
  (func $seventy_seven (result i32) (i32.const 77))
  (elem declare func $seventy_seven)
  (func (export "init")
    (global.set $a (i32.const -123456))
    (global.set $b (i64.const 0x123456789abcdef0))
    (global.set $c (f32.const 1.5))
    (global.set $d (f64.const -2.25))
    (global.set $v (v128.const i32x4 1 2 3 4))
    (global.set $f (ref.func $seventy_seven)))
  (func (export "a") (result i32) (global.get $a))
  (func (export "b") (result i64) (global.get $b))
  (func (export "c") (result f32) (global.get $c))
  (func (export "d") (result f64) (global.get $d))
  (func (export "v") (result i32) (i32x4.extract_lane 2 (global.get $v)))
  (func (export "k") (result i32) (global.get $k))
  (func (export "f") (result i32)
    (table.set $tab (i32.const 0) (global.get $f))
    (call_indirect $tab (type $t) (i32.const 0)))
  (func (export "started") (result i32) (global.get $started))
  (func (export "sum") (result i64)
    (i64.add (global.get $b) (i64.extend_i32_s (global.get $a))))
)
