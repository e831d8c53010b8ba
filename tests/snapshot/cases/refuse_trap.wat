;; SNAPSHOT: --init-func boom
;; EXIT: 134
;; REFUSE: the init function "boom" trapped: unreachable
(module (func (export "boom") unreachable))
