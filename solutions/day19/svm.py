# %%
"""Day 19 — SVM margins: an RBF kernel, a linear SVM trained by Pegasos, and which points hold the margin.

Dimension letters used below:
  N, M   numbers of points (rows)        D   features per point
  n      grid points per side (decision_grid)

Labels: the day's data sets label their two classes 0 and 1 (as scikit-learn's make_moons does).
The hinge loss needs signed labels s = 2y − 1 in {−1, +1}; a point is on the right side of the
boundary with room to spare when its margin s·f(x) >= 1, where f is the decision function.

Check your work:  pytest assignments/day19   (or: ai100 check day19)
"""

import numpy as np


# %%
def rbf_kernel(X, Y, gamma):
    """The Gaussian (RBF) kernel matrix between the rows of X and the rows of Y.

    X: (N, D) float64.  Y: (M, D) float64.  gamma: float > 0.
    Returns (N, M) float64 with K[i, j] = exp(−gamma · ||X[i] − Y[j]||²) — gamma multiplies the
    SQUARED distance. No Python loop over points: broadcast, or expand
    ||x − y||² = ||x||² + ||y||² − 2 x·y (then clip the tiny negatives rounding leaves to 0).
    About 3 lines.
    """
    ### BEGIN SOLUTION
    sq = np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1)  # (N, M) squared distances
    return np.exp(-gamma * sq)
    ### END SOLUTION


# %%
def fit_linear_svm(X, y, C=1.0, epochs=10, seed=0):
    """A linear SVM trained by Pegasos: stochastic sub-gradient descent on the hinge loss.

    X: (N, D) float64.  y: (N,) int labels in {0, 1}.  C: float > 0, as in scikit-learn's SVC
    (larger C = less regularisation).  epochs: int passes over the data.  seed: int.
    Returns (w, b): w (D,) float64 and b a Python float; the decision function is f(x) = x·w + b
    and the predicted label is 1 where f(x) > 0.

    Pegasos minimises  λ/2 · (||w||² + b²) + mean over i of max(0, 1 − s_i (x_i·w + b))  with
    λ = 1 / (C·N) and s = 2y − 1 (the bias is a weight on a constant feature 1, so it is shrunk
    too). The exact recipe, which the exact-for-seed tests follow to the last bit:
        rng = np.random.default_rng(seed); w = zeros(D); b = 0.0; t = 0
        for each epoch: for i in rng.permutation(N):
            t += 1;  eta = 1 / (λ t)
            margin = s_i (x_i·w + b)          (with w, b from BEFORE this step)
            w, b = (1 − eta λ) w, (1 − eta λ) b
            if margin < 1:  w += eta s_i x_i;  b += eta s_i
    About 14 lines.
    """
    ### BEGIN SOLUTION
    n, d = X.shape
    s = 2.0 * y - 1.0  # (N,) in {−1, +1}
    lam = 1.0 / (C * n)
    rng = np.random.default_rng(seed)
    w, b, t = np.zeros(d), 0.0, 0
    for _ in range(epochs):
        for i in rng.permutation(n):
            t += 1
            eta = 1.0 / (lam * t)
            margin = s[i] * (X[i] @ w + b)
            w = (1.0 - eta * lam) * w
            b = (1.0 - eta * lam) * b
            if margin < 1.0:
                w = w + eta * s[i] * X[i]
                b = b + eta * s[i]
    return w, float(b)
    ### END SOLUTION


# %%
def support_vector_mask(clf, X, y, tol=1e-3):
    """Which training points sit on or inside the margin of a fitted scikit-learn SVC.

    clf: a fitted sklearn.svm.SVC (two classes, labels 0 and 1).  X: (N, D) float64, the points
    it was fitted on.  y: (N,) int labels in {0, 1}.  tol: float, the slack for the solver's rounding.
    Returns (N,) bool: True where the margin s·f(x) <= 1 + tol, with s = 2y − 1 and
    f = clf.decision_function (positive means class 1). Only these points can be support vectors;
    on data with a wide margin they are exactly clf.support_. About 3 lines.
    """
    ### BEGIN SOLUTION
    s = 2.0 * np.asarray(y) - 1.0
    return s * clf.decision_function(X) <= 1.0 + tol
    ### END SOLUTION


# %%
def decision_grid(clf, xlim, ylim, n):
    """Stretch: the decision function of a fitted 2-D classifier on an n × n grid, for a contour plot.

    clf: a fitted classifier with decision_function (e.g. sklearn.svm.SVC) on 2 features.
    xlim, ylim: (low, high) floats.  n: int >= 2.
    Returns (xx, yy, zz), each (n, n) float64: xx, yy = np.meshgrid(np.linspace(*xlim, n),
    np.linspace(*ylim, n)) — so row r holds y = ylim-values[r] — and zz[r, c] is the decision
    function at the point (xx[r, c], yy[r, c]). About 4 lines.
    """
    ### BEGIN SOLUTION
    xx, yy = np.meshgrid(np.linspace(xlim[0], xlim[1], n), np.linspace(ylim[0], ylim[1], n))
    zz = clf.decision_function(np.column_stack([xx.ravel(), yy.ravel()])).reshape(n, n)
    return xx, yy, zz.astype(np.float64)
    ### END SOLUTION


# %%
def plot_decision_grid(xx, yy, zz, X, y, path):
    """Stretch: draw the decision function and the points, and save the figure as a PNG file.

    xx, yy, zz: (n, n) float64 as decision_grid returns.  X: (N, 2) float64.  y: (N,) int in {0, 1}.
    path: str, the file to write.
    Returns the PNG file's bytes (what was written to `path`).

    The image must be exactly 600 × 400 pixels: matplotlib.figure.Figure(figsize=(6, 4), dpi=100),
    saved without bbox_inches="tight". Draw what helps the eye: filled contours of zz, the
    boundary (level 0) and the margins (levels −1 and +1), the points coloured by class.
    About 8 lines.
    """
    from matplotlib.figure import Figure

    ### BEGIN SOLUTION
    fig = Figure(figsize=(6, 4), dpi=100)
    ax = fig.add_subplot()
    ax.contourf(xx, yy, zz, levels=20, cmap="coolwarm", alpha=0.6)
    ax.contour(xx, yy, zz, levels=[-1.0, 0.0, 1.0], colors="k", linestyles=["--", "-", "--"])
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=12)
    fig.savefig(path, format="png")
    with open(path, "rb") as f:
        return f.read()
    ### END SOLUTION
