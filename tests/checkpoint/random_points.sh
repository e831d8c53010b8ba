#!/usr/bin/env bash
# Checkpoints a WASI program at random fuel points and resumes it in a new process;
# each time, the two runs' stdout together must be byte-identical to an
# uninterrupted run's, the resumed run's exit status the uninterrupted one's, and
# (with --files) the file the program writes identical too. One more round chains
# two checkpoints (run -> resume that checkpoints again -> resume).
# usage: random_points.sh SKIFF PROGRAM.wasm POINTS MAX_FUEL [--files] [-- ARGS...]
# POINTS fuel amounts are drawn from [1, MAX_FUEL] (MAX_FUEL about the run's total);
# at least half must fall inside the run. CKPT_SEED fixes the draw (printed).
set -u
skiff="$1"; wasm="$2"; points="$3"; max="$4"; shift 4
files=0
if [[ "${1:-}" == "--files" ]]; then files=1; shift; fi
[[ "${1:-}" == "--" ]] && shift
args=("$@")
seed="${CKPT_SEED:-$(( $(date +%s) % 100000 ))}"
echo "seed $seed (CKPT_SEED=$seed reproduces)"
RANDOM=$seed
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0

setup() {
  rm -rf "$tmp/data"; mkdir -p "$tmp/data"
  if (( files )); then
    for i in $(seq 1 400); do echo "input line $i: $(( (i * 7919) % 1000 )) lorem ipsum"; done > "$tmp/data/input.txt"
  fi
}
dirflag=()
(( files )) && dirflag=(--dir "$tmp/data::/data")

setup
"$skiff" run "${dirflag[@]}" "$wasm" "${args[@]}" > "$tmp/ref.out" 2> "$tmp/ref.err"
ref_rc=$?
(( files )) && cp "$tmp/data/out.txt" "$tmp/ref.file"
echo "uninterrupted: exit $ref_rc, $(wc -c < "$tmp/ref.out") bytes of stdout"

check_file() {
  if (( files )) && ! cmp -s "$tmp/data/out.txt" "$tmp/ref.file"; then
    echo "FAIL ($1): the written file differs"; fail=1
  fi
}

taken=0
for (( k = 0; k < points; k++ )); do
  n=$(( ( (RANDOM << 15) | RANDOM ) % max + 1 ))
  setup; rm -f "$tmp/ck"
  "$skiff" run --checkpoint-on=fuel:$n --checkpoint-file "$tmp/ck" "${dirflag[@]}" "$wasm" "${args[@]}" \
    > "$tmp/a.out" 2> "$tmp/a.err"
  rc=$?
  if [[ ! -f "$tmp/ck" ]]; then
    # The run ended before the point: it must be the uninterrupted run.
    if [[ $rc -ne $ref_rc ]] || ! cmp -s "$tmp/a.out" "$tmp/ref.out"; then
      echo "FAIL (fuel $n, no checkpoint): exit $rc or stdout differs"; cat "$tmp/a.err"; fail=1
    fi
    check_file "fuel $n, no checkpoint"
    continue
  fi
  taken=$((taken + 1))
  if [[ $rc -ne 0 ]] || ! grep -qF "checkpoint written to $tmp/ck" "$tmp/a.err"; then
    echo "FAIL (fuel $n): the checkpointing run exited $rc / did not name the file"; cat "$tmp/a.err"; fail=1
  fi
  "$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"
  rc2=$?
  cat "$tmp/a.out" "$tmp/b.out" > "$tmp/ab.out"
  if [[ $rc2 -ne $ref_rc ]] || ! cmp -s "$tmp/ab.out" "$tmp/ref.out"; then
    echo "FAIL (fuel $n): resumed exit $rc2 (want $ref_rc) or stdout differs"; cat "$tmp/b.err"
    diff "$tmp/ab.out" "$tmp/ref.out" | head -5; fail=1
  fi
  check_file "fuel $n"
  echo "fuel $n: checkpoint $(wc -c < "$tmp/ck") bytes, ok"
done

# Two hops.
n1=$(( max / 3 )); n2=$(( max / 4 ))
setup; rm -f "$tmp/ck" "$tmp/ck2"
"$skiff" run --checkpoint-on=fuel:$n1 --checkpoint-file "$tmp/ck" "${dirflag[@]}" "$wasm" "${args[@]}" > "$tmp/a.out" 2>/dev/null
"$skiff" resume --checkpoint-on=fuel:$n2 --checkpoint-file "$tmp/ck2" "$tmp/ck" > "$tmp/b.out" 2>/dev/null
"$skiff" resume "$tmp/ck2" > "$tmp/c.out" 2>/dev/null
rc3=$?
cat "$tmp/a.out" "$tmp/b.out" "$tmp/c.out" > "$tmp/abc.out"
if [[ ! -f "$tmp/ck" || ! -f "$tmp/ck2" || $rc3 -ne $ref_rc ]] || ! cmp -s "$tmp/abc.out" "$tmp/ref.out"; then
  echo "FAIL (two hops at $n1 then $n2): exit $rc3 or stdout differs"; fail=1
fi
check_file "two hops"

echo "$taken of $points points checkpointed"
if (( taken * 2 < points )); then echo "FAIL: too few points inside the run (raise or lower MAX_FUEL)"; fail=1; fi
exit $fail
