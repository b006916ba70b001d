"""Self-checks run by generate.py after the cases: the two torch 1.13 defects, the
schedules against our closed forms, and the float32 default-dtype pitfall."""
import numpy as np
import torch

import npref


def run_all(g, results):
    fails = []
    print('\n== torch 1.13 defects')
    fails += nadam_defect(g)
    fails += radam_defect(g)
    print('\n== schedules: torch (recursive / SequentialLR) vs our closed forms')
    fails += schedules(g, results)
    print('\n== sequential quirks of torch 1.13')
    fails += sequential_quirks()
    print('\n== default dtype pitfall')
    dtype_pitfall(g)
    return fails


def nadam_defect(g):
    c = g.Case('chk_nadam', 'rosenbrock', 'nadam', {'lr': 0.01}, steps=400)
    fe = g.run(c, path={'foreach': True})
    st = g.run(c, path={'foreach': False})
    doc = g.run(c, np_impl=True, lrs=fe[:, 1].tolist())
    bug = g.run(c, np_impl=True, lrs=fe[:, 1].tolist(), np_kwargs={'_single_tensor_1_13': True})
    d_paths = g.max_dev(st, fe)
    d_doc = g.max_dev(doc, fe)
    d_bug = g.max_dev(bug, st)
    print(f'NAdam rosenbrock 400 steps: |default(single-tensor) - foreach| = {d_paths:.3e}')
    print(f'  documented NumPy vs foreach = {d_doc:.1e}; NumPy with mu_product*mu*mu_next vs default = {d_bug:.1e}')
    print(f'  first step: default x1={st[1, 3]!r}, foreach x1={fe[1, 3]!r}')
    out = []
    if not d_paths > 1e-6:
        out.append(f'NAdam: expected the 1.13 paths to differ, got {d_paths}')
    if not (d_doc < 1e-12 and d_bug < 1e-12):
        out.append(f'NAdam: NumPy models do not match ({d_doc}, {d_bug})')
    return out


def radam_defect(g):
    c = g.Case('chk_radam', 'lsq3', 'radam', {'lr': 0.05, 'eps': 1e-3}, steps=200)
    st = g.run(c, path={'foreach': False})
    fe = g.run(c, path={'foreach': True})
    doc = g.run(c, np_impl=True, lrs=st[:, 1].tolist())
    noeps = g.run(c, np_impl=True, lrs=st[:, 1].tolist(), np_kwargs={'_drop_eps': True})
    d_paths, d_doc, d_noeps = g.max_dev(st, fe), g.max_dev(doc, st), g.max_dev(noeps, fe)
    print(f'RAdam lsq3 eps=1e-3 200 steps: |default(single-tensor) - foreach| = {d_paths:.3e}')
    print(f'  documented NumPy vs default = {d_doc:.1e}; NumPy without eps vs foreach = {d_noeps:.1e}')
    out = []
    if not d_paths > 1e-6:
        out.append(f'RAdam: expected the 1.13 paths to differ, got {d_paths}')
    if not (d_doc < 1e-12 and d_noeps < 1e-12):
        out.append(f'RAdam: NumPy models do not match ({d_doc}, {d_noeps})')
    return out


def schedules(g, results):
    out = []
    for c in g.CASES:
        if not c.sched or c.sched[0][0] == 'plateau':
            continue
        rows = results[c.name]
        closed = np.array(npref.schedule_lrs(c.sched, c.base_lr, c.steps))
        lr = rows[:, 1]
        rel = np.abs(lr - closed) / np.maximum(np.abs(closed), 1e-300)
        rel[(lr == 0) & (closed == 0)] = 0
        worst = float(np.max(rel))
        flag = '' if worst < 1e-12 else '  <-- differs'
        print(f'{c.name:30s} {c.source:5s} max rel |lr - closed form| = {worst:.2e}{flag}')
        if worst > 1e-12:
            out.append(f'{c.name}: lr differs from the closed form by {worst:.3g} (relative)')
    return out


def sequential_quirks():
    """What SequentialLR does in 1.13 that a closed-form `then` must reproduce or avoid."""
    S = torch.optim.lr_scheduler
    out = []

    def mk():
        p = torch.zeros(1, requires_grad=True)
        return torch.optim.SGD([p], lr=0.1)

    # 1. sub-scheduler without a closed form used after a milestone: it continues from the
    #    lr it finds in the param group, not from the base lr.
    opt = mk()
    s = S.SequentialLR(opt, [S.LinearLR(opt, 0.5, 1.0, 4),
                             S.MultiplicativeLR(opt, lambda e: 0.5),
                             ], milestones=[2])
    lrs = [opt.param_groups[0]['lr']]
    for _ in range(4):
        opt.step()
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
    print(f'  LinearLR(0.5, total 4) then MultiplicativeLR(0.5) at 2: {lrs}')
    print('   -> a scheduler without a closed form continues from the current lr (0.0625), not the base lr 0.1;'
          ' every phase we map has a closed form, so each restarts from the base lr')
    if abs(lrs[2] - 0.0625) > 1e-15:
        out.append(f'SequentialLR quirk not reproduced: {lrs}')
    # 2. CosineAnnealingLR after a milestone starts at base lr (closed form at epoch 0) -> ok
    opt = mk()
    s = S.SequentialLR(opt, [S.ConstantLR(opt, 0.5, 3), S.CosineAnnealingLR(opt, 4, 0.0)], milestones=[3])
    lrs = [opt.param_groups[0]['lr']]
    for _ in range(8):
        opt.step()
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
    want = [0.05, 0.05, 0.05, 0.1] + [0.1 * (1 + np.cos(np.pi * t / 4)) / 2 for t in range(1, 6)]
    print(f'  ConstantLR(0.5, 3) then Cosine(4): {np.round(lrs, 6).tolist()}')
    print('   -> past T_max torch cosine turns back up (t=5: %.6f); ours holds at min_lr (0)' % lrs[-1])
    if not np.allclose(lrs[:8], want[:8], rtol=1e-12, atol=0):
        out.append(f'SequentialLR constant->cosine unexpected {lrs}')
    # 3. OneCycleLR raises when stepped past total_steps
    opt = mk()
    s = S.OneCycleLR(opt, max_lr=0.1, total_steps=5, cycle_momentum=False)
    try:
        for _ in range(6):
            opt.step()
            s.step()
        print('  OneCycleLR: stepping past total_steps did not raise')
    except ValueError as e:
        print(f'  OneCycleLR stepped total_steps+1 times raises: "{e}"')
    return out


def dtype_pitfall(g):
    c = g.Case('chk_dtype', 'rosenbrock', 'nadam', {'lr': 0.01}, steps=400)
    ref = g.run(c)
    torch.set_default_dtype(torch.float32)
    try:
        f32 = g.run(c)
    finally:
        torch.set_default_dtype(torch.float64)
    print(f'NAdam with float64 params but default dtype float32 (mu_product held in float32): '
          f'max deviation {g.max_dev(f32, ref):.3e}')
