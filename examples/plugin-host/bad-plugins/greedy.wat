;; A bad plugin: alloc grabs all the memory it can, a page (64 KiB) at a time, until
;; memory.grow fails; it logs how far it got and then traps. The host's memory cap
;; (StoreLimits::max_memory_bytes, 16 MiB = 256 pages) is where memory.grow fails.
(module $greedy
  (import "host" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  ;; 0: the name; 64..127: the log message; 128: its tail; 160..175: digits.
  (data (i32.const 0) "greedy")
  (data (i32.const 64) "memory.grow failed at ")
  (data (i32.const 128) " pages")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 6))

  ;; Writes the decimal digits of n at dst; returns how many.
  (func $utoa (param $n i32) (param $dst i32) (result i32)
    (local $p i32)
    (local.set $p (i32.const 176))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (memory.copy (local.get $dst) (local.get $p) (i32.sub (i32.const 176) (local.get $p)))
    (i32.sub (i32.const 176) (local.get $p)))

  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $digits i32)
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    ;; "memory.grow failed at N pages"
    (local.set $digits (call $utoa (memory.size) (i32.const 86)))
    (memory.copy (i32.add (i32.const 86) (local.get $digits)) (i32.const 128) (i32.const 6))
    (call $log (i32.const 64) (i32.add (local.get $digits) (i32.const 28)))
    (unreachable))

  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (local.get $len)))
