"""Hidden graders for day 24 (exact Shapley values, KernelSHAP, partial dependence).

The model f is a grader function (course_tools.checks.Named, so a failure names it); in the
sandbox each call to it is a round trip, so the sizes here keep even a once-per-coalition design
well under a second: forests see 6 of the diabetes features (64 coalitions), the 10-feature cases
use cheap NumPy functions. Functions that take callables cannot be recorded, so answers are judged
with `check.against` on values computed here or by the live reference; the classic mistakes of
mistakes.py are still named. Never used by the visible tests: 7 features with 11 background rows,
and a forest on features (0, 2, 3, 4, 8, 9).
"""

import functools

import numpy as np
import pytest

from course_tools.checks import Mismatch, Named, close

LIB = "algorithm_vs_library"
FOREST_FEATURES = [0, 2, 3, 4, 8, 9]  # age, bmi, bp, s1, s5, s6


@functools.lru_cache(maxsize=1)
def _diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    return X.astype(np.float64), y.astype(np.float64)


@functools.lru_cache(maxsize=2)
def _forest(features=tuple(FOREST_FEATURES)):
    from sklearn.ensemble import RandomForestRegressor

    X, y = _diabetes()
    return RandomForestRegressor(n_estimators=8, max_depth=4, random_state=0).fit(X[:300][:, list(features)], y[:300])


def _forest_case(seed, n_background):
    X, _ = _diabetes()
    rng = np.random.default_rng(seed)
    rows = rng.choice(np.arange(300, len(X)), size=n_background + 1, replace=False)
    Xf = X[:, FOREST_FEATURES]
    return Named("f = random forest (8 trees, depth 4).predict", _forest().predict), Xf[rows[0]].copy(), Xf[rows[1:]].copy()


def _linear_case(seed, d, n_background):
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=d), float(rng.normal())
    f = Named(f"f = linear model (w of {d}, b = {b:.3g})", lambda Z: Z @ w + b)
    return f, w, rng.normal(size=d), rng.normal(size=(n_background, d))


