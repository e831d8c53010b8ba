;; SNAPSHOT:
;; REFUSE: cannot snapshot: WASI descriptor 1 (stdout) was closed during init
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (func (export "_initialize") (drop (call $close (i32.const 1)))))
