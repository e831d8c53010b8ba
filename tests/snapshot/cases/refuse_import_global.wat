;; A mutable imported global is the provider's; an immutable one is not a problem
;; (but nothing provides one here).
;; REFUSE: cannot snapshot: the module imports mutable global "env" "g"
(module
  (import "env" "g" (global (mut i32)))
  (func (export "_initialize")))
