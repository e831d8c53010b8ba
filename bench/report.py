#!/usr/bin/env python3
"""Summarises the raw timings written by bench/run.sh (python3 standard library only).

usage: report.py RAW_CSV OUT_DIR [--title TEXT]

RAW_CSV has one row per run: program,args,runtime,rep,ms,status (status "ok", or what went
wrong: "mismatch", "exit N", "timeout"). The first runtime seen is the baseline (native).
Prints a table of median times and ratios to the baseline, with the geometric mean of the
ratios per runtime, and writes OUT_DIR/results.csv and OUT_DIR/report.svg (grouped bars per
program, one colour per runtime, log-scale ratio to native).

When OUT_DIR holds them (run.sh writes them unless BENCH_RSS=0 / BENCH_COMPILE=0), also
prints OUT_DIR/rss.csv (program,runtime,peak_rss_kb,status: one untimed run each) as a
table of peak RSS in MiB with the median per runtime, and OUT_DIR/compile.csv (written by
compile_bench.py) as a table of tier-1 compile times and MB/s of code section compiled.
"""

import csv
import math
import os
import statistics
import sys
from collections import OrderedDict
from xml.sax.saxutils import escape

COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
           "#9c755f", "#ff9da7", "#bab0ac"]


def load(path):
    """-> (programs: OrderedDict name -> args, runtimes: list, runs: {(prog, rt): [rows]})."""
    programs, runtimes, runs = OrderedDict(), [], {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            programs.setdefault(row["program"], row["args"])
            if row["runtime"] not in runtimes:
                runtimes.append(row["runtime"])
            runs.setdefault((row["program"], row["runtime"]), []).append(row)
    return programs, runtimes, runs


def summarise(programs, runtimes, runs):
    """-> {(prog, rt): (median_ms or None, ratio or None, status)}; ratio to runtimes[0]."""
    base = runtimes[0]
    out = {}
    for p in programs:
        for rt in runtimes:
            rows = runs.get((p, rt), [])
            bad = [r["status"] for r in rows if r["status"] != "ok"]
            if not rows:
                out[p, rt] = (None, None, "not run")
            elif bad:
                out[p, rt] = (None, None, bad[0])
            else:
                out[p, rt] = (statistics.median(float(r["ms"]) for r in rows), None, "ok")
        b = out[p, base][0]
        for rt in runtimes:
            ms, _, st = out[p, rt]
            if ms is not None and b:
                out[p, rt] = (ms, ms / b, st)
    return out


def geomeans(programs, runtimes, summary):
    """-> {rt: (geomean ratio or None, programs counted)}."""
    g = {}
    for rt in runtimes:
        ratios = [summary[p, rt][1] for p in programs if summary[p, rt][1]]
        g[rt] = (math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else None,
                 len(ratios))
    return g


def print_table(programs, runtimes, summary, gm, reps):
    base = runtimes[0]
    w = max([len("geomean")] + [len(p) for p in programs]) + 1
    aw = min(max([4] + [len(a) for a in programs.values()]), 22)
    head = f"{'program':<{w}} {'args':<{aw}} {base + '_ms':>10}"
    for rt in runtimes[1:]:
        head += f" {rt + '_ms':>10} {'ratio':>6}"
    print(f"median of {reps} run{'s' if reps != 1 else ''} per program and runtime; "
          f"ratio = runtime / {base}")
    print(head + "  status")
    failures = 0
    for p, args in programs.items():
        ms = summary[p, base][0]
        line = f"{p:<{w}} {args[:aw]:<{aw}} " + (f"{ms:>10.1f}" if ms is not None else f"{'FAIL':>10}")
        notes = []
        for rt in runtimes:
            m, r, st = summary[p, rt]
            if st != "ok":
                failures += 1
                notes.append(f"{rt}: {st}")
            if rt == base:
                continue
            line += f" {m:>10.1f} {r:>6.2f}" if r is not None else f" {'FAIL':>10} {'-':>6}"
        print(line + "  " + ("ok" if not notes else "FAIL (" + "; ".join(notes) + ")"))
    line = f"{'geomean':<{w}} {'':<{aw}} {'':>10}"
    for rt in runtimes[1:]:
        v, n = gm[rt]
        line += f" {'':>10} {v:>6.2f}" if v else f" {'':>10} {'-':>6}"
    counts = ", ".join(f"{rt} {gm[rt][1]}/{len(programs)}" for rt in runtimes[1:])
    print(line + f"  (programs counted: {counts})")
    return failures


def write_csv(path, programs, runtimes, summary, gm):
    base = runtimes[0]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        head = ["program", "args", base + "_ms"]
        for rt in runtimes[1:]:
            head += [rt + "_ms", rt + "_ratio"]
        w.writerow(head + ["status"])
        for p, args in programs.items():
            m = summary[p, base][0]
            row = [p, args, f"{m:.3f}" if m is not None else ""]
            notes = []
            for rt in runtimes:
                m, r, st = summary[p, rt]
                if st != "ok":
                    notes.append(f"{rt}: {st}")
                if rt != base:
                    row += [f"{m:.3f}" if m is not None else "", f"{r:.4f}" if r else ""]
            w.writerow(row + ["; ".join(notes) or "ok"])
        row = ["geomean", "", ""]
        for rt in runtimes[1:]:
            row += ["", f"{gm[rt][0]:.4f}" if gm[rt][0] else ""]
        w.writerow(row + [""])


def read_rows(path):
    """-> the rows of a CSV file as dicts, or None when it does not exist."""
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def print_rss(path, programs, runtimes):
    """Table of peak RSS in MiB per program and runtime, median per runtime; -> failures."""
    rows = read_rows(path)
    if rows is None:
        return 0
    kb, status = {}, {}
    for r in rows:
        status[r["program"], r["runtime"]] = r["status"]
        if r["status"] == "ok" and r["peak_rss_kb"]:
            kb[r["program"], r["runtime"]] = int(r["peak_rss_kb"])
    progs = list(programs) + [r["program"] for r in rows if r["program"] not in programs]
    progs = list(OrderedDict.fromkeys(p for p in progs if any(k[0] == p for k in status)))
    rts = runtimes + [r["runtime"] for r in rows if r["runtime"] not in runtimes]
    rts = list(OrderedDict.fromkeys(rt for rt in rts if any(k[1] == rt for k in status)))
    w = max([len("median")] + [len(p) for p in progs]) + 1
    cw = max([8] + [len(rt) for rt in rts])
    print()
    print("peak RSS in MiB (maximum resident set size of one untimed run, GNU time %M; "
          "the process and its threads)")
    print(f"{'program':<{w}}" + "".join(f" {rt:>{cw}}" for rt in rts) + "  status")
    failures = 0
    for p in progs:
        line, notes = f"{p:<{w}}", []
        for rt in rts:
            st = status.get((p, rt), "not run")
            v = kb.get((p, rt))
            line += f" {v / 1024:>{cw}.1f}" if v is not None else f" {'FAIL':>{cw}}"
            if v is None:
                failures += 1
                notes.append(f"{rt}: {st}")
        print(line + "  " + ("ok" if not notes else "FAIL (" + "; ".join(notes) + ")"))
    line = f"{'median':<{w}}"
    for rt in rts:
        vals = [kb[p, rt] for p in progs if (p, rt) in kb]
        line += f" {statistics.median(vals) / 1024:>{cw}.1f}" if vals else f" {'-':>{cw}}"
    print(line)
    return failures


def print_compile(path):
    """Table of compile.csv (tier-1 compile throughput); -> failures."""
    rows = read_rows(path)
    if rows is None:
        return 0
    print()
    print("tier-1 compile throughput: `skiff compile X.wasm -o X.skc` (LLVM -O2), min wall and min "
          "user+sys CPU of the runs; MB/s = code section bytes / wall (MB = 10^6 bytes)")
    threads = list(OrderedDict.fromkeys(r["threads"] for r in rows))
    progs = list(OrderedDict.fromkeys(r["program"] for r in rows))
    by = {(r["program"], r["threads"]): r for r in rows}
    w = max([len("program")] + [len(p) for p in progs]) + 1
    head = f"{'program':<{w}} {'code_KB':>9} {'funcs':>6} {'reps':>4}"
    for t in threads:
        head += f" {'wall_ms@' + t:>13} {'cpu_ms@' + t:>12} {'MB/s@' + t:>10}"
    print(head + f" {'mcode_KB':>9}  status")
    failures = 0
    for p in progs:
        first = by[p, threads[0]]
        cb = first["code_bytes"]
        line = (f"{p:<{w}} {f'{int(cb) / 1024:.1f}' if cb else '-':>9} {first['funcs'] or '-':>6} "
                f"{first['reps']:>4}")
        notes, mc = [], ""
        for t in threads:
            r = by.get((p, t))
            if r and r["status"] == "ok" and r["wall_ms"]:
                line += (f" {float(r['wall_ms']):>13.1f} {float(r['cpu_ms']):>12.1f} "
                         f"{float(r['mb_per_s']):>10.3f}")
                mc = mc or r["machine_code_bytes"]
            else:
                failures += 1
                notes.append(f"threads={t}: {r['status'] if r else 'not run'}")
                line += f" {'FAIL':>13} {'-':>12} {'-':>10}"
        line += f" {int(mc) / 1024:>9.1f}" if mc else f" {'-':>9}"
        print(line + "  " + ("ok" if not notes else "FAIL (" + "; ".join(notes) + ")"))
    # Did the automatic thread count make compiling faster? Say what was measured.
    pairs = [(float(by[p, "1"]["wall_ms"]), float(by[p, "auto"]["wall_ms"]),
              float(by[p, "auto"]["cpu_ms"]))
             for p in progs if (p, "1") in by and (p, "auto") in by
             and by[p, "1"]["wall_ms"] and by[p, "auto"]["wall_ms"]]
    if pairs:
        speedup = math.exp(sum(math.log(a / b) for a, b, _ in pairs) / len(pairs))
        cores = max(c / b for _, b, c in pairs)
        print(f"threads: wall(1 thread) / wall(automatic) = {speedup:.2f} (geomean); "
              f"CPU / wall with the automatic count at most {cores:.2f}; {os.cpu_count()} cores")
        if speedup < 1.1 and cores < 1.2:
            print("  no parallel speed-up: tier-1 code generation runs on one thread (one LLVM "
                  "module per wasm module, src/compiler/llvm/jit.cc); SKIFF_COMPILE_THREADS only "
                  "reaches decoding and validation (src/support/parallel.cc)")
    return failures


def nice_ticks(lo, hi):
    """Tick values 1-2-5 per decade covering [lo, hi]."""
    ticks, e = [], math.floor(math.log10(lo))
    while True:
        for m in (1, 2, 5):
            v = m * 10 ** e
            if v >= lo * 0.999 and v <= hi * 1.001:
                ticks.append(v)
            if v > hi:
                return ticks
        e += 1


def fmt_ratio(r):
    return f"{r:.0f}" if r >= 100 else f"{r:.1f}" if r >= 10 else f"{r:.2f}"


def write_svg(path, title, subtitle, programs, runtimes, summary, gm):
    base, rts = runtimes[0], runtimes[1:]
    groups = list(programs) + ["geomean"]
    bar = 16
    gw = max(max(len(rts), 1) * bar + 22, 76)  # room for the program's name below
    left, right, top, bottom = 64, 24, 92, 100
    plot_h = 400
    width = max(820, left + right + gw * len(groups))
    height = top + plot_h + bottom

    def value(g, rt):
        return gm[rt][0] if g == "geomean" else summary[g, rt][1]

    vals = [v for g in groups for rt in rts if (v := value(g, rt))]
    vmin = min(vals + [1.0])
    vmax = max(vals + [2.0])
    lo = 10 ** math.floor(math.log10(vmin))
    for m in (5, 2):  # the largest 1-2-5 step not above the smallest bar
        if m * lo <= vmin:
            lo *= m
            break
    lo = min(lo, 1.0)
    hi = vmax * 1.35  # room for the labels above the tallest bar
    llo, lhi = math.log10(lo), math.log10(hi)

    def y(v):
        return top + plot_h - (math.log10(v) - llo) / (lhi - llo) * plot_h

    o = []
    o.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">')
    o.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    o.append(f'<text x="{width / 2}" y="28" font-size="18" font-weight="bold" text-anchor="middle">'
             f'{escape(title)}</text>')
    o.append(f'<text x="{width / 2}" y="48" font-size="12" fill="#555" text-anchor="middle">'
             f'{escape(subtitle)}</text>')
    # legend
    lx = left
    for i, rt in enumerate(rts):
        c = COLOURS[i % len(COLOURS)]
        v, n = gm[rt]
        label = f"{rt} (geomean {fmt_ratio(v)}×)" if v else f"{rt}"
        o.append(f'<rect x="{lx}" y="62" width="12" height="12" fill="{c}"/>')
        o.append(f'<text x="{lx + 17}" y="72" font-size="12">{escape(label)}</text>')
        lx += 30 + 7 * len(label)
    o.append(f'<line x1="{lx}" y1="68" x2="{lx + 22}" y2="68" stroke="#333" stroke-dasharray="5,3"/>')
    o.append(f'<text x="{lx + 27}" y="72" font-size="12">{escape(base)} = 1</text>')
    # axes and grid
    for t in nice_ticks(lo, hi):
        ty = y(t)
        o.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
                 f'stroke="#e3e3e3"/>')
        o.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end">'
                 f'{t:g}×</text>')
    o.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    o.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
             f'stroke="#333"/>')
    o.append(f'<text transform="translate(16,{top + plot_h / 2}) rotate(-90)" font-size="12" '
             f'text-anchor="middle">time / {escape(base)} time (log scale; lower is better)</text>')
    # bars
    for gi, g in enumerate(groups):
        g0 = left + gi * gw
        gx = g0 + (gw - len(rts) * bar) / 2
        if g == "geomean":
            o.append(f'<line x1="{g0}" y1="{top}" x2="{g0}" y2="{top + plot_h}" '
                     f'stroke="#999" stroke-dasharray="3,3"/>')
        for i, rt in enumerate(rts):
            x = gx + i * bar
            v = value(g, rt)
            c = COLOURS[i % len(COLOURS)]
            if v:
                by = y(v)
                o.append(f'<rect x="{x:.1f}" y="{by:.1f}" width="{bar - 2}" '
                         f'height="{top + plot_h - by:.1f}" fill="{c}"><title>{escape(g)}, '
                         f'{escape(rt)}: {v:.3f}×</title></rect>')
                o.append(f'<text transform="translate({x + bar / 2 + 2:.1f},{by - 4:.1f}) rotate(-90)" '
                         f'font-size="10">{fmt_ratio(v)}</text>')
            else:  # failed or not run: a red cross at the baseline
                st = "no result" if g == "geomean" else summary[g, rt][2]
                cy = top + plot_h - 8
                o.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{cy:.1f}" font-size="13" '
                         f'fill="#d00" text-anchor="middle" font-weight="bold">✗<title>'
                         f'{escape(g)}, {escape(rt)}: {escape(st)}</title></text>')
        cx = gx + len(rts) * bar / 2
        weight = ' font-weight="bold"' if g == "geomean" else ""
        o.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16}" font-size="12" '
                 f'text-anchor="middle"{weight}>{escape(g)}</text>')
        if g != "geomean":
            ms = summary[g, base][0]
            sub = f"{ms:.0f} ms" if ms is not None else "FAIL"
            o.append(f'<text x="{cx:.1f}" y="{top + plot_h + 30}" font-size="10" fill="#666" '
                     f'text-anchor="middle">{sub}</text>')
    o.append(f'<line x1="{left}" y1="{y(1):.1f}" x2="{width - right}" y2="{y(1):.1f}" '
             f'stroke="#333" stroke-dasharray="5,3"/>')
    notes = [f"Bars: median time under each runtime / median {base} time. "
             f"Below each program: its median {base} time.",
             "✗: wrong output, error or time-out. geomean: geometric mean of a runtime's ratios "
             "over the programs it ran correctly."]
    for k, line in enumerate(notes):
        o.append(f'<text x="{left}" y="{top + plot_h + 58 + 16 * k}" font-size="11" '
                 f'fill="#555">{escape(line)}</text>')
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    raw, outdir = argv[1], argv[2]
    title = "Skiff benchmarks: time relative to native code"
    if "--title" in argv:
        title = argv[argv.index("--title") + 1]
    programs, runtimes, runs = load(raw)
    if not programs:
        print("report.py: no runs recorded", file=sys.stderr)
        return 1
    reps = max(len(v) for v in runs.values())
    summary = summarise(programs, runtimes, runs)
    gm = geomeans(programs, runtimes, summary)
    failures = print_table(programs, runtimes, summary, gm, reps)
    write_csv(f"{outdir}/results.csv", programs, runtimes, summary, gm)
    sub = (f"{len(programs)} C programs (clang -O2, native and wasm32-wasi), median of {reps} "
           f"interleaved run{'s' if reps != 1 else ''}; whole processes, start-up included")
    write_svg(f"{outdir}/report.svg", title, sub, programs, runtimes, summary, gm)
    print(f"wrote {outdir}/results.csv and {outdir}/report.svg")
    failures += print_rss(f"{outdir}/rss.csv", programs, runtimes)
    failures += print_compile(f"{outdir}/compile.csv")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
