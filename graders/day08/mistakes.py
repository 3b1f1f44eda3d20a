"""Day 08's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
Every variant here is O(N log N) or better: they also run on the 100 000-sample throughput input.
"""

import numpy as np


def _cells(y_true, y_pred, pos_label=1):
    actual, predicted = np.asarray(y_true) == pos_label, np.asarray(y_pred) == pos_label
    return (int(np.sum(actual & predicted)), int(np.sum(predicted & ~actual)),
            int(np.sum(actual & ~predicted)), int(np.sum(~actual & ~predicted)))


def _ratio(num, den):
    return num / den if den else 0.0


def _nan_ratio(num, den):
    return num / den if den else float("nan")


def _precision(y_true, y_pred, pos_label=1, *, ratio=_ratio):
    tp, fp, _, _ = _cells(y_true, y_pred, pos_label)
    return ratio(tp, tp + fp)


def _recall(y_true, y_pred, pos_label=1, *, ratio=_ratio):
    tp, _, fn, _ = _cells(y_true, y_pred, pos_label)
    return ratio(tp, tp + fn)


def _integer(num, den):
    return num // den if den else 0


def _ignores_pos_label(fn):
    return lambda y_true, y_pred, pos_label=1: fn(y_true, y_pred, 1)


_POS_LABEL = "pos_label ignored: the positive class was taken to be 1 instead of the pos_label asked for"
_NAN = "0/0 left as NaN: when the denominator is 0 the metric is defined as 0.0 here (sklearn's zero_division=0)"


def _f1(y_true, y_pred, pos_label=1):
    tp, fp, fn, _ = _cells(y_true, y_pred, pos_label)
    return _ratio(2 * tp, 2 * tp + fp + fn)


def _f1_arithmetic(y_true, y_pred, pos_label=1):
    return (_precision(y_true, y_pred, pos_label) + _recall(y_true, y_pred, pos_label)) / 2


def _f1_nan(y_true, y_pred, pos_label=1):
    p, r = _precision(y_true, y_pred, pos_label, ratio=_nan_ratio), _recall(y_true, y_pred, pos_label, ratio=_nan_ratio)
    return 2 * p * r / (p + r) if p + r else float("nan")


def _f1_integer(y_true, y_pred, pos_label=1):
    tp, fp, fn, _ = _cells(y_true, y_pred, pos_label)
    return _integer(2 * tp, 2 * tp + fp + fn)


# --- accuracy -----------------------------------------------------------------------------------

def _right(y_true, y_pred):
    return np.asarray(y_true) == np.asarray(y_pred)


def _accuracy_elementwise(y_true, y_pred):
    return float(np.mean(_right(y_true, y_pred)))


def _accuracy_wrong_axis(y_true, y_pred):
    right = _right(y_true, y_pred)
    return float(np.mean(right.all(axis=0))) if right.ndim == 2 else float(np.mean(right))


def _accuracy_integer(y_true, y_pred):
    right = _right(y_true, y_pred)
    right = right.all(axis=1) if right.ndim == 2 else right
    return int(np.sum(right)) // right.shape[0]


# --- roc_auc ------------------------------------------------------------------------------------

def _split(y_true, y_score, pos_label):
    positive = np.asarray(y_true) == pos_label
    scores = np.asarray(y_score, dtype=np.float64)
    if positive.all() or not positive.any():
        raise ValueError("one class: these variants name nothing here")
    return positive, scores


def _pair_counts(y_true, y_score, pos_label=1):
    """(pairs the positive wins, pairs tied, all pairs), by binary search: O(N log N)."""
    positive, scores = _split(y_true, y_score, pos_label)
    negatives = np.sort(scores[~positive])
    below = np.searchsorted(negatives, scores[positive], side="left")
    up_to = np.searchsorted(negatives, scores[positive], side="right")
    return int(below.sum()), int((up_to - below).sum()), int(positive.sum()) * int((~positive).sum())


def _auc_ties_lose(y_true, y_score, pos_label=1):
    wins, _, pairs = _pair_counts(y_true, y_score, pos_label)
    return wins / pairs


def _auc_ties_win(y_true, y_score, pos_label=1):
    wins, ties, pairs = _pair_counts(y_true, y_score, pos_label)
    return (wins + ties) / pairs


