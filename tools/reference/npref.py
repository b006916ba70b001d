"""Independent NumPy (float64) implementations of the optimizers and schedules.

Two roles:
  * the reference for algorithms PyTorch 1.13 lacks (adafactor, lion, lamb, lars, adabelief,
    natural_gradient, NAdam/RAdam with decoupled weight decay, cosine_restarts with
    m_mul != 1, exponential warmup);
  * a self-check for the torch cases: the same NumPy machinery re-implements every
    torch.optim algorithm used and must reproduce torch's trajectories (to ~1e-12),
    which shows the machinery is faithful and documents torch's arithmetic.

Each optimizer is a class with step(params, grads, lr) that updates the list of float64
ndarrays `params` in place. The elementwise operation order mirrors the torch 1.13 CPU
kernels where torch has the algorithm:
  t.add_(u, alpha=a)        -> t + a*u      (torch fuses: fma(a, u, t); NumPy cannot)
  t.addcmul_(u, w, value=a) -> t + (a*u)*w  (torch fuses: fma(a*u, w, t))
  t.addcdiv_(u, w, value=a) -> t + (a*u)/w
  scalar / tensor           -> (1/tensor) * scalar   (torch's __rtruediv__ is reciprocal()*scalar)
  t.lerp_(e, w)             -> t + w*(e-t) if |w| < 0.5 else e - (e-t)*(1-w)  (torch fuses these too)
so the mirrors agree with torch to about 1 ulp per operation, not bit for bit.
"""
import math

import numpy as np

F64_EPS = float(np.finfo(np.float64).eps)


def lerp(s, e, w):
    """torch.lerp on CPU (ATen's lerp kernel), elementwise, scalar weight."""
    if abs(w) < 0.5:
        return s + w * (e - s)
    return e - (e - s) * (1 - w)


def norm2(a):
    return math.sqrt(float(np.sum(np.asarray(a, dtype=np.float64) ** 2)))


class NpOptimizer:
    def __init__(self, **kw):
        self.kw = kw
        self.state = None
        self.t = 0

    def step(self, ps, gs, lr):
        if self.state is None:
            self.state = [self.init_state(p) for p in ps]
        self.t += 1
        self.update(ps, gs, lr)

    def init_state(self, p):
        return {}


# ---------------------------------------------------------------- torch.optim mirrors

class SGD(NpOptimizer):
    def update(self, ps, gs, lr):
        k = self.kw
        mom, damp, wd = k.get('momentum', 0.0), k.get('dampening', 0.0), k.get('weight_decay', 0.0)
        for i, (p, g) in enumerate(zip(ps, gs)):
            d = -g if k.get('maximize', False) else g
            if wd != 0:
                d = d + wd * p
            if mom != 0:
                st = self.state[i]
                if 'buf' not in st:
                    st['buf'] = d.copy()          # first step: no dampening
                else:
                    st['buf'] = st['buf'] * mom + (1 - damp) * d
                d = d + mom * st['buf'] if k.get('nesterov', False) else st['buf']
            p[...] = p + (-lr) * d


class Adagrad(NpOptimizer):
    def init_state(self, p):
        return {'sum': np.full_like(p, self.kw.get('initial_accumulator_value', 0.0))}

    def update(self, ps, gs, lr):
        k = self.kw
        wd, lr_decay, eps = k.get('weight_decay', 0.0), k.get('lr_decay', 0.0), k.get('eps', 1e-10)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            if wd != 0:
                g = g + wd * p
            clr = lr / (1 + (self.t - 1) * lr_decay)
            st = self.state[i]
            st['sum'] = st['sum'] + (1 * g) * g
            std = np.sqrt(st['sum']) + eps
            p[...] = p + ((-clr) * g) / std


