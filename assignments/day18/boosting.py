# %%
"""Day 18 — gradient boosting for binary classification, with Newton leaf values, on scikit-learn trees.

Dimension letters used below:
  N   rows (passengers)        D   features        R   boosting rounds

The model adds up small regression trees in log-odds space:
    F(x) = init + lr · (v_1(x) + v_2(x) + … + v_R(x)),      P(y = 1 | x) = sigmoid(F(x))
where v_m(x) is the value of the leaf of tree m that x falls into. Each round fits a tree to the
residuals y − p of the log loss (its negative gradient) and then REPLACES each leaf's value with
the Newton step Σ(y − p) / Σ p(1 − p) over the rows in that leaf.

A model is a dict (its schema is part of the contract; the graders read it):
    "init":        Python float, the starting log-odds log(ȳ / (1 − ȳ)) of the training labels
    "lr":          Python float, the learning rate
    "trees":       list of R fitted sklearn.tree.DecisionTreeRegressor
    "leaf_values": list of R (n_nodes,) float64 arrays: leaf_values[m][node] is the Newton value of
                   leaf `node` of trees[m] (node ids as trees[m].apply returns them; 0 elsewhere)

Data: course_tools.data.make_titanic(n, seed) gives a passenger table; titanic_features below
turns it into numbers (that part is given).

Check your work:  pytest assignments/day18   (or: ai100 check day18)
"""

import numpy as np

TITANIC_COLUMNS = ["female", "Pclass", "Age", "age_missing", "SibSp", "Parch", "Fare"]


# %%
def titanic_features(frame):
    """The passenger table as numbers (given, not graded).

    frame: a pandas DataFrame as course_tools.data.make_titanic returns.
    Returns (X, y): X (N, 7) float64 with the columns of TITANIC_COLUMNS — female is 1.0 for women,
    a missing Age becomes −1 with age_missing = 1.0 (trees split it off by themselves) — and
    y (N,) int64, the Survived column.
    """
    age = frame["Age"].to_numpy(dtype=np.float64)
    X = np.column_stack([
        (frame["Sex"] == "female").to_numpy(dtype=np.float64), frame["Pclass"].to_numpy(dtype=np.float64),
        np.where(np.isnan(age), -1.0, age), np.isnan(age).astype(np.float64),
        frame["SibSp"].to_numpy(dtype=np.float64), frame["Parch"].to_numpy(dtype=np.float64),
        frame["Fare"].to_numpy(dtype=np.float64),
    ])
    return X, frame["Survived"].to_numpy(dtype=np.int64)


def sigmoid(z):
    """1 / (1 + exp(−z)), elementwise, without overflow warnings for large |z| (given)."""
    return np.exp(-np.logaddexp(0.0, -z))


# %%
def fit_gbm(X, y, n_rounds=100, lr=0.1, max_depth=3, seed=0):
    """Gradient boosting for the binary log loss, with Newton leaf values.

    X: (N, D) float64.  y: (N,) int labels in {0, 1}, both present.  n_rounds: int R >= 1.
    lr: float learning rate.  max_depth: int, the depth of every tree.  seed: int.
    Returns the model dict of the module docstring.

    The exact recipe (the graders rebuild the same trees, so follow it):
      init = log(ȳ / (1 − ȳ));  F = init for every row
      each round:  p = sigmoid(F);  g = y − p (the residuals);  h = p · (1 − p)
                   tree = DecisionTreeRegressor(max_depth=max_depth, random_state=seed).fit(X, g)
                   leaf = tree.apply(X);  for each leaf: value = Σ g / Σ h over its rows
                   F += lr · value[leaf]
    np.bincount(leaf, weights=..., minlength=tree.tree_.node_count) sums per leaf in one call.
    About 15 lines.
    """
    from sklearn.tree import DecisionTreeRegressor

    raise NotImplementedError('day18: fit_gbm — see README')


# %%
def staged_predict_proba(model, X):
    """P(y = 1 | x) after each round: how the prediction sharpens as trees are added.

    model: a dict as fit_gbm returns.  X: (N, D) float64.
    Returns (R, N) float64: row r is sigmoid(init + lr · (v_1 + … + v_{r+1})), the probability after
    r + 1 trees; the last row is the full model's prediction. About 6 lines.
    """
    raise NotImplementedError('day18: staged_predict_proba — see README')


# %%
def early_stopping_round(val_losses, patience):
    """Stretch: how many rounds to keep, by early stopping on a validation loss.

    val_losses: (R,) floats (a list or an array): val_losses[r] is the loss after r + 1 rounds.
    patience: int >= 1.
    Returns a Python int in 1..R: the number of rounds of the best loss seen before stopping.
    Walk the rounds in order; a round improves when its loss is strictly below the best so far
    (an equal loss does not). Stop at the first round that is `patience` rounds after the last
    improvement; the answer is the round count of that best loss (the earliest, among equal ones).
    If you never stop, the answer is the best round overall. About 8 lines.
    """
    raise NotImplementedError('day18: early_stopping_round — see README')
