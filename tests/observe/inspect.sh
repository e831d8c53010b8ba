#!/bin/bash
# skiff inspect --details / --stats / -d on real modules: a C module built with -g
# (producers, DWARF, data), its copy without a name section (names from DWARF),
# and a Rust module when the wasi-rust tests built one.
set -u
SKIFF=$1 B=$2
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
need() {  # need NAME OUTPUT PATTERN...
  local name=$1 out=$2; shift 2
  for p in "$@"; do grep -qE -- "$p" <<<"$out" || { fail "$name: no /$p/"; }; done
}
out=$("$SKIFF" inspect --details "$B/trap_line.wasm") || fail "inspect --details exit $?"
need details "$out" '^Details:' \
  'wasi_snapshot_preview1\.fd_write: func\[[0-9]+\] \(i32, i32, i32, i32\) -> \(i32\)' \
  '"_start": func\[[0-9]+\] <_start[.a-z_]*> \(\) -> \(\)' \
  '"memory": memory\[0\]' \
  '^    \[[0-9]+\] memory=0 offset=0x[0-9a-f]+ size=[0-9]+ ".*"' \
  '"producers": [0-9]+ bytes' '^    processed-by: .*clang' \
  '"\.debug_line": [0-9]+ bytes' '^  DWARF: [0-9]+ subprograms with code, [0-9]+ line rows'
out=$("$SKIFF" inspect --stats --top 5 "$B/hot.wasm") || fail "inspect --stats exit $?"
need stats "$out" '^Stats:' '^  [0-9]+ functions, [0-9]+ instructions, [0-9]+ bytes of code' \
  '^  Instructions \([0-9]+ kinds; top 5\):' '^    local\.get +[0-9]+ +[0-9.]+%' \
  '^  Largest functions \(top 5\):'
[ "$(grep -cE '^    func\[[0-9]+\] ' <<<"$out")" -eq 5 ] || fail "stats: not 5 function rows"
# Names from DWARF when the name section is gone, in the listing and the disassembly.
out=$("$SKIFF" inspect -d "$B/trap_line_nonames.wasm") || fail "inspect -d exit $?"
need disasm "$out" '^  \[[0-9]+\] \$divide \(type [0-9]+\)' '^  \[[0-9]+\] \$compute ' \
  '^    0x[0-9a-f]{6}: +i32\.div_s'
for rs in "$B"/../wasi-rust/*.wasm; do
  [ -f "$rs" ] && [ "$(basename "$rs")" != probe.wasm ] || continue
  out=$("$SKIFF" inspect --details --stats "$rs") || fail "inspect rust $rs exit $?"
  need "rust $(basename "$rs")" "$out" '^    language: .*Rust' '^    processed-by: .*rustc' '^  Instructions'
  break
done
[ $fails -eq 0 ] && echo "inspect: all checks passed"
exit $fails
