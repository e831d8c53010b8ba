;; An imported memory's contents belong to its provider: refused before running.
;; REFUSE: cannot snapshot: the module imports memory "env" "mem"
(module
  (import "env" "mem" (memory 1))
  (func (export "_initialize")))
