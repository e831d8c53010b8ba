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

# ../shared/bench programs, whole runs (start-up included) under `skiff run` and any peer
# given as BENCH_PEERS="name=command,..." (e.g. wasm3=/tmp/wasm3/build/wasm3); a CSV copy
# of the table goes to bench/out/shared.csv.
if [[ -d "$build/shared" ]]; then
  declare -A args=([fib]=35 [matmul]=300 [sieve]="16000000 1" [sha256]="4 2" [qsort]=2000000
                   [strmap]="400000 40000")
  peers=("skiff=$build/../skiff run")
  IFS=',' read -r -a extra <<< "${BENCH_PEERS:-}"
  for p in "${extra[@]}"; do [[ -n "$p" ]] && peers+=("$p"); done
  mkdir -p "$here/out"
  csv="$here/out/shared.csv"
  header="program,native_ms"
  printf '\n%-10s %10s' program native_ms
  for p in "${peers[@]}"; do
    printf ' %10s %7s' "${p%%=*}_ms" ratio
    header+=",${p%%=*}_ms,${p%%=*}_ratio"
  done
  printf '  %s\n' output
  echo "$header" > "$csv"
  for prog in fib matmul sieve sha256 qsort strmap; do
    best_n=""
    for ((r = 0; r < reps; r++)); do
      t0=$(date +%s%N); out_n="$("$build/shared/$prog-native" ${args[$prog]})"; t1=$(date +%s%N)
      n=$(( (t1 - t0) / 1000 )); [[ -z "$best_n" || $n -lt $best_n ]] && best_n=$n
    done
    line="$prog,$(awk -v a="$best_n" 'BEGIN{print a/1000}')"
    printf '%-10s %10.2f' "$prog" "$(awk -v a="$best_n" 'BEGIN{print a/1000}')"
    note="same"
    for p in "${peers[@]}"; do
      cmd="${p#*=}"; best=""
      for ((r = 0; r < reps; r++)); do
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        out="$($cmd "$build/shared/$prog.wasm" ${args[$prog]} 2>&1)"; t1=$(date +%s%N)
        s=$(( (t1 - t0) / 1000 )); [[ -z "$best" || $s -lt $best ]] && best=$s
      done
      [[ "$out" == "$out_n" ]] || note="DIFFERS (${p%%=*}: $out)"
      ms="$(awk -v a="$best" 'BEGIN{print a/1000}')"; ratio="$(awk -v a="$best" -v b="$best_n" 'BEGIN{print a/b}')"
      printf ' %10.2f %7.2f' "$ms" "$ratio"
      line+=",$ms,$ratio"
    done
    printf '  %s\n' "$note"
    echo "$line" >> "$csv"
  done
fi
