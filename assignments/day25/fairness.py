# %%
"""Day 25 — bias and fairness metrics, and a first fix: reweighing.

Dimension letters used below:
  N   number of samples (people)        G   number of distinct groups in `group` (G >= 1)

Inputs may be NumPy arrays, plain lists or pandas Series. Labels and predictions are 0/1 (ints or
bools; 1 = the favourable outcome, e.g. "loan granted"). `group` holds any hashable labels
("F"/"M", 0/1, "a"/"b"/"c"): every distinct value is one group, and a metric over groups compares
the best-off group with the worst-off one, so the order of the groups never matters.
The metrics return plain Python floats.

Check your work:  pytest assignments/day25   (or: ai100 check day25)
"""

import numpy as np


# %%
def selection_rates(y_pred, group):
    """The share of each group predicted 1.

    y_pred: (N,) 0/1 predictions.  group: (N,) group labels.
    Returns a dict {group value: Python float in [0, 1]}, one entry per distinct group value,
    keys as plain Python values (str, int or bool — `.item()` turns a NumPy scalar into one).
    Raises ValueError when N = 0. About 4 lines.
    """
    raise NotImplementedError('day25: selection_rates — see README')


# %%
def demographic_parity_diff(y_pred, group):
    """Demographic parity difference: the largest selection rate minus the smallest.

    y_pred: (N,) 0/1 predictions.  group: (N,) group labels.
    Returns a Python float in [0, 1]: max over groups of P(ŷ=1 | group) minus the min. 0.0 when
    every group is selected at the same rate, and so also when there is one group only.
    Raises ValueError when N = 0. About 2 lines on top of selection_rates.
    """
    raise NotImplementedError('day25: demographic_parity_diff — see README')


# %%
def disparate_impact(y_pred, group):
    """Disparate impact ratio: the smallest selection rate divided by the largest.

    y_pred: (N,) 0/1 predictions.  group: (N,) group labels.
    Returns a Python float in [0, 1]; 1.0 means every group is selected at the same rate. The
    "four-fifths rule" flags a ratio below 0.8. Zero division: when no group has anyone selected
    (the largest rate is 0), every group is treated alike and the answer is 1.0.
    Raises ValueError when N = 0. About 4 lines.
    """
    raise NotImplementedError('day25: disparate_impact — see README')


# %%
def equal_opportunity_diff(y_true, y_pred, group):
    """Equal opportunity difference: the largest true-positive rate minus the smallest.

    y_true, y_pred: (N,) 0/1.  group: (N,) group labels.
    A group's true-positive rate is P(ŷ=1 | y=1, group): of its members who deserve the favourable
    outcome, the share who get it. Zero division: a group with no y=1 member has no such rate and
    is left out. Returns a Python float in [0, 1] over the groups that remain (0.0 when one does).
    Raises ValueError when no group has a y=1 member (the difference is undefined). About 6 lines.
    """
    raise NotImplementedError('day25: equal_opportunity_diff — see README')


# %%
def reweighing_weights(y, group):
    """Stretch: Kamiran–Calders reweighing — one weight per sample that makes label and group
    independent in the weighted data.

    y: (N,) labels (0/1, or any hashable labels).  group: (N,) group labels.
    Returns an (N,) float64 array: sample i in group g with label c weighs
        w = P(group = g) · P(y = c) / P(group = g, y = c) = n_g · n_c / (N · n_gc),
    the count it would have if group and label were independent, over the count it has.
    Over-represented (group, label) cells weigh less than 1, under-represented ones more; when
    every (group, label) pair occurs, the weights sum to N. Pass them to a model's fit(..., sample_weight=w). Raises ValueError when
    N = 0. About 8 lines.
    """
    raise NotImplementedError('day25: reweighing_weights — see README')
