;; A GC graph (a ring of nodes: a cycle; each node's kids array shares one node and
;; points at neighbours), walked and mutated in a loop that also allocates garbage,
;; calls through a funcref held in a local and rethrows an exnref held in a local.
;; Prints a checksum; checkpointed at many points it must print the same.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (rec
    (type $node (struct (field $val (mut i32)) (field $next (mut (ref null $node)))
                        (field $kids (mut (ref null $arr)))))
    (type $arr (array (mut (ref null $node)))))
  (type $bump (func (param i32) (result i32)))
  (type $ints (array (mut i8)))
  (tag $t (param i32 (ref null $node)))
  (memory (export "memory") 1)
  (global $shared (mut (ref null $node)) (ref.null $node))
  (global $head (ref null $node) (struct.new $node (i32.const 5) (ref.null $node) (ref.null $arr)))
  (global $bytes (mut (ref null $ints)) (ref.null $ints))
  (table $any 4 anyref)
  (table $fns 2 funcref)
  (elem declare func $add3 $mul5)
  (func $add3 (type $bump) (i32.add (local.get 0) (i32.const 3)))
  (func $mul5 (type $bump) (i32.mul (local.get 0) (i32.const 5)))

  ;; Walks k steps from n, adding values; returns where it stopped.
  (func $walk (param $n (ref $node)) (param $k i32) (param $acc i32) (result (ref $node))
    (local $c (ref null $node))
    (local.set $c (local.get $n))
    (loop $l
      (global.set $acc (i32.add (global.get $acc)
        (i32.add (local.get $acc) (struct.get $node $val (local.get $c)))))
      (local.set $c (struct.get $node $next (local.get $c)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $k) (i32.const 0))))
    (ref.as_non_null (local.get $c)))
  (global $acc (mut i32) (i32.const 0))

  (func $print_u32 (param $v i32) (local $p i32)
    (local.set $p (i32.const 100))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $d
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $d (local.get $v)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 101) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (local $i i32) (local $sum i32) (local $first (ref null $node)) (local $cur (ref null $node))
    (local $prev (ref null $node)) (local $a (ref null $arr)) (local $f (ref null $bump))
    (local $e exnref) (local $same i32) (local $x (ref null $node))
    (global.set $shared (struct.new $node (i32.const 1000) (ref.null $node) (ref.null $arr)))
    ;; A ring of 64 nodes.
    (local.set $first (struct.new $node (i32.const 0) (ref.null $node) (ref.null $arr)))
    (local.set $prev (local.get $first))
    (local.set $i (i32.const 1))
    (loop $mk
      (local.set $cur (struct.new $node (local.get $i) (ref.null $node) (ref.null $arr)))
      (struct.set $node $next (local.get $prev) (local.get $cur))
      (local.set $prev (local.get $cur))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $mk (i32.lt_u (local.get $i) (i32.const 64))))
    (struct.set $node $next (local.get $prev) (local.get $first))
    ;; Kids: [shared, next, self].
    (local.set $cur (local.get $first))
    (loop $kids
      (local.set $a (array.new_default $arr (i32.const 3)))
      (array.set $arr (local.get $a) (i32.const 0) (global.get $shared))
      (array.set $arr (local.get $a) (i32.const 1) (struct.get $node $next (local.get $cur)))
      (array.set $arr (local.get $a) (i32.const 2) (local.get $cur))
      (struct.set $node $kids (local.get $cur) (local.get $a))
      (local.set $cur (struct.get $node $next (local.get $cur)))
      (br_if $kids (i32.eqz (ref.eq (local.get $cur) (local.get $first)))))
    (table.set $any (i32.const 0) (local.get $first))
    (table.set $any (i32.const 1) (ref.i31 (i32.const -12345)))
    (table.set $any (i32.const 2) (global.get $shared))
    (table.set $fns (i32.const 0) (ref.func $add3))
    (table.set $fns (i32.const 1) (ref.func $mul5))
    (global.set $bytes (array.new $ints (i32.const 7) (i32.const 10)))
    (local.set $f (ref.func $add3))
    ;; An exception caught by reference, kept in a local.
    (local.set $e (block $h (result exnref)
      (try_table (catch_all_ref $h)
        (throw $t (i32.const 11) (global.get $shared)))
      (unreachable)))
    (local.set $i (i32.const 0))
    (local.set $cur (local.get $first))
    (loop $main
      ;; Identity: kids[0] is the shared node, kids[2] the node itself, kids[1] its next.
      (local.set $a (struct.get $node $kids (local.get $cur)))
      (local.set $same (i32.add
        (ref.eq (array.get $arr (local.get $a) (i32.const 0)) (global.get $shared))
        (i32.add (ref.eq (array.get $arr (local.get $a) (i32.const 2)) (local.get $cur))
          (ref.eq (array.get $arr (local.get $a) (i32.const 1)) (struct.get $node $next (local.get $cur))))))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31))
        (i32.add (struct.get $node $val (local.get $cur)) (i32.mul (local.get $same) (i32.const 7)))))
      ;; The table's i31, the shared node through the anyref table.
      (local.set $sum (i32.add (local.get $sum)
        (i31.get_s (ref.cast (ref i31) (table.get $any (i32.const 1))))))
      (local.set $sum (i32.xor (local.get $sum)
        (ref.eq (ref.cast (ref null eq) (table.get $any (i32.const 2))) (global.get $shared))))
      ;; Mutate, allocate garbage (and sometimes splice a fresh node into the ring).
      (struct.set $node $val (local.get $cur)
        (i32.add (struct.get $node $val (local.get $cur)) (i32.and (local.get $i) (i32.const 7))))
      (local.set $x (struct.new $node (local.get $i) (ref.null $node) (ref.null $arr)))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 1023)))
        (then
          (struct.set $node $next (local.get $x) (struct.get $node $next (local.get $cur)))
          (struct.set $node $kids (local.get $x) (struct.get $node $kids (local.get $cur)))
          (struct.set $node $next (local.get $cur) (local.get $x))))
      ;; Through the funcref local and the funcref table.
      (local.set $sum (call_ref $bump (local.get $sum) (local.get $f)))
      (local.set $sum (call_indirect $fns (type $bump) (local.get $sum)
        (i32.and (local.get $i) (i32.const 1))))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 4095)))
        (then (local.set $f (if (result (ref null $bump)) (i32.and (i32.shr_u (local.get $i) (i32.const 12)) (i32.const 1))
            (then (ref.func $mul5)) (else (ref.func $add3))))))
      ;; Rethrow the saved exception now and then: payload and identity of its node.
      (if (i32.eqz (i32.and (local.get $i) (i32.const 255)))
        (then
          (block $c (result i32 (ref null $node))
            (try_table (catch $t $c) (throw_ref (local.get $e)))
            (unreachable))
          (local.set $x)
          (local.set $same)
          (local.set $sum (i32.add (i32.add (local.get $sum) (local.get $same))
            (ref.eq (local.get $x) (global.get $shared))))))
      ;; A call that walks a few steps (its frame holds a ref param and local).
      (local.set $cur (call $walk (ref.as_non_null (local.get $cur))
        (i32.add (i32.const 1) (i32.and (local.get $i) (i32.const 3))) (local.get $i)))
      (local.set $sum (i32.add (local.get $sum)
        (array.get_u $ints (global.get $bytes) (i32.and (local.get $i) (i32.const 7)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $main (i32.lt_u (local.get $i) (i32.const 300000))))
    (call $print_u32 (local.get $sum))
    (call $print_u32 (global.get $acc))
    (call $print_u32 (struct.get $node $val (global.get $head))))
)
