"""Day 16's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _impurity(y, criterion="gini", *, log=np.log2, square=True):
    if len(y) == 0:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    if criterion == "gini":
        return float(1.0 - np.sum(p * p if square else p))
    return float(-np.sum(p * log(p)))


def _best_split(X, y, criterion="gini", *, weighted=True, place="mid", last_tie=False, log=np.log2):
    """The reference's search, written plainly, with one thing changed."""
    n, d = X.shape
    parent = _impurity(y, criterion, log=log)
    candidates = []
    for f in range(d):
        values = np.unique(X[:, f])
        for lo, hi in zip(values[:-1], values[1:]):
            t = {"mid": (lo + hi) / 2, "low": lo, "high": hi}[place]
            left = X[:, f] <= (lo + hi) / 2
            i_l, i_r = _impurity(y[left], criterion, log=log), _impurity(y[~left], criterion, log=log)
            w_l = left.mean() if weighted else 0.5
            candidates.append((parent - w_l * i_l - (1 - w_l) * i_r, f, float(t)))
    if not candidates:
        return None
    top = max(g for g, _, _ in candidates)
    tied = [c for c in candidates if c[0] >= top - 1e-12]
    gain, f, t = tied[-1] if last_tie else tied[0]
    return int(f), t, float(gain)


def _build(X, y, max_depth=3, min_samples_split=2, criterion="gini", *, depth_shift=0, split=_best_split):
    k = int(np.max(y)) + 1

    def grow(rows, depth):
        counts = np.bincount(y[rows], minlength=k).astype(np.int64)
        node = {"counts": counts, "impurity": _impurity(y[rows], criterion), "prediction": int(np.argmax(counts))}
        if depth + depth_shift >= max_depth or len(rows) < min_samples_split or node["impurity"] == 0:
            return node
        found = split(X[rows], y[rows], criterion)
        if found is None:
            return node
        f, t, _ = found
        left = X[rows, f] <= t
        node.update(feature=f, threshold=t, left=grow(rows[left], depth + 1), right=grow(rows[~left], depth + 1))
        return node

    return grow(np.arange(len(y)), 0)


def _importances(tree, n_features, *, weighted=True, normalise=True):
    total = np.zeros(n_features)
    stack = [tree]
    while stack:
        node = stack.pop()
        if "feature" not in node:
            continue
        n = (lambda m: np.sum(m["counts"])) if weighted else (lambda m: 1.0)
        total[node["feature"]] += (n(node) * node["impurity"] - n(node["left"]) * node["left"]["impurity"]
                                   - n(node["right"]) * node["right"]["impurity"])
        stack += [node["left"], node["right"]]
    return total / total.sum() if normalise and total.sum() > 0 else total


MISTAKES = {
    "impurity": {
        "entropy in nats (natural log) instead of bits (log2): a 50/50 node should be 1.0, not 0.693":
            lambda y, criterion="gini": _impurity(y, criterion, log=np.log),
        "entropy with log10 instead of log2": lambda y, criterion="gini": _impurity(y, criterion, log=np.log10),
    },
    "best_split": {
        "children's impurities averaged (½ each) instead of weighted by their sizes |L|/N and |R|/N":
            lambda X, y, criterion="gini": _best_split(X, y, criterion, weighted=False),
        "threshold at the data value left of the cut instead of the midpoint between neighbouring values":
            lambda X, y, criterion="gini": _best_split(X, y, criterion, place="low"),
        "threshold at the data value right of the cut instead of the midpoint between neighbouring values":
            lambda X, y, criterion="gini": _best_split(X, y, criterion, place="high"),
        "ties broken towards the last candidate: take the lowest feature, then the lowest threshold":
            lambda X, y, criterion="gini": _best_split(X, y, criterion, last_tie=True),
        "entropy in nats instead of bits: the split is right, its gain is ln 2 ≈ 0.69 times too small":
            lambda X, y, criterion="gini": _best_split(X, y, criterion, log=np.log),
    },
    "build_tree": {
        "one level too shallow: the root is at depth 0, and max_depth counts the splits on a path":
            lambda X, y, max_depth=3, min_samples_split=2, criterion="gini":
                _build(X, y, max_depth, min_samples_split, criterion, depth_shift=1),
        "one level too deep: stop when depth == max_depth (the root is at depth 0)":
            lambda X, y, max_depth=3, min_samples_split=2, criterion="gini":
                _build(X, y, max_depth, min_samples_split, criterion, depth_shift=-1),
        "children's impurities averaged instead of weighted by their sizes: other splits get chosen":
            lambda X, y, max_depth=3, min_samples_split=2, criterion="gini":
                _build(X, y, max_depth, min_samples_split, criterion,
                       split=lambda X, y, c: _best_split(X, y, c, weighted=False)),
    },
    "feature_importances": {
        "impurity decreases not weighted by the rows reaching each node":
            lambda tree, n_features: _importances(tree, n_features, weighted=False),
        "not normalised to sum to 1": lambda tree, n_features: _importances(tree, n_features, normalise=False),
    },
}
