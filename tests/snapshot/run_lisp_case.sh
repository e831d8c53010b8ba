#!/usr/bin/env bash
# Pre-initialisation of an interpreter (tiny_lisp.c): its init parses and evaluates
# a prelude (its standard library and precomputed tables). The snapshot, run by
# skiff and by node with the same expressions as arguments, must print what the
# original prints (the interpreter's cell count included, so the heap is the same),
# must no longer export the init, and must not run it again (TINY_LISP_EXTRA). Start-up times are in the README, not here.
# usage: run_lisp_case.sh SKIFF TINY_LISP.wasm
set -u
skiff="$1"; wasm="$2"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/data"
fail=0
exprs=("(nth-prime 300)" "(fast-fib 80)" "(take *sorted-sample* 8)" "(tree-size *sample-tree*)"
       "(length *queens6*)" "(sum (map square (range 1 101)))" "(collatz 27)" "(list-ref *pascal* 10)"
       "(sort (list 5 3 9 1) <)" "(define (twice f) (lambda (x) (f (f x))))" "((twice square) 7)"
       "(append '(1 2) '(3) '(4 . 5))" "(cells-used)")
want="1993
23416728348467685
(0 3 4 8 12 13 14 15)
328
4
338350
112
(1 10 45 120 210 252 210 120 45 10 1)
(1 3 5 9)
twice
2401
(1 2 3 4 . 5)"
extra="TINY_LISP_EXTRA=(define *site* 'baked)"
orig="$("$skiff" run --env "$extra" "$wasm" "${exprs[@]}")" || { echo "original run failed"; fail=1; }
if [[ "$orig" != "$want"* ]]; then echo "original output unexpected:"; echo "$orig"; fail=1; fi

"$skiff" snapshot "$wasm" -o "$tmp/snap.wasm" --env "$extra" 2> "$tmp/summary" || { echo "snapshot failed:"; cat "$tmp/summary"; exit 1; }
grep -q 'ran "wizer.initialize"' "$tmp/summary" || { echo "summary:"; cat "$tmp/summary"; fail=1; }
"$skiff" validate "$tmp/snap.wasm" || { echo "the snapshot does not validate"; fail=1; }
if "$skiff" run --invoke wizer.initialize "$tmp/snap.wasm" > /dev/null 2>&1; then
  echo "the snapshot still exports wizer.initialize"; fail=1
fi
snap="$("$skiff" run "$tmp/snap.wasm" "${exprs[@]}")"
code=$?
if [[ "$code" != 0 || "$snap" != "$orig" ]]; then
  echo "snapshot under skiff (exit $code) differs:"; diff <(echo "$orig") <(echo "$snap"); fail=1
fi
if command -v node > /dev/null; then
  node_out="$(node --no-warnings "$here/node_wasi.mjs" "$tmp/snap.wasm" "$tmp/data" /data X=1 "${exprs[@]}" 2>&1)"
  code=$?
  if [[ "$code" != 0 || "$node_out" != "$orig" ]]; then
    echo "snapshot under node (exit $code) differs:"; diff <(echo "$orig") <(echo "$node_out"); fail=1
  fi
fi
# Init is not run again: what it read from the environment stays, and a new
# environment is not read (the control: the original reads it).
site="$("$skiff" run --env "TINY_LISP_EXTRA=(define *site* 'fresh)" "$tmp/snap.wasm" "*site*")"
[[ "$site" == baked ]] || { echo "snapshot: *site* is [$site], expected [baked]"; fail=1; }
site="$("$skiff" run --env "TINY_LISP_EXTRA=(define *site* 'fresh)" "$wasm" "*site*")"
[[ "$site" == fresh ]] || { echo "original: *site* is [$site], expected [fresh]"; fail=1; }
if command -v node > /dev/null; then
  site="$(node --no-warnings "$here/node_wasi.mjs" "$tmp/snap.wasm" "$tmp/data" /data \
          "TINY_LISP_EXTRA=(define *site* 'fresh)" "*site*" 2>&1)"
  [[ "$site" == baked ]] || { echo "snapshot under node: *site* is [$site], expected [baked]"; fail=1; }
fi
# The prelude's garbage was compacted away and zeroed: the data segments hold a
# small part of the memory the module describes.
data="$(sed -n 's/.*: \([0-9]*\) of \([0-9]*\) memory bytes.*/\1/p' "$tmp/summary")"
if [[ -z "$data" || "$data" -ge 2000000 ]]; then echo "snapshot data: ${data:-?} bytes"; cat "$tmp/summary"; fail=1; fi
exit $fail
