;; References on the OPERAND stack at safepoints (checkpoint stack maps): GC structs,
;; arrays, i31s, funcrefs and exnrefs left below calls (the callee runs loops, so the
;; caller waits there when a checkpoint stops), a struct carried as a loop parameter
;; across loop headers, and a legacy catch whose caught exception (a hidden slot)
;; must survive to a later rethrow. The callees allocate garbage so collections run
;; while the references wait. Prints checksums.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (type $node (struct (field $next (ref null $node)) (field $val (mut i32))))
  (type $arr (array (mut i32)))
  (type $op (func (param i32) (result i32)))
  (tag $t (param i32 (ref null $node)))
  (memory (export "memory") 1)
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

  (func $inc (type $op) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $op) (i32.shl (local.get 0) (i32.const 1)))
  (elem declare func $inc $dbl)

  ;; A callee with loop headers (safepoints) and garbage; a struct on its own
  ;; operand stack below an inner call too.
  (func $work (param $x i32) (param $k i32) (result i32) (local $i i32)
    (drop (array.new $arr (local.get $x) (i32.const 300)))
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $k))))
    (local.get $x))
  (func $work2 (param $x i32) (result i32)
    ;; struct below a call, read after it
    (struct.get $node $val
      (struct.new $node (struct.new $node (ref.null $node) (local.get $x))
                        (call $work (local.get $x) (i32.const 20))))
    (i32.add (struct.get $node $val (struct.new $node (ref.null $node) (i32.const 3)))))

  (func $combine (param $a i32) (param $n (ref null $node)) (param $b i32) (result i32)
    (i32.add (i32.add (i32.mul (local.get $a) (i32.const 5))
                      (i32.mul (struct.get $node $val (local.get $n)) (i32.const 3)))
             (local.get $b)))
  (func $use_f (param $f funcref) (param $v i32) (result i32)
    (call_ref $op (local.get $v) (ref.cast (ref $op) (local.get $f))))
  (func $use_i31 (param $r i31ref) (param $v i32) (result i32)
    (i32.add (i31.get_s (local.get $r)) (local.get $v)))

  ;; A list built with the newest node carried across the loop header as a loop
  ;; parameter, and below a call in the body.
  (func $chain (param $n i32) (result (ref $node)) (local $i i32)
    (struct.new $node (ref.null $node) (i32.const 1))
    (loop $l (param (ref $node)) (result (ref $node))
      (call $work2 (i32.add (local.get $i) (local.get $n)))
      (struct.new $node)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))

  (func $sum (param $p (ref null $node)) (result i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (ref.is_null (local.get $p)))
        (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 7))
                               (struct.get $node $val (local.get $p))))
        (local.set $p (struct.get $node $next (local.get $p)))
        (br $l)))
    (local.get $s))

  ;; Many kinds of references below calls.
  (func $mixed (param $i i32) (result i32) (local $n (ref null $node))
    (local.set $n (call $chain (i32.add (i32.const 3) (i32.and (local.get $i) (i32.const 7)))))
    (i32.add
      (i32.add
        ;; an array below a call
        (array.get $arr (array.new_fixed $arr 4 (i32.const 5) (i32.const 6) (i32.const 7) (local.get $i))
                        (i32.and (call $work (local.get $i) (i32.const 10)) (i32.const 3)))
        ;; a funcref and an i31 below calls
        (call $use_f (select (result funcref) (ref.func $inc) (ref.func $dbl) (i32.and (local.get $i) (i32.const 1)))
                     (call $work (local.get $i) (i32.const 15))))
      (i32.add
        (call $use_i31 (ref.i31 (i32.sub (i32.const 0) (local.get $i))) (call $work2 (local.get $i)))
        ;; a list below a call, and identity kept (ref.eq with the local)
        (i32.add
          (call $sum (struct.get $node $next (ref.as_non_null (local.get $n))))
          (ref.eq (local.get $n)
                  (struct.get $node $next (struct.new $node (local.get $n) (call $work2 (local.get $i)))))))))

  ;; An exnref below calls, then rethrown and caught again.
  (func $exn (param $i i32) (result i32) (local $v i32)
    (block $h (result i32 (ref null $node) exnref)
      (try_table (catch_ref $t $h)
        (throw $t (local.get $i) (struct.new $node (ref.null $node) (i32.mul (local.get $i) (i32.const 3)))))
      (unreachable))
    ;; [i32, node, exnref]
    (local.set $v (call $work2 (local.get $i)))
    (block $h2 (param exnref) (result i32 (ref null $node))
      (try_table (param exnref) (catch $t $h2) (throw_ref))
      (unreachable))
    ;; [i32, node, i32, node]
    (struct.get $node $val)
    (i32.add)
    (call $combine)
    (i32.add (local.get $v)))

  ;; A legacy catch: its exception waits in a hidden slot across calls and loops,
  ;; then is rethrown.
  (func $legacy (param $i i32) (result i32)
    (try $tr (result i32)
      (do (throw $t (local.get $i) (struct.new $node (ref.null $node) (i32.const 11))))
      (catch $t
        ;; [i32, node] below a call
        (call $work2 (local.get $i))
        (call $combine)
        (try (result i32)
          (do (rethrow $tr))
          (catch $t
            (call $work (local.get $i) (i32.const 25))
            (call $combine)))
        (i32.add))))

  (func (export "_start") (local $i i32) (local $h i32)
    (loop $outer
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 33)) (call $mixed (local.get $i))))
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 33)) (call $exn (local.get $i))))
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 33)) (call $legacy (local.get $i))))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 255))) (then (call $print_u32 (local.get $h))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (i32.const 1500))))
    (call $print_u32 (local.get $h))))
