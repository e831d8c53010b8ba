;; serialize.wat: a module to serialize, deserialize and then run.
;; run(x) calls the host's hello and returns 2 * x.
(module
  (import "host" "hello" (func $hello))
  (func (export "run") (param $x i32) (result i32)
    (call $hello)
    (i32.mul (local.get $x) (i32.const 2))))
