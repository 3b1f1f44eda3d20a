# %%
"""Day 10 — grid search with cross-validation, written by hand.

Dimension letters used below:
  n   samples (rows of X)        d   features (columns of X)
  G   candidates in the grid     K   folds

The model is whatever `make_model(**params)` returns: any scikit-learn-style classifier with
`.fit(X, y)` and `.score(X, y)` (the accuracy). Put preprocessing such as a StandardScaler INSIDE
that model (a sklearn Pipeline), so that it is fitted on each training fold only.
scikit-learn's GridSearchCV, RandomizedSearchCV, cross_val_score, cross_validate and
cross_val_predict are off limits in your code; StratifiedKFold and ParameterGrid are fine.

Check your work:  pytest assignments/day10   (or: ai100 check day10)
"""

import itertools

import numpy as np
from sklearn.model_selection import StratifiedKFold


# %%
def expand_grid(grid):
    """Every combination of the grid's values, in a fixed order.

    grid: dict name -> list of values, e.g. {"C": [0.1, 1.0], "penalty": ["l1", "l2"]}.
    Returns a list of G dicts, one per combination: the names taken in sorted order, and the
    LAST sorted name changing fastest (what itertools.product over the sorted names gives, and
    what sklearn's ParameterGrid gives). {} gives [{}]. About 3 lines.
    """
    ### BEGIN SOLUTION
    names = sorted(grid)
    return [dict(zip(names, values)) for values in itertools.product(*(grid[name] for name in names))]
    ### END SOLUTION


# %%
def grid_search_cv(make_model, grid, X, y, cv=5):
    """Pick the grid point with the best mean cross-validated accuracy.

    make_model: a callable; make_model(**params) returns a new, unfitted classifier.
    grid: dict name -> list of values (see expand_grid).
    X: (n, d) float array.  y: (n,) class labels.
    cv: an int K — the folds are StratifiedKFold(n_splits=K) (no shuffling) over (X, y), which is
        what GridSearchCV uses for a classifier — or a list of K (train_indices, test_indices)
        pairs to use as they are.
    Returns a dict:
      "params":      the list of G candidate dicts, in expand_grid's order;
      "mean_scores": (G,) float64 array, each candidate's accuracy on the K test folds, averaged
                     (every fold counts the same, whatever its size);
      "best_params": the candidate with the highest mean score — the FIRST one in the list
                     when several tie;
      "best_score":  its mean score, a Python float.
    Fit a fresh model for every (candidate, fold), on that fold's training rows only, and score
    it on the fold's test rows. Nothing may be fitted on all of X before the split: no scaling
    of X here. About 12 lines.
    """
    ### BEGIN SOLUTION
    if isinstance(cv, int):
        folds = list(StratifiedKFold(n_splits=cv).split(X, y))
    else:
        folds = [(np.asarray(train), np.asarray(test)) for train, test in cv]
    candidates = expand_grid(grid)
    means = np.zeros(len(candidates))  # (G,)
    for g, params in enumerate(candidates):
        scores = []
        for train, test in folds:
            model = make_model(**params).fit(X[train], y[train])
            scores.append(model.score(X[test], y[test]))
        means[g] = np.mean(scores)
    best = int(np.argmax(means))  # argmax returns the first of equal maxima
    return {"params": candidates, "mean_scores": means, "best_params": candidates[best],
            "best_score": float(means[best])}
    ### END SOLUTION
