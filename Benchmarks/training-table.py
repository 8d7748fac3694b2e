#!/usr/bin/env python3
"""Reads the files run-training.sh writes and prints what docs/benchmarks.md reports.

  training-table.py agree CHECK_A.tsv CHECK_B.tsv   exit 1 unless both OpenBLAS settings agree
  training-table.py table RESULTS_DIR               the per-configuration tables with ratios
"""
import glob
import json
import os
import re
import statistics
import sys

CASES = ["osc-mlp", "osc-pinn", "burgers-pinn"]
SETTINGS = ["as-set", "unset"]
# Relative tolerances: rounding may differ between OpenBLAS kernels, nothing else may.
CHECKSUM_TOLERANCE = {"f32": 1e-4, "f64": 1e-10}
LOSS_TOLERANCE = 1e-3


def read_check(path):
    """gemm (OpenBLAS) and graph (the graph's own product) rows keyed by (precision, shape, kind)
    -> (checksum, GFLOP/s); case rows -> (FLOPs, loss)."""
    gemm, cases = {}, {}
    with open(path) as f:
        for line in f:
            kind, *fields = line.rstrip("\n").split("\t")
            if kind in ("gemm", "graph"):
                precision, shape, checksum, gflops = fields
                gemm[(precision, shape, "OpenBLAS" if kind == "gemm" else "graph")] = (float(checksum), float(gflops))
            elif kind == "case":
                name, flops, loss = fields
                cases[name] = (float(flops), float(loss))
    return gemm, cases


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def agree(path_a, path_b):
    gemm_a, cases_a = read_check(path_a)
    gemm_b, cases_b = read_check(path_b)
    ok = gemm_a.keys() == gemm_b.keys() and cases_a.keys() == cases_b.keys()
    print(f"{'precision':9} {'product':22} {'by':9} {'GFLOP/s as set':>15} {'unset':>8} {'checksum rel. diff':>19}")
    for key in gemm_a:
        (ca, ga), (cb, gb) = gemm_a[key], gemm_b.get(key, (float("nan"), float("nan")))
        diff = relative(ca, cb)
        ok &= diff <= CHECKSUM_TOLERANCE[key[0]]
        print(f"{key[0]:9} {key[1]:22} {key[2]:9} {ga:15.2f} {gb:8.2f} {diff:19.1e}")
    for name in cases_a:
        (fa, la), (fb, lb) = cases_a[name], cases_b.get(name, (float("nan"), float("nan")))
        diff = relative(la, lb)
        ok &= fa == fb and diff <= LOSS_TOLERANCE
        print(f"{name}: {fa:.4g} FLOPs/step; loss after 20 steps {la!r} vs {lb!r} (rel. diff {diff:.1e})")
    print("OpenBLAS settings agree" if ok else "OpenBLAS settings DISAGREE")
    return 0 if ok else 1


def physweep_times(directory):
    """case -> per-step wall times in µs (one per measured iteration)."""
    times = {}
    for path in glob.glob(os.path.join(directory, "*wallClock*samples.tsv")):
        match = re.search(r"TrainingCore\.(.+?)_\((\d+)_steps?\)\.wallClock", os.path.basename(path))
        if not match:
            continue
        with open(path) as f:
            samples = [float(line) for line in f.read().split("\n")[1:] if line.strip()]
        times[match.group(1)] = [s / int(match.group(2)) for s in samples]
    return times


def anchor_times(path):
    """(case, tool) -> (median, min, max) µs per step, from the anchors' JSON lines."""
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path):
        row = json.loads(line)
        metric, unit = row["metric"], row["unit"]
        if metric.startswith("step"):
            tool = {"jax": "JAX jit", "torch-eager": "torch eager"}.get(row["framework"], row["framework"])
            scale = 1e3 if unit == "ms/step" else 1.0
        elif "lax.scan" in metric:
            tool, scale = "JAX lax.scan epoch", 1e3 / 400
        else:
            continue
        rows[(row["task"], tool)] = tuple(row[k] * scale for k in ("median", "min", "max"))
    return rows


def table(out):
    """Per configuration: physweep under both settings, then each anchor, with speed-ups."""
    _, flops = read_check(os.path.join(out, "check-unset.tsv"))
    physweep = {s: physweep_times(os.path.join(out, f"physweep-{s}")) for s in SETTINGS}
    anchors = anchor_times(os.path.join(out, "anchors.jsonl"))
    for case in CASES:
        flops_per_step = flops.get(case, (float("nan"),))[0]
        rows = [(f"physweep (OPENBLAS {s})", statistics.median(t), min(t), max(t), len(t))
                for s in SETTINGS if (t := physweep[s].get(case))]
        rows += [(tool, *anchors[(c, tool)], 3) for (c, tool) in anchors if c == case]
        print(f"\n### {case}  ({flops_per_step / 1e6:.4g} MFLOP/step by the graph's counting rules)\n")
        print("| tool | µs/step (median) | min–max | samples | GFLOP/s | " +
              " | ".join(f"speed-up of physweep {s}" for s in SETTINGS) + " |")
        print("| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in SETTINGS) + " |")
        for tool, median, low, high, count in rows:
            gflops = f"{flops_per_step / median / 1e3:.2f}" if tool.startswith("physweep") else ""
            speedups = [f"{median / statistics.median(physweep[s][case]):.2f}×" if case in physweep[s] else "—"
                        for s in SETTINGS]
            print(f"| {tool} | {median:,.1f} | {low:,.1f}–{high:,.1f} | {count} | {gflops} | " +
                  " | ".join(speedups) + " |")
        anchor_rows = [r for r in rows if not r[0].startswith("physweep")]
        if anchor_rows and case in physweep["unset"]:
            fastest = min(anchor_rows, key=lambda r: r[1])
            print(f"\nphysweep (unset) vs the fastest anchor ({fastest[0]}): "
                  f"{fastest[1] / statistics.median(physweep['unset'][case]):.2f}× faster")
    return 0


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    sys.exit({"agree": agree, "table": table}[command](*arguments))
