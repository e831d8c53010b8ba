#!/usr/bin/env bash
# References in interpreter frames (refs_frames.wat: funcref and exnref params and
# locals in two frames, exceptions rethrown after the resume): checkpointed at fixed
# and random points and resumed in a new process; the two runs' stdout together
# equal the uninterrupted run's.
# usage: refs_frames.sh SKIFF [POINTS]
set -u
skiff="$1"; points="${2:-8}"
wat="$(cd "$(dirname "$0")" && pwd)/refs_frames.wat"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
"$skiff" run "$wat" > "$tmp/ref.out" || { echo "FAIL: uninterrupted run"; exit 1; }
total=5500000  # about the run's fuel
list="1 700 100000 1000000 3000000 5000000"
for ((k = 0; k < points; ++k)); do list="$list $(( (RANDOM * 32768 + RANDOM) % total + 1 ))"; done
for n in $list; do
  rm -f "$tmp/ck"
  "$skiff" run --checkpoint-on=fuel:$n --checkpoint-file "$tmp/ck" "$wat" > "$tmp/a.out" 2> "$tmp/a.err"
  rc=$?
  if [[ $rc -ne 0 ]]; then echo "FAIL fuel:$n: checkpointing run exit $rc"; cat "$tmp/a.err"; fail=1; continue; fi
  if [[ ! -f "$tmp/ck" ]]; then
    cmp -s "$tmp/a.out" "$tmp/ref.out" || { echo "FAIL fuel:$n: no checkpoint, output differs"; fail=1; }
    continue
  fi
  "$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"; rc=$?
  if [[ $rc -ne 0 ]] || ! cat "$tmp/a.out" "$tmp/b.out" | cmp -s - "$tmp/ref.out"; then
    echo "FAIL fuel:$n: resume exit $rc"; cat "$tmp/b.err"; fail=1; continue
  fi
  echo "ok fuel:$n"
done
exit $fail
