"""Day 15 visible tests: run them with  pytest assignments/day15  (or  ai100 check day15).

They compare your functions with values recorded from the reference (keyed by these exact
inputs), with brute-force distances and scikit-learn's KNeighborsClassifier, and check iris
accuracy. The autograder runs more cases on inputs you do not see, ties and speed included.
"""

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier

from course_tools.checks import close
from course_tools.data import iris_split


def _points(seed, m, n, d):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, d)), rng.normal(size=(n, d))


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0])
def test_pairwise_sq_dists_matches_brute_force(check, seed):
    A, B = _points(seed, 6, 9, 3)
    got = check("pairwise_sq_dists", A, B)
    close(got, ((A[:, None] - B[None]) ** 2).sum(-1), what="day15: pairwise_sq_dists vs broadcasting",
          tol="vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [1])
def test_pairwise_sq_dists_of_a_set_with_itself_is_not_negative(check, seed):
    A, _ = _points(seed, 10, 1, 4)
    A = A * 1e-3 + 1000.0  # far from the origin: the expansion cancels
    got = check("pairwise_sq_dists", A, A, tol="vs_library")
    assert got.min() >= 0.0, "negative squared distances: clip at 0"


@pytest.mark.points(1)
def test_vote_tie_goes_to_the_lowest_label(check):
    check("vote", np.array([[2, 2, 0, 0], [1, 2, 2, 1], [3, 3, 3, 1]]), tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed, k", [(2, 1), (3, 5)])
def test_knn_predict_matches_sklearn(check, seed, k):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(60, 3)), rng.integers(0, 3, size=60)
    got = check("knn_predict", X[:45], y[:45], X[45:], k, tol="exact")
    want = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X[:45], y[:45]).predict(X[45:])
    assert np.array_equal(got, want), "labels differ from KNeighborsClassifier"


@pytest.mark.points(2)
def test_knn_predict_iris_accuracy_at_least_095(check):
    X_tr, X_te, y_tr, y_te = iris_split(1)
    got = check("knn_predict", X_tr, y_tr, X_te, 5, tol="exact")
    assert np.mean(got == y_te) >= 0.95, f"accuracy {np.mean(got == y_te):.3f} on iris_split(1) is below 0.95"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_knn_predict_ties_on_a_grid(check, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.integers(0, 3, size=(30, 2)).astype(float), rng.integers(0, 3, size=30)
    check("knn_predict", X, y, rng.integers(0, 3, size=(10, 2)).astype(float), 4, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [5])
def test_loo_predict_leaves_each_point_out(check, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(40, 2)), rng.integers(0, 2, size=40)
    got = check("loo_predict", X, y, 1, tol="exact")
    assert np.mean(got == y) < 0.9, "1-NN leave-one-out on random labels is almost always right: the point voted for itself"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_kdtree_query_equals_brute_force(check, seed):
    rng = np.random.default_rng(seed)
    X, Q = rng.normal(size=(100, 2)), rng.normal(size=(7, 2))
    dist, idx = check.run_learner("KDTree", X, leaf_size=4).query(Q, k=3)
    d2 = ((Q[:, None] - X[None]) ** 2).sum(-1)
    want_idx = np.argsort(d2, axis=1, kind="stable")[:, :3]
    close((dist, idx), (np.sqrt(np.take_along_axis(d2, want_idx, axis=1)), want_idx.astype(np.int64)),
          what="day15: KDTree.query against brute force")
