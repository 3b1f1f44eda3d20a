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
    ### BEGIN SOLUTION
    a_sq = np.einsum("ij,ij->i", a, a)[:, None]  # (q, 1)
    b_sq = np.einsum("ij,ij->i", b, b)[None, :]  # (1, n)
    return a_sq + b_sq - 2.0 * (a @ b.T)  # (q, n)
    ### END SOLUTION


# %%
def top_k_smallest(scores, k):
    """The k smallest entries of every row, in increasing order; equal scores: smaller column first.

    scores: (q, m) float64 array.  k: int, 1 <= k <= m.
    Returns (values (q, k) float64, columns (q, k) int64). About 10 lines. Sorting every whole
    row is too slow for the throughput test: np.partition finds each row's k-th smallest value in
    linear time; then only the entries ≤ that value need sorting (a stable sort keeps equal
    scores in column order). np.argpartition alone breaks ties at the k-th value arbitrarily.
    """
    ### BEGIN SOLUTION
    kth = np.partition(scores, k - 1, axis=1)[:, k - 1]  # (q,) the k-th smallest of each row
    cols = np.empty((scores.shape[0], k), dtype=np.int64)
    for i, row in enumerate(scores):
        cand = np.flatnonzero(row <= kth[i])  # ascending columns; at least k of them
        cols[i] = cand[np.argsort(row[cand], kind="stable")[:k]]
    return np.take_along_axis(scores, cols, axis=1), cols
    ### END SOLUTION


# %%
def flat_search(xb, xq, k, metric="l2"):
    """Exact k-nearest-neighbour search by brute force.

    xb: (n, d) float64 database.  xq: (q, d) float64 queries.  k: int, 1 <= k <= n.
    metric: "l2" (smallest squared distance first) or "ip" (largest inner product first).
    Returns (D (q, k) float64, I (q, k) int64): D the squared distances (or inner products) of
    the neighbours, I their row numbers in xb. About 5 lines on top of the two functions above.
    """
    ### BEGIN SOLUTION
    if metric == "ip":
        vals, ids = top_k_smallest(-(xq @ xb.T), k)
        return -vals, ids
    return top_k_smallest(pairwise_sq_dists(xq, xb), k)
    ### END SOLUTION


# %%
def recall_at_k(found, truth, k):
    """The share of the true k nearest neighbours that a search found, averaged over queries.

    found: (q, >= k) int array of ids (-1 = no result).  truth: (q, >= k) int array of the exact
    ids, nearest first.  k: int.
    Returns a Python float in [0, 1]: mean over queries of |found[i, :k] ∩ truth[i, :k]| / k.
    The order inside the first k does not matter. About 3 lines.
    """
    ### BEGIN SOLUTION
    hits = [len(np.intersect1d(f[:k], t[:k])) for f, t in zip(found, truth)]
    return float(np.mean(hits) / k)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), n_clusters, replace=False)].astype(np.float64)
    for _ in range(n_iter):
        assign = np.argmin(pairwise_sq_dists(x, cent), axis=1)  # (n,)
        counts = np.bincount(assign, minlength=n_clusters)  # (c,)
        sums = np.zeros_like(cent)
        np.add.at(sums, assign, x)
        filled = counts > 0
        cent[filled] = sums[filled] / counts[filled, None]
    return cent
    ### END SOLUTION


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
        ### BEGIN SOLUTION
        self.xb = np.concatenate([self.xb, np.asarray(x, dtype=np.float64)])
        ### END SOLUTION

    def search(self, xq, k):
        """xq: (q, dim) float64, k: int <= ntotal. Returns (D, I) as flat_search. One line."""
        ### BEGIN SOLUTION
        return flat_search(self.xb, xq, k, self.metric)
        ### END SOLUTION


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
        ### BEGIN SOLUTION
        self.centroids = kmeans(np.asarray(x, dtype=np.float64), self.nlist, n_iter=10, seed=self.seed)
        ### END SOLUTION

    def add(self, x):
        """x: (m, dim) float array. Files each row (id = self.n, self.n + 1, ...) under its nearest
        centroid, appending to that list's ids and vectors. About 6 lines."""
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        assign = np.argmin(pairwise_sq_dists(x, self.centroids), axis=1)  # (m,)
        for c in np.unique(assign):
            rows = np.flatnonzero(assign == c)
            self.lists[c] = np.concatenate([self.lists[c], self.n + rows])
            self.vecs[c] = np.concatenate([self.vecs[c], x[rows]])
        self.n += len(x)
        ### END SOLUTION

    def search(self, xq, k):
        """xq: (q, dim) float64, k: int.
        Returns (D (q, k) float64, I (q, k) int64): for each query, the k nearest among the rows
        filed under its nprobe nearest centroids (ties: smaller centroid index / smaller id),
        nearest first. When those lists hold fewer than k rows, pad with D = inf and I = -1.
        About 20 lines. Looping over queries and gathering each one's candidates is slower than
        the flat index (it moves far more memory); loop over the probed LISTS instead, so that
        each list meets all of its queries in one matrix product, then merge per query.
        """
        ### BEGIN SOLUTION
        nq = len(xq)
        _, probes = top_k_smallest(pairwise_sq_dists(xq, self.centroids), min(self.nprobe, self.nlist))
        dists, ids = [[] for _ in range(nq)], [[] for _ in range(nq)]
        for c in np.unique(probes):
            qs = np.flatnonzero((probes == c).any(axis=1))
            block = pairwise_sq_dists(xq[qs], self.vecs[c])  # (len(qs), list length)
            for qi, row in zip(qs, block):
                dists[qi].append(row)
                ids[qi].append(self.lists[c])
        D = np.full((nq, k), np.inf)
        I = np.full((nq, k), -1, dtype=np.int64)
        for i in range(nq):
            dist, cand = np.concatenate(dists[i]), np.concatenate(ids[i])
            m = min(k, len(cand))
            if m == 0:
                continue
            kth = np.partition(dist, m - 1)[m - 1]
            near = np.flatnonzero(dist <= kth)  # ≥ m candidates
            near = near[np.lexsort((cand[near], dist[near]))[:m]]  # by distance, then id
            D[i, :m], I[i, :m] = dist[near], cand[near]
        return D, I
        ### END SOLUTION
