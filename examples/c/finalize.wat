;; finalize.wat: a small module instantiated many times.
(module
  (import "host" "tick" (func $tick))
  (func (export "f") (call $tick))
  (global (export "g") (mut i32) (i32.const 0))
  (memory (export "m") 1))
