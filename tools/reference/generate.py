#!/usr/bin/python3
"""Generate the reference trajectories the Java tests compare against.

Run from the repository root with Debian's Python (PyTorch 1.13 + NumPy):

    /usr/bin/python3 tools/reference/generate.py

Writes processor/src/test/resources/reference/{<case>.optspec, <case>.csv, index.csv,
tolerance.csv} and tools/reference/CASES.md, and runs the self-checks (it exits non-zero
when one fails). See README.md.
"""
import csv
import math
import os
import sys
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import npref  # noqa: E402
from objectives import ALL as OBJ, num  # noqa: E402

# Scalar optimizer state that torch 1.13 creates with torch.tensor(python_float) (NAdam's
# mu_product, ASGD's eta and mu, every `step`) takes the DEFAULT dtype; with the default
# float32 those would be rounded to float32. The reference is float64 throughout.
torch.set_default_dtype(torch.float64)
warnings.filterwarnings('ignore')

ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'processor', 'src', 'test', 'resources', 'reference')
EPS = float(np.finfo(np.float64).eps)
DUR_KEYS = ('steps', 'every', 'first')

TORCH_OPT = {
    'sgd': torch.optim.SGD, 'adagrad': torch.optim.Adagrad, 'rmsprop': torch.optim.RMSprop,
    'adam': torch.optim.Adam, 'adamw': torch.optim.AdamW, 'nadam': torch.optim.NAdam,
    'radam': torch.optim.RAdam, 'adamax': torch.optim.Adamax, 'adadelta': torch.optim.Adadelta,
    'rprop': torch.optim.Rprop, 'asgd': torch.optim.ASGD,
}
# Paths of torch 1.13 that compute the documented algorithm (see README: 1.13 defects).
TORCH_PATH = {'nadam': {'foreach': True}, 'radam': {'foreach': False}}
TORCH_DEFAULT_LR = {'adagrad': 1e-2, 'adam': 1e-3, 'adamw': 1e-3, 'nadam': 2e-3, 'radam': 1e-3,
                    'adamax': 2e-3, 'adadelta': 1.0, 'rprop': 1e-2, 'asgd': 1e-2, 'rmsprop': 1e-2,
                    'adafactor': 1e-2, 'lion': 1e-4}


class Case:
    def __init__(self, name, obj, opt, optargs, sched=None, steps=200, note=''):
        self.name, self.obj, self.opt, self.optargs = name, OBJ[obj], opt, dict(optargs)
        self.sched = sched        # None or [(phase, {args})]
        self.steps, self.note = steps, note
        np_opt = opt not in TORCH_OPT or optargs.get('decoupled_weight_decay', False)
        np_sched = False
        for ph, a in (sched or []):
            if ph == 'cosine_restarts' and a.get('m_mul', 1) != 1:
                np_sched = True
            if ph == 'warmup' and a.get('kind') == 'exponential':
                np_sched = True
        self.np_opt, self.np_sched = np_opt, np_sched
        self.source = 'numpy' if (np_opt or np_sched) else 'torch'

    @property
    def base_lr(self):
        return self.optargs.get('lr', TORCH_DEFAULT_LR.get(self.opt, 1e-3))

    # -------------------------------------------------------------- spec text
    def opt_text(self):
        args = ', '.join(f'{k}: {fmt_val(v)}' for k, v in self.optargs.items())
        return f'{self.opt}({args})' if args else self.opt

    def sched_text(self):
        if not self.sched:
            return None
        parts = []
        for ph, a in self.sched:
            items = []
            for k, v in a.items():
                if k == 'kind':
                    items.append(v)
                elif k == 'steps':                    # a phase length: `steps: 100`
                    items.append(f'{k}: {v}')
                elif k in DUR_KEYS:                    # a duration: `every: 50 steps`, `first: 30 steps`
                    items.append(f'{k}: {v} steps')
                elif k == 'milestones':
                    items.append('milestones: (' + ', '.join(f'{m} steps' for m in v) + ')')
                else:
                    items.append(f'{k}: {fmt_val(v)}')
            parts.append(f'{ph}({", ".join(items)})')
        return ' then '.join(parts)

    def sched_name(self):
        if not self.sched:
            return 'none'
        return '+'.join(ph + ('_' + a['kind'] if ph == 'warmup' else '') for ph, a in self.sched)

    def spec(self):
        o = self.obj
        camel = ''.join(w.capitalize() for w in self.name.split('_'))
        lines = [f'// Reference case {self.name}: {o.title}']
        if self.note:
            lines.append(f'// {self.note}')
        lines += [f'objective {camel} {{', '  precision float64', '']
        if o.consts:
            from objectives import decl
            lines += [f'  const {decl(*c)}' for c in o.consts] + ['']
        from objectives import decl
        lines += ['  params {'] + [f'    {decl(*p)}' for p in o.params] + ['  }', '']
        lines += [f'  minimize {o.expr}', '', f'  optimizer {self.opt_text()}']
        if self.sched:
            lines.append(f'  schedule {self.sched_text()}')
        lines += [f'  steps {self.steps}', '}', '']
        return '\n'.join(lines)


