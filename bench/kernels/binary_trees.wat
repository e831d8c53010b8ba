;; binary-trees with GC structs: allocation throughput and collector work.
;; run(n): a long-lived tree of depth n; then for depth d = 4, 6, ..., n,
;; 2^(n - d + 4) short-lived trees of depth d are built and walked.
;; Returns the total number of nodes visited (= nodes allocated by the loop).
(module
  (type $node (struct (field (ref null $node)) (field (ref null $node))))

  (func $make (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new $node (ref.null $node) (ref.null $node)))
      (else
        (struct.new $node
          (call $make (i32.sub (local.get $d) (i32.const 1)))
          (call $make (i32.sub (local.get $d) (i32.const 1)))))))

  (func $check (param $t (ref $node)) (result i32)
    (local $l (ref null $node))
    (local.set $l (struct.get $node 0 (local.get $t)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else
        (i32.add (i32.const 1)
          (i32.add
            (call $check (ref.as_non_null (local.get $l)))
            (call $check (ref.as_non_null (struct.get $node 1 (local.get $t)))))))))

  (func (export "run") (param $n i32) (result i32)
    (local $long (ref null $node))
    (local $d i32) (local $iters i32) (local $i i32) (local $sum i32)
    (local.set $long (call $make (local.get $n)))
    (local.set $d (i32.const 4))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_u (local.get $d) (local.get $n)))
        (local.set $iters (i32.shl (i32.const 1)
                                   (i32.add (i32.sub (local.get $n) (local.get $d)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (loop $trees
          (local.set $sum (i32.add (local.get $sum) (call $check (call $make (local.get $d)))))
          (br_if $trees (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                  (local.get $iters))))
        (local.set $d (i32.add (local.get $d) (i32.const 2)))
        (br $depths)))
    ;; the long-lived tree is still alive here
    (i32.add (local.get $sum) (call $check (ref.as_non_null (local.get $long))))))
