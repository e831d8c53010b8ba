;; A file opened during init and left open would be missing in the new run.
;; SNAPSHOT: --dir $TMP::/d
;; REFUSE: cannot snapshot: WASI descriptor 4 (a file opened during init) is still open
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "made.txt")
  (func (export "_initialize")
    ;; path_open(fd 3, follow, "made.txt", O_CREAT, rights all, inherit all, 0, &fd at 64)
    (if (call $path_open (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 8)
                         (i32.const 1) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 64))
      (then unreachable))))
