# %%
"""Day 21 — k-means clustering by hand: Lloyd's algorithm, k-means++, the elbow and the silhouette.

Letters used below:
  N   number of points (rows of X)      D   number of features
  k   number of clusters                K   number of candidate k values (elbow_k)

Labels are int64 cluster indices 0..k−1, one per point. Distances are Euclidean; the inertia is the
SUM over all points of the squared distance to their own centre (not the mean).

Randomness: kmeans takes a `seed` and makes one generator from it (np.random.default_rng(seed));
the k-means++ docstring says which numbers are drawn, in which order. From given starting centres
nothing is random, and your answer must equal scikit-learn's KMeans(n_clusters=k, init=centres,
n_init=1, algorithm="lloyd", tol=0) to rounding.

Check your work:  pytest assignments/day21   (or: ai100 check day21)
"""

import numpy as np


def _squared_distances(X, centres):
    """(N, k) squared Euclidean distances between every row of X and every centre, computed directly."""
    return np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=-1)


# %%
def kmeans_plus_plus(X, k, rng):
    """k-means++ starting centres: spread out, each drawn with probability ∝ its squared distance.

    X: (N, D) float64.  k: int, 1 <= k <= N.  rng: a np.random.Generator (drawn from and advanced).
    Returns (k, D) float64, a new array.

    The exact recipe: the first centre is X[rng.integers(N)]; then, k − 1 times, with d2 the squared
    distance of every point to its nearest chosen centre, the next is X[rng.choice(N, p=d2 / d2.sum())].
    (scikit-learn's greedy variant draws several candidates per step: not the same numbers.)
    About 6 lines.
    """
    ### BEGIN SOLUTION
    n = len(X)
    centres = [X[rng.integers(n)]]
    for _ in range(1, k):
        d2 = np.min(_squared_distances(X, np.array(centres)), axis=1)  # (N,)
        centres.append(X[rng.choice(n, p=d2 / d2.sum())])
    return np.array(centres, dtype=np.float64)
    ### END SOLUTION


