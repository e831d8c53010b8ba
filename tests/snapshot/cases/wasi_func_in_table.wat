;; A table entry that is an imported (WASI) function is written as ref.func of the
;; import, which is linked again by name when the snapshot is instantiated.
;; SNAPSHOT: --init-func init
;; INVOKE: call => 0
;; NODE: no (needs WASI imports)
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (type $t (func (result i32)))
  (table $tab 1 funcref)
  (elem declare func $yield)
  (func (export "init") (table.set $tab (i32.const 0) (ref.func $yield)))
  (func (export "call") (result i32) (call_indirect $tab (type $t) (i32.const 0)))
)
