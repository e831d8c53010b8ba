#!/usr/bin/env bash
# Skiff's benchmarks (see bench/README.md). Usage: bench/run.sh [BUILD_DIR]   (default: build)
#
# 1. In-process kernels (fib, matmul, sieve, binary_trees): natively and on Skiff's
#    interpreter via skiff-bench, best of BENCH_REPS runs each.
# 2. Whole C programs (../shared/bench/*.c and bench/programs/*.c, built by the targets
#    bench-shared and bench-programs), run natively, under `skiff run` and under each peer
#    runtime. Runs are interleaved: repetition r runs program p natively, on Skiff, then on
#    each peer, before repetition r + 1. Every runtime's output must equal the native one;
#    a difference or an error marks that program failed for that runtime. report.py prints
#    the table of median times and ratios (with the geometric mean per runtime) and writes
#    bench/out/results.csv and bench/out/report.svg; raw timings go to bench/out/raw.csv.
# 3. Peak RSS: after the timed runs, one more run per program and runtime under GNU
#    `/usr/bin/time -f %M` (never timed) -> bench/out/rss.csv; report.py prints it in MiB.
# 4. Tier-1 compile throughput: `skiff compile X.wasm` of every program and of a generated
#    module of 20,000 functions, with SKIFF_COMPILE_THREADS=1 and with the automatic thread
#    count (bench/compile_bench.py) -> bench/out/compile.csv; report.py prints it.
#
# Environment:
#   SKIFF=PATH           the skiff binary (default BUILD_DIR/skiff)
#   BENCH_REPS=N         repetitions (default 5; REPS is read if BENCH_REPS is unset)
#   BENCH_PEERS=name=command,...   more runtimes, each run as `command FILE.wasm ARGS`;
#                        wasm3 and iwasm found on PATH are added unless already named
#   BENCH_PROGRAMS="a b" only these programs (names without .c)
#   BENCH_QUICK=1        small arguments (a smoke test of the harness, not a measurement)
#   BENCH_KERNELS=0      skip part 1
#   BENCH_TIERS=0        only Skiff's interpreter (no tier-1 columns)
#   BENCH_NODE=0         no node (V8) column
#   BENCH_TIMEOUT=S      limit for one run, through timeout(1) (default none: the extra process
#                        would add to every time); a run past it counts as failed
#   BENCH_RSS=0          skip part 3 (peak RSS)
#   BENCH_COMPILE=0      skip part 4 (compile throughput)
#   BENCH_COMPILE_BIG_N=N      functions of the generated module (default 20000; 500 with
#                        BENCH_QUICK=1; 0 = none)
#   BENCH_COMPILE_BIG_REPS=N   compiles of it per thread setting (default 1: ~5 min each)
#   BENCH_OUT=DIR        output folder (default bench/out)
# Exit status: 0, or 1 when any runtime failed a program (after writing everything).
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "$0")" && pwd)"
builddir="${1:-build}"
build="$builddir/bench"
reps="${BENCH_REPS:-${REPS:-5}}"
skiff="${SKIFF:-$builddir/skiff}"
out="${BENCH_OUT:-$here/out}"
limiter=()
wrap=()  # part 3 runs each command under GNU time; empty for the timed runs
if [[ -n "${BENCH_TIMEOUT:-}" ]]; then limiter=(timeout "$BENCH_TIMEOUT"); fi
mkdir -p "$out"
rm -f "$out/rss.csv" "$out/compile.csv"  # never report a previous run's

if [[ ! -x "$skiff" ]]; then
  echo "run.sh: no skiff binary at $skiff (build it, or set SKIFF=...)" >&2
  exit 2
fi

# ---- 1. in-process kernels ----
if [[ "${BENCH_KERNELS:-1}" != 0 && -x "$build/skiff-bench" && -x "$build/fib-native" ]]; then
  # kernel:argument pairs; the arguments make each native run take tens of ms.
  kernels=("fib:32" "matmul:200" "sieve:8000000")
  echo "== in-process kernels (best of $reps) =="
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
  printf '%-14s %12s %12.2f %8s  %s nodes, %.1f M allocations/s\n\n' binary_trees - "$gt" - "$gs" \
    "$(awk -v a="$gs" -v b="$gt" 'BEGIN{print a/b/1000}')"
fi

# ---- 2. whole programs ----
# Arguments per program: each runs roughly 0.2-0.6 s natively (hello: start-up only).
declare -A args=(
  [fib]=40 [matmul]=800 [sieve]="48000000 1" [sha256]="8 6" [qsort]=3000000
  [strmap]="1500000 150000" [hello]=""
  [json]="8192 10" [regex]=2048 [interp]=10 [compress]=8192 [hashmap]=1500000)
