"""Day 06's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
The hidden graders also use the numerical_gradient and grad_check variants on inputs that hold
a callable (they are evaluated live, never recorded).
"""

import numpy as np

_FLOOR = 1e-12


def _central(f, x, eps, *, forward=False, divisor=2.0, restore=True, dtype=np.float64):
    x = np.array(x, dtype=dtype)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        base = float(f(x)) if forward else None
        x[i] = old + eps
        f_plus = float(f(x))
        x[i] = old - eps
        f_minus = float(f(x))
        if restore:
            x[i] = old
        grad[i] = (f_plus - base) / eps if forward else (f_plus - f_minus) / (divisor * eps)
    return grad


def _only_float32(x):
    if np.asarray(x).dtype != np.float32:
        raise ValueError("names nothing for other dtypes: it would equal the right answer")
    return np.float32


def _entrywise(a, b, *, denominator="sum", floor=_FLOOR):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if denominator == "sum":
        d = np.abs(a) + np.abs(b)
    elif denominator == "max":
        d = np.maximum(np.abs(a), np.abs(b))
    else:
        d = np.ones_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(a - b) / (np.maximum(d, floor) if floor else d)


def _rel(a, b, **options):
    return float(np.max(_entrywise(a, b, **options)))


def _ratio_of_maxima(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(a) + np.abs(b))), _FLOOR))


def _mean_rel(a, b):
    return float(np.mean(_entrywise(a, b)))


def _grad_check(f, grad_f, x, eps=1e-6, tol=1e-4, *, flip=False, absolute=False, flat_index=False):
    analytic = np.asarray(grad_f(x), dtype=np.float64)
    numeric = _central(f, x, eps)
    errors = _entrywise(analytic, numeric, denominator="none" if absolute else "sum")
    flat = int(np.argmax(errors))
    worst = (flat,) if flat_index else tuple(int(i) for i in np.unravel_index(flat, errors.shape))
    m = float(errors.reshape(-1)[flat])
    return {"max_rel_error": m, "ok": bool(m > tol) if flip else bool(m < tol), "worst_index": worst}


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _ce_grad(logits, y, *, mean=True, sign=1, axis=1, stable=True, onehot=True):
    n = logits.shape[0]
    if stable:
        p = _softmax(logits, axis)
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(logits)
            p = e / e.sum(axis=axis, keepdims=True)
    t = np.zeros_like(p)
    if onehot:
        t[np.arange(n), y] = 1
    g = sign * (p - t)
    return (g / n if mean else g).astype(logits.dtype)


MISTAKES = {
    "numerical_gradient": {
        "forward differences (f(x + eps) - f(x)) / eps: first-order accurate, error ~eps instead of ~eps²":
            lambda f, x, eps=1e-6: _central(f, x, eps, forward=True),
        "divided by eps instead of 2·eps: the two points are 2·eps apart, so every entry is twice too big":
            lambda f, x, eps=1e-6: _central(f, x, eps, divisor=1.0),
        "x not restored after nudging an entry: later entries are differentiated at a shifted point":
            lambda f, x, eps=1e-6: _central(f, x, eps, restore=False),
        "the result is all zeros: the nudges went into a copy that f never sees, or the gradient was written "
        "into a copy (x.reshape(-1) copies a non-contiguous array)":
            lambda f, x, eps=1e-6: np.zeros(np.shape(x)),
        "nudged x in float32: a step of 1e-6 is lost in float32's rounding — work on a float64 copy":
            lambda f, x, eps=1e-6: _central(f, x, eps, dtype=_only_float32(x)),
    },
    "relative_error": {
        "no denominator: that is the absolute error max |a - b|": lambda a, b: _rel(a, b, denominator="none"),
        "the ratio of the maxima max|a - b| / max(|a| + |b|) instead of the max of the entrywise ratios":
            _ratio_of_maxima,
        "the mean of the entrywise ratios instead of their max": _mean_rel,
        "denominator max(|a|, |b|) instead of |a| + |b|": lambda a, b: _rel(a, b, denominator="max"),
        "no floor on the denominator: 0/0 gives NaN where both entries are zero": lambda a, b: _rel(a, b, floor=0),
        "the floor is not 1e-12 (np.finfo(float).tiny, say): tiny entries are divided by themselves":
            lambda a, b: _rel(a, b, floor=np.finfo(np.float64).tiny),
    },
    "grad_check": {
        "ok compares the wrong way: it must be True when max_rel_error < tol":
            lambda f, g, x, eps=1e-6, tol=1e-4: _grad_check(f, g, x, eps, tol, flip=True),
        "max_rel_error without the denominator (an absolute error)":
            lambda f, g, x, eps=1e-6, tol=1e-4: _grad_check(f, g, x, eps, tol, absolute=True),
        "worst_index is a flat index: unravel it to an index into x (np.unravel_index)":
            lambda f, g, x, eps=1e-6, tol=1e-4: _grad_check(f, g, x, eps, tol, flat_index=True),
        "eps was not passed on to numerical_gradient":
            lambda f, g, x, eps=1e-6, tol=1e-4: _grad_check(f, g, x, 1e-6, tol),
    },
    "sigmoid_grad": {
        "returned sigmoid(x) itself, not its derivative": lambda x: _sigmoid(x),
        "x·(1 - x): that is the formula in terms of s = sigmoid(x), applied to x itself": lambda x: x * (1 - x),
        "sigmoid(x)·(1 + sigmoid(x)): the sign inside is a minus": lambda x: _sigmoid(x) * (1 + _sigmoid(x)),
        "exp(-x) / (1 + exp(-x))²: exact on paper, but exp(-x) overflows for large negative x (NaN)":
            lambda x: _unstable_sigmoid_grad(x),
    },
    "softmax_cross_entropy_grad": {
        "not divided by N: that is the gradient of the summed loss, not the mean":
            lambda logits, y: _ce_grad(logits, y, mean=False),
        "sign flipped: the gradient is softmax - one-hot, not one-hot - softmax":
            lambda logits, y: _ce_grad(logits, y, sign=-1),
        "softmax over the batch axis (axis 0) instead of over the classes (axis 1)":
            lambda logits, y: _ce_grad(logits, y, axis=0),
        "no max subtraction before exp: large logits overflow to inf and the gradient is NaN":
            lambda logits, y: _ce_grad(logits, y, stable=False),
        "the one-hot labels were not subtracted: that is softmax / N alone":
            lambda logits, y: _ce_grad(logits, y, onehot=False),
    },
}


def _unstable_sigmoid_grad(x):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-x)
        return e / (1 + e) ** 2
