;; A bad plugin: it exports "transfrom" (sic), not "transform". The host rejects it
;; when it loads it, before running anything.
(module $no_transform
  (memory (export "memory") 1)
  (data (i32.const 0) "no-transform")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 12))
  (func $alloc (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "transfrom") (param $ptr i32) (param $len i32) (result i32)
    (local.get $len)))
