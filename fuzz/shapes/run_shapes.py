#!/usr/bin/env python3
"""Differential run: translator-shaped random modules (gen_shapes.py) on node (V8)
and on Skiff.

For each seed: generate the WAT, encode it with `skiff wat2wasm`, run the calls
under node (run_node.mjs), turn node's answers into a WAST script over the same
binary (`module binary`), and run that with `skiff wast` under the code verifier
(SKIFF_VERIFY_CODE=1), once with guard pages and once with explicit bounds checks.
A failed assertion or a crash is a mismatch: the script is kept in OUT_DIR
(default fuzz/shapes/found/) to become a regression test in tests/wast/.

usage: run_shapes.py SKIFF [--seeds A:B | --time SECONDS] [--funcs N] [--out DIR]
Exit status 1 when any mismatch was found, 0 otherwise; prints the counts.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def wast_for(wasm_bytes, node_lines):
    hexed = "".join(f"\\{b:02x}" for b in wasm_bytes)
    out = [f'(module binary "{hexed}")']
    for line in node_lines:
        lhs, rhs = line.split(" => ", 1)
        parts = lhs.split()
        if parts[0] == "memhash":
            call = '(invoke "memhash")'
        else:
            call = f'(invoke "{parts[0]}" (i32.const {parts[1]}) (i32.const {parts[2]}))'
        if rhs.startswith("trap"):
            out.append(f'(assert_trap {call} "")')
        elif rhs == "exception":
            out.append(f"(assert_exception {call})")
        elif rhs.startswith("error"):
            return None  # a JS-side failure (e.g. stack overflow): not comparable
        else:
            out.append(f"(assert_return {call} (i32.const {rhs}))")
    return "\n".join(out) + "\n"


def run_seed(skiff, seed, funcs, tmp):
    wat = os.path.join(tmp, f"{seed}.wat")
    calls = os.path.join(tmp, f"{seed}.json")
    wasm = os.path.join(tmp, f"{seed}.wasm")
    with open(wat, "w") as w, open(calls, "w") as c:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_shapes.py"), str(seed), str(funcs)],
                       stdout=w, stderr=c, check=True)
    r = subprocess.run([skiff, "wat2wasm", wat, "-o", wasm], capture_output=True, text=True)
    if r.returncode != 0:
        return "generator", f"wat2wasm failed: {r.stderr.strip()}", None
    try:
        node = subprocess.run(["node", "--stack-size=2000", os.path.join(HERE, "run_node.mjs"), wasm, calls],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "skip", "node timed out", None
    if node.returncode != 0:
        return "skip", "node failed: " + node.stderr.strip()[:200], None
    with open(wasm, "rb") as f:
        script = wast_for(f.read(), node.stdout.strip().splitlines())
    if script is None:
        return "skip", "not comparable", None
    path = os.path.join(tmp, f"{seed}.wast")
    with open(path, "w") as f:
        f.write(script)
    env = dict(os.environ, SKIFF_VERIFY_CODE="1")
    for extra in ([], ["--bounds-checks"]):
        try:
            s = subprocess.run([skiff, "wast", *extra, path], capture_output=True, text=True,
                               timeout=60, env=env)
        except subprocess.TimeoutExpired:
            return "mismatch", f"skiff wast {' '.join(extra)} timed out", path
        if s.returncode != 0:
            what = s.stdout.strip().splitlines()[:5] + s.stderr.strip().splitlines()[:5]
            sig = f" (signal {-s.returncode})" if s.returncode < 0 else ""
            return "mismatch", f"skiff wast {' '.join(extra)}{sig}: " + " | ".join(what), path
    return "ok", "", path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("skiff")
    ap.add_argument("--seeds", default=None, help="A:B, seeds A..B-1")
    ap.add_argument("--time", type=float, default=None, help="run for this many seconds")
    ap.add_argument("--funcs", type=int, default=12)
    ap.add_argument("--out", default=os.path.join(HERE, "found"))
    a = ap.parse_args()
    if shutil.which("node") is None:
        print("run_shapes: node not found; cannot run the V8 oracle")
        return 77
    if a.seeds:
        lo, hi = (int(x) for x in a.seeds.split(":"))
        seeds = iter(range(lo, hi))
    else:
        start = int(time.time())
        seeds = iter(range(start * 1000, start * 1000 + 10**9))
    deadline = time.time() + a.time if a.time else None
    counts = {"ok": 0, "mismatch": 0, "skip": 0, "generator": 0}
    calls = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            if deadline and time.time() > deadline:
                break
            kind, msg, path = run_seed(a.skiff, seed, a.funcs, tmp)
            counts[kind] += 1
            calls += a.funcs * 3 + 1 if kind in ("ok", "mismatch") else 0
            if kind in ("mismatch", "generator"):
                print(f"seed {seed}: {kind}: {msg}")
            if kind == "mismatch" and path:
                os.makedirs(a.out, exist_ok=True)
                shutil.copy(path, os.path.join(a.out, f"shapes_{seed}.wast"))
    print(f"run_shapes: {sum(counts.values())} modules, {calls} calls compared with V8 "
          f"(x2: guard pages, bounds checks): {counts['ok']} agree, {counts['mismatch']} mismatch, "
          f"{counts['skip']} skipped, {counts['generator']} generator errors")
    return 1 if counts["mismatch"] or counts["generator"] else 0


if __name__ == "__main__":
    sys.exit(main())
