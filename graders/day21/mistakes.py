"""Day 21's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import warnings

import numpy as np


def _d2(X, C):
    return np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)


def _lloyd(X, k, init="k-means++", seed=0, max_iter=300, *, inertia_mean=False, empty_nan=False):
    if isinstance(init, str):
        raise ValueError("only the given-centres cases are diagnosed")
    centres = np.array(init, dtype=np.float64)
    labels = None
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the mean of an empty slice
        for _ in range(max_iter):
            new = np.argmin(_d2(X, centres), axis=1)  # a NaN centre wins every argmin, as in the naive code
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            for c in range(k):
                members = X[labels == c]
                if len(members) or empty_nan:
                    centres[c] = members.mean(axis=0)
        d2 = _d2(X, centres)
        labels = np.argmin(d2, axis=1)
        total = float(np.sum(d2[np.arange(len(X)), labels]))
    return centres, labels.astype(np.int64), total / len(X) if inertia_mean else total


def _silhouette(X, labels, *, own_in_mean=False, squared=False):
    labels = np.asarray(labels)
    names, idx = np.unique(labels, return_inverse=True)
    n = len(X)
    d = _d2(X, X) if squared else np.sqrt(np.maximum(_d2(X, X), 0.0))
    onehot = idx[:, None] == np.arange(len(names))
    sizes = onehot.sum(axis=0)
    sums = d @ onehot
    own = sizes[idx]
    a = sums[np.arange(n), idx] / (own if own_in_mean else np.maximum(own - 1, 1))
    b = np.where(onehot, np.inf, sums / sizes).min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(np.mean(s))


MISTAKES = {
    "kmeans": {
        "inertia as the MEAN squared distance: it is the sum over all points":
            lambda X, k, init="k-means++", seed=0, max_iter=300: _lloyd(X, k, init, seed, max_iter, inertia_mean=True),
        "an empty cluster's centre became NaN (the mean of no points): keep it where it was":
            lambda X, k, init="k-means++", seed=0, max_iter=300: _lloyd(X, k, init, seed, max_iter, empty_nan=True),
    },
    "silhouette_score": {
        "the point was counted in its own cluster's mean distance: a_i divides by (size − 1), leaving i out":
            lambda X, labels: _silhouette(X, labels, own_in_mean=True),
        "squared distances: the silhouette uses plain Euclidean distances":
            lambda X, labels: _silhouette(X, labels, squared=True),
    },
}
