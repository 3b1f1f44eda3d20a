"""Day 23's classic mistakes for the functions graded against the reference (double_descent_curve).

The leak (a preprocessor fitted on all rows) and unstratified or unseeded folds are named by the
graders' own messages in test_pipeline.py: their wrong answers are not one fixed value.
"""

import numpy as np


def _curve(X, y, widths, n_train, seed=0, *, fresh_w=False, relu=True):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((X.shape[1], max(widths)))
    out = []
    for p in widths:
        Wp = rng.standard_normal((X.shape[1], p)) if fresh_w else W[:, :p]
        phi = X @ Wp
        if relu:
            phi = np.maximum(phi, 0.0)
        beta = np.linalg.pinv(phi[:n_train]) @ y[:n_train]
        out.append(np.mean((phi[n_train:] @ beta - y[n_train:]) ** 2))
    return np.asarray(out)


def _train_error(X, y, widths, n_train, seed=0):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((X.shape[1], max(widths)))
    out = []
    for p in widths:
        phi = np.maximum(X @ W[:, :p], 0.0)
        beta = np.linalg.pinv(phi[:n_train]) @ y[:n_train]
        out.append(np.mean((phi[:n_train] @ beta - y[:n_train]) ** 2))
    return np.asarray(out)


MISTAKES = {"double_descent_curve": {
    "a fresh W drawn for every width: draw W once, (D, max(widths)), and take its first p columns":
        lambda X, y, widths, n_train, seed=0: _curve(X, y, widths, n_train, seed, fresh_w=True),
    "no ReLU: max(X @ W, 0) is what makes the features non-linear":
        lambda X, y, widths, n_train, seed=0: _curve(X, y, widths, n_train, seed, relu=False),
    "the error measured on the training rows, not the test rows": _train_error,
}}
