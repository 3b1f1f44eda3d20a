"""Hidden graders for day 20 (PCA by hand on the digits).

Each test draws its rows from its hidden seed: random subsets of scikit-learn's 1 797 digits, or
Gaussian data with a planted spectrum. Never used by the visible tests: 211 digits with k = 13, and
a (37, 11) Gaussian set with k = 5. Against scikit-learn, PCA(svd_solver="full") is the judge, with
the same sign rule, within atol 1e-8 (tolerance row "algorithm_vs_library").
"""

import functools

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, png_problem

LIB = "algorithm_vs_library"


@functools.lru_cache(maxsize=1)
def _all_digits():
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X.astype(np.float64), y.astype(np.int64)


def _digits(seed, n):
    X, y = _all_digits()
    rows = np.sort(np.random.default_rng(seed).choice(len(X), size=n, replace=False))
    return X[rows].copy(), y[rows].copy()


def _planted(seed, n, d):
    """Gaussian rows with well-separated variances along random orthogonal directions, and an offset."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    scales = 2.0 ** -np.arange(d) * 5.0
    return rng.standard_normal((n, d)) * scales @ q.T + rng.normal(0, 3, size=d)


def _model(X, k):
    """The grader's own model (SVD + sign rule), so transform and ratio are judged on their own."""
    mean = X.mean(axis=0)
    _, s, vt = np.linalg.svd(X - mean, full_matrices=False)
    comps = vt[:k] * np.sign(vt[np.arange(k), np.argmax(np.abs(vt[:k]), axis=1)])[:, None]
    return {"mean": mean, "components": comps, "explained_variance": s[:k] ** 2 / (len(X) - 1),
            "total_variance": float(np.sum((X - mean) ** 2) / (len(X) - 1))}


def _sklearn(X, k):
    from sklearn.decomposition import PCA

    return PCA(n_components=k, svd_solver="full").fit(X)


def _check_model(check, name, X, k):
    """Components, then variances, then the whole dict: a classic mistake is named by the first part it spoils."""
    for key in ("components", "explained_variance"):
        check(name, X, k, pick=lambda model, key=key: model[key])
    check(name, X, k)


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- pca_fit ----------------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("n, k", [(300, 2), (211, 13), (1797, 10)])
def test_pca_fit_matches_reference_on_digits(check, seed, n, k):
    X, _ = _digits(seed, n)
    _check_model(check, "pca_fit", X, k)


@pytest.mark.points(2)
@pytest.mark.parametrize("n, d, k", [(37, 11, 5), (9, 20, 4)])
def test_pca_fit_matches_reference_planted(check, seed, n, d, k):
    """(9, 20): fewer samples than features, where the Gram-matrix shortcut gives components of the wrong length."""
    _check_model(check, "pca_fit", _planted(seed, n, d), k)


@pytest.mark.points(3)
@pytest.mark.parametrize("n, k", [(500, 2), (211, 13)])
def test_pca_fit_matches_sklearn(check, seed, n, k):
    X, _ = _digits(seed, n)
    model = check.run_learner("pca_fit", X, k)
    what = check.describe("pca_fit", (X, k), {})
    _require(isinstance(model, dict) and {"mean", "components", "explained_variance", "total_variance"} <= set(model),
             f"{what}\n  expected a dict with keys mean, components, explained_variance, total_variance; got "
             f"{sorted(model) if isinstance(model, dict) else type(model).__name__}")
    sk = _sklearn(X, k)
    for key, want in [("mean", sk.mean_), ("components", sk.components_), ("explained_variance", sk.explained_variance_)]:
        close(np.asarray(model[key]), want, what=f"{what}: {key} against sklearn PCA(svd_solver='full')", tol=LIB,
              check_dtype=False)


@pytest.mark.points(2)
def test_pca_fit_components_orthonormal_and_sorted(check, seed):
    X, _ = _digits(seed, 173)
    model = check.run_learner("pca_fit", X, 7)
    what = check.describe("pca_fit", (X, 7), {})
    comps, ev = np.asarray(model["components"]), np.asarray(model["explained_variance"])
    close(comps @ comps.T, np.eye(7), what=f"{what}: components @ components.T (rows must be orthonormal)")
    _require(np.all(np.diff(ev) <= 0), f"{what}\n  explained_variance {ev} is not in decreasing order")


# --- pca_transform --------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("k", [2, 9])
def test_pca_transform_matches_reference_new_rows(check, seed, k):
    """The model is fitted on one half of a draw and applied to the other: the training mean must be used."""
    X, _ = _digits(seed, 300)
    check("pca_transform", _model(X[:150], k), X[150:])


@pytest.mark.points(2)
def test_pca_transform_matches_sklearn(check, seed):
    X, _ = _digits(seed, 411)
    sk = _sklearn(X[:300], 3)
    model = check.run_learner("pca_fit", X[:300], 3)
    got = check.run_learner("pca_transform", model, X[300:])
    close(got, sk.transform(X[300:]), what=check.describe("pca_transform", (model, X[300:]), {}) + " against sklearn",
          tol=LIB)


# --- explained_variance_ratio ---------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("k", [3, 10])
def test_explained_variance_ratio_matches_reference(check, seed, k):
    X, _ = _digits(seed, 250)
    check("explained_variance_ratio", _model(X, k))


