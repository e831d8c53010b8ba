#!/usr/bin/env bash
# bench/threads/run.sh SKIFF: the atomics bench natively and under `skiff run`.
set -eu
skiff=${1:-build/skiff}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cc -O2 -o "$tmp/native" "$here/atomics_bench.c" -lpthread
clang --target=wasm32-wasi -O2 -nostdlib -matomics -mbulk-memory \
  -Wl,--shared-memory,--import-memory,--max-memory=16777216,--export=wasi_thread_start,--no-entry,--export=_start \
  -o "$tmp/bench.wasm" "$here/atomics_bench.c" "$here/../../tests/threads/thread_start.s"
echo "== native (C11 atomics, futex)"; "$tmp/native"
echo "== skiff run (tier 0)"; "$skiff" run "$tmp/bench.wasm"
rm -rf "$tmp"
