;; multi.wat: multiple parameters and results, across the host boundary both ways.
(module
  ;; the host reverses its four arguments
  (import "host" "reverse" (func $reverse (param i32 i64 f32 f64) (result f64 f32 i64 i32)))
  ;; reverses its arguments back, in wasm
  (func $unreverse (param f64 f32 i64 i32) (result i32 i64 f32 f64)
    (local.get 3) (local.get 2) (local.get 1) (local.get 0))
  ;; passes its arguments through the host and back: the original order comes back
  (func (export "round_trip") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
    (call $reverse (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (call $unreverse))
  ;; quotient and remainder, with a block of two results in between
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (block (result i32 i32)
      (i32.div_u (local.get $a) (local.get $b))
      (i32.rem_u (local.get $a) (local.get $b))))
  ;; swaps its arguments with a multi-value block taking parameters
  (func (export "swap") (param i64 i64) (result i64 i64)
    (local.get 0) (local.get 1)
    (block (param i64 i64) (result i64 i64)
      (local.set 0) (local.set 1)
      (local.get 0) (local.get 1))))
