#!/usr/bin/env bash
# References on the operand stack at safepoints (refs_stack.wat: structs, arrays,
# i31s, funcrefs and exnrefs below calls, a struct carried as a loop parameter, a
# legacy catch's exception rethrown later): checkpointed at many fuel points and
# resumed in a new process; the two runs' stdout together equal the uninterrupted
# run's. Then corrupted checkpoints with the checksum made right again: frame
# positions and frame offsets that no longer fit the stack maps are refused; changed
# reference words and random bit flips in the frames are refused or run to a normal
# end, never a signal.
# usage: refs_stack.sh SKIFF [POINTS]
set -u
skiff="$1"; points="${2:-12}"
wat="$(cd "$(dirname "$0")" && pwd)/refs_stack.wat"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
"$skiff" run "$wat" > "$tmp/ref.out" || { echo "FAIL: uninterrupted run"; exit 1; }
total=7000000  # about the run's fuel
taken=0

round() {
  local n="$2"
  rm -f "$tmp/ck"
  "$skiff" run --checkpoint-on=fuel:$n --checkpoint-file "$tmp/ck" "$wat" > "$tmp/a.out" 2> "$tmp/a.err"
  local rc=$?
  if [[ $rc -ne 0 ]]; then echo "FAIL $1 fuel:$n: checkpointing run exit $rc"; cat "$tmp/a.err"; fail=1; return; fi
  if [[ ! -f "$tmp/ck" ]]; then
    cmp -s "$tmp/a.out" "$tmp/ref.out" || { echo "FAIL $1 fuel:$n: no checkpoint, output differs"; fail=1; }
    return
  fi
  taken=$((taken + 1))
  "$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"; rc=$?
  if [[ $rc -ne 0 ]] || ! cat "$tmp/a.out" "$tmp/b.out" | cmp -s - "$tmp/ref.out"; then
    echo "FAIL $1 fuel:$n: resume exit $rc"; cat "$tmp/b.err"; fail=1; return
  fi
  echo "ok $1 fuel:$n"
}
# Small steps early on hit every kind of safepoint of the first iterations.
for n in 1 40 97 211 463 1009 2003 4001 8009 16001 50000 300000 1000000 3000000 6500000; do
  round fixed $n
done
for ((k = 0; k < points; ++k)); do round random $(( (RANDOM * 32768 + RANDOM) % total + 1 )); done
[[ $taken -ge 8 ]] || { echo "FAIL: only $taken checkpoints taken"; fail=1; }

# Corruptions of the frames section, checksum fixed.
rm -f "$tmp/ck"
"$skiff" run --checkpoint-on=fuel:6000000 --checkpoint-file "$tmp/ck" "$wat" > /dev/null 2>&1
[[ -f "$tmp/ck" ]] || { echo "FAIL: no checkpoint for the corruption cases"; exit 1; }
if ! command -v python3 > /dev/null; then echo "python3 missing: corruption cases skipped"; exit $fail; fi
python3 - "$tmp/ck" "$tmp" <<'PY' || fail=1
import random, struct, sys
src, out = sys.argv[1], sys.argv[2]
b = bytes(open(src, 'rb').read())
pos = 0
def take(n):
    global pos
    v = b[pos:pos + n]; pos += n; return v
u8 = lambda: take(1)[0]
u32 = lambda: struct.unpack('<I', take(4))[0]
u64 = lambda: struct.unpack('<Q', take(8))[0]
def s(): take(u64())
take(8); u32(); u64(); s(); u64(); u64(); s(); u8(); u64()
if u8():
    for _ in range(u64()): s()
    for _ in range(u64()): s()
    for _ in range(u64()): s(); s(); u8()
    for _ in range(u64()): u8(); s(); u32(); u64(); u32(); u8(); u32(); u8(); u64(); u64()
    u64(); u64(); u64(); u8(); u64()
u32()  # variant
for _ in range(u64()): u32(); u32(); take(u64())
for _ in range(u64()): u32(); take(16 * u64())
frames = []
for _ in range(u64()):
    at = pos; fi = u32(); pc = u32(); fp = u32(); h = u64(); frames.append((at, fi, pc, fp))
stack_len = u64(); stack_at = pos
assert len(frames) >= 3, "the checkpoint should have several frames"
def fix(m):
    h = 0xcbf29ce484222325
    for x in m[:-8]:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    m[-8:] = struct.pack('<Q', h)
    return m
cases = []
def put(name, off, data):
    m = bytearray(b); m[off:off + len(data)] = data; cases.append((name, fix(m)))
rnd = random.Random(23)
for i, (at, fi, pc, fp) in enumerate(frames):
    # Inside an instruction (every one is at least 16 bytes): never a safepoint.
    for d in (8, -8):
        if pc + d >= 0: put('refused: frame %d pc %+d' % (i, d), at + 4, struct.pack('<I', pc + d))
    # The next instruction may be another safepoint: refused or run.
    put('frame %d pc +16' % i, at + 4, struct.pack('<I', pc + 16))
    if i > 0:
        put('refused: frame %d fp +8' % i, at + 8, struct.pack('<I', fp + 8))
        put('refused: frame %d fp -8' % i, at + 8, struct.pack('<I', fp - 8))
for i in range(30):
    w = rnd.choice([4, 8, 1 << 60, 2 | (1 << 40), 6 | (7 << 3), 6, 2, 3, 0xfffffffffffffffc, 0x7ffff7a01230, 2 | (3 << 3)])
    off = stack_at + 8 * rnd.randrange(stack_len // 8)
    put('stack word %d at %d' % (i, off - stack_at), off, struct.pack('<Q', w))
for i in range(20):
    m = bytearray(b); off = stack_at + rnd.randrange(stack_len)
    m[off] ^= 1 << rnd.randrange(8); cases.append(('stack flip %d' % i, fix(m)))
for i, (name, m) in enumerate(cases):
    open('%s/bad%03d' % (out, i), 'wb').write(m)
open(out + '/cases', 'w').write('\n'.join(c[0] for c in cases) + '\n')
PY
i=0; refused=0; ran=0
while IFS= read -r name; do
  f=$(printf '%s/bad%03d' "$tmp" $i); i=$((i + 1))
  timeout 60 "$skiff" resume "$f" > /dev/null 2> "$tmp/err"; rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 && $rc -ne 134 ]] || grep -q "Sanitizer" "$tmp/err"; then
    echo "FAIL corrupted ($name): exit $rc"; head -5 "$tmp/err"; fail=1
  elif [[ $rc -eq 1 ]]; then refused=$((refused + 1))
  else ran=$((ran + 1)); fi
  case "$name" in refused:*)
    if [[ $rc -ne 1 ]] || ! grep -q "checkpoint" "$tmp/err"; then
      echo "FAIL corrupted ($name) not refused: exit $rc"; head -3 "$tmp/err"; fail=1
    fi;;
  esac
done < "$tmp/cases"
echo "corrupted checkpoints: $refused refused, $ran ran to an end (of $i)"
exit $fail
