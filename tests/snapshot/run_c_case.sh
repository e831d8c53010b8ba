#!/usr/bin/env bash
# Pre-initialisation of a C program (heavy_init.c): its init reads a file and two
# environment variables and builds large tables. The snapshot, run by skiff and by
# node after the file and the environment changed, must print what the original
# printed before the change (the init is not run again: its inputs are baked in),
# and the original, run after the change, must print something else.
# usage: run_c_case.sh SKIFF PROGRAM.wasm
set -u
skiff="$1"; wasm="$2"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/data"
echo "mode=fast level=3" > "$tmp/data/config.txt"
fail=0
args=(w17 w5 w34 nope)
env=(--env GREETING=hello --env SIEVE_N=50000)
orig="$("$skiff" run --dir "$tmp/data::/data" "${env[@]}" "$wasm" "${args[@]}")" || { echo "original run failed"; fail=1; }
want="config: mode=fast level=3
greeting: hello
primes below 50000: 5133"
if [[ "$orig" != "$want"* ]]; then echo "original output unexpected:"; echo "$orig"; fail=1; fi
if [[ "$(echo "$orig" | wc -l)" != 7 ]]; then echo "original output has the wrong number of lines"; echo "$orig"; fail=1; fi

"$skiff" snapshot "$wasm" -o "$tmp/snap.wasm" --dir "$tmp/data::/data" "${env[@]}" 2> "$tmp/summary" ||
  { echo "snapshot failed:"; cat "$tmp/summary"; exit 1; }
grep -q 'ran "wizer.initialize"' "$tmp/summary" || { echo "summary:"; cat "$tmp/summary"; fail=1; }
"$skiff" validate "$tmp/snap.wasm" || { echo "the snapshot does not validate"; fail=1; }

# Change the inputs of init: the snapshot must not see them.
echo "mode=slow level=1" > "$tmp/data/config.txt"
changed=(--env GREETING=bye --env SIEVE_N=1000)
snap="$("$skiff" run --dir "$tmp/data::/data" "${changed[@]}" "$tmp/snap.wasm" "${args[@]}")"
code=$?
if [[ "$code" != 0 || "$snap" != "$orig" ]]; then
  echo "snapshot under skiff (exit $code) differs:"; diff <(echo "$orig") <(echo "$snap"); fail=1
fi
# The control: the original does read them.
again="$("$skiff" run --dir "$tmp/data::/data" "${changed[@]}" "$wasm" "${args[@]}")"
if [[ "$again" == "$orig" ]]; then echo "the original ignored the changed inputs: the test cannot fail"; fail=1; fi

if command -v node > /dev/null; then
  node_out="$(node --no-warnings "$here/node_wasi.mjs" "$tmp/snap.wasm" "$tmp/data" /data GREETING=bye "${args[@]}" 2>&1)"
  code=$?
  if [[ "$code" != 0 || "$node_out" != "$orig" ]]; then
    echo "snapshot under node (exit $code) differs:"; diff <(echo "$orig") <(echo "$node_out"); fail=1
  fi
fi

# The sieve's table is mostly ones and zeros: the data segments must leave the zero
# runs out, so the module is well under the memory it describes.
mem_bytes="$(sed -n 's/.*: \([0-9]*\) of \([0-9]*\) memory bytes.*/\2/p' "$tmp/summary")"
size="$(stat -c %s "$tmp/snap.wasm")"
if [[ -z "$mem_bytes" || "$size" -ge "$mem_bytes" ]]; then
  echo "snapshot $size bytes for $mem_bytes bytes of memory"; fail=1
fi
exit $fail
