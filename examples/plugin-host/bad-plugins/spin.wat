;; A bad plugin: transform never returns. The host's fuel limit stops it.
(module $spin
  (memory (export "memory") 1)
  (data (i32.const 0) "spin")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 4))
  (func $alloc (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (loop $forever (br $forever))
    (unreachable)))
