"""Day 64 visible tests: run them with  pytest assignments/day64  (or  ai100 check day64).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with brute force written another way, and with properties every correct answer
has. The autograder runs more cases on inputs you do not see, and times your searches.
"""

import numpy as np
import pytest

from course_tools.checks import close


def _clustered(seed, n, d, nq, centers=20, spread=0.7):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centers, d))
    xb = c[rng.integers(0, centers, n)] + spread * rng.normal(size=(n, d))
    xq = c[rng.integers(0, centers, nq)] + spread * rng.normal(size=(nq, d))
    return xb, xq


def _exact(xb, xq, k):
    """Brute force the slow, obvious way: every difference, then a full stable sort."""
    s = ((xq[:, None, :] - xb[None, :, :]) ** 2).sum(-1)
    idx = np.argsort(s, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(s, idx, axis=1), idx.astype(np.int64)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_pairwise_sq_dists_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(4, 6)), rng.normal(size=(9, 6))
    got = check("pairwise_sq_dists", a, b)
    close(got, ((a[:, None] - b[None]) ** 2).sum(-1), what="day64: pairwise_sq_dists against differences",
          tol="vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_top_k_smallest_with_ties(check, seed):
    scores = np.random.default_rng(seed).integers(0, 3, size=(5, 12)).astype(np.float64)
    vals, cols = check("top_k_smallest", scores, 4)
    assert np.all(np.diff(vals, axis=1) >= 0), "values must come out in increasing order"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3])
def test_flat_search_matches_brute_force(check, seed):
    rng = np.random.default_rng(seed)
    xb, xq = rng.normal(size=(200, 8)), rng.normal(size=(6, 8))
    D, I = check("flat_search", xb, xq, 5)
    close((D, I), _exact(xb, xq, 5), what="day64: flat_search against brute force", tol="vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_flat_search_inner_product(check, seed):
    rng = np.random.default_rng(seed)
    xb, xq = rng.normal(size=(100, 8)), rng.normal(size=(3, 8))
    D, I = check("flat_search", xb, xq, 4, metric="ip")
    assert np.all(np.diff(D, axis=1) <= 0), "with metric 'ip' the LARGEST inner products come first"


@pytest.mark.points(1)
def test_recall_at_k_small_cases(check):
    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    found = np.array([[3, 1, 9, -1], [5, 6, 7, 8]])
    r = check("recall_at_k", found, truth, 3)
    assert abs(r - (2 / 3 + 1) / 2) < 1e-12, f"recall@3 should be (2/3 + 3/3) / 2 = 0.8333, got {r}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [5])
def test_kmeans_matches_reference(check, seed):
    xb, _ = _clustered(seed, 120, 3, 1, centers=4)
    check("kmeans", xb, 4, n_iter=5, seed=seed)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_flat_index_two_adds(check, seed):
    rng = np.random.default_rng(seed)
    x1, x2, xq = rng.normal(size=(50, 4)), rng.normal(size=(30, 4)), rng.normal(size=(5, 4))
    index = check.run_learner("FlatIndex", 4)
    index.add(x1)
    index.add(x2)
    assert index.ntotal == 80, f"ntotal is {index.ntotal} after adding 50 + 30 rows"
    close(tuple(index.search(xq, 3)), _exact(np.concatenate([x1, x2]), xq, 3),
          what="day64: FlatIndex search after two adds against brute force", tol="vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [7])
def test_ivf_index_every_list_probed_is_exact(check, seed):
    xb, xq = _clustered(seed, 300, 6, 8, centers=5)
    index = check.run_learner("IVFIndex", 6, 5, nprobe=5, seed=seed)
    index.train(xb)
    index.add(xb)
    close(tuple(index.search(xq, 4)), _exact(xb, xq, 4), what="day64: IVFIndex with nprobe = nlist against brute force",
          tol="vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [8])
def test_ivf_index_recall(check, seed):
    xb, xq = _clustered(seed, 3000, 16, 50)
    index = check.run_learner("IVFIndex", 16, 30, nprobe=6, seed=seed)
    index.train(xb[:1000])
    index.add(xb)
    _, found = index.search(xq, 10)
    _, truth = _exact(xb, xq, 10)
    hits = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(np.asarray(found), truth)])
    assert hits >= 0.9, f"recall@10 of IVFIndex(16, 30, nprobe=6) on 3000 clustered vectors is {hits:.3f}, goal ≥ 0.9"
