#!/usr/bin/python3
"""Reference trajectories for objectives that minimize an expectation (NumPy only, float64).

Run from the repository root:

    /usr/bin/python3 tools/reference/expectations.py

(generate.py runs it too, after its own cases). Writes processor/src/test/resources/reference/<case>.{optspec,csv}
for the cases below, their lines of index.csv and tolerance.csv (replacing earlier ones of the same name), and the
"Expectation cases" section of tools/reference/CASES.md.

The samples are the generated class's own: SplitMix64 (org.optspec.runtime.Rng) seeded with the spec's seed, one
stream for the whole run; step k (counted from 0) draws SAMPLES x RANDOM_VARIABLES standard normals by Box-Muller
(Rng.nextGaussian: two longs each, u1 = 1 - nextDouble(), u2 = nextDouble(), sqrt(-2 log u1) cos(2 pi u2)), draw s
of random variable r at s * R + r. Row k of a CSV is the parameters after k steps and the estimate at them with the
draws of step k (the ones step k + 1 uses), its standard error std(terms, ddof=1) / sqrt(N) in the last column.

The gradients are derived by hand below (not by autodiff), so they check the compiler's reverse mode independently:
x = mu + sigma * eps is differentiated as dx/dmu = 1, dx/dsigma = eps (the reparameterization trick), and an
importance weight w = normal_pdf(x; mu, sigma) / normal_pdf(x; a, b) of a proposal draw x = a + b * eps as
dw/dmu = w z / sigma, dw/dsigma = w (z^2 - 1) / sigma with z = (x - mu) / sigma.
"""
import csv
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import npref  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'processor', 'src', 'test', 'resources', 'reference')
MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class SplitMix64:
    """org.optspec.runtime.Rng, bit for bit (its gaussians up to the last ulp of libm's log and cos)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_long(self):
        self.state = (self.state + GOLDEN_GAMMA) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_gaussian(self):
        u1 = 1.0 - self.next_double()
        u2 = self.next_double()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)


def noise(seed, steps, samples, randoms):
    """eps[k, s, r]: step k's draw s of random variable r."""
    rng = SplitMix64(seed)
    flat = [rng.next_gaussian() for _ in range((steps + 1) * samples * randoms)]
    return np.array(flat, dtype=np.float64).reshape(steps + 1, samples, randoms)


# Each objective: terms(params, eps[s, r]) -> (term[s], [dterm/dparam[s] for each param]).

def squared_distance(p, e):
    """(x - 3)^2, x = mu + sigma * eps."""
    mu, sigma = p
    x = mu + sigma * e[:, 0]
    return (x - 3) ** 2, [2 * (x - 3), 2 * (x - 3) * e[:, 0]]


def squared_distance_log_scale(p, e):
    """(x - 3)^2, x = mu + exp(log_sigma) * eps: the scale positive by construction."""
    mu, log_sigma = p
    sigma = math.exp(log_sigma)
    x = mu + sigma * e[:, 0]
    return (x - 3) ** 2, [2 * (x - 3), 2 * (x - 3) * e[:, 0] * sigma]


def gaussian_fit(p, e):
    """(x - 3)^2 / (2 * 0.25) - log(sigma): KL(normal(mu, sigma) || normal(3, 0.5)) up to a constant, minimal at
    mu = 3, sigma = 0.5."""
    mu, sigma = p
    x = mu + sigma * e[:, 0]
    term = (x - 3) ** 2 / (2 * 0.25) - math.log(sigma)
    return term, [4 * (x - 3), 4 * (x - 3) * e[:, 0] - 1 / sigma]


def gaussian_fit_importance(p, e, a=1.5, b=2.0):
    """gaussian_fit's terms for x drawn from the proposal normal(a, b), each weighted by p(x) / q(x)."""
    mu, sigma = p
    eps = e[:, 0]
    x = a + b * eps
    z = (x - mu) / sigma
    w = b / sigma * np.exp(0.5 * eps * eps - 0.5 * z * z)
    f = (x - 3) ** 2 / (2 * 0.25) - math.log(sigma)
    return f * w, [f * w * z / sigma, -w / sigma + f * w * (z * z - 1) / sigma]


