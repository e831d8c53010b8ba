#!/bin/bash
# The sampling profiler end to end: hot.c spends ~3/4 of its time in hot_loop and
# ~1/4 in cold_loop; the folded profile must show that split (names from the name
# section, and from DWARF alone in the stripped copy), the SVG must be well-formed
# XML with those frames, and WASI calls must appear as host frames.
set -u
SKIFF=$1 B=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
N=${SKIFF_OBS_N:-400000}
share() {  # share FILE REGEX: samples of stacks with a frame matching ^REGEX$
  awk -v f="^($2)\$" '{ n = $NF; s = $0; sub(/ [0-9]+$/, "", s); k = split(s, a, ";");
                   for (i = 1; i <= k; i++) if (a[i] ~ f) { t += n; break } } END { print t + 0 }' "$1"
}
for wasm in hot.wasm hot_nonames.wasm; do
  out=$("$SKIFF" run --tier=0 --profile="$T/p.folded" --profile-interval=500us "$B/$wasm" "$N" 2>&1) ||
    fail "$wasm: run failed: $out"
  grep -q "skiff: profile: [0-9]* samples" <<<"$out" || fail "$wasm: no summary line: $out"
  hot=$(share "$T/p.folded" hot_loop) cold=$(share "$T/p.folded" cold_loop) main=$(share "$T/p.folded" 'main|__main_argc_argv')
  total=$(awk '{ t += $NF } END { print t + 0 }' "$T/p.folded")
  echo "$wasm: total $total, main $main, hot_loop $hot, cold_loop $cold"
  [ "$total" -ge 100 ] || fail "$wasm: only $total samples"
  # hot/cold within [2, 4.5] (3 expected), and nearly all samples under main.
  awk -v h="$hot" -v c="$cold" 'BEGIN { exit !(c > 0 && h / c >= 2 && h / c <= 4.5) }' ||
    fail "$wasm: hot_loop/cold_loop = $hot/$cold, expected about 3"
  awk -v m="$main" -v t="$total" 'BEGIN { exit !(m >= 0.9 * t) }' || fail "$wasm: main has $main of $total"
  # (wasm-ld's export wrapper "_start.command_export", func[N] without a name
  # section, is the outermost frame.)
  grep -qE "^(_start[.a-z_]*|func\[[0-9]+\]);_start;" "$T/p.folded" || fail "$wasm: stacks do not start at _start"
done
# (main is "__main_argc_argv" in the name section, "main" in DWARF.)
# The SVG: well-formed, frames for both functions, hot_loop the wider one.
"$SKIFF" run --tier=0 --profile="$T/p.svg" "$B/hot.wasm" "$N" >/dev/null 2>&1 || fail "svg run failed"
python3 - "$T/p.svg" <<'PY' || fail "svg check"
import sys, xml.etree.ElementTree as ET
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse(sys.argv[1]).getroot()
w = {}
for g in root.iter('{http://www.w3.org/2000/svg}g'):
    n = g.get('data-n')
    if n is None:
        continue
    r = g.find('s:rect', ns)
    w[n] = max(w.get(n, 0.0), float(r.get('width')))
    assert g.find('s:title', ns).text.startswith(n + ' ('), g.find('s:title', ns).text
assert 'hot_loop' in w and 'cold_loop' in w, sorted(w)
# (A separate run from the folded one: in tier auto the ratio drifts with when
# each loop's code lands; the folded check above holds it to 2-4.5.)
assert w['hot_loop'] > 1.5 * w['cold_loop'], (w['hot_loop'], w['cold_loop'])
assert root.find('s:script', ns) is not None
print('svg: %d frames, hot_loop %.0f px, cold_loop %.0f px' % (len(w), w['hot_loop'], w['cold_loop']))
PY
# Host frames: clock_gettime goes to WASI's clock_time_get.
"$SKIFF" run --profile="$T/io.folded" --profile-interval=200us "$B/hot.wasm" io 300000 >/dev/null 2>&1 ||
  fail "io run failed"
grep -q ";read_clocks;.*host::clock_time_get [0-9]*$" "$T/io.folded" ||
  { fail "no host::clock_time_get frame under read_clocks"; head -20 "$T/io.folded"; }
