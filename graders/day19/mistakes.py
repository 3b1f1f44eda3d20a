"""Day 19's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _sq(X, Y):
    return np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1)


def _pegasos(X, y, C=1.0, epochs=10, seed=0, *, signed=True, bias=True, shrink_bias=True, step_lambda=True,
             strict=True):
    n, d = X.shape
    s = 2.0 * y - 1.0 if signed else y.astype(np.float64)
    lam = 1.0 / (C * n)
    rng = np.random.default_rng(seed)
    w, b, t = np.zeros(d), 0.0, 0
    for _ in range(epochs):
        for i in rng.permutation(n):
            t += 1
            eta = 1.0 / (lam * t) if step_lambda else 1.0 / t
            margin = s[i] * (X[i] @ w + b)
            w = (1.0 - eta * lam) * w
            if shrink_bias:
                b = (1.0 - eta * lam) * b
            if margin < 1.0 if strict else margin <= 0.0:
                w = w + eta * s[i] * X[i]
                if bias:
                    b = b + eta * s[i]
    return w, float(b)


def _mask(clf, X, y, tol=1e-3, *, signed=True, absolute=False, use_tol=True):
    f = clf.decision_function(X)
    if absolute:
        return np.abs(f) <= 1.0 + (tol if use_tol else 0.0)
    s = 2.0 * np.asarray(y) - 1.0 if signed else np.asarray(y, dtype=np.float64)
    return s * f <= 1.0 + (tol if use_tol else 0.0)


MISTAKES = {
    "rbf_kernel": {
        "gamma times the distance ||x − y||, not the squared distance ||x − y||²":
            lambda X, Y, gamma: np.exp(-gamma * np.sqrt(_sq(X, Y))),
        "distance divided by gamma instead of multiplied: exp(−||x − y||² / gamma)":
            lambda X, Y, gamma: np.exp(-_sq(X, Y) / gamma),
        "the minus sign dropped: exp(+gamma·||x − y||²) grows with distance":
            lambda X, Y, gamma: np.exp(gamma * _sq(X, Y)),
        "a factor 1/2 left from the Gaussian: exp(−gamma·||x − y||² / 2)":
            lambda X, Y, gamma: np.exp(-gamma * _sq(X, Y) / 2),
    },
    "fit_linear_svm": {
        "labels left in {0, 1}: the hinge needs s = 2y − 1 in {−1, +1}, or class 0 never pushes back":
            lambda X, y, C=1.0, epochs=10, seed=0: _pegasos(X, y, C, epochs, seed, signed=False),
        "forgot the bias: b is never updated, so the boundary must pass through the origin":
            lambda X, y, C=1.0, epochs=10, seed=0: _pegasos(X, y, C, epochs, seed, bias=False),
        "the bias is not shrunk by (1 − eta·λ) with w: the recipe treats it as a weight on a constant 1":
            lambda X, y, C=1.0, epochs=10, seed=0: _pegasos(X, y, C, epochs, seed, shrink_bias=False),
        "step size 1/t instead of 1/(λ t)":
            lambda X, y, C=1.0, epochs=10, seed=0: _pegasos(X, y, C, epochs, seed, step_lambda=False),
        "updated only on misclassified points (margin <= 0, the perceptron), not on margin < 1":
            lambda X, y, C=1.0, epochs=10, seed=0: _pegasos(X, y, C, epochs, seed, strict=False),
    },
    "support_vector_mask": {
        "labels left in {0, 1}: with s = y every class-0 point has margin 0 and is flagged":
            lambda clf, X, y, tol=1e-3: _mask(clf, X, y, tol, signed=False),
        "|f(x)| <= 1 instead of the signed margin s·f(x) <= 1: misclassified points far out are missed":
            lambda clf, X, y, tol=1e-3: _mask(clf, X, y, tol, absolute=True),
        "no tolerance: the solver leaves support vectors at margins like 1.0000002, just above 1":
            lambda clf, X, y, tol=1e-3: _mask(clf, X, y, tol, use_tol=False),
    },
}
