# %%
"""Day 08 — classification metrics from scratch, in NumPy.

Dimension letters used below:
  N   number of samples (N >= 1)
  L   number of labels per sample, for multi-label accuracy only

Labels may come as NumPy arrays or plain Python lists, of ints, bools or strings. For the binary
metrics, a label equal to `pos_label` is a positive and every other label is a negative.
Every function returns a plain Python number (int or float) and leaves its inputs untouched.

Check your work:  pytest assignments/day08   (or: ai100 check day08)
"""

import numpy as np


# %%
def confusion_counts(y_true, y_pred, pos_label=1):
    """The four cells of the binary confusion matrix.

    y_true: (N,) labels, array or list.  y_pred: (N,) labels comparable with them (int truth
    against bool predictions is fine: True == 1).
    pos_label: the label that counts as positive (1, True, "spam", ...).
    Returns a tuple of four Python ints (tp, fp, fn, tn):
      tp  predicted positive, actually positive     fp  predicted positive, actually negative
      fn  predicted negative, actually positive     tn  predicted negative, actually negative
    They add up to N. About 6 lines; no loop over samples.
    """
    ### BEGIN SOLUTION
    actual = np.asarray(y_true) == pos_label  # (N,) bool
    predicted = np.asarray(y_pred) == pos_label  # (N,) bool
    tp = int(np.count_nonzero(actual & predicted))
    fp = int(np.count_nonzero(predicted & ~actual))
    fn = int(np.count_nonzero(actual & ~predicted))
    tn = int(np.count_nonzero(~actual & ~predicted))
    return tp, fp, fn, tn
    ### END SOLUTION


# %%
def accuracy(y_true, y_pred):
    """The fraction of samples predicted right.

    y_true, y_pred: (N,) labels of any kind (multi-class is fine), or (N, L) 0/1 indicator
    matrices for multi-label data, arrays or nested lists.
    Returns a Python float in [0, 1]. For (N, L) input a sample is right only when its whole row
    matches (subset accuracy, as sklearn.metrics.accuracy_score). About 4 lines.
    """
    ### BEGIN SOLUTION
    right = np.asarray(y_true) == np.asarray(y_pred)  # (N,) or (N, L) bool
    if right.ndim == 2:
        right = right.all(axis=1)  # (N,): a sample counts only if every one of its labels is right
    return float(np.count_nonzero(right) / right.shape[0])
    ### END SOLUTION


# %%
def precision(y_true, y_pred, pos_label=1):
    """Of the samples predicted positive, the fraction that are positive: tp / (tp + fp).

    y_true, y_pred, pos_label: as for confusion_counts.
    Returns a Python float in [0, 1]; 0.0 when nothing is predicted positive (tp + fp = 0),
    as sklearn's zero_division=0. About 2 lines on top of confusion_counts.
    """
    ### BEGIN SOLUTION
    tp, fp, _, _ = confusion_counts(y_true, y_pred, pos_label)
    return tp / (tp + fp) if tp + fp > 0 else 0.0
    ### END SOLUTION


# %%
def recall(y_true, y_pred, pos_label=1):
    """Of the samples that are positive, the fraction predicted positive: tp / (tp + fn).

    y_true, y_pred, pos_label: as for confusion_counts.
    Returns a Python float in [0, 1]; 0.0 when there are no positives (tp + fn = 0).
    About 2 lines.
    """
    ### BEGIN SOLUTION
    tp, _, fn, _ = confusion_counts(y_true, y_pred, pos_label)
    return tp / (tp + fn) if tp + fn > 0 else 0.0
    ### END SOLUTION


# %%
def f1_score(y_true, y_pred, pos_label=1):
    """Stretch: the harmonic mean of precision and recall, 2·P·R / (P + R) = 2tp / (2tp + fp + fn).

    y_true, y_pred, pos_label: as for confusion_counts.
    Returns a Python float in [0, 1]; 0.0 when tp + fp + fn = 0 (nothing positive anywhere).
    About 3 lines.
    """
    ### BEGIN SOLUTION
    tp, fp, fn, _ = confusion_counts(y_true, y_pred, pos_label)
    denominator = 2 * tp + fp + fn
    return 2 * tp / denominator if denominator else 0.0
    ### END SOLUTION


# %%
def roc_auc(y_true, y_score, pos_label=1):
    """Stretch: the area under the ROC curve, in O(N log N).

    y_true: (N,) labels, array or list; pos_label marks the positives.
    y_score: (N,) float or int scores, array or list; higher means "more likely positive".
    Returns a Python float in [0, 1]: the chance that a random positive scores higher than a
    random negative, a tie counting one half (so ties get the average of the ranks they span).
    Raises ValueError when y_true holds only positives or only negatives: the area is undefined.
    About 10 lines. Comparing every positive with every negative is O(N²): sort once instead.
    """
    ### BEGIN SOLUTION
    positive = np.asarray(y_true) == pos_label  # (N,) bool
    scores = np.asarray(y_score, dtype=np.float64)  # (N,)
    n_pos = int(np.count_nonzero(positive))
    n_neg = positive.shape[0] - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"roc_auc needs both classes in y_true, got {n_pos} positives and {n_neg} "
                         "negatives: the area under the ROC curve is undefined")
    # Rank the scores 1..N; a run of tied scores shares the mean of the ranks it spans.
    _, group, counts = np.unique(scores, return_inverse=True, return_counts=True)
    last_rank = np.cumsum(counts)  # (G,): the highest rank in each group of equal scores
    mean_rank = last_rank - (counts - 1) / 2
    rank_sum = np.sum(mean_rank[group][positive])
    # Mann–Whitney U: the positives' rank sum, less the ranks they would take among themselves.
    wins = rank_sum - n_pos * (n_pos + 1) / 2
    return float(wins / (n_pos * n_neg))
    ### END SOLUTION
