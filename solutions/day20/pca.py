# %%
"""Day 20 — principal component analysis by hand, on the 8 × 8 handwritten digits.

Letters used below:
  N   number of samples (rows of X)      D   number of features (64 pixels for the digits)
  k   number of components kept, 1 <= k <= min(N, D)

A fitted model is a plain dict, so that it can be printed, saved and compared:
  model = {"mean":               (D,) float64, the column means of the training X
           "components":         (k, D) float64, orthonormal rows, the directions of largest variance first
           "explained_variance": (k,) float64, the variance of the data along each component
           "total_variance":     Python float, the sum of the variances of all D columns}
Variances divide by N − 1 (the sample variance, as numpy's var(ddof=1) and scikit-learn do).

The sign rule. An SVD gives each direction up to a sign (v and −v are equally good), and two
libraries may pick differently. Here, as in scikit-learn's svd_flip(u_based_decision=False), every
component is flipped so that its entry of largest absolute value is positive.

Check your work:  pytest assignments/day20   (or: ai100 check day20)
"""

import numpy as np


def _flip_signs(components):
    """Flip each row of `components` (k, D) so that its largest-|value| entry is positive (a copy)."""
    biggest = np.argmax(np.abs(components), axis=1)  # (k,)
    signs = np.sign(components[np.arange(len(components)), biggest])
    signs[signs == 0] = 1.0
    return components * signs[:, None]


# %%
def pca_fit(X, k):
    """Fit PCA with k components by the SVD of the centred data.

    X: (N, D) float64 array (left unchanged).  k: int, 1 <= k <= min(N, D).
    Returns the model dict of the module docstring.

    Centre the columns, take the thin SVD  Xc = U S Vᵀ  (numpy.linalg.svd with full_matrices=False),
    keep the first k rows of Vᵀ (apply the sign rule with _flip_signs), and turn singular values into
    variances: a direction's variance is S² / (N − 1). The total variance is the sum of every column's
    variance, kept or not. About 7 lines.
    """
    ### BEGIN SOLUTION
    n = X.shape[0]
    mean = X.mean(axis=0)  # (D,)
    centred = X - mean
    _, s, vt = np.linalg.svd(centred, full_matrices=False)  # s: (min(N, D),), vt: (min(N, D), D)
    variances = s ** 2 / (n - 1)
    return {"mean": mean, "components": _flip_signs(vt[:k]), "explained_variance": variances[:k].copy(),
            "total_variance": float(np.sum(centred ** 2) / (n - 1))}
    ### END SOLUTION


# %%
def pca_transform(model, X):
    """Project rows of X onto the model's components.

    model: a dict as pca_fit returns.  X: (M, D) float64 (any rows, not only the training ones).
    Returns (M, k) float64: the coordinates of each centred row along each component. One line.
    """
    ### BEGIN SOLUTION
    return (X - model["mean"]) @ model["components"].T  # (M, k)
    ### END SOLUTION


# %%
def explained_variance_ratio(model):
    """The share of the total variance that each kept component explains.

    model: a dict as pca_fit returns.
    Returns (k,) float64, in decreasing order, summing to at most 1 (exactly 1 when k = min(N − 1, D)
    captures every direction). One line — mind what you divide by.
    """
    ### BEGIN SOLUTION
    return model["explained_variance"] / model["total_variance"]
    ### END SOLUTION


# %%
def plot_embedding(Z, labels, path):
    """Scatter the 2-D coordinates Z coloured by label, and save the figure as a PNG.

    Z: (N, 2) float64, e.g. pca_transform(pca_fit(X, 2), X).  labels: (N,) int array (digits 0–9).
    path: str, the file to write.
    Returns the PNG file's bytes (what was written to `path`).

    The image must be exactly 600 × 500 pixels: figsize=(6, 5) at dpi=100, saved without
    bbox_inches="tight" (it crops the canvas). Use matplotlib.figure.Figure (no window, no pyplot
    state). One colour per label (a colormap such as "tab10" with a legend or colour bar), axes
    named "PC 1" and "PC 2". About 7 lines.
    """
    from matplotlib.figure import Figure

    ### BEGIN SOLUTION
    fig = Figure(figsize=(6, 5), dpi=100)
    ax = fig.add_subplot(xlabel="PC 1", ylabel="PC 2", title="digits, 64 → 2 dimensions")
    fig.colorbar(ax.scatter(Z[:, 0], Z[:, 1], c=labels, cmap="tab10"), ax=ax, label="digit")
    fig.savefig(path, format="png")
    with open(path, "rb") as f:
        return f.read()
    ### END SOLUTION


