;; start.wat: a start function that traps when the host says so.
;; Function indices: 0 = the import $should_trap, 1 = $start, 2 = $fail.
(module
  (import "host" "should_trap" (func $should_trap (result i32)))
  (global $started (export "started") (mut i32) (i32.const 0))
  (func $start
    (global.set $started (i32.const 1))
    (if (call $should_trap) (then (call $fail))))
  (func $fail (unreachable))
  (start $start))
