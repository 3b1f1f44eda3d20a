"""Day 25's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names it.
"""

import numpy as np


def _rates(y_pred, group, *, counts=False):
    y_pred, group = np.asarray(y_pred).astype(np.float64), np.asarray(group)
    agg = np.sum if counts else np.mean
    return {g.item(): float(agg(y_pred[group == g])) for g in np.unique(group)}


def _tprs(y_true, y_pred, group, *, rate="tpr", empty_as_zero=False):
    y_true, y_pred, group = np.asarray(y_true).astype(bool), np.asarray(y_pred).astype(bool), np.asarray(group)
    out = []
    for g in np.unique(group):
        in_g = group == g
        base = {"tpr": in_g & y_true, "fpr": in_g & ~y_true, "precision": in_g & y_pred, "all": in_g}[rate]
        if not base.any():
            if empty_as_zero:
                out.append(0.0)
            continue
        hits = base & (y_pred if rate != "precision" else y_true)
        out.append(np.count_nonzero(hits) / np.count_nonzero(base))
    return float(max(out) - min(out))


def _signed(y_pred, group):
    rates = list(_rates(y_pred, group).values())
    return float(rates[0] - rates[-1])


def _di_inverted(y_pred, group):
    rates = list(_rates(y_pred, group).values())
    return float(max(rates) / min(rates)) if min(rates) > 0 else float("inf")


def _di_nan(y_pred, group):
    rates = list(_rates(y_pred, group).values())
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.float64(min(rates)) / np.float64(max(rates)))


def _weights(y, group, *, kind="right"):
    y, group = np.asarray(y), np.asarray(group)
    n = y.shape[0]
    w = np.empty(n)
    for g in np.unique(group):
        for c in np.unique(y):
            cell = (group == g) & (y == c)
            if not cell.any():
                continue
            n_g, n_c, n_gc = np.count_nonzero(group == g), np.count_nonzero(y == c), np.count_nonzero(cell)
            w[cell] = {"right": n_g * n_c / (n * n_gc), "inverted": n * n_gc / (n_g * n_c),
                       "no_n": n_g * n_c / n_gc, "inverse_frequency": n / n_gc,
                       "sum_to_one": n_g * n_c / (n * n_gc) / n}[kind]
    return w


MISTAKES = {
    "selection_rates": {
        "counts of positive predictions, not rates: divide by the group's size": lambda y_pred, group: _rates(
            y_pred, group, counts=True),
    },
    "demographic_parity_diff": {
        "a signed difference between the first and last group: use max − min, which does not depend on the "
        "order of the groups": _signed,
    },
    "disparate_impact": {
        "largest rate over smallest (inverted): the ratio is min / max, at most 1": _di_inverted,
        "0 / 0 left as NaN when nobody is selected: every group is treated alike, so the ratio is 1.0": _di_nan,
    },
    "equal_opportunity_diff": {
        "false-positive rates compared (P(ŷ=1 | y=0)): equal opportunity compares true-positive rates":
            lambda t, p, g: _tprs(t, p, g, rate="fpr"),
        "selection rates over everyone compared: that is demographic parity; condition on y_true = 1":
            lambda t, p, g: _tprs(t, p, g, rate="all"),
        "precision compared (P(y=1 | ŷ=1)): the true-positive rate is P(ŷ=1 | y=1)":
            lambda t, p, g: _tprs(t, p, g, rate="precision"),
        "a group with no y=1 member counted with rate 0: it has no true-positive rate — leave it out":
            lambda t, p, g: _tprs(t, p, g, empty_as_zero=True),
    },
    "reweighing_weights": {
        "inverted: P(g, c) / (P(g) P(c)) — that makes the biased cells heavier": lambda y, g: _weights(
            y, g, kind="inverted"),
        "n_g · n_c / n_gc without dividing by N: the weights must sum to N": lambda y, g: _weights(y, g, kind="no_n"),
        "inverse cell frequency N / n_gc: that balances the cells, it does not make label and group independent":
            lambda y, g: _weights(y, g, kind="inverse_frequency"),
        "normalised to sum to 1: Kamiran–Calders weights are n_g·n_c / (N·n_gc), about 1 each": lambda y, g: _weights(
            y, g, kind="sum_to_one"),
    },
}
