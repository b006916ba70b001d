#!/usr/bin/python3
"""Reads one bench/run.sh output directory and prints the OptSpec vs PyTorch vs NumPy table (markdown)."""
import json
import os
import sys

d = sys.argv[1]
peers = [json.loads(l) for l in open(os.path.join(d, "peers.jsonl"))]
jmh = json.load(open(os.path.join(d, "jmh.json")))


def best(script, workload):
    rs = [r for r in peers if r["script"] == script and r["workload"] == workload]
    if not rs:
        return None, None
    r = max(rs, key=lambda r: r["value"])
    label = (f"threads={r['threads']}" if script == "torch" else f"blas={r['threads']}")
    return r["value"], label


def ours(name):
    for b in jmh:
        if b["benchmark"].endswith(name):
            us = b["primaryMetric"]["score"]
            err = b["primaryMetric"]["scoreError"]
            alloc = b["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score")
            return us, err, alloc
    return None, None, None


# workload: (benchmark, work per op, metric)
rows = [("W1", "LinearRegressionBenchmark.step", 1, "steps/s"),
        ("W2", "DigitsMlpBenchmark.epoch", 1797, "samples/s"),
        ("W3", "WideMlpBenchmark.step", 256, "samples/s"),
        ("W4", "FactorizationBenchmark.epoch", 100000, "ratings/s"),
        ("W5", "RnnBenchmark.step", 32, "seq/s")]


def fmt(v):
    if v is None:
        return "–"
    return f"{v / 1e6:.2f}M" if v >= 1e6 else (f"{v / 1e3:.1f}k" if v >= 1e3 else f"{v:.0f}")


env = os.path.join(d, "env.txt")
if os.path.exists(env):
    print("Run conditions (bench/run.sh; peers and ours interleaved workload by workload):\n")
    for line in open(env):
        print("    " + line.rstrip())
    print()
print("| workload | metric | OptSpec (µs/op ± err, B/op) | OptSpec | PyTorch best (setting) | NumPy best (setting) | × PyTorch | × NumPy |")
print("|---|---|---|---|---|---|---|---|")
for w, bench, work, metric in rows:
    tv, tl = best("torch", w)
    nv, nl = best("numpy", w)
    us, err, alloc = ours(bench)
    if us is None:
        print(f"| {w} | {metric} | not measured in this run | – | {fmt(tv)} ({tl}) | {fmt(nv)} ({nl}) | – | – |")
        continue
    rate = work * 1e6 / us
    extra = ""
    if w == "W3":
        extra = f", {6 * 1863690 * 256 / us / 1e3:.0f} GFLOP/s"
    print(f"| {w} | {metric} | {us:,.1f} ± {err:,.1f}, {alloc:.2f} B/op{extra} | {fmt(rate)} | {fmt(tv)} ({tl}) | "
          f"{fmt(nv)} ({nl}) | " + (f"{rate / tv:.2f} | " if tv else "– | ") + (f"{rate / nv:.2f} |" if nv else "– |"))
us, err, alloc = ours("DigitsStepBenchmark.step")
if us:
    print(f"\nDigits sample step (64-128-10, dropout, AdamW, warmup+cosine, clipping, batch 32): "
          f"{us:.1f} ± {err:.1f} µs/step = {32e6 / us:,.0f} samples/s, {alloc:.2f} B/op")
alloc = os.path.join(d, "alloc.txt")
if os.path.exists(alloc):
    print("\nBytes allocated per operation by the stepping thread (AllocationCheck):\n")
    for line in open(alloc):
        print("    " + line.rstrip())
