;; global.wat: imported and module-defined globals, constant and mutable, all exported,
;; with functions that read and write them from inside wasm.
(module
  (import "host" "const_i32" (global $imp_const_i32 i32))
  (import "host" "var_i64" (global $imp_var_i64 (mut i64)))
  (global $const_f32 f32 (f32.const 1.5))
  (global $var_f64 (mut f64) (f64.const 2.25))
  ;; initialised from an imported constant
  (global $const_i32_plus (mut i32) (global.get $imp_const_i32))

  (export "const_i32" (global $imp_const_i32))
  (export "var_i64" (global $imp_var_i64))
  (export "const_f32" (global $const_f32))
  (export "var_f64" (global $var_f64))
  (export "copy_i32" (global $const_i32_plus))

  (func (export "get_const_i32") (result i32) (global.get $imp_const_i32))
  (func (export "get_var_i64") (result i64) (global.get $imp_var_i64))
  (func (export "set_var_i64") (param i64) (global.set $imp_var_i64 (local.get 0)))
  (func (export "get_const_f32") (result f32) (global.get $const_f32))
  (func (export "get_var_f64") (result f64) (global.get $var_f64))
  (func (export "set_var_f64") (param f64) (global.set $var_f64 (local.get 0)))
  (func (export "get_copy_i32") (result i32) (global.get $const_i32_plus)))
