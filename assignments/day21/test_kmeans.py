"""Day 21 visible tests: run them with  pytest assignments/day21  (or  ai100 check day21).

They compare your functions with values recorded from the reference solution (keyed by these exact
inputs), with scikit-learn's KMeans from the same starting centres (atol 1e-8), with
sklearn.metrics.silhouette_score (atol 1e-10) and with scipy's hierarchical clustering. The
autograder runs more cases on data you do not see.
"""

import numpy as np
import pytest

from course_tools.checks import close


def _mall(seed, n):
    from course_tools.data import make_mall_customers

    return make_mall_customers(n, seed)[["AnnualIncome", "SpendingScore"]].to_numpy(dtype=np.float64)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_kmeans_from_centres_matches_reference(check, seed):
    X = _mall(seed, 100)
    check("kmeans", X, 4, X[[0, 10, 20, 30]].copy())


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_kmeans_from_centres_matches_sklearn(check, seed):
    from sklearn.cluster import KMeans

    X = _mall(seed, 150)
    init = X[[3, 40, 77, 100, 140]].copy()
    centres, labels, inertia = check.run_learner("kmeans", X, 5, init)
    sk = KMeans(n_clusters=5, init=init, n_init=1, algorithm="lloyd", tol=0.0).fit(X)
    what = f"day21: kmeans(mall (150, 2), 5, given centres) vs sklearn KMeans(n_init=1, lloyd, tol=0), seed {seed}"
    close(centres, sk.cluster_centers_, what=what + ": centres", tol="algorithm_vs_library")
    close(labels, sk.labels_.astype(np.int64), what=what + ": labels", tol="exact")
    close(inertia, float(sk.inertia_), what=what + ": inertia (a sum, not a mean)", tol="algorithm_vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_kmeans_plus_plus_matches_reference(check, seed):
    check("kmeans", _mall(seed, 80), 3, "k-means++", seed)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [4])
def test_elbow_k_picks_five_on_the_mall(check, seed):
    best, inertias = check.run_learner("elbow_k", _mall(seed, 200), list(range(1, 11)))
    assert int(best) == 5, f"elbow_k picked {best} on 5 planted segments (inertias {np.round(inertias, 1).tolist()})"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [5, 6])
def test_silhouette_score_matches_sklearn(check, seed):
    from sklearn.metrics import silhouette_score

    X = _mall(seed, 90)
    labels = np.random.default_rng(seed).integers(0, 4, size=90)
    labels[:5] = 7  # a fifth cluster
    got = check.run_learner("silhouette_score", X, labels)
    close(got, float(silhouette_score(X, labels)), what=f"day21: silhouette_score vs sklearn, seed {seed}",
          tol="formula_vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_agglomerative_matches_scipy(check, seed):
    from scipy.cluster.hierarchy import fcluster, linkage

    X = np.random.default_rng(seed).normal(size=(25, 2))
    want = fcluster(linkage(X, method="complete"), 3, criterion="maxclust")
    _, first, inverse = np.unique(want, return_index=True, return_inverse=True)
    got = check("agglomerative", X, 3, "complete", tol="exact")
    close(got, np.argsort(np.argsort(first))[inverse].astype(np.int64), tol="exact",
          what="day21: agglomerative(X (25, 2), 3, 'complete') vs scipy fcluster, renumbered by first appearance")
