#!/usr/bin/env bash
# WASI clocks across checkpoint and resume: the monotonic clock continues from its
# time at the checkpoint (the 2 s between checkpoint and resume are not seen, and it
# never goes backwards), the process CPU-time clock does not go backwards, and the
# realtime clock stays the host's (it does see the pause).
# The program reads the clocks, loops, reads them again and prints
# "mono ok|mono skipped|mono back", "cpu ok|cpu back", "real paused|real same".
# usage: clocks.sh SKIFF
set -u
skiff="$1"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/clocks.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "mono ok\0amono skipped\0amono back\0acpu ok\0acpu back\0areal paused\0areal same\0a")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start") (local $i i32) (local $d i64)
    (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 128)))
    (drop (call $clock (i32.const 2) (i64.const 0) (i32.const 136)))
    (drop (call $clock (i32.const 0) (i64.const 0) (i32.const 144)))
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2000000))))
    (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 160)))
    (drop (call $clock (i32.const 2) (i64.const 0) (i32.const 168)))
    (drop (call $clock (i32.const 0) (i64.const 0) (i32.const 176)))
    (local.set $d (i64.sub (i64.load (i32.const 160)) (i64.load (i32.const 128))))
    (if (i64.lt_s (local.get $d) (i64.const 0))
      (then (call $print (i32.const 37) (i32.const 10)))
      (else (if (i64.gt_s (local.get $d) (i64.const 1500000000))
        (then (call $print (i32.const 24) (i32.const 13)))
        (else (call $print (i32.const 16) (i32.const 8))))))
    (if (i64.lt_u (i64.load (i32.const 168)) (i64.load (i32.const 136)))
      (then (call $print (i32.const 54) (i32.const 9)))
      (else (call $print (i32.const 47) (i32.const 7))))
    (if (i64.gt_s (i64.sub (i64.load (i32.const 176)) (i64.load (i32.const 144))) (i64.const 1500000000))
      (then (call $print (i32.const 63) (i32.const 12)))
      (else (call $print (i32.const 75) (i32.const 10)))))
)
WAT
fail=0
"$skiff" run "$tmp/clocks.wat" > "$tmp/ref.out"
printf 'mono ok\ncpu ok\nreal same\n' > "$tmp/want_ref"
cmp -s "$tmp/ref.out" "$tmp/want_ref" || { echo "FAIL: uninterrupted run printed:"; cat "$tmp/ref.out"; fail=1; }
"$skiff" run --checkpoint-on=fuel:1000000 --checkpoint-file "$tmp/ck" "$tmp/clocks.wat" > "$tmp/a.out" 2> "$tmp/a.err"
rc=$?
if [[ $rc -ne 0 || ! -f "$tmp/ck" ]]; then echo "FAIL: no checkpoint (exit $rc)"; cat "$tmp/a.err"; exit 1; fi
sleep 2
"$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"; rc2=$?
cat "$tmp/a.out" "$tmp/b.out" > "$tmp/ab.out"
printf 'mono ok\ncpu ok\nreal paused\n' > "$tmp/want"
if [[ $rc2 -ne 0 ]] || ! cmp -s "$tmp/ab.out" "$tmp/want"; then
  echo "FAIL: resumed exit $rc2; printed:"; cat "$tmp/ab.out"; echo "want:"; cat "$tmp/want"; cat "$tmp/b.err"; fail=1
fi
[[ $fail -eq 0 ]] && echo "ok: monotonic continues across a 2 s pause, CPU time never backwards, realtime is the host's"
exit $fail
