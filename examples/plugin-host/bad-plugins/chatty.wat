;; A bad plugin: transform logs without end. host.log allows 16 messages per call and
;; traps the plugin on the 17th, so a plugin cannot flood the host's output.
(module $chatty
  (import "host" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "chatty")
  (data (i32.const 16) "still working")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 6))
  (func $alloc (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (loop $forever
      (call $log (i32.const 16) (i32.const 13))
      (br $forever))
    (local.get $len)))
