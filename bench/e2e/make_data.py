#!/usr/bin/python3
"""Writes the CSV files that the end-to-end runs of W1, W3, W4 and W5 read (bench/e2e.sh): the data of
../shared/bench/peers/torch_bench.py (the same shapes, distributions and seeds, NumPy's generators),
as files, so that OptSpec and the PyTorch scripts both start from the same file on disk. W2 and the
digits sample read samples/.../digits/digits.csv.

    /usr/bin/python3 bench/e2e/make_data.py OUT_DIR

Files (no header row except w4.csv, whose columns the spec names):
  w1.csv  10000 rows: 5 features, target               (data_w1)
  w3.csv  2048 rows: 784 features, label 0..9          (8 batches of 256, as W3's cycling pool)
  w4.csv  100000 rows: user,item,rating                (W4's ratings)
  w5.csv  640 rows: 50 steps x 8 features, time-major, then the target (data_w5: 20 batches of 32)
A file that already exists with the same size is kept (the data are fixed by the seeds).
"""
import os
import sys

import numpy as np


def write(path, rows, fmt, header=None):
    tmp = path + ".tmp"
    np.savetxt(tmp, rows, fmt=fmt, delimiter=",", header=header or "", comments="")
    os.replace(tmp, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def wanted(name):
        return not os.path.exists(os.path.join(out, name))

    if wanted("w1.csv"):
        rng = np.random.default_rng(1)
        X = rng.standard_normal((10000, 5)).astype(np.float32)
        w = rng.standard_normal((5, 1)).astype(np.float32)
        y = (X @ w + 0.5 + 0.1 * rng.standard_normal((10000, 1))).astype(np.float32)
        write(os.path.join(out, "w1.csv"), np.hstack([X, y]), "%.6g")
    if wanted("w3.csv"):
        rng = np.random.default_rng(3)
        X = rng.standard_normal((2048, 784)).astype(np.float32)
        y = rng.integers(0, 10, (2048, 1))
        write(os.path.join(out, "w3.csv"), np.hstack([X, y]), ["%.5g"] * 784 + ["%d"])
    if wanted("w4.csv"):
        nu, ni, k, nr = 1000, 500, 20, 100000
        rng = np.random.default_rng(4)
        U = rng.standard_normal((nu, k)) * 0.5
        V = rng.standard_normal((ni, k)) * 0.5
        uu = rng.integers(0, nu, nr)
        ii = rng.integers(0, ni, nr)
        rr = 3.5 + (U[uu] * V[ii]).sum(1) / np.sqrt(k) + 0.3 * rng.standard_normal(nr)
        write(os.path.join(out, "w4.csv"), np.column_stack([uu, ii, rr]), ["%d", "%d", "%.5f"],
              header="user,item,rating")
    if wanted("w5.csv"):
        rng = np.random.default_rng(5)
        X = rng.standard_normal((20, 32, 50, 8)).astype(np.float32)
        y = X[:, :, -10:, 0].mean(axis=2).astype(np.float32)
        write(os.path.join(out, "w5.csv"), np.hstack([X.reshape(640, 400), y.reshape(640, 1)]), "%.6g")


if __name__ == "__main__":
    main()