if [[ "${BENCH_QUICK:-0}" != 0 ]]; then
  args=([fib]=25 [matmul]=100 [sieve]="1000000 1" [sha256]="1 1" [qsort]=100000
        [strmap]="50000 5000" [hello]="" [json]="256 1" [regex]=64 [interp]=2
        [compress]=256 [hashmap]=50000)
fi

# Programs: the shared ones first, then ours; each needs NAME.wasm and NAME-native.
progs=()
for dir in "$build/shared" "$build/programs"; do
  [[ -d "$dir" ]] || continue
  for w in "$dir"/*.wasm; do
    [[ -e "$w" ]] || continue
    p="$(basename "$w" .wasm)"
    [[ -x "$dir/$p-native" ]] || continue
    if [[ -n "${BENCH_PROGRAMS:-}" && " $BENCH_PROGRAMS " != *" $p "* ]]; then continue; fi
    progs+=("$dir/$p")
  done
done
if ((${#progs[@]} == 0)); then
  echo "run.sh: no programs in $build/shared or $build/programs" \
       "(build the targets bench-shared and bench-programs)" >&2
  exit 2
fi

# Runtimes: name and command (the .wasm file and the arguments are appended).
names=(native skiff)
cmds=("" "$skiff run --tier=0")
# Tier 1 (when this skiff has the compiler): skiff-t1 compiles every function before
# running (compile time included), skiff-auto starts in tier 0 and tiers up, skiff-aot
# runs a .skc made by `skiff compile` beforehand (no compiling in the timed run).
# Caches are off so every run pays what it would pay the first time.
if [[ "${BENCH_TIERS:-1}" != 0 ]] && "$skiff" run --tier=1 "$here/../examples/hello.wat" > /dev/null 2>&1; then
  nocache=""
  if "$skiff" run --help 2>&1 | grep -q -- '--no-cache'; then nocache=" --no-cache"; fi
  names+=(skiff-t1 skiff-auto); cmds+=("$skiff run --tier=1$nocache" "$skiff run --tier=auto$nocache")
  if "$skiff" compile --help > /dev/null 2>&1; then names+=(skiff-aot); cmds+=("@skc"); fi
fi
if [[ "${BENCH_NODE:-1}" != 0 ]] && command -v node > /dev/null; then
  names+=(node); cmds+=("node --no-warnings $here/node_wasi.mjs")
fi
IFS=',' read -r -a extra <<< "${BENCH_PEERS:-}"
for p in "${extra[@]}"; do
  [[ -n "$p" ]] || continue
  if [[ "$p" != *=* ]]; then echo "run.sh: BENCH_PEERS entry '$p' is not name=command" >&2; exit 2; fi
  bin="${p#*=}"; bin="${bin%% *}"
  if ! command -v "$bin" > /dev/null; then echo "run.sh: peer ${p%%=*}: no $bin, skipped" >&2; continue; fi
  names+=("${p%%=*}"); cmds+=("${p#*=}")
done
for tool in wasm3 iwasm; do
  if [[ " ${names[*]} " != *" $tool "* ]] && command -v "$tool" > /dev/null; then
    names+=("$tool"); cmds+=("$(command -v "$tool")")
  fi
done

echo "== whole programs: ${names[*]}; $reps interleaved repetitions =="
for i in "${!names[@]}"; do
  [[ $i == 0 ]] && echo "  native: the -native twins" || echo "  ${names[$i]}: ${cmds[$i]} FILE.wasm ARGS"
done
raw="$out/raw.csv"
echo "program,args,runtime,rep,ms,status" > "$raw"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# run_one PROG_BASE RUNTIME_INDEX -> sets ms, status; stdout in $tmp/out, stderr in $tmp/err
run_one() {
  local base="$1" i="$2" t0 t1 rc=0
  local -a cmd
  if [[ $i == 0 ]]; then cmd=("$base-native")
  elif [[ ${cmds[$i]} == @skc ]]; then cmd=("$skiff" run "$tmp/$(basename "$base").skc")
  else read -r -a cmd <<< "${cmds[$i]}"; cmd+=("$base.wasm"); fi
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2086
  ${limiter[@]+"${limiter[@]}"} ${wrap[@]+"${wrap[@]}"} "${cmd[@]}" ${args[$p]-} > "$tmp/out" 2> "$tmp/err" < /dev/null || rc=$?
  t1=$EPOCHREALTIME
  ms=$(( ${t1/./} - ${t0/./} )); ms="$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  if ((rc == 124)) && ((${#limiter[@]})); then status="timeout"
  elif ((rc != 0)); then status="exit $rc"
  elif [[ $i != 0 ]] && ! cmp -s "$tmp/out" "$tmp/expected"; then status="mismatch"
  else status="ok"; fi
}

for base in "${progs[@]}"; do
  p="$(basename "$base")"
  if [[ " ${cmds[*]} " == *" @skc "* ]] && ! "$skiff" compile "$base.wasm" -o "$tmp/$p.skc" > "$tmp/err" 2>&1; then
    echo "run.sh: skiff compile $p failed: $(head -c 300 "$tmp/err")" >&2
  fi
  printf '%-10s %-18s' "$p" "${args[$p]-}"
  : > "$tmp/notes"
  for ((r = 1; r <= reps; r++)); do
    for i in "${!names[@]}"; do
      run_one "$base" "$i"
      if [[ $i == 0 && $r == 1 ]]; then cp "$tmp/out" "$tmp/expected"; fi
      if [[ $i == 0 && $status == ok ]] && ! cmp -s "$tmp/out" "$tmp/expected"; then
        status="mismatch"  # native output changed between repetitions
      fi
      echo "$p,${args[$p]-},${names[$i]},$r,$ms,$status" >> "$raw"
      if [[ $status != ok ]]; then
        {
          printf '    FAIL %s, repetition %d: %s\n' "${names[$i]}" "$r" "$status"
          if [[ $status == mismatch ]]; then
            printf '      expected: %s\n      got:      %s\n' "$(head -c 200 "$tmp/expected")" \
                   "$(head -c 200 "$tmp/out")"
          fi
          [[ -s "$tmp/err" ]] && sed -n '1,5s/^/      stderr: /p' "$tmp/err"
        } >> "$tmp/notes"
      fi
    done
    printf '.'
  done
  printf '  %s\n' "$(head -c 110 "$tmp/expected")"
  cat "$tmp/notes"
  cp "$tmp/expected" "$tmp/$p.expected"
done
echo

# ---- 3. peak RSS: one more run of each program under each runtime, not timed ----
if [[ "${BENCH_RSS:-1}" != 0 ]]; then
  if /usr/bin/time -f %M -o /dev/null true 2> /dev/null; then
    echo "== peak RSS: one more run per program and runtime under /usr/bin/time -f %M =="
    echo "program,runtime,peak_rss_kb,status" > "$out/rss.csv"
    wrap=(/usr/bin/time -f %M -o "$tmp/rss")
    for base in "${progs[@]}"; do
      p="$(basename "$base")"
      cp "$tmp/$p.expected" "$tmp/expected"
      printf '%-10s ' "$p"
      for i in "${!names[@]}"; do
        : > "$tmp/rss"
        run_one "$base" "$i"
        if [[ $i == 0 && $status == ok ]] && ! cmp -s "$tmp/out" "$tmp/expected"; then status="mismatch"; fi
        # GNU time writes "Command exited with non-zero status N" first when it does.
        kb="$(tail -n 1 "$tmp/rss")"
        [[ "$kb" =~ ^[0-9]+$ ]] || kb=""
        echo "$p,${names[$i]},$kb,$status" >> "$out/rss.csv"
        printf '.'
      done
      echo
    done
    wrap=()
    echo
  else
    echo "run.sh: no GNU time at /usr/bin/time (Debian package time): peak RSS skipped" >&2
  fi
fi

# ---- 4. tier-1 compile throughput ----
if [[ "${BENCH_COMPILE:-1}" != 0 ]]; then
  if "$skiff" compile "$here/../examples/hello.wat" -o "$tmp/probe.skc" > /dev/null 2>&1; then
    big_n="${BENCH_COMPILE_BIG_N:-$([[ "${BENCH_QUICK:-0}" != 0 ]] && echo 500 || echo 20000)}"
    big_reps="${BENCH_COMPILE_BIG_REPS:-1}"
    echo "== tier-1 compile throughput: skiff compile, min of $reps (big$big_n: $big_reps)," \
         "SKIFF_COMPILE_THREADS=1 and automatic =="
    specs=()
    for base in "${progs[@]}"; do specs+=("$(basename "$base"):$reps:$base.wasm"); done
    if ((big_n > 0)); then
      python3 "$here/embed/gen_big_module.py" "$big_n" > "$tmp/big.wat"
      if "$skiff" wat2wasm "$tmp/big.wat" -o "$tmp/big.wasm" > "$tmp/err" 2>&1; then
        specs+=("big$big_n:$big_reps:$tmp/big.wasm")
      else
        echo "run.sh: skiff wat2wasm of the generated module failed: $(head -c 300 "$tmp/err")" >&2
      fi
    fi
    python3 "$here/compile_bench.py" "$skiff" "$out/compile.csv" "${specs[@]}"
    echo
  else
    echo "run.sh: this skiff cannot compile (no tier 1): compile throughput skipped" >&2
  fi
fi
python3 "$here/report.py" "$raw" "$out"
