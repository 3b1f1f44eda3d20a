# %%
"""Day 64 — a vector index from scratch, in NumPy: exact (flat) search and an inverted-file (IVF) index.

Dimension letters used below:
  n    vectors in the index (the database)     q    query vectors
  d    width of one vector                     k    neighbours asked for per query
  c    clusters (inverted lists) of an IVF index

Distances are SQUARED Euclidean distances, as faiss reports them. Ties are broken by the smaller
id, so every correct answer returns the same ids.

Check your work:  pytest assignments/day64   (or: ai100 check day64)
"""

import numpy as np


# %%
def pairwise_sq_dists(a, b):
    """Squared Euclidean distances between every row of `a` and every row of `b`.

    a: (q, d) float64 array.  b: (n, d) float64 array.
    Returns (q, n) float64: out[i, j] = ‖a[i] − b[j]‖². About 3 lines, no loops: expand
    ‖a − b‖² = ‖a‖² − 2 a·b + ‖b‖² so the middle term is one matrix product.
    """
    raise NotImplementedError('day64: pairwise_sq_dists — see README')


# %%
def top_k_smallest(scores, k):
    """The k smallest entries of every row, in increasing order; equal scores: smaller column first.

    scores: (q, m) float64 array.  k: int, 1 <= k <= m.
    Returns (values (q, k) float64, columns (q, k) int64). About 10 lines. Sorting every whole
    row is too slow for the throughput test: np.partition finds each row's k-th smallest value in
    linear time; then only the entries ≤ that value need sorting (a stable sort keeps equal
    scores in column order). np.argpartition alone breaks ties at the k-th value arbitrarily.
    """
    raise NotImplementedError('day64: top_k_smallest — see README')


# %%
def flat_search(xb, xq, k, metric="l2"):
    """Exact k-nearest-neighbour search by brute force.

    xb: (n, d) float64 database.  xq: (q, d) float64 queries.  k: int, 1 <= k <= n.
    metric: "l2" (smallest squared distance first) or "ip" (largest inner product first).
    Returns (D (q, k) float64, I (q, k) int64): D the squared distances (or inner products) of
    the neighbours, I their row numbers in xb. About 5 lines on top of the two functions above.
    """
    raise NotImplementedError('day64: flat_search — see README')


# %%
def recall_at_k(found, truth, k):
    """The share of the true k nearest neighbours that a search found, averaged over queries.

    found: (q, >= k) int array of ids (-1 = no result).  truth: (q, >= k) int array of the exact
    ids, nearest first.  k: int.
    Returns a Python float in [0, 1]: mean over queries of |found[i, :k] ∩ truth[i, :k]| / k.
    The order inside the first k does not matter. About 3 lines.
    """
    raise NotImplementedError('day64: recall_at_k — see README')


# %%
def kmeans(x, n_clusters, n_iter=10, seed=0):
    """Lloyd's k-means, the way an IVF index trains its coarse centroids.

    x: (n, d) float64.  n_clusters: int <= n.  n_iter: int.  seed: int.
    Returns centroids (n_clusters, d) float64.
    Start from the rows x[rng.choice(n, n_clusters, replace=False)] with
    rng = np.random.default_rng(seed); then n_iter times: give each row to its nearest centroid
    (ties: the smaller centroid index) and move each centroid to the mean of its rows. A centroid
    that got no rows stays where it was. About 10 lines.
    """
    raise NotImplementedError('day64: kmeans — see README')


# %%
class FlatIndex:
    """An exact index: stores every vector and compares a query with all of them.

    FlatIndex(dim, metric="l2"); add(x) appends rows (ids continue from the rows already added);
    search(xq, k) -> (D (q, k) float64, I (q, k) int64) as flat_search; ntotal = rows stored.
    """

    def __init__(self, dim, metric="l2"):
        self.dim, self.metric = dim, metric
        self.xb = np.empty((0, dim))

    @property
    def ntotal(self):
        return len(self.xb)

    def add(self, x):
        """x: (m, dim) float array. Stores a float64 copy after the rows already there. One line."""
        raise NotImplementedError('day64: FlatIndex.add — see README')

    def search(self, xq, k):
        """xq: (q, dim) float64, k: int <= ntotal. Returns (D, I) as flat_search. One line."""
        raise NotImplementedError('day64: FlatIndex.search — see README')


# %%
class IVFIndex:
    """An inverted-file index (squared L2): vectors are filed under their nearest of `nlist`
    centroids; a query scans only the lists of its `nprobe` nearest centroids.

    IVFIndex(dim, nlist, nprobe=8, seed=0); train(x) learns the centroids with
    kmeans(x, nlist, n_iter=10, seed=seed); add(x) files rows under their nearest centroid (ties:
    the smaller index), ids continuing from the rows already added; search(xq, k) -> (D, I).
    """

    def __init__(self, dim, nlist, nprobe=8, seed=0):
        self.dim, self.nlist, self.nprobe, self.seed = dim, nlist, nprobe, seed
        self.centroids = None  # (nlist, dim) float64 once trained
        self.n = 0  # rows added so far; the next row gets id n
        self.lists = [np.empty(0, dtype=np.int64) for _ in range(nlist)]  # ids filed under each centroid
        self.vecs = [np.empty((0, dim)) for _ in range(nlist)]  # their vectors, one block per list

    @property
    def ntotal(self):
        return self.n

    def train(self, x):
        """x: (m, dim) float64 training rows. Sets self.centroids. One line."""
        raise NotImplementedError('day64: IVFIndex.train — see README')

    def add(self, x):
        """x: (m, dim) float array. Files each row (id = self.n, self.n + 1, ...) under its nearest
        centroid, appending to that list's ids and vectors. About 6 lines."""
        raise NotImplementedError('day64: IVFIndex.add — see README')

    def search(self, xq, k):
        """xq: (q, dim) float64, k: int.
        Returns (D (q, k) float64, I (q, k) int64): for each query, the k nearest among the rows
        filed under its nprobe nearest centroids (ties: smaller centroid index / smaller id),
        nearest first. When those lists hold fewer than k rows, pad with D = inf and I = -1.
        About 20 lines. Looping over queries and gathering each one's candidates is slower than
        the flat index (it moves far more memory); loop over the probed LISTS instead, so that
        each list meets all of its queries in one matrix product, then merge per query.
        """
        raise NotImplementedError('day64: IVFIndex.search — see README')