# Compiled code (issue 16): --tier=1 (through the code cache, in a private folder)
# and --tier=auto (main stays in tier 0, its calls run compiled code after the
# switch: interpreter -> compiled stacks). In tier 1 LLVM inlines hot_loop and
# cold_loop into main, and _start and __original_main into the export wrapper (the
# premise is checked below): the line table's inlining chains name them again, so
# the stacks are tier 0's. Tier 1 runs the loops ~20x faster: more work for enough
# samples, in many calls.
N1=${SKIFF_OBS_N1:-50000}
# (Tier auto would run tier 1's code from the cache: --no-cache keeps it tiering.)
cache_flags() { if [ "$1" = 1 ]; then cf=(--cache-dir "$T/cache"); else cf=(--no-cache); fi; }
for tier in 1 auto; do
  cache_flags $tier
  for fmt in folded svg; do
    out=$("$SKIFF" run --tier=$tier "${cf[@]}" --profile="$T/t.$fmt" \
          --profile-interval=500us "$B/hot.wasm" rounds 2000 "$N1" 2>&1) || fail "tier $tier: run failed: $out"
  done
  hot=$(share "$T/t.folded" hot_loop) cold=$(share "$T/t.folded" cold_loop) main=$(share "$T/t.folded" 'main|__main_argc_argv')
  total=$(awk '{ t += $NF } END { print t + 0 }' "$T/t.folded")
  # The frame with the most samples of its own (the last of a stack).
  top=$(awk '{ n = $NF; s = $0; sub(/ [0-9]+$/, "", s); k = split(s, a, ";"); self[a[k]] += n }
             END { for (f in self) if (self[f] > best) { best = self[f]; b = f } print b }' "$T/t.folded")
  echo "tier $tier: total $total, main $main, hot_loop $hot, cold_loop $cold, widest leaf $top"
  [ "$total" -ge 100 ] || fail "tier $tier: only $total samples"
  [ "$top" = hot_loop ] || { fail "tier $tier: widest leaf frame is '$top', not hot_loop"; head -20 "$T/t.folded"; }
  awk -v h="$hot" -v c="$cold" 'BEGIN { exit !(c > 0 && h / c >= 2 && h / c <= 4.5) }' ||
    fail "tier $tier: hot_loop/cold_loop = $hot/$cold, expected about 3"
  awk -v m="$main" -v t="$total" 'BEGIN { exit !(m >= 0.9 * t) }' || fail "tier $tier: main has $main of $total"
  grep -qE "^_start[.a-z_]*;_start;(.*;)?(main|__main_argc_argv);hot_loop [0-9]+$" "$T/t.folded" ||
    { fail "tier $tier: no _start;...;main;hot_loop stack"; head -20 "$T/t.folded"; }
  python3 - "$T/t.svg" <<'PY' || fail "tier $tier: svg check"
import sys, xml.etree.ElementTree as ET
ns = {'s': 'http://www.w3.org/2000/svg'}
w = {}
for g in ET.parse(sys.argv[1]).getroot().iter('{http://www.w3.org/2000/svg}g'):
    n = g.get('data-n')
    if n is not None:
        w[n] = max(w.get(n, 0.0), float(g.find('s:rect', ns).get('width')))
assert 'hot_loop' in w and 'cold_loop' in w, sorted(w)
# (A separate run from the folded one: in tier auto the ratio drifts with when
# each loop's code lands; the folded check above holds it to 2-4.5.)
assert w['hot_loop'] > 1.5 * w['cold_loop'], (w['hot_loop'], w['cold_loop'])
PY
done
# Tier auto, one call of each loop: they continue in compiled code (on-stack
# replacement) in frames entered in tier 0, and every sample must still have the
# whole stack down to _start (the frame's tier-0 callers).
out=$("$SKIFF" run --tier=auto --no-cache --profile="$T/osr.folded" --profile-interval=200us \
      "$B/hot.wasm" rounds 1 3000000 2>&1) || fail "osr: run failed: $out"
bad=$(grep -cvE "^_start[.a-z_]*[; ]" "$T/osr.folded")
hot=$(share "$T/osr.folded" hot_loop)
echo "tier auto, on-stack replacement: hot_loop $hot samples, $bad not rooted at _start"
[ "$hot" -ge 50 ] || fail "osr: only $hot samples in hot_loop"
[ "$bad" -eq 0 ] || { fail "osr: stacks not rooted at _start"; grep -vE "^_start[.a-z_]*[; ]" "$T/osr.folded"; }
# LLVM's inlining, the premise of the tier-1 checks above: with physical frames
# only (SKIFF_PROFILE_INLINED=0, same cached code) neither loop nor _start shows.
out=$(SKIFF_PROFILE_INLINED=0 "$SKIFF" run --tier=1 --cache-dir "$T/cache" --profile="$T/inl0.folded" \
      --profile-interval=500us "$B/hot.wasm" rounds 2000 "$N1" 2>&1) || fail "tier 1 physical: run failed: $out"
[ "$(share "$T/inl0.folded" 'hot_loop|cold_loop|_start')" -eq 0 ] ||
  { fail "tier 1: LLVM no longer inlines hot_loop/cold_loop/_start (the inlined-frames checks need it)"; head "$T/inl0.folded"; }
# A chain of inlined calls (hot.c nested: outer_mix -> mid_mix -> inner_mix, most
# of the work in inner_mix): tier 1 inlines all three into main; in tier auto
# (main in tier 0 or its OSR entry) what is inlined depends on which batch each
# function lands in. Every stack must be rooted at _start and the widest leaf
# must be inner_mix under main;outer_mix;mid_mix, as in tier 0; physical frames
# only must show no inner_mix in tier 1 (the premise).
for tier in 1 auto; do
  cache_flags $tier
  for inl in 0 1; do
    out=$(SKIFF_PROFILE_INLINED=$inl "$SKIFF" run --tier=$tier "${cf[@]}" --profile="$T/n$inl.folded" \
          --profile-interval=500us "$B/hot.wasm" nested 2000 20000 2>&1) || fail "nested tier $tier: run failed: $out"
  done
  total=$(awk '{ t += $NF } END { print t + 0 }' "$T/n1.folded")
  inner=$(share "$T/n1.folded" inner_mix) inner0=$(share "$T/n0.folded" inner_mix)
  total0=$(awk '{ t += $NF } END { print t + 0 }' "$T/n0.folded")
  top=$(awk '{ n = $NF; s = $0; sub(/ [0-9]+$/, "", s); k = split(s, a, ";"); self[a[k]] += n }
             END { for (f in self) if (self[f] > best) { best = self[f]; b = f } print b }' "$T/n1.folded")
  # (Samples in the export's wrapper before it calls _start, e.g. an ASan build's
  # slow start, are rooted too.)
  bad=$(grep -cvE "^_start[.a-z_]*(;_start;| )" "$T/n1.folded")
  echo "nested tier $tier: total $total, inner_mix $inner, widest leaf $top, $bad not rooted at _start;" \
       "physical frames only: inner_mix $inner0 of $total0"
  [ "$total" -ge 100 ] || fail "nested tier $tier: only $total samples"
  [ "$top" = inner_mix ] || { fail "nested tier $tier: widest leaf frame is '$top', not inner_mix"; cat "$T/n1.folded"; }
  # Tier auto: at most one sample (ASan build, loaded machine: 1 in ~800, seen in
  # 2 of ~10 runs, stack not captured; a sample at a switch between tiers?) may
  # miss its root; the OSR case above allows none.
  allowed=0; [ "$tier" = auto ] && allowed=1
  [ "$bad" -le "$allowed" ] || { fail "nested tier $tier: $bad stacks not rooted at _start;"; cat "$T/n1.folded"; }
  [ "$bad" -eq 0 ] || { echo "nested tier $tier: not rooted at _start:"; grep -vE "^_start[.a-z_]*(;_start;| )" "$T/n1.folded"; }
  chain=$(grep -E "^_start[.a-z_]*;_start;(.*;)?(main|__main_argc_argv);outer_mix;mid_mix;inner_mix [0-9]+$" \
          "$T/n1.folded" | awk '{ t += $NF } END { print t + 0 }')
  # Tier 1: most samples. Auto: the widest stack (tier 0, which runs much of it,
  # spends ~half its time in inner_mix, the other half in its callers).
  most=$(awk 'max < $NF { max = $NF } END { print max + 0 }' "$T/n1.folded")
  if [ "$tier" = 1 ]; then want=$(awk -v t="$total" 'BEGIN { print 0.5 * t }'); else want=$most; fi
  awk -v c="$chain" -v w="$want" 'BEGIN { exit !(c >= w) }' ||
    { fail "nested tier $tier: _start;...;main;outer_mix;mid_mix;inner_mix has $chain of $total"; cat "$T/n1.folded"; }
  [ "$tier" != 1 ] || awk -v i="$inner0" -v t="$total0" 'BEGIN { exit !(t > 0 && i <= 0.1 * t) }' ||
    { fail "nested tier $tier: inner_mix not inlined (premise)"; cat "$T/n0.folded"; }
done
# Host frames under compiled code (compiled -> WASI clock_time_get).
"$SKIFF" run --tier=1 --no-cache --profile="$T/io1.folded" --profile-interval=200us \
  "$B/hot.wasm" io 300000 >/dev/null 2>&1 || fail "tier 1 io run failed"
grep -q ";read_clocks;.*host::clock_time_get [0-9]*$" "$T/io1.folded" ||
  { fail "tier 1: no host::clock_time_get frame under read_clocks"; head -20 "$T/io1.folded"; }
# Bad flag values are usage errors.
"$SKIFF" run --profile-interval=5us --profile="$T/x.svg" "$B/hot.wasm" 2>/dev/null; [ $? -eq 2 ] ||
  fail "--profile-interval=5us accepted"
[ $fails -eq 0 ] && echo "profile: all checks passed"
exit $fails