@pytest.mark.points(2)
def test_explained_variance_ratio_matches_sklearn(check, seed):
    X, _ = _digits(seed, 333)
    model = check.run_learner("pca_fit", X, 6)
    got = check.run_learner("explained_variance_ratio", model)
    close(got, _sklearn(X, 6).explained_variance_ratio_, tol=LIB,
          what=check.describe("explained_variance_ratio", (model,), {}) + " of your pca_fit(X, 6) against sklearn")


@pytest.mark.points(1)
def test_explained_variance_ratio_all_components_sum_to_one(check, seed):
    X = _planted(seed, 23, 7)
    got = check.run_learner("explained_variance_ratio", _model(X, 7))
    close(float(np.sum(got)), 1.0, what=check.describe("explained_variance_ratio", (_model(X, 7),), {})
          + ": the sum over all 7 components")


# --- plot_embedding -------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_plot_embedding_png_of_600_by_500(check, seed):
    X, y = _digits(seed, 400)
    Z = (X - X.mean(axis=0)) @ _model(X, 2)["components"].T
    path = f"{check.scratch_dir()}/digits_pca.png"
    png = check.run_learner("plot_embedding", Z, y, path)
    what = check.describe("plot_embedding", (Z, y, path), {})
    problem = png_problem(png, 600, 500)
    _require(problem is None, f"{what}\n  {problem}")
    written = check.read_file(path)
    _require(written is not None, f"{what}\n  no file at {path}: save the figure to `path`")
    _require(written == bytes(png), f"{what}\n  the bytes returned are not the file written")
    other = check.run_learner("plot_embedding", Z * np.array([1.0, -1.0]), y, path)
    _require(png_problem(other, 600, 500) is None and bytes(other) != bytes(png),
             f"{what}\n  mirrored points gave the same picture: scatter Z[:, 0] against Z[:, 1]")


# --- stretch: pca_eig -----------------------------------------------------------------------------------

NO_SVD = ("numpy.linalg.svd", "scipy.linalg.svd", "torch.linalg.svd", "torch.svd")


@pytest.mark.points(2)
@pytest.mark.parametrize("n, k", [(211, 13), (400, 2)])
def test_pca_eig_matches_reference(check, seed, n, k):
    X, _ = _digits(seed, n)
    with check.forbidding(NO_SVD, reason="pca_eig goes through the covariance's eigendecomposition, not an SVD"):
        _check_model(check, "pca_eig", X, k)


@pytest.mark.points(2)
def test_pca_eig_matches_sklearn_planted(check, seed):
    X = _planted(seed, 37, 11)
    with check.forbidding(NO_SVD, reason="pca_eig goes through the covariance's eigendecomposition, not an SVD"):
        model = check.run_learner("pca_eig", X, 5)
    sk = _sklearn(X, 5)
    what = check.describe("pca_eig", (X, 5), {})
    close(np.asarray(model["components"]), sk.components_, what=f"{what}: components against sklearn", tol=LIB,
          check_dtype=False)
    close(np.asarray(model["explained_variance"]), sk.explained_variance_, tol=LIB, check_dtype=False,
          what=f"{what}: explained_variance against sklearn")


# --- stretch: tsne_affinities ---------------------------------------------------------------------------

def _perplexities(P):
    logs = np.log2(np.where(P > 0, P, 1.0))
    return 2.0 ** -np.sum(P * logs, axis=1)


@pytest.mark.points(3)
@pytest.mark.parametrize("n, perplexity", [(150, 30.0), (97, 7.5)])
def test_tsne_affinities_rows_hit_the_perplexity(check, seed, n, perplexity):
    X, _ = _digits(seed, n)
    P = check.run_learner("tsne_affinities", X, perplexity)
    what = check.describe("tsne_affinities", (X, perplexity), {})
    P = np.asarray(P)
    _require(P.shape == (n, n), f"{what}\n  expected an ({n}, {n}) matrix, got shape {P.shape}")
    _require(np.all(np.isfinite(P)) and np.all(P >= 0), f"{what}\n  P has negative or non-finite entries")
    _require(np.all(np.diag(P) == 0), f"{what}\n  P[i, i] must be exactly 0: a point is not its own neighbour")
    close(P.sum(axis=1), np.ones(n), what=f"{what}: row sums")
    perp = _perplexities(P)
    worst = int(np.argmax(np.abs(perp - perplexity)))
    _require(abs(perp[worst] - perplexity) <= 1e-5,
             f"{what}\n  row {worst} has perplexity {perp[worst]:.8g}, asked {perplexity} (allowed 1e-5): search β "
             "further, until the row's entropy matches log2(perplexity)")


@pytest.mark.points(1)
def test_tsne_affinities_tiny_distances(check, seed):
    """Digits scaled by 1e-3: every squared distance is below 1, so β must grow far above 1."""
    X, _ = _digits(seed, 70)
    check("tsne_affinities", X * 1e-3, 12.0, tol="vs_library")


@pytest.mark.points(3)
@pytest.mark.parametrize("n, perplexity", [(120, 20.0), (61, 5.0)])
def test_tsne_affinities_matches_reference(check, seed, n, perplexity):
    """Two searches that stop at slightly different β agree to about 1e-7 here; vs_library allows 1e-5."""
    X, _ = _digits(seed, n)
    check("tsne_affinities", X, perplexity, tol="vs_library")
