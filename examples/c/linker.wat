;; linker.wat: the application module of linker.c. It imports a function and the memory
;; of a library module linked by name, and a host function that reads the caller's
;; memory; `divide` traps on a zero divisor.
(module
  (import "lib" "scale" (func $scale (param i32) (result i32)))
  (import "lib" "memory" (memory 1))
  (import "host" "print" (func $print (param i32 i32)))
  (export "memory" (memory 0))
  (data (i32.const 64) "hello from wasm")
  (func (export "run") (param i32) (result i32)
    (call $print (i32.const 64) (i32.const 15))
    (call $scale (local.get 0)))
  (func (export "divide") (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0))))
