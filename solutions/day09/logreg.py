# %%
"""Day 09 — logistic regression from scratch, in NumPy: the baseline every later classifier must beat.

Dimension letters used below:
  n   samples (rows of X)        d   features (columns of X)        K   classes (softmax only)

The model is  p = sigmoid(X @ w + b)  and the loss is the mean log-loss (binary cross-entropy)
plus an optional L2 penalty on the weights (never on the intercept):
  L(w, b) = -mean(y * log(p) + (1 - y) * log(1 - p)) + (l2 / 2) * sum(w ** 2).
Labels y are 0/1 (ints, bools or floats). NumPy is yours to use; scikit-learn, scipy's ready-made
sigmoid/logsumexp and torch are not.

Check your work:  pytest assignments/day09   (or: ai100 check day09)
"""

import numpy as np


# %%
def predict_proba(w, b, X):
    """The model's probability that each row of X is a positive: sigmoid(X @ w + b).

    w: (d,) float64 array.  b: a float (the intercept).  X: (n, d) float64 array.
    Returns (n,) float64 array of values in [0, 1].

    Must stay exact and silent for any score z = X @ w + b, including z = ±1000: no overflow
    warning, no NaN, and tiny probabilities (z near -740) kept as the tiny numbers they are.
    1 / (1 + exp(-z)) overflows for z < -709; exp(z) / (1 + exp(z)) does for z > 709. Write it so
    that exp only ever sees a number <= 0. About 3 lines.
    """
    ### BEGIN SOLUTION
    z = X @ w + b  # (n,) scores
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


# %%
def log_loss(y, p, eps=1e-15):
    """The mean log-loss (binary cross-entropy) of probabilities p for 0/1 labels y.

    y: (n,) array of 0/1 labels.  p: (n,) float array of probabilities of the label 1.
    eps: probabilities are clipped to [eps, 1 - eps] first, so that p = 0 or 1 gives a large
        finite loss instead of log(0) = -inf.
    Returns a Python float: -mean(y * log(p) + (1 - y) * log(1 - p)), natural log. About 3 lines.
    """
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))
    ### END SOLUTION


# %%
def logreg_grad(w, b, X, y, l2=0.0):
    """The gradient of L(w, b) (the module docstring's loss) with respect to w and b.

    w: (d,) float64.  b: float.  X: (n, d) float64.  y: (n,) 0/1 labels.  l2: float >= 0.
    Returns (grad_w, grad_b): grad_w a (d,) float64 array, grad_b a Python float.
    The log-loss term is an average over the n rows, so its gradient is one too; the penalty
    (l2 / 2) * sum(w ** 2) adds l2 * w to grad_w and nothing to grad_b. About 4 lines.
    """
    ### BEGIN SOLUTION
    r = predict_proba(w, b, X) - y  # (n,) residuals p - y
    n = X.shape[0]
    return X.T @ r / n + l2 * w, float(np.mean(r))
    ### END SOLUTION


# %%
def fit_logreg(X, y, lr, steps, l2=0.0):
    """Fit w and b by batch gradient descent on L(w, b).

    X: (n, d) float64.  y: (n,) 0/1 labels.  lr: the learning rate.  steps: the number of steps.
    l2: the penalty strength (0 = none).
    Returns (w, b): w a (d,) float64 array, b a Python float.
    Start from w = zeros(d), b = 0.0; each step moves both against logreg_grad at the current
    (w, b): w -= lr * grad_w, b -= lr * grad_b. About 5 lines.
    """
    ### BEGIN SOLUTION
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        grad_w, grad_b = logreg_grad(w, b, X, y, l2)
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b)
    ### END SOLUTION


# %%
def roc_curve(y, scores):
    """Stretch: the ROC curve's points, as sklearn.metrics.roc_curve(y, scores, drop_intermediate=False).

    y: (n,) 0/1 labels with both classes present.  scores: (n,) float array, higher = more positive.
    Returns (fpr, tpr, thresholds), three (m,) float64 arrays, m = 1 + the number of distinct
    scores. thresholds are the distinct scores in decreasing order, preceded by +inf; fpr[i] and
    tpr[i] are the false- and true-positive rates when every sample with score >= thresholds[i] is
    called positive (so the curve starts at (0, 0) and ends at (1, 1)). Tied scores share one
    point. About 8 lines: sort once, cumulative sums, keep the last index of each run of ties.
    """
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=np.float64)
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    s, t = np.asarray(scores, dtype=np.float64)[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s) != 0), s.size - 1]  # the last index of each run of ties
    tps, fps = np.cumsum(t)[last], np.cumsum(1.0 - t)[last]
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    return fpr, tpr, np.r_[np.inf, s[last]]
    ### END SOLUTION


# %%
def softmax_regression(X, y, lr, steps):
    """Stretch: multinomial logistic regression by batch gradient descent.

    X: (n, d) float64.  y: (n,) int labels in 0..K-1, K = y.max() + 1.  lr, steps: as fit_logreg.
    Returns (W, b): W a (d, K) float64 array, b a (K,) float64 array; predict with
    argmax(X @ W + b, axis=1).
    Minimise the mean cross-entropy -mean(log softmax(X @ W + b)[i, y[i]]) from W = 0, b = 0; its
    gradient is X.T @ (P - Y) / n for W and mean(P - Y, axis=0) for b, where P holds the softmax
    probabilities and Y the one-hot labels. Subtract each row's max score before exp.
    About 10 lines.
    """
    ### BEGIN SOLUTION
    n, d = X.shape
    k = int(np.max(y)) + 1
    onehot = np.eye(k)[y]  # (n, K)
    W, b = np.zeros((d, k)), np.zeros(k)
    for _ in range(steps):
        scores = X @ W + b  # (n, K)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        r = e / e.sum(axis=1, keepdims=True) - onehot  # (n, K) residuals P - Y
        W = W - lr * (X.T @ r) / n
        b = b - lr * r.mean(axis=0)
    return W, b
    ### END SOLUTION
