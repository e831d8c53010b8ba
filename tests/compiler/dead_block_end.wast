;; Tier 1 regression: a block whose end no branch reaches (every arm leaves it
;; through an outer label) is still followed by code the validator calls reachable.
;; The emitter used to terminate that end block with `unreachable` and then append
;; the following instructions after it ("Terminator found in the middle of a basic
;; block", the whole module fell back; loop.wast's 57 functions).
(module
  (func (export "block-then-br") (result i32)
    (block (result i32)
      (loop
        (block (br 2 (i32.const 18)))
        (br 0))
      (i32.const 1)))
  (func (export "block-then-value") (param i32) (result i32)
    (block (result i32)
      (i32.add
        (block (result i32) (br 1 (i32.const 7)))
        (local.get 0))))
  (func (export "if-then-value") (param i32) (result i32)
    (block (result i32)
      (i32.mul
        (if (result i32) (local.get 0)
          (then (br 1 (i32.const 3)))
          (else (br 1 (i32.const 4))))
        (i32.const 100))))
  (func (export "loop-in-dead-end") (result i32)
    (local i32)
    (block
      (block (br 1))
      (loop (local.set 0 (i32.const 9)) (br 0)))
    (local.get 0))
)
(assert_return (invoke "block-then-br") (i32.const 18))
(assert_return (invoke "block-then-value" (i32.const 5)) (i32.const 7))
(assert_return (invoke "if-then-value" (i32.const 1)) (i32.const 3))
(assert_return (invoke "if-then-value" (i32.const 0)) (i32.const 4))
(assert_return (invoke "loop-in-dead-end") (i32.const 0))
