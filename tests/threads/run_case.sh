#!/usr/bin/env bash
# Runs one wasi-threads test program under `skiff run` and checks it against the
# header of its source: "// EXPECT: TEXT" (stdout contains TEXT, exit status 0)
# or "// EXPECT-EXIT: N|trap" (the status; trap = 134, skiff run's trap status).
# "// RUN-DIR": the program gets an empty scratch directory preopened as fd 3.
# SKIFF_RUN_FLAGS (environment): extra flags for skiff run (e.g. --tier=1).
set -u
skiff=$1 wasm=$2 src=$3
flags=(${SKIFF_RUN_FLAGS:-})
if grep -q '^// RUN-DIR' "$src"; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  flags+=(--dir "$scratch::.")
fi
expect=$(sed -n 's|^// EXPECT: ||p' "$src")
expect_exit=$(sed -n 's|^// EXPECT-EXIT: ||p' "$src")
out=$(timeout 60 "$skiff" run "${flags[@]}" "$wasm" 2>/tmp/skiff-threads-err.$$)
status=$?
err=$(cat /tmp/skiff-threads-err.$$); rm -f /tmp/skiff-threads-err.$$
if [ -n "$expect_exit" ]; then
  want=$expect_exit
  [ "$want" = trap ] && want=134
  if [ "$status" != "$want" ]; then
    echo "FAIL: exit status $status, expected $want"; echo "stdout: $out"; echo "stderr: $err"; exit 1
  fi
  if [ "$expect_exit" = trap ] && ! grep -q "unreachable" <<<"$err"; then
    echo "FAIL: no trap message on stderr: $err"; exit 1
  fi
else
  if [ "$status" != 0 ] || ! grep -qF "$expect" <<<"$out"; then
    echo "FAIL: status $status, stdout: $out (expected '$expect')"; echo "stderr: $err"; exit 1
  fi
fi
echo "ok: $(basename "$src")"
