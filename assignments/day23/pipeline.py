# %%
"""Day 23 — a scikit-learn pipeline, stratified folds and honest cross-validation.

Letters used below:
  N   rows (samples)     k   folds     D   input columns     p   random features (a width)

The rule the whole day serves: everything that learns from data — the scaler's mean, the
encoder's categories, the model's weights — learns from the training rows of a fold only. Put
the preprocessing and the model in one Pipeline and fit the whole Pipeline per fold; then the
test rows of a fold reach nothing but `score`.

Check your work:  pytest assignments/day23   (or: ai100 check day23)
"""

import numpy as np
from sklearn.base import clone
from sklearn.pipeline import Pipeline


def _rows(X, index):
    """The rows `index` of X, for a NumPy array or a pandas DataFrame / Series (by position)."""
    return X.iloc[index] if hasattr(X, "iloc") else np.asarray(X)[index]


# %%
def build_pipeline(pre, model):
    """One estimator out of a preprocessor and a model.

    pre: an unfitted transformer (a ColumnTransformer, a scaler, ...).  model: an unfitted estimator.
    Returns an unfitted sklearn.pipeline.Pipeline with two steps named "pre" and "model", in that
    order (so that set_params(model__C=0.1) reaches the model). One line.
    """
    raise NotImplementedError('day23: build_pipeline — see README')


# %%
def stratified_folds(y, k=5, seed=0):
    """k folds of the rows in which every class is spread as evenly as it can be.

    y: (N,) class labels (ints or strings; array, list or Series).  k: int, 2 <= k <= N.
    seed: int, the seed of np.random.default_rng that shuffles the rows.
    Returns a list of k pairs (train_idx, test_idx), each an int64 array of row positions sorted
    ascending. The k test parts are disjoint and together hold every row once; train_idx is every
    row not in test_idx. For each class, its counts in the k test parts differ by at most 1, and so
    do the sizes of the test parts. The same seed gives the same folds; another seed shuffles
    differently. About 10 lines: shuffle each class's rows, then deal them out to the folds like
    cards, the next class starting where the last one stopped.
    """
    raise NotImplementedError('day23: stratified_folds — see README')


# %%
def cross_val_scores(pipe, X, y, folds):
    """The pipeline's score on each test fold, fitted afresh on that fold's training rows.

    pipe: an unfitted estimator (a Pipeline from build_pipeline, say); leave it unfitted — fit a
    sklearn.base.clone of it per fold.  X: (N, D) array or DataFrame.  y: (N,) array or Series.
    folds: list of (train_idx, test_idx) int arrays, as stratified_folds returns.
    Returns (k,) float64: fold f's entry is clone(pipe) fitted on the rows train_idx, then scored
    with its own .score on the rows test_idx (accuracy for a classifier, R² for a regressor) —
    what sklearn.model_selection.cross_val_score(pipe, X, y, cv=folds) gives. About 6 lines.
    """
    raise NotImplementedError('day23: cross_val_scores — see README')


# %%
def double_descent_curve(X, y, widths, n_train, seed=0):
    """Stretch: test error of minimum-norm random-features regression as the width grows.

    X: (N, D) float64, standardised.  y: (N,) float64.  widths: list of ints p >= 1.
    n_train: int, the first n_train rows train; the rest test.  seed: int.
    Returns (len(widths),) float64: for each p, the test mean squared error of
      phi(X) = max(X @ W[:, :p], 0)    with W = rng.standard_normal((D, max(widths))),
                                       rng = np.random.default_rng(seed), drawn once for all widths
                                       (scaling W changes nothing here: beta scales the other way);
      beta = pinv(phi(X_train)) @ y_train   (the least-squares fit of smallest norm; it interpolates
                                             the training rows once p >= n_train);
      mse = mean((phi(X_test) @ beta - y_test) ** 2).
    The curve falls, shoots up near p = n_train (where the fit must pass through every training
    point with barely enough freedom), then falls again: double descent. About 8 lines.
    """
    raise NotImplementedError('day23: double_descent_curve — see README')
