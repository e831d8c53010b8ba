;; Tier 1: exceptions. Locals written in a try body are seen by the handler (setjmp
;; discipline), handlers are popped on every way out of a region (branch, return,
;; tail call), traps are not caught, exceptions cross frames, instances and deep
;; recursion, and a loop that throws and catches 100,000 times keeps the handler
;; chain balanced. Legacy try/catch/delegate/rethrow included.
(module $A
  (tag $e (export "e") (param i32))
  (tag $e2 (export "e2") (param i64 f32 f64))
  (tag $empty (export "empty"))
  (func $throw_if (export "throw_if") (param i32)
    (if (local.get 0) (then (throw $e (local.get 0)))))
  (func $throw_e2 (throw $e2 (i64.const -5) (f32.const 1.5) (f64.const -2.25)))

  ;; a local written before the throwing call is seen by the handler
  (func (export "locals") (param i32) (result i32) (local i32 i64)
    (block $h
      (try_table (catch_all $h)
        (local.set 1 (i32.const 1))
        (local.set 2 (i64.const 7))
        (call $throw_if (local.get 0))
        (local.set 1 (i32.const 2))))
    (i32.add (local.get 1) (i32.wrap_i64 (local.get 2))))
  ;; a local written outside the region (each iteration, before it is entered)
  ;; stays SSA; the handler sees its value at the throw
  (func (export "outside_write") (result i32) (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (block $h
        (try_table (catch_all $h)
          (call $throw_if (i32.eq (local.get 0) (i32.const 5))))
        (br $l)))
    (i32.mul (local.get 0) (i32.const 3)))
  ;; a counting loop inside the region: the handler sees the last count
  (func (export "count") (param i32) (result i32) (local i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (call $throw_if (i32.eq (local.get 1) (local.get 0)))
          (br $l)))
      (unreachable))
    (drop) (local.get 1))
  ;; nested regions: the inner one does not take $e2, the outer one does
  (func (export "nested") (result i64 f32 f64)
    (block $outer (result i64 f32 f64)
      (try_table (catch $e2 $outer)
        (try_table (catch $empty 0)
          (call $throw_e2)))
      (unreachable)))
  ;; a branch out of a region pops its handler: the later throw is not caught there
  (func (export "branch_out") (local i32)
    (block $h
      (block $out
        (try_table (catch_all $h) (br $out)))
      (call $throw_if (i32.const 3))))
  ;; br_table and br_if out of a region too
  (func (export "br_table_out") (param i32)
    (block $h
      (block $out
        (try_table (catch_all $h) (br_table $out $out (local.get 0))))
      (call $throw_if (i32.const 4))))
  ;; a branch to the try_table's own label leaves it too
  (func $own_label (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (br 0))
      (i32.const 11)))
  (func (export "own_label") (param i32) (result i32)
    (drop (call $own_label))
    (call $throw_if (local.get 0))
    (i32.const 0))
  ;; a catch clause whose label is an enclosing try_table's end leaves that one
  (func (export "catch_leaves_outer") (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (try_table (catch $e 0) (call $throw_if (i32.const 6)))
        (i32.const 0))
      (call $throw_if)
      (i32.const 1)))
  (func $ret_in_try (result i32)
    (block $h
      (try_table (catch_all $h) (return (i32.const 5))))
    (i32.const 6))
  ;; a return from inside a region pops its handler
  (func (export "return_out") (result i32)
    (call $throw_if (call $ret_in_try))
    (i32.const 0))
  ;; a tail call from inside a region: the callee's exception is not caught here
  (func $tail_in_try (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (return_call $tail_target (local.get 0))))
    (i32.const 99))
  (func $tail_target (param i32) (result i32) (call $throw_if (local.get 0)) (local.get 0))
  (func (export "tail_out") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (return (call $tail_in_try (local.get 0))))
      (unreachable))
    (i32.add (i32.const 1000)))
  ;; traps are not caught
  (func (export "trap_in_try") (result i32)
    (block $h
      (try_table (catch_all $h) (unreachable)))
    (i32.const 1))
  (func $div (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "trap_in_callee") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (return (call $div (local.get 0)))))
    (i32.const -1))
  ;; 100,000 throws caught in a loop
  (func (export "loop_throw") (param i32) (result i32) (local i32)
    (loop $l
      (block $h (result i32)
        (try_table (catch $e $h) (call $throw_if (i32.const 1)))
        (unreachable))
      (drop)
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  ;; deep recursion, caught at the top
  (func $deep (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 77))))
    (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (return (call $deep (local.get 0))))
      (unreachable))
    (i32.add (i32.const 1)))
  ;; catch_ref / throw_ref across frames
  (func $rethrow_ref
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (call $throw_e2))
      (unreachable))
    (throw_ref))
  (func (export "ref_again") (result i64 f32 f64)
    (block $h (result i64 f32 f64 exnref)
      (try_table (catch_ref $e2 $h) (call $rethrow_ref))
      (unreachable))
    (drop))
  (func (export "null_ref") (throw_ref (ref.null exn)))
  ;; legacy: a local seen in catch, rethrow of an outer catch, delegate to the caller
  (func (export "legacy_locals") (param i32) (result i32) (local i32)
    (try
      (do (local.set 1 (i32.const 10)) (call $throw_if (local.get 0)) (local.set 1 (i32.const 20)))
      (catch $e (local.set 1 (i32.add (local.get 1)))))
    (local.get 1))
  (func $legacy_rethrow
    (try
      (do (call $throw_if (i32.const 8)))
      (catch $e
        (drop)
        (try (do (throw $empty)) (catch $empty (rethrow 1))))))
  (func (export "legacy_rethrow") (result i32)
    (try (result i32) (do (call $legacy_rethrow) (i32.const 0)) (catch $e)))
  (func $delegate_out
    (try (do (try (do (call $throw_if (i32.const 9))) (delegate 1))) (catch_all)))
  (func (export "legacy_delegate") (result i32)
    (try (result i32) (do (call $delegate_out) (i32.const 0)) (catch $e)))
  (func (export "legacy_catch_all_trap") (result i32)
    (try (result i32) (do (unreachable)) (catch_all (i32.const 1))))
)
(register "A" $A)
(assert_return (invoke "locals" (i32.const 0)) (i32.const 9))
(assert_return (invoke "locals" (i32.const 1)) (i32.const 8))
(assert_return (invoke "count" (i32.const 1000)) (i32.const 1000))
(assert_return (invoke "outside_write") (i32.const 15))
(assert_return (invoke "nested") (i64.const -5) (f32.const 1.5) (f64.const -2.25))
(assert_exception (invoke "branch_out"))
(assert_exception (invoke "br_table_out" (i32.const 0)))
(assert_exception (invoke "br_table_out" (i32.const 7)))
(assert_exception (invoke "return_out"))
(assert_exception (invoke "own_label" (i32.const 1)))
(assert_exception (invoke "catch_leaves_outer"))
(assert_return (invoke "tail_out" (i32.const 0)) (i32.const 0))
(assert_return (invoke "tail_out" (i32.const 3)) (i32.const 1003))
(assert_trap (invoke "trap_in_try") "unreachable")
(assert_trap (invoke "trap_in_callee" (i32.const 0)) "integer divide by zero")
(assert_return (invoke "trap_in_callee" (i32.const 1)) (i32.const 1))
(assert_return (invoke "loop_throw" (i32.const 100000)) (i32.const 100000))
(assert_return (invoke "deep" (i32.const 10000)) (i32.const 78))
(assert_return (invoke "ref_again") (i64.const -5) (f32.const 1.5) (f64.const -2.25))
(assert_trap (invoke "null_ref") "null exception reference")
(assert_return (invoke "legacy_locals" (i32.const 0)) (i32.const 20))
(assert_return (invoke "legacy_locals" (i32.const 5)) (i32.const 15))
(assert_return (invoke "legacy_rethrow") (i32.const 8))
(assert_return (invoke "legacy_delegate") (i32.const 9))
(assert_trap (invoke "legacy_catch_all_trap") "unreachable")
;; across instances: B catches A's tag (imported), A catches nothing of B's
(module $B
  (import "A" "e" (tag $e (param i32)))
  (import "A" "throw_if" (func $throw_if (param i32)))
  (tag $mine)
  (func (export "catch_import") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $throw_if (local.get 0)) (return (i32.const -1)))
      (unreachable))
    (i32.mul (i32.const 2)))
  (func (export "uncaught_other") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw $mine))
      (unreachable))
    (drop) (i32.const 0))
)
(assert_return (invoke "catch_import" (i32.const 21)) (i32.const 42))
(assert_return (invoke "catch_import" (i32.const 0)) (i32.const -1))
(assert_exception (invoke "uncaught_other"))
