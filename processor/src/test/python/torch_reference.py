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


def optimizer_cases():
    """Each optimizer option that changes the arithmetic, on the 3 → dense(4) → relu → dense(2) mse model; the
    same case names and options are in OptimizerTrajectoryTest. A case with a "biases" entry puts the biases in a
    second group with those options (the layout is then weights first, biases second)."""
    O = torch.optim
    return {
        "adagrad": (lambda ps: O.Adagrad(ps, lr=0.1), None),
        "adagrad_options": (lambda ps: O.Adagrad(ps, lr=0.1, lr_decay=0.1, weight_decay=0.01,
                                                 initial_accumulator_value=0.5, eps=1e-3), None),
        "adagrad_group": (lambda ps: O.Adagrad(ps, lr=0.1), {"lr_decay": 0.5, "eps": 1e-6,
                                                              "initial_accumulator_value": 0.2}),
        "rmsprop": (lambda ps: O.RMSprop(ps, lr=0.01), None),
        "rmsprop_centered_momentum": (lambda ps: O.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01,
                                                           momentum=0.5, centered=True), None),
        "rmsprop_momentum_maximize": (lambda ps: O.RMSprop(ps, lr=0.001, momentum=0.9, maximize=True), None),
        "rmsprop_group": (lambda ps: O.RMSprop(ps, lr=0.01), {"alpha": 0.5, "momentum": 0.3, "centered": True}),
        "adamax": (lambda ps: O.Adamax(ps, lr=0.02), None),
        "adamax_options": (lambda ps: O.Adamax(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.01,
                                               maximize=True), None),
        "nadam": (lambda ps: O.NAdam(ps, lr=0.02, foreach=True), None),
        "nadam_options": (lambda ps: O.NAdam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01,
                                             momentum_decay=0.01, foreach=True), None),
        "radam": (lambda ps: O.RAdam(ps, lr=0.02), None),
        "radam_options": (lambda ps: O.RAdam(ps, lr=0.02, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.01), None),
        "adadelta": (lambda ps: O.Adadelta(ps), None),
        "adadelta_options": (lambda ps: O.Adadelta(ps, lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.01,
                                                   maximize=True), None),
        "rprop": (lambda ps: O.Rprop(ps, lr=0.01), None),
        "rprop_options": (lambda ps: O.Rprop(ps, lr=0.01, etas=(0.4, 1.3), step_sizes=(5e-3, 0.03),
                                             maximize=True), None),
        "asgd": (lambda ps: O.ASGD(ps, lr=0.05), None),
        "asgd_options": (lambda ps: O.ASGD(ps, lr=0.05, lambd=0.01, alpha=0.5, t0=5, weight_decay=0.01), None),
    }


def optimizers(out_dir):
    x = inputs(5, 3)
    t = torch.tensor([[math.sin(0.2 + r + 0.9 * j) for j in range(2)] for r in range(5)])
    for name, (make, biases) in optimizer_cases().items():
        l0, l1 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
        init([l0, l1])
        if biases is None:
            layout = [l0.weight, l0.bias, l1.weight, l1.bias]
            opt = make(layout)
        else:
            layout = [l0.weight, l1.weight, l0.bias, l1.bias]
            opt = make([{"params": layout[:2]}, dict(params=layout[2:], **biases)])
            if "initial_accumulator_value" in biases:
                # torch 1.13's Adagrad fills every group's sum from the constructor's value; a group's own
                # initial_accumulator_value is what OptSpec honours (docs/OPTIMIZERS.md), so set it here
                for p in layout[2:]:
                    opt.state[p]["sum"].fill_(biases["initial_accumulator_value"])
        rows = []
        for step in range(15):
            lr = opt.param_groups[0]["lr"]
            loss = torch.nn.functional.mse_loss(l1(torch.relu(l0(x))), t)
            opt.zero_grad()
            loss.backward()
            opt.step()
            flat = torch.cat([p.detach().view(-1) for p in layout])
            rows.append([step, lr, loss.item()] + flat.tolist())
        write(out_dir + "/optimizer_" + name + ".csv", rows)