class GaussianNaturalGradient(npref.NpOptimizer):
    """natural_gradient(metric: gaussian): u = F^-1 g with F = diag(1/sigma^2, 2/sigma^2) for (mu, sigma),
    sigma before the update; theta -= lr * u."""

    def update(self, ps, gs, lr):
        mu, sigma = ps
        variance = float(sigma) * float(sigma)
        u = [variance * gs[0], variance / 2 * gs[1]]
        for p, d in zip(ps, u):
            p[...] = p + (-lr) * d


OPTIMIZERS = {'sgd': npref.SGD, 'adam': npref.Adam, 'natural_gradient': GaussianNaturalGradient}


class Case:
    def __init__(self, name, title, terms, params, random, body, opt, optargs, opt_text, samples, steps, seed,
                 note=''):
        self.name, self.title, self.terms, self.params = name, title, terms, params
        self.random, self.body, self.opt, self.optargs, self.opt_text = random, body, opt, optargs, opt_text
        self.samples, self.steps, self.seed, self.note = samples, steps, seed, note

    def spec(self):
        cls = ''.join(w.capitalize() for w in self.name.split('_'))
        lines = [f'// Reference case {self.name}: {self.title}', f'objective {cls} {{', '  precision float64',
                 f'  seed {self.seed}', '', f'  random {self.random}', '', '  params {']
        lines += [f'    {n} = {v!r}' for n, v in self.params]
        lines += ['  }', '', f'  minimize mean over {self.samples} samples of {self.body}', '',
                  f'  optimizer {self.opt_text}', f'  steps {self.steps}', '}', '']
        return '\n'.join(lines)

    def run(self, perturb=None):
        eps = noise(self.seed, self.steps, self.samples, 1)
        ps = [np.array(v, dtype=np.float64) for _, v in self.params]
        opt = OPTIMIZERS[self.opt](**self.optargs)
        lr = self.optargs['lr']
        noise_rng = np.random.default_rng(perturb) if perturb is not None else None
        rows = []
        for k in range(self.steps + 1):
            term, dterms = self.terms([float(p) for p in ps], eps[k])
            loss = float(np.mean(term))
            stderr = float(np.std(term, ddof=1) / math.sqrt(self.samples))
            rows.append([k, lr, loss] + [float(p) for p in ps] + [stderr])
            if k == self.steps:
                break
            gs = [np.array(np.mean(d), dtype=np.float64) for d in dterms]
            if noise_rng is not None:
                gs = [g * (1 + 4 * npref.F64_EPS * noise_rng.uniform(-1, 1)) for g in gs]
            opt.step(ps, gs, lr)
        return np.array(rows, dtype=np.float64)


CASES = [
    Case('mc_gaussian_sgd', 'E[(x - 3)^2] over x ~ normal(mu, sigma), reparameterized; mu -> 3, sigma -> 0.',
         squared_distance, [('mu', 0.0), ('sigma', 1.0)], 'x ~ normal(mu, sigma)', '(x - 3)^2',
         'sgd', {'lr': 0.05}, 'sgd(lr: 0.05)', 256, 500, 1,
         'E[(x-3)^2] = (mu-3)^2 + sigma^2: mu -> 3, sigma decays geometrically (positive throughout).'),
    Case('mc_gaussian_adam_log_scale', 'E[(x - 3)^2] over x ~ normal(mu, exp(log_sigma)): a scale positive by '
         'construction under Adam.',
         squared_distance_log_scale, [('mu', 0.0), ('log_sigma', 0.0)], 'x ~ normal(mu, exp(log_sigma))',
         '(x - 3)^2', 'adam', {'lr': 0.05}, 'adam(lr: 0.05)', 256, 500, 7,
         'the scale is a computed node: its adjoint is summed over the draws, then goes through exp.'),
    Case('mc_gaussian_fit_plain', 'Fit normal(mu, sigma) to normal(3, 0.5): E[(x - 3)^2 / 0.5] - log(sigma), '
         'plain gradient.',
         gaussian_fit, [('mu', 0.0), ('sigma', 1.0)], 'x ~ normal(mu, sigma)', '(x - 3)^2 / (2 * 0.25) - log(sigma)',
         'sgd', {'lr': 0.1}, 'sgd(lr: 0.1)', 64, 200, 3),
    Case('mc_gaussian_fit_natural', 'The same fit by the natural gradient with the Gaussian Fisher metric.',
         gaussian_fit, [('mu', 0.0), ('sigma', 1.0)], 'x ~ normal(mu, sigma)', '(x - 3)^2 / (2 * 0.25) - log(sigma)',
         'natural_gradient', {'lr': 0.1}, 'natural_gradient(lr: 0.1, metric: gaussian)', 64, 200, 3,
         'u = (sigma^2 g_mu, sigma^2/2 g_sigma): F^-1 g for F = diag(1/sigma^2, 2/sigma^2).'),
    Case('mc_gaussian_fit_importance', 'The same fit estimated by importance sampling from the proposal '
         'normal(1.5, 2).',
         gaussian_fit_importance, [('mu', 0.0), ('sigma', 1.0)], 'x ~ normal(mu, sigma, proposal: normal(1.5, 2))',
         '(x - 3)^2 / (2 * 0.25) - log(sigma)', 'sgd', {'lr': 0.05}, 'sgd(lr: 0.05)', 512, 200, 5,
         'x = 1.5 + 2 eps does not move; each term is weighted by normal_pdf(x; mu, sigma) / normal_pdf(x; 1.5, 2).'),
]


