"""Day 05's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
A variant only answers where its mistake changes the result (it raises otherwise, and is then
skipped): the naive sigmoid agrees with the right one for |x| < 700, and must not be named for
an answer that is wrong in some other way.
"""

import numpy as np

from course_tools.checks import compare


class _NoDifference(ValueError):
    """This input does not tell the mistake from the right answer."""


def _only_where_it_differs(wrong, right, view=lambda value: value):
    """`wrong`, answering only where `view` of its answer differs from `view` of the right one."""
    def variant(*args, **kwargs):
        got = wrong(*args, **kwargs)
        if compare(view(got), view(right(*args, **kwargs)), check_dtype=False) is None:
            raise _NoDifference
        return got
    return variant


# --- matmul (lists of rows) --------------------------------------------------------------------

def _product(a, b):
    return np.array(a, dtype=float) @ np.array(b, dtype=float)


def _shared_rows(a, b):
    last = _product(a, b)[-1].tolist()
    return [last] * len(a)  # every row is the same list, so it holds what the last row wrote


_MATMUL = {
    "a's indices swapped (a[p][i] instead of a[i][p]): that is aᵀ·b":
        lambda a, b: (np.array(a, dtype=float).T @ np.array(b, dtype=float)).tolist(),
    "b's indices swapped (b[j][p] instead of b[p][j]): that is a·bᵀ":
        lambda a, b: (np.array(a, dtype=float) @ np.array(b, dtype=float).T).tolist(),
    "the result is transposed (out[j][i] filled instead of out[i][j])":
        lambda a, b: _product(a, b).T.tolist(),
    "the running sum is not reset for each entry: out[i][j] adds up the row so far":
        lambda a, b: np.cumsum(_product(a, b), axis=1).tolist(),
    "the running sum is never reset: every entry adds up all the entries before it":
        lambda a, b: np.cumsum(_product(a, b)).reshape(len(a), -1).tolist(),
    "the rows are one list ([[0.0] * m] * n): every row ends up holding the last row's values": _shared_rows,
}


# --- sigmoid -----------------------------------------------------------------------------------

def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(np.signbit(x), e / (1 + e), 1 / (1 + e))


def _sigmoid_naive(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def _sigmoid_ratio(x):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        return e / (1 + e)


def _sigmoid_one_minus(x):
    s = 1 / (1 + np.exp(-np.abs(x)))
    return np.where(x < 0, 1 - s, s)


def _sigmoid_tanh(x):
    return (1 + np.tanh(x / 2)) / 2


_SIGMOID = {
    "1 / (1 + exp(-x)) for every x: exp(-x) overflows to inf below x = -709 (a RuntimeWarning), "
    "and the tiny results there come out as 0": _sigmoid_naive,
    "exp(x) / (1 + exp(x)) for every x: above x = 709 that is inf / inf = NaN": _sigmoid_ratio,
    "negative x computed as 1 - sigmoid(-x): subtracting from a number close to 1 cancels, and small "
    "results lose their digits or become 0": _sigmoid_one_minus,
    "(1 + tanh(x / 2)) / 2: for negative x, 1 + tanh cancels, and small results lose their digits": _sigmoid_tanh,
}


# --- ols_fit -----------------------------------------------------------------------------------

def _ols(X, y, fit_intercept=True):
    if not fit_intercept:
        return np.linalg.lstsq(X, y, rcond=None)[0], 0.0
    xm, ym = X.mean(axis=0), y.mean()
    w = np.linalg.lstsq(X - xm, y - ym, rcond=None)[0]
    return w, float(ym - xm @ w)


def _ols_through_origin(X, y, fit_intercept=True):
    return _ols(X, y, fit_intercept=False)


def _ols_intercept_is_mean_y(X, y, fit_intercept=True):
    w, _ = _ols(X, y, fit_intercept)
    return w, float(y.mean()) if fit_intercept else 0.0


def _ols_intercept_always(X, y, fit_intercept=True):
    return _ols(X, y, fit_intercept=True)


_OLS = {
    "no intercept: the fit is forced through the origin (append a column of ones, or centre X and y)":
        _ols_through_origin,
    "b = mean(y): the intercept must also subtract mean(X, axis=0) @ w": _ols_intercept_is_mean_y,
    "fit_intercept=False ignored: the intercept was fitted anyway": _ols_intercept_always,
}


# --- linreg_gd ---------------------------------------------------------------------------------

def _gd(X, y, mode="batch", *, lr=0.01, epochs=100, batch_size=32, seed=0, two=2.0, average=True,
        shuffle=True, one_permutation=False, loss_after=False, move_b=True, drop_last=False, replacement=False):
    n, d = X.shape
    size = {"batch": n, "minibatch": batch_size, "sgd": 1}[mode]
    rng = np.random.default_rng(seed)
    w, b, history = np.zeros(d), 0.0, []
    fixed = rng.permutation(n) if one_permutation and mode != "batch" else None
    for _ in range(epochs):
        if mode == "batch" or not shuffle:
            order = np.arange(n)
        elif fixed is not None:
            order = fixed
        elif replacement:
            order = rng.integers(0, n, size=n)
        else:
            order = rng.permutation(n)
        for start in range(0, n, size):
            rows = order[start:start + size]
            if drop_last and len(rows) < size:
                continue
            r = X[rows] @ w + b - y[rows]
            if not loss_after:
                history.append(np.mean(r ** 2))
            scale = len(rows) if average else 1
            w = w - lr * two * (X[rows].T @ r) / scale
            if move_b:
                b = b - lr * two * np.sum(r) / scale
            if loss_after:
                history.append(np.mean((X[rows] @ w + b - y[rows]) ** 2))
    return w, float(b), np.array(history)


def _gd_variant(**options):
    return lambda X, y, mode="batch", **kw: _gd(X, y, mode, **kw, **options)


_GD = {
    "the gradient lost the 2 of the square (d/dr r² = 2r): every step is half as long": _gd_variant(two=1.0),
    "the gradient is summed over the batch, not averaged: the step grows with the batch size":
        _gd_variant(average=False),
    "no shuffling: every epoch takes the samples in their stored order": _gd_variant(shuffle=False),
    "one permutation drawn once and reused: draw a new rng.permutation(n) every epoch":
        _gd_variant(one_permutation=True),
    "samples drawn with replacement (rng.integers): an epoch is a permutation, each sample once":
        _gd_variant(replacement=True),
    "the loss is recorded after the step instead of before it": _gd_variant(loss_after=True),
    "the intercept b is never updated": _gd_variant(move_b=False),
    "the last, smaller batch of each epoch is dropped: it must still take a step": _gd_variant(drop_last=True),
}


def _value_and_log(s):
    """A sigmoid's values and their logs: tiny values are judged by their relative error too."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return s, np.log(s)


def _checked(variants, right, view=lambda value: value):
    return {name: _only_where_it_differs(wrong, right, view) for name, wrong in variants.items()}


MISTAKES = {
    "matmul": _checked(_MATMUL, lambda a, b: _product(a, b).tolist()),
    "sigmoid": _checked(_SIGMOID, _sigmoid, _value_and_log),
    "ols_fit": _checked(_OLS, _ols),
    "linreg_gd": _checked(_GD, _gd),
}
