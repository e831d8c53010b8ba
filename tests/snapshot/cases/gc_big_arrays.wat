;; Mutable arrays of more than 10,000 differing elements (past array.new_fixed's
;; limit in engines) are made by array.new in their global and filled by a new
;; start function: array.init_data from a passive data segment (i8, i64) or
;; array.init_elem from a passive element segment (i31refs; non-nullable struct
;; references, one object global each).
;; SNAPSHOT: --init-func init
;; SUMMARY-HAS: 10504 GC objects (as globals)
;; INVOKE: bytes => 25321
;; INVOKE: longs => 71994000
;; INVOKE: i31s => 71994000
;; INVOKE: nodes => 55119750
;; INVOKE: shared => 1
;; INVOKE: len => 20000
;; NODE: no (node 20's V8 speaks the pre-standard GC encoding)
(module
  (type $b (array (mut i8)))
  (type $l (array (mut i64)))
  (type $r (array (mut i31ref)))
  (type $n (struct (field i32)))
  (type $ns (array (mut (ref $n))))
  (global $b (mut (ref null $b)) (ref.null $b))
  (global $l (mut (ref null $l)) (ref.null $l))
  (global $r (mut (ref null $r)) (ref.null $r))
  (global $ns (mut (ref null $ns)) (ref.null $ns))
  (global $first (mut (ref null $n)) (ref.null $n))
  (func (export "init")
    (local $i i32)
    (global.set $b (array.new_default $b (i32.const 20000)))
    (global.set $l (array.new_default $l (i32.const 12000)))
    (global.set $r (array.new $r (ref.i31 (i32.const 0)) (i32.const 12000)))
    (global.set $first (struct.new $n (i32.const 0)))
    (global.set $ns (array.new $ns (ref.as_non_null (global.get $first)) (i32.const 10500)))
    (loop $fill
      (array.set $b (global.get $b) (local.get $i) (i32.mul (local.get $i) (i32.const 7)))
      (if (i32.lt_u (local.get $i) (i32.const 12000)) (then
        (array.set $l (global.get $l) (local.get $i) (i64.extend_i32_u (local.get $i)))
        (array.set $r (global.get $r) (local.get $i) (ref.i31 (local.get $i)))))
      (if (i32.and (i32.gt_u (local.get $i) (i32.const 0)) (i32.lt_u (local.get $i) (i32.const 10500))) (then
        (array.set $ns (global.get $ns) (local.get $i) (struct.new $n (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 20000)))))
  ;; every 100th byte, plus the last
  (func (export "bytes") (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (array.get_u $b (global.get $b) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 100)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000))))
    (i32.add (local.get $s) (array.get_u $b (global.get $b) (i32.const 19999))))
  (func (export "longs") (result i64)
    (local $i i32) (local $s i64)
    (loop $l
      (local.set $s (i64.add (local.get $s) (array.get $l (global.get $l) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 12000))))
    (local.get $s))
  (func (export "i31s") (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i31.get_u (array.get $r (global.get $r) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 12000))))
    (local.get $s))
  (func (export "nodes") (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (struct.get $n 0 (array.get $ns (global.get $ns) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10500))))
    (local.get $s))
  (func (export "shared") (result i32)
    (ref.eq (array.get $ns (global.get $ns) (i32.const 0)) (global.get $first)))
  (func (export "len") (result i32) (array.len (global.get $b)))
)
