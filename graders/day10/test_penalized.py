"""Hidden graders for day 10, penalized.py: soft_threshold, fit_logreg_penalized, ridge_fit, lasso_cd.

The fits are judged by the minimiser they reach: against the reference and against scikit-learn
(LogisticRegression with solver 'saga', Ridge, Lasso) within the kit's iterative_fit_vs_library row
(atol 1e-5: two iterative solvers stopped at their own tolerances; they agree to ~1e-7 here), the
closed-form ridge within fit_vs_library (1e-6). L1 must give EXACT zeros, in the same places as the
reference. Data: seeded synthetic logistic problems with a sparse truth (the 83×7 one is never used
by the visible tests) and standardised breast cancer. scikit-learn and scipy.optimize are off limits
in this file's learner calls.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import Lasso, LogisticRegression, Ridge

from course_tools.checks import close, expect_raises

FIT = "iterative_fit_vs_library"
NO_SOLVERS = ("sklearn", "scipy.optimize", "statsmodels")
PROX_HINT = ("a subgradient step on ‖w‖₁ never lands on exactly 0: take the gradient step on the logloss, "
             "then soft-threshold (the proximal map)")


@pytest.fixture(autouse=True)
def _no_solvers(check):
    """The fits are yours: no scikit-learn or scipy.optimize inside these calls."""
    with check.forbidding(NO_SOLVERS, reason="day 10's penalised fits are written by hand: no scikit-learn "
                                             "or scipy.optimize in penalized.py"):
        yield


def _logistic(seed, n, d, informative=3):
    """Standard-normal features, a sparse true w (the first `informative` entries), 0/1 labels."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    w = np.zeros(d)
    w[:informative] = rng.normal(size=informative) * 2
    y = (rng.random(n) < 1 / (1 + np.exp(-(X @ w + 0.5)))).astype(np.float64)
    return X, y


def _cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y.astype(np.float64)


def _regression(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, size=d) + rng.normal(size=d)
    w = rng.normal(size=d) * (rng.random(d) < 0.6)
    return X, X @ w + rng.normal() + rng.normal(size=n) * 0.5


