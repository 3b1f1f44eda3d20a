"""Day 20's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _flip(components):
    biggest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(len(components)), biggest])
    signs[signs == 0] = 1.0
    return components * signs[:, None]


def _fit(X, k, *, centre=True, ddof=1, flip=True):
    n = X.shape[0]
    mean = X.mean(axis=0)
    data = X - mean if centre else X
    _, s, vt = np.linalg.svd(data, full_matrices=False)
    comps = vt[:k]
    return {"mean": mean, "components": _flip(comps) if flip else comps.copy(),
            "explained_variance": s[:k] ** 2 / (n - ddof),
            "total_variance": float(np.sum((X - mean) ** 2) / (n - ddof))}


def _fit_gram(X, k):
    """Eigenvectors of the N × N Gram matrix Xc Xcᵀ: they are U's columns (one weight per sample), not
    directions in feature space."""
    n = X.shape[0]
    if n > 400:  # an N × N eigendecomposition of all 1 797 digits costs seconds, three times per test
        raise ValueError("diagnosed on the smaller inputs only")
    mean = X.mean(axis=0)
    centred = X - mean
    values, vectors = np.linalg.eigh(centred @ centred.T)
    order = np.argsort(values)[::-1][:k]
    return {"mean": mean, "components": _flip(vectors[:, order].T), "explained_variance": values[order] / (n - 1),
            "total_variance": float(np.sum(centred ** 2) / (n - 1))}


_FIT = {
    "the data were not centred: subtract the column means before the SVD":
        lambda X, k: _fit(X, k, centre=False),
    "variances divided by N instead of N − 1 (use the sample variance, ddof=1, as scikit-learn does)":
        lambda X, k: _fit(X, k, ddof=0),
    "the sign rule was not applied: flip each component so that its largest-|value| entry is positive":
        lambda X, k: _fit(X, k, flip=False),
    "eigenvectors of Xc·Xcᵀ (N × N, one entry per sample) instead of the D × D covariance Xcᵀ·Xc / rows of Vᵀ":
        _fit_gram,
}

def _eig_unflipped(X, k):
    n = X.shape[0]
    mean = X.mean(axis=0)
    cov = (X - mean).T @ (X - mean) / (n - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:k]
    return {"mean": mean, "components": vectors[:, order].T, "explained_variance": values[order],
            "total_variance": float(np.trace(cov))}


MISTAKES = {
    "pca_fit": _FIT,
    "pca_eig": {**_FIT, "the sign rule was not applied to eigh's eigenvectors: flip each component so that its "
                        "largest-|value| entry is positive": _eig_unflipped},
    "pca_transform": {
        "the rows were not centred with the model's mean before projecting":
            lambda model, X: X @ model["components"].T,
        "centred with the new rows' own mean instead of the training mean stored in the model":
            lambda model, X: (X - X.mean(axis=0)) @ model["components"].T,
    },
    "explained_variance_ratio": {
        "divided by the sum of the KEPT components' variances: divide by the total variance of all columns":
            lambda model: model["explained_variance"] / np.sum(model["explained_variance"]),
    },
}


def _affinities(X, perplexity, *, squared=True, self_included=False):
    d = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    if not squared:
        d = np.sqrt(d)
    n = len(X)
    off = np.ones((n, n), dtype=bool) if self_included else ~np.eye(n, dtype=bool)
    d = np.where(off, d - np.min(np.where(~np.eye(n, dtype=bool), d, np.inf), axis=1, keepdims=True), 0.0)
    target = np.log(perplexity)
    beta, lo, hi = np.ones(n), np.zeros(n), np.full(n, np.inf)
    for _ in range(200):
        e = np.where(off, np.exp(-beta[:, None] * d), 0.0)
        total = e.sum(axis=1)
        p = e / total[:, None]
        entropy = np.log(total) + beta * np.sum(d * e, axis=1) / total
        wide = entropy > target
        lo, hi = np.where(wide, beta, lo), np.where(wide, hi, beta)
        beta = np.where(np.isinf(hi), beta * 2.0, (lo + hi) / 2.0)
    return p


MISTAKES["tsne_affinities"] = {
    "distances not squared: the Gaussian is exp(−β‖x_i − x_j‖²)":
        lambda X, perplexity: _affinities(X, perplexity, squared=False),
    "the point itself was counted as its own neighbour: P[i, i] must be 0 and left out of the sum":
        lambda X, perplexity: _affinities(X, perplexity, self_included=True),
}
