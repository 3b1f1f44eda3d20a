# %%
"""Day 17 — a random forest by hand: bootstrap samples, out-of-bag estimates, majority votes.

Dimension letters used below:
  n   training rows        m   rows to predict        d   features
  T   trees                c   classes (labels 0 .. c-1)

The base learner is scikit-learn's DecisionTreeClassifier(max_features="sqrt"): each split looks
at √d random features. The forest around it — the bootstrap, the out-of-bag bookkeeping, the vote —
is yours: RandomForestClassifier, BaggingClassifier and the rest of sklearn.ensemble are off limits.

Check your work:  pytest assignments/day17   (or: ai100 check day17)
"""

import numpy as np
from sklearn.tree import DecisionTreeClassifier


# %%
def bootstrap_indices(n, rng):
    """One bootstrap sample: n row indices drawn uniformly WITH replacement.

    n: int >= 1.  rng: a numpy.random.Generator (it is advanced).
    Returns (n,) int64, drawn as rng.integers(0, n, size=n) — exactly that call, so that a seed
    gives the same sample everywhere. About 1 line.
    """
    raise NotImplementedError('day17: bootstrap_indices — see README')


# %%
def oob_score(trees, masks, X, y):
    """The out-of-bag accuracy of fitted trees, given which rows each one did not see.

    trees: list of T fitted classifiers with .classes_ and .predict_proba.
    masks: (T, n) bool, True where row i was out of tree t's bag.  X: (n, d).  y: (n,) int labels.
    Returns a Python float: for each row, sum predict_proba over the trees it is out of bag for
    (each tree's columns are its .classes_); predict the class with the largest sum (lowest on a
    tie); the share right among the rows that have at least one such tree. About 8 lines.
    """
    raise NotImplementedError('day17: oob_score — see README')


# %%
def fit_forest(X, y, n_estimators=100, seed=0):
    """Grow a random forest and measure its out-of-bag (OOB) accuracy.

    X: (n, d) float64.  y: (n,) int labels 0 .. c-1, every class present.
    n_estimators: T >= 1.  seed: int.
    Returns a dict:
      "trees":     list of T fitted DecisionTreeClassifier;
      "oob_masks": (T, n) bool, True where row i is NOT in tree t's bootstrap sample;
      "oob_score": Python float, the OOB accuracy (below).
    Recipe (the graders replay it): rng = np.random.default_rng(seed), made once; for each tree in
    turn draw rows = bootstrap_indices(n, rng), THEN tree_seed = int(rng.integers(2**31 - 1)), and
    fit DecisionTreeClassifier(max_features="sqrt", random_state=tree_seed) on X[rows], y[rows].
    OOB score: oob_score(trees, masks, X, y) — for each row, add up predict_proba of the trees for which it is out of bag; its
    OOB prediction is the class with the largest sum (the lowest on a tie). Rows that are in every
    tree's sample have no OOB prediction and are left out; the score is the share of the others
    predicted right. About 15 lines.
    """
    raise NotImplementedError('day17: fit_forest — see README')


# %%
def forest_predict(forest, X):
    """The forest's labels for new rows: the class with the largest summed predict_proba.

    forest: the dict fit_forest returns.  X: (m, d) float64.
    Returns (m,) int64; a tie goes to the lowest class. About 4 lines.
    """
    raise NotImplementedError('day17: forest_predict — see README')


# %%
def oob_curve(X, y, sizes, seed=0):
    """Stretch: the OOB accuracy of a growing forest.

    X, y: as for fit_forest.  sizes: list of increasing ints, each >= 1.  seed: int.
    Grow ONE forest of max(sizes) trees with fit_forest(X, y, max(sizes), seed) and return a
    (len(sizes),) float64 array: entry j is the OOB score of its first sizes[j] trees alone (rows
    with no OOB tree among those left out). About 4 lines.
    """
    raise NotImplementedError('day17: oob_curve — see README')
