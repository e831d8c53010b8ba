;; Tier 1, shared memory grown by another thread (skiff run, wasi threads): the
;; main thread's view of the size is stale when it touches the new page, so a
;; checked access (--bounds-checks; memory.fill / memory.copy in every mode) must
;; reread the size (memory_recheck) before trapping; memory.size asks the runtime.
;; Exits 0; traps (status 134) otherwise.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 4 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (memory.grow (i32.const 1)))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then unreachable))
    (block $done (loop $l
      (br_if $done (i32.atomic.load (i32.const 0)))
      (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 1000000)))
      (br $l)))
    ;; First touch by memory.fill / memory.copy (their range check rereads too).
    (memory.fill (i32.const 80000) (i32.const 9) (i32.const 16))
    (memory.copy (i32.const 90000) (i32.const 80000) (i32.const 16))
    (if (i32.ne (i32.load (i32.const 90012)) (i32.const 0x09090909)) (then unreachable))
    (i32.store (i32.const 70000) (i32.const 42))
    (if (i32.ne (i32.load (i32.const 70000)) (i32.const 42)) (then unreachable))
    (if (i32.ne (memory.size) (i32.const 2)) (then unreachable))
    (if (i32.ne (i32.atomic.rmw.add (i32.const 131068) (i32.const 7)) (i32.const 0))
      (then unreachable))
    (if (i32.ne (i32.load (i32.const 131068)) (i32.const 7)) (then unreachable)))
)