def fmt_val(v):
    if isinstance(v, tuple):
        return '(' + ', '.join(fmt_val(x) for x in v) + ')'
    if isinstance(v, str):
        return v
    return num(v)


# ------------------------------------------------------------------------ torch side

def torch_optimizer(case, ps, path=None):
    kw = dict(case.optargs)
    kw.update(TORCH_PATH.get(case.opt, {}) if path is None else path)
    return TORCH_OPT[case.opt](ps, **kw)


def torch_phase(ph, a, opt):
    S = torch.optim.lr_scheduler
    if ph == 'constant':
        return S.ConstantLR(opt, factor=a['factor'], total_iters=a['steps'])
    if ph == 'warmup':
        assert a['kind'] == 'linear'
        return S.LinearLR(opt, start_factor=a['start_factor'], end_factor=1.0, total_iters=a['steps'])
    if ph == 'cosine':
        return S.CosineAnnealingLR(opt, T_max=a['steps'], eta_min=a.get('min_lr', 0.0))
    if ph == 'step':
        return S.StepLR(opt, step_size=a['every'], gamma=a.get('gamma', 0.1))
    if ph == 'multistep':
        return S.MultiStepLR(opt, milestones=list(a['milestones']), gamma=a.get('gamma', 0.1))
    if ph == 'exponential':
        assert a.get('every', 1) == 1
        return S.ExponentialLR(opt, gamma=a['gamma'])
    if ph == 'cosine_restarts':
        assert a.get('m_mul', 1) == 1
        return S.CosineAnnealingWarmRestarts(opt, T_0=a['first'], T_mult=int(a.get('t_mul', 1)),
                                             eta_min=a.get('min_lr', 0.0))
    if ph == 'polynomial':
        return S.PolynomialLR(opt, total_iters=a['steps'], power=a.get('power', 1.0))
    if ph == 'one_cycle':
        return S.OneCycleLR(opt, max_lr=a['max_lr'], total_steps=a['steps'],
                            pct_start=a.get('pct_start', 0.3), anneal_strategy='cos',
                            cycle_momentum=False, div_factor=a.get('div_factor', 25.0),
                            final_div_factor=a.get('final_div_factor', 1e4), three_phase=False)
    if ph == 'plateau':
        return S.ReduceLROnPlateau(opt, mode='min', factor=a.get('factor', 0.1),
                                   patience=a.get('patience', 10), threshold=1e-4,
                                   threshold_mode='rel', cooldown=0, min_lr=a.get('min_lr', 0.0),
                                   eps=1e-8)
    raise ValueError(ph)


