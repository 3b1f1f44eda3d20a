"""Day 05 visible tests for linreg.py: run them with  pytest assignments/day05  (or  ai100 check day05).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with scikit-learn's LinearRegression, and with properties of gradient descent.
The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression

from course_tools.checks import close


def _regression(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d) * 2
    return X, X @ rng.normal(size=d) * 2 + rng.normal() * 3 + rng.normal(size=n) * 0.1


def _standard(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X, X @ rng.normal(size=d) + rng.normal() + rng.normal(size=n) * 0.3


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def _sklearn(X, y, fit_intercept=True):
    model = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    return model.coef_, float(model.intercept_)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0])
def test_ols_fit_matches_reference(check, seed):
    X, y = _regression(seed, 20, 3)
    check("ols_fit", X, y)


@pytest.mark.points(2)
def test_ols_fit_matches_sklearn_on_diabetes(check):
    X, y = load_diabetes(return_X_y=True)
    close(check.run_learner("ols_fit", X, y), _sklearn(X, y), what="day05: ols_fit on diabetes against sklearn",
          tol="vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [1])
def test_ols_fit_without_intercept(check, seed):
    X, y = _regression(seed, 25, 2)
    got = check("ols_fit", X, y, fit_intercept=False)
    close(got, _sklearn(X, y, fit_intercept=False), what="day05: ols_fit(fit_intercept=False) against sklearn",
          tol="vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed, mode, options", [
    (2, "batch", dict(lr=0.05, epochs=10)),
    (3, "minibatch", dict(lr=0.05, epochs=2, batch_size=4)),  # 10 samples: batches of 4, 4, 2
    (4, "sgd", dict(lr=0.02, epochs=2)),
])
def test_linreg_gd_matches_reference(check, seed, mode, options):
    X, y = _standard(seed, 10, 3)
    w, b, history = check("linreg_gd", X, y, mode, seed=seed, **options)
    steps = {"batch": 1, "minibatch": 3, "sgd": 10}[mode] * options["epochs"]
    assert np.shape(history) == (steps,), f"{mode}: expected {steps} history entries (one per step)"


@pytest.mark.points(1)
def test_linreg_gd_batch_loss_never_rises_on_diabetes(check):
    X, y = _diabetes()
    _, _, history = check.run_learner("linreg_gd", X, y, "batch", lr=0.2, epochs=100)
    assert np.all(np.diff(history) <= 1e-12 * np.asarray(history)[:-1]), "the full-batch loss rose at some step"


@pytest.mark.points(1)
def test_linreg_gd_minibatch_gets_close_to_least_squares(check):
    X, y = _diabetes()
    w, b, _ = check.run_learner("linreg_gd", X, y, "minibatch", lr=0.01, epochs=100, batch_size=32, seed=7)
    w_ols, b_ols = _sklearn(X, y)
    loss, best = np.mean((X @ w + b - y) ** 2), np.mean((X @ w_ols + b_ols - y) ** 2)
    assert loss <= 1.02 * best, f"final loss {loss:.6g} is more than 2% above least squares ({best:.6g})"


@pytest.mark.points(1)
def test_linreg_gd_rejects_unknown_mode(check):
    X, y = _standard(5, 6, 2)
    with pytest.raises(ValueError):
        check.run_learner("linreg_gd", X, y, "adam")
