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
    raise NotImplementedError('day08: confusion_counts — see README')


# %%
def accuracy(y_true, y_pred):
    """The fraction of samples predicted right.

    y_true, y_pred: (N,) labels of any kind (multi-class is fine), or (N, L) 0/1 indicator
    matrices for multi-label data, arrays or nested lists.
    Returns a Python float in [0, 1]. For (N, L) input a sample is right only when its whole row
    matches (subset accuracy, as sklearn.metrics.accuracy_score). About 4 lines.
    """
    raise NotImplementedError('day08: accuracy — see README')


# %%
def precision(y_true, y_pred, pos_label=1):
    """Of the samples predicted positive, the fraction that are positive: tp / (tp + fp).

    y_true, y_pred, pos_label: as for confusion_counts.
    Returns a Python float in [0, 1]; 0.0 when nothing is predicted positive (tp + fp = 0),
    as sklearn's zero_division=0. About 2 lines on top of confusion_counts.
    """
    raise NotImplementedError('day08: precision — see README')


# %%
def recall(y_true, y_pred, pos_label=1):
    """Of the samples that are positive, the fraction predicted positive: tp / (tp + fn).

    y_true, y_pred, pos_label: as for confusion_counts.
    Returns a Python float in [0, 1]; 0.0 when there are no positives (tp + fn = 0).
    About 2 lines.
    """
    raise NotImplementedError('day08: recall — see README')


# %%
def f1_score(y_true, y_pred, pos_label=1):
    """Stretch: the harmonic mean of precision and recall, 2·P·R / (P + R) = 2tp / (2tp + fp + fn).

    y_true, y_pred, pos_label: as for confusion_counts.
    Returns a Python float in [0, 1]; 0.0 when tp + fp + fn = 0 (nothing positive anywhere).
    About 3 lines.
    """
    raise NotImplementedError('day08: f1_score — see README')


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
    raise NotImplementedError('day08: roc_auc — see README')
