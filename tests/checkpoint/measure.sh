#!/usr/bin/env bash
# Size and time of a checkpoint and a restore of a program with 64 MiB of linear
# memory (programs/bigmem.c), as issue 17 asks (not a ctest: a measurement).
# usage: measure.sh SKIFF bigmem.wasm FUEL
set -u
skiff="$1"; wasm="$2"; fuel="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s.%N)
"$skiff" run "$wasm" > "$tmp/ref.out"
t1=$(date +%s.%N)
echo "uninterrupted run: $(echo "$t1 - $t0" | bc) s, $(cat "$tmp/ref.out")"
SKIFF_CHECKPOINT_TIMING=1 "$skiff" run --checkpoint-on=fuel:$fuel --checkpoint-file "$tmp/ck" "$wasm" > "$tmp/a.out" 2> "$tmp/a.err"
cat "$tmp/a.err"
ls -l "$tmp/ck" | awk '{print "checkpoint file:", $5, "bytes"}'
t2=$(date +%s.%N)
SKIFF_CHECKPOINT_TIMING=1 "$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"
t3=$(date +%s.%N)
cat "$tmp/b.err"
echo "resume (restore + rest of the run): $(echo "$t3 - $t2" | bc) s"
cat "$tmp/a.out" "$tmp/b.out" | cmp -s - "$tmp/ref.out" && echo "output identical" || echo "OUTPUT DIFFERS"