def torch_scheduler(case, opt):
    if not case.sched:
        return None
    if len(case.sched) == 1:
        return torch_phase(*case.sched[0], opt)
    subs = [torch_phase(ph, a, opt) for ph, a in case.sched]
    milestones, acc = [], 0
    for ph, a in case.sched[:-1]:
        acc += a['steps']
        milestones.append(acc)
    return torch.optim.lr_scheduler.SequentialLR(opt, subs, milestones=milestones)


def hold_after(case):
    """Our cosine holds at min_lr past its length; torch's keeps going (its recursion turns
    back up). For a single cosine phase shorter than the run, lr := min_lr past T_max."""
    if case.sched and len(case.sched) == 1 and case.sched[0][0] == 'cosine':
        a = case.sched[0][1]
        if case.steps > a['steps']:
            return a['steps'], a.get('min_lr', 0.0)
    return None


def run(case, *, np_impl=False, lrs=None, perturb=None, path=None, np_kwargs=None):
    """Trajectory rows [k, lr, loss, *params] for k = 0..N.
    np_impl: run the NumPy implementation (always for numpy-source optimizers).
    lrs: fixed lr per row (replaces the scheduler). perturb: seed for ulp-noise on gradients.
    path: torch optimizer keyword overrides (foreach); np_kwargs: extra NumPy options."""
    obj, N = case.obj, case.steps
    C = obj.const_tensors()
    ps = obj.init_tensors()
    use_np = np_impl or case.np_opt
    if use_np:
        holder = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([holder], lr=case.base_lr)     # holds the lr for torch schedulers
        kw = dict(case.optargs)
        kw.pop('lr', None)
        kw.update(np_kwargs or {})
        npopt = npref.NP_OPTIMIZERS[case.opt](**kw)
        arrays = [p.detach().numpy().copy() for p in ps]
    else:
        opt = torch_optimizer(case, ps, path)
    if lrs is None and case.np_sched:
        lrs = npref.schedule_lrs(case.sched, case.base_lr, N)
    sched = torch_scheduler(case, opt) if lrs is None else None
    plateau = isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau)
    hold = hold_after(case) if lrs is None else None
    rng = np.random.default_rng(perturb) if perturb is not None else None
    rows = []
    for k in range(N + 1):
        if use_np:
            with torch.no_grad():
                for p, a in zip(ps, arrays):
                    p.copy_(torch.from_numpy(a))
        if lrs is not None:
            opt.param_groups[0]['lr'] = lrs[k]
        for p in ps:
            p.grad = None
        loss = obj.loss(ps, C)
        lr = opt.param_groups[0]['lr']
        if sched is not None and not plateau and hold is None:
            assert sched.get_last_lr()[0] == lr
        flat = np.concatenate([p.detach().numpy().ravel() for p in ps]).tolist()
        rows.append([k, float(lr), loss.item()] + flat)
        if k == N:
            break
        loss.backward()
        if rng is not None:
            for p in ps:
                p.grad.mul_(1 + torch.from_numpy(rng.uniform(-4 * EPS, 4 * EPS, tuple(p.shape))))
        if use_np:
            npopt.step(arrays, [p.grad.detach().numpy().copy() for p in ps], lr)
        else:
            opt.step()
        if rng is not None:                        # ... and on the updated parameters
            if use_np:
                for a in arrays:
                    a *= 1 + rng.uniform(-4 * EPS, 4 * EPS, a.shape)
            else:
                with torch.no_grad():
                    for p in ps:
                        p.mul_(1 + torch.from_numpy(rng.uniform(-4 * EPS, 4 * EPS, tuple(p.shape))))
        if sched is not None:
            if plateau:
                sched.step(rows[-1][2])        # the loss of this step (at the pre-step parameters)
            else:
                sched.step()
                if hold is not None and k + 1 > hold[0]:
                    opt.param_groups[0]['lr'] = hold[1]
    return np.array(rows, dtype=np.float64)