class RMSprop(NpOptimizer):
    def init_state(self, p):
        return {'sq': np.zeros_like(p), 'gavg': np.zeros_like(p), 'buf': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        alpha, eps, wd = k.get('alpha', 0.99), k.get('eps', 1e-8), k.get('weight_decay', 0.0)
        mom, centered = k.get('momentum', 0.0), k.get('centered', False)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            if wd != 0:
                g = g + wd * p
            st = self.state[i]
            st['sq'] = st['sq'] * alpha + ((1 - alpha) * g) * g
            if centered:
                st['gavg'] = st['gavg'] * alpha + (1 - alpha) * g
                avg = np.sqrt(st['sq'] + ((-1) * st['gavg']) * st['gavg'])
            else:
                avg = np.sqrt(st['sq'])
            avg = avg + eps
            if mom > 0:
                st['buf'] = st['buf'] * mom + (1 * g) / avg
                p[...] = p + (-lr) * st['buf']
            else:
                p[...] = p + ((-lr) * g) / avg


class Adam(NpOptimizer):
    """torch.optim.Adam / AdamW (decoupled=True), 1.13 single-tensor arithmetic."""
    decoupled = False

    def init_state(self, p):
        return {'m': np.zeros_like(p), 'v': np.zeros_like(p), 'vmax': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.999))
        eps = k.get('eps', 1e-8)
        wd = k.get('weight_decay', 0.01 if self.decoupled else 0.0)
        t = float(self.t)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            if self.decoupled:
                p[...] = p * (1 - lr * wd)
            elif wd != 0:
                g = g + wd * p
            st = self.state[i]
            st['m'] = st['m'] * b1 + (1 - b1) * g
            st['v'] = st['v'] * b2 + ((1 - b2) * g) * g
            bc1 = 1 - b1 ** t
            bc2 = 1 - b2 ** t
            step_size = lr / bc1
            bc2s = math.sqrt(bc2)
            if k.get('amsgrad', False):
                st['vmax'] = np.maximum(st['vmax'], st['v'])   # max of the RAW second moment
                denom = np.sqrt(st['vmax']) / bc2s + eps
            else:
                denom = np.sqrt(st['v']) / bc2s + eps
            p[...] = p + ((-step_size) * st['m']) / denom


class AdamW(Adam):
    decoupled = True


class Adamax(NpOptimizer):
    def init_state(self, p):
        return {'m': np.zeros_like(p), 'u': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.999))
        eps, wd = k.get('eps', 1e-8), k.get('weight_decay', 0.0)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            if wd != 0:
                g = g + wd * p
            st = self.state[i]
            st['m'] = st['m'] * b1 + (1 - b1) * g
            st['u'] = np.maximum(st['u'] * b2, np.abs(g) + eps)
            clr = lr / (1 - b1 ** float(self.t))
            p[...] = p + ((-clr) * st['m']) / st['u']