# %%
def pca_eig(X, k):
    """Stretch: the same model as pca_fit, from the eigendecomposition of the covariance matrix.

    X: (N, D) float64.  k: int, 1 <= k <= D.
    Returns the model dict of the module docstring, equal to pca_fit(X, k) (to rounding).

    The covariance is C = Xcᵀ Xc / (N − 1), a (D, D) matrix; numpy.linalg.eigh gives its eigenvalues
    in INCREASING order with the eigenvectors as COLUMNS. Keep the k largest, largest first, as rows,
    and apply the sign rule. No SVD here (numpy.linalg.svd is switched off in this function's tests).
    The total variance is the trace of C. About 8 lines.
    """
    ### BEGIN SOLUTION
    n = X.shape[0]
    mean = X.mean(axis=0)
    centred = X - mean
    cov = centred.T @ centred / (n - 1)  # (D, D)
    values, vectors = np.linalg.eigh(cov)  # increasing eigenvalues, eigenvectors as columns
    order = np.argsort(values)[::-1][:k]
    return {"mean": mean, "components": _flip_signs(vectors[:, order].T), "explained_variance": values[order],
            "total_variance": float(np.trace(cov))}
    ### END SOLUTION


# %%
# The bisection's budget, given: 200 halvings reach any β a float64 can hold, and an entropy within
# 1e-12 nats of the target puts the perplexity far inside the 1e-5 asked.
SEARCH_STEPS = 200
ENTROPY_TOL = 1e-12


def tsne_affinities(X, perplexity):
    """Stretch: t-SNE's conditional affinities p(j | i), each row tuned to a given perplexity.

    X: (N, D) float64.  perplexity: float, 1 < perplexity < N − 1 (e.g. 30).
    Returns P, (N, N) float64, with
      P[i, j] = exp(−β_i ‖x_i − x_j‖²) / Σ_{m≠i} exp(−β_i ‖x_i − x_m‖²)  for j ≠ i,   P[i, i] = 0,
    where β_i = 1 / (2σ_i²) is chosen per row so that the row's perplexity 2^H(P_i) — H in bits,
    H = −Σ_j P[i, j] log2 P[i, j] — equals `perplexity` within 1e-5.

    The perplexity falls as β grows (a narrower Gaussian looks at fewer neighbours), so find each β_i
    by bisection: start from β = 1 with bounds (0, ∞), double β while the upper bound is ∞, halve the
    bracket otherwise; stop after SEARCH_STEPS rounds, or once every row's entropy is within
    ENTROPY_TOL of log(perplexity). Squared distances run to the thousands on the digits: subtract
    each row's smallest off-diagonal distance before exp (P does not change) so nothing underflows.
    All rows can be searched at once with whole-array operations. About 20 lines.
    """
    ### BEGIN SOLUTION
    sq = np.sum(X ** 2, axis=1)
    d = np.maximum(sq[:, None] + sq[None, :] - 2.0 * X @ X.T, 0.0)  # (N, N) squared distances
    n = len(X)
    off = ~np.eye(n, dtype=bool)
    d = np.where(off, d - np.min(np.where(off, d, np.inf), axis=1, keepdims=True), 0.0)  # shift: P unchanged
    target = np.log(perplexity)  # the entropy we want, in nats
    beta, lo, hi = np.ones(n), np.zeros(n), np.full(n, np.inf)

    def rows(beta):
        e = np.where(off, np.exp(-beta[:, None] * d), 0.0)
        total = e.sum(axis=1)
        entropy = np.log(total) + beta * np.sum(d * e, axis=1) / total  # nats
        return e / total[:, None], entropy

    for _ in range(SEARCH_STEPS):
        p, entropy = rows(beta)
        if np.all(np.abs(entropy - target) < ENTROPY_TOL):
            break
        too_wide = entropy > target  # too many neighbours: narrow the Gaussian, raise β
        lo = np.where(too_wide, beta, lo)
        hi = np.where(too_wide, hi, beta)
        beta = np.where(np.isinf(hi), beta * 2.0, (lo + hi) / 2.0)
    return p
    ### END SOLUTION
