;; A bad plugin: transform claims to have produced 1000 bytes more than it was given,
;; which would make the host read past the buffer. The host checks the length.
(module $liar
  (memory (export "memory") 1)
  (data (i32.const 0) "liar")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 4))
  (func $alloc (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (i32.add (local.get $len) (i32.const 1000))))
