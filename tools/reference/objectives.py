"""The objectives: each is the OptSpec text of its constants, parameters and expression,
plus the same expression in torch (float64, same operation order)."""
import torch

T = torch.float64


class Objective:
    def __init__(self, key, title, consts, params, expr, fn):
        self.key = key            # short name
        self.title = title        # comment line in the spec
        self.consts = consts      # [(name, shape, nested values)]
        self.params = params      # [(name, shape, nested values)]
        self.expr = expr          # OptSpec expression
        self.fn = fn              # fn(P: dict name->tensor, C: dict name->tensor) -> 0-dim tensor

    def const_tensors(self):
        return {n: torch.tensor(v, dtype=T) for n, _, v in self.consts}

    def init_tensors(self):
        return [torch.tensor(v, dtype=T, requires_grad=True) for _, _, v in self.params]

    def element_names(self):
        out = []
        for n, shape, _ in self.params:
            if len(shape) == 0:
                out.append(n)
            elif len(shape) == 1:
                out += [f'{n}[{i}]' for i in range(shape[0])]
            else:
                out += [f'{n}[{i},{j}]' for i in range(shape[0]) for j in range(shape[1])]
        return out

    def loss(self, ps, C):
        return self.fn({n: p for (n, _, _), p in zip(self.params, ps)}, C)


def num(v):
    """A number as written in a spec: the shortest text that parses back to the same double."""
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    s = repr(v)
    if 'e' in s:
        m, e = s.split('e')
        s = m + 'e' + str(int(e))
    return s


def lit(v):
    if isinstance(v, (list, tuple)):
        return '[' + ', '.join(lit(x) for x in v) + ']'
    return num(v)


def decl(name, shape, values):
    dims = '' if not shape else '[' + ', '.join(str(d) for d in shape) + ']'
    return f'{name}{dims} = {lit(values)}'


mm = torch.matmul

ROSENBROCK = Objective(
    'rosenbrock', 'The Rosenbrock function from the classic start (-1.5, 2).',
    [], [('x', (), -1.5), ('y', (), 2.0)],
    '(1 - x)^2 + 100 * (y - x^2)^2',
    lambda P, C: (1 - P['x']) ** 2 + 100 * (P['y'] - P['x'] ** 2) ** 2)

NEG_ROSENBROCK = Objective(
    'neg_rosenbrock', 'Minus the Rosenbrock function: with maximize: true the optimizer ascends it, i.e. descends Rosenbrock.',
    [], [('x', (), -1.5), ('y', (), 2.0)],
    '-((1 - x)^2 + 100 * (y - x^2)^2)',
    lambda P, C: -((1 - P['x']) ** 2 + 100 * (P['y'] - P['x'] ** 2) ** 2))

_A = [[1, 2], [3, 4], [5, 6]]
_b = [1, 0, -1]
SPARSE_LSQ = Objective(
    'sparse_lsq', 'Sparse least squares (shared/specs/least_squares.optspec); optimum near w = (-2, 1.5), away from the |w| kinks.',
    [('A', (3, 2), _A), ('b', (3,), _b)], [('w', (2,), [0.5, -0.5])],
    'mean((matmul(A, w) - b)^2) + 0.01 * sum(abs(w))',
    lambda P, C: torch.mean((mm(C['A'], P['w']) - C['b']) ** 2) + 0.01 * torch.sum(torch.abs(P['w'])))

_A4 = [[1, 2, 0], [0, 1, -1], [2, 0, 1], [1, 1, 1]]
_b4 = [1, -1, 2, 0.5]
LSQ3 = Objective(
    'lsq3', 'Least squares with a 4x3 matrix and a vector parameter w[3].',
    [('A', (4, 3), _A4), ('b', (4,), _b4)], [('w', (3,), [0.5, -0.5, 0.25])],
    'mean((matmul(A, w) - b)^2)',
    lambda P, C: torch.mean((mm(C['A'], P['w']) - C['b']) ** 2))