def max_dev(a, b, cols=slice(3, None)):
    """max |a-b| / (1+|b|) over the given columns."""
    x, y = a[:, cols], b[:, cols]
    return float(np.max(np.abs(x - y) / (1 + np.abs(y))))


# --------------------------------------------------------------------------- cases

def C(*a, **k):
    return Case(*a, **k)


CASES = [
    # ---- sgd
    C('sgd_plain', 'rosenbrock', 'sgd', {'lr': 5e-4}, steps=400),
    C('sgd_momentum', 'lsq3', 'sgd', {'lr': 0.02, 'momentum': 0.9}),
    C('sgd_dampening', 'lsq3', 'sgd', {'lr': 0.02, 'momentum': 0.9, 'dampening': 0.5},
      note='torch: the first momentum step copies the gradient (no dampening), later steps buf = m*buf + (1-dampening)*g.'),
    C('sgd_nesterov', 'sparse_lsq', 'sgd', {'lr': 0.01, 'momentum': 0.9, 'nesterov': True}),
    C('sgd_weight_decay', 'matrix', 'sgd', {'lr': 0.1, 'momentum': 0.5, 'weight_decay': 0.05}),
    C('sgd_maximize', 'neg_rosenbrock', 'sgd', {'lr': 5e-4, 'momentum': 0.5, 'maximize': True}, steps=400),
    # ---- adagrad
    C('adagrad_plain', 'rosenbrock', 'adagrad', {'lr': 0.5}, steps=400),
    C('adagrad_lr_decay', 'lsq3', 'adagrad', {'lr': 0.5, 'lr_decay': 0.01}),
    C('adagrad_weight_decay', 'matrix', 'adagrad', {'lr': 0.2, 'weight_decay': 0.1}),
    C('adagrad_initial_accumulator', 'logistic', 'adagrad', {'lr': 0.5, 'initial_accumulator_value': 1.0}),
    C('adagrad_eps', 'smooth', 'adagrad', {'lr': 0.3, 'eps': 0.1}),
    C('adagrad_maximize', 'neg_lsq3', 'adagrad', {'lr': 0.5, 'maximize': True}),
    # ---- rmsprop
    C('rmsprop_plain', 'rosenbrock', 'rmsprop', {'lr': 0.0025}, steps=400),
    C('rmsprop_alpha_eps', 'lsq3', 'rmsprop', {'lr': 0.01, 'alpha': 0.9, 'eps': 0.1}),
    C('rmsprop_weight_decay', 'matrix', 'rmsprop', {'lr': 0.01, 'weight_decay': 0.1}),
    C('rmsprop_momentum', 'logistic', 'rmsprop', {'lr': 0.01, 'momentum': 0.9}),
    C('rmsprop_centered', 'smooth', 'rmsprop', {'lr': 0.01, 'centered': True}),
    C('rmsprop_centered_momentum', 'smooth', 'rmsprop', {'lr': 0.005, 'alpha': 0.95, 'momentum': 0.8, 'centered': True}),
    C('rmsprop_maximize', 'neg_lsq3', 'rmsprop', {'lr': 0.01, 'eps': 0.1, 'maximize': True}),
    # ---- adam
    C('adam_plain', 'rosenbrock', 'adam', {'lr': 0.05}, steps=400),
    C('adam_betas_eps', 'lsq3', 'adam', {'lr': 0.05, 'betas': (0.8, 0.99), 'eps': 1e-4}),
    C('adam_weight_decay', 'matrix', 'adam', {'lr': 0.02, 'weight_decay': 0.1}),
    C('adam_amsgrad', 'sparse_lsq', 'adam', {'lr': 0.05, 'amsgrad': True}),
    C('adam_maximize', 'neg_lsq3', 'adam', {'lr': 0.05, 'maximize': True}),
    # ---- adamw
    C('adamw_plain', 'matrix', 'adamw', {'lr': 0.02}, note='adamw defaults to weight_decay 0.01.'),
    C('adamw_weight_decay', 'logistic', 'adamw', {'lr': 0.05, 'weight_decay': 0.5}),
    C('adamw_amsgrad', 'rosenbrock', 'adamw', {'lr': 0.05, 'weight_decay': 0.1, 'amsgrad': True}, steps=400),
    # ---- nadam (torch 1.13 foreach path = the documented algorithm)
    C('nadam_plain', 'rosenbrock', 'nadam', {'lr': 0.01}, steps=400),
    C('nadam_momentum_decay', 'lsq3', 'nadam', {'lr': 0.05, 'momentum_decay': 0.01}),
    C('nadam_weight_decay', 'matrix', 'nadam', {'lr': 0.01, 'weight_decay': 0.1}),
    C('nadam_decoupled_weight_decay', 'matrix', 'nadam', {'lr': 0.01, 'weight_decay': 0.1, 'decoupled_weight_decay': True},
      note='decoupled_weight_decay is not in torch 1.13 (later torch has it); NumPy reference of the documented algorithm.'),
    # ---- radam (torch 1.13 single-tensor path; its foreach path drops eps)
    C('radam_plain', 'smooth', 'radam', {'lr': 0.05}),
    C('radam_betas_eps', 'lsq3', 'radam', {'lr': 0.05, 'betas': (0.8, 0.99), 'eps': 1e-3}),
    C('radam_weight_decay', 'matrix', 'radam', {'lr': 0.02, 'weight_decay': 0.1}),
    C('radam_decoupled_weight_decay', 'matrix', 'radam', {'lr': 0.02, 'weight_decay': 0.1, 'decoupled_weight_decay': True},
      note='decoupled_weight_decay is not in torch 1.13 (later torch has it); NumPy reference of the documented algorithm.'),
    # ---- adamax
    C('adamax_plain', 'rosenbrock', 'adamax', {'lr': 0.05}, steps=400),
    C('adamax_betas_eps', 'lsq3', 'adamax', {'lr': 0.05, 'betas': (0.8, 0.99), 'eps': 1e-3}),
    C('adamax_weight_decay', 'matrix', 'adamax', {'lr': 0.02, 'weight_decay': 0.1}),
    C('adamax_maximize', 'neg_lsq3', 'adamax', {'lr': 0.05, 'maximize': True}),
    # ---- adadelta
    C('adadelta_plain', 'logistic', 'adadelta', {'lr': 1.0}),
    C('adadelta_rho_eps', 'smooth', 'adadelta', {'lr': 1.0, 'rho': 0.95, 'eps': 1e-4}),
    C('adadelta_weight_decay', 'matrix', 'adadelta', {'lr': 2.0, 'weight_decay': 0.1}),
    C('adadelta_maximize', 'neg_lsq3', 'adadelta', {'lr': 1.0, 'maximize': True}),
    # ---- rprop
    C('rprop_plain', 'rosenbrock', 'rprop', {'lr': 0.01}, steps=400),
    C('rprop_etas_step_sizes', 'lsq3', 'rprop', {'lr': 0.05, 'etas': (0.3, 1.5), 'step_sizes': (0.001, 0.1)}),
    C('rprop_maximize', 'neg_rosenbrock', 'rprop', {'lr': 0.01, 'maximize': True}, steps=300),
    # ---- asgd
    C('asgd_plain', 'lsq3', 'asgd', {'lr': 0.05}),
    C('asgd_lambd_alpha', 'matrix', 'asgd', {'lr': 0.1, 'lambd': 0.01, 'alpha': 0.5, 't0': 50},
      note='t0 only changes the averaged iterate ax (optimizer state), never the parameters.'),
    C('asgd_weight_decay', 'logistic', 'asgd', {'lr': 0.2, 'weight_decay': 0.01}),
    C('asgd_maximize', 'neg_lsq3', 'asgd', {'lr': 0.05, 'maximize': True}),
    # ---- NumPy references: algorithms torch 1.13 lacks
    C('adafactor_plain', 'matrix_big', 'adafactor', {'lr': 0.02},
      note='eps defaults to (None, 1e-3): eps1 None = machine epsilon of the precision (2^-52 in float64).'),
    C('adafactor_weight_decay', 'matrix_big', 'adafactor', {'lr': 0.02, 'weight_decay': 0.1}),
    C('adafactor_options', 'matrix', 'adafactor', {'lr': 0.05, 'beta2_decay': -0.6, 'eps': (1e-30, 0.01), 'd': 1.5}),
    C('adafactor_scalars', 'rosenbrock', 'adafactor', {'lr': 0.05}, steps=400),
    C('lion_plain', 'rosenbrock', 'lion', {'lr': 0.005}, steps=400),
    C('lion_weight_decay', 'matrix', 'lion', {'lr': 0.005, 'betas': (0.9, 0.99), 'weight_decay': 0.1}),
    C('adabelief_plain', 'lsq3', 'adabelief', {'lr': 0.05}),
    C('adabelief_options', 'matrix', 'adabelief', {'lr': 0.02, 'betas': (0.8, 0.99), 'eps': 1e-8, 'eps_root': 1e-12},
      note='optax.adabelief: the belief s keeps eps_root, added after each update of s.'),
    C('lamb_plain', 'matrix_big', 'lamb', {'lr': 0.02}),
    C('lamb_weight_decay', 'logistic', 'lamb', {'lr': 0.02, 'weight_decay': 0.1}),
    C('lamb_warmup_cosine', 'matrix_big', 'lamb', {'lr': 0.02},
      [('warmup', {'kind': 'linear', 'steps': 20, 'start_factor': 0.1}), ('cosine', {'steps': 180, 'min_lr': 1e-4})]),
    C('lars_plain', 'matrix_big', 'lars', {'lr': 0.5, 'trust_coefficient': 0.02, 'momentum': 0.9}, steps=150),
    C('lars_nesterov_weight_decay', 'logistic', 'lars', {'lr': 0.2, 'weight_decay': 0.01, 'trust_coefficient': 0.02,
                                                     'momentum': 0.9, 'nesterov': True}),
    C('natural_gradient_plain', 'lsq3', 'natural_gradient', {'lr': 0.1, 'damping': 1.0}),
    C('natural_gradient_damping', 'matrix', 'natural_gradient', {'lr': 0.05, 'damping': 0.1}),
    # ---- schedules
    C('sched_step', 'lsq3', 'sgd', {'lr': 0.05, 'momentum': 0.9}, [('step', {'every': 50, 'gamma': 0.5})]),
    C('sched_multistep', 'matrix', 'adam', {'lr': 0.05}, [('multistep', {'milestones': (40, 90, 150), 'gamma': 0.3})]),
    C('sched_exponential', 'rosenbrock', 'adam', {'lr': 0.1}, [('exponential', {'gamma': 0.99, 'every': 1})], steps=300),
    C('sched_cosine', 'logistic', 'sgd', {'lr': 0.5, 'momentum': 0.5}, [('cosine', {'steps': 200, 'min_lr': 0.001})]),
    C('sched_cosine_hold', 'lsq3', 'sgd', {'lr': 0.05}, [('cosine', {'steps': 120, 'min_lr': 0.005})],
      note='past its 120 steps our cosine holds at min_lr (torch CosineAnnealingLR would turn back up); rows > 120 have lr = min_lr.'),
    C('sched_cosine_restarts', 'smooth', 'adam', {'lr': 0.1},
      [('cosine_restarts', {'first': 30, 't_mul': 2, 'min_lr': 0.001})], steps=210),
    C('sched_cosine_restarts_tmul1', 'lsq3', 'sgd', {'lr': 0.05, 'momentum': 0.5},
      [('cosine_restarts', {'first': 50, 't_mul': 1, 'min_lr': 0.001})]),
    C('sched_cosine_restarts_mmul', 'sparse_lsq', 'adam', {'lr': 0.05},
      [('cosine_restarts', {'first': 40, 't_mul': 2, 'm_mul': 0.5, 'min_lr': 1e-4})], steps=280,
      note='m_mul is not in torch: closed form lr = min_lr + m_mul^i (lr - min_lr)(1 + cos(pi t_cur / T_i))/2.'),
    C('sched_warmup_linear', 'matrix', 'adam', {'lr': 0.05}, [('warmup', {'kind': 'linear', 'steps': 50, 'start_factor': 0.25})]),
    C('sched_warmup_exponential', 'matrix', 'adam', {'lr': 0.05},
      [('warmup', {'kind': 'exponential', 'steps': 50, 'start_factor': 0.01})],
      note='closed form: lr_t = lr * start_factor^((steps - t)/steps) for t < steps, then lr.'),
    C('sched_polynomial', 'lsq3', 'sgd', {'lr': 0.05, 'momentum': 0.9}, [('polynomial', {'steps': 160, 'power': 2.0})],
      note='past its 160 steps the lr stays 0 (end_lr), so the parameters stop moving.'),
    C('sched_one_cycle', 'matrix', 'adam', {'lr': 0.01},
      [('one_cycle', {'max_lr': 0.1, 'steps': 200, 'pct_start': 0.3, 'div_factor': 25.0, 'final_div_factor': 1e4})],
      note='one_cycle replaces the optimizer lr: it starts at max_lr/div_factor. No momentum cycling.'),
    C('sched_warmup_cosine', 'rosenbrock', 'adam', {'lr': 0.05},
      [('warmup', {'kind': 'linear', 'steps': 20, 'start_factor': 0.25}), ('cosine', {'steps': 280, 'min_lr': 1e-4})], steps=300),
    C('sched_constant_cosine', 'logistic', 'sgd', {'lr': 0.5},
      [('constant', {'factor': 0.5, 'steps': 40}), ('cosine', {'steps': 160, 'min_lr': 0.001})]),
    C('sched_warmup_step', 'smooth', 'sgd', {'lr': 0.2, 'momentum': 0.5},
      [('warmup', {'kind': 'linear', 'steps': 30, 'start_factor': 0.1}), ('step', {'every': 50, 'gamma': 0.5})]),
    C('sched_three_phases', 'lsq3', 'sgd', {'lr': 0.05, 'momentum': 0.5},
      [('warmup', {'kind': 'linear', 'steps': 25, 'start_factor': 0.2}), ('cosine', {'steps': 100, 'min_lr': 0.001}),
       ('exponential', {'gamma': 0.98, 'every': 1})]),
    C('sched_plateau', 'lsq3', 'adam', {'lr': 0.2}, [('plateau', {'factor': 0.5, 'patience': 5})],
      note='plateau is stepped once per optimizer step with that step\'s loss (at the parameters before the update).'),
    C('sched_plateau_min_lr', 'matrix', 'sgd', {'lr': 0.5, 'momentum': 0.9},
      [('plateau', {'factor': 0.3, 'patience': 3, 'min_lr': 0.01})]),
]