def _saga(X, y, penalty, C, l1_ratio=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # saga warns it did not converge only if it did not: checked below
        model = LogisticRegression(penalty=penalty, C=C, l1_ratio=l1_ratio, solver="saga", tol=1e-12,
                                   max_iter=100_000).fit(X, y)
    return model.coef_[0], float(model.intercept_[0])


# --- soft_threshold ----------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("d", [7, 50])
def test_soft_threshold_matches_reference(check, seed, d):
    v = np.random.default_rng(seed).normal(size=d) * 2
    got = check("soft_threshold", v, 1.0)
    zeros = np.abs(v) <= 1.0
    assert np.all(got[zeros] == 0.0), f"{check.describe('soft_threshold', (v, 1.0), {})}: entries with |v| <= t " \
                                      "must come out as exactly 0.0"


# --- fit_logreg_penalized ------------------------------------------------------------------------------

CASES = {  # penalty: (C, l1_ratio)
    "l1": (0.1, 0.5),
    "l2": (0.1, 0.5),
    "elasticnet": (0.2, 0.7),  # l1_ratio 0.7, not 0.5: a swapped ratio shows
}


@pytest.mark.points(2)
@pytest.mark.parametrize("penalty", list(CASES))
@pytest.mark.parametrize("n, d", [(150, 9), (83, 7)])
def test_fit_logreg_penalized_matches_reference(check, seed, penalty, n, d):
    X, y = _logistic(seed, n, d)
    C, l1_ratio = CASES[penalty]
    check("fit_logreg_penalized", X, y, penalty, C=C, l1_ratio=l1_ratio, tol=FIT)


BREAST_CANCER = {  # penalty: Cs the seed picks from (ISTA converges in well under 10 000 steps on these)
    "l1": [0.01, 0.02, 0.03],
    "l2": [0.02, 0.05, 0.1],
    "elasticnet": [0.02, 0.05],
}


@pytest.mark.points(3)
@pytest.mark.parametrize("penalty", list(BREAST_CANCER))
def test_fit_logreg_penalized_matches_saga_on_breast_cancer(check, seed, penalty):
    X, y = _cancer()
    C = float(np.random.default_rng(seed).choice(BREAST_CANCER[penalty]))
    kwargs = dict(C=C, l1_ratio=0.5)
    got = check.run_learner("fit_logreg_penalized", X, y, penalty, **kwargs)
    want = _saga(X, y, penalty, C, 0.5 if penalty == "elasticnet" else None)
    what = check.describe("fit_logreg_penalized", (X, y, penalty), kwargs) + " on standardised breast cancer"
    close(got, want, what=what + " against LogisticRegression(solver='saga')", tol=FIT)
    if penalty != "l2":
        zeros, want_zeros = np.flatnonzero(got[0] == 0), np.flatnonzero(want[0] == 0)
        assert np.array_equal(zeros, want_zeros), (
            f"{what}\n  exact zeros at {zeros.tolist()}, saga has them at {want_zeros.tolist()}: {PROX_HINT}")


@pytest.mark.points(4)
@pytest.mark.parametrize("penalty", ["l1", "elasticnet"])
def test_fit_logreg_penalized_gives_exact_zeros(check, seed, penalty):
    """Six of nine features carry nothing; with C = 0.05 the penalty must drop them to exactly 0.0."""
    X, y = _logistic(seed, 160, 9)
    kwargs = dict(C=0.05, l1_ratio=0.8)
    got = check("fit_logreg_penalized", X, y, penalty, tol=FIT, hint=PROX_HINT, **kwargs)
    want = check.ref.call("fit_logreg_penalized", (X, y, penalty), kwargs)
    zeros, want_zeros = np.flatnonzero(got[0] == 0.0), np.flatnonzero(want[0] == 0.0)
    assert want_zeros.size > 0 and np.array_equal(zeros, want_zeros), (
        f"{check.describe('fit_logreg_penalized', (X, y, penalty), kwargs)}\n  exact zeros at {zeros.tolist()}, "
        f"expected at {want_zeros.tolist()}: {PROX_HINT}")


@pytest.mark.points(2)
def test_fit_logreg_penalized_larger_C_means_weaker_penalty(check, seed):
    """C is the inverse strength: the l1 fit keeps more features and a larger ‖w‖₁ as C grows."""
    X, y = _logistic(seed, 150, 9, informative=6)
    norms, kept = [], []
    for C in (0.01, 0.05, 0.5):
        w, _ = check.run_learner("fit_logreg_penalized", X, y, "l1", C=C)
        norms.append(float(np.abs(w).sum()))
        kept.append(int(np.count_nonzero(w)))
    assert norms[0] < norms[1] < norms[2] and kept[0] <= kept[1] <= kept[2], (
        f"{check.describe('fit_logreg_penalized', (X, y, 'l1'), {})} for C = 0.01, 0.05, 0.5\n  ‖w‖₁ = {norms}, "
        f"nonzeros = {kept}: both must grow with C — C is the INVERSE of the penalty strength (λ = 1/C)")


@pytest.mark.points(2)
def test_fit_logreg_penalized_leaves_the_intercept_alone(check, seed):
    """85% positives and a strong penalty: w shrinks to nearly 0, b must still reach log(0.85/0.15)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((140, 5))
    y = (rng.random(140) < 0.85).astype(np.float64)
    check("fit_logreg_penalized", X, y, "l2", C=0.002, tol=FIT)


@pytest.mark.points(1)
def test_fit_logreg_penalized_rejects_unknown_penalty(check, seed):
    X, y = _logistic(seed, 20, 3)
    expect_raises(ValueError, check.describe("fit_logreg_penalized", (X, y, "l3"), {}),
                  lambda: check.run_learner("fit_logreg_penalized", X, y, "l3"),
                  because="the penalties are 'l1', 'l2' and 'elasticnet'")


# --- stretch: ridge_fit, lasso_cd ----------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n, d, alpha", [(40, 5, 1.0), (23, 9, 10.0)])
def test_ridge_fit_matches_reference_and_sklearn(check, seed, n, d, alpha):
    X, y = _regression(seed, n, d)
    got = check("ridge_fit", X, y, alpha)
    model = Ridge(alpha=alpha).fit(X, y)
    close(got, (model.coef_, float(model.intercept_)), tol="fit_vs_library",
          what=check.describe("ridge_fit", (X, y, alpha), {}) + " against sklearn Ridge")


@pytest.mark.points(3)
@pytest.mark.parametrize("n, d, alpha", [(60, 8, 0.1), (37, 5, 0.3)])
def test_lasso_cd_matches_reference_and_sklearn(check, seed, n, d, alpha):
    X, y = _regression(seed, n, d)
    got = check("lasso_cd", X, y, alpha, tol=FIT)
    model = Lasso(alpha=alpha, tol=1e-14, max_iter=100_000).fit(X, y)
    close(got, (model.coef_, float(model.intercept_)), tol=FIT,
          what=check.describe("lasso_cd", (X, y, alpha), {}) + " against sklearn Lasso")
    zeros, want_zeros = np.flatnonzero(got[0] == 0.0), np.flatnonzero(model.coef_ == 0.0)
    assert np.array_equal(zeros, want_zeros), (
        f"{check.describe('lasso_cd', (X, y, alpha), {})}\n  exact zeros at {zeros.tolist()}, sklearn's Lasso has "
        f"them at {want_zeros.tolist()}: soft-threshold each coordinate")
