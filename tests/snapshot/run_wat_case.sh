#!/usr/bin/env bash
# One pre-initialisation case: snapshots CASE.wat with `skiff snapshot` and checks
# the result. usage: run_wat_case.sh SKIFF CASE.wat
# Header comments of the case:
#   ;; SNAPSHOT: args      extra `skiff snapshot` arguments ($TMP: a scratch dir)
#   ;; REFUSE: text        the snapshot must fail (exit ;; EXIT:, default 1) with
#                          `text` on stderr, and write nothing
#   ;; SUMMARY-HAS: text   the snapshot's summary line (stderr) contains `text`
#   ;; GONE: name          the snapshot must not export `name`
#   ;; INVOKE: f args => r `skiff run --invoke f args` of the snapshot prints r
#                          (r = trap: it traps, exit 134); a fresh instance each time
#   ;; NODE: yes|no ...|FLAGS   run the INVOKE lines under node as well (with FLAGS)
set -u
skiff="$1"; src="$2"
here="$(cd "$(dirname "$0")" && pwd)"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
out="$TMP/snap.wasm"
fail=0
snap_args="$(sed -n 's|^;; SNAPSHOT: \{0,1\}||p' "$src" | sed "s|\$TMP|$TMP|g")"
want_exit="$(sed -n 's|^;; EXIT: ||p' "$src")"
# shellcheck disable=SC2086
"$skiff" snapshot "$src" -o "$out" $snap_args > "$TMP/stdout" 2> "$TMP/stderr"
got=$?
refuse="$(sed -n 's|^;; REFUSE: ||p' "$src")"
if [[ -n "$refuse" ]]; then
  if [[ "$got" != "${want_exit:-1}" ]]; then echo "snapshot exit $got, expected ${want_exit:-1}"; fail=1; fi
  if ! grep -qF -- "$refuse" "$TMP/stderr"; then
    echo "stderr lacks [$refuse]; it was:"; cat "$TMP/stderr"; fail=1
  fi
  if [[ -e "$out" ]]; then echo "a refused snapshot was written"; fail=1; fi
  exit $fail
fi
if [[ "$got" != 0 ]]; then echo "snapshot failed ($got):"; cat "$TMP/stderr"; exit 1; fi
while IFS= read -r want; do
  if ! grep -qF -- "$want" "$TMP/stderr"; then echo "summary lacks [$want]:"; cat "$TMP/stderr"; fail=1; fi
done < <(sed -n 's|^;; SUMMARY-HAS: ||p' "$src")
if ! "$skiff" validate "$out"; then echo "the snapshot does not validate"; fail=1; fi
while IFS= read -r name; do
  if "$skiff" run --invoke "$name" "$out" > /dev/null 2>&1; then
    echo "the snapshot still exports $name"; fail=1
  fi
done < <(sed -n 's|^;; GONE: ||p' "$src")
calls=(); wants=()
while IFS= read -r line; do
  call="${line% => *}"; want="${line##* => }"
  calls+=("$call"); wants+=("$want")
  read -r fname fargs <<< "$call"
  # shellcheck disable=SC2086
  res="$("$skiff" run --invoke "$fname" "$out" $fargs 2> "$TMP/err")"
  code=$?
  if [[ "$want" == trap ]]; then
    if [[ "$code" != 134 ]]; then echo "$call: exit $code, expected a trap"; fail=1; fi
  elif [[ "$code" != 0 || "$res" != "$want" ]]; then
    echo "$call: got [$res] (exit $code), expected [$want]"; cat "$TMP/err"; fail=1
  fi
done < <(sed -n 's|^;; INVOKE: ||p' "$src")
node_mode="$(sed -n 's|^;; NODE: ||p' "$src")"
if [[ -n "$node_mode" && "$node_mode" != no* ]] && command -v node > /dev/null; then
  flags=""; [[ "$node_mode" != yes ]] && flags="$node_mode"
  # shellcheck disable=SC2086
  mapfile -t got_node < <(node --no-warnings $flags "$here/node_invoke.mjs" "$out" "${calls[@]}" 2>&1)
  for i in "${!calls[@]}"; do
    if [[ "${got_node[$i]:-}" != "${wants[$i]}" ]]; then
      echo "node: ${calls[$i]}: got [${got_node[$i]:-}], expected [${wants[$i]}]"; fail=1
    fi
  done
fi
exit $fail
