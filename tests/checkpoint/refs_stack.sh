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
here="$(cd "$(dirname "$0")" && pwd)"
wat="$here/refs_stack.wat"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
"$skiff" run "$wat" > "$tmp/ref.out" || { echo "FAIL: uninterrupted run"; exit 1; }
total=7000000  # about the run's fuel
source "$here/ckpt_lib.sh"

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
python3 - "$here" "$tmp/ck" "$tmp" <<'PY' || fail=1
import random, struct, sys
sys.path.insert(0, sys.argv[1])
from ckpt_layout import Reader, patched, seal, write_cases
src, out = sys.argv[2], sys.argv[3]
r = Reader(open(src, 'rb').read())
b = r.b
r.skip_header()
for _ in range(r.u64()): r.u32(); r.u32(); r.take(r.u64())
for _ in range(r.u64()): r.u32(); r.take(16 * r.u64())
frames = []
for _ in range(r.u64()):
    at = r.pos; fi = r.u32(); pc = r.u32(); fp = r.u32(); h = r.u64(); frames.append((at, fi, pc, fp))
stack_len = r.u64(); stack_at = r.pos
assert len(frames) >= 3, "the checkpoint should have several frames"
cases = []
def put(name, off, data): cases.append((name, patched(b, off, data)))
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
    m[off] ^= 1 << rnd.randrange(8); cases.append(('stack flip %d' % i, seal(m)))
write_cases(out, cases)
PY
resume_corrupted
exit $fail
