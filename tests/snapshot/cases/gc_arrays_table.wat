;; GC arrays and objects in tables: array.new_fixed for differing elements (10,000
;; of them, the most engines accept), array.new for equal ones, array.new_default
;; for zeros; packed i8/i16, f64 and v128 elements; table entries sharing an object
;; with each other and with a global (ref.eq); a typed table; an array of anyref.
;; SNAPSHOT: --init-func init
;; SUMMARY-HAS: 7 GC objects (as globals)
;; INVOKE: bytes => 2114736984
;; INVOKE: zeros => 20000
;; INVOKE: sevens => 140000
;; INVOKE: same => 1
;; INVOKE: fixed => 6
;; INVOKE: f64 => 2.5
;; INVOKE: v128 => 9
;; INVOKE: typed => 3
;; INVOKE: anys => 4
;; NODE: no (node 20's V8 speaks the pre-standard GC encoding)
(module
  (type $b (array (mut i8)))
  (type $h (array (mut i16)))
  (type $w (array i32))
  (type $d (array f64))
  (type $v (struct (field v128)))
  (type $any (array anyref))
  (table $t 8 anyref)
  (table $typed 2 (ref null $w))
  (global $g (mut (ref null $any)) (ref.null $any))
  (func (export "init")
    (local $a (ref $b)) (local $i i32)
    (local.set $a (array.new_default $b (i32.const 10000)))
    (loop $l
      (array.set $b (local.get $a) (local.get $i) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10000))))
    (table.set $t (i32.const 0) (local.get $a))
    (table.set $t (i32.const 1) (array.new_default $h (i32.const 20000)))
    (table.set $t (i32.const 2) (array.new $h (i32.const 7) (i32.const 20000)))
    (table.set $t (i32.const 3) (array.new_fixed $w 3 (i32.const 1) (i32.const 2) (i32.const 3)))
    (table.set $t (i32.const 4) (table.get $t (i32.const 3)))
    (table.set $t (i32.const 5) (array.new_fixed $d 2 (f64.const 1.25) (f64.const 1.25)))
    (table.set $t (i32.const 6) (struct.new $v (v128.const i32x4 1 2 9 4)))
    (table.set $t (i32.const 7) (ref.i31 (i32.const 4)))
    (table.set $typed (i32.const 1) (ref.cast (ref $w) (table.get $t (i32.const 3))))
    (global.set $g (array.new_fixed $any 2 (table.get $t (i32.const 3)) (table.get $t (i32.const 7)))))
  (func (export "bytes") (result i32)
    (local $a (ref $b)) (local $i i32) (local $s i32)
    (local.set $a (ref.cast (ref $b) (table.get $t (i32.const 0))))
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (array.get_u $b (local.get $a) (local.get $i)) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10000))))
    (local.get $s))
  (func (export "zeros") (result i32)
    (array.len (ref.cast (ref $h) (table.get $t (i32.const 1)))))
  (func (export "sevens") (result i32)
    (local $a (ref $h)) (local $i i32) (local $s i32)
    (local.set $a (ref.cast (ref $h) (table.get $t (i32.const 2))))
    (loop $l
      (local.set $s (i32.add (local.get $s) (array.get_u $h (local.get $a) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000))))
    (local.get $s))
  (func (export "same") (result i32)
    (i32.and (ref.eq (ref.cast eqref (table.get $t (i32.const 3))) (ref.cast eqref (table.get $t (i32.const 4))))
             (ref.eq (ref.cast eqref (table.get $t (i32.const 3)))
                     (ref.cast eqref (array.get $any (global.get $g) (i32.const 0))))))
  (func (export "fixed") (result i32)
    (local $a (ref $w))
    (local.set $a (ref.cast (ref $w) (table.get $t (i32.const 4))))
    (i32.add (array.get $w (local.get $a) (i32.const 0))
      (i32.add (array.get $w (local.get $a) (i32.const 1)) (array.get $w (local.get $a) (i32.const 2)))))
  (func (export "f64") (result f64)
    (local $a (ref $d))
    (local.set $a (ref.cast (ref $d) (table.get $t (i32.const 5))))
    (f64.add (array.get $d (local.get $a) (i32.const 0)) (array.get $d (local.get $a) (i32.const 1))))
  (func (export "v128") (result i32)
    (i32x4.extract_lane 2 (struct.get $v 0 (ref.cast (ref $v) (table.get $t (i32.const 6))))))
  (func (export "typed") (result i32)
    (array.len (ref.as_non_null (table.get $typed (i32.const 1)))))
  (func (export "anys") (result i32)
    (i31.get_u (ref.cast i31ref (array.get $any (global.get $g) (i32.const 1)))))
)
