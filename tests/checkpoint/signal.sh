#!/usr/bin/env bash
# `skiff run --checkpoint-on=signal:USR1`: SIGUSR1 during the run writes a checkpoint
# at the next safepoint and exits 0; `skiff resume` finishes the run with the rest of
# the uninterrupted run's stdout and its exit status.
# The program (ticker.wasm) sleeps between rounds, and the signal is sent once its
# first line is out, so the run is still going whatever the machine's speed.
# usage: signal.sh SKIFF ticker.wasm ROUNDS
set -u
skiff="$1"; wasm="$2"; rounds="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$skiff" run "$wasm" "$rounds" > "$tmp/ref.out"; ref_rc=$?
"$skiff" run --checkpoint-on=signal:USR1 --checkpoint-file "$tmp/ck" "$wasm" "$rounds" > "$tmp/a.out" 2> "$tmp/a.err" &
pid=$!
for _ in $(seq 1000); do  # up to 10 s for the first line
  [[ -s "$tmp/a.out" ]] && break
  sleep 0.01
done
kill -USR1 $pid
wait $pid; rc=$?
if [[ ! -f "$tmp/ck" ]]; then echo "FAIL: no checkpoint (exit $rc; the run may have ended before the signal)"; cat "$tmp/a.err"; exit 1; fi
if [[ $rc -ne 0 ]] || ! grep -qF "checkpoint written to $tmp/ck" "$tmp/a.err"; then echo "FAIL: exit $rc"; cat "$tmp/a.err"; exit 1; fi
"$skiff" resume "$tmp/ck" > "$tmp/b.out"; rc2=$?
cat "$tmp/a.out" "$tmp/b.out" > "$tmp/ab.out"
if [[ $rc2 -ne $ref_rc ]] || ! cmp -s "$tmp/ab.out" "$tmp/ref.out"; then
  echo "FAIL: resumed exit $rc2 (want $ref_rc) or stdout differs"; diff "$tmp/ab.out" "$tmp/ref.out" | head; exit 1
fi
echo "ok: checkpoint of $(wc -c < "$tmp/ck") bytes after $(wc -l < "$tmp/a.out") lines; resumed to the same output"
