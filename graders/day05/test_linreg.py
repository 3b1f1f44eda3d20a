"""Hidden graders for day 05, linreg.py: ols_fit and linreg_gd.

ols_fit is compared with the reference and with scikit-learn's LinearRegression (to 1e-6, the
day's stated contract), on random data, on the diabetes set, on nearly collinear features and on
a repeated feature. linreg_gd is compared step by step with the reference's recipe on small random
problems (every mode, a batch size that leaves a short last batch), then judged by what it
reaches on the standardised diabetes set: the least-squares loss, a batch loss that never rises,
one history entry per step. Every input comes from the test's hidden seed; the 37×5 problem is
never used by the visible tests.
"""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression

from course_tools.checks import close, expect_raises

# The day's contract with scikit-learn (PLAN: "OLS vs sklearn atol 1e-6"): the kit's fit_vs_library row.
SKLEARN_OLS = "fit_vs_library"  # atol 1e-6 against LinearRegression
NORMAL_EQUATIONS_HINT = ("on nearly collinear features the normal equations inv(XᵀX)Xᵀy lose about half the "
                         "digits (they square the condition number): use np.linalg.lstsq or a QR factorisation")


def _regression(seed, n, d, noise=0.1):
    """Features of different scales and offsets, a known plane plus noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d) * 2
    y = X @ rng.normal(size=d) * 2 + rng.normal() * 3 + rng.normal(size=n) * noise
    return X, y


def _standard(seed, n, d):
    """Standardised-looking features, for gradient descent steps that stay stable."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X, X @ rng.normal(size=d) + rng.normal() + rng.normal(size=n) * 0.3


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y  # 442 × 10, every column mean 0, std 1; y as it is


def _sklearn(X, y, fit_intercept=True):
    model = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    return model.coef_, float(model.intercept_)


# --- ols_fit -----------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("n, d", [(20, 3), (37, 5), (8, 7), (50, 1)])  # (8, 7): one sample more than unknowns
def test_ols_fit_matches_reference(check, seed, n, d):
    X, y = _regression(seed, n, d)
    check("ols_fit", X, y)


@pytest.mark.points(2)
def test_ols_fit_matches_sklearn_on_diabetes(check, seed):
    X, y = load_diabetes(return_X_y=True)
    rows = np.sort(np.random.default_rng(seed).choice(len(X), size=300, replace=False))
    X, y = X[rows], y[rows]
    got = check.run_learner("ols_fit", X, y)
    close(got, _sklearn(X, y), tol=SKLEARN_OLS,
          what=check.describe("ols_fit", (X, y), {}) + " (300 rows of diabetes) against sklearn LinearRegression",
          mistakes=check.ref.mistakes("ols_fit", (X, y), {}))


@pytest.mark.points(1)
def test_ols_fit_without_intercept_matches_sklearn(check, seed):
    X, y = _regression(seed, 30, 4)
    got = check("ols_fit", X, y, fit_intercept=False)
    close(got, _sklearn(X, y, fit_intercept=False), tol=SKLEARN_OLS,
          what=check.describe("ols_fit", (X, y), {"fit_intercept": False}) + " against sklearn")


