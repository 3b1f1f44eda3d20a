"""Hidden graders for day 19 (SVM margins).

Every test draws its data from its hidden seed. Unseen here: 37 × 5 against 11 × 5 kernels, a
31-point wide-margin fixture, 600 training moons, a 23 × 23 grid. The fitted SVCs handed to the
learner's functions are made here, so only the function under test is judged.

Thresholds: on make_moons(noise=0.2) a straight line reaches about 0.866 (scikit-learn's LinearSVC
averages 0.867, lowest 0.848 over 60 splits), so Pegasos is asked for 0.85, or for LinearSVC's own
accuracy less 0.015 on an unlucky split. An RBF SVM reaches about 0.967 there, which is the noise's
limit, so the learner's kernel is judged by agreement with scikit-learn's own RBF SVC (≥ 99.5% of
held-out predictions) and an accuracy of at least 0.95.
"""


import numpy as np
import pytest

from course_tools.checks import Mismatch, close, png_problem
from course_tools.throughput import assert_throughput

TOL = "formula_vs_library"  # the kernel against sklearn's: rounding only (atol 1e-12)


def _moons(seed, n_train=600, n_test=2400):
    """make_moons(noise=0.2), standardised with the training part's mean and spread."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_train + n_test, noise=0.2, random_state=seed)
    mu, sd = X[:n_train].mean(axis=0), X[:n_train].std(axis=0)
    X = (X - mu) / sd
    return X[:n_train], y[:n_train].astype(np.int64), X[n_train:], y[n_train:].astype(np.int64)


def _wide_margin(seed, n=31):
    """Two well-separated blobs and a near hard-margin linear SVC; drawn again until every point
    that is not a support vector sits clearly outside the margin (s·f > 1 + 1e-4)."""
    from sklearn.svm import SVC

    for attempt in range(50):
        rng = np.random.default_rng(seed + attempt)
        y = (np.arange(n) % 2).astype(np.int64)
        rng.shuffle(y)
        theta = rng.uniform(0, 2 * np.pi)
        direction = np.array([np.cos(theta), np.sin(theta)])
        X = rng.normal(scale=0.6, size=(n, 2)) + np.outer(2 * y - 1, 2.5 * direction) + 2 * rng.normal(size=2)
        clf = SVC(kernel="linear", C=1e4, tol=1e-8).fit(X, y)
        margin = (2 * y - 1) * clf.decision_function(X)
        others = np.setdiff1d(np.arange(n), clf.support_)
        if np.all(margin[others] > 1 + 1e-4):
            return clf, X, y
    raise RuntimeError("no clean wide-margin fixture")


def _accuracy(w, b, X, y):
    return float(np.mean(((X @ np.asarray(w) + float(b)) > 0) == (y == 1)))


# --- rbf_kernel ---------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["unseen", "square", "one_row"])
def test_rbf_kernel_matches_reference_and_sklearn(check, seed, case):
    from sklearn.metrics.pairwise import rbf_kernel

    rng = np.random.default_rng(seed)
    shapes, gamma = {"unseen": (((37, 5), (11, 5)), 0.3), "square": (((16, 2), (16, 2)), 2.0),
                     "one_row": (((1, 7), (9, 7)), 0.05)}[case]
    X, Y = (rng.normal(size=s) * 1.5 for s in shapes)
    got = check("rbf_kernel", X, Y, gamma, tol=TOL)
    close(got, rbf_kernel(X, Y, gamma=gamma), what=check.describe("rbf_kernel", (X, Y, gamma), {})
          + " against sklearn.metrics.pairwise.rbf_kernel", tol=TOL)


@pytest.mark.points(1)
def test_rbf_kernel_of_a_set_with_itself(check, seed):
    """K(X, X): ones on the diagonal, symmetric, every entry in (0, 1]."""
    X = np.random.default_rng(seed).normal(size=(13, 3))
    K = check("rbf_kernel", X, X, 0.8, tol=TOL)
    problem = ("the diagonal is not 1 (exp(0))" if not np.allclose(np.diag(K), 1.0, atol=1e-12, rtol=0) else
               "K is not symmetric" if not np.allclose(K, K.T, atol=1e-12, rtol=0) else
               "entries outside (0, 1]" if not (np.all(K > 0) and np.all(K <= 1 + 1e-12)) else None)
    if problem:
        raise Mismatch(f"{check.describe('rbf_kernel', (X, X, 0.8), {})}\n  {problem}")


@pytest.mark.points(3)
def test_rbf_kernel_drives_an_svc_on_moons(check, seed):
    """SVC(kernel="precomputed") on your kernel matrices against SVC(kernel="rbf") with the same gamma.

    (A lambda calling your function cannot cross into the sandbox; kernel matrices can.)
    """
    from sklearn.svm import SVC

    X_train, y_train, X_test, y_test = _moons(seed, n_train=400, n_test=1000)
    gamma = 2.0
    K_train = check.run_learner("rbf_kernel", X_train, X_train, gamma)
    K_test = check.run_learner("rbf_kernel", X_test, X_train, gamma)
    ours = SVC(kernel="precomputed", C=10.0).fit(K_train, y_train).predict(K_test)
    theirs = SVC(kernel="rbf", gamma=gamma, C=10.0).fit(X_train, y_train).predict(X_test)
    agree, acc = float(np.mean(ours == theirs)), float(np.mean(ours == y_test))
    if agree < 0.995 or acc < 0.95:
        raise Mismatch(f"{check.describe('rbf_kernel', (X_train, X_train, gamma), {})}\n  an SVC on your kernel "
                       f"matrices agrees with sklearn's RBF SVC on {100 * agree:.1f}% of 1000 held-out moons "
                       f"(≥ 99.5% expected) and is right on {100 * acc:.1f}% (≥ 95% expected)")


@pytest.mark.points(2)
def test_rbf_kernel_throughput(check, ref_module, seed):
    """Within 5× the reference's time on (300, 5) × (200, 5): a Python loop over points is far slower."""
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(300, 5)), rng.normal(size=(200, 5))
    check("rbf_kernel", X, Y, 0.5, tol=TOL)
    assert_throughput(check.timed("rbf_kernel", X, Y, 0.5), lambda: ref_module.rbf_kernel(X, Y, 0.5), max_ratio=5.0,
                      what="day19: rbf_kernel((300, 5), (200, 5))", seed=seed,
                      hint="no loop over points: broadcast X[:, None, :] − Y[None, :, :], or expand the square")


