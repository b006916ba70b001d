"""Trajectories of tiny models under torch, for TorchTrajectoryTest.

Run with a Python that has torch (Debian: apt-get install python3-torch):
    python3 processor/src/test/python/torch_reference.py processor/src/test/resources/torch

Every number is float64. Parameters and data come from closed formulas that the Java test
reproduces, so no file needs to cross between the two sides except the trajectories written here.
Each CSV row is: step, lr of the first group, loss, then every parameter in the generated
trainer's flat layout (optimizer group by group, layer order within a group).
"""
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def value(tensor_index, k):
    return 0.3 * math.sin(1 + 7 * tensor_index + 0.37 * k)


def init(linears):
    # tensor indices in layer order, weight then bias: dense0.weight 0, dense0.bias 1, dense1.weight 2, ...
    i = 0
    for lin in linears:
        for p in (lin.weight, lin.bias):
            flat = p.data.view(-1)
            for k in range(flat.numel()):
                flat[k] = value(i, k)
            i += 1


def inputs(rows, features):
    return torch.tensor([[math.cos(0.5 + 1.3 * r + 0.7 * j) for j in range(features)] for r in range(rows)])


def write(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def classifier(out_dir):
    """4 → dense(5) → relu → dense(3), softmax CE, AdamW with a bias group (lr_scale 0.5, no decay),
    warmup(linear, 5 steps, start_factor 0.25) then cosine(10 steps, min_lr 1e-3), clip global_norm(0.5)."""
    l0, l1 = torch.nn.Linear(4, 5), torch.nn.Linear(5, 3)
    init([l0, l1])
    x = inputs(6, 4)
    y = torch.tensor([r % 3 for r in range(6)])
    opt = torch.optim.AdamW([
        {"params": [l0.weight, l1.weight]},
        {"params": [l0.bias, l1.bias], "lr": 0.02 * 0.5, "weight_decay": 0.0}],
        lr=0.02, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.05)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=5)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=1e-3)
    sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[5])
    rows = []
    for step in range(15):
        lr = opt.param_groups[0]["lr"]
        loss = torch.nn.functional.cross_entropy(l1(torch.relu(l0(x))), y)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([l0.weight, l1.weight, l0.bias, l1.bias], 0.5)
        opt.step()
        sched.step()
        flat = torch.cat([p.detach().view(-1) for p in (l0.weight, l1.weight, l0.bias, l1.bias)])
        rows.append([step, lr, loss.item()] + flat.tolist())
    write(out_dir + "/classifier_adamw.csv", rows)


def regression(out_dir):
    """3 → dense(4) → relu → dense(2), mse + elastic_net(l1 0.01, l2 0.02) on weights, SGD(lr 0.05,
    momentum 0.9, nesterov, weight_decay 0.01), step(every 4 steps, gamma 0.5)."""
    l0, l1 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
    init([l0, l1])
    x = inputs(5, 3)
    t = torch.tensor([[math.sin(0.2 + r + 0.9 * j) for j in range(2)] for r in range(5)])
    params = [l0.weight, l0.bias, l1.weight, l1.bias]
    opt = torch.optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=4, gamma=0.5)
    rows = []
    for step in range(12):
        lr = opt.param_groups[0]["lr"]
        data = torch.nn.functional.mse_loss(l1(torch.relu(l0(x))), t)
        reg = sum(0.01 * w.abs().sum() + 0.02 * (w * w).sum() for w in (l0.weight, l1.weight))
        opt.zero_grad()
        (data + reg).backward()
        opt.step()
        sched.step()
        flat = torch.cat([p.detach().view(-1) for p in params])
        rows.append([step, lr, data.item()] + flat.tolist())
    write(out_dir + "/regression_sgd.csv", rows)


if __name__ == "__main__":
    classifier(sys.argv[1])
    regression(sys.argv[1])
