#!/usr/bin/env bash
# A module with a start section: the start function (which prints a line) runs in
# the checkpointed run only; `skiff resume` must not run it again, so the two runs'
# stdout together equal the uninterrupted run's.
# usage: start_function.sh SKIFF
set -u
skiff="$1"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/start.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "start\0adone\0a")
  (global $inits (mut i32) (i32.const 0))
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $init
    (global.set $inits (i32.add (global.get $inits) (i32.const 1)))
    (call $print (i32.const 16) (i32.const 6)))
  (start $init)
  (func (export "_start") (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 200000))))
    (if (i32.eq (global.get $inits) (i32.const 1))
      (then (call $print (i32.const 22) (i32.const 5)))))
)
WAT
"$skiff" run "$tmp/start.wat" > "$tmp/ref.out" || { echo "FAIL: uninterrupted run"; exit 1; }
"$skiff" run --checkpoint-on=fuel:50000 --checkpoint-file "$tmp/ck" "$tmp/start.wat" > "$tmp/a.out" 2> "$tmp/a.err"
rc=$?
if [[ $rc -ne 0 || ! -f "$tmp/ck" ]]; then echo "FAIL: no checkpoint (exit $rc)"; cat "$tmp/a.err"; exit 1; fi
"$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"; rc2=$?
cat "$tmp/a.out" "$tmp/b.out" > "$tmp/ab.out"
if [[ $rc2 -ne 0 ]] || ! cmp -s "$tmp/ab.out" "$tmp/ref.out"; then
  echo "FAIL: resumed exit $rc2; stdout of both runs:"; cat "$tmp/ab.out"; echo "want:"; cat "$tmp/ref.out"
  cat "$tmp/b.err"; exit 1
fi
echo "ok: the start function ran once; resumed to the uninterrupted output"
