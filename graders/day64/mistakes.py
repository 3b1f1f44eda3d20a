"""Day 64's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _sq(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)


def _top(scores, k):
    idx = np.argsort(scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(scores, idx, axis=1), idx.astype(np.int64)


def _flat_sqrt(xb, xq, k, metric="l2"):
    if metric == "ip":
        vals, ids = _top(-(xq @ xb.T), k)
        return -vals, ids
    vals, ids = _top(_sq(xq, xb), k)
    return np.sqrt(vals), ids


def _flat_ip_ascending(xb, xq, k, metric="l2"):
    if metric == "ip":
        return _top(xq @ xb.T, k)
    return _top(_sq(xq, xb), k)


def _recall_positional(found, truth, k):
    return float(np.mean(np.asarray(found)[:, :k] == np.asarray(truth)[:, :k]))


def _recall_over_found(found, truth, k):
    found = np.asarray(found)
    hits = [len(np.intersect1d(f[:k], t[:k])) for f, t in zip(found, truth)]
    return float(np.mean([h / max(1, int((f[:k] >= 0).sum())) for h, f in zip(hits, found)]))


def _kmeans(x, n_clusters, n_iter=10, seed=0, *, empty=None):
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), n_clusters, replace=False)].astype(np.float64)
    for _ in range(n_iter):
        assign = np.argmin(_sq(x, cent), axis=1)
        for j in range(n_clusters):
            members = x[assign == j]
            if len(members):
                cent[j] = members.mean(axis=0)
            elif empty is not None:
                cent[j] = empty
    return cent


MISTAKES = {
    "flat_search": {
        "distances are Euclidean (square-rooted): the index reports SQUARED distances": _flat_sqrt,
        "metric 'ip' sorted ascending: the best inner products are the LARGEST": _flat_ip_ascending,
    },
    "recall_at_k": {
        "compared position by position: recall counts the true ids found anywhere in the first k":
            _recall_positional,
        "divided by the ids returned instead of by k": _recall_over_found,
    },
    "kmeans": {
        "an empty cluster's centroid became the mean of no rows (NaN): it must stay where it was":
            lambda x, n_clusters, n_iter=10, seed=0: _kmeans(x, n_clusters, n_iter, seed, empty=np.nan),
        "an empty cluster's centroid was reset to 0 instead of staying where it was":
            lambda x, n_clusters, n_iter=10, seed=0: _kmeans(x, n_clusters, n_iter, seed, empty=0.0),
    },
}
