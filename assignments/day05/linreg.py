# %%
"""Day 05 (stretch) — linear regression two ways: the exact least-squares solution, and gradient
descent in its three flavours (full batch, mini-batch, one sample at a time).

Dimension letters used below:
  n   samples (rows of X)        d   features (columns of X)

The model is  prediction = X @ w + b  and the loss is the mean squared error
  L(w, b) = mean((X @ w + b - y) ** 2).
NumPy (np.linalg included) is yours to use here; scikit-learn is not.

Check your work:  pytest assignments/day05   (or: ai100 check day05)
"""

import numpy as np


# %%
def ols_fit(X, y, fit_intercept=True):
    """Ordinary least squares: the w and b that minimise mean((X @ w + b - y) ** 2).

    X: (n, d) float64 array.   y: (n,) float64 array.
    fit_intercept: when False, b is fixed at 0.0 (the fitted plane goes through the origin).
    Returns (w, b): w a (d,) float64 array, b a Python float.

    - The intercept is a weight too: either append a column of ones to X, or centre X and y (subtract
      their means), solve for w, then b = mean(y) - mean(X, axis=0) @ w.
    - When several w fit equally well (a feature given twice), return the one with the smallest
      norm — what np.linalg.lstsq gives.
    - Stay accurate when features are nearly collinear (condition number about 1e5): solve the
      least-squares problem with np.linalg.lstsq (or QR), not the normal equations
      inv(X.T @ X) @ X.T @ y, which square the condition number and lose half the digits.
    About 6 lines.
    """
    raise NotImplementedError('day05: ols_fit — see README')


# %%
def linreg_gd(X, y, mode="batch", *, lr=0.01, epochs=100, batch_size=32, seed=0):
    """Fit w and b by gradient descent on the mean squared error.

    X: (n, d) float64 array.   y: (n,) float64 array.
    mode: "batch" (every step uses all n samples), "minibatch" (steps of batch_size samples) or
        "sgd" (steps of one sample). Anything else: ValueError.
    lr: the learning rate.   epochs: passes over the data.
    batch_size: samples per step in "minibatch" mode (the last step of an epoch may have fewer).
    seed: rng = np.random.default_rng(seed), made once.
    Returns (w, b, history): w (d,) float64 array, b a Python float, history a 1-D float64 array
    with one entry per step: the loss on that step's samples, measured before the step.

    Follow this recipe exactly; the graders replay it:
    - start from w = zeros(d), b = 0.0;
    - each epoch, "batch" takes the samples in order 0..n-1 as one batch; the other modes take
      rng.permutation(n) (a new one every epoch) and cut it into consecutive batches;
    - for a batch of size B with residuals r = X_B @ w + b - y_B: record mean(r ** 2), then step
      w -= lr * 2 * X_B.T @ r / B  and  b -= lr * 2 * mean(r)  (both from the same r).
    About 15 lines.
    """
    raise NotImplementedError('day05: linreg_gd — see README')
