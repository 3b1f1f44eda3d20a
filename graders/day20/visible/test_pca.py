"""Day 20 visible tests: run them with  pytest assignments/day20  (or  ai100 check day20).

They compare your functions with values recorded from the reference solution (keyed by these exact
inputs), with scikit-learn's PCA (same sign rule, atol 1e-8), and with properties every correct
answer has. The autograder runs more cases on digits and shapes you do not see.
"""

import io

import numpy as np
import pytest

from course_tools.checks import close

LIB = "algorithm_vs_library"  # atol 1e-8: the day's criterion against scikit-learn


def _digits(seed, n):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    rows = np.sort(np.random.default_rng(seed).choice(len(X), size=n, replace=False))
    return X[rows].astype(np.float64), y[rows].astype(np.int64)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_pca_fit_matches_reference(check, seed):
    X, _ = _digits(seed, 120)
    check("pca_fit", X, 4)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_pca_fit_matches_sklearn(check, seed):
    from sklearn.decomposition import PCA

    X, _ = _digits(seed, 200)
    model = check.run_learner("pca_fit", X, 5)
    sk = PCA(n_components=5, svd_solver="full").fit(X)
    for key, want in [("mean", sk.mean_), ("components", sk.components_), ("explained_variance", sk.explained_variance_)]:
        close(model[key], want, what=f"day20: pca_fit(digits (200, 64), 5) {key} vs sklearn, seed {seed}", tol=LIB)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_pca_transform_matches_reference(check, seed):
    X, _ = _digits(seed, 100)
    model = {"mean": X[:60].mean(axis=0), "components": np.eye(64)[[10, 20, 36]], "explained_variance": np.ones(3),
             "total_variance": 64.0}  # any orthonormal rows will do for a projection
    check("pca_transform", model, X[60:])


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_explained_variance_ratio_matches_sklearn(check, seed):
    from sklearn.decomposition import PCA

    X, _ = _digits(seed, 150)
    ratio = check.run_learner("explained_variance_ratio", check.run_learner("pca_fit", X, 3))
    close(ratio, PCA(n_components=3, svd_solver="full").fit(X).explained_variance_ratio_, tol=LIB,
          what=f"day20: explained_variance_ratio(pca_fit(digits (150, 64), 3)) vs sklearn, seed {seed}")


@pytest.mark.points(1)
def test_plot_embedding_writes_a_600_by_500_png(check, tmp_path):
    import matplotlib.image

    X, y = _digits(5, 200)
    Z = X[:, [20, 43]] - X[:, [20, 43]].mean(axis=0)
    path = tmp_path / "digits_pca.png"
    png = check.run_learner("plot_embedding", Z, y, str(path))
    assert path.read_bytes() == png, "return the bytes of the PNG file you wrote"
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (500, 600), f"image is {pixels.shape[1]} × {pixels.shape[0]} pixels, expected 600 × 500"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_pca_eig_matches_reference(check, seed):
    X, _ = _digits(seed, 90)
    with check.forbidding(("numpy.linalg.svd",), reason="pca_eig uses the covariance's eigendecomposition"):
        check("pca_eig", X, 3)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_tsne_affinities_rows_hit_the_perplexity(check, seed):
    X, _ = _digits(seed, 80)
    P = check("tsne_affinities", X, 10.0, tol="vs_library")
    logs = np.log2(np.where(P > 0, P, 1.0))
    perplexity = 2.0 ** -np.sum(P * logs, axis=1)
    assert np.all(np.diag(P) == 0), "P[i, i] must be exactly 0"
    assert np.max(np.abs(perplexity - 10.0)) <= 1e-5, f"row perplexities {perplexity[:4]}…, asked 10.0 within 1e-5"
