;; Loops that tier 1 versions on a guarded memory 0 (src/compiler/llvm/loop_versioning.cc):
;; the fast copy (plain accesses, vectorized) must give exactly what the slow one
;; (volatile accesses) gives, and whenever an access of the loop could fault the
;; slow copy runs, so a trap leaves every earlier store done and none later.
;; Run by tier 0 (the reference) and tier 1 in both memory modes.
(module
  (memory 1 2)
  ;; dst[j] += k * src[j] over f64, the loop unrolled by two as clang's wasm is
  ;; (accesses j and j + 1 of each array, the second through the memarg offset).
  (func $axpy2 (param $dst i32) (param $src i32) (param $n i32) (param $k f64)
    (local $j i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (f64.store (local.get $dst)
          (f64.add (f64.load (local.get $dst)) (f64.mul (local.get $k) (f64.load (local.get $src)))))
        (f64.store offset=8 (local.get $dst)
          (f64.add (f64.load offset=8 (local.get $dst))
                   (f64.mul (local.get $k) (f64.load offset=8 (local.get $src)))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $l))))
  ;; mem[p + 8i] = i as f64 for i < n
  (func $fill (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3)))
                   (f64.convert_i32_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; sum of mem[p + 8i] for i < n
  (func $sum (export "sum") (param $p i32) (param $n i32) (result f64)
    (local $i i32) (local $s f64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (f64.add (local.get $s)
          (f64.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "axpy") (param $n i32) (result f64)
    (call $fill (i32.const 0) (local.get $n))
    (call $fill (i32.const 16384) (local.get $n))
    (call $axpy2 (i32.const 0) (i32.const 16384) (local.get $n) (f64.const 3))
    (call $sum (i32.const 0) (local.get $n)))
  ;; Forward copy a[i + d/4] = a[i] (i32) over n words: overlapping when d is
  ;; small, so a[0] propagates; the result depends on the order of the accesses.
  (func $smear (export "smear") (param $p i32) (param $q i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  (func (export "smear_sum") (param $d i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (i32.add (local.get $n) (i32.const 8))))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (call $smear (i32.const 0) (local.get $d) (local.get $n))
    (local.set $i (i32.const 0))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (i32.add (local.get $n) (i32.const 8))))
        (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31))
                               (i32.load (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  ;; Stores 7 at p + 4i for i < n: runs off the end of memory when n is too big.
  (func (export "store_run") (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32.const 7))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; Stores 9 at p - 4i for i < n: the i32 address wraps below 0 when i > p / 4.
  (func (export "store_down") (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.sub (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32.const 9))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  ;; Loads whose values are dropped: still trap when out of bounds.
  (func (export "touch") (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (i64.load offset=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  (func (export "load32") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
)

;; 0..n-1 + 3 * (0..n-1) summed = 4 * n(n-1)/2
(assert_return (invoke "axpy" (i32.const 1000)) (f64.const 1998000))
(assert_return (invoke "axpy" (i32.const 2)) (f64.const 4))
(assert_return (invoke "axpy" (i32.const 0)) (f64.const 0))

;; Overlapping forward copies (d = 4: a[0] everywhere; d = 64, 0: no overlap issue).
(assert_return (invoke "smear_sum" (i32.const 4) (i32.const 100)) (i32.const 10932648))
(assert_return (invoke "smear_sum" (i32.const 64) (i32.const 100)) (i32.const -1131482378))
(assert_return (invoke "smear_sum" (i32.const 0) (i32.const 100)) (i32.const -99013898))

;; In bounds up to the last word of the page, then one word too many: the trap
;; comes after every earlier store and before any later one.
(invoke "store_run" (i32.const 65000) (i32.const 134))
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 7))
(assert_trap (invoke "store_run" (i32.const 60000) (i32.const 1385)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 7))
(assert_return (invoke "load32" (i32.const 60000)) (i32.const 7))
(assert_return (invoke "load32" (i32.const 59996)) (i32.const 0))

;; Down to address 0, then the i32 address wraps to 0xfffffffc: trap after the stores.
(invoke "store_down" (i32.const 40) (i32.const 11))
(assert_return (invoke "load32" (i32.const 0)) (i32.const 9))
(assert_trap (invoke "store_down" (i32.const 100) (i32.const 27)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 100)) (i32.const 9))
(assert_return (invoke "load32" (i32.const 0)) (i32.const 9))

;; Dead loads: in bounds, then one past the end.
(invoke "touch" (i32.const 0) (i32.const 8191))
(assert_trap (invoke "touch" (i32.const 0) (i32.const 8192)) "out of bounds memory access")

;; After memory.grow the new page is in bounds for the same loops.
(assert_return (invoke "grow") (i32.const 1))
(invoke "store_run" (i32.const 65000) (i32.const 1000))
(assert_return (invoke "load32" (i32.const 68996)) (i32.const 7))
(invoke "touch" (i32.const 0) (i32.const 16383))
(assert_trap (invoke "touch" (i32.const 0) (i32.const 16384)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65536)) (i32.const 7))
