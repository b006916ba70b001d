#!/usr/bin/env python3
"""Writes ratings.csv for the recommender sample: synthetic low-rank ratings with known noise.

rating = 3.5 + b_u + b_i + p_u . q_i + noise, with b_u ~ N(0, 0.3), b_i ~ N(0, 0.3), p_u and q_i of RANK factors
each ~ N(0, 1/sqrt(RANK)) (so p_u . q_i has variance about 1) and noise ~ N(0, NOISE). RATINGS distinct
(user, item) pairs drawn uniformly from USERS x ITEMS. Columns: user, item (0-based ids), rating. Fixed seed.
Python's standard library only:

    python3 tools/data/make_ratings.py samples/src/main/resources/org/optspec/samples/recommender/ratings.csv
"""
import random
import sys

USERS = 1000
ITEMS = 500
RANK = 5
RATINGS = 90000
NOISE = 0.5
SEED = 20240612


def main(path):
    rng = random.Random(SEED)
    scale = RANK ** -0.5
    users = [[rng.gauss(0, scale) for _ in range(RANK)] for _ in range(USERS)]
    items = [[rng.gauss(0, scale) for _ in range(RANK)] for _ in range(ITEMS)]
    user_bias = [rng.gauss(0, 0.3) for _ in range(USERS)]
    item_bias = [rng.gauss(0, 0.3) for _ in range(ITEMS)]
    pairs = rng.sample(range(USERS * ITEMS), RATINGS)
    with open(path, "w") as out:
        out.write("user,item,rating\n")
        for pair in pairs:
            u, i = divmod(pair, ITEMS)
            signal = 3.5 + user_bias[u] + item_bias[i] + sum(a * b for a, b in zip(users[u], items[i]))
            out.write("%d,%d,%.4f\n" % (u, i, signal + rng.gauss(0, NOISE)))


if __name__ == "__main__":
    main(sys.argv[1])
