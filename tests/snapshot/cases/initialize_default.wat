;; Without --init-func the export `_initialize` runs (no `wizer.initialize` here);
;; it and the start function ran once, before the snapshot, and neither runs again
;; (`skiff run --invoke` would call an exported `_initialize` first).
;; SNAPSHOT:
;; GONE: _initialize
;; INVOKE: count => 1
;; INVOKE: inited => 10
;; NODE: yes
(module
  (global $count (mut i32) (i32.const 0))
  (global $inited (mut i32) (i32.const 0))
  (func $start (global.set $count (i32.add (global.get $count) (i32.const 1))))
  (start $start)
  (func (export "_initialize")
    (global.set $inited (i32.add (global.get $inited) (i32.const 10))))
  (func (export "count") (result i32) (global.get $count))
  (func (export "inited") (result i32) (global.get $inited))
)
