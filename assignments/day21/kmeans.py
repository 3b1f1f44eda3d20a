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
    raise NotImplementedError('day21: kmeans_plus_plus — see README')


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
    raise NotImplementedError('day21: kmeans — see README')


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
    raise NotImplementedError('day21: elbow_k — see README')


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
    raise NotImplementedError('day21: silhouette_score — see README')


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
    raise NotImplementedError('day21: agglomerative — see README')
