"""Day 19 visible tests: run them with  pytest assignments/day19  (or  ai100 check day19).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with scikit-learn (its rbf_kernel, SVC and LinearSVC), and with properties every
correct answer has. The autograder runs more cases on data you do not see.
"""

import numpy as np
import pytest


def _moons(seed, n_train=300, n_test=1000):
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_train + n_test, noise=0.2, random_state=seed)
    mu, sd = X[:n_train].mean(axis=0), X[:n_train].std(axis=0)
    X = (X - mu) / sd
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_rbf_kernel_matches_sklearn(check, seed):
    from sklearn.metrics.pairwise import rbf_kernel

    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(4, 3))
    got = check("rbf_kernel", X, Y, 0.7, tol="formula_vs_library")
    np.testing.assert_allclose(got, rbf_kernel(X, Y, gamma=0.7), atol=1e-12, rtol=0)


@pytest.mark.points(1)
def test_rbf_kernel_feeds_a_precomputed_svc(check):
    from sklearn.svm import SVC

    X_train, y_train, X_test, y_test = _moons(2)
    K_train = check.run_learner("rbf_kernel", X_train, X_train, 2.0)
    K_test = check.run_learner("rbf_kernel", X_test, X_train, 2.0)
    acc = SVC(kernel="precomputed", C=10.0).fit(K_train, y_train).score(K_test, y_test)
    assert acc >= 0.95, f"an SVC on your kernel matrices is right on {100 * acc:.1f}% of held-out moons (≥ 95%)"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_fit_linear_svm_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, 2)) + 1.0
    y = (X[:, 0] - X[:, 1] + 0.3 * rng.normal(size=20) > 0).astype(np.int64)
    w, b = check("fit_linear_svm", X, y, 1.0, 2, seed)
    assert isinstance(b, float), "return b as a Python float"


@pytest.mark.points(1)
def test_fit_linear_svm_accuracy_on_moons(check):
    X_train, y_train, X_test, y_test = _moons(4, n_train=600, n_test=2000)
    w, b = check.run_learner("fit_linear_svm", X_train, y_train, 0.1, 10, 4)
    acc = np.mean(((X_test @ w + b) > 0) == (y_test == 1))
    assert acc >= 0.85, f"held-out accuracy {acc:.3f}: a straight line reaches about 0.86 on these moons"


@pytest.mark.points(1)
def test_support_vector_mask_equals_svc_support(check):
    from sklearn.svm import SVC

    rng = np.random.default_rng(5)
    y = np.array([0, 1] * 10)
    X = rng.normal(scale=0.5, size=(20, 2)) + 3.0 * (2 * y - 1)[:, None] * np.array([0.6, 0.8])
    clf = SVC(kernel="linear", C=1e4, tol=1e-8).fit(X, y)
    mask = check.run_learner("support_vector_mask", clf, X, y, 1e-5)
    assert mask.dtype == bool and mask.shape == (20,), "return an (N,) bool array"
    assert sorted(np.flatnonzero(mask)) == sorted(clf.support_), (np.flatnonzero(mask), clf.support_)


@pytest.mark.points(1)
def test_decision_grid_shapes_and_values(check):
    from sklearn.svm import SVC

    X_train, y_train, _, _ = _moons(6, n_train=100, n_test=1)
    clf = SVC(kernel="rbf", gamma=1.0).fit(X_train, y_train)
    xx, yy, zz = check.run_learner("decision_grid", clf, (-2.0, 2.0), (-1.0, 3.0), 5)
    assert xx.shape == yy.shape == zz.shape == (5, 5)
    assert xx[0, -1] == 2.0 and yy[-1, 0] == 3.0, "xx varies along a row, yy down a column (np.meshgrid)"
    np.testing.assert_allclose(zz[1, 2], clf.decision_function([[xx[1, 2], yy[1, 2]]])[0], atol=1e-12)


@pytest.mark.points(1)
def test_plot_decision_grid_writes_a_png(check, tmp_path):
    import io

    from PIL import Image

    xx, yy = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    X = np.array([[0.5, 0.5], [-0.5, -0.5]])
    png = check.run_learner("plot_decision_grid", xx, yy, xx + yy, X, np.array([1, 0]), str(tmp_path / "g.png"))
    assert Image.open(io.BytesIO(png)).size == (600, 400), "figsize=(6, 4) at dpi=100, no bbox_inches='tight'"
