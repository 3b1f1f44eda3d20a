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
    ### BEGIN SOLUTION
    sq_a = np.sum(A * A, axis=1)[:, None]  # (m, 1)
    sq_b = np.sum(B * B, axis=1)[None, :]  # (1, n)
    return np.maximum(sq_a + sq_b - 2.0 * (A @ B.T), 0.0)  # (m, n)
    ### END SOLUTION


# %%
def distances(A, B, metric="euclidean"):
    """All distances between the rows of A (m, d) and of B (n, d): an (m, n) float64 array.

    metric: "euclidean" (the square root of pairwise_sq_dists), "manhattan" (sum of |differences|),
    or a callable f(A, B) returning the (m, n) matrix itself (your own distance). Anything else:
    ValueError. About 8 lines.
    """
    ### BEGIN SOLUTION
    if callable(metric):
        return np.asarray(metric(A, B), dtype=np.float64)
    if metric == "euclidean":
        return np.sqrt(pairwise_sq_dists(A, B))
    if metric == "manhattan":
        return np.abs(A[:, None, :] - B[None, :, :]).sum(axis=2)  # (m, n)
    raise ValueError(f"distances: metric must be 'euclidean', 'manhattan' or a callable, not {metric!r}")
    ### END SOLUTION


# %%
def vote(neighbour_labels):
    """The majority label of each row, ties won by the lowest label.

    neighbour_labels: (m, k) int array of non-negative labels.
    Returns (m,) int64. About 3 lines (np.bincount per row, or count each label at once).
    """
    ### BEGIN SOLUTION
    n_labels = int(neighbour_labels.max()) + 1
    counts = np.stack([(neighbour_labels == c).sum(axis=1) for c in range(n_labels)], axis=1)  # (m, labels)
    return np.argmax(counts, axis=1).astype(np.int64)  # argmax keeps the first (lowest) of equal counts
    ### END SOLUTION


# %%
def knn_predict(X_train, y_train, X, k=5, metric="euclidean"):
    """Predict a label for each row of X by a vote of its k nearest training points.

    X_train: (n, d) float64.  y_train: (n,) int labels.  X: (m, d) float64.
    k: 1 <= k <= n.  metric: as in `distances`.
    Returns (m,) int64 labels. Neighbours: the k smallest distances, equal distances taken in
    training order (np.argsort(..., kind="stable")); votes: `vote`. About 4 lines.
    """
    ### BEGIN SOLUTION
    D = distances(X, X_train, metric)  # (m, n)
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]  # (m, k)
    return vote(np.asarray(y_train)[nearest])
    ### END SOLUTION


# %%
def loo_predict(X, y, k=5, metric="euclidean"):
    """Leave-one-out predictions: each point labelled by its k nearest OTHER points.

    X: (n, d) float64.  y: (n,) int labels.  k: 1 <= k <= n - 1.  metric: as in `distances`.
    Returns (n,) int64. A point is always at distance 0 from itself: leave it out of its own
    vote (set its own distance to +inf), or a 1-NN would score 100% on any data. Exact duplicates
    of a point are other points and do count. About 5 lines.
    """
    ### BEGIN SOLUTION
    D = distances(X, X, metric)  # (n, n)
    np.fill_diagonal(D, np.inf)  # a point is not its own neighbour
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
    return vote(np.asarray(y)[nearest])
    ### END SOLUTION


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
        ### BEGIN SOLUTION
        self.X = np.array(X, dtype=np.float64)  # our own copy: the caller may change theirs
        self.leaf_size = max(int(leaf_size), 1)
        self.root = self._build(np.arange(len(self.X)))
        ### END SOLUTION

    def _build(self, rows):
        ### BEGIN SOLUTION
        if len(rows) <= self.leaf_size:
            return ("leaf", rows)
        pts = self.X[rows]
        axis = int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))  # the widest coordinate
        order = rows[np.argsort(pts[:, axis], kind="stable")]
        half = len(order) // 2
        cut = float(self.X[order[half], axis])
        return ("node", axis, cut, self._build(order[:half]), self._build(order[half:]))
        ### END SOLUTION

    def query(self, Q, k=1):
        ### BEGIN SOLUTION
        Q = np.asarray(Q, dtype=np.float64)
        dist = np.empty((len(Q), k))
        idx = np.empty((len(Q), k), dtype=np.int64)
        for i, q in enumerate(Q):
            best = []  # (squared distance, index), kept sorted, at most k long
            self._search(self.root, q, k, best)
            dist[i] = np.sqrt([b[0] for b in best])
            idx[i] = [b[1] for b in best]
        return dist, idx
        ### END SOLUTION

    def _search(self, node, q, k, best):
        ### BEGIN SOLUTION
        if node[0] == "leaf":
            rows = node[1]
            d2 = np.sum((self.X[rows] - q) ** 2, axis=1)
            merged = sorted(best + list(zip(d2.tolist(), rows.tolist())))  # ties: lower index first
            best[:] = merged[:k]
            return
        _, axis, cut, left, right = node
        gap = q[axis] - cut
        near, far = (left, right) if gap < 0 else (right, left)
        self._search(near, q, k, best)
        if len(best) < k or gap * gap <= best[-1][0]:  # <=: an equal distance may win on index
            self._search(far, q, k, best)
        ### END SOLUTION
