#!/usr/bin/env python3
"""Tier-1 compile throughput for bench/run.sh (python3 standard library only).

usage: compile_bench.py SKIFF OUT_CSV NAME:REPS:FILE.wasm...

Times `SKIFF compile FILE.wasm -o TMP.skc` (every function through tier 1, LLVM -O2, the
.skc written) REPS times with SKIFF_COMPILE_THREADS=1 and REPS times with the variable
unset (Skiff's automatic thread count), alternating, and keeps the minimum wall time and
the minimum user+sys CPU time of each (from wait4's rusage, so children count). The code
section's size comes from the module's section headers. Writes OUT_CSV with one row per
program and thread setting:

    program,threads,code_bytes,funcs,reps,wall_ms,cpu_ms,mb_per_s,machine_code_bytes,status

mb_per_s = code_bytes / minimum wall time (MB = 10^6 bytes); machine_code_bytes is what
`skiff compile` reports writing; status is "ok" or what went wrong. Exit status 0 even when
a compile failed (report.py reads the status column).
"""

import csv
import os
import re
import subprocess
import sys
import tempfile
import time


def leb_u32(b, pos):
    """-> (value, next position); raises ValueError on a truncated or overlong number."""
    v, shift = 0, 0
    while True:
        if pos >= len(b) or shift > 28:
            raise ValueError("bad LEB128 at offset %d" % pos)
        byte = b[pos]
        pos += 1
        v |= (byte & 0x7F) << shift
        if byte < 0x80:
            return v, pos
        shift += 7


def code_section(path):
    """-> (code section payload bytes, function bodies) of a binary module."""
    with open(path, "rb") as f:
        b = f.read()
    if b[:4] != b"\0asm":
        raise ValueError("not a binary module")
    pos = 8
    while pos < len(b):
        sid = b[pos]
        size, start = leb_u32(b, pos + 1)
        if start + size > len(b):
            raise ValueError("section %d runs past the end" % sid)
        if sid == 10:
            count, _ = leb_u32(b, start)
            return size, count
        pos = start + size
    return 0, 0


def run_once(cmd, env):
    """-> (wall s, user+sys CPU s, exit status, output)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    return wall, ru.ru_utime + ru.ru_stime, p.returncode, out.decode(errors="replace")


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    skiff, out_csv = argv[1], argv[2]
    env_auto = {k: v for k, v in os.environ.items() if k != "SKIFF_COMPILE_THREADS"}
    env_one = dict(env_auto, SKIFF_COMPILE_THREADS="1")
    settings = [("1", env_one), ("auto", env_auto)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        skc = os.path.join(tmp, "out.skc")
        for spec in argv[3:]:
            name, reps, path = spec.split(":", 2)
            reps = max(1, int(reps))
            try:
                code_bytes, funcs = code_section(path)
            except (OSError, ValueError) as e:
                for t, _ in settings:
                    rows.append([name, t, "", "", reps, "", "", "", "", f"bad module: {e}"])
                print(f"x {name}", flush=True)
                continue
            best = {t: [None, None, "", "ok"] for t, _ in settings}
            for _ in range(reps):
                for t, env in settings:
                    wall, cpu, rc, out = run_once([skiff, "compile", path, "-o", skc], env)
                    b = best[t]
                    if rc != 0:
                        first = out.strip().splitlines()[:1]
                        b[3] = f"exit {rc}" + (f": {first[0][:120]}" if first else "")
                        continue
                    b[0] = wall if b[0] is None else min(b[0], wall)
                    b[1] = cpu if b[1] is None else min(b[1], cpu)
                    m = re.search(r"(\d+) bytes of machine code", out)
                    if m:
                        b[2] = m.group(1)
                print(".", end="", flush=True)
            for t, _ in settings:
                wall, cpu, mc, st = best[t]
                ok = st == "ok" and wall
                rows.append([name, t, code_bytes, funcs, reps,
                             f"{wall * 1000:.1f}" if ok else "", f"{cpu * 1000:.1f}" if ok else "",
                             f"{code_bytes / wall / 1e6:.4f}" if ok else "", mc, st])
            print(f" {name}", flush=True)
    with open(out_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["program", "threads", "code_bytes", "funcs", "reps", "wall_ms", "cpu_ms",
                     "mb_per_s", "machine_code_bytes", "status"])
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
