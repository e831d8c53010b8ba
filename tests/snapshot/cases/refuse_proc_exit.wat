;; SNAPSHOT:
;; EXIT: 134
;; REFUSE: the init function "_initialize" called proc_exit(3)
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_initialize") (call $exit (i32.const 3))))
