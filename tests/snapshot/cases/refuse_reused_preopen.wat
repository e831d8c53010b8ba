;; A preopen closed during init, its number then taken by a file: the new run would
;; find the preopen there again, so the state is refused.
;; SNAPSHOT: --dir $TMP::/a --dir $TMP::/b
;; REFUSE: cannot snapshot: WASI descriptor 3 (preopen /a) was closed or replaced during init (it is now a file)
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "made.txt")
  (func (export "_initialize")
    (if (call $close (i32.const 3)) (then unreachable))
    ;; path_open(fd 4, follow, "made.txt", O_CREAT, rights all, inherit all, 0, &fd at 64)
    (if (call $path_open (i32.const 4) (i32.const 1) (i32.const 0) (i32.const 8)
                         (i32.const 1) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 64))
      (then unreachable))
    (if (i32.ne (i32.load (i32.const 64)) (i32.const 3)) (then unreachable))))
