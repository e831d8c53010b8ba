;; The module of examples/cpp/embed.cc. It imports three host functions:
;;   host.log(ptr, len)        prints the string at [ptr, ptr+len) of this memory
;;   host.next_id() -> i32     a counter kept by the host
;;   host.checked_sqrt(i32) -> i32
;;                             the integer square root; traps for a negative input
;; and exports its memory and functions the host calls with typed calls.
(module $embed
  (import "host" "log" (func $log (param i32 i32)))
  (import "host" "next_id" (func $next_id (result i32)))
  (import "host" "checked_sqrt" (func $checked_sqrt (param i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from wasm!")

  ;; Logs the greeting of the data segment through the host.
  (func (export "greet")
    (call $log (i32.const 16) (i32.const 16)))

  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Two ids from the host, combined: first * 100 + second.
  (func (export "two_ids") (result i32)
    (i32.add (i32.mul (call $next_id) (i32.const 100)) (call $next_id)))

  ;; sqrt(x) + 1 through the host; the host traps for x < 0.
  (func $sqrt_plus_one (export "sqrt_plus_one") (param $x i32) (result i32)
    (i32.add (call $checked_sqrt (local.get $x)) (i32.const 1)))

  ;; The sum of the bytes at [ptr, ptr+len) (the host writes them first).
  (func (export "sum_bytes") (param $ptr i32) (param $len i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; ASCII a-z to A-Z in place at [ptr, ptr+len) (the host reads the result).
  (func (export "upcase") (param $ptr i32) (param $len i32)
    (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $c (i32.load8_u (local.get $ptr)))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97))
                     (i32.le_u (local.get $c) (i32.const 122)))
          (then (i32.store8 (local.get $ptr) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next))))

  ;; average(total, count) = total / count: traps with "integer divide by zero" two
  ;; calls deep when count is 0, so the trap has a backtrace of three frames.
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $mean (param $total i32) (param $count i32) (result i32)
    (call $divide (local.get $total) (local.get $count)))
  (func $average (export "average") (param $total i32) (param $count i32) (result i32)
    (call $mean (local.get $total) (local.get $count)))

  ;; Never returns: only fuel (or an interrupt) stops it.
  (func $spin (export "spin")
    (loop $forever (br $forever))))
