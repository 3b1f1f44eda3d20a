"""Day 18 visible tests: run them with  pytest assignments/day18  (or  ai100 check day18).

A model holds fitted scikit-learn trees, which cannot be recorded, so fit_gbm is checked here by
what every correct model has: the log-odds start, Newton leaf values, a falling training loss and
held-out accuracy. staged_predict_proba and early_stopping_round are also compared with values
recorded from the reference. The autograder compares your raw scores with the reference's on
passengers you do not see.
"""

import numpy as np
import pytest

from course_tools.data import make_titanic


@pytest.fixture
def passengers(learner):
    def load(n, seed):
        return learner.titanic_features(make_titanic(n, seed))  # the given helper of boosting.py
    return load


def _raw_steps(model, X):
    return np.array([np.asarray(v)[t.apply(X)] for t, v in zip(model["trees"], model["leaf_values"])])


@pytest.mark.points(1)
def test_fit_gbm_starts_from_the_log_odds(check, passengers):
    X, y = passengers(200, 0)
    model = check.run_learner("fit_gbm", X, y, 1, 0.1, 2, 0)
    assert set(model) == {"init", "lr", "trees", "leaf_values"}, f"model keys: {sorted(model)}"
    rate = y.mean()
    assert abs(model["init"] - np.log(rate / (1 - rate))) < 1e-12, "init must be log(ȳ / (1 − ȳ)), not 0 or ȳ"


@pytest.mark.points(1)
def test_fit_gbm_first_tree_has_newton_leaves(check, passengers):
    X, y = passengers(200, 1)
    model = check.run_learner("fit_gbm", X, y, 1, 0.1, 2, 0)
    tree, values = model["trees"][0], np.asarray(model["leaf_values"][0])
    p0 = 1 / (1 + np.exp(-model["init"]))
    ids = tree.apply(X)
    for node in np.unique(ids):
        rows = ids == node
        newton = (y[rows] - p0).sum() / (rows.sum() * p0 * (1 - p0))
        assert abs(values[node] - newton) < 1e-9, (f"leaf {node}: value {values[node]:.6f}, but Σ(y − p) / Σ p(1 − p) "
                                                   f"= {newton:.6f} — the Newton step, not the mean residual")


@pytest.mark.points(1)
def test_fit_gbm_training_loss_falls(check, passengers):
    X, y = passengers(300, 2)
    model = check.run_learner("fit_gbm", X, y, 10, 0.1, 2, 0)
    raw = model["init"] + model["lr"] * np.cumsum(_raw_steps(model, X), axis=0)
    p = 1 / (1 + np.exp(-raw))
    losses = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p), axis=1)
    assert np.all(np.diff(losses) < 0), f"the training log loss must fall every round: {np.round(losses, 4)}"


@pytest.mark.points(1)
def test_fit_gbm_accuracy_on_fresh_passengers(check, passengers):
    X, y = passengers(891, 3)
    X_test, y_test = passengers(1000, 4)
    model = check.run_learner("fit_gbm", X, y, 40, 0.1, 3, 0)
    P = check.run_learner("staged_predict_proba", model, X_test)
    assert P.shape == (40, 1000), f"staged_predict_proba: expected (40, 1000), got {P.shape}"
    acc = np.mean((P[-1] > 0.5) == (y_test == 1))
    assert acc >= 0.80, f"held-out accuracy {acc:.3f}; at least 0.80 is expected (the best possible is about 0.855)"


@pytest.mark.points(1)
@pytest.mark.parametrize("patience", [1, 3])
def test_early_stopping_round_matches_reference(check, patience):
    losses = [0.69, 0.61, 0.58, 0.575, 0.58, 0.575, 0.59, 0.57, 0.6, 0.61, 0.62]
    check("early_stopping_round", losses, patience, tol="exact")


@pytest.mark.points(1)
def test_early_stopping_round_never_stopping(check):
    assert check("early_stopping_round", np.linspace(1.0, 0.5, 9), 2, tol="exact") == 9, \
        "losses that always fall: keep every round"
