;; REFUSE: cannot snapshot: the module imports table "env" "tab"
(module
  (import "env" "tab" (table 1 funcref))
  (func (export "_initialize")))
