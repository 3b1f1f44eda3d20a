"""Day 10 visible tests for penalized.py: run them with  pytest assignments/day10  (or  ai100 check day10).

They compare your fits with values recorded from the reference (keyed by these exact inputs) and
with scikit-learn's LogisticRegression(solver='saga'), Ridge and Lasso, within atol 1e-5 for the
iterative fits, and check that l1 gives exact zeros. The autograder runs more cases on inputs you
do not see.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import Lasso, LogisticRegression, Ridge

from course_tools.checks import close

FIT = "iterative_fit_vs_library"


@pytest.fixture(autouse=True)
def _no_solvers(check):
    with check.forbidding(("sklearn", "scipy.optimize"), reason="day 10's fits are yours: no scikit-learn or "
                                                                "scipy.optimize in penalized.py"):
        yield


def _logistic(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    w = np.zeros(d)
    w[:3] = rng.normal(size=3) * 2
    return X, (rng.random(n) < 1 / (1 + np.exp(-(X @ w + 0.5)))).astype(np.float64)


def _regression(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.normal(size=d)
    return X, X @ (rng.normal(size=d) * (rng.random(d) < 0.6)) + rng.normal(size=n) * 0.5


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0])
def test_soft_threshold(check, seed):
    v = np.random.default_rng(seed).normal(size=8) * 2
    got = check("soft_threshold", v, 1.0)
    assert np.all(got[np.abs(v) <= 1.0] == 0.0), "entries with |v| <= t must be exactly 0.0"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed, penalty", [(1, "l1"), (2, "l2"), (3, "elasticnet")])
def test_fit_logreg_penalized_matches_reference(check, seed, penalty):
    X, y = _logistic(seed, 100, 6)
    check("fit_logreg_penalized", X, y, penalty, C=0.1, l1_ratio=0.7, tol=FIT)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [4])
def test_fit_logreg_penalized_l1_gives_exact_zeros(check, seed):
    X, y = _logistic(seed, 120, 8)
    w, _ = check("fit_logreg_penalized", X, y, "l1", C=0.05, tol=FIT)
    assert np.count_nonzero(w == 0.0) >= 3, "l1 with C = 0.05 should set at least 3 of the 5 noise weights to " \
                                             "exactly 0.0: soft-threshold, do not take a subgradient step"


@pytest.mark.points(2)
def test_fit_logreg_penalized_l2_matches_saga_on_breast_cancer(check):
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    got = check.run_learner("fit_logreg_penalized", X, y.astype(np.float64), "l2", C=0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = LogisticRegression(C=0.05, solver="saga", tol=1e-12, max_iter=100_000).fit(X, y)
    close(got, (model.coef_[0], float(model.intercept_[0])), tol=FIT,
          what="day10: fit_logreg_penalized(breast cancer, 'l2', C=0.05) against saga")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [5])
def test_ridge_fit_matches_sklearn(check, seed):
    X, y = _regression(seed, 30, 4)
    got = check("ridge_fit", X, y, 2.0)
    model = Ridge(alpha=2.0).fit(X, y)
    close(got, (model.coef_, float(model.intercept_)), tol="fit_vs_library", what="day10: ridge_fit against Ridge")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_lasso_cd_matches_sklearn(check, seed):
    X, y = _regression(seed, 40, 6)
    got = check("lasso_cd", X, y, 0.2, tol=FIT)
    model = Lasso(alpha=0.2, tol=1e-14, max_iter=100_000).fit(X, y)
    close(got, (model.coef_, float(model.intercept_)), tol=FIT, what="day10: lasso_cd against Lasso")
