#!/usr/bin/env python3
"""Writes a large WebAssembly text module for bench-translate and start-up
measurements: N functions of integer and float arithmetic, loops, branches, memory
accesses, locals and calls, varied by a fixed-seed PRNG (same output every run).

    gen_big_module.py [N] [--rich] [--start] > big.wat
        (default N = 4000, about 4 MB of text, 1 MB of code)

--rich   adds br_table switches, nested blocks, i64/f32 locals and loads/stores of
         every width to the mix (what compiled C looks like); without it the output
         is byte-for-byte the one `make bench` has always used.
--start  exports an empty `_start` and nothing else (node refuses more than 100,000
         exports), so `skiff run` / node measure start-up alone
         (decode + validate + instantiate, no work). With N = 100000 --rich the
         binary is ~30 MB (`skiff wat2wasm big.wat -o big.wasm`).
"""
import random
import sys


def rich_stmt(rng, i, n):
    c = rng.randint(1, 1 << 20)
    kind = rng.randrange(5)
    off = rng.randrange(0, 4096, 8)
    if kind == 0:
        # A switch: br_table over 4..9 cases, each setting a local.
        k = rng.randint(3, 8)
        labels = " ".join(f"$c{j}" for j in range(k)) + " $c0"
        s = "(block $sw " + "".join(f"(block $c{j} " for j in reversed(range(k)))
        s += f"(br_table {labels} (i32.and (local.get $a) (i32.const 15))))"
        for j in range(k):
            s += f" (local.set $b (i32.add (local.get $b) (i32.const {c + j}))) (br $sw))"
        return s
    if kind == 1:
        return (f"(i64.store{rng.choice(['', '8', '16', '32'])} offset={off} (i32.and (local.get $b) (i32.const 0xff8))"
                f" (i64.add (local.get $y) (i64.load{rng.choice(['', '8_u', '16_s', '32_u'])} offset={off} (local.get $a))))")
    if kind == 2:
        return (f"(local.set $z (f32.mul (local.get $z) (f32.load offset={off} (i32.const 0))))"
                f" (f32.store offset={off} (i32.const 0) (f32.add (local.get $z) (f32.const {c}.5)))")
    if kind == 3:
        return (f"(block $out (local.set $i (i32.const 0)) (loop $top"
                f" (local.set $y (i64.xor (local.get $y) (i64.load8_u offset={off} (local.get $i))))"
                f" (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                f" (br_if $top (i32.lt_u (local.get $i) (i32.const {c & 63})))))")
    callee = rng.randrange(i + 1, n) if i + 1 < n else i
    return (f"(if (i32.eqz (local.get $b)) (then (return (call $f{callee} (local.get $a) (i32.const {c})))))")


def body(rng, i, n, rich):
    out = []
    for j in range(rng.randint(8, 16)):
        if rich and rng.randrange(3) == 0:
            out.append(rich_stmt(rng, i, n))
            continue
        c = rng.randint(1, 1 << 20)
        kind = rng.randrange(6)
        if kind == 0:
            out.append(f"(local.set $a (i32.add (i32.mul (local.get $a) (i32.const {c})) (local.get $b)))")
        elif kind == 1:
            out.append(f"(i32.store offset={rng.randrange(0, 4096, 4)} (i32.and (local.get $a) (i32.const 0xfffc))"
                       f" (i32.xor (local.get $b) (i32.const {c})))")
        elif kind == 2:
            out.append("(block $done (loop $l"
                       " (br_if $done (i32.ge_u (local.get $b) (i32.const 16)))"
                       f" (local.set $x (f64.add (local.get $x) (f64.convert_i32_u (local.get $b))))"
                       " (local.set $b (i32.add (local.get $b) (i32.const 1))) (br $l)))")
        elif kind == 3:
            out.append(f"(if (i32.lt_s (local.get $a) (i32.const {c})) (then (local.set $a (i32.load (i32.const {rng.randrange(0, 4096, 4)}))))"
                       " (else (local.set $b (i32.rotl (local.get $b) (local.get $a)))))")
        elif kind == 4 and i + 1 < n:
            callee = rng.randrange(i + 1, n)
            out.append(f"(local.set $a (call $f{callee} (local.get $b) (local.get $a)))")
        else:
            out.append(f"(local.set $y (i64.mul (i64.extend_i32_u (local.get $a)) (i64.const {c})))"
                       " (local.set $b (i32.wrap_i64 (i64.shr_u (local.get $y) (i64.const 7))))")
    return "\n    ".join(out)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rich = "--rich" in sys.argv[1:]
    start = "--start" in sys.argv[1:]
    n = int(args[0]) if args else 4000
    rng = random.Random(20261124)
    print("(module\n  (memory (export \"memory\") 1)" if start else "(module\n  (memory 1)")
    extra = " (local $z f32) (local $i i32)" if rich else ""
    for i in range(n):
        export = "" if start else f' (export "f{i}")'
        print(f"  (func $f{i}{export} (param $a i32) (param $b i32) (result i32)"
              f" (local $x f64) (local $y i64){extra}")
        print("    " + body(rng, i, n, rich))
        print("    (i32.add (local.get $a) (i32.trunc_sat_f64_s (local.get $x))))")
    if start:
        print('  (func (export "_start"))')
    print(")")


if __name__ == "__main__":
    main()
