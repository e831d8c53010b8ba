;; trap.wat: traps raised by the host and by wasm.
;; Function indices: 0 = the import $fail, 1 = call_host, 2 = $inner, 3 = nested, 4 = div.
(module
  (import "host" "fail" (func $fail (result i32)))
  (func (export "call_host") (result i32) (call $fail))
  (func $inner (param $x i32) (result i32)
    (if (i32.eqz (local.get $x)) (then (unreachable)))
    (local.get $x))
  (func (export "nested") (param $x i32) (result i32)
    (i32.add (call $inner (local.get $x)) (i32.const 1)))
  (func (export "div") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b))))
