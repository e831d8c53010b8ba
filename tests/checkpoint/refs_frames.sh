#!/usr/bin/env bash
# References in interpreter frames (refs_frames.wat: funcref and exnref params and
# locals in two frames, exceptions rethrown after the resume): checkpointed at fixed
# and random points and resumed in a new process; the two runs' stdout together
# equal the uninterrupted run's.
# usage: refs_frames.sh SKIFF [POINTS]
set -u
skiff="$1"; points="${2:-8}"
here="$(cd "$(dirname "$0")" && pwd)"
wat="$here/refs_frames.wat"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
"$skiff" run "$wat" > "$tmp/ref.out" || { echo "FAIL: uninterrupted run"; exit 1; }
total=5500000  # about the run's fuel
list="1 700 100000 1000000 3000000 5000000"
for ((k = 0; k < points; ++k)); do list="$list $(( (RANDOM * 32768 + RANDOM) % total + 1 ))"; done
source "$here/ckpt_lib.sh"
for n in $list; do round point $n; done
exit $fail
