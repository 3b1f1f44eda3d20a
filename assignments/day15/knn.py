# %%
"""Day 15 — k-nearest neighbours from scratch: distances, votes, leave-one-out, and a KD-tree.

Dimension letters used below:
  n   training points (rows of X_train)      m   query points (rows of X)
  d   features                               k   neighbours per query

Conventions every function here keeps, so that answers are unique:
  - neighbours are ordered by distance, and equal distances by training index (lowest first):
    a STABLE sort of the distances gives exactly this;
  - a vote that ties is won by the LOWEST label among the tied ones (what np.argmax over
    np.bincount gives).
Labels are non-negative ints. NumPy is yours; scikit-learn's neighbours (KNeighborsClassifier,
NearestNeighbors, KDTree, BallTree) and scipy.spatial (its KD-trees, cdist) are not.

Check your work:  pytest assignments/day15   (or: ai100 check day15)
"""

import numpy as np


# %%
def pairwise_sq_dists(A, B):
    """Squared Euclidean distances between every row of A and every row of B.

    A: (m, d) float64 array.  B: (n, d) float64 array.
    Returns D, an (m, n) float64 array with D[i, j] = ‖A[i] - B[j]‖², never negative.
    No Python loop over rows: expand ‖a - b‖² = ‖a‖² + ‖b‖² - 2a·b and get every a·b from one
    matrix product. Rounding can make that expansion slightly negative for (near-)equal points;
    clip at 0 — a square root of a negative number is NaN. About 4 lines.
    """
    raise NotImplementedError('day15: pairwise_sq_dists — see README')


# %%
def distances(A, B, metric="euclidean"):
    """All distances between the rows of A (m, d) and of B (n, d): an (m, n) float64 array.

    metric: "euclidean" (the square root of pairwise_sq_dists), "manhattan" (sum of |differences|),
    or a callable f(A, B) returning the (m, n) matrix itself (your own distance). Anything else:
    ValueError. About 8 lines.
    """
    raise NotImplementedError('day15: distances — see README')


# %%
def vote(neighbour_labels):
    """The majority label of each row, ties won by the lowest label.

    neighbour_labels: (m, k) int array of non-negative labels.
    Returns (m,) int64. About 3 lines (np.bincount per row, or count each label at once).
    """
    raise NotImplementedError('day15: vote — see README')


# %%
def knn_predict(X_train, y_train, X, k=5, metric="euclidean"):
    """Predict a label for each row of X by a vote of its k nearest training points.

    X_train: (n, d) float64.  y_train: (n,) int labels.  X: (m, d) float64.
    k: 1 <= k <= n.  metric: as in `distances`.
    Returns (m,) int64 labels. Neighbours: the k smallest distances, equal distances taken in
    training order (np.argsort(..., kind="stable")); votes: `vote`. About 4 lines.
    """
    raise NotImplementedError('day15: knn_predict — see README')


# %%
def loo_predict(X, y, k=5, metric="euclidean"):
    """Leave-one-out predictions: each point labelled by its k nearest OTHER points.

    X: (n, d) float64.  y: (n,) int labels.  k: 1 <= k <= n - 1.  metric: as in `distances`.
    Returns (n,) int64. A point is always at distance 0 from itself: leave it out of its own
    vote (set its own distance to +inf), or a 1-NN would score 100% on any data. Exact duplicates
    of a point are other points and do count. About 5 lines.
    """
    raise NotImplementedError('day15: loo_predict — see README')


# %%
class KDTree:
    """Stretch: a KD-tree for exact Euclidean nearest-neighbour queries.

    KDTree(X, leaf_size=10): X (n, d) float64, leaf_size >= 1. Split a node's points at the median
    of the coordinate with the widest spread until a node holds at most leaf_size points.
    .query(Q, k=1): Q (m, d) float64, 1 <= k <= n. Returns (dist, idx): dist (m, k) float64
    Euclidean distances in increasing order, idx (m, k) int64 row indices into X — the same
    answer as a brute-force search (equal distances in index order). Visit the nearer child
    first and skip a child whose box cannot hold anything closer than the current k-th best.
    About 40 lines in all.
    """

    def __init__(self, X, leaf_size=10):
        raise NotImplementedError('day15: KDTree.__init__ — see README')

    def _build(self, rows):
        raise NotImplementedError('day15: KDTree._build — see README')

    def query(self, Q, k=1):
        raise NotImplementedError('day15: KDTree.query — see README')

    def _search(self, node, q, k, best):
        raise NotImplementedError('day15: KDTree._search — see README')
