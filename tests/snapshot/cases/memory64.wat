;; A 64-bit memory: i64 offsets in the data segments, min = the size after grow.
;; SNAPSHOT: --init-func init
;; GONE: init
;; INVOKE: get => 42
;; INVOKE: get_hi => -1
;; INVOKE: pages => 3
;; NODE: --experimental-wasm-memory64
(module
  (memory $m i64 1)
  (global $ptr (mut i64) (i64.const 0))
  (func (export "init")
    (drop (memory.grow (i64.const 2)))
    (i64.store (i64.const 70000) (i64.const 42))
    (i32.store (i64.const 196604) (i32.const -1))
    (global.set $ptr (i64.const 70000)))
  (func (export "get") (result i64) (i64.load (global.get $ptr)))
  (func (export "get_hi") (result i32) (i32.load (i64.const 196604)))
  (func (export "pages") (result i64) (memory.size))
)