class Adadelta(NpOptimizer):
    def init_state(self, p):
        return {'sq': np.zeros_like(p), 'acc': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        rho, eps, wd = k.get('rho', 0.9), k.get('eps', 1e-6), k.get('weight_decay', 0.0)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            if wd != 0:
                g = g + wd * p
            st = self.state[i]
            st['sq'] = st['sq'] * rho + ((1 - rho) * g) * g
            std = np.sqrt(st['sq'] + eps)
            delta = np.sqrt(st['acc'] + eps) / std * g
            st['acc'] = st['acc'] * rho + ((1 - rho) * delta) * delta
            p[...] = p + (-lr) * delta


class Rprop(NpOptimizer):
    """torch.optim.Rprop 1.13. The step sizes are initialised to lr at the first step;
    lr is not read again (a schedule has no effect)."""

    def update(self, ps, gs, lr):
        k = self.kw
        etaminus, etaplus = k.get('etas', (0.5, 1.2))
        smin, smax = k.get('step_sizes', (1e-6, 50))
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            st = self.state[i]
            if 'prev' not in st:
                st['prev'] = np.zeros_like(p)
                st['step_size'] = np.full_like(p, lr)
            s = np.sign(g * st['prev'])
            factor = np.where(s > 0, etaplus, np.where(s < 0, etaminus, 1.0))
            st['step_size'] = np.clip(st['step_size'] * factor, smin, smax)
            g = np.where(s < 0, 0.0, g)                  # after a sign change: no move, prev := 0
            p[...] = p + ((-1) * np.sign(g)) * st['step_size']
            st['prev'] = g.copy()


class ASGD(NpOptimizer):
    def update(self, ps, gs, lr):
        k = self.kw
        lambd, alpha, t0, wd = k.get('lambd', 1e-4), k.get('alpha', 0.75), k.get('t0', 1e6), k.get('weight_decay', 0.0)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            st = self.state[i]
            if 'eta' not in st:
                st['eta'], st['mu'], st['ax'] = lr, 1.0, np.zeros_like(p)
            if wd != 0:
                g = g + wd * p
            eta = st['eta']
            p[...] = p * (1 - lambd * eta)
            p[...] = p + (-eta) * g
            if st['mu'] != 1:
                st['ax'] = st['ax'] + (p - st['ax']) * st['mu']
            else:
                st['ax'] = p.copy()
            step = float(self.t)
            st['eta'] = lr / math.pow(1 + lambd * lr * step, alpha)
            st['mu'] = 1 / max(1, step - t0)


class NAdam(NpOptimizer):
    """NAdam as documented (Dozat 2016 with momentum decay, torch's docs); arithmetic of
    torch 1.13's foreach path. buggy_mu_product=True reproduces 1.13's default
    (single-tensor) path, which uses mu_product*mu*mu_next as the product up to t+1.
    decoupled_weight_decay=True: later torch (2.2+ docs) semantics, param *= 1 - lr*wd first."""

    def init_state(self, p):
        return {'m': np.zeros_like(p), 'v': np.zeros_like(p), 'mu_product': 1.0}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.999))
        eps, wd, md = k.get('eps', 1e-8), k.get('weight_decay', 0.0), k.get('momentum_decay', 4e-3)
        t = float(self.t)
        for i, (p, g) in enumerate(zip(ps, gs)):
            st = self.state[i]
            bc2 = 1 - b2 ** t
            mu = b1 * (1. - 0.5 * (0.96 ** (t * md)))
            mu_next = b1 * (1. - 0.5 * (0.96 ** ((t + 1) * md)))
            st['mu_product'] = st['mu_product'] * mu
            if wd != 0:
                if k.get('decoupled_weight_decay', False):
                    p[...] = p * (1 - lr * wd)
                else:
                    g = g + wd * p
            st['m'] = st['m'] * b1 + (1 - b1) * g
            st['v'] = st['v'] * b2 + ((1 - b2) * g) * g
            if k.get('_single_tensor_1_13', False):
                # exact arithmetic of 1.13's default path, including its defect
                denom = np.sqrt(st['v'] / bc2) + eps
                mpn = st['mu_product'] * mu * mu_next
                p[...] = p + ((-lr * (1. - mu) / (1. - st['mu_product'])) * g) / denom
                p[...] = p + ((-lr * mu_next / (1. - mpn)) * st['m']) / denom
            else:
                denom = np.sqrt(st['v']) / math.sqrt(bc2) + eps
                ssg = (lr * (1. - mu) / (1. - st['mu_product'])) * -1
                ssm = (lr * mu_next / (1. - st['mu_product'] * mu_next)) * -1
                p[...] = p + (ssg * g) / denom
                p[...] = p + (ssm * st['m']) / denom


class RAdam(NpOptimizer):
    """RAdam (Liu et al. 2019) as torch documents it; arithmetic of 1.13's single-tensor path.
    drop_eps=True reproduces 1.13's foreach path (which never adds eps).
    decoupled_weight_decay=True: later torch (2.2+ docs) semantics."""

    def init_state(self, p):
        return {'m': np.zeros_like(p), 'v': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.999))
        eps, wd = k.get('eps', 1e-8), k.get('weight_decay', 0.0)
        t = float(self.t)
        for i, (p, g) in enumerate(zip(ps, gs)):
            st = self.state[i]
            bc1 = 1 - b1 ** t
            bc2 = 1 - b2 ** t
            if wd != 0:
                if k.get('decoupled_weight_decay', False):
                    p[...] = p * (1 - lr * wd)
                else:
                    g = g + wd * p
            st['m'] = st['m'] * b1 + (1 - b1) * g
            st['v'] = st['v'] * b2 + ((1 - b2) * g) * g
            mhat = st['m'] / bc1
            rho_inf = 2 / (1 - b2) - 1
            rho_t = rho_inf - 2 * t * (b2 ** t) / bc2
            if rho_t > 5.:
                rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                if k.get('_drop_eps', False):
                    denom = np.sqrt(st['v']) / math.sqrt(bc2)
                    p[...] = p + ((lr * rect / bc1) * -1 * st['m']) / denom
                    continue
                adaptive = (1.0 / (np.sqrt(st['v']) + eps)) * math.sqrt(bc2)
                p[...] = p + (-1.0) * (mhat * lr * adaptive * rect)
            else:
                if k.get('_drop_eps', False):
                    p[...] = p + ((lr * 1.0 / bc1) * -1 * st['m']) / 1.0
                    continue
                p[...] = p + (-1.0) * (mhat * lr)


