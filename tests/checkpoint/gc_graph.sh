#!/usr/bin/env bash
# Checkpoint/resume of a Wasm GC program (gc_graph.wat: a ring of structs with
# shared substructure and cycles, arrays, i31 and GC references in tables, a funcref
# and an exnref held in locals, a function with reference params on the call
# stack, garbage collected as it runs): stopped at many points and resumed in a new
# process, the two runs' stdout together equal the uninterrupted run's (the
# checksum counts ref.eq identities, so sharing must survive). A resumed run is
# checkpointed again. Then corrupted checkpoints whose checksum is made right again
# (so the reader's own checks must catch them): every one is refused with a
# message or runs to a normal end (exit 0/1/134), never a signal; broken sizes,
# counts, tags and references of the wrong kind are always refused.
# usage: gc_graph.sh SKIFF [POINTS]
set -u
skiff="$1"; points="${2:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
wat="$here/gc_graph.wat"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
"$skiff" run "$wat" > "$tmp/ref.out" || { echo "FAIL: uninterrupted run"; exit 1; }
total=56000000  # about the run's fuel

# round NAME FUEL: checkpoint at FUEL, resume, compare.
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
  "$skiff" resume "$tmp/ck" > "$tmp/b.out" 2> "$tmp/b.err"; rc=$?
  if [[ $rc -ne 0 ]] || ! cat "$tmp/a.out" "$tmp/b.out" | cmp -s - "$tmp/ref.out"; then
    echo "FAIL $1 fuel:$n: resume exit $rc"; cat "$tmp/b.err"; fail=1; return
  fi
  echo "ok $1 fuel:$n ($(wc -c < "$tmp/ck") bytes)"
}
for n in 1 5000 150000 2000000 17000000 40000000 55000000; do round fixed $n; done
for ((k = 0; k < points; ++k)); do round random $(( (RANDOM * 32768 + RANDOM) % total + 1 )); done

# A checkpoint of a resumed run (its heap was restored, then grew and was collected).
rm -f "$tmp/ck" "$tmp/ck2"
"$skiff" run --checkpoint-on=fuel:3000000 --checkpoint-file "$tmp/ck" "$wat" > "$tmp/a.out" 2>/dev/null
"$skiff" resume --checkpoint-on=fuel:20000000 --checkpoint-file "$tmp/ck2" "$tmp/ck" > "$tmp/b.out" 2>/dev/null
"$skiff" resume "$tmp/ck2" > "$tmp/c.out" 2>/dev/null; rc=$?
if [[ $rc -ne 0 || ! -f "$tmp/ck2" ]] || ! cat "$tmp/a.out" "$tmp/b.out" "$tmp/c.out" | cmp -s - "$tmp/ref.out"; then
  echo "FAIL chained checkpoints (exit $rc)"; fail=1
else
  echo "ok chained checkpoints"
fi

# Corruptions of the GC sections (object records, exception records, reference
# words) and random bytes, with the checksum fixed. Taken near the end of the run so a
# corrupted checkpoint that still resumes has little left to run (about 100 cases).
rm -f "$tmp/ck"
"$skiff" run --checkpoint-on=fuel:52000000 --checkpoint-file "$tmp/ck" "$wat" > /dev/null 2>&1
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
nobj_at = pos
objs = []
for _ in range(u64()):
    at = pos; ti = u32(); ln = u32(); n = u64(); objs.append((at, ti, ln, pos, n)); take(n)
nexn_at = pos
exns = []
for _ in range(u64()):
    at = pos; tag = u32(); k = u64(); exns.append((at, tag, k, pos)); take(16 * k)
body = pos
assert objs and exns, "the checkpoint should hold objects and an exception"
def fix(m):
    h = 0xcbf29ce484222325
    for x in m[:-8]:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    m[-8:] = struct.pack('<Q', h)
    return m
cases = []
def put(name, off, data):
    m = bytearray(b); m[off:off + len(data)] = data; cases.append((name, fix(m)))
rnd = random.Random(17)
put('object count huge', nobj_at, struct.pack('<Q', 1 << 40))
put('exception count huge', nexn_at, struct.pack('<Q', 1 << 40))
for i in range(12):
    at, ti, ln, p, n = objs[rnd.randrange(len(objs))]
    put('object type %d' % i, at, struct.pack('<I', rnd.choice([0, 1, 2, 3, 4, 99, 0xffffffff])))
    put('object length %d' % i, at + 4, struct.pack('<I', rnd.choice([1, 2, 4, 1000, 0xffffffff])))
    put('payload length %d' % i, at + 8, struct.pack('<Q', rnd.choice([0, n - 1, n + 8, 1 << 62])))
    if n >= 8:
        w = rnd.choice([8 * 4 + 0, (len(objs) + 5) << 2, 1 << 60, 2 | (1 << 40), 6 | (7 << 3), 5 | (1 << 40), 2, 6, 0xfffffffffffffffc, 3])
        off = p + 8 * rnd.randrange(n // 8)
        put('payload word %d' % i, off, struct.pack('<Q', w))
for i, (at, tag, k, p) in enumerate(exns):
    put('exception tag %d' % i, at, struct.pack('<I', 5))
    put('exception count %d' % i, at + 4, struct.pack('<Q', k + 1))
    put('exception node word %d' % i, p + 16, struct.pack('<Q', 6))
for i in range(60):
    m = bytearray(b); off = rnd.randrange(20, len(b) - 8)
    m[off] ^= 1 << rnd.randrange(8); cases.append(('flip %d at %d' % (i, off), fix(m)))
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
  # A changed word or type may still be a valid heap (another value, another object
  # of a fitting type, a compatible type): only sizes, counts and tags must be refused.
  case "$name" in flip*|"payload word"*|"object type"*) ;; *)
    if [[ $rc -ne 1 ]] || ! grep -q "checkpoint" "$tmp/err"; then
      echo "FAIL corrupted ($name) not refused: exit $rc"; head -3 "$tmp/err"; fail=1
    fi;;
  esac
done < "$tmp/cases"
echo "corrupted checkpoints: $refused refused, $ran ran to an end (of $i)"
exit $fail
