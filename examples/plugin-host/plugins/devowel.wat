;; A plugin (see ../README.md for the ABI): drops the vowels (a e i o u, either case),
;; so its output is shorter than its input, and reports how many it dropped through
;; host.log.
(module $devowel
  (import "host" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  ;; 0: the name; 16: the vowels; 64..127: the log message under construction;
  ;; 128: the message's tail; 160..175: scratch for digits.
  (data (i32.const 0) "devowel")
  (data (i32.const 16) "aeiouAEIOU")
  (data (i32.const 64) "dropped ")
  (data (i32.const 128) " vowels")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 7))

  ;; A bump allocator above the first KiB; grows the memory when needed and returns
  ;; -1 when it cannot.
  (global $heap (mut i32) (i32.const 1024))
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $ptr i32) (local $pages i32)
    (local.set $ptr (global.get $heap))
    (local.set $pages
      (i32.shr_u (i32.add (i32.add (local.get $ptr) (local.get $len)) (i32.const 0xFFFF))
                 (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (return (i32.const -1))))))
    (global.set $heap (i32.add (local.get $ptr) (local.get $len)))
    (local.get $ptr))

  ;; 1 when c is one of the ten vowels at 16, else 0.
  (func $is_vowel (param $c i32) (result i32)
    (local $i i32)
    (block $no
      (loop $next
        (br_if $no (i32.eq (local.get $i) (i32.const 10)))
        (if (i32.eq (i32.load8_u offset=16 (local.get $i)) (local.get $c))
          (then (return (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 0))

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

  ;; Compacts the kept bytes to the front; returns their count.
  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (local $read i32) (local $write i32) (local $end i32) (local $c i32) (local $digits i32)
    (local.set $read (local.get $ptr))
    (local.set $write (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $read) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $read)))
        (if (i32.eqz (call $is_vowel (local.get $c)))
          (then
            (i32.store8 (local.get $write) (local.get $c))
            (local.set $write (i32.add (local.get $write) (i32.const 1)))))
        (local.set $read (i32.add (local.get $read) (i32.const 1)))
        (br $next)))
    ;; "dropped N vowels"
    (local.set $digits
      (call $utoa (i32.sub (local.get $end) (local.get $write)) (i32.const 72)))
    (memory.copy (i32.add (i32.const 72) (local.get $digits)) (i32.const 128) (i32.const 7))
    (call $log (i32.const 64) (i32.add (local.get $digits) (i32.const 15)))
    (i32.sub (local.get $write) (local.get $ptr))))
