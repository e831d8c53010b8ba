;; Tier 1: references held only by compiled code (locals, operands, callers' frames,
;; pointers into arrays) survive collections. Every loop allocates garbage (about
;; 100 MiB in all, the collector runs at 4 MiB) so that many collections happen
;; while the live structures are reachable only from compiled frames; a missed root
;; would be freed, reused (zeroed) and show up as a wrong sum or a null trap.
(module
  (type $node (struct (field $v i32) (field $next (ref null $node))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut (ref null $node))))
  (type $box (struct (field (mut anyref))))

  (func $garbage (param $n i32)
    (drop (array.new_default $bytes (local.get $n))))

  ;; A list built in a loop: the head lives in a local only.
  (func $build (param $n i32) (result (ref null $node))
    (local $head (ref null $node)) (local $i i32)
    (loop $l
      (call $garbage (i32.const 400))
      (local.set $head (struct.new $node (local.get $i) (local.get $head)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $head))

  ;; (Gives up after 10^6 nodes: a freed node reused in the list could make a cycle.)
  (func $sum (param $p (ref null $node)) (result i32) (local $s i32) (local $k i32)
    (block $done
      (loop $l
        (br_if $done (ref.is_null (local.get $p)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (if (i32.gt_u (local.get $k) (i32.const 1000000)) (then (return (i32.const -1))))
        (local.set $s (i32.add (local.get $s) (struct.get $node $v (local.get $p))))
        (local.set $p (struct.get $node $next (local.get $p)))
        (br $l)))
    (local.get $s))

  (func (export "list") (param $n i32) (result i32)
    (call $sum (call $build (local.get $n))))

  ;; Two lists alive at once, the first one held by this frame across the second
  ;; build (in a callee-saved register or a spill slot).
  (func (export "two_lists") (param $n i32) (result i32)
    (local $a (ref null $node))
    (local.set $a (call $build (local.get $n)))
    (i32.sub (call $sum (call $build (local.get $n))) (call $sum (local.get $a))))

  ;; An array filled while allocating: the array lives in a local, its elements
  ;; only in the array; the loop may keep a pointer into the array's payload.
  (func (export "array") (param $n i32) (result i32)
    (local $a (ref null $refs)) (local $i i32) (local $s i32)
    (local.set $a (array.new_default $refs (local.get $n)))
    (loop $l
      (array.set $refs (local.get $a) (local.get $i)
        (struct.new $node (i32.mul (local.get $i) (i32.const 3)) (ref.null $node)))
      (call $garbage (i32.const 300))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.const 0))
    (loop $l
      (local.set $s (i32.add (local.get $s)
        (struct.get $node $v (array.get $refs (local.get $a) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))

  ;; Operands on the wasm stack across allocations: struct.new's first operand is
  ;; computed before the allocations of the second.
  (func $pair (param $x i32) (result (ref $node))
    (struct.new $node (local.get $x)
      (struct.new $node (i32.add (local.get $x) (i32.const 1))
        (block (result (ref null $node)) (call $garbage (i32.const 1000)) (ref.null $node)))))
  (func (export "operands") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $sum (call $pair (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))

  ;; anyref boxes, i31 and casts mixed in.
  (func (export "boxes") (param $n i32) (result i32)
    (local $b (ref null $box)) (local $i i32) (local $s i32) (local $x anyref)
    (local.set $b (struct.new $box (ref.i31 (i32.const 5))))
    (loop $l
      (local.set $x (struct.get $box 0 (local.get $b)))
      (local.set $b (struct.new $box (struct.new $box (local.get $x))))
      (call $garbage (i32.const 500))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    ;; unwrap: every level is a $box around a $box ... down to the i31
    (local.set $x (local.get $b))
    (block $done
      (loop $l
        (br_if $done (ref.test (ref i31) (local.get $x)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (local.set $x (struct.get $box 0 (ref.cast (ref $box) (local.get $x))))
        (br $l)))
    (i32.add (local.get $s) (i31.get_u (ref.cast (ref i31) (local.get $x)))))
)
(assert_return (invoke "list" (i32.const 200000)) (i32.const 2820030816))
(assert_return (invoke "two_lists" (i32.const 100000)) (i32.const 0))
(assert_return (invoke "array" (i32.const 200000)) (i32.const 4165125152))
(assert_return (invoke "operands" (i32.const 50000)) (i32.const 2500000000))
(assert_return (invoke "boxes" (i32.const 100000)) (i32.const 100006))
