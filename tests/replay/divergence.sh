#!/usr/bin/env bash
# Replays that must stop with a clear message: another module, another argument
# list, a module whose calls differ, an edited log, truncated and corrupt logs.
source "$(dirname "$0")/common.sh"
make_sandbox
log="$tmp/run.log"
record "$log"
check "recorded (status 7)" test "$(cat "$tmp/rec.status")" = 7

expect_error "another module" "the module differs from the recorded one" \
  "$skiff" replay "$log" "$variant"
expect_error "other arguments" "differ from the recorded run's 'one' 'two words'" \
  "$skiff" replay "$log" "$prog" one two
# Another module with --any-module: the calls are compared one by one; the variant's
# data lies elsewhere, so its first call already passes other pointers.
expect_error "a differing call" "replay diverged at call #1: the log has fd_prestat_get(3, " \
  "$skiff" replay --any-module "$log" "$variant"
check "the divergence names the program's call" grep -qF 'the program made fd_prestat_get(3, ' "$tmp/e.err"

# An edited log (checksum recomputed): the recorded stdout line changes, so the
# program's write no longer matches it.
python3 - "$log" "$tmp/edited.log" <<'PY'
import sys
M = (1 << 64) - 1
def mix(h, w):
    h = ((h ^ w) * 0x9E3779B97F4A7C15) & M
    return h ^ (h >> 32)
def digest(b):
    h = 0xcbf29ce484222325
    n = len(b) // 8
    for i in range(n):
        h = mix(h, int.from_bytes(b[8*i:8*i+8], "little"))
    h = mix(h, int.from_bytes(b[8*n:].ljust(8, b"\0"), "little"))
    h = mix(h, len(b))
    return h ^ (h >> 29)
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(b"wrote out.txt")
assert at > 0
data[at:at+5] = b"WROTE"
body = bytes(data[:-8])
assert digest(body) != int.from_bytes(data[-8:], "little")
data[-8:] = digest(body).to_bytes(8, "little")
open(sys.argv[2], "wb").write(data)
PY
expect_error "an edited log" 'the log has "WROTE out.txt\n' "$skiff" replay "$tmp/edited.log" "$prog"
check "the edit is reported as a divergence" grep -qF 'replay diverged at call #' "$tmp/e.err"
check "... with where the writes differ" grep -qF 'the program "wrote out.txt' "$tmp/e.err"
check "the output before the divergence was written" grep -q '^argc=3' "$tmp/e.out"

size=$(stat -c %s "$log")
head -c $((size - 20)) "$log" > "$tmp/trunc.log"
expect_error "a truncated log" "truncated" "$skiff" replay "$tmp/trunc.log" "$prog"
head -c $((size / 2)) "$log" > "$tmp/half.log"
expect_error "a log cut in half" "truncated" "$skiff" replay "$tmp/half.log" "$prog"
cp "$log" "$tmp/corrupt.log"
printf '\x5a' | dd of="$tmp/corrupt.log" bs=1 seek=$((size - 40)) conv=notrunc status=none
expect_error "a corrupt log" "corrupt" "$skiff" replay "$tmp/corrupt.log" "$prog"
echo "not a log" > "$tmp/junk.log"
expect_error "not a log" "is not a Skiff record log" "$skiff" replay "$tmp/junk.log" "$prog"
expect_error "no log" "cannot open record log" "$skiff" replay "$tmp/missing.log" "$prog"
# A recording that never finished (the process was killed): refused as truncated.
cat > "$tmp/spin.wat" <<'WAT'
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
  (func (export "spin") (loop (drop (call $y)) (br 0))))
WAT
"$skiff" run --record "$tmp/killed.log" --invoke spin "$tmp/spin.wat" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [[ -s "$tmp/killed.log" ]] && break; sleep 0.1; done
sleep 0.2
kill -KILL "$pid"; wait "$pid" 2> /dev/null
check "the killed recording left a log" test -s "$tmp/killed.log"
expect_error "an unfinished log" "truncated" "$skiff" replay "$tmp/killed.log" "$tmp/spin.wat"
exit $fail
