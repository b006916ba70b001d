#!/usr/bin/python3
"""The reference for `--init-from`: a small MLP that PyTorch initializes, saves as safetensors and trains.

Run from the repository root with Debian's Python (PyTorch 1.13):

    /usr/bin/python3 tools/reference/init_from.py

Writes processor/src/test/resources/init_from/:
  mlp.optspec            the spec of the same model, loss and optimizer (float64, full batch)
  mlp.csv                the 24 training rows (4 features, then the class label 0..2)
  mlp_torch.safetensors  torch's initial weights under nn.Sequential's names (0.weight, 0.bias, 2.weight, 2.bias), F64
  mlp_trajectory.csv     50 full-batch, unshuffled AdamW steps: step, the loss before the step, then every
                         weight after it (0.weight row-major [out, in], 0.bias, 2.weight, 2.bias)

Debian packages torch without the `safetensors` module, so the file is written by hand as the format
defines it: 8 bytes little-endian header length, a JSON header padded with spaces to a multiple of 8,
then each tensor's little-endian bytes.
"""
import json
import math
import os
import struct

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'processor', 'src', 'test', 'resources', 'init_from')
ROWS, FEATURES, CLASSES, HIDDEN, STEPS = 24, 4, 3, 8, 50

SPEC = """// Written by tools/reference/init_from.py: torch's nn.Sequential(Linear(4, 8), Tanh(), Linear(8, 3)).
trainer InitFromMlp {
  precision float64
  seed 3

  data {
    source csv("mlp.csv", target: last)
    features 4
    classes 3
    split(test: 0, seed: 1)
  }

  model {
    dense(8)
    tanh
    dense(3)
  }

  loss softmax_cross_entropy
  optimizer adamw(lr: 0.02, betas: (0.9, 0.99), eps: 1e-8, weight_decay: 0.05)

  batch 24
  epochs 50
}
"""


def write_safetensors(path, tensors):
    header, offset, blobs = {'__metadata__': {'format': 'pt'}}, 0, []
    for name, t in tensors.items():
        raw = t.detach().contiguous().numpy().astype('<f8').tobytes()
        header[name] = {'dtype': 'F64', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261201)
    model = torch.nn.Sequential(torch.nn.Linear(FEATURES, HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, CLASSES))
    x = torch.tensor([[math.cos(0.5 + 1.3 * r + 0.7 * j) + 0.1 * j for j in range(FEATURES)] for r in range(ROWS)])
    y = torch.tensor([(r * 7) % CLASSES for r in range(ROWS)])
    with open(os.path.join(OUT, 'mlp.optspec'), 'w') as f:
        f.write(SPEC)
    with open(os.path.join(OUT, 'mlp.csv'), 'w') as f:
        for r in range(ROWS):
            f.write(','.join(repr(float(v)) for v in x[r]) + ',' + str(int(y[r])) + '\n')
    write_safetensors(os.path.join(OUT, 'mlp_torch.safetensors'), model.state_dict())

    opt = torch.optim.AdamW(model.parameters(), lr=0.02, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.05)
    rows = []
    for step in range(1, STEPS + 1):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        values = [v for t in model.state_dict().values() for v in t.reshape(-1).tolist()]
        rows.append([str(step), repr(loss.item())] + [repr(v) for v in values])
    names = ['step', 'loss'] + [f'{n}[{i}]' for n, t in model.state_dict().items() for i in range(t.numel())]
    with open(os.path.join(OUT, 'mlp_trajectory.csv'), 'w') as f:
        f.write(','.join(names) + '\n')
        for r in rows:
            f.write(','.join(r) + '\n')
    print(f'wrote {OUT}: loss {rows[0][1]} -> {rows[-1][1]} in {STEPS} steps')


if __name__ == '__main__':
    main()