def write_csv(path, names, rows):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['step', 'lr', 'loss'] + names + ['loss_stderr'])
        for r in rows:
            w.writerow([str(int(r[0]))] + [repr(float(v)) for v in r[1:]])


def merge_lines(path, header, lines):
    """path's lines with those of the same first column replaced by `lines` (appended when new)."""
    keep = []
    if os.path.exists(path):
        with open(path) as f:
            keep = [line.rstrip('\n') for line in f if line.strip()][1:]
    names = {line.split(',')[0] for line in lines}
    keep = [line for line in keep if line.split(',')[0] not in names]
    with open(path, 'w') as f:
        f.write(header + '\n')
        for line in keep + lines:
            f.write(line + '\n')


SECTION = '## Expectation cases (generated by expectations.py; do not edit)'


def write_cases_md():
    path = os.path.join(HERE, 'CASES.md')
    text = open(path).read() if os.path.exists(path) else ''
    if SECTION in text:
        text = text[:text.index(SECTION)].rstrip('\n') + '\n'
    text += '\n' + SECTION + '\n\n'
    text += ('NumPy references with the generated class\'s own samples (see expectations.py); the CSVs end with '
             'the estimate\'s standard error.\n\n')
    text += '| case | random variable | minimize | optimizer | samples | steps | seed | note |\n'
    text += '|---|---|---|---|---|---|---|---|\n'
    for c in CASES:
        text += (f'| {c.name} | `random {c.random}` | `mean over {c.samples} samples of {c.body}` | `{c.opt_text}` '
                 f'| {c.samples} | {c.steps} | {c.seed} | {c.note} |\n')
    with open(path, 'w') as f:
        f.write(text)


def main():
    index, tolerance = [], []
    for c in CASES:
        rows = c.run()
        assert np.all(np.isfinite(rows)), c.name
        sens = 0.0
        for seed in (1, 2):
            prow = c.run(perturb=seed)
            dev = np.abs(prow[:, 2:] - rows[:, 2:]) / np.maximum(1, np.abs(rows[:, 2:]))
            sens = max(sens, float(np.max(dev)))
        suggested = 10.0 ** math.ceil(math.log10(max(1e-11, 1000 * sens)))
        last = rows[-1]
        print(f'{c.name:30s} loss {rows[0, 2]:.6g} -> {last[2]:.6g} (stderr {last[-1]:.3g}); params '
              + ', '.join(f'{n} {v:.6g}' for (n, _), v in zip(c.params, last[3:-1])) + f'; sensitivity {sens:.2g}')
        with open(os.path.join(OUT, c.name + '.optspec'), 'w') as f:
            f.write(c.spec())
        write_csv(os.path.join(OUT, c.name + '.csv'), [n for n, _ in c.params], rows)
        index.append(f'{c.name},{c.opt},none,{c.steps},numpy')
        tolerance.append(f'{c.name},{sens:.3e},{0.0:.3e},{suggested:.0e}')
    merge_lines(os.path.join(OUT, 'index.csv'), 'case,optimizer,schedule,steps,source', index)
    merge_lines(os.path.join(OUT, 'tolerance.csv'), 'case,sensitivity,lr_sensitivity,suggested_tolerance', tolerance)
    write_cases_md()


if __name__ == '__main__':
    main()
