"""Hidden graders for day 21 (k-means, the elbow, the silhouette, agglomerative clustering).

Data: course_tools.data.make_mall_customers (annual income and spending score of shoppers in five
planted segments) and seeded Gaussian blobs. From given centres the judge is scikit-learn's
KMeans(init=centres, n_init=1, algorithm="lloyd", tol=0) within atol 1e-8 (tolerance row
"algorithm_vs_library"); the silhouette is judged against sklearn.metrics.silhouette_score within
1e-10 ("formula_vs_library" is 1e-12 and holds here too); agglomerative against scipy's fcluster,
exactly. Never used by the visible tests: 3-D blobs of 157 points with k = 7, and 61 mall customers.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close

LIB = "algorithm_vs_library"
FORMULA = "formula_vs_library"


def _mall(seed, n):
    from course_tools.data import make_mall_customers

    return make_mall_customers(n, seed)[["AnnualIncome", "SpendingScore"]].to_numpy(dtype=np.float64)


def _blobs(seed, n, d, k, spread=1.0):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-8, 8, size=(k, d))
    return centres[rng.integers(k, size=n)] + rng.normal(0, spread, size=(n, d))


def _start(seed, X, k):
    """k distinct rows of X as starting centres."""
    return X[np.random.default_rng(seed + 7).choice(len(X), size=k, replace=False)].copy()


def _far_start(seed, X, k):
    """Farthest-first starting centres: a random row, then each time the row farthest from those chosen.

    From random rows a cluster of the 3-D blobs empties in about 1 start of 40, and scikit-learn then
    moves the empty centre elsewhere while the day's rule keeps it: the comparisons with scikit-learn
    start here instead, where no cluster emptied in 200 seeds."""
    rng = np.random.default_rng(seed + 7)
    chosen = [int(rng.integers(len(X)))]
    for _ in range(1, k):
        d2 = np.min(np.sum((X[:, None, :] - X[chosen][None, :, :]) ** 2, axis=-1), axis=1)
        chosen.append(int(np.argmax(d2)))
    return X[chosen].copy()


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _sklearn_kmeans(X, k, init, max_iter=300):
    from sklearn.cluster import KMeans

    model = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=max_iter).fit(X)
    return model.cluster_centers_, model.labels_.astype(np.int64), float(model.inertia_)


# --- kmeans from given centres --------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["mall_200_k5", "mall_61_k3", "blobs_157_3d_k7"])
def test_kmeans_from_centres_matches_reference(check, seed, case):
    X = _blobs(seed, 157, 3, 7) if case.startswith("blobs") else _mall(seed, int(case.split("_")[1]))
    k = int(case.split("_k")[1])
    check("kmeans", X, k, _start(seed, X, k))


@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["mall_200_k5", "blobs_157_3d_k7"])
def test_kmeans_from_centres_matches_sklearn(check, seed, case):
    X = _blobs(seed, 157, 3, 7) if case.startswith("blobs") else _mall(seed, 200)
    k = 7 if case.startswith("blobs") else 5
    init = _far_start(seed, X, k)
    got = check.run_learner("kmeans", X, k, init)
    what = check.describe("kmeans", (X, k, init), {}) + " against sklearn KMeans(init=centres, n_init=1, lloyd, tol=0)"
    _require(isinstance(got, (tuple, list)) and len(got) == 3, f"{what}\n  expected (centres, labels, inertia)")
    close(tuple(got), _sklearn_kmeans(X, k, init), what=what, tol=LIB, check_dtype=False,
          mistakes=check.ref.mistakes("kmeans", (X, k, init), {}))


@pytest.mark.points(2)
@pytest.mark.parametrize("max_iter", [1, 2])
def test_kmeans_stops_after_max_iter(check, seed, max_iter):
    X = _blobs(seed, 90, 2, 4, spread=3.0)
    init = _start(seed, X, 4)
    got = check("kmeans", X, 4, init, max_iter=max_iter)
    close(tuple(got), _sklearn_kmeans(X, 4, init, max_iter), tol=LIB, check_dtype=False,
          what=check.describe("kmeans", (X, 4, init), {"max_iter": max_iter}) + " against sklearn")


@pytest.mark.points(2)
def test_kmeans_empty_cluster_keeps_its_centre(check, seed):
    """One starting centre is far from every point: it never gets one, and must not become NaN."""
    X = _blobs(seed, 60, 2, 3)
    init = np.vstack([_start(seed, X, 3), [[500.0, 500.0]]])
    centres, labels, _ = check("kmeans", X, 4, init)
    _require(np.all(np.isfinite(centres)), f"{check.describe('kmeans', (X, 4, init), {})}\n  centres contain NaN")


@pytest.mark.points(1)
def test_kmeans_single_cluster_is_the_mean(check, seed):
    X = _blobs(seed, 33, 4, 2)
    centres, labels, inertia = check("kmeans", X, 1, X[:1].copy())
    close(centres[0], X.mean(axis=0), what=check.describe("kmeans", (X, 1, X[:1]), {}) + ": the centre of k = 1")


# --- kmeans with k-means++ ------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("k", [3, 5])
def test_kmeans_plus_plus_exact_for_seed(check, seed, k):
    X = _mall(seed, 120)
    check("kmeans", X, k, "k-means++", seed,
          hint="follow the k-means++ recipe: default_rng(seed), the first centre X[rng.integers(N)], then "
               "rng.choice(N, p=d2 / d2.sum()) for each next one; another correct stream fails only here")


@pytest.mark.points(3)
def test_kmeans_plus_plus_finds_the_segments(check, seed):
    """Best of three seeds on 5 planted segments: within 1 % of the lowest inertia sklearn finds with 10 restarts."""
    from sklearn.cluster import KMeans

    X = _mall(seed, 200)
    runs = [check.run_learner("kmeans", X, 5, "k-means++", seed + r) for r in range(3)]
    best = min(float(r[2]) for r in runs)
    target = float(KMeans(5, n_init=10, random_state=seed).fit(X).inertia_)
    _require(best <= target * 1.01, f"{check.describe('kmeans', (X, 5, 'k-means++', seed), {})} (and seeds +1, +2)\n"
             f"  the best inertia {best:.6g} is more than 1 % above sklearn's best of 10 restarts ({target:.6g})")


# --- elbow_k ---------------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("n", [200, 300])
def test_elbow_k_picks_the_five_segments(check, seed, n):
    X = _mall(seed, n)
    best, inertias = check.run_learner("elbow_k", X, list(range(1, 11)))
    what = check.describe("elbow_k", (X, list(range(1, 11))), {})
    _require(int(best) == 5, f"{what}\n  picked k = {best}; the data have 5 planted segments (inertias "
             f"{np.round(np.asarray(inertias), 1).tolist()})")


@pytest.mark.points(2)
def test_elbow_k_follows_the_documented_rule(check, seed):
    """best_k must be the documented rule applied to the inertias returned; at k = 2 (stable) they must be optimal."""
    X = _blobs(seed, 150, 2, 4, spread=1.5)
    ks = [2, 3, 4, 5, 6, 7]
    best, inertias = check.run_learner("elbow_k", X, ks)
    inertias = np.asarray(inertias, dtype=np.float64)
    what = check.describe("elbow_k", (X, ks), {})
    _require(inertias.shape == (6,) and np.all(inertias > 0), f"{what}\n  inertias should be 6 positive numbers, got "
             f"{inertias}")
    paid_off = np.flatnonzero(inertias[1:] / inertias[:-1] < 0.7)
    want = ks[1 + int(paid_off[-1])] if len(paid_off) else ks[0]
    _require(int(best) == want, f"{what}\n  picked {best}; the last step of your inertias that cut them by 30 % or "
             f"more ends at k = {want} (ratios {np.round(inertias[1:] / inertias[:-1], 3).tolist()})")
    from sklearn.cluster import KMeans

    sk = float(KMeans(2, n_init=10, random_state=0).fit(X).inertia_)
    _require(inertias[0] <= sk * 1.001, f"{what}\n  the inertia at k = 2, {inertias[0]:.6g}, is above sklearn's best of "
             f"10 restarts, {sk:.6g}: keep the lowest of n_init k-means++ runs per k")


@pytest.mark.points(1)
def test_elbow_k_without_an_elbow_gives_the_first_k(check, seed):
    """Uniform noise past k = 6: no step cuts the inertia by 30 %, so the rule answers ks[0]."""
    X = np.random.default_rng(seed).uniform(0, 1, size=(120, 2))
    check("elbow_k", X, [6, 7, 8])


@pytest.mark.points(2)
def test_elbow_k_matches_reference(check, seed):
    check("elbow_k", _mall(seed, 90), [1, 2, 3, 4, 5, 6, 7])


# --- silhouette_score -----------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["mall_planted", "blobs_3d_random_labels", "with_singletons", "n_minus_1_clusters"])
def test_silhouette_score_matches_sklearn(check, seed, case):
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(seed)
    if case == "mall_planted":
        from course_tools.data import make_mall_customers

        table = make_mall_customers(150, seed)
        X, labels = table[["AnnualIncome", "SpendingScore"]].to_numpy(dtype=np.float64), table["segment"].to_numpy()
    elif case == "blobs_3d_random_labels":
        X, labels = _blobs(seed, 97, 3, 4), rng.integers(0, 5, size=97) * 3 - 4  # labels in {-4, -1, 2, 5, 8}
    elif case == "with_singletons":
        X, labels = _blobs(seed, 23, 2, 3), np.r_[np.zeros(20, int), [1, 2, 3]]  # three clusters of one point
    else:  # N − 1 clusters, the most allowed: one pair, every other point alone
        X, labels = _blobs(seed, 15, 2, 3), np.r_[0, np.arange(14)]
    got = check.run_learner("silhouette_score", X, labels)
    close(got, float(silhouette_score(X, labels)), tol=FORMULA,
          what=check.describe("silhouette_score", (X, labels), {}) + " against sklearn",
          mistakes=check.ref.mistakes("silhouette_score", (X, labels), {}))


@pytest.mark.points(2)
def test_silhouette_score_matches_reference(check, seed):
    X = _blobs(seed, 64, 5, 3)  # two clusters, the fewest allowed
    check("silhouette_score", X, np.random.default_rng(seed).integers(0, 2, size=64))


@pytest.mark.points(1)
@pytest.mark.parametrize("n_labels", [1, 12])
def test_silhouette_score_rejects_one_or_n_clusters(check, seed, n_labels):
    from course_tools.checks import expect_raises

    X = _blobs(seed, 12, 2, 2)
    labels = np.arange(12) if n_labels == 12 else np.zeros(12, dtype=np.int64)
    expect_raises(ValueError, check.describe("silhouette_score", (X, labels), {}),
                  lambda: check.run_learner("silhouette_score", X, labels),
                  because=f"{n_labels} cluster(s) among 12 points leave the silhouette undefined (2 to N − 1 are needed)")


# --- stretch: agglomerative -----------------------------------------------------------------------------

def _renumbered(labels):
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[inverse].astype(np.int64)


@pytest.mark.points(2)
@pytest.mark.parametrize("linkage", ["single", "complete", "average"])
def test_agglomerative_matches_scipy_fcluster(check, seed, linkage):
    from scipy.cluster.hierarchy import fcluster, linkage as scipy_linkage

    X = _blobs(seed, 47, 3, 4, spread=2.0)
    n = 2 + seed % 5
    want = _renumbered(fcluster(scipy_linkage(X, method=linkage), n, criterion="maxclust"))
    got = check.run_learner("agglomerative", X, n, linkage)
    close(got, want, tol="exact", what=check.describe("agglomerative", (X, n, linkage), {}) + " against scipy fcluster")


@pytest.mark.points(1)
def test_agglomerative_small_distances(check, seed):
    """Every distance below 1: nothing may be clipped or rounded on the way."""
    from scipy.cluster.hierarchy import fcluster, linkage as scipy_linkage

    X = _blobs(seed, 29, 2, 3) * 0.01
    want = _renumbered(fcluster(scipy_linkage(X, method="average"), 4, criterion="maxclust"))
    close(check.run_learner("agglomerative", X, 4, "average"), want, tol="exact",
          what=check.describe("agglomerative", (X, 4, "average"), {}) + " against scipy fcluster")


@pytest.mark.points(1)
def test_agglomerative_matches_reference(check, seed):
    check("agglomerative", _blobs(seed, 31, 2, 3), 3, "average")
