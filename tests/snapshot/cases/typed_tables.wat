;; A table of a non-nullable type keeps its initialiser and has every entry
;; written; a 64-bit table gets i64 offsets in its element segments.
;; SNAPSHOT: --init-func init
;; GONE: init
;; INVOKE: call 0 => 1
;; INVOKE: call 1 => 2
;; INVOKE: call 4 => 1
;; INVOKE: size => 5
;; INVOKE: call64 0 => trap
;; INVOKE: call64 2 => 2
;; INVOKE: size64 => 3
;; NODE: no (typed function references, table64)
(module
  (type $ft (func (result i32)))
  (func $a (type $ft) (i32.const 1))
  (func $b (type $ft) (i32.const 2))
  (elem declare func $a $b)
  (table $t 3 (ref $ft) (ref.func $a))
  (table $t64 i64 1 funcref)
  (func (export "init")
    (table.set $t (i32.const 1) (ref.func $b))
    (drop (table.grow $t (ref.func $a) (i32.const 2)))
    (drop (table.grow $t64 (ref.func $b) (i64.const 2))))
  (func (export "call") (param i32) (result i32) (call_ref $ft (table.get $t (local.get 0))))
  (func (export "size") (result i32) (table.size $t))
  (func (export "call64") (param i64) (result i32) (call_indirect $t64 (type $ft) (local.get 0)))
  (func (export "size64") (result i64) (table.size $t64))
)
