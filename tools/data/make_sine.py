#!/usr/bin/env python3
"""Writes sine.csv for the sine forecaster sample: noisy sine windows of 50 values, then the next value.

Each row is one window of a sine wave with a random period (16..32 steps), phase and amplitude (0.5..1.5), plus
Gaussian noise of standard deviation NOISE on every value (inputs and target). Fixed seed: rerunning gives the same
file. Python's standard library only, so it runs anywhere:

    python3 tools/data/make_sine.py samples/src/main/resources/org/optspec/samples/sine/sine.csv
"""
import math
import random
import sys

ROWS = 1000
LENGTH = 50
NOISE = 0.05
SEED = 20240611


def main(path):
    rng = random.Random(SEED)
    with open(path, "w") as out:
        out.write(",".join(["x%d" % i for i in range(1, LENGTH + 1)] + ["next"]) + "\n")
        for _ in range(ROWS):
            period = rng.uniform(16, 32)
            phase = rng.uniform(0, 2 * math.pi)
            amplitude = rng.uniform(0.5, 1.5)
            values = [amplitude * math.sin(2 * math.pi * t / period + phase) + rng.gauss(0, NOISE)
                      for t in range(LENGTH + 1)]
            out.write(",".join("%.5f" % v for v in values) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
