"""Day 15's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _sq(A, B, clip=True):
    D = np.sum(A * A, axis=1)[:, None] + np.sum(B * B, axis=1)[None, :] - 2.0 * (A @ B.T)
    return np.maximum(D, 0.0) if clip else D


def _dist(A, B, metric="euclidean"):
    if callable(metric):
        return np.asarray(metric(A, B), dtype=np.float64)
    if metric == "manhattan":
        return np.abs(A[:, None, :] - B[None, :, :]).sum(axis=2)
    return np.sqrt(_sq(A, B))


def _vote(labels, lowest=True):
    counts = np.stack([(labels == c).sum(axis=1) for c in range(int(labels.max()) + 1)], axis=1)
    if lowest:
        return np.argmax(counts, axis=1).astype(np.int64)
    return (counts.shape[1] - 1 - np.argmax(counts[:, ::-1], axis=1)).astype(np.int64)


def _predict(X_train, y_train, X, k=5, metric="euclidean", *, lowest=True, kind="stable", extra=0, self_out=None):
    D = _dist(X, X_train, metric)
    if self_out is not None:
        np.fill_diagonal(D, np.inf)
    nearest = np.argsort(D, axis=1, kind=kind)[:, :k + extra]
    return _vote(np.asarray(y_train)[nearest], lowest)


def _last_index_first(X_train, y_train, X, k=5, metric="euclidean"):
    D = _dist(X, X_train, metric)[:, ::-1]  # among equal distances the LAST training point first
    nearest = D.shape[1] - 1 - np.argsort(D, axis=1, kind="stable")[:, :k]
    return _vote(np.asarray(y_train)[nearest])


MISTAKES = {
    "pairwise_sq_dists": {
        "the square root was taken: these are distances, the function returns SQUARED distances":
            lambda A, B: np.sqrt(_sq(A, B)),
        "the cross term lost its factor 2: ‖a - b‖² = ‖a‖² + ‖b‖² - 2a·b": lambda A, B: np.maximum(
            np.sum(A * A, axis=1)[:, None] + np.sum(B * B, axis=1)[None, :] - A @ B.T, 0.0),
        "the result is (n, m), transposed: rows are A's points, columns B's": lambda A, B: _sq(B, A),
    },
    "vote": {
        "a tied vote went to the highest label: the lowest of the tied labels wins":
            lambda labels: _vote(labels, lowest=False),
    },
    "knn_predict": {
        "a tied vote went to the highest label: the lowest of the tied labels wins":
            lambda *a, **kw: _predict(*a, **kw, lowest=False),
        "equal distances taken from the end of the training set: ties go to the LOWEST training index "
        "(a stable argsort)": _last_index_first,
        "k + 1 neighbours vote: take the first k of the sorted order": lambda *a, **kw: _predict(*a, **kw, extra=1),
    },
    "loo_predict": {
        "each point counted as its own neighbour (distance 0 to itself): leave it out of its own vote":
            lambda X, y, k=5, metric="euclidean": _predict(X, y, X, k, metric),
        "a tied vote went to the highest label: the lowest of the tied labels wins":
            lambda X, y, k=5, metric="euclidean": _predict(X, y, X, k, metric, self_out=True, lowest=False),
    },
}