NEG_LSQ3 = Objective(
    'neg_lsq3', 'Minus the least-squares objective: with maximize: true the optimizer descends the least squares.',
    [('A', (4, 3), _A4), ('b', (4,), _b4)], [('w', (3,), [0.5, -0.5, 0.25])],
    '-mean((matmul(A, w) - b)^2)',
    lambda P, C: -torch.mean((mm(C['A'], P['w']) - C['b']) ** 2))

_X = [[1, 0.5, -1, 0], [0, 1, 0.5, -0.5], [0.5, -1, 1, 1]]
_Y = [[0.5, -0.2, 0.1, 0.3], [-0.4, 0.6, 0.2, -0.1]]
MATRIX = Objective(
    'matrix', 'A matrix parameter W[2,3] fitted through tanh, coupled bilinearly to a vector parameter v[3] (the dot(v, v) term removes the flat direction of v along the null space of W).',
    [('X', (3, 4), _X), ('Y', (2, 4), _Y), ('c', (2,), [1, -1])],
    [('W', (2, 3), [[0.1, -0.2, 0.3], [0.2, 0.1, -0.1]]), ('v', (3,), [0.5, -0.5, 1])],
    'mean((tanh(matmul(W, X)) - Y)^2) + 0.1 * sum((matmul(W, v) - c)^2) + 0.05 * dot(v, v)',
    lambda P, C: torch.mean((torch.tanh(mm(P['W'], C['X'])) - C['Y']) ** 2)
    + 0.1 * torch.sum((mm(P['W'], P['v']) - C['c']) ** 2) + 0.05 * torch.dot(P['v'], P['v']))

MATRIX_BIG = Objective(
    'matrix_big', 'The matrix objective started from a larger W (a longer transient before convergence).',
    MATRIX.consts, [('W', (2, 3), [[1.5, -1.2, 0.8], [-1.0, 1.3, -0.7]]), ('v', (3,), [0.5, -0.5, 1])],
    MATRIX.expr, MATRIX.fn)

_XL = [[0.5, 1], [1, -0.5], [-1, 0.5], [-0.5, -1], [1.5, 0.5], [-1.5, 0.25]]
_tL = [1, 1, 0, 0, 0, 1]
LOGISTIC = Objective(
    'logistic', 'L2-regularised logistic regression on six points (non-separable), written with sigmoid, log and dot.',
    [('X', (6, 2), _XL), ('t', (6,), _tL)], [('w', (2,), [0.5, -0.5]), ('b', (), 0.1)],
    '-mean(t * log(sigmoid(matmul(X, w) + b)) + (1 - t) * log(1 - sigmoid(matmul(X, w) + b))) + 0.01 * dot(w, w)',
    lambda P, C: -torch.mean(C['t'] * torch.log(torch.sigmoid(mm(C['X'], P['w']) + P['b']))
                             + (1 - C['t']) * torch.log(1 - torch.sigmoid(mm(C['X'], P['w']) + P['b'])))
    + 0.01 * torch.dot(P['w'], P['w']))

SMOOTH = Objective(
    'smooth', 'A smooth pseudo-Huber objective with trigonometric, exponential and rational terms (sqrt, sin, cos, exp, /).',
    [('c', (3,), [1, -2, 0.5])], [('w', (3,), [-1, 1, 2])],
    'sum(sqrt(1 + (w - c)^2)) + 0.2 * sum(sin(w) * cos(w)) + 0.05 * sum(exp(-(w^2))) + 0.1 * sum(w^2 / (1 + w^2))',
    lambda P, C: torch.sum(torch.sqrt(1 + (P['w'] - C['c']) ** 2))
    + 0.2 * torch.sum(torch.sin(P['w']) * torch.cos(P['w']))
    + 0.05 * torch.sum(torch.exp(-(P['w'] ** 2)))
    + 0.1 * torch.sum(P['w'] ** 2 / (1 + P['w'] ** 2)))

ALL = {o.key: o for o in [ROSENBROCK, NEG_ROSENBROCK, SPARSE_LSQ, LSQ3, NEG_LSQ3, MATRIX, MATRIX_BIG, LOGISTIC, SMOOTH]}
