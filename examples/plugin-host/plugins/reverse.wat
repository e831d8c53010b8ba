;; A plugin (see ../README.md for the ABI): the bytes in reverse order.
(module $reverse
  (memory (export "memory") 1)
  (data (i32.const 0) "reverse")
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

  ;; Swaps the ends towards the middle.
  (func $transform (export "transform") (param $ptr i32) (param $len i32) (result i32)
    (local $lo i32) (local $hi i32) (local $c i32)
    (local.set $lo (local.get $ptr))
    (local.set $hi (i32.sub (i32.add (local.get $ptr) (local.get $len)) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $c (i32.load8_u (local.get $lo)))
        (i32.store8 (local.get $lo) (i32.load8_u (local.get $hi)))
        (i32.store8 (local.get $hi) (local.get $c))
        (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
        (local.set $hi (i32.sub (local.get $hi) (i32.const 1)))
        (br $next)))
    (local.get $len)))
