#!/usr/bin/env bash
# Runs each kernel natively and on Skiff (best of REPS runs each) and prints a table
# of times and ratios. Usage: bench/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}/bench"
reps="${REPS:-3}"
# kernel:argument pairs; the arguments make each native run take tens of ms.
kernels=("fib:32" "matmul:200" "sieve:8000000")
printf '%-14s %12s %12s %8s  %s\n' kernel native_ms skiff_ms ratio checksum
for kv in "${kernels[@]}"; do
  k="${kv%%:*}"; n="${kv##*:}"
  read -r nt ns < <("$build/$k-native" "$n" "$reps")
  read -r st ss < <("$build/skiff-bench" "$build/$k.wasm" "$n" "$reps")
  ok=$([[ "$ns" == "$ss" ]] && echo "ok $ns" || echo "MISMATCH native=$ns skiff=$ss")
  printf '%-14s %12.2f %12.2f %8.2f  %s\n' "$k" "$nt" "$st" "$(awk -v a="$st" -v b="$nt" 'BEGIN{print a/b}')" "$ok"
done
# GC: binary trees (no native twin); nodes allocated per second.
read -r gt gs < <("$build/skiff-bench" "$here/kernels/binary_trees.wat" 16 "$reps" 2>/dev/null)
printf '%-14s %12s %12.2f %8s  %s nodes, %.1f M allocations/s\n' binary_trees - "$gt" - "$gs" \
  "$(awk -v a="$gs" -v b="$gt" 'BEGIN{print a/b/1000}')"
