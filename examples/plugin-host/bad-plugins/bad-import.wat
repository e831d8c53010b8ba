;; A bad plugin: it imports a function the plugin ABI does not offer (only host.log
;; exists). The host rejects it when it loads it.
(module $bad_import
  (import "env" "system" (func $system (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "bad-import")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 10))
  (func $alloc (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (drop (call $system (local.get $ptr) (local.get $len)))
    (local.get $len)))
