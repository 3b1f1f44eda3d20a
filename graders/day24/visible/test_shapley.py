"""Day 24 visible tests: run them with  pytest assignments/day24  (or  ai100 check day24).

Your Shapley values are checked by what every correct answer has: they add up to f(x) − mean
f(background), equal w·(x − mean background) for a linear model, give symmetric features equal
credit and an unused feature none. top_features is compared with values recorded from the
reference; partial_dependence_1d with scikit-learn (atol 1e-8). The autograder compares with the
reference on inputs you do not see, and names a wrong coalition weight when it sees one.
"""

import numpy as np
import pytest

from course_tools.checks import Named, close


def _linear(seed, d, n_background):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=d)
    return Named("f = x·w + 0.5", lambda Z: Z @ w + 0.5), w, rng.normal(size=d), rng.normal(size=(n_background, d))


def _nonlinear(seed, d, n_background):
    rng = np.random.default_rng(seed)
    f = Named("f = x0·x1 + x2³ − x0·x2·x3", lambda Z: Z[:, 0] * Z[:, 1] + Z[:, 2] ** 3 - Z[:, 0] * Z[:, 2] * Z[:, 3])
    return f, rng.normal(size=d), rng.normal(size=(n_background, d))


@pytest.mark.points(1)
def test_coalition_values_ends(check):
    f, x, bg = _nonlinear(0, 4, 6)
    v = check.run_learner("coalition_values", f, x, bg)
    assert np.shape(v) == (16,), f"expected 2^4 = 16 coalition values, got shape {np.shape(v)}"
    close(v[[0, -1]], np.array([f(bg).mean(), f(x[None])[0]]), what="day24: coalition_values: v(∅) and v(all)")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_exact_shapley_additivity(check, seed):
    f, x, bg = _nonlinear(seed, 5, 8)
    phi = check.run_learner("exact_shapley", f, x, bg)
    close(float(np.sum(phi)), float(f(x[None])[0] - f(bg).mean()),
          what=f"day24: exact_shapley, sum(phi) against f(x) − mean f(background), seed {seed}")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_exact_shapley_linear_model(check, seed):
    f, w, x, bg = _linear(seed, 6, 5)
    phi = check.run_learner("exact_shapley", f, x, bg)
    close(phi, w * (x - bg.mean(axis=0)), what=f"day24: exact_shapley of a linear model against w·(x − x̄), seed {seed}")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_exact_shapley_symmetry_and_dummy(check, seed):
    """f = x0·x1 + x2: features 0 and 1 are interchangeable when x and the background agree on them; x3 is unused."""
    rng = np.random.default_rng(seed)
    x, bg = rng.normal(size=4), rng.normal(size=(5, 4))
    x[1], bg[:, 1] = x[0], bg[:, 0]
    f = Named("f = x0·x1 + x2", lambda Z: Z[:, 0] * Z[:, 1] + Z[:, 2])
    phi = check.run_learner("exact_shapley", f, x, bg)
    close(phi[1], phi[0], what="day24: exact_shapley, phi[1] against phi[0] (symmetric features)")
    close(phi[3], 0.0, what="day24: exact_shapley, phi[3] of a feature f never reads")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4, 5])
def test_top_features_matches_reference(check, seed):
    phi = np.random.default_rng(seed).normal(0, 10, size=6)
    check("top_features", phi, ["age", "sex", "bmi", "bp", "s1", "s2"], 3)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_kernel_shap_linear_model_is_exact(check, seed):
    f, w, x, bg = _linear(seed, 5, 4)
    phi = check.run_learner("kernel_shap", f, x, bg, 50, seed)
    close(phi, w * (x - bg.mean(axis=0)), what="day24: kernel_shap of a linear model against w·(x − x̄)")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_partial_dependence_1d_matches_sklearn(check, seed):
    from sklearn.datasets import load_diabetes
    from sklearn.inspection import partial_dependence
    from sklearn.tree import DecisionTreeRegressor

    X, y = load_diabetes(return_X_y=True)
    model = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    grid = np.linspace(-0.08, 0.12, 6)
    want = partial_dependence(model, X[:50], [2], custom_values={2: grid}, method="brute")["average"][0]
    got = check.run_learner("partial_dependence_1d", model, X[:50], 2, grid)
    close(got, want, what="day24: partial_dependence_1d(tree, X[:50], j=2) vs sklearn", tol="algorithm_vs_library")