# ------------------------------------------------------------- algorithms torch 1.13 lacks

class Adafactor(NpOptimizer):
    """torch.optim.Adafactor as documented for torch 2.5+ (single-tensor path):
      beta2_t-complement  c_t = t**beta2_decay            (so beta2_t = 1 - t**beta2_decay)
      rho_t   = min(lr, 1/sqrt(t))
      alpha_t = max(eps2, RMS(theta_{t-1})) * rho_t          (RMS before weight decay)
      theta  *= 1 - lr*weight_decay                         (if weight_decay != 0)
      matrix [m,n]: R = lerp(R, mean_j G_ij^2, c_t)  (shape m), C = lerp(C, mean_i G_ij^2, c_t) (shape n)
                    V = outer(R, C) / max(mean_i R_i, eps1)
      else:         V = lerp(V, G*G, c_t)
      U = G * 1/sqrt(max(V, eps1^2));  U_hat = U / max(1, RMS(U)/d);  theta -= alpha_t * U_hat
    eps1 = None means the dtype's machine epsilon (float64: 2.220446049250313e-16)."""

    def init_state(self, p):
        if p.ndim > 1:
            return {'row': np.zeros(p.shape[0]), 'col': np.zeros(p.shape[1])}
        return {'var': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        beta2_decay, d, wd = k.get('beta2_decay', -0.8), k.get('d', 1.0), k.get('weight_decay', 0.0)
        eps1, eps2 = k.get('eps', (None, 1e-3))
        if eps1 is None:
            eps1 = F64_EPS
        t = float(self.t)
        for i, (p, g) in enumerate(zip(ps, gs)):
            g = -g if k.get('maximize', False) else g
            st = self.state[i]
            c = t ** beta2_decay
            rho = min(lr, 1 / (t ** 0.5))
            alpha = max(eps2, norm2(p) / (p.size ** 0.5)) * rho
            if wd != 0:
                p[...] = p * (1 - lr * wd)
            if p.ndim > 1:
                m, n = p.shape
                row_mean = np.array([norm2(g[r, :]) ** 2 for r in range(m)]) / n
                col_mean = np.array([norm2(g[:, j]) ** 2 for j in range(n)]) / m
                st['row'] = lerp(st['row'], row_mean, c)
                st['col'] = lerp(st['col'], col_mean, c)
                v = np.outer(st['row'], st['col']) / max(float(np.mean(st['row'])), eps1)
            else:
                st['var'] = lerp(st['var'], g * g, c)
                v = st['var'].copy()
            u = (1.0 / np.sqrt(np.maximum(v, eps1 * eps1))) * g
            denom = max(1.0, norm2(u) / ((u.size ** 0.5) * d))
            p[...] = p + (-alpha / denom) * u


class Lion(NpOptimizer):
    """Lion (Chen et al. 2023), as lion-pytorch / optax.lion:
      c = b1*m + (1-b1)*g;  theta *= 1 - lr*wd;  theta -= lr*sign(c);  m = b2*m + (1-b2)*g
    sign(0) = 0."""

    def init_state(self, p):
        return {'m': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.99))
        wd = k.get('weight_decay', 0.0)
        for i, (p, g) in enumerate(zip(ps, gs)):
            st = self.state[i]
            c = st['m'] * b1 + (1 - b1) * g
            if wd != 0:
                p[...] = p * (1 - lr * wd)
            p[...] = p + (-lr) * np.sign(c)
            st['m'] = st['m'] * b2 + (1 - b2) * g


