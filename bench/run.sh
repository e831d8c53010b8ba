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

# ../shared/bench programs, whole runs (start-up included) under `skiff run`.
if [[ -d "$build/shared" ]]; then
  declare -A args=([fib]=35 [matmul]=300 [sieve]="16000000 1" [sha256]="4 2" [qsort]=2000000
                   [strmap]="400000 40000")
  printf '\n%-14s %12s %12s %8s  %s\n' program native_ms skiff_ms ratio output
  for p in fib matmul sieve sha256 qsort strmap; do
    best_n=""; best_s=""
    for ((r = 0; r < reps; r++)); do
      t0=$(date +%s%N); out_n="$("$build/shared/$p-native" ${args[$p]})"; t1=$(date +%s%N)
      out_s="$("$build/../skiff" run "$build/shared/$p.wasm" ${args[$p]})"; t2=$(date +%s%N)
      n=$(( (t1 - t0) / 1000 )); s=$(( (t2 - t1) / 1000 ))
      [[ -z "$best_n" || $n -lt $best_n ]] && best_n=$n
      [[ -z "$best_s" || $s -lt $best_s ]] && best_s=$s
    done
    ok=$([[ "$out_n" == "$out_s" ]] && echo "same" || echo "DIFFERS: native=[$out_n] skiff=[$out_s]")
    printf '%-14s %12.2f %12.2f %8.2f  %s\n' "$p" "$(awk -v a="$best_n" 'BEGIN{print a/1000}')" \
      "$(awk -v a="$best_s" 'BEGIN{print a/1000}')" "$(awk -v a="$best_s" -v b="$best_n" 'BEGIN{print a/b}')" "$ok"
  done
fi
