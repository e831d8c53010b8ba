;; A plugin (see ../README.md for the ABI): ROT13, each ASCII letter moved 13 places
;; along the alphabet (applying it twice gives the input back).
(module $rot13
  (memory (export "memory") 1)
  (data (i32.const 0) "rot13")
  (func (export "name") (result i32) (i32.const 0))
  (func (export "name_len") (result i32) (i32.const 5))

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

  ;; c rotated by 13 within the 26 letters from $base, when it is one of them.
  (func $rotate (param $c i32) (param $base i32) (result i32)
    (if (result i32) (i32.le_u (i32.sub (local.get $c) (local.get $base)) (i32.const 25))
      (then
        (i32.add (local.get $base)
                 (i32.rem_u (i32.add (i32.sub (local.get $c) (local.get $base)) (i32.const 13))
                            (i32.const 26))))
      (else (local.get $c))))

  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (local $p i32) (local $end i32)
    (local.set $p (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (i32.store8 (local.get $p)
          (call $rotate (call $rotate (i32.load8_u (local.get $p)) (i32.const 65))  ;; 'A'
                        (i32.const 97)))                                          ;; 'a'
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $len)))
