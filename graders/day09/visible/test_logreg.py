"""Day 09 visible tests: run them with  pytest assignments/day09  (or  ai100 check day09).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with scikit-learn (LogisticRegression, log_loss, roc_curve) and with properties:
probabilities stay in [0, 1] at extreme scores, the gradient vanishes at scikit-learn's optimum,
the fit predicts held-out passengers. The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.data import iris_split, make_titanic


def _data(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 1 / (1 + np.exp(-(X @ rng.normal(size=d))))).astype(np.float64)
    y[:2] = [0.0, 1.0]
    return X, y


def _titanic(seed, n):
    """female, class, age (gaps filled with the median), family size, log(1 + fare); standardised."""
    df = make_titanic(n, seed)
    age = df["Age"].to_numpy(dtype=float)
    X = np.column_stack([(df["Sex"] == "female").to_numpy(dtype=float), df["Pclass"].to_numpy(dtype=float),
                         np.where(np.isnan(age), np.nanmedian(age), age),
                         (df["SibSp"] + df["Parch"] + 1).to_numpy(dtype=float), np.log1p(df["Fare"].to_numpy(dtype=float))])
    return (X - X.mean(axis=0)) / X.std(axis=0), df["Survived"].to_numpy(dtype=np.float64)


def _sklearn_fit(X, y, l2=0.0):
    from sklearn.linear_model import LogisticRegression

    C = np.inf if l2 == 0 else 1.0 / (l2 * len(y))  # sklearn sums the loss; ours is a mean
    model = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X, y)
    return model.coef_[0], float(model.intercept_[0])


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_predict_proba_matches_reference(check, seed):
    X, _ = _data(seed, 10, 3)
    check("predict_proba", np.array([1.0, -2.0, 0.5]), 0.3, X)


@pytest.mark.points(1)
def test_predict_proba_at_scores_of_1000(check):
    X = np.array([[-1000.0], [-740.0], [0.0], [740.0], [1000.0]])
    with np.errstate(over="raise", invalid="raise"):  # an overflow warning becomes an error here
        got = check.run_learner("predict_proba", np.array([1.0]), 0.0, X)
    assert np.all((got >= 0) & (got <= 1)), f"probabilities outside [0, 1]: {got}"
    assert got[1] > 0, "sigmoid(-740) is about 4e-322, not 0: keep exp's argument <= 0"
    assert got[2] == 0.5 and got[4] == 1.0


@pytest.mark.points(1)
def test_log_loss_matches_sklearn(check):
    from sklearn.metrics import log_loss as sk_log_loss

    y, p = np.array([0, 1, 1, 0, 1]), np.array([0.1, 0.8, 0.6, 0.3, 0.99])
    close(check.run_learner("log_loss", y, p), sk_log_loss(y, p), what="day09: log_loss against sklearn",
          tol="formula_vs_library")


@pytest.mark.points(1)
def test_log_loss_clips_zero_and_one(check):
    y, p = np.array([1, 0, 1, 0]), np.array([0.0, 1.0, 1.0, 0.0])
    got = check("log_loss", y, p)
    assert np.isfinite(got), "p = 0 for a positive must give a large finite loss (-log(1e-15)), not inf"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_logreg_grad_matches_reference(check, seed):
    X, y = _data(seed, 12, 3)
    check("logreg_grad", np.array([0.5, -1.0, 0.2]), 0.1, X, y, 0.3)


@pytest.mark.points(1)
def test_logreg_grad_vanishes_at_sklearn_optimum(check):
    X, y = _titanic(3, 200)
    w, b = _sklearn_fit(X, y)
    gw, gb = check.run_learner("logreg_grad", w, b, X, y, 0.0)
    assert np.max(np.abs(gw)) < 1e-6 and abs(gb) < 1e-6, f"gradient at the optimum: {gw}, {gb} (expected ~0)"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_fit_logreg_matches_reference(check, seed):
    X, y = _data(seed, 20, 3)
    check("fit_logreg", X, y, 0.5, 25, l2=0.1)


@pytest.mark.points(2)
@pytest.mark.parametrize("l2", [0.0, 0.05])
def test_fit_logreg_matches_sklearn(check, l2):
    X, y = _titanic(5, 300)
    close(check.run_learner("fit_logreg", X, y, 1.0, 1500, l2=l2), _sklearn_fit(X, y, l2), tol="fit_vs_library",
          what=f"day09: fit_logreg(titanic 300, lr 1, 1500 steps, l2={l2}) against sklearn LogisticRegression")


@pytest.mark.points(1)
def test_fit_logreg_titanic_heldout_accuracy(check):
    X, y = _titanic(6, 400)
    Xt, yt = _titanic(7, 1000)  # standardised with its own statistics: close enough for a visible check
    w, b = check.run_learner("fit_logreg", X, y, 0.5, 300)
    accuracy = np.mean(((Xt @ w + b) > 0) == (yt == 1))
    assert accuracy >= 0.78, f"held-out accuracy {accuracy:.3f}, the bar is 0.78"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [8, 9])
def test_roc_curve_matches_sklearn_with_ties(check, seed):
    from sklearn.metrics import roc_curve as sk_roc_curve

    rng = np.random.default_rng(seed)
    y, s = rng.integers(0, 2, size=20), np.round(rng.normal(size=20), 1)
    y[:2] = [0, 1]
    close(check.run_learner("roc_curve", y, s), tuple(sk_roc_curve(y, s, drop_intermediate=False)),
          what="day09: roc_curve against sklearn", tol="formula_vs_library")


@pytest.mark.points(1)
def test_softmax_regression_iris_accuracy(check):
    X, Xt, y, yt = iris_split(0)
    W, b = check.run_learner("softmax_regression", X, y, 0.5, 500)
    accuracy = np.mean(np.argmax(Xt @ W + b, axis=1) == yt)
    assert accuracy >= 0.93, f"test accuracy {accuracy:.3f} on iris_split(0), the bar is 0.93"