# --- fit_linear_svm -----------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("C", [0.1, 3.0])
def test_fit_linear_svm_exact_for_seed(check, seed, C):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(37, 3)) + np.array([1.0, -0.5, 2.0])
    score = X @ rng.normal(size=3) + 0.3 * rng.normal(size=37)
    y = (score > np.median(score)).astype(np.int64)  # both classes, 18 and 19 points
    check("fit_linear_svm", X, y, C, 3, seed,
          hint="follow the docstring's recipe exactly: one default_rng(seed), one permutation per epoch, "
               "margin from the old w and b, both shrunk by (1 − eta·λ), then the hinge step")


@pytest.mark.points(4)
def test_fit_linear_svm_moons_accuracy(check, seed):
    from sklearn.svm import LinearSVC

    X_train, y_train, X_test, y_test = _moons(seed)
    out = check.run_learner("fit_linear_svm", X_train, y_train, 0.1, 10, seed)
    what = check.describe("fit_linear_svm", (X_train, y_train, 0.1, 10, seed), {})
    if not (isinstance(out, (tuple, list)) and len(out) == 2 and np.shape(out[0]) == (2,) and np.ndim(out[1]) == 0):
        raise Mismatch(f"{what}\n  expected (w, b) with w of shape (2,) and b a float")
    acc = _accuracy(*out, X_test, y_test)
    library = LinearSVC(C=0.1).fit(X_train, y_train).score(X_test, y_test)
    if acc < 0.85 and acc < library - 0.015:
        raise Mismatch(f"{what}\n  held-out accuracy {acc:.3f} on 2400 moons: at least 0.85 is expected (or within "
                       f"0.015 of sklearn's LinearSVC, {library:.3f}, on this split) — are the labels ±1 for the "
                       "hinge, and is there a bias?")


