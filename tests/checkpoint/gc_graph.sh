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

source "$here/ckpt_lib.sh"
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
python3 - "$here" "$tmp/ck" "$tmp" <<'PY' || fail=1
import random, struct, sys
sys.path.insert(0, sys.argv[1])
from ckpt_layout import Reader, patched, seal, write_cases
src, out = sys.argv[2], sys.argv[3]
r = Reader(open(src, 'rb').read())
b = r.b
r.skip_header()
nobj_at = r.pos
objs = []
for _ in range(r.u64()):
    at = r.pos; ti = r.u32(); ln = r.u32(); n = r.u64(); objs.append((at, ti, ln, r.pos, n)); r.take(n)
nexn_at = r.pos
exns = []
for _ in range(r.u64()):
    at = r.pos; tag = r.u32(); k = r.u64(); exns.append((at, tag, k, r.pos)); r.take(16 * k)
assert objs and exns, "the checkpoint should hold objects and an exception"
cases = []
def put(name, off, data): cases.append((name, patched(b, off, data)))
rnd = random.Random(17)
# "refused:": sizes, counts and tags. A changed word or type may still be a valid heap
# (another value, another object of a fitting type, a compatible type).
put('refused: object count huge', nobj_at, struct.pack('<Q', 1 << 40))
put('refused: exception count huge', nexn_at, struct.pack('<Q', 1 << 40))
for i in range(12):
    at, ti, ln, p, n = objs[rnd.randrange(len(objs))]
    put('object type %d' % i, at, struct.pack('<I', rnd.choice([0, 1, 2, 3, 4, 99, 0xffffffff])))
    put('refused: object length %d' % i, at + 4, struct.pack('<I', rnd.choice([1, 2, 4, 1000, 0xffffffff])))
    put('refused: payload length %d' % i, at + 8, struct.pack('<Q', rnd.choice([0, n - 1, n + 8, 1 << 62])))
    if n >= 8:
        w = rnd.choice([8 * 4 + 0, (len(objs) + 5) << 2, 1 << 60, 2 | (1 << 40), 6 | (7 << 3), 5 | (1 << 40), 2, 6, 0xfffffffffffffffc, 3])
        off = p + 8 * rnd.randrange(n // 8)
        put('payload word %d' % i, off, struct.pack('<Q', w))
for i, (at, tag, k, p) in enumerate(exns):
    put('refused: exception tag %d' % i, at, struct.pack('<I', 5))
    put('refused: exception count %d' % i, at + 4, struct.pack('<Q', k + 1))
    put('refused: exception node word %d' % i, p + 16, struct.pack('<Q', 6))
for i in range(60):
    m = bytearray(b); off = rnd.randrange(20, len(b) - 8)
    m[off] ^= 1 << rnd.randrange(8); cases.append(('flip %d at %d' % (i, off), seal(m)))
write_cases(out, cases)
PY
resume_corrupted
exit $fail
