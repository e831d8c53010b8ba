;; Trap backtraces of compiled frames (ctest compiler/tier1_backtrace*): a
;; division trap three calls deep and a guard-page fault two calls deep; a load
;; that LLVM folds into the add using it (the fault names the load: fault_locs.h).
(module
  (func $inner (export "inner") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (func $middle (param i32) (result i32)
    (i32.add (call $inner (local.get 0)) (i32.const 1)))
  (func $outer (export "outer") (param i32) (result i32)
    (i32.mul (call $middle (local.get 0)) (i32.const 3)))
  (memory 1)
  (func $oob (param i32) (result i32) (i32.load (local.get 0)))
  (func $oob_outer (export "oob") (param i32) (result i32)
    (i32.add (call $oob (local.get 0)) (i32.const 2)))
  (func (export "fold") (param $p i32) (param $q i32) (result i32)
    (i32.add (local.get $q) (i32.load (local.get $p))))
)