@pytest.mark.points(2)
def test_ols_fit_nearly_collinear_features(check, seed):
    """Column 3 is column 0 plus 1e-5 noise (condition number ~2e5); y is exactly a plane, so the
    answer is known: lstsq recovers it to ~1e-11, the normal equations miss by ~1e-6 or worse."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(50, 3))
    X = np.column_stack([base, base[:, 0] + 1e-5 * rng.normal(size=50)]) + rng.normal(size=4) * 3
    w_true, b_true = np.array([1.0, -2.0, 0.5, 1.5]), 0.7
    got = check("ols_fit", X, X @ w_true + b_true, hint=NORMAL_EQUATIONS_HINT)
    close(got, (w_true, b_true), what=check.describe("ols_fit", (X, X @ w_true + b_true), {}) + " against the "
          "plane that made y", hint=NORMAL_EQUATIONS_HINT)


@pytest.mark.points(2)
def test_ols_fit_repeated_feature_gives_minimum_norm(check, seed):
    """Column 3 repeats column 1: any split of their weight fits; the smallest-norm one halves it."""
    X, y = _regression(seed, 30, 3)
    X = np.column_stack([X, X[:, 1]])
    got = check("ols_fit", X, y, hint="with a repeated column XᵀX is singular: np.linalg.lstsq returns the "
                                       "minimum-norm solution, solve/inv fail or return nonsense")
    close(got, _sklearn(X, y), tol=SKLEARN_OLS, what=check.describe("ols_fit", (X, y), {}) + " against sklearn")


# --- linreg_gd: the recipe, step by step ---------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("mode, options", [
    ("batch", dict(lr=0.05, epochs=30)),
    ("minibatch", dict(lr=0.05, epochs=4, batch_size=5)),  # 23 samples: batches of 5, 5, 5, 5, 3
    ("sgd", dict(lr=0.02, epochs=2)),
])
def test_linreg_gd_matches_reference(check, seed, mode, options):
    X, y = _standard(seed, 23, 4)
    check("linreg_gd", X, y, mode, seed=seed, **options)


@pytest.mark.points(1)
def test_linreg_gd_history_has_one_entry_per_step(check, seed):
    X, y = _diabetes()
    for mode, size, steps in [("minibatch", 50, 9), ("sgd", 1, 442), ("batch", 442, 1)]:
        kwargs = dict(lr=0.001, epochs=3, batch_size=size, seed=seed)
        _, _, history = check.run_learner("linreg_gd", X, y, mode, **kwargs)
        what = check.describe("linreg_gd", (X, y, mode), kwargs)
        assert np.shape(history) == (3 * steps,), (
            f"{what}\n  history has shape {np.shape(history)}, expected ({3 * steps},): 442 samples make "
            f"{steps} step(s) per epoch in {mode} mode (batch size {size}, the last one shorter), for 3 epochs")


# --- linreg_gd: where it gets to ----------------------------------------------------------------------

CONVERGENCE = {  # mode: (options, the largest excess loss over least squares, as a fraction)
    "batch": (dict(lr=0.2, epochs=2000), 1e-6),
    "minibatch": (dict(lr=0.01, epochs=100, batch_size=32), 0.02),
    "sgd": (dict(lr=0.0005, epochs=30), 0.02),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("mode", list(CONVERGENCE))
def test_linreg_gd_reaches_least_squares_on_diabetes(check, seed, mode):
    X, y = _diabetes()
    options, excess = CONVERGENCE[mode]
    w, b, _ = check.run_learner("linreg_gd", X, y, mode, seed=seed, **options)
    w_ols, b_ols = _sklearn(X, y)
    loss, best = np.mean((X @ w + b - y) ** 2), np.mean((X @ w_ols + b_ols - y) ** 2)
    what = check.describe("linreg_gd", (X, y, mode), {**options, "seed": seed}) + " on standardised diabetes"
    assert loss <= best * (1 + excess), (
        f"{what}\n  final loss {loss:.6g}, least squares reaches {best:.6g}: {100 * (loss / best - 1):.3g}% above it, "
        f"the limit is {100 * excess:g}%")
    if mode == "batch":  # full-batch descent this long gets the weights themselves
        gap = max(np.max(np.abs(w - w_ols)), abs(b - b_ols))
        assert gap < 0.1, f"{what}\n  w, b differ from least squares by up to {gap:.3g} (limit 0.1)"


@pytest.mark.points(1)
def test_linreg_gd_batch_loss_never_rises(check, seed):
    X, y = _diabetes()
    kwargs = dict(lr=0.2, epochs=300, seed=seed)
    _, _, history = check.run_learner("linreg_gd", X, y, "batch", **kwargs)
    history = np.asarray(history)
    rises = np.flatnonzero(np.diff(history) > 1e-12 * history[:-1])  # beyond rounding
    assert rises.size == 0, (
        f"{check.describe('linreg_gd', (X, y, 'batch'), kwargs)}\n  the full-batch loss rose at step {rises[0] + 1}: "
        f"{history[rises[0]]:.6g} → {history[rises[0] + 1]:.6g}; with lr 0.2 below 2 / (largest curvature) "
        "every full-batch step must lower it")


@pytest.mark.points(1)
def test_linreg_gd_sgd_history_is_noisy_where_batch_is_smooth(check, seed):
    X, y = _diabetes()
    kwargs = dict(lr=0.0005, epochs=2, seed=seed)
    _, _, history = check.run_learner("linreg_gd", X, y, "sgd", **kwargs)
    history = np.asarray(history)
    rises = int(np.sum(np.diff(history) > 0))
    assert rises > len(history) // 10, (
        f"{check.describe('linreg_gd', (X, y, 'sgd'), kwargs)}\n  only {rises} of {len(history) - 1} SGD steps "
        "saw a higher loss than the step before: one-sample losses jump around — is each step really using one "
        "shuffled sample, and recording that sample's loss?")


@pytest.mark.points(1)
def test_linreg_gd_rejects_unknown_mode(check, seed):
    X, y = _standard(seed, 10, 2)
    expect_raises(ValueError, check.describe("linreg_gd", (X, y, "adam"), {}),
                        lambda: check.run_learner("linreg_gd", X, y, "adam"),
                        because="the modes are 'batch', 'minibatch' and 'sgd'")
