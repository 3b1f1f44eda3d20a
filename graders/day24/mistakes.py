"""Day 24's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

from math import comb, factorial

import numpy as np


def _values(f, x, background):
    d = len(x)
    masks = (np.arange(2 ** d)[:, None] >> np.arange(d)) & 1 == 1
    batch = np.where(masks[:, None, :], x, background[None, :, :])
    return np.asarray(f(batch.reshape(-1, d)), dtype=np.float64).reshape(2 ** d, len(background)).mean(axis=1)


def _shapley(f, x, background, *, weight, skip_empty=False, values=_values):
    d = len(x)
    v = values(f, x, background)
    phi = np.zeros(d)
    for i in range(d):
        for m in range(2 ** d):
            if (m >> i) & 1 or (skip_empty and m == 0):
                continue
            phi[i] += weight(bin(m).count("1"), d) * (v[m | (1 << i)] - v[m])
    return phi


def _right(s, d):
    return factorial(s) * factorial(d - s - 1) / factorial(d)


def _mean_row_values(f, x, background):
    """v(S) from the background's mean row alone: f(mean) is not mean f for a nonlinear f."""
    return _values(f, x, background.mean(axis=0, keepdims=True))


MISTAKES = {
    "exact_shapley": {
        "coalition weight |S|!(D − |S|)!/D! instead of |S|!(D − |S| − 1)!/D!":
            lambda f, x, background: _shapley(f, x, background, weight=lambda s, d: factorial(s) * factorial(d - s)
                                               / factorial(d)),
        "every coalition weighted the same, 1/2^(D−1) (that is the Banzhaf value, not Shapley's)":
            lambda f, x, background: _shapley(f, x, background, weight=lambda s, d: 1 / 2 ** (d - 1)),
        "coalition weight 1/C(D − 1, |S|), without the 1/D in front":
            lambda f, x, background: _shapley(f, x, background, weight=lambda s, d: 1 / comb(d - 1, s)),
        "the empty coalition was left out: the sum runs over every S without i, ∅ included":
            lambda f, x, background: _shapley(f, x, background, weight=_right, skip_empty=True),
        "a single background row (the mean row) instead of the mean of f over all background rows":
            lambda f, x, background: _shapley(f, x, background, weight=_right, values=_mean_row_values),
    },
    "coalition_values": {
        "f of the mean background row instead of the mean of f over the background rows": _mean_row_values,
        "features in S took the background's values and the others x's (the roles swapped)":
            lambda f, x, background: _values(f, x, background)[::-1].copy(),
    },
    "top_features": {
        "sorted by signed value, not by absolute value":
            lambda phi, names, k: [(names[i], float(phi[i])) for i in np.argsort(-phi, kind="stable")[:k]],
        "sorted from smallest to largest |value|":
            lambda phi, names, k: [(names[i], float(phi[i])) for i in np.argsort(np.abs(phi), kind="stable")[:k]],
    },
}


def _pd_first_row(model, X, j, grid):
    out = []
    for g in grid:
        row = X[:1].copy()
        row[:, j] = g
        out.append(float(model.predict(row)[0]))
    return np.array(out)


def _pd_predict_of_mean(model, X, j, grid):
    out = []
    for g in grid:
        row = X.mean(axis=0, keepdims=True)
        row[:, j] = g
        out.append(float(model.predict(row)[0]))
    return np.array(out)


MISTAKES["partial_dependence_1d"] = {
    "the prediction at the mean row with feature j set, instead of the mean prediction over all rows":
        _pd_predict_of_mean,
    "one row only (X[0]) instead of the average over every row of X": _pd_first_row,
}
