#!/usr/bin/env bash
# bench/threads/run.sh [SKIFF [REPS]]: the atomics bench (atomics_bench.c) natively
# (C11 atomics, pthreads, futex) and under `skiff run` (tier 0, and tier 1 when the
# build has the compiler), REPS times each (default 3), the runs interleaved
# (native, skiff, native, skiff...) so that a machine loaded by other work slows
# both alike. Prints every run, then the best figure of each kind per runtime.
set -eu
skiff=${1:-build/skiff}
reps=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/native" "$here/atomics_bench.c" -lpthread
clang --target=wasm32-wasi -O2 -nostdlib -matomics -mbulk-memory \
  -Wl,--shared-memory,--import-memory,--max-memory=16777216,--export=wasi_thread_start,--no-entry,--export=_start \
  -o "$tmp/bench.wasm" "$here/atomics_bench.c" "$here/../../tests/threads/thread_start.s"
runners=("native:$tmp/native" "skiff-tier0:$skiff run --tier=0 $tmp/bench.wasm")
echo '(module (func (export "_start")))' > "$tmp/probe.wat"
if "$skiff" run --tier=1 --no-cache "$tmp/probe.wat" > /dev/null 2>&1; then
  runners+=("skiff-tier1:$skiff run --tier=1 --no-cache $tmp/bench.wasm")
fi
: > "$tmp/all"
for ((r = 1; r <= reps; r++)); do
  for entry in "${runners[@]}"; do
    name=${entry%%:*} cmd=${entry#*:}
    echo "== $name (run $r)"
    # shellcheck disable=SC2086
    if out=$($cmd 2>&1); then
      echo "$out"
      sed -n "s/^\(.*\) ps\/op: \([0-9]*\)$/$name|\1|\2/p" <<< "$out" >> "$tmp/all"
    else
      echo "$out"; echo "($name failed)"
    fi
  done
done
echo "== best of $reps (ns per operation)"
sort -t'|' -k1,1 -k2,2 -k3,3n "$tmp/all" | awk -F'|' '!seen[$1 FS $2]++ { printf "%-12s %-36s %10.1f\n", $1, $2, $3 / 1000 }'