class AdaBelief(NpOptimizer):
    """optax.adabelief = chain(scale_by_belief(b1, b2, eps, eps_root), scale_by_learning_rate(lr)); per element:
      m = (1-b1)*g + b1*m;  e = g - m;  s = (1-b2)*(e*e) + b2*s + eps_root   (the state keeps eps_root, as optax's)
      mh = m/(1-b1^t);  sh = s/(1-b2^t);  theta += -lr * mh/(sqrt(sh) + eps)"""

    def init_state(self, p):
        return {'m': np.zeros_like(p), 's': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.999))
        eps, eps_root = k.get('eps', 1e-16), k.get('eps_root', 1e-16)
        t = self.t
        for i, (p, g) in enumerate(zip(ps, gs)):
            st = self.state[i]
            st['m'] = (1 - b1) * g + b1 * st['m']
            e = g - st['m']
            st['s'] = (1 - b2) * (e * e) + b2 * st['s'] + eps_root
            u = (st['m'] / (1 - b1 ** t)) / (np.sqrt(st['s'] / (1 - b2 ** t)) + eps)
            p[...] = p + u * (-lr)


def trust_ratio(p, u, trust_coefficient=1.0, eps=0.0):
    """optax.scale_by_trust_ratio(min_norm=0): ratio = tc*||p|| / (||u|| + eps), and 1 when
    ||p|| == 0 or ||u|| == 0. Norms are Frobenius norms of the whole parameter tensor."""
    pn, un = norm2(p), norm2(u)
    if pn == 0.0 or un == 0.0:
        return 1.0
    return trust_coefficient * pn / (un + eps)


