;; hello.wat: Skiff's bundled example, a small WASI command module.
;;
;; _start writes "Hello, world!\n" to stdout through WASI's fd_write (`skiff run
;; examples/hello.wat`); factorial is an exported function with a loop:
;; `skiff run --invoke factorial examples/hello.wat 20` prints 2432902008176640000.
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten_out) -> errno
  (type $fd_write_t (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (type $fd_write_t)))

  ;; One 64 KiB page, exported as "memory" as WASI expects.
  ;; Layout: [0, 8) one iovec {buf, buf_len}; [8, 12) nwritten; [16, 30) the message.
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello, world!\n")

  ;; n! for an unsigned n (0! = 1! = 1); the product wraps modulo 2^64 past 20!.
  (func $factorial (export "factorial") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc))

  ;; The WASI entry point: one fd_write of the message to stdout (fd 1).
  (func $_start (export "_start")
    (i32.store (i32.const 0) (i32.const 16))  ;; iovec.buf
    (i32.store (i32.const 4) (i32.const 14))  ;; iovec.buf_len = len("Hello, world!\n")
    (drop
      (call $fd_write
        (i32.const 1)     ;; fd: stdout
        (i32.const 0)     ;; iovs
        (i32.const 1)     ;; iovs_len
        (i32.const 8)))))  ;; nwritten
