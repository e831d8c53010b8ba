#!/usr/bin/env python3
"""Differential execution of Skiff against binaryen's interpreter and V8.

Each round: random bytes -> `wasm-opt -ttf` (a random valid module using the
features below) -> run every export three ways, all printing the format of
`wasm-opt --fuzz-exec` (calls, results, traps, the fuzzing-support logging):
  binaryen   wasm-opt M.wasm --fuzz-exec-before
  skiff      skiff-fuzz-exec --memhash M.wasm       (fuzz/diff/skiff_fuzz_exec.cc)
  v8         node fuzz/diff/v8_exec.mjs M.wasm       (also prints memory hashes)
and compare call by call: results (NaN compared as NaN, also inside v128 lanes),
trap or not and the trap's class, exceptions, logged values, and memory hashes
(Skiff vs V8 only: binaryen does not print them).

Verdicts: Skiff agreeing with the oracle is a pass. When it disagrees, the other
oracle decides: if it agrees with Skiff, the first oracle deviates (counted and
printed, not a failure: binaryen 108's interpreter and V8 have known differences);
otherwise it is a mismatch, saved under WORKDIR/failures/ with all three outputs.

  run_diff.py --skiff build/skiff-fuzz-exec --oracle binaryen --seed 1 --count 150
  run_diff.py --skiff ... --oracle both --time 300            # make fuzz
  run_diff.py --skiff ... --replay fuzz/diff/corpus           # diff/corpus
  run_diff.py --skiff ... --check M.wasm                      # one module, verbose
  run_diff.py --skiff ... --reduce M.wasm -o small.wasm       # wasm-reduce a mismatch

Corpus (fuzz/diff/corpus/): NAME.wasm with NAME.expected (the oracle output it must
match; memhash lines are compared when present) and, for a known open bug,
NAME.known (its reason: a failure is then reported but does not fail the run).

Exit status: 0 all agree, 1 a mismatch or crash, 77 the oracle is not installed.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
V8_DRIVER = os.path.join(HERE, "v8_exec.mjs")

# Features binaryen 108 can generate that Skiff implements (exception handling is
# the legacy try/catch/delegate form in binaryen 108).
FEATURES = [
    "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals", "--enable-multivalue", "--enable-simd",
    "--enable-tail-call", "--enable-exception-handling",
]
# Not --enable-reference-types: binaryen 108 implements the pre-standard proposal
# (anyref as a supertype of funcref, encoded as externref; typed function references
# with the old 0x6b/0x6c encodings), so most such modules are invalid Wasm 3.0.
NODE_FLAGS = ["--experimental-wasm-typed-funcref"]  # binaryen 108 emits (ref $t) locals

# ---------------------------------------------------------------- running

def run(cmd, timeout=60, env=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, env=env)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return "timeout", out, "timeout after %d s" % timeout


# Half the modules are also optimized by binaryen, for code shapes -ttf alone does
# not make (value-carrying branches, tees, selects, merged blocks, tail calls...).
OPTIMIZE = [[], [], [], [], [], ["-O1"], ["-O2"], ["-O3"], ["-Os"], ["-Oz"], ["--fuzz-passes"]]


def generate(seed, path):
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(rng.randint(500, 12000)))
    raw = path + ".dat"
    with open(raw, "wb") as f:
        f.write(data)
    passes = rng.choice(OPTIMIZE)
    # Three modules in four: --denan (NaN results become 0), so that NaN bits, which
    # Wasm leaves nondeterministic and each engine picks differently, cannot flow
    # into integers, memory and control flow. The rest keep NaNs (compared as NaN).
    if rng.random() < 0.75:
        passes = passes + ["--denan"]
    rc, _, err = run(["wasm-opt", "-ttf", raw, "-o", path] + passes + FEATURES)
    os.unlink(raw)
    return rc == 0


class Oracles:
    def __init__(self, skiff):
        self.skiff = skiff
        self.skiff_flags = []

    def binaryen(self, wasm):
        rc, out, err = run(["wasm-opt", wasm, "--fuzz-exec-before", "-q"] + FEATURES, timeout=120)
        if rc != 0:
            return None  # binaryen itself failed: no reference
        return out

    def v8(self, wasm):
        rc, out, err = run(["node"] + NODE_FLAGS + [V8_DRIVER, wasm], timeout=120)
        if rc != 0:
            return None
        return out

    def skiff_run(self, wasm):
        """(output, crash description or None)."""
        # The interpreter's verifier of translated code checks every function too
        # (a violated invariant is an error, not a silent miscompile).
        env = dict(os.environ, SKIFF_VERIFY_CODE="1")
        rc, out, err = run([self.skiff, "--memhash"] + self.skiff_flags + [wasm], timeout=120, env=env)
        if rc == "timeout":
            return out, "timeout"
        if rc != 0:
            sig = " (signal %d)" % -rc if rc < 0 else ""
            return out, "exit %d%s: %s" % (rc, sig, err.strip()[-600:])
        return out, None

# ---------------------------------------------------------------- parsing

INT_RE = re.compile(r"^-?\d+$")


def parse_number(tok):
    t = tok.strip()
    if t.startswith("nan") or t.startswith("-nan"):
        return ("n", "nan")
    if t in ("inf", "infinity"):
        return ("n", float("inf"))
    if t in ("-inf", "-infinity"):
        return ("n", float("-inf"))
    if t == "-0":
        return ("n", "-0")  # keep the sign of zero
    try:
        if INT_RE.match(t):
            v = int(t)
            if abs(v) == 2**64 - 1:
                # binaryen 108 prints the double 2^64 so (its integer printer saturates);
                # no i32/i64 has that value.
                return ("n", float(v))
            return ("n", v)
        if t.startswith("0x") or t.startswith("-0x"):
            return ("n", int(t, 16))
        v = float(t)
        return ("n", "-0" if v == 0 and t.startswith("-") else v)
    except ValueError:
        return ("r", None)  # a reference (printed as its type)


def parse_values(text):
    """Values of a result or a logging line, as a list of comparable items."""
    text = text.strip()
    if text.startswith("(ref"):
        return [("r", None)]
    if text.startswith("(") and text.endswith(")"):
        items = [s.strip() for s in text[1:-1].split(",")]
    else:
        items = [text]
    vals = []
    for it in items:
        if it.startswith("i32x4"):
            lanes = tuple(int(x, 16) for x in it.split()[1:5])
            vals.append(("v", lanes))
        else:
            m = re.match(r"^[a-z]+ref\((.*)\)$", it)
            if m:
                vals.append(("r", m.group(1) == "null"))
            else:
                vals.append(parse_number(it))
    return vals


def parse_log(text):
    toks = text.split()
    vals, i = [], 0
    while i < len(toks):
        if toks[i] == "i32x4":
            vals.append(("v", tuple(int(x, 16) for x in toks[i + 1:i + 5])))
            i += 5
        else:
            vals.append(parse_number(toks[i]))
            i += 1
    return vals


def trap_class(msg):
    m = msg.lower()
    if "unreachable" in m:
        return "unreachable"
    if "stack" in m or "recursion" in m:
        return "stack"
    # ("unrepresentable" contains "table"; binaryen says "callTable overflow")
    if ("table" in m and "unrepresentable" not in m) or "indirect" in m or "signature" in m or "element" in m:
        return "table"
    if "overflow" in m or "unrepresentable" in m or "conversion" in m or "of nan" in m:
        return "int-overflow"
    if "by 0" in m or "by zero" in m:
        return "div0"
    if "memory" in m or "oob" in m or "out of bounds" in m or "segment" in m:
        return "memory"
    if "null" in m:
        return "null"
    if "defaultable" in m:
        return "non-defaultable-param"
    return "other:" + msg


def parse(text):
    """Events: ('call', name), ('result', name, values), ('log', values), ('trap', class),
    ('exception',), ('memhash', hash, pages), ('invalid',), ('inst-error',)."""
    ev = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[fuzz-exec] calling "):
            ev.append(("call", line[len("[fuzz-exec] calling "):]))
        elif line.startswith("[fuzz-exec] note result: "):
            rest = line[len("[fuzz-exec] note result: "):]
            name, _, val = rest.partition(" => ")
            ev.append(("result", name, parse_values(val)))
        elif line.startswith("[LoggingExternalInterface logging"):
            ev.append(("log", parse_log(line[len("[LoggingExternalInterface logging"):-1])))
        elif line.startswith("[trap "):
            ev.append(("trap", trap_class(line[6:-1])))
        elif line.startswith("[exception thrown"):
            ev.append(("exception",))
        elif line.startswith("[memhash "):
            h, pages = line[9:-1].split()
            ev.append(("memhash", h, pages))
        elif line.startswith("[invalid"):
            ev.append(("invalid",))
        elif line.startswith("[instantiate-error"):
            ev.append(("inst-error",))
        elif line.startswith("[js-error"):
            ev.append(("js-error", line))
    return ev

# ---------------------------------------------------------------- comparing

def is_nan32(x):
    return (x & 0x7f800000) == 0x7f800000 and (x & 0x7fffff) != 0


def is_nan64(lo, hi):
    return (hi & 0x7ff00000) == 0x7ff00000 and ((hi & 0xfffff) != 0 or lo != 0)


def v128_equal(a, b):
    if a == b:
        return True
    # NaN lanes compare as NaN: as f32x4 lanes, or as f64x2 lanes.
    if all(x == y or (is_nan32(x) and is_nan32(y)) for x, y in zip(a, b)):
        return True
    for k in (0, 2):
        pa, pb = (a[k], a[k + 1]), (b[k], b[k + 1])
        if pa != pb and not (is_nan64(*pa) and is_nan64(*pb)):
            return False
    return True


def value_equal(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == "v":
        return v128_equal(a[1], b[1])
    if a[0] == "r":
        return a[1] is None or b[1] is None or a[1] == b[1]
    x, y = a[1], b[1]
    if isinstance(x, str) or isinstance(y, str):
        return x == y
    return x == y


def event_equal(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == "result":
        return a[1] == b[1] and len(a[2]) == len(b[2]) and all(value_equal(x, y) for x, y in zip(a[2], b[2]))
    if a[0] == "log":
        return len(a[1]) == len(b[1]) and all(value_equal(x, y) for x, y in zip(a[1], b[1]))
    return a == b


def compare(skiff_ev, oracle_ev, with_memhash):
    """None when equal, else a description of the first difference."""
    if not with_memhash:
        skiff_ev = [e for e in skiff_ev if e[0] != "memhash"]
        oracle_ev = [e for e in oracle_ev if e[0] != "memhash"]
    n = max(len(skiff_ev), len(oracle_ev))
    for i in range(n):
        a = skiff_ev[i] if i < len(skiff_ev) else None
        b = oracle_ev[i] if i < len(oracle_ev) else None
        if a is None or b is None or not event_equal(a, b):
            call = next((e[1] for e in reversed(skiff_ev[:i + 1]) if e[0] == "call"), "?")
            return "event %d (in export %s): skiff %s, oracle %s" % (i, call, a, b)
    return None


def signature(diff):
    """A stable, short name of a difference (for wasm-reduce and de-duplication)."""
    if diff is None:
        return "agree"
    m = re.search(r"skiff (\(.*?[,)])", diff)
    return "mismatch " + (m.group(1) if m else "")

# ---------------------------------------------------------------- one module

class Verdict:
    def __init__(self, kind, detail="", outputs=None):
        self.kind, self.detail, self.outputs = kind, detail, outputs or {}


def check_module(wasm, oracles, primary):
    """Compares Skiff with `primary` ('binaryen', 'v8' or 'both'); the other oracle
    is consulted on a difference."""
    s_out, crash = oracles.skiff_run(wasm)
    outputs = {"skiff": s_out}
    if crash:
        return Verdict("crash", crash, outputs)
    s_ev = parse(s_out)
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = getattr(oracles, name)(wasm)
            outputs[name] = cache[name]
        return cache[name]

    def diff_with(name):
        out = get(name)
        if out is None:
            return "unavailable"
        ev = parse(out)
        if name == "v8" and ev and ev[0] == ("invalid",) and s_ev[:1] != [("invalid",)]:
            return "unavailable"  # V8 (node 20) lacks a feature binaryen emitted
        if any(e[0] == "js-error" for e in ev):
            return "unavailable"
        return compare(s_ev, ev, with_memhash=(name == "v8"))

    if s_ev[:1] == [("invalid",)]:
        # Skiff rejects the module: fine only if V8 rejects it too.
        v = get("v8")
        if v is None:
            return Verdict("skip", "invalid for Skiff; V8 could not run", outputs)
        if parse(v)[:1] == [("invalid",)]:
            return Verdict("skip", "invalid for Skiff and V8", outputs)
        return Verdict("mismatch", "Skiff rejects a module V8 accepts: " + s_out.strip()[:300], outputs)

    order = ["binaryen", "v8"] if primary in ("binaryen", "both") else ["v8", "binaryen"]
    d0 = diff_with(order[0])
    if d0 is None and primary != "both":
        return Verdict("ok", "", outputs)
    d1 = diff_with(order[1])
    UN = "unavailable"
    if d0 in (None, UN) and d1 in (None, UN):
        if d0 == d1 == UN:
            return Verdict("skip", "no oracle could run it", outputs)
        return Verdict("ok", "", outputs)
    if d0 is None:  # the second oracle differs from Skiff and the first
        return Verdict("deviation-" + order[1], d1, outputs)
    if d1 is None:
        return Verdict("deviation-" + order[0], d0, outputs)
    detail = "; ".join("%s: %s" % (o, d) for o, d in zip(order, (d0, d1)) if d != UN)
    if d0 != UN and d1 != UN:
        # All three differ in the same export's first difference: the oracles disagree
        # with each other there too, which in practice is NaN bits made visible
        # (i32.reinterpret_f32 of a NaN: binaryen, V8 and Skiff each pick another
        # allowed NaN). Counted, not a failure.
        dbv = compare(parse(outputs["binaryen"]), parse(outputs["v8"]), with_memhash=False)
        where = lambda d: re.search(r"\(in export (.*?)\):", d or "")
        w = [where(d) for d in (d0, d1, dbv)]
        if all(w) and len({m.group(1) for m in w}) == 1:
            return Verdict("nondeterministic", detail, outputs)
    return Verdict("mismatch", detail, outputs)


def save_failure(workdir, tag, wasm, verdict):
    fdir = os.path.join(workdir, "failures")
    os.makedirs(fdir, exist_ok=True)
    dst = os.path.join(fdir, tag + ".wasm")
    shutil.copy(wasm, dst)
    with open(os.path.join(fdir, tag + ".txt"), "w") as f:
        f.write("%s: %s\n" % (verdict.kind, verdict.detail))
        for k, v in verdict.outputs.items():
            f.write("\n===== %s =====\n%s" % (k, v if v is not None else "(no output)\n"))
    return dst

# ---------------------------------------------------------------- modes

def have(tool):
    return shutil.which(tool) is not None


def fuzz(args, oracles):
    need = {"binaryen": ["wasm-opt"], "v8": ["wasm-opt", "node"], "both": ["wasm-opt", "node"]}[args.oracle]
    missing = [t for t in need if not have(t)]
    if missing:
        print("SKIPPED: %s not installed (binaryen / nodejs); no differential run" % ", ".join(missing))
        return 77
    if args.oracle == "binaryen" and not have("node"):
        print("note: node not installed: binaryen's deviations cannot be told from Skiff bugs")
    os.makedirs(args.workdir, exist_ok=True)
    wasm = os.path.join(args.workdir, "m.wasm")
    counts = {}
    failures = 0
    deadline = time.time() + args.time if args.time else None
    i = 0
    while (args.count is None or i < args.count) and (deadline is None or time.time() < deadline):
        seed = args.seed + i
        i += 1
        if not generate(seed, wasm):
            counts["gen-failed"] = counts.get("gen-failed", 0) + 1
            continue
        # Odd seeds: memories with explicit bounds checks instead of guard pages.
        oracles.skiff_flags = ["--explicit-bounds"] if seed % 2 else []
        v = check_module(wasm, oracles, args.oracle)
        counts[v.kind] = counts.get(v.kind, 0) + 1
        calls = v.outputs.get("skiff", "").count("[fuzz-exec] calling ")
        counts["calls"] = counts.get("calls", 0) + calls
        if v.kind in ("mismatch", "crash"):
            failures += 1
            dst = save_failure(args.workdir, "seed-%d%s" % (seed, "-explicit" if seed % 2 else ""), wasm, v)
            print("FAIL seed %d: %s: %s\n  saved %s" % (seed, v.kind, v.detail[:500], dst), flush=True)
        elif v.kind.startswith("deviation") and args.verbose:
            print("note seed %d: %s: %s" % (seed, v.kind, v.detail[:300]), flush=True)
        if args.progress and i % args.progress == 0:
            print("%d modules: %s" % (i, counts), flush=True)
    print("differential run (%s, seeds %d..%d): %d modules, %s" %
          (args.oracle, args.seed, args.seed + i - 1, i, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    return 1 if failures else 0


def replay(args, oracles):
    files = sorted(f for f in os.listdir(args.replay) if f.endswith(".wasm"))
    if not files:
        print("no corpus modules in %s" % args.replay)
        return 0
    bad = 0
    for f in files:
        base = os.path.join(args.replay, f[:-5])
        wasm = base + ".wasm"
        with open(base + ".expected") as fh:
            expected = fh.read()
        known = open(base + ".known").read().strip() if os.path.exists(base + ".known") else None
        s_out, crash = oracles.skiff_run(wasm)
        exp_ev = parse(expected)
        diff = crash or compare(parse(s_out), exp_ev, with_memhash=any(e[0] == "memhash" for e in exp_ev))
        if diff is None:
            print("ok      %s%s" % (f, "  (was a known failure: delete %s.known)" % f[:-5] if known else ""))
        elif known:
            print("known   %s: %s\n        %s" % (f, known, diff[:300]))
        else:
            print("FAIL    %s: %s" % (f, diff[:600]))
            bad += 1
    print("corpus: %d modules, %d failing" % (len(files), bad))
    return 1 if bad else 0


def check_one(args, oracles):
    v = check_module(args.check, oracles, args.oracle)
    if args.signature:  # for wasm-reduce: one stable line
        print(v.kind if v.kind != "mismatch" else "mismatch")
        return 0
    print("%s: %s" % (v.kind, v.detail))
    if args.verbose:
        for k, out in v.outputs.items():
            print("===== %s =====\n%s" % (k, out))
    return 1 if v.kind in ("mismatch", "crash") else 0


def add_corpus(args, oracles):
    """Copies a module into the corpus with its expected output: V8's (it has memory
    hashes) when binaryen agrees with it, else the oracle that agrees with Skiff."""
    src, name = args.add_corpus
    dst = os.path.join(args.corpus, name)
    b, v = oracles.binaryen(src), oracles.v8(src)
    expected = None
    if v is not None and b is not None and compare(parse(v), parse(b), with_memhash=False) is None:
        expected = v
    else:
        s_ev = parse(oracles.skiff_run(src)[0])
        for out in (v, b):
            if out is not None and compare(s_ev, parse(out), with_memhash=False) is None:
                expected = out
                print("note: the oracles disagree; keeping the one Skiff agrees with")
        if expected is None:
            expected = b if b is not None else v
            print("note: Skiff agrees with neither oracle; expecting binaryen's output")
    shutil.copy(src, dst + ".wasm")
    with open(dst + ".expected", "w") as f:
        f.write(expected)
    rc, wat, _ = run(["wasm-dis", src] + FEATURES)
    if rc == 0:
        with open(dst + ".wat", "w") as f:
            f.write(wat)
    if args.known:
        with open(dst + ".known", "w") as f:
            f.write(args.known + "\n")
    print("added %s.{wasm,wat,expected%s}" % (dst, ",known" if args.known else ""))
    return 0


def reduce(args):
    """wasm-reduce keeping `--check --signature` output unchanged (crash/mismatch)."""
    out = args.output or args.reduce.replace(".wasm", ".reduced.wasm")
    work = os.path.abspath(os.path.join(args.workdir, "reduce"))
    os.makedirs(work, exist_ok=True)
    test = os.path.join(work, "t.wasm")
    cmd = "%s %s --skiff %s --oracle %s --check %s --signature%s" % (
        sys.executable, os.path.abspath(__file__), os.path.abspath(args.skiff), args.oracle, test,
        " --explicit-bounds" if args.explicit_bounds else "")
    rc, o, e = run(["wasm-reduce", args.reduce, "--command=" + cmd, "-t", test, "-w", out, "-b",
                    os.path.dirname(shutil.which("wasm-opt") or "/usr/bin/wasm-opt") + "/",
                    "--timeout", "20"] + FEATURES, timeout=3600)
    print(o[-2000:], e[-2000:])
    return 0 if rc == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skiff", required=True, help="the skiff-fuzz-exec executable")
    ap.add_argument("--oracle", choices=["binaryen", "v8", "both"], default="both")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int)
    ap.add_argument("--time", type=float, help="seconds to run (with or without --count)")
    ap.add_argument("--workdir", default="diff-work")
    ap.add_argument("--replay", help="a corpus folder to replay against its .expected files")
    ap.add_argument("--check", help="compare one module")
    ap.add_argument("--signature", action="store_true", help="with --check: print only the verdict kind")
    ap.add_argument("--reduce", help="a module to reduce with wasm-reduce")
    ap.add_argument("-o", "--output")
    ap.add_argument("--add-corpus", nargs=2, metavar=("M.wasm", "NAME"),
                    help="add a module to the corpus with the oracle's output as expected")
    ap.add_argument("--known", help="with --add-corpus: the open bug it shows (NAME.known)")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--progress", type=int, default=0, help="print counts every N modules")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--features", default="",
                    help="extra wasm-opt feature flags, e.g. '--enable-threads' (node may need NODE_FLAGS too)")
    ap.add_argument("--explicit-bounds", action="store_true",
                    help="--check/--reduce/--replay: Skiff without guard pages (fuzzing uses it for odd seeds)")
    ap.add_argument("--node-flags", default="", help="extra node flags, e.g. --experimental-wasm-memory64")
    args = ap.parse_args()
    FEATURES.extend(args.features.split())
    NODE_FLAGS.extend(args.node_flags.split())
    if not os.path.exists(args.skiff):
        print("no skiff-fuzz-exec at %s" % args.skiff)
        return 2
    oracles = Oracles(os.path.abspath(args.skiff))
    if args.explicit_bounds:
        oracles.skiff_flags = ["--explicit-bounds"]
    if args.replay:
        return replay(args, oracles)
    if args.check:
        return check_one(args, oracles)
    if args.reduce:
        return reduce(args)
    if args.add_corpus:
        return add_corpus(args, oracles)
    if args.count is None and args.time is None:
        args.count = 100
    return fuzz(args, oracles)


if __name__ == "__main__":
    sys.exit(main())