def _nonlinear_case(seed, d, n_background):
    """Interactions of order 2 and 3 and a saturating term: Shapley values differ from any linear attribution."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=d)

    def f(Z):
        return Z @ w + 1.5 * Z[:, 0] * Z[:, 1] - Z[:, 1] * Z[:, 2] * Z[:, 3] + np.tanh(2 * Z[:, d - 1]) * Z[:, 0] ** 2

    return Named("f = linear + x0·x1 − x1·x2·x3 + tanh(2·x_last)·x0²", f), rng.normal(size=d), rng.normal(size=(n_background, d))


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- coalition_values -----------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["nonlinear_7", "forest_6"])
def test_coalition_values_matches_reference(check, ref_module, seed, case):
    f, x, bg = _forest_case(seed, 9) if case == "forest_6" else _nonlinear_case(seed, 7, 11)
    check.against("coalition_values", ref_module.coalition_values(f, x, bg), f, x, bg)


@pytest.mark.points(1)
def test_coalition_values_ends_are_mean_f_and_f_of_x(check, seed):
    f, x, bg = _nonlinear_case(seed, 5, 8)
    v = np.asarray(check.run_learner("coalition_values", f, x, bg))
    what = check.describe("coalition_values", (f, x, bg), {})
    _require(v.shape == (32,), f"{what}\n  expected 2^5 = 32 values, got shape {v.shape}")
    close(v[[0, -1]], np.array([f(bg).mean(), f(x[None])[0]]), what=f"{what}: v(∅) = mean f(background), v(all) = f(x)")


# --- exact_shapley --------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["forest_6", "nonlinear_7", "nonlinear_10"])
def test_exact_shapley_matches_reference(check, ref_module, seed, case):
    if case == "forest_6":
        f, x, bg = _forest_case(seed, 17)
    else:
        f, x, bg = _nonlinear_case(seed, int(case.split("_")[1]), 11)
    check.against("exact_shapley", ref_module.exact_shapley(f, x, bg), f, x, bg)


@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["forest_6", "nonlinear_9"])
def test_exact_shapley_additivity(check, seed, case):
    f, x, bg = _forest_case(seed, 13) if case == "forest_6" else _nonlinear_case(seed, 9, 6)
    phi = check.run_learner("exact_shapley", f, x, bg)
    close(float(np.sum(phi)), float(f(x[None])[0] - f(bg).mean()),
          what=check.describe("exact_shapley", (f, x, bg), {}) + ": sum(phi) against f(x) − mean f(background)")


@pytest.mark.points(3)
@pytest.mark.parametrize("d, n_background", [(7, 11), (10, 4)])
def test_exact_shapley_linear_model_is_w_times_deviation(check, seed, d, n_background):
    f, w, x, bg = _linear_case(seed, d, n_background)
    check.against("exact_shapley", w * (x - bg.mean(axis=0)), f, x, bg)


@pytest.mark.points(2)
def test_exact_shapley_symmetry(check, seed):
    """Features 1 and 3 enter f the same way and have equal values in x and in every background row."""
    rng = np.random.default_rng(seed)
    x, bg = rng.normal(size=6), rng.normal(size=(8, 6))
    x[3], bg[:, 3] = x[1], bg[:, 1]
    f = Named("f = (x1 + x3)² + x0·x2 + sin(x4)·x1·x3 + x5", lambda Z: (Z[:, 1] + Z[:, 3]) ** 2 + Z[:, 0] * Z[:, 2]
              + np.sin(Z[:, 4]) * Z[:, 1] * Z[:, 3] + Z[:, 5])
    phi = check.run_learner("exact_shapley", f, x, bg)
    close(phi[3], phi[1], what=check.describe("exact_shapley", (f, x, bg), {}) + ": phi[3] against phi[1] (symmetric "
          "features get equal credit)")
    _require(abs(phi[1]) > 1e-3, "the symmetric features' credit should not vanish")


@pytest.mark.points(2)
def test_exact_shapley_dummy_feature_gets_zero(check, seed):
    f0, x, bg = _nonlinear_case(seed, 7, 9)
    f = Named(f"{f0!r}, with feature 5 ignored", lambda Z: f0(np.where(np.arange(7) == 5, 0.0, Z)))
    phi = check.run_learner("exact_shapley", f, x, bg)
    close(phi[5], 0.0, what=check.describe("exact_shapley", (f, x, bg), {}) + ": phi[5] of a feature f never reads")


@pytest.mark.points(1)
def test_exact_shapley_one_background_row(check, ref_module, seed):
    f, x, bg = _nonlinear_case(seed, 4, 1)
    check.against("exact_shapley", ref_module.exact_shapley(f, x, bg), f, x, bg)


# --- top_features ---------------------------------------------------------------------------------------

NAMES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


@pytest.mark.points(2)
@pytest.mark.parametrize("d, k", [(10, 3), (7, 7), (5, 9)])
def test_top_features_matches_reference(check, seed, d, k):
    phi = np.random.default_rng(seed).normal(0, 10, size=d)
    check("top_features", phi, NAMES[:d], k)


@pytest.mark.points(1)
def test_top_features_ties_keep_feature_order(check, seed):
    rng = np.random.default_rng(seed)
    phi = np.round(rng.normal(0, 2, size=10))  # whole numbers: many equal magnitudes, some of opposite signs
    phi[[2, 7]] = [-5.0, 5.0]
    check("top_features", phi, NAMES, 6)


# --- stretch: kernel_shap -------------------------------------------------------------------------------

@pytest.mark.points(2)
def test_kernel_shap_exact_for_seed(check, ref_module, seed):
    f, x, bg = _nonlinear_case(seed, 6, 5)
    check.against("kernel_shap", ref_module.kernel_shap(f, x, bg, 300, seed), f, x, bg, 300, seed,
                  hint="follow the docstring's recipe: default_rng(seed), the sizes drawn with p ∝ (D−1)/(s(D−s)), "
                       "then rng.choice(D, size=s, replace=False) per coalition; another correct stream fails only here")


@pytest.mark.points(2)
@pytest.mark.parametrize("d", [5, 10])
def test_kernel_shap_linear_model_is_exact(check, seed, d):
    """For an additive f every coalition fits exactly, so any sample gives the exact values."""
    f, w, x, bg = _linear_case(seed, d, 7)
    check.against("kernel_shap", w * (x - bg.mean(axis=0)), f, x, bg, 64, seed)


@pytest.mark.points(2)
def test_kernel_shap_sums_to_the_total(check, seed):
    f, x, bg = _nonlinear_case(seed, 8, 6)
    phi = check.run_learner("kernel_shap", f, x, bg, 200, seed)
    close(float(np.sum(phi)), float(f(x[None])[0] - f(bg).mean()),
          what=check.describe("kernel_shap", (f, x, bg, 200, seed), {}) + ": sum(phi) against f(x) − mean f(background)")


@pytest.mark.points(3)
def test_kernel_shap_within_1e2_of_exact(check, ref_module, seed):
    """6 features, 8000 coalitions: the relative error ‖phi − exact‖ / ‖exact‖ is about 1e-3 here (the worst of
    60 seeds 4e-3); the bound is 1e-2."""
    f, x, bg = _nonlinear_case(seed, 6, 6)
    f = Named(repr(f) + " / 10 + x·w", lambda Z, g=f, w=np.linspace(1, 2, 6): g(Z) / 10 + Z @ w)
    exact = ref_module.exact_shapley(f, x, bg)
    phi = np.asarray(check.run_learner("kernel_shap", f, x, bg, 8000, seed))
    error = float(np.linalg.norm(phi - exact) / np.linalg.norm(exact))
    _require(error <= 1e-2, f"{check.describe('kernel_shap', (f, x, bg, 8000, seed), {})}\n  relative error "
             f"{error:.3g} against the exact Shapley values (allowed 1e-2) — check the size distribution and the "
             "constrained least squares")


# --- stretch: partial_dependence_1d ---------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("j, n_grid", [(2, 7), (4, 13)])
def test_partial_dependence_1d_matches_sklearn(check, seed, j, n_grid):
    from sklearn.inspection import partial_dependence

    X, _ = _diabetes()
    Xf = X[np.random.default_rng(seed).choice(len(X), size=53, replace=False)][:, FOREST_FEATURES]
    grid = np.sort(np.random.default_rng(seed + 1).uniform(Xf[:, j].min(), Xf[:, j].max(), size=n_grid))
    model = _forest()
    want = partial_dependence(model, Xf, [j], custom_values={j: grid}, method="brute", kind="average")["average"][0]
    check.against("partial_dependence_1d", want, model, Xf, j, grid, tol=LIB)


@pytest.mark.points(1)
def test_partial_dependence_1d_linear_model(check, seed):
    """A linear regressor's curve is a line of slope w_j through the mean prediction."""
    from sklearn.linear_model import LinearRegression

    X, y = _diabetes()
    model = LinearRegression().fit(X, y)
    grid = np.linspace(-0.1, 0.1, 5)
    j = int(np.random.default_rng(seed).integers(10))
    Xs = X[:41]
    want = model.predict(Xs).mean() + model.coef_[j] * (grid - Xs[:, j].mean())
    check.against("partial_dependence_1d", want, model, Xs, j, grid, tol=LIB)
