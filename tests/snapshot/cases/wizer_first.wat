;; `wizer.initialize` is preferred to `_initialize`, which stays exported (and
;; `skiff run --invoke` calls it, as for any reactor).
;; SNAPSHOT:
;; GONE: wizer.initialize
;; INVOKE: value => 105
;; NODE: yes
(module
  (global $v (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (i32.const 100)))
  (func (export "_initialize") (global.set $v (i32.add (global.get $v) (i32.const 5))))
  (func (export "value") (result i32) (global.get $v))
)