# %%
def kmeans(X, k, init="k-means++", seed=0, max_iter=300):
    """Lloyd's k-means from k-means++ or from given centres.

    X: (N, D) float64.  k: int, 1 <= k <= N.
    init: "k-means++" (kmeans_plus_plus(X, k, np.random.default_rng(seed))) or a (k, D) float array of
    starting centres (left unchanged).  seed: int.  max_iter: int >= 1, the most centre updates.
    Returns (centres, labels, inertia):
      centres: (k, D) float64      labels: (N,) int64, labels[i] = the nearest centre of row i
      inertia: Python float, Σ_i ‖X[i] − centres[labels[i]]‖²

    Repeat: assign every point to its nearest centre (the lower index on a tie); stop when no
    assignment changed; else move every centre to the mean of its points. A centre that gets no
    points keeps its place (else its mean is 0/0 = NaN). After max_iter updates, stop anyway. At the
    end, assign the points to the final centres once more, so labels and centres agree.
    About 15 lines.
    """
    ### BEGIN SOLUTION
    if isinstance(init, str):
        centres = kmeans_plus_plus(X, k, np.random.default_rng(seed))
    else:
        centres = np.array(init, dtype=np.float64)  # a copy: the caller's array stays as it was
    labels = None
    for _ in range(max_iter):
        new_labels = np.argmin(_squared_distances(X, centres), axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for c in range(k):
            members = X[labels == c]
            if len(members):  # an empty cluster keeps its centre
                centres[c] = members.mean(axis=0)
    d2 = _squared_distances(X, centres)
    labels = np.argmin(d2, axis=1)
    return centres, labels.astype(np.int64), float(np.sum(d2[np.arange(len(X)), labels]))
    ### END SOLUTION


# %%
def elbow_k(X, ks, seed=0, n_init=4):
    """Pick k at the elbow of the inertia curve.

    X: (N, D) float64.  ks: (K,) increasing ints, K >= 3 (a list or an array).  seed: int.
    n_init: int, k-means++ runs per k.
    Returns (best_k, inertias): best_k a Python int from ks; inertias (K,) float64, for each k the
    lowest inertia of kmeans(X, k, "k-means++", seed + r) over r = 0..n_init−1.

    The rule: the elbow is the last k where one more cluster still paid off, i.e. the last step that
    cut the inertia by at least 30 %: the largest i >= 1 with inertias[i] / inertias[i − 1] < 0.7,
    best_k = ks[i] (ks[0] when no step qualifies). On data with 5 well-separated groups that is 5:
    up to the 5th centre each one separates groups (the inertia halves), after it each extra centre
    only splits a compact group (it keeps about 80 %). About 6 lines.
    """
    ### BEGIN SOLUTION
    ks = [int(k) for k in ks]
    inertias = np.array([min(kmeans(X, k, "k-means++", seed + r)[2] for r in range(n_init)) for k in ks])
    paid_off = np.flatnonzero(inertias[1:] / inertias[:-1] < 0.7)  # steps i − 1 → i that cut >= 30 %
    return (ks[1 + int(paid_off[-1])] if len(paid_off) else ks[0]), inertias
    ### END SOLUTION


# %%
def silhouette_score(X, labels):
    """The mean silhouette of all points: how much closer each is to its own cluster than to the next.

    X: (N, D) float64.  labels: (N,) ints, any values (not only 0..k−1), at least 2 and at most N − 1
    distinct ones — otherwise raise ValueError, as scikit-learn does.
    Returns a Python float in [−1, 1]:  mean over i of s_i = (b_i − a_i) / max(a_i, b_i), where
      a_i = the mean distance from i to the OTHER members of its cluster (divide by size − 1),
      b_i = the smallest, over the other clusters, of the mean distance from i to that cluster's members,
    and s_i = 0 for a point alone in its cluster. Distances are Euclidean (not squared).
    About 12 lines.
    """
    ### BEGIN SOLUTION
    labels = np.asarray(labels)
    names, idx = np.unique(labels, return_inverse=True)
    n = len(X)
    if not 2 <= len(names) <= n - 1:
        raise ValueError(f"silhouette needs 2 to N − 1 = {n - 1} clusters, got {len(names)}")
    dist = np.sqrt(np.maximum(_squared_distances(X, X), 0.0))  # (N, N)
    onehot = idx[:, None] == np.arange(len(names))  # (N, k)
    sizes = onehot.sum(axis=0)  # (k,)
    sums = dist @ onehot  # (N, k): total distance from i to each cluster
    own = sizes[idx]
    a = sums[np.arange(n), idx] / np.maximum(own - 1, 1)
    means = np.where(onehot, np.inf, sums / sizes)  # own cluster excluded from b
    b = means.min(axis=1)
    s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(np.mean(s))
    ### END SOLUTION


# %%
def agglomerative(X, n_clusters, linkage="single"):
    """Stretch: bottom-up hierarchical clustering, merged until n_clusters remain.

    X: (N, D) float64.  n_clusters: int, 1 <= n_clusters <= N.  linkage: "single" (closest pair),
    "complete" (farthest pair) or "average" (mean over all pairs) distance between two clusters.
    Returns labels, (N,) int64, numbered by first appearance: the cluster of X[0] is 0, the next new
    cluster met going down the rows is 1, and so on. Equal to scipy's
    fcluster(linkage(X, method), n_clusters, criterion="maxclust") after the same renumbering.

    Start with every point alone; repeatedly merge the two clusters at the smallest linkage
    distance. Keep a matrix of cluster-to-cluster distances and update it after each merge
    (Lance–Williams: single = min, complete = max, average = size-weighted mean of the two rows).
    O(N³) is fine for the N ≤ 100 graded here. About 20 lines.
    """
    ### BEGIN SOLUTION
    n = len(X)
    dist = np.sqrt(np.maximum(_squared_distances(X, X), 0.0))
    np.fill_diagonal(dist, np.inf)
    owner = np.arange(n)  # owner[i]: the cluster row that point i belongs to
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    for _ in range(n - n_clusters):
        flat = np.argmin(np.where(alive[:, None] & alive[None, :], dist, np.inf))
        i, j = divmod(int(flat), n)
        if linkage == "single":
            merged = np.minimum(dist[i], dist[j])
        elif linkage == "complete":
            merged = np.maximum(dist[i], dist[j])
        else:
            merged = (size[i] * dist[i] + size[j] * dist[j]) / (size[i] + size[j])
        dist[i], dist[:, i] = merged, merged
        dist[i, i] = np.inf
        alive[j], size[i] = False, size[i] + size[j]
        owner[owner == j] = i
    _, first, inverse = np.unique(owner, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))  # clusters numbered by their first row
    return rank[inverse].astype(np.int64)
    ### END SOLUTION