@pytest.mark.points(2)
def test_fit_linear_svm_needs_its_bias(check, seed):
    """Two blobs far from the origin: no line through the origin splits them, a line with a bias does."""
    rng = np.random.default_rng(seed)
    y = (rng.random(200) < 0.5).astype(np.int64)
    y[:2] = [0, 1]
    X = rng.normal(scale=0.5, size=(200, 2)) + np.array([3.0, 3.0]) + 1.5 * (2 * y - 1)[:, None]
    out = check.run_learner("fit_linear_svm", X, y, 1.0, 20, seed)
    acc = _accuracy(*out, X, y)
    if acc < 0.95:
        raise Mismatch(f"{check.describe('fit_linear_svm', (X, y, 1.0, 20, seed), {})}\n  training accuracy "
                       f"{acc:.3f} on two blobs around (1.5, 1.5) and (4.5, 4.5), which a line separates: at least 0.95 "
                       "is expected — a boundary without a bias must pass through the origin")


# --- support_vector_mask -------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_support_vector_mask_is_support_on_wide_margin(check, seed):
    clf, X, y = _wide_margin(seed)
    got = check("support_vector_mask", clf, X, y, 1e-5, tol="exact")  # the learner's tol is positional here:
    # `tol=` names check's own comparison tolerance. libsvm at tol 1e-8 leaves margins within ~1e-7 of 1.
    want = np.isin(np.arange(len(y)), clf.support_)
    close(got, want, what=check.describe("support_vector_mask", (clf, X, y, 1e-5), {})
          + " against SVC.support_ (the points with a non-zero dual coefficient)", tol="exact")


@pytest.mark.points(3)
@pytest.mark.parametrize("kernel", ["rbf", "linear"])
def test_support_vector_mask_on_overlapping_moons(check, seed, kernel):
    """Overlapping classes: the margin holds the support vectors and every point on the wrong side."""
    from sklearn.svm import SVC

    X, y, _, _ = _moons(seed, n_train=120, n_test=1)
    clf = SVC(kernel=kernel, gamma=2.0, C=1.0).fit(X, y)
    got = check("support_vector_mask", clf, X, y, tol="exact")
    missing = np.setdiff1d(np.flatnonzero((2 * y - 1) * clf.decision_function(X) < 0), np.flatnonzero(got))
    if missing.size:
        raise Mismatch(f"{check.describe('support_vector_mask', (clf, X, y), {})}\n  misclassified points "
                       f"{missing[:5].tolist()} are not flagged: their margin s·f(x) is negative, so below 1")


# --- decision_grid and its picture ----------------------------------------------------------------------

def _fitted_rbf(seed):
    from sklearn.svm import SVC

    X, y, _, _ = _moons(seed, n_train=150, n_test=1)
    return SVC(kernel="rbf", gamma=1.0, C=3.0).fit(X, y), X, y


@pytest.mark.points(2)
def test_decision_grid_matches_reference(check, seed):
    clf, _, _ = _fitted_rbf(seed)
    check("decision_grid", clf, (-2.5, 2.5), (-2.0, 3.0), 23)


@pytest.mark.points(2)
def test_plot_decision_grid_png_of_600_by_400(check, ref_module, seed):
    clf, X, y = _fitted_rbf(seed)
    xx, yy, zz = ref_module.decision_grid(clf, (-2.5, 2.5), (-2.0, 3.0), 40)
    path = f"{check.scratch_dir()}/svm_grid.png"
    png = check.run_learner("plot_decision_grid", xx, yy, zz, X, y, path)
    what = check.describe("plot_decision_grid", (xx, yy, zz, X, y, path), {})
    problem = png_problem(png, 600, 400)
    if problem is None and check.read_file(path) != bytes(png):
        problem = f"the bytes returned are not the file written at {path}"
    if problem is None:  # a picture of the data changes with the data
        other = check.run_learner("plot_decision_grid", xx, yy, -zz, X, 1 - y, path)
        if png_problem(other, 600, 400) is None and bytes(other) == bytes(png):
            problem = "the opposite decision function and labels gave the same picture: draw zz and the points"
    if problem:
        raise Mismatch(f"{what}\n  {problem}")
