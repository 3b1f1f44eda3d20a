"""Day 18's classic mistakes, each written as the wrong function a learner would write.

fit_gbm's variants return whole models; the graders judge a model by its raw scores, so the
mistake named is the one whose raw scores the learner's model reproduces.
"""

import numpy as np


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _gbm(X, y, n_rounds=100, lr=0.1, max_depth=3, seed=0, *, init="log_odds", leaf="newton", use_lr=True,
         flip=False):
    from sklearn.tree import DecisionTreeRegressor

    y = np.asarray(y, dtype=np.float64)
    start = {"log_odds": float(np.log(y.mean() / (1 - y.mean()))), "zero": 0.0, "mean": float(y.mean())}[init]
    F = np.full(len(y), start)
    trees, values = [], []
    for _ in range(n_rounds):
        p = _sigmoid(F)
        g = (p - y) if flip else (y - p)
        tree = DecisionTreeRegressor(max_depth=max_depth, random_state=seed).fit(X, g)
        ids = tree.apply(X)
        n = tree.tree_.node_count
        if leaf == "newton":
            value = np.bincount(ids, weights=g, minlength=n) / np.maximum(
                np.bincount(ids, weights=p * (1 - p), minlength=n), 1e-300)
        else:  # the tree's own leaf value: the mean residual, a plain gradient step
            value = tree.tree_.value[:, 0, 0].copy()
        F = F + (lr if use_lr else 1.0) * value[ids]
        trees.append(tree)
        values.append(value)
    return {"init": start, "lr": float(lr), "trees": trees, "leaf_values": values}


def _variant(**options):
    return lambda X, y, n_rounds=100, lr=0.1, max_depth=3, seed=0: _gbm(X, y, n_rounds, lr, max_depth, seed,
                                                                       **options)


def _staged(model, X, *, probabilities=True, use_lr=True, with_init=True):
    steps = np.array([v[t.apply(X)] for t, v in zip(model["trees"], model["leaf_values"])])
    raw = (model["init"] if with_init else 0.0) + (model["lr"] if use_lr else 1.0) * np.cumsum(steps, axis=0)
    return _sigmoid(raw) if probabilities else raw


def _stop(val_losses, patience, *, improve=lambda loss, best: loss < best, base=1, report="best", late=0):
    best, best_round, r = np.inf, 0, 0
    for r, loss in enumerate(val_losses):
        if improve(loss, best):
            best, best_round = loss, r
        elif r - best_round >= patience + late:
            break
    return (best_round if report == "best" else r) + base


MISTAKES = {
    "fit_gbm": {
        "leaf value = the mean residual (a plain gradient step) instead of the Newton step Σg / Σh":
            _variant(leaf="mean"),
        "initial score 0 instead of the log-odds log(ȳ / (1 − ȳ)) of the training labels": _variant(init="zero"),
        "initial score ȳ, a probability, instead of its log-odds log(ȳ / (1 − ȳ))": _variant(init="mean"),
        "learning rate not applied: each tree's values added in full": _variant(use_lr=False),
        "residuals with the wrong sign (p − y): that is the gradient, boosting steps against it": _variant(flip=True),
    },
    "staged_predict_proba": {
        "returned raw log-odds: apply the sigmoid to get probabilities":
            lambda model, X: _staged(model, X, probabilities=False),
        "learning rate not applied to the tree values": lambda model, X: _staged(model, X, use_lr=False),
        "the initial log-odds left out": lambda model, X: _staged(model, X, with_init=False),
    },
    "early_stopping_round": {
        "a 0-based index: return the number of rounds to keep (val_losses[r] is after r + 1 rounds)":
            lambda val_losses, patience: _stop(val_losses, patience, base=0),
        "an equal loss counted as an improvement: only a strictly lower loss improves":
            lambda val_losses, patience: _stop(val_losses, patience, improve=lambda loss, best: loss <= best),
        "returned the round where training stopped, not the round of the best loss":
            lambda val_losses, patience: _stop(val_losses, patience, report="stop"),
        "stopped one round late: stop when `patience` rounds have passed without improvement":
            lambda val_losses, patience: _stop(val_losses, patience, late=1),
    },
}
