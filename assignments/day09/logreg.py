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
    raise NotImplementedError('day09: predict_proba — see README')


# %%
def log_loss(y, p, eps=1e-15):
    """The mean log-loss (binary cross-entropy) of probabilities p for 0/1 labels y.

    y: (n,) array of 0/1 labels.  p: (n,) float array of probabilities of the label 1.
    eps: probabilities are clipped to [eps, 1 - eps] first, so that p = 0 or 1 gives a large
        finite loss instead of log(0) = -inf.
    Returns a Python float: -mean(y * log(p) + (1 - y) * log(1 - p)), natural log. About 3 lines.
    """
    raise NotImplementedError('day09: log_loss — see README')


# %%
def logreg_grad(w, b, X, y, l2=0.0):
    """The gradient of L(w, b) (the module docstring's loss) with respect to w and b.

    w: (d,) float64.  b: float.  X: (n, d) float64.  y: (n,) 0/1 labels.  l2: float >= 0.
    Returns (grad_w, grad_b): grad_w a (d,) float64 array, grad_b a Python float.
    The log-loss term is an average over the n rows, so its gradient is one too; the penalty
    (l2 / 2) * sum(w ** 2) adds l2 * w to grad_w and nothing to grad_b. About 4 lines.
    """
    raise NotImplementedError('day09: logreg_grad — see README')


# %%
def fit_logreg(X, y, lr, steps, l2=0.0):
    """Fit w and b by batch gradient descent on L(w, b).

    X: (n, d) float64.  y: (n,) 0/1 labels.  lr: the learning rate.  steps: the number of steps.
    l2: the penalty strength (0 = none).
    Returns (w, b): w a (d,) float64 array, b a Python float.
    Start from w = zeros(d), b = 0.0; each step moves both against logreg_grad at the current
    (w, b): w -= lr * grad_w, b -= lr * grad_b. About 5 lines.
    """
    raise NotImplementedError('day09: fit_logreg — see README')


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
    raise NotImplementedError('day09: roc_curve — see README')


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
    raise NotImplementedError('day09: softmax_regression — see README')
