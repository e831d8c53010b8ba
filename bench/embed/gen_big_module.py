#!/usr/bin/env python3
"""Writes a large WebAssembly text module for bench-translate: N functions of
integer and float arithmetic, loops, branches, memory accesses, locals and calls,
varied by a fixed-seed PRNG (same output every run).

    gen_big_module.py [N] > big.wat        (default N = 4000, about 4 MB of code)
"""
import random
import sys


def body(rng, i, n):
    out = []
    for j in range(rng.randint(8, 16)):
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
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    rng = random.Random(20261124)
    print("(module\n  (memory 1)")
    for i in range(n):
        print(f"  (func $f{i} (export \"f{i}\") (param $a i32) (param $b i32) (result i32)"
              " (local $x f64) (local $y i64)")
        print("    " + body(rng, i, n))
        print("    (i32.add (local.get $a) (i32.trunc_sat_f64_s (local.get $x))))")
    print(")")


if __name__ == "__main__":
    main()
