"""Day 09's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
A sigmoid variant only answers where its mistake changes the result (it raises otherwise, and is
then skipped): the naive sigmoid agrees with the stable one for |z| < 709.
"""

import numpy as np

from course_tools.checks import compare


class _NoDifference(ValueError):
    """This input does not tell the mistake from the right answer."""


def _only_where_it_differs(wrong, right, view=lambda value: value):
    def variant(*args, **kwargs):
        got = wrong(*args, **kwargs)
        if compare(view(got), view(right(*args, **kwargs)), check_dtype=False) is None:
            raise _NoDifference
        return got
    return variant


def _value_and_log(p):
    """Probabilities and their logs: tiny probabilities are judged by their relative error too."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return p, np.log(p)


# --- predict_proba -------------------------------------------------------------------------------

def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _proba(w, b, X):
    return _sigmoid(X @ w + b)


def _proba_naive(w, b, X):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-(X @ w + b)))


def _proba_ratio(w, b, X):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(X @ w + b)
        return e / (1 + e)


def _proba_no_intercept(w, b, X):
    return _sigmoid(X @ w)


_PROBA = {
    "1 / (1 + exp(-z)) for every z: exp(-z) overflows below z = -709 (a RuntimeWarning) and tiny "
    "probabilities come out as 0": _proba_naive,
    "exp(z) / (1 + exp(z)) for every z: above z = 709 that is inf / inf = NaN": _proba_ratio,
    "the intercept b was left out of the score: z = X @ w + b": _proba_no_intercept,
}


# --- log_loss --------------------------------------------------------------------------------------

def _loss(y, p, eps=1e-15, *, clip=True, reduce=np.mean, log=np.log, sign=-1.0):
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    if clip:
        p = np.clip(p, eps, 1 - eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(sign * reduce(y * log(p) + (1 - y) * log(1 - p)))


_LOG_LOSS = {
    "no clipping: log(0) = -inf when a probability is exactly 0 or 1 (clip p to [eps, 1 - eps])":
        lambda y, p, eps=1e-15: _loss(y, p, eps, clip=False),
    "eps ignored: the probabilities were clipped with a fixed constant instead of the eps asked for":
        lambda y, p, eps=1e-15: _loss(y, p, 1e-15),
    "summed over the samples instead of averaged": lambda y, p, eps=1e-15: _loss(y, p, eps, reduce=np.sum),
    "log base 2 instead of the natural log": lambda y, p, eps=1e-15: _loss(y, p, eps, log=np.log2),
    "the minus sign is missing: the loss must be positive": lambda y, p, eps=1e-15: _loss(y, p, eps, sign=1.0),
}


# --- logreg_grad and fit_logreg -------------------------------------------------------------------

def _grad(w, b, X, y, l2=0.0, *, average=True, penalise_b=False, l2_factor=1.0, sign=1.0):
    r = sign * (_proba(w, b, X) - y)
    n = X.shape[0] if average else 1
    gw = X.T @ r / n + l2_factor * l2 * w
    gb = float(np.sum(r) / n + (l2 * b if penalise_b else 0.0))
    return gw, gb


_GRAD_VARIANTS = {
    "the gradient is summed over the samples, not divided by n: the loss is a mean, so its gradient is one too":
        dict(average=False),
    "the intercept is penalised too: the L2 term is on w only, so grad_b gets no l2 * b": dict(penalise_b=True),
    "the L2 gradient is 2 * l2 * w: the penalty is (l2 / 2) * sum(w ** 2), whose gradient is l2 * w":
        dict(l2_factor=2.0),
    "the gradient has the wrong sign: it is X.T @ (p - y) / n, not X.T @ (y - p) / n": dict(sign=-1.0),
}


def _fit(X, y, lr, steps, l2=0.0, **options):
    w, b = np.zeros(X.shape[1]), 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            gw, gb = _grad(w, b, X, y, l2, **options)
            w, b = w - lr * gw, b - lr * gb
    return w, float(b)


def _fit_without_intercept(X, y, lr, steps, l2=0.0):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        w = w - lr * _grad(w, 0.0, X, y, l2)[0]
    return w, b


def _grad_variant(**options):
    return lambda w, b, X, y, l2=0.0: _grad(w, b, X, y, l2, **options)


def _fit_variant(**options):
    return lambda X, y, lr, steps, l2=0.0: _fit(X, y, lr, steps, l2, **options)


# --- roc_curve -------------------------------------------------------------------------------------

def _roc(y, scores, *, merge_ties=True, lead=True):
    y, s = np.asarray(y, dtype=float), np.asarray(scores, dtype=float)
    order = np.argsort(-s, kind="stable")
    s, t = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s) != 0), s.size - 1] if merge_ties else np.arange(s.size)
    tps, fps = np.cumsum(t)[last], np.cumsum(1 - t)[last]
    fpr, tpr, thr = fps / fps[-1], tps / tps[-1], s[last]
    if lead:
        fpr, tpr, thr = np.r_[0.0, fpr], np.r_[0.0, tpr], np.r_[np.inf, thr]
    return fpr, tpr, thr


_ROC = {
    "tied scores were given one point each: samples with equal scores must share a single point":
        lambda y, s: _roc(y, s, merge_ties=False),
    "the first point (fpr 0, tpr 0, threshold +inf) is missing": lambda y, s: _roc(y, s, lead=False),
}


# --- softmax_regression ------------------------------------------------------------------------------

def _softmax_fit(X, y, lr, steps, *, stable=True):
    n, d = X.shape
    k = int(np.max(y)) + 1
    onehot = np.eye(k)[y]
    W, b = np.zeros((d, k)), np.zeros(k)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            s = X @ W + b
            e = np.exp(s - s.max(axis=1, keepdims=True) if stable else s)
            r = e / e.sum(axis=1, keepdims=True) - onehot
            W, b = W - lr * X.T @ r / n, b - lr * r.mean(axis=0)
    return W, b


MISTAKES = {
    "predict_proba": {name: _only_where_it_differs(fn, _proba, _value_and_log) for name, fn in _PROBA.items()},
    "log_loss": {name: _only_where_it_differs(fn, _loss) for name, fn in _LOG_LOSS.items()},
    "logreg_grad": {name: _grad_variant(**opts) for name, opts in _GRAD_VARIANTS.items()},
    "fit_logreg": {**{name: _fit_variant(**opts) for name, opts in _GRAD_VARIANTS.items()},
                   "no intercept: b is never moved from 0": _fit_without_intercept},
    "roc_curve": _ROC,
    "softmax_regression": {
        "no max subtraction before exp: large scores overflow to inf and the weights become NaN":
            lambda X, y, lr, steps: _softmax_fit(X, y, lr, steps, stable=False)},
}
