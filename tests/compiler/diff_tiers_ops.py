#!/usr/bin/env python3
"""Differential check of tier 1 against tier 0, one instruction at a time.

Generates a .wast with one exported function per instruction of a family (every
0xFD SIMD / relaxed SIMD instruction but the memory ones, or every scalar
instruction taking or giving f32/f64 but the trapping truncations), calls each
with random and special inputs (NaNs signalling and quiet, infinities, +-0, the
conversion bounds, byte patterns for swizzle/shuffle/narrow, shift counts past the
lane width) and runs the script with `skiff wast --tier=0` and `--tier=1`. Every
assertion expects a dummy value, so both runs print the value they got; the two
must be bit-identical, except NaN lanes of float results, which may differ in
payload but must be quiet NaNs in both.

  --const   the inputs become constant operands in one function per call, so
            LLVM's constant folder computes them (instead of the emitted code)
  --scalar  the scalar float family instead of SIMD

  tests/compiler/diff_tiers_ops.py --skiff build/skiff --seed 1 --count 20
  tests/compiler/diff_tiers_ops.py --skiff build/skiff --seed 2 --count 5 --const

Exit status: 0 when the tiers agree, 1 on a mismatch (printed) or a fallback.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OPCODES = os.path.join(HERE, '..', '..', 'src', 'ir', 'opcodes.def')

S32 = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x7fc00000, 0x7fa00000, 0xffa00000, 0xffc00000,
       0x7f800000, 0xff800000, 0x3f800000, 0xbf800000, 0x4f000000, 0x4f800000, 0xcf000000,
       0xcf000001, 0x4effffff, 0x00000001, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000,
       0x3effffff, 0x7f7fffff, 0x00800000, 0x80000001, 0x7fff8000, 0x8000ffff, 0x00007fff,
       0x0000ffff, 0x00ff00ff, 0x807f7f80, 0x10101010, 0x0f0f0f0f]
S64 = [0x7ff8000000000000, 0x7ff4000000000000, 0xfff4000000000001, 0xfff8000000000000,
       0x7ff0000000000000, 0xfff0000000000000, 0x41e0000000000000, 0x41dfffffffc00000,
       0xc1e0000000000000, 0xc1e0000000200000, 0x41f0000000000000, 0x41efffffffe00000,
       0x3fe0000000000000, 0xbfe0000000000000, 0x4004000000000000, 0x3ff0000000000000,
       0x8000000000000000, 0x0000000000000001, 0x47efffffe0000000, 0x36a0000000000000,
       0x3ff0000000000001, 0x7fefffffffffffff, 0x0010000000000000, 0xc3e0000000000000]
TY = {'v': 'v128', 'i': 'i32', 'I': 'i64', 'f': 'f32', 'F': 'f64'}


def read_ops(scalar):
    ops = []
    pat = re.compile(r'SKIFF_OP\((\w+),\s*"([^"]+)",\s*(\w+),\s*\w+,\s*(\w+),\s*"([^"]*)"')
    for line in open(OPCODES):
        m = pat.match(line)
        if not m:
            continue
        _, text, prefix, imm, sig = m.groups()
        if scalar:
            if not re.match(r'^[if](32|64)\.', text) or imm != 'None' or not re.search('[fF]', sig):
                continue
            if 'trunc_f' in text and 'sat' not in text:
                continue  # traps: covered by the spec scripts
        elif prefix != '0xFD' or imm in ('MemArg', 'MemArgLane') or text == 'v128.const':
            continue
        ops.append((text, imm, sig))
    return ops


def r32(rng):
    k = rng.random()
    if k < 0.6:
        return rng.choice(S32)
    if k < 0.8:
        return rng.getrandbits(32)
    b = [rng.choice([0, 1, 0x7f, 0x80, 0xff, 0x0f, 0x10, 0x1f, 0x20, rng.getrandbits(8)]) for _ in range(4)]
    return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


def r64(rng):
    return rng.choice(S64) if rng.random() < 0.4 else r32(rng) | r32(rng) << 32


def arg(rng, c):
    if c == 'v':
        return '(v128.const i64x2 0x%x 0x%x)' % (r64(rng), r64(rng))
    if c == 'i':
        return '(i32.const 0x%x)' % rng.choice([r32(rng), rng.randrange(0, 70), rng.randrange(0, 300)])
    if c in 'If':  # f32 travels as its i32 bits (keeps signalling NaNs exact)
        return '(i64.const 0x%x)' % r64(rng) if c == 'I' else '(i32.const 0x%x)' % r32(rng)
    return '(i64.const 0x%x)' % r64(rng)


def generate(ops, rng, count, const):
    funcs, asserts = [], []  # asserts: (op, text)
    for k, (text, imm, sig) in enumerate(ops):
        ins, res = sig.split(':')
        m = re.match(r'[if](\d+)x(\d+)', text)
        lanes = int(m.group(2)) if m else 16
        for j in range(3 if imm in ('Lane', 'Shuffle') else 1):
            immtxt = ''
            if imm == 'Lane':
                immtxt = ' %d' % rng.randrange(lanes)
            elif imm == 'Shuffle':
                immtxt = ' ' + ' '.join(str(rng.randrange(32)) for _ in range(16))
            rt = TY[res]
            wrap = {'f32': ('(i32.reinterpret_f32 %s)', 'i32'), 'f64': ('(i64.reinterpret_f64 %s)', 'i64')}
            dummy = {'v128': '(v128.const i32x4 0x12345678 0 0 0)', 'i32': '(i32.const 0x12345678)',
                     'i64': '(i64.const 0x12345678)'}

            def operand(c, x):
                return ('(f32.reinterpret_i32 %s)' % x if c == 'f' else
                        '(f64.reinterpret_i64 %s)' % x if c == 'F' else x)

            def body(xs):
                b = '(%s%s %s)' % (text, immtxt, ' '.join(operand(c, x) for c, x in zip(ins, xs)))
                return (wrap[rt][0] % b, wrap[rt][1]) if rt in wrap else (b, rt)

            name = 'f%d_%d' % (k, j)
            if not const:
                params = ' '.join({'f': 'i32', 'F': 'i64'}.get(c, TY[c]) for c in ins)
                b, r = body(['(local.get %d)' % i for i in range(len(ins))])
                funcs.append('(func (export "%s") (param %s) (result %s) %s)' % (name, params, r, b))
            for q in range(count):
                args = [arg(rng, c) for c in ins]
                if const:
                    b, r = body(args)
                    cname = '%s_%d' % (name, q)
                    funcs.append('(func (export "%s") (result %s) %s)' % (cname, r, b))
                    asserts.append((text, '(assert_return (invoke "%s") %s)' % (cname, dummy[r])))
                else:
                    r = wrap[rt][1] if rt in wrap else rt
                    asserts.append((text, '(assert_return (invoke "%s" %s) %s)' % (name, ' '.join(args), dummy[r])))
    lines = ['(module'] + ['  ' + f for f in funcs] + [')']
    first = len(lines) + 1
    return '\n'.join(lines + [a for _, a in asserts]) + '\n', {first + i: a[0] for i, a in enumerate(asserts)}


def run(skiff, tier, path, bounds):
    cmd = [skiff, 'wast', '--tier=%d' % tier] + (['--bounds-checks'] if bounds and tier == 1 else []) + [path]
    p = subprocess.run(cmd, capture_output=True, text=True)
    got, problems = {}, []
    for l in (p.stdout + p.stderr).splitlines():
        m = re.match(r'.*:(\d+): assert_return: wrong results: expected \[.*?\], got \[(.*)\]', l)
        if m:
            got[int(m.group(1))] = m.group(2)
        elif re.search(r'[1-9]\d* fell back|: module:|crash|error', l):
            problems.append('tier %d: %s' % (tier, l))
    return got, problems


def words(s):
    if s.startswith('v128'):
        return [int(x, 16) for x in s.split()[1:]]
    return [int(s.split(':')[1], 16)]


def qnan32(x):
    return (x & 0x7f800000) == 0x7f800000 and x & 0x400000


def qnan64(x):
    return (x >> 52 & 0x7ff) == 0x7ff and x >> 51 & 1


def agree(op, a, b):
    if a == b:
        return True
    if a is None or b is None or not re.search(r'f32|f64', op):
        return False
    wa, wb = words(a), words(b)
    wide = op.startswith('f64') or 'promote' in op or 'convert_low' in op or b.startswith('i64')
    if wide and len(wa) == 4:
        wa = [wa[0] | wa[1] << 32, wa[2] | wa[3] << 32]
        wb = [wb[0] | wb[1] << 32, wb[2] | wb[3] << 32]
    isq = qnan64 if wide else qnan32
    return all(x == y or (isq(x) and isq(y)) for x, y in zip(wa, wb))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--skiff', required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=10, help='calls per instruction')
    ap.add_argument('--const', action='store_true')
    ap.add_argument('--scalar', action='store_true')
    ap.add_argument('--bounds-checks', action='store_true')
    args = ap.parse_args()
    rng = random.Random(args.seed)
    text, op_at = generate(read_ops(args.scalar), rng, args.count, args.const)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'ops.wast')
        with open(path, 'w') as f:
            f.write(text)
        g0, p0 = run(args.skiff, 0, path, args.bounds_checks)
        g1, p1 = run(args.skiff, 1, path, args.bounds_checks)
        bad = [(line, op) for line, op in sorted(op_at.items()) if not agree(op, g0.get(line), g1.get(line))]
        for line, op in bad[:40]:
            print('MISMATCH line %d %s: tier 0 %s, tier 1 %s' % (line, op, g0.get(line), g1.get(line)))
        for p in p0 + p1:
            print(p)
        if bad:
            with open('diff_tiers_ops_failed.wast', 'w') as f:
                f.write(text)
            print('script kept as diff_tiers_ops_failed.wast')
    print('%d calls, %d mismatches' % (len(op_at), len(bad)))
    return 1 if bad or p0 or p1 else 0


if __name__ == '__main__':
    sys.exit(main())