def chain_cases():
    """chain(...) cases: torch computes the gradients, the transforms are optax's formulas written out here (float64),
    applied in chain order; the update is subtracted. Same names and chains in ChainTrajectoryTest. Transform
    tuples: ("adam", b1, b2, eps, eps_root), ("rms", decay, eps), ("momentum", m, nesterov), ("decay", wd, on),
    ("trust", min_norm, coefficient, eps), ("agc", clipping, eps), ("clip_norm", max), ("clip_value", max),
    ("scale", s), ("schedule",) with a constant lr of 0.02."""
    return {
        "lamb": [("adam", 0.9, 0.999, 1e-6, 0.0), ("decay", 0.01, "all"), ("trust", 0.0, 1.0, 0.0), ("scale", 0.02)],
        "wide_mlp": [("agc", 0.4, 1e-3), ("adam", 0.9, 0.999, 1e-8, 0.0), ("decay", 0.01, "weights"),
                     ("trust", 0.0, 1.0, 0.0), ("schedule",)],
        "lars": [("decay", 0.01, "all"), ("trust", 0.0, 0.5, 1e-8), ("scale", 0.05), ("momentum", 0.9, True)],
        "lion": [("lion", 0.9, 0.99), ("decay", 0.1, "all"), ("scale", 1e-3)],
        "rms_clip": [("clip_norm", 0.3), ("rms", 0.9, 1e-8), ("clip_value", 0.8), ("momentum", 0.5, False),
                     ("scale", 0.01)],
    }


def chains(out_dir):
    x = inputs(5, 3)
    t = torch.tensor([[math.sin(0.2 + r + 0.9 * j) for j in range(2)] for r in range(5)])
    for name, chain in chain_cases().items():
        l0, l1 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
        init([l0, l1])
        layout = [l0.weight, l0.bias, l1.weight, l1.bias]
        state = {}
        rows = []
        for step in range(15):
            loss = torch.nn.functional.mse_loss(l1(torch.relu(l0(x))), t)
            for p in layout:
                p.grad = None
            loss.backward()
            with torch.no_grad():
                us = [p.grad.clone() for p in layout]
                for k, tr in enumerate(chain):
                    kind = tr[0]
                    if kind == "clip_norm":
                        norm = torch.sqrt(sum((u * u).sum() for u in us))
                        if norm > tr[1]:
                            us = [u * (tr[1] / norm) for u in us]
                        continue
                    for j, (p, u) in enumerate(zip(layout, us)):
                        s = state.setdefault((k, j), {})
                        if kind == "adam":
                            _, b1, b2, eps, eps_root = tr
                            s["m"] = (1 - b1) * u + b1 * s.get("m", torch.zeros_like(u))
                            s["v"] = (1 - b2) * u * u + b2 * s.get("v", torch.zeros_like(u))
                            c1, c2 = 1 - b1 ** (step + 1), 1 - b2 ** (step + 1)
                            u = s["m"] / c1 / (torch.sqrt(s["v"] / c2 + eps_root) + eps)
                        elif kind == "rms":
                            s["v"] = tr[1] * s.get("v", torch.zeros_like(u)) + (1 - tr[1]) * u * u
                            u = u / torch.sqrt(s["v"] + tr[2])
                        elif kind == "momentum":
                            s["tr"] = u + tr[1] * s.get("tr", torch.zeros_like(u))
                            u = u + tr[1] * s["tr"] if tr[2] else s["tr"]
                        elif kind == "decay":
                            if tr[2] == "all" or (tr[2] == "weights") == (p.dim() == 2):
                                u = u + tr[1] * p
                        elif kind == "trust":
                            pn = max(float(torch.sqrt((p * p).sum())), tr[1])
                            un = max(float(torch.sqrt((u * u).sum())), tr[1])
                            u = u * (1.0 if pn == 0 or un == 0 else tr[2] * pn / (un + tr[3]))
                        elif kind == "agc":
                            rows_u = u if p.dim() == 2 else u.view(1, -1)
                            rows_p = p if p.dim() == 2 else p.view(1, -1)
                            gn = torch.sqrt((rows_u * rows_u).sum(dim=1, keepdim=True))
                            mx = tr[1] * torch.clamp(torch.sqrt((rows_p * rows_p).sum(dim=1, keepdim=True)), min=tr[2])
                            scaled = rows_u * (mx / torch.clamp(gn, min=1e-6))
                            u = torch.where(gn > mx, scaled, rows_u).view(u.shape)
                        elif kind == "lion":
                            m = s.get("m", torch.zeros_like(u))
                            c = tr[1] * m + (1 - tr[1]) * u
                            s["m"] = tr[2] * m + (1 - tr[2]) * u
                            u = torch.sign(c)
                        elif kind == "clip_value":
                            u = torch.clamp(u, -tr[1], tr[1])
                        elif kind == "scale":
                            u = u * tr[1]
                        elif kind == "schedule":
                            u = u * 0.02
                        us[j] = u
                for p, u in zip(layout, us):
                    p -= u
            flat = torch.cat([p.detach().view(-1) for p in layout])
            rows.append([step, 0, loss.item()] + flat.tolist())
        write(out_dir + "/chain_" + name + ".csv", rows)


