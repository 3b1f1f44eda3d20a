"""Day 68's classic mistakes, each written as the wrong function a learner would write."""

import numpy as np


def _per_class(y, yhat, n_classes):
    f1, support, present = np.zeros(n_classes), np.zeros(n_classes), np.zeros(n_classes, dtype=bool)
    for c in range(n_classes):
        tp = np.sum((y == c) & (yhat == c))
        denom = np.sum(y == c) + np.sum(yhat == c)
        f1[c] = 2 * tp / denom if denom else 0.0
        support[c], present[c] = np.sum(y == c), denom > 0
    return f1, support, present


def _bins(probs, labels, n_bins, weighted=True, true_class=False):
    conf = probs[np.arange(len(labels)), labels] if true_class else probs.max(1)
    correct = (probs.argmax(1) == labels).astype(float)
    b = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)
    gaps, weights = [], []
    for k in range(n_bins):
        inside = b == k
        if inside.any():
            gaps.append(abs(correct[inside].mean() - conf[inside].mean()))
            weights.append(inside.mean())
    return float(np.dot(gaps, weights)) if weighted else float(np.mean(gaps))


def _best_t(logits, labels):
    """The exact minimiser, by bisection on the NLL's slope in log T."""
    rows = np.arange(len(labels))

    def slope(s):
        z = logits / np.exp(s)
        z = z - z.max(1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
        return np.mean(z[rows, labels] - (p * z).sum(1))
    lo, hi = np.log(0.05), np.log(20.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
    return float(np.exp((lo + hi) / 2))


MISTAKES = {
    "macro_f1": {
        "accuracy (micro-F1) instead of the mean of per-class F1": lambda y, yhat, n: float(np.mean(y == yhat)),
        "F1 weighted by class support instead of a plain mean over classes":
            lambda y, yhat, n: float(np.average(_per_class(y, yhat, n)[0], weights=_per_class(y, yhat, n)[1])),
        "mean over the classes that occur only: an absent class counts 0 and still divides":
            lambda y, yhat, n: float(_per_class(y, yhat, n)[0][_per_class(y, yhat, n)[2]].mean()),
    },
    "ece": {
        "a plain mean of the bins' gaps: weight each bin by its share of the examples n_b / N":
            lambda p, y, n_bins=15: _bins(p, y, n_bins, weighted=False),
        "confidence taken as the true class's probability, not the largest probability":
            lambda p, y, n_bins=15: _bins(p, y, n_bins, true_class=True),
    },
    "temperature_scale": {
        "logits multiplied by T instead of divided (this is 1/T)": lambda z, y: 1.0 / _best_t(z, y),
    },
}