class Lamb(NpOptimizer):
    """optax.lamb = chain(scale_by_adam(b1, b2, eps, eps_root), add_decayed_weights(wd),
    scale_by_trust_ratio(), scale_by_learning_rate(lr)); per parameter tensor:
      m = (1-b1)*g + b1*m; v = (1-b2)*g^2 + b2*v; mh = m/(1-b1^t); vh = v/(1-b2^t)
      u = mh/(sqrt(vh + eps_root) + eps) + wd*theta;  u *= trust_ratio(theta, u);  theta += -lr*u"""

    def init_state(self, p):
        return {'m': np.zeros_like(p), 'v': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        b1, b2 = k.get('betas', (0.9, 0.999))
        eps, eps_root, wd = k.get('eps', 1e-6), k.get('eps_root', 0.0), k.get('weight_decay', 0.0)
        t = self.t
        for i, (p, g) in enumerate(zip(ps, gs)):
            st = self.state[i]
            st['m'] = (1 - b1) * g + b1 * st['m']
            st['v'] = (1 - b2) * (g ** 2) + b2 * st['v']
            mh = st['m'] / (1 - b1 ** t)
            vh = st['v'] / (1 - b2 ** t)
            u = mh / (np.sqrt(vh + eps_root) + eps)
            u = u + wd * p
            u = u * trust_ratio(p, u)
            p[...] = p + u * (-lr)


class Lars(NpOptimizer):
    """optax.lars = chain(add_decayed_weights(wd), scale_by_trust_ratio(trust_coefficient, eps),
    scale_by_learning_rate(lr), trace(momentum, nesterov)); per parameter tensor:
      u = g + wd*theta;  u *= trust_ratio(theta, u, tc, eps);  u *= -lr
      tr = u + momentum*tr  (tr starts at 0);  theta += (u + momentum*tr if nesterov else tr)"""

    def init_state(self, p):
        return {'tr': np.zeros_like(p)}

    def update(self, ps, gs, lr):
        k = self.kw
        wd, tc, eps = k.get('weight_decay', 0.0), k.get('trust_coefficient', 0.001), k.get('eps', 0.0)
        mom, nesterov = k.get('momentum', 0.9), k.get('nesterov', False)
        for i, (p, g) in enumerate(zip(ps, gs)):
            st = self.state[i]
            u = g + wd * p
            u = u * trust_ratio(p, u, tc, eps)
            u = u * (-lr)
            st['tr'] = u + mom * st['tr']
            p[...] = p + ((u + mom * st['tr']) if nesterov else st['tr'])


class NaturalGradient(NpOptimizer):
    """Damped empirical Fisher natural gradient on an objective (a batch of one sample):
      g = all parameters' gradients flattened in declaration order (row-major)
      F = g g^T + damping*I  (dense, over all parameters jointly)
      theta -= lr * solve(F, g)        [= lr * g / (damping + g.g) by Sherman-Morrison]"""

    def update(self, ps, gs, lr):
        damping = self.kw.get('damping', 1e-3)
        g = np.concatenate([np.ravel(x) for x in gs])
        F = np.outer(g, g) + damping * np.eye(g.size)
        d = np.linalg.solve(F, g)
        off = 0
        for p in ps:
            n = p.size
            p[...] = p + (-lr) * d[off:off + n].reshape(p.shape)
            off += n


NP_OPTIMIZERS = {
    'sgd': SGD, 'adagrad': Adagrad, 'rmsprop': RMSprop, 'adam': Adam, 'adamw': AdamW,
    'adamax': Adamax, 'adadelta': Adadelta, 'rprop': Rprop, 'asgd': ASGD, 'nadam': NAdam,
    'radam': RAdam, 'adafactor': Adafactor, 'lion': Lion, 'lamb': Lamb, 'lars': Lars, 'adabelief': AdaBelief,
    'natural_gradient': NaturalGradient,
}


# ------------------------------------------------------------------ closed-form schedules

def phase_lr(name, a, base, t):
    """Our semantics of one schedule phase at its own step t (t = 0 at the phase start),
    starting from the base lr. Closed forms; torch 1.13 computes most of these recursively
    (lr_t = lr_{t-1} * ratio), which agrees to a few ulps."""
    if name == 'constant':
        return base * a.get('factor', 1.0)
    if name == 'step':
        return base * a.get('gamma', 0.1) ** (t // a['every'])
    if name == 'multistep':
        return base * a.get('gamma', 0.1) ** sum(1 for m in a['milestones'] if m <= t)
    if name == 'exponential':
        return base * a['gamma'] ** (t // a.get('every', 1))
    if name == 'cosine':
        T, mn = a['steps'], a.get('min_lr', 0.0)
        if t >= T:
            return mn                                      # ours holds at min_lr past T
        return mn + (base - mn) * (1 + math.cos(math.pi * t / T)) / 2
    if name == 'cosine_restarts':
        Ti, tc, i = a['first'], t, 0
        tm, mm, mn = a.get('t_mul', 1), a.get('m_mul', 1.0), a.get('min_lr', 0.0)
        while tc >= Ti:
            tc -= Ti
            Ti *= tm
            i += 1
        return mn + (mm ** i) * (base - mn) * (1 + math.cos(math.pi * tc / Ti)) / 2
    if name == 'warmup':
        L, s = a['steps'], a.get('start_factor', 1 / 3)
        if t >= L:
            return base
        if a.get('kind', 'linear') == 'linear':
            return base * (s + (1.0 - s) * t / L)
        return base * s ** ((L - t) / L)                 # exponential: geometric from s*base to base
    if name == 'polynomial':
        T, pw = a['steps'], a.get('power', 1.0)
        return base * (1.0 - min(T, t) / T) ** pw
    if name == 'one_cycle':
        T, pct = a['steps'], a.get('pct_start', 0.3)
        mx = a['max_lr']
        init = mx / a.get('div_factor', 25.0)
        mn = init / a.get('final_div_factor', 1e4)
        e1 = float(pct * T) - 1
        if t <= e1:
            s, e, pc = init, mx, t / e1
        else:
            s, e, pc = mx, mn, (t - e1) / (T - 1 - e1)
        return e + (s - e) / 2.0 * (math.cos(math.pi * pc) + 1)
    raise ValueError(name)


def schedule_lrs(phases, base, n):
    """lr for rows k = 0..n of a `then`-composed schedule: each phase has its own clock
    starting at 0 and starts from the base lr; the last phase runs to the end."""
    out = []
    for k in range(n + 1):
        start = 0
        for j, (name, a) in enumerate(phases):
            length = a.get('steps')          # the phase's length (None: runs to the end)
            if j == len(phases) - 1 or length is None or k < start + length:
                out.append(phase_lr(name, a, base, k - start))
                break
            start += length
    return out
