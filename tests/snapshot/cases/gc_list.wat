;; GC objects reachable from globals become new immutable globals, children first:
;; a 1000-node list, a tree with a shared subtree (identity kept: ref.eq), an object
;; with a mutable field that was changed during init (and is created once), a
;; struct holding a funcref, an object seen through externref, an immutable global
;; whose object init mutated. The other globals are renumbered after the objects.
;; SNAPSHOT: --init-func init
;; SUMMARY-HAS: GC objects (as globals)
;; GONE: init
;; INVOKE: sum => 500500
;; INVOKE: len => 1000
;; INVOKE: shared => 1
;; INVOKE: tree => 42
;; INVOKE: bump => 11
;; INVOKE: bump2 => 12
;; INVOKE: same_counter => 1
;; INVOKE: call => 77
;; INVOKE: ext => 5
;; INVOKE: plain => 123
;; INVOKE: fresh => 0
;; NODE: no (node 20's V8 speaks the pre-standard GC encoding)
(module
  (type $node (struct (field i32) (field (ref null $node))))
  (type $tree (struct (field (ref null $tree)) (field (ref null $tree)) (field i32)))
  (type $ctr (struct (field (mut i32))))
  (type $fn (func (result i32)))
  (type $box (struct (field (ref $fn)) (field i64)))
  (global $plain (mut i32) (i32.const 0))
  (global $list (mut (ref null $node)) (ref.null $node))
  (global $t (mut (ref null $tree)) (ref.null $tree))
  (global $c0 (ref $ctr) (struct.new $ctr (i32.const 1)))
  (global $c (mut (ref null $ctr)) (ref.null $ctr))
  (global $b (mut (ref null $box)) (ref.null $box))
  (global $e (mut externref) (ref.null extern))
  (global $f (mut (ref null $ctr)) (ref.null $ctr))
  (func $seventy_seven (type $fn) (i32.const 77))
  (elem declare func $seventy_seven)
  (func (export "init")
    (local $i i32) (local $leaf (ref null $tree))
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (global.set $list (struct.new $node (local.get $i) (global.get $list)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.set $leaf (struct.new $tree (ref.null $tree) (ref.null $tree) (i32.const 20)))
    (global.set $t (struct.new $tree (local.get $leaf)
                     (struct.new $tree (local.get $leaf) (ref.null $tree) (i32.const 1))
                     (i32.const 1)))
    (struct.set $ctr 0 (global.get $c0) (i32.const 10))
    (global.set $c (global.get $c0))
    (global.set $b (struct.new $box (ref.func $seventy_seven) (i64.const -3)))
    (global.set $e (extern.convert_any (struct.new $node (i32.const 5) (ref.null $node))))
    (global.set $plain (i32.const 123)))
  (func (export "sum") (result i32)
    (local $n (ref null $node)) (local $s i32)
    (local.set $n (global.get $list))
    (block $done (loop $l
      (br_if $done (ref.is_null (local.get $n)))
      (local.set $s (i32.add (local.get $s) (struct.get $node 0 (local.get $n))))
      (local.set $n (struct.get $node 1 (local.get $n)))
      (br $l)))
    (local.get $s))
  (func (export "len") (result i32)
    (local $n (ref null $node)) (local $s i32)
    (local.set $n (global.get $list))
    (block $done (loop $l
      (br_if $done (ref.is_null (local.get $n)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (local.set $n (struct.get $node 1 (local.get $n)))
      (br $l)))
    (local.get $s))
  (func (export "shared") (result i32)
    (ref.eq (struct.get $tree 0 (global.get $t))
            (struct.get $tree 0 (ref.as_non_null (struct.get $tree 1 (global.get $t))))))
  (func $walk (param $x (ref null $tree)) (result i32)
    (if (result i32) (ref.is_null (local.get $x)) (then (i32.const 0))
      (else (i32.add (struct.get $tree 2 (local.get $x))
              (i32.add (call $walk (struct.get $tree 0 (local.get $x)))
                       (call $walk (struct.get $tree 1 (local.get $x))))))))
  (func (export "tree") (result i32) (call $walk (global.get $t)))
  (func (export "bump") (result i32)
    (struct.set $ctr 0 (global.get $c) (i32.add (struct.get $ctr 0 (global.get $c)) (i32.const 1)))
    (struct.get $ctr 0 (global.get $c0)))
  (func (export "bump2") (result i32)
    (struct.set $ctr 0 (global.get $c0) (i32.add (struct.get $ctr 0 (global.get $c0)) (i32.const 2)))
    (struct.get $ctr 0 (global.get $c)))
  (func (export "same_counter") (result i32) (ref.eq (global.get $c) (global.get $c0)))
  (func (export "call") (result i32) (call_ref $fn (struct.get $box 0 (global.get $b))))
  (func (export "ext") (result i32)
    (struct.get $node 0 (ref.cast (ref $node) (any.convert_extern (global.get $e)))))
  (func (export "plain") (result i32) (global.get $plain))
  (func (export "fresh") (result i32) (ref.is_null (global.get $f)) (i32.eqz))
)
