;; threads.wat: the module of the `threads` example. Each OS thread instantiates it in
;; its own store with its own host function `hello` and its own global `id`; `run`
;; passes the global to the host function and returns it doubled.
(module
  (import "" "hello" (func $hello (param i32)))
  (import "" "id" (global $id i32))
  (func (export "run") (result i32)
    (call $hello (global.get $id))
    (i32.mul (global.get $id) (i32.const 2))))
