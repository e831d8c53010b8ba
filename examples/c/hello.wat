;; hello.wat: one imported host function and one export that calls it.
;; `run` calls the host's `hello` once and returns 42.
(module
  (import "host" "hello" (func $hello))
  (func (export "run") (result i32)
    (call $hello)
    (i32.const 42)))
