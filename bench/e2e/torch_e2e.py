#!/usr/bin/python3
"""End-to-end PyTorch peers for W1-W5 (bench/e2e.sh): what a PyTorch user runs to get the same training
from the same CSV, timed as a whole process (interpreter start, imports, CSV load, training, a final
metric), like ../shared/bench/peers/e2e_digits_torch.py does for the digits sample.

    /usr/bin/python3 bench/e2e/torch_e2e.py W1|W2|W3|W4|W5 PATH/TO/FILE.csv

The recipes are ../shared/bench/peers/torch_bench.py's (float32, the same models, optimizers, batch
sizes and step counts), written as a user writes a training script: shuffled minibatches by randperm
each epoch (W2, W3, W4, W5), one line per epoch. The data files come from bench/e2e/make_data.py
(W2: samples/.../digits/digits.csv). Torch's default threads (1 intra-op thread, OpenBLAS 2 here).
  W1  linear regression, 10000 x 5, full batch, SGD lr 0.01, 1000 steps
  W2  MLP 64-128(relu)-10, softmax CE, Adam 1e-3, batch 32, 20 epochs over the 1797 digits (/16)
  W3  MLP 784-1024-1024-10, softmax CE, Adam 1e-3, batch 256, 2048 rows, 25 epochs = 200 steps
  W4  Funk-SVD 1000 users x 500 items, k=20, biases, SGD lr 0.01 on 1/2 e^2 + 1/2 0.02 (|p|^2+|q|^2), batch 256, 5 epochs
  W5  tanh RNN (nn.RNN) 8 -> 64, T=50, Linear(64, 1), MSE, Adam 1e-3, batch 32, 640 rows, 10 epochs = 200 steps
"""
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn as nn

t_start = time.perf_counter()
warnings.filterwarnings("ignore", category=UserWarning)
workload, path = sys.argv[1], sys.argv[2]
torch.manual_seed(0)


def minibatches(n, batch):
    order = torch.randperm(n)
    for s in range(0, n, batch):
        yield order[s:s + batch]


def w1():
    d = np.loadtxt(path, delimiter=",", dtype=np.float32)
    X, y = torch.from_numpy(d[:, :5]), torch.from_numpy(d[:, 5:6].copy())
    model, lossf = nn.Linear(5, 1), nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    for step in range(1000):
        opt.zero_grad()
        loss = lossf(model(X), y)
        loss.backward()
        opt.step()
        if (step + 1) % 100 == 0:
            print(f"step {step + 1:4d}/1000  train loss {loss.item():.6f}")
    return f"final mse {loss.item():.6f}"


def classifier(X, y, model, epochs, batch):
    lossf = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch):
            opt.zero_grad()
            loss = lossf(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1:2d}/{epochs}  train loss {loss.item():.6f}")
    with torch.no_grad():
        return f"train accuracy {(model(X).argmax(1) == y).float().mean().item():.4f}"


def w2():
    d = np.loadtxt(path, delimiter=",", dtype=np.float32)
    X, y = torch.from_numpy(d[:, :64] / 16), torch.from_numpy(d[:, 64].astype(np.int64))
    return classifier(X, y, nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)), 20, 32)


def w3():
    d = np.loadtxt(path, delimiter=",", dtype=np.float32)
    X, y = torch.from_numpy(d[:, :784].copy()), torch.from_numpy(d[:, 784].astype(np.int64))
    model = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10))
    return classifier(X, y, model, 25, 256)


def w4():
    d = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    users, items = torch.from_numpy(d[:, 0].astype(np.int64)), torch.from_numpy(d[:, 1].astype(np.int64))
    ratings = torch.from_numpy(d[:, 2].astype(np.float32))
    nu, ni, k, reg, mu = 1000, 500, 20, 0.02, float(ratings.mean())
    P, Q, bu, bi = nn.Embedding(nu, k), nn.Embedding(ni, k), nn.Embedding(nu, 1), nn.Embedding(ni, 1)
    for e in (P, Q):
        nn.init.normal_(e.weight, 0.0, 0.1)
    for e in (bu, bi):
        nn.init.zeros_(e.weight)
    params = [P.weight, Q.weight, bu.weight, bi.weight]
    opt = torch.optim.SGD(params, lr=0.01)

    def predict(u, i):
        p, q = P(u), Q(i)
        return (p * q).sum(1) + bu(u).squeeze(1) + bi(i).squeeze(1) + mu, p, q

    for epoch in range(5):
        for idx in minibatches(len(ratings), 256):
            u, i, r = users[idx], items[idx], ratings[idx]
            opt.zero_grad()
            pred, p, q = predict(u, i)
            loss = 0.5 * ((pred - r) ** 2).sum() + 0.5 * reg * ((p * p).sum() + (q * q).sum())
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1}/5  train loss {loss.item():.6f}")
    with torch.no_grad():
        return f"train rmse {((predict(users, items)[0] - ratings) ** 2).mean().sqrt().item():.4f}"


def w5():
    d = np.loadtxt(path, delimiter=",", dtype=np.float32)
    X, y = torch.from_numpy(d[:, :400].reshape(-1, 50, 8).copy()), torch.from_numpy(d[:, 400:401].copy())

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(8, 64, nonlinearity="tanh", batch_first=True)
            self.out = nn.Linear(64, 1)

        def forward(self, x):
            _, hn = self.rnn(x)
            return self.out(hn[0])

    model, lossf = Net(), nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(10):
        for idx in minibatches(len(X), 32):
            opt.zero_grad()
            loss = lossf(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1:2d}/10  train loss {loss.item():.6f}")
    return f"final loss {loss.item():.6f}"


t_train = time.perf_counter()
result = dict(W1=w1, W2=w2, W3=w3, W4=w4, W5=w5)[workload]()
print(f"{result}  load + training {time.perf_counter() - t_train:.3f} s  process so far {time.perf_counter() - t_start:.3f} s")