# --------------------------------------------------------------------------- output

def write_csv(path, names, rows):
    # RFC 4180 like every CSV the project writes: a matrix element name holds a comma ("W[0,1]") and is quoted
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['step', 'lr', 'loss'] + names)
        for r in rows:
            w.writerow([str(int(r[0]))] + [repr(float(v)) for v in r[1:]])


def suggest(dev):
    t = max(1e-11, 1000 * dev)
    return 10.0 ** math.ceil(math.log10(t))


def main():
    os.makedirs(OUT, exist_ok=True)
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), 'duplicate case names'
    failures = []
    results = {}
    tol_rows = []
    print(f'torch {torch.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}')
    print(f'{"case":34s} {"src":5s} {"loss0":>12s} {"lossN":>12s} {"mirror":>9s} {"sens":>9s}')
    for c in CASES:
        rows = run(c)
        assert np.all(np.isfinite(rows)), c.name
        results[c.name] = rows
        # self-check: for a torch case, the NumPy mirror of the algorithm, fed the same lr
        # sequence, must reproduce torch's trajectory
        mirror = float('nan')
        if not c.np_opt:
            mrows = run(c, np_impl=True, lrs=rows[:, 1].tolist())
            mirror = max_dev(mrows, rows, slice(2, None))
            if not mirror <= 1e-12:
                failures.append(f'{c.name}: NumPy mirror differs from torch by {mirror:.3g}')
        # sensitivity to ulp-level noise in the gradient (what a reimplementation will see)
        sens = lr_sens = 0.0
        for seed in (1, 2):
            prow = run(c, perturb=seed)
            sens = max(sens, max_dev(prow, rows), max_dev(prow, rows, slice(2, 3)))
            lr_sens = max(lr_sens, max_dev(prow, rows, slice(1, 2)))
        tol_rows.append((c.name, sens, lr_sens, suggest(max(sens, lr_sens))))
        if not (sens <= 1e-10 and lr_sens == 0):     # keep every case well-conditioned
            failures.append(f'{c.name}: ill-conditioned, ulp noise grows to {sens:.3g} (lr {lr_sens:.3g})')
        print(f'{c.name:34s} {c.source:5s} {rows[0, 2]:12.5g} {rows[-1, 2]:12.5g} {mirror:9.2g} {sens:9.2g}'
              + (f'  lr-sens {lr_sens:.2g}' if lr_sens else ''))
        with open(os.path.join(OUT, c.name + '.optspec'), 'w') as f:
            f.write(c.spec())
        write_csv(os.path.join(OUT, c.name + '.csv'), c.obj.element_names(), rows)

    with open(os.path.join(OUT, 'index.csv'), 'w') as f:
        f.write('case,optimizer,schedule,steps,source\n')
        for c in CASES:
            f.write(f'{c.name},{c.opt},{c.sched_name()},{c.steps},{c.source}\n')
    with open(os.path.join(OUT, 'tolerance.csv'), 'w') as f:
        f.write('case,sensitivity,lr_sensitivity,suggested_tolerance\n')
        for n, s, ls, t in tol_rows:
            f.write(f'{n},{s:.3e},{ls:.3e},{t:.0e}\n')

    import checks
    failures += checks.run_all(sys.modules[__name__], results)
    write_cases_md()
    # the Monte Carlo cases (NumPy only): their files, and their lines of index.csv, tolerance.csv and CASES.md
    import expectations
    expectations.main()
    if failures:
        print('\nSELF-CHECK FAILURES:')
        for m in failures:
            print('  ' + m)
        sys.exit(1)
    print('\nall self-checks passed')


def write_cases_md():
    with open(os.path.join(HERE, 'CASES.md'), 'w') as f:
        f.write('# Reference cases (generated by generate.py; do not edit)\n\n')
        f.write('| case | source | objective | optimizer | schedule | steps | note |\n|---|---|---|---|---|---|---|\n')
        for c in CASES:
            s = c.sched_text() or ''
            f.write(f'| {c.name} | {c.source} | {c.obj.key} | `{c.opt_text()}` | {"`" + s + "`" if s else ""} '
                    f'| {c.steps} | {c.note} |\n')
        f.write('\nObjectives:\n\n')
        for o in OBJ.values():
            f.write(f'- **{o.key}**: `{o.expr}`; params ' +
                    ', '.join(f'`{n}{list(s) if s else ""}`' for n, s, _ in o.params) + f'. {o.title}\n')


if __name__ == '__main__':
    main()
