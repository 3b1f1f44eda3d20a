"""Hidden graders for day 15, knn.py: distances, votes, k-NN predictions, leave-one-out, KD-tree.

Everything is compared with the reference and, where one exists, with an independent answer
(brute-force broadcasting for distances, scikit-learn's KNeighborsClassifier for labels on data
without ties). Ties are graded on purpose: integer-grid data gives equal distances (equal ones in
training order) and even k gives tied votes (the lowest label wins). The 13×5 against 29×5 case is
never used by the visible tests. scikit-learn's neighbours and scipy.spatial are off limits in the
learner's code.
"""

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.neighbors import KNeighborsClassifier

from course_tools.checks import Named, close, expect_raises
from course_tools.data import iris_split
from course_tools.throughput import assert_throughput

NEGATIVE_HINT = ("‖a‖² + ‖b‖² - 2a·b rounds to a tiny negative number for (nearly) equal points: clip at 0 "
                 "(np.maximum(…, 0)), or its square root is NaN")


def _points(seed, m, n, d, scale=1.0, offset=0.0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, d)) * scale + offset, rng.normal(size=(n, d)) * scale + offset


def _brute_sq(A, B):
    return ((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=2)


def _blobs(seed, n, d=4, centers=3):
    X, y = make_blobs(n_samples=n, n_features=d, centers=centers, cluster_std=2.5, random_state=seed % 10_000)
    return X, y.astype(np.int64)


def _grid(seed, n, d=2, classes=3):
    """Points on a small integer grid: many exactly equal distances, duplicates included."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4, size=(n, d)).astype(np.float64), rng.integers(0, classes, size=n).astype(np.int64)


# --- pairwise_sq_dists ---------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("m, n, d", [(8, 8, 3), (13, 29, 5), (1, 40, 2)])
def test_pairwise_sq_dists_matches_reference_and_brute_force(check, seed, m, n, d):
    A, B = _points(seed, m, n, d)
    got = check("pairwise_sq_dists", A, B)
    close(got, _brute_sq(A, B), tol="vs_library", what=check.describe("pairwise_sq_dists", (A, B), {})
          + " against ((A[:, None] - B[None]) ** 2).sum(-1)")


@pytest.mark.points(3)
def test_pairwise_sq_dists_never_negative(check, seed):
    """Points far from the origin (offset 1000) and B holding copies of A's rows: the expansion
    cancels catastrophically and rounds below 0 unless clipped."""
    A, B = _points(seed, 20, 10, 6, scale=1e-3, offset=1000.0)
    B = np.vstack([B, A[:7]])
    got = check("pairwise_sq_dists", A, B, tol="vs_library", hint=NEGATIVE_HINT)
    worst = float(np.min(got))
    assert worst >= 0.0, (f"{check.describe('pairwise_sq_dists', (A, B), {})}\n  the smallest entry is {worst:.3g}: "
                          f"{NEGATIVE_HINT}")


@pytest.mark.points(3)
def test_pairwise_sq_dists_throughput(check, ref_module, seed):
    """Within 10× the reference's time for 4 000 × 300 points in 8 dimensions: a Python loop over
    the 4 000 rows is far slower; one matrix product is the way."""
    A, B = _points(seed, 4000, 300, 8)
    check("pairwise_sq_dists", A, B)
    assert_throughput(check.timed("pairwise_sq_dists", A, B), lambda: ref_module.pairwise_sq_dists(A, B),
                      max_ratio=10.0, what="day15: pairwise_sq_dists((4000, 8), (300, 8))", seed=seed)


# --- distances, vote -------------------------------------------------------------------------------------

def _chebyshev(A, B):
    return np.abs(A[:, None, :] - B[None, :, :]).max(axis=2)


@pytest.mark.points(2)
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", Named("chebyshev (a callable)", _chebyshev)])
def test_distances_matches_reference(check, seed, metric):
    A, B = _points(seed, 11, 17, 3)
    check("distances", A, B, metric)


@pytest.mark.points(1)
def test_distances_rejects_unknown_metric(check, seed):
    A, B = _points(seed, 3, 4, 2)
    expect_raises(ValueError, check.describe("distances", (A, B, "cosine"), {}),
                  lambda: check.run_learner("distances", A, B, "cosine"),
                  because="the metrics are 'euclidean', 'manhattan' or a callable")


@pytest.mark.points(3)
@pytest.mark.parametrize("k, labels", [(4, 2), (6, 3), (5, 5)])
def test_vote_ties_go_to_the_lowest_label(check, seed, k, labels):
    rng = np.random.default_rng(seed)
    votes = rng.integers(0, labels, size=(40, k)).astype(np.int64)
    votes[0] = np.repeat([labels - 1, 0], [k // 2, k - k // 2]) if k % 2 == 0 else votes[0]  # a sure tie
    check("vote", votes, tol="exact")


# --- knn_predict ---------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("k", [1, 5, 8])
def test_knn_predict_matches_reference_and_sklearn(check, seed, k):
    X, y = _blobs(seed, 157)
    got = check("knn_predict", X[:120], y[:120], X[120:], k, tol="exact")
    want = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X[:120], y[:120]).predict(X[120:])
    close(got, want.astype(np.int64), tol="exact",
          what=check.describe("knn_predict", (X[:120], y[:120], X[120:], k), {}) + " against KNeighborsClassifier")


@pytest.mark.points(4)
@pytest.mark.parametrize("k", [3, 4])
def test_knn_predict_ties_on_an_integer_grid(check, seed, k):
    """Equal distances everywhere: the nearest are taken in training order, tied votes go low."""
    X, y = _grid(seed, 60)
    Q, _ = _grid(seed + 1, 25)
    check("knn_predict", X, y, Q, k, tol="exact")


@pytest.mark.points(2)
def test_knn_predict_manhattan_and_callable_metric(check, seed):
    X, y = _blobs(seed, 90, d=3)
    check("knn_predict", X[:70], y[:70], X[70:], 5, "manhattan", tol="exact")
    check("knn_predict", X[:70], y[:70], X[70:], 3, Named("chebyshev (a callable)", _chebyshev), tol="exact")


@pytest.mark.points(3)
def test_knn_predict_iris_accuracy(check, seed):
    """k = 5 on ten stratified iris splits: the labels of the reference, and about 95% right
    (the mean over any ten splits is above 0.92 for a correct k-NN; the bar is 0.90)."""
    accuracies = []
    for i in range(10):
        X_tr, X_te, y_tr, y_te = iris_split(seed % 100_000 + i)
        got = check("knn_predict", X_tr, y_tr, X_te, 5, tol="exact")
        accuracies.append(float(np.mean(got == y_te)))
    assert np.mean(accuracies) >= 0.90, f"day15: knn_predict on iris_split({seed % 100_000}…+9): mean accuracy " \
                                        f"{np.mean(accuracies):.3f} below 0.90"


# --- loo_predict ---------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("k", [1, 4, 7])
def test_loo_predict_matches_reference(check, seed, k):
    X, y = _blobs(seed, 83)
    check("loo_predict", X, y, k, tol="exact")


@pytest.mark.points(3)
def test_loo_predict_leaves_the_point_out(check, seed):
    """Random labels carry no signal: leave-one-out 1-NN is right about a third of the time. Counting
    each point as its own neighbour makes it right 100% of the time."""
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(90, 3)), rng.integers(0, 3, size=90).astype(np.int64)
    got = check("loo_predict", X, y, 1, tol="exact")
    assert np.mean(got == y) < 0.8, "loo_predict with k=1 on random labels is right for nearly every point: " \
                                    "each point is counted as its own neighbour — set its own distance to inf"


@pytest.mark.points(2)
def test_loo_predict_with_duplicates_and_ties(check, seed):
    X, y = _grid(seed, 50)
    check("loo_predict", X, y, 3, tol="exact")


# --- stretch: KDTree -----------------------------------------------------------------------------------

def _brute_query(X, Q, k):
    d2 = _brute_sq(Q, X)
    idx = np.argsort(d2, axis=1, kind="stable")[:, :k]
    return np.sqrt(np.take_along_axis(d2, idx, axis=1)), idx.astype(np.int64)


@pytest.mark.points(3)
@pytest.mark.parametrize("n, d, leaf_size, k", [(300, 2, 5, 1), (517, 3, 12, 4), (200, 5, 1, 7)])
def test_kdtree_query_equals_brute_force(check, seed, n, d, leaf_size, k):
    rng = np.random.default_rng(seed)
    X, Q = rng.normal(size=(n, d)), rng.normal(size=(31, d)) * 1.3
    tree = check.run_learner("KDTree", X, leaf_size=leaf_size)
    what = f"day15: KDTree(({n}, {d}), leaf_size={leaf_size}).query((31, {d}), k={k}), seed {seed}"
    with check.tripwired(what):
        got = tree.query(Q, k=k)
    close(tuple(got), _brute_query(X, Q, k), what=what + " against brute force")
