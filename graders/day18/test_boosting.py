"""Hidden graders for day 18 (gradient boosting with Newton leaves).

Every test draws its passengers from its hidden seed: make_titanic(437, seed) to train (a size the
visible tests never use), fresh passengers of another seed to evaluate. A learner's model is read
through its documented schema (init, lr, trees, leaf_values): its raw scores
init + lr · Σ leaf_values[m][trees[m].apply(X)] are compared with the reference's, which grows the
same trees (same residuals, same random_state). staged_predict_proba is judged on a model the
reference fitted, so a slip in fit_gbm does not cost it.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch
from course_tools.data import make_titanic


def _passengers(ref_module, n, seed):
    return ref_module.titanic_features(make_titanic(n, seed))


def _steps(model, X):
    """(R, N): each tree's leaf value for each row, read through the model's schema."""
    return np.array([np.asarray(values)[np.asarray(tree.apply(X))]
                     for tree, values in zip(model["trees"], model["leaf_values"])])


def _raw(model, X):
    return float(model["init"]) + float(model["lr"]) * _steps(model, X).sum(axis=0)


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


FORM_HINT = ("return the dict of the module docstring: init (float), lr (float), trees (fitted "
             "DecisionTreeRegressor list) and leaf_values (one (n_nodes,) array per tree)")


# --- fit_gbm --------------------------------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.parametrize("n_rounds, lr, max_depth", [(12, 0.1, 3), (8, 0.5, 2), (6, 1.0, 1)])
def test_fit_gbm_raw_scores_match_reference(check, ref_module, seed, n_rounds, lr, max_depth):
    X, y = _passengers(ref_module, 437, seed)
    X_eval, _ = _passengers(ref_module, 300, seed + 1)
    check("fit_gbm", X, y, n_rounds, lr, max_depth, seed % 1000, pick=lambda model: _raw(model, X_eval),
          hint="same trees as the reference: fit each DecisionTreeRegressor(max_depth, random_state=seed) to "
               "y − p, then set each leaf to Σ(y − p) / Σ p(1 − p) over its rows")


@pytest.mark.points(2)
def test_fit_gbm_init_is_the_log_odds(check, ref_module, seed):
    X, y = _passengers(ref_module, 437, seed)
    check("fit_gbm", X, y, 2, 0.1, 2, 0, pick=lambda model: float(model["init"]), hint=FORM_HINT)


@pytest.mark.points(2)
def test_fit_gbm_leaf_values_are_newton_steps(check, ref_module, seed):
    """The first tree's leaf values on their own: Σ(y − p) / Σ p(1 − p), with p the initial probability."""
    X, y = _passengers(ref_module, 437, seed)
    check("fit_gbm", X, y, 1, 0.1, 3, seed % 1000, pick=lambda model: np.asarray(model["leaf_values"][0]),
          hint=FORM_HINT)


@pytest.mark.points(3)
def test_fit_gbm_held_out_accuracy(check, ref_module, seed):
    """A fresh 891-passenger list; 2000 other passengers to judge. The best possible is about 0.855."""
    X, y = _passengers(ref_module, 891, seed)
    X_test, y_test = _passengers(ref_module, 2000, seed + 1)
    model = check.run_learner("fit_gbm", X, y, 60, 0.1, 3, 0)
    acc = float(np.mean((_raw(model, X_test) > 0) == (y_test == 1)))
    if acc < 0.80:
        raise Mismatch(f"{check.describe('fit_gbm', (X, y, 60, 0.1, 3, 0), {})}\n  held-out accuracy {acc:.3f} on "
                       "2000 fresh passengers: at least 0.80 is expected (a logistic regression reaches 0.81–0.85)")


@pytest.mark.points(2)
def test_fit_gbm_training_loss_falls_every_round(check, ref_module, seed):
    """Newton steps with lr 0.1 on the training rows: the log loss must fall after every tree."""
    X, y = _passengers(ref_module, 437, seed)
    model = check.run_learner("fit_gbm", X, y, 15, 0.1, 2, 0)
    raw = float(model["init"]) + float(model["lr"]) * np.cumsum(_steps(model, X), axis=0)  # (R, N)
    p = np.clip(_sigmoid(raw), 1e-15, 1 - 1e-15)
    losses = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p), axis=1)
    rises = np.flatnonzero(np.diff(losses) > 1e-12)
    if rises.size:
        raise Mismatch(f"{check.describe('fit_gbm', (X, y, 15, 0.1, 2, 0), {})}\n  the training log loss rose after "
                       f"round {rises[0] + 2} ({losses[rises[0]]:.5f} → {losses[rises[0] + 1]:.5f}): are the "
                       "residuals y − p (not p − y) and the leaf values Σ(y − p) / Σ p(1 − p)?")


# --- staged_predict_proba --------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("lr", [0.1, 0.7])
def test_staged_predict_proba_matches_reference(check, ref_module, seed, lr):
    X, y = _passengers(ref_module, 437, seed)
    X_eval, _ = _passengers(ref_module, 131, seed + 1)
    model = ref_module.fit_gbm(X, y, 9, lr, 2, 0)
    check("staged_predict_proba", model, X_eval)


@pytest.mark.points(1)
def test_staged_predict_proba_single_round(check, ref_module, seed):
    X, y = _passengers(ref_module, 437, seed)
    check("staged_predict_proba", ref_module.fit_gbm(X, y, 1, 0.3, 3, 0), X[:17])


# --- early_stopping_round -----------------------------------------------------------------------------------

def _curves(seed):
    rng = np.random.default_rng(seed)
    r = np.arange(1, 61)
    u_shape = 0.6 - 0.2 * np.log(r) / np.log(60) + 0.0015 * np.maximum(r - 25, 0) + 0.004 * rng.normal(size=60)
    falling = 0.7 / np.sqrt(r)  # never stops: the best is the last
    plateau = np.round(0.5 - 0.01 * np.minimum(r, 20) + 0.002 * rng.integers(0, 3, size=60), 3)  # equal losses
    return {"u_shape": u_shape, "falling": falling, "plateau": plateau}


@pytest.mark.points(2)
@pytest.mark.parametrize("curve", ["u_shape", "falling", "plateau"])
@pytest.mark.parametrize("patience", [1, 5])
def test_early_stopping_round_matches_reference(check, seed, curve, patience):
    losses = _curves(seed)[curve]
    check("early_stopping_round", losses, patience, tol="exact")


@pytest.mark.points(1)
def test_early_stopping_round_on_a_list_of_real_losses(check, ref_module, seed):
    """Validation losses of a real boosting run, passed as a Python list."""
    X, y = _passengers(ref_module, 437, seed)
    X_val, y_val = _passengers(ref_module, 300, seed + 1)
    P = np.clip(ref_module.staged_predict_proba(ref_module.fit_gbm(X, y, 40, 0.3, 3, 0), X_val), 1e-15, 1 - 1e-15)
    losses = (-np.mean(y_val * np.log(P) + (1 - y_val) * np.log(1 - P), axis=1)).tolist()
    check("early_stopping_round", losses, 4, tol="exact")
