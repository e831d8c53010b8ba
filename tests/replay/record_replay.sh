#!/usr/bin/env bash
# Record a run that reads clocks, random bytes, stdin, a file, a directory and file
# status and writes a file; then delete the inputs and replay: same stdout, stderr
# and exit status, and nothing on the host read or written.
source "$(dirname "$0")/common.sh"
make_sandbox
log="$tmp/run.log"
record "$log"
check "recorded run exits 7 (got $(cat "$tmp/rec.status"))" test "$(cat "$tmp/rec.status")" = 7
check "recorded run read the file" grep -q "in.txt (20 bytes): hello from the file" "$tmp/rec.out"
check "recorded run listed the directory" grep -q "dir: 2 entries" "$tmp/rec.out"
check "recorded run read stdin" grep -q "stdin: a line of stdin" "$tmp/rec.out"
check "recorded run wrote out.txt" test -s "$sb/out.txt"
cat "$tmp/rec.err" | grep -q "to stderr:" || { echo "FAIL: no stderr line"; fail=1; }

# Inputs gone (and a different one in place): replay must not look at them.
rm -rf "$sb"
mkdir -p "$sb"; echo "changed" > "$sb/in.txt"
"$skiff" replay "$log" "$prog" < /dev/null > "$tmp/rep.out" 2> "$tmp/rep.err"
st=$?
check "replay exit status $st = recorded 7" test "$st" = 7
if ! cmp -s "$tmp/rec.out" "$tmp/rep.out"; then
  echo "FAIL: replay stdout differs:"; diff "$tmp/rec.out" "$tmp/rep.out" | head; fail=1
fi
if ! cmp -s "$tmp/rec.err" "$tmp/rep.err"; then
  echo "FAIL: replay stderr differs:"; diff "$tmp/rec.err" "$tmp/rep.err" | head; fail=1
fi
check "replay did not write out.txt" test ! -e "$sb/out.txt"
check "replay did not touch in.txt" grep -qx changed "$sb/in.txt"
# Replay twice, with the recorded arguments given explicitly: the same again.
"$skiff" replay "$log" "$prog" one "two words" > "$tmp/rep2.out" 2> /dev/null < /dev/null
check "second replay (explicit args) exits 7" test $? = 7
check "second replay same stdout" cmp -s "$tmp/rec.out" "$tmp/rep2.out"

# Recorded in tier 1 and in tier auto, replayed (tier 0): the same again; the log is
# of WASI calls, whatever tier ran the guest.
for tier in 1 auto; do
  make_sandbox
  record "$tmp/t$tier.log" --tier=$tier
  check "tier $tier: recorded run exits 7 (got $(cat "$tmp/rec.status"))" test "$(cat "$tmp/rec.status")" = 7
  cp "$tmp/rec.out" "$tmp/t$tier.rec.out"
  rm -rf "$sb"
  "$skiff" replay "$tmp/t$tier.log" "$prog" < /dev/null > "$tmp/t$tier.rep.out" 2> /dev/null
  check "tier $tier: replay exits 7" test $? = 7
  check "tier $tier: replay stdout = recorded" cmp -s "$tmp/t$tier.rec.out" "$tmp/t$tier.rep.out"
done

# A fresh run (not a replay) sees another clock and other random bytes: the
# comparison above is not vacuous.
make_sandbox
printf 'a line of stdin\n' | "$skiff" run --dir "$sb::/sandbox" --env FOO=bar "$prog" one "two words" \
  > "$tmp/fresh.out" 2> /dev/null
check "a fresh run differs from the recording" differs "$tmp/rec.out" "$tmp/fresh.out"

# --invoke runs are recorded and replayed too (the export and its arguments are logged).
cat > "$tmp/inv.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "random_get" (func $rnd (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clk (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "f") (param i32) (result i64)
    (drop (call $rnd (i32.const 0) (i32.const 8)))
    (drop (call $clk (i32.const 0) (i64.const 1) (i32.const 8)))
    (i64.add (i64.add (i64.load (i32.const 0)) (i64.load (i32.const 8))) (i64.extend_i32_u (local.get 0)))))
WAT
"$skiff" run --record "$tmp/inv.log" --invoke f "$tmp/inv.wat" 5 > "$tmp/inv1.out" 2>&1
check "invoke recorded" test $? = 0
"$skiff" replay "$tmp/inv.log" "$tmp/inv.wat" > "$tmp/inv2.out" 2>&1
check "invoke replayed (status)" test $? = 0
check "invoke replay prints the same result ($(cat "$tmp/inv1.out") / $(cat "$tmp/inv2.out"))" \
  cmp -s "$tmp/inv1.out" "$tmp/inv2.out"
# --deterministic: no threads (a shared memory is refused); the mode is logged and
# the replay runs in it too.
printf '(module (memory 1 1 shared) (func (export "_start")))' > "$tmp/shared.wat"
expect_error "--deterministic refuses a shared memory" "shared (threads): not allowed in deterministic mode" \
  "$skiff" run --deterministic "$tmp/shared.wat"
"$skiff" run "$tmp/shared.wat" > /dev/null 2>&1
check "without --deterministic the shared memory runs" test $? = 0
"$skiff" run --deterministic --record "$tmp/det.log" --invoke f "$tmp/inv.wat" 7 > "$tmp/det1.out" 2>&1
"$skiff" replay "$tmp/det.log" "$tmp/inv.wat" > "$tmp/det2.out" 2>&1
check "deterministic record/replay" cmp -s "$tmp/det1.out" "$tmp/det2.out"
echo "log: $(stat -c %s "$log") bytes for $(grep -c . "$tmp/rec.out") lines of output"
exit $fail