def schedule_cases():
    """lr after k scheduler steps (k = 0..60) of torch's schedulers for an optimizer with lr 0.1; the same case
    names and OptSpec schedules are in ScheduleTrajectoryTest. The two cases torch has no scheduler for are closed
    forms written here from their definitions (Keras' CosineDecayRestarts m_mul; a geometric warmup)."""
    S = torch.optim.lr_scheduler
    return {
        "exponential": lambda o: S.ExponentialLR(o, gamma=0.9),
        "exponential_every": lambda o: S.StepLR(o, step_size=3, gamma=0.9),
        "multistep": lambda o: S.MultiStepLR(o, milestones=[10, 25, 40], gamma=0.5),
        "polynomial": lambda o: S.PolynomialLR(o, total_iters=40, power=2.0),
        "cosine_restarts": lambda o: S.CosineAnnealingWarmRestarts(o, T_0=7, T_mult=2, eta_min=0.001),
        "cosine_restarts_constant_period": lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10),
        "one_cycle": lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=60, cycle_momentum=False),
        "one_cycle_options": lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=60, pct_start=0.25, div_factor=10,
                                                    final_div_factor=100, cycle_momentum=False),
        "warmup_then_exponential": lambda o: S.SequentialLR(
            o, [S.LinearLR(o, start_factor=0.2, total_iters=10), S.ExponentialLR(o, gamma=0.95)], milestones=[10]),
        "constant_then_multistep": lambda o: S.SequentialLR(
            o, [S.ConstantLR(o, factor=0.5, total_iters=5), S.MultiStepLR(o, milestones=[10, 20], gamma=0.3)],
            milestones=[5]),
    }


def closed_form_schedules():
    def restarts(k, first=5, t_mul=2, m_mul=0.5, min_lr=0.001, base=0.1):
        period, amplitude = first, 1.0
        while k >= period:
            k -= period
            period *= t_mul
            amplitude *= m_mul
        return min_lr + amplitude * (base - min_lr) * (1 + math.cos(math.pi * k / period)) / 2

    def warmup(k, length=20, start=0.01, base=0.1):
        return base * start ** ((length - k) / length) if k < length else base

    return {"cosine_restarts_m_mul": restarts, "warmup_exponential": warmup}


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.92, 0.9, 0.89995, 0.91, 0.85, 0.86, 0.86, 0.87, 0.88, 0.84, 0.85, 0.85,
                   0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85]


def plateau_cases():
    """ReduceLROnPlateau fed PLATEAU_METRICS (also in ScheduleTrajectoryTest); rows: k, lr after k reports."""
    S = torch.optim.lr_scheduler
    return {
        "plateau": lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2, cooldown=1, min_lr=0.02),
        "plateau_defaults_patience_1": lambda o: S.ReduceLROnPlateau(o, patience=1),
    }


def schedules(out_dir):
    for name, make in plateau_cases().items():
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        sched = make(opt)
        rows = [[0, opt.param_groups[0]["lr"]]]
        for k, metric in enumerate(PLATEAU_METRICS):
            sched.step(metric)
            rows.append([k + 1, opt.param_groups[0]["lr"]])
        write(out_dir + "/schedule_" + name + ".csv", rows)
    for name, make in schedule_cases().items():
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        sched = make(opt)
        rows = []
        for k in range(61):
            rows.append([k, opt.param_groups[0]["lr"]])
            if k < 60:
                opt.step()
                sched.step()
        write(out_dir + "/schedule_" + name + ".csv", rows)
    for name, lr in closed_form_schedules().items():
        write(out_dir + "/schedule_" + name + ".csv", [[k, lr(k)] for k in range(61)])