def _auc_from_ranks(y_true, y_score, pos_label=1, *, ordinal=False, start=1, correct=True):
    positive, scores = _split(y_true, y_score, pos_label)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if ordinal:  # ties broken by position, as a double argsort does
        ranks = np.empty(scores.size)
        ranks[np.argsort(scores, kind="stable")] = np.arange(scores.size) + start
    else:
        _, group, counts = np.unique(scores, return_inverse=True, return_counts=True)
        ranks = (np.cumsum(counts) - (counts - 1) / 2 - 1 + start)[group.reshape(-1)]
    rank_sum = ranks[positive].sum()
    return float((rank_sum - (n_pos * (n_pos + 1) / 2 if correct else 0)) / (n_pos * n_neg))


def _auc_flipped(y_true, y_score, pos_label=1):
    return 1.0 - _auc_from_ranks(y_true, y_score, pos_label)


MISTAKES = {
    "confusion_counts": {
        "fp and fn swapped: a false positive is PREDICTED positive but actually negative":
            lambda y_true, y_pred, pos_label=1: (lambda c: (c[0], c[2], c[1], c[3]))(_cells(y_true, y_pred, pos_label)),
        "cells in sklearn's confusion_matrix(...).ravel() order (tn, fp, fn, tp): this function returns "
        "(tp, fp, fn, tn)": lambda y_true, y_pred, pos_label=1: (lambda c: (c[3], c[1], c[2], c[0]))(
            _cells(y_true, y_pred, pos_label)),
        _POS_LABEL: _ignores_pos_label(_cells),
    },
    "accuracy": {
        "multi-label accuracy taken element by element (the Hamming score): a sample counts as right "
        "only when its WHOLE row matches": _accuracy_elementwise,
        "multi-label rows checked along the wrong axis: all(axis=0) asks whether a label is right for "
        "every sample; a sample's row is all(axis=1)": _accuracy_wrong_axis,
        "integer division: correct // N is 0 unless every sample is right": _accuracy_integer,
    },
    "precision": {
        "precision and recall swapped: precision divides by the PREDICTED positives, tp + fp": _recall,
        "integer division: tp // (tp + fp) is 0 unless every positive prediction is right":
            lambda y_true, y_pred, pos_label=1: _precision(y_true, y_pred, pos_label, ratio=_integer),
        _NAN: lambda y_true, y_pred, pos_label=1: _precision(y_true, y_pred, pos_label, ratio=_nan_ratio),
        _POS_LABEL: _ignores_pos_label(_precision),
    },
    "recall": {
        "precision and recall swapped: recall divides by the ACTUAL positives, tp + fn": _precision,
        "integer division: tp // (tp + fn) is 0 unless every positive is found":
            lambda y_true, y_pred, pos_label=1: _recall(y_true, y_pred, pos_label, ratio=_integer),
        _NAN: lambda y_true, y_pred, pos_label=1: _recall(y_true, y_pred, pos_label, ratio=_nan_ratio),
        _POS_LABEL: _ignores_pos_label(_recall),
    },
    "f1_score": {
        "arithmetic mean (P + R) / 2: F1 is the harmonic mean 2PR / (P + R)": _f1_arithmetic,
        _NAN: _f1_nan,
        "integer division: 2tp // (2tp + fp + fn) is 0 unless the predictions are perfect": _f1_integer,
        _POS_LABEL: _ignores_pos_label(_f1),
    },
    "roc_auc": {
        "ties counted as losses for the positive (a strict >): a tied pair counts one half": _auc_ties_lose,
        "ties counted as wins for the positive (>=): a tied pair counts one half": _auc_ties_win,
        "ties broken by position (ordinal ranks from a double argsort): tied scores must share the "
        "average of the ranks they span": lambda y_true, y_score, pos_label=1: _auc_from_ranks(
            y_true, y_score, pos_label, ordinal=True),
        "ranks counted from 0: ranks run 1..N, so the correction is n_pos·(n_pos + 1) / 2":
            lambda y_true, y_score, pos_label=1: _auc_from_ranks(y_true, y_score, pos_label, start=0),
        "the positives' rank sum was not corrected: subtract n_pos·(n_pos + 1) / 2 (the ranks the positives "
        "would take among themselves) before dividing by n_pos·n_neg":
            lambda y_true, y_score, pos_label=1: _auc_from_ranks(y_true, y_score, pos_label, correct=False),
        "classes or score order swapped: this is 1 − AUC (a higher score means more likely positive)": _auc_flipped,
        _POS_LABEL: _ignores_pos_label(lambda y_true, y_score, pos_label=1: _auc_from_ranks(y_true, y_score, pos_label)),
    },
}
