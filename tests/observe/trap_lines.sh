#!/bin/bash
# Trap backtraces with source places: trap_line.c traps on known lines (markers in
# the source); the backtrace must name file:line and the functions, from the name
# section or (stripped copy) from DWARF alone, with guard pages and with explicit
# bounds checks; --no-backtrace-details drops the places but keeps the names.
set -u
SKIFF=$1 B=$2 P=$3
SRC=$P/trap_line.c
line_of() { grep -n "// $1" "$SRC" | cut -d: -f1; }
DIV=$(line_of DIV_LINE) CALL=$(line_of CALL_LINE) OOB=$(line_of OOB_LINE)
fails=0
check() {  # check NAME OUTPUT PATTERN...
  local name=$1 out=$2; shift 2
  for p in "$@"; do
    if ! grep -qE -- "$p" <<<"$out"; then
      echo "FAIL $name: no match for /$p/ in:"; echo "$out"; fails=$((fails + 1))
    fi
  done
}
place() {  # place NAME OUTPUT FUNC LINE: the frame of FUNC, then its source place
  local name=$1 out=$2 func=$3 line=$4 next
  next=$(grep -A1 -E "^  at func\[[0-9]+\] $func( |$)" <<<"$out" | sed -n 2p)
  if ! grep -qE "^      at .*trap_line\.c:$line:[0-9]+$" <<<"$next"; then
    echo "FAIL $name: frame $func not followed by trap_line.c:$line in:"; echo "$out"; fails=$((fails + 1))
  fi
}
for wasm in trap_line.wasm trap_line_nonames.wasm; do
  for mode in "" --bounds-checks; do
    out=$("$SKIFF" run $mode "$B/$wasm" 2>&1); rc=$?
    [ $rc -eq 134 ] || { echo "FAIL $wasm $mode: exit $rc"; fails=$((fails + 1)); }
    check "$wasm $mode div" "$out" "integer divide by zero"
    place "$wasm $mode div" "$out" divide "$DIV"
    place "$wasm $mode div" "$out" compute "$CALL"
    out=$("$SKIFF" run $mode "$B/$wasm" oob 2>&1); rc=$?
    [ $rc -eq 134 ] || { echo "FAIL $wasm $mode oob: exit $rc"; fails=$((fails + 1)); }
    check "$wasm $mode oob" "$out" "out of bounds memory access"
    place "$wasm $mode oob" "$out" poke "$OOB"
  done
done
out=$("$SKIFF" run --no-backtrace-details "$B/trap_line_nonames.wasm" 2>&1)
check "no-details names" "$out" " divide " " compute "
if grep -q "trap_line\.c:" <<<"$out"; then echo "FAIL --no-backtrace-details printed places"; echo "$out"; fails=$((fails + 1)); fi
# Tier 1 (compiled frames' wasm offsets from the object's line table): the same
# output as tier 0, with LLVM's inlining on: the line table's inlining chains
# (line_table.h) give every inlined frame its place and the physical one its
# call's. The premise (LLVM inlines compute, main and _start here) is checked:
# without the chains (SKIFF_TIER1_INLINE_CHAINS=0) the output must differ.
tier1=0
if "$SKIFF" run --tier=1 --no-cache "$B/trap_line.wasm" 2>&1 | grep -q "integer divide by zero"; then
  tier1=1
  for wasm in trap_line.wasm trap_line_nonames.wasm; do
    for mode in "" --bounds-checks; do
      for arg in "" oob; do
        t0=$("$SKIFF" run --tier=0 $mode "$B/$wasm" $arg 2>&1)
        t1=$("$SKIFF" run --tier=1 --no-cache $mode "$B/$wasm" $arg 2>&1)
        if [ "$t0" != "$t1" ]; then
          echo "FAIL tier 1 $wasm $mode $arg differs from tier 0:"; diff <(echo "$t0") <(echo "$t1")
          fails=$((fails + 1))
        fi
        if [ -z "$arg" ]; then place "tier 1 $wasm $mode div" "$t1" divide "$DIV"
        else place "tier 1 $wasm $mode oob" "$t1" poke "$OOB"; fi
      done
    done
  done
  t0=$("$SKIFF" run --tier=0 "$B/trap_line.wasm" 2>&1)
  t1=$(SKIFF_TIER1_INLINE_CHAINS=0 "$SKIFF" run --tier=1 --no-cache "$B/trap_line.wasm" 2>&1)
  if [ "$t0" = "$t1" ]; then
    echo "FAIL tier 1 without inlining chains is tier 0's output: LLVM no longer inlines here (premise)"
    fails=$((fails + 1))
  fi
fi
[ $fails -eq 0 ] && echo "trap lines: all checks passed (tier 1 compared: $tier1) (div line $DIV, call line $CALL, oob line $OOB)"
exit $fails