def numpy_cases():
    """Optimizers torch 1.13 lacks, applied by tools/reference/npref.py (the project's NumPy reference) to torch's
    gradients of the same model; same names and options in OptimizerTrajectoryTest. eps (None, ...) is float64's
    machine epsilon."""
    import npref
    return {
        "adafactor": lambda: npref.Adafactor(),
        "adafactor_options": lambda: npref.Adafactor(beta2_decay=-0.5, eps=(1e-30, 1e-2), d=0.5, weight_decay=0.1,
                                                     maximize=True),
        "adafactor_relative": lambda: npref.Adafactor(lr=5.0),
    }


def numpy_optimizers(out_dir):
    x = inputs(5, 3)
    t = torch.tensor([[math.sin(0.2 + r + 0.9 * j) for j in range(2)] for r in range(5)])
    lrs = {"adafactor": 1e-2, "adafactor_options": 1e-2, "adafactor_relative": 5.0}
    for name, make in numpy_cases().items():
        l0, l1 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
        init([l0, l1])
        layout = [l0.weight, l0.bias, l1.weight, l1.bias]
        opt = make()
        rows = []
        for step in range(15):
            loss = torch.nn.functional.mse_loss(l1(torch.relu(l0(x))), t)
            for p in layout:
                p.grad = None
            loss.backward()
            with torch.no_grad():
                ps = [p.detach().numpy().copy() for p in layout]
                opt.step(ps, [p.grad.numpy().copy() for p in layout], lrs[name])
                for p, v in zip(layout, ps):
                    p.copy_(torch.from_numpy(v))
            flat = torch.cat([p.detach().view(-1) for p in layout])
            rows.append([step, lrs[name], loss.item()] + flat.tolist())
        write(out_dir + "/optimizer_" + name + ".csv", rows)


def natural_gradient_cases():
    """natural_gradient on a trainer: F = (1/B)·Σ gᵢgᵢᵀ + damping·I over the per-sample gradients gᵢ (torch, one row
    each), g = their mean, theta -= lr·numpy.linalg.solve(F, g) (tools/reference/README.md's algorithm with B rows).
    Same names and options in OptimizerTrajectoryTest. Each case: (lr, damping, elastic_net (l1, l2) on weights)."""
    return {
        "natural_gradient": (1e-3, 1e-3, None),
        "natural_gradient_options": (0.05, 0.5, (0.01, 0.02)),
    }


def natural_gradients(out_dir):
    import numpy as np
    x = inputs(5, 3)
    t = torch.tensor([[math.sin(0.2 + r + 0.9 * j) for j in range(2)] for r in range(5)])
    for name, (lr, damping, reg) in natural_gradient_cases().items():
        l0, l1 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
        init([l0, l1])
        layout = [l0.weight, l0.bias, l1.weight, l1.bias]
        rows = []
        for step in range(15):
            grads, losses = [], []
            for r in range(5):
                loss = torch.nn.functional.mse_loss(l1(torch.relu(l0(x[r:r + 1]))), t[r:r + 1])
                total = loss
                if reg is not None:
                    total = loss + sum(reg[0] * w.abs().sum() + reg[1] * (w * w).sum() for w in (l0.weight, l1.weight))
                for p in layout:
                    p.grad = None
                total.backward()
                grads.append(np.concatenate([p.grad.numpy().ravel() for p in layout]))
                losses.append(loss.item())
            G = np.array(grads)
            g = G.mean(axis=0)
            F = G.T @ G / len(grads) + damping * np.eye(g.size)
            d = np.linalg.solve(F, g)
            with torch.no_grad():
                off = 0
                for p in layout:
                    n = p.numel()
                    p.copy_(p + torch.from_numpy((-lr) * d[off:off + n]).view(p.shape))
                    off += n
            flat = torch.cat([p.detach().view(-1) for p in layout])
            rows.append([step, lr, sum(losses) / len(losses)] + flat.tolist())
        write(out_dir + "/optimizer_" + name + ".csv", rows)


if __name__ == "__main__":
    natural_gradients(sys.argv[1])
    root = __import__("os").path.abspath(__file__)
    for _ in range(5):
        root = __import__("os").path.dirname(root)
    sys.path.insert(0, root + "/tools/reference")
    numpy_optimizers(sys.argv[1])
    schedules(sys.argv[1])
    chains(sys.argv[1])
    classifier(sys.argv[1])
    regression(sys.argv[1])
    optimizers(sys.argv[1])
