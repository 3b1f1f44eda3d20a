# %%
"""Day 02 — a two-layer perceptron in NumPy: forward, loss, backward, SGD, training on Iris.

The network is  X → tanh(X W1 + b1) → (· W2 + b2) → softmax → probabilities,  trained with the
mean cross-entropy loss. Every gradient is written by hand; no autograd.

Dimension letters used below:
  N   number of examples in a batch     D   input features (4 for Iris)
  H   hidden units (16 by default)      C   classes (3 for Iris)

`params` is always a dict of float64 arrays:  W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).

Check your work:  pytest assignments/day02   (or: ai100 check day02)
Try it on Iris:   from course_tools.data import iris_split
"""

import numpy as np


# %%
def init_params(sizes=(4, 16, 3), seed=0):
    """Small random weights and zero biases for a D-H-C network.

    sizes: (D, H, C) tuple of ints.  seed: int.
    Returns a dict of new float64 arrays: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).

    Exactly this scheme (the graders compare with it value for value):
      rng = np.random.default_rng(seed)
      W1 = rng.standard_normal((D, H)) * sqrt(1 / D)   # drawn first
      W2 = rng.standard_normal((H, C)) * sqrt(1 / H)   # drawn second, from the same rng
      b1 = zeros(H), b2 = zeros(C)
    Scaling by sqrt(1 / fan_in) keeps tanh's inputs near unit size, where its slope is large.
    About 6 lines.
    """
    ### BEGIN SOLUTION
    d, h, c = sizes
    rng = np.random.default_rng(seed)
    w1 = rng.standard_normal((d, h)) * np.sqrt(1.0 / d)
    w2 = rng.standard_normal((h, c)) * np.sqrt(1.0 / h)
    return {"W1": w1, "b1": np.zeros(h), "W2": w2, "b2": np.zeros(c)}
    ### END SOLUTION


# %%
def forward(params, X):
    """Class probabilities for a batch, and whatever backward will need.

    params: dict as above.  X: (N, D) float64.
    Returns (probs, cache):
      probs: (N, C) float64, softmax(tanh(X W1 + b1) W2 + b2); each row sums to 1.
      cache: anything you like (a tuple or dict of arrays is usual); only your own backward reads it.
    The softmax must stay finite for scores in the thousands: subtract each row's largest score
    before exp — softmax(s) = softmax(s - c) for any constant c per row.
    About 6 lines.
    """
    ### BEGIN SOLUTION
    h = np.tanh(X @ params["W1"] + params["b1"])  # (N, H)
    scores = h @ params["W2"] + params["b2"]  # (N, C)
    scores = scores - np.max(scores, axis=1, keepdims=True)
    e = np.exp(scores)
    probs = e / np.sum(e, axis=1, keepdims=True)  # (N, C)
    return probs, (X, h, probs)
    ### END SOLUTION


# %%
def cross_entropy(probs, y):
    """Mean cross-entropy of the true classes.

    probs: (N, C) float64, rows summing to 1.  y: (N,) int64 labels in 0..C-1.
    Returns a float: -(1/N) * sum_i log(probs[i, y[i]]). One or two lines.
    """
    ### BEGIN SOLUTION
    return float(-np.mean(np.log(probs[np.arange(y.shape[0]), y])))
    ### END SOLUTION


# %%
def backward(params, cache, y):
    """Gradients of cross_entropy(forward(params, X)[0], y) with respect to every parameter.

    params: dict as above.  cache: what your forward returned for this X.  y: (N,) int64.
    Returns a dict with the keys and shapes of params: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,),
    float64. Must not modify params or cache.
    Steps: d loss / d scores = (probs - onehot(y)) / N; tanh'(z) = 1 - tanh(z)²; a bias's
    gradient sums its layer's upstream gradient over the batch. About 10 lines.
    """
    ### BEGIN SOLUTION
    X, h, probs = cache
    n = y.shape[0]
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1.0
    dscores /= n  # the loss is a mean over the batch
    dz = (dscores @ params["W2"].T) * (1.0 - h ** 2)  # (N, H): back through W2, then tanh
    return {"W1": X.T @ dz, "b1": np.sum(dz, axis=0), "W2": h.T @ dscores, "b2": np.sum(dscores, axis=0)}
    ### END SOLUTION


# %%
def sgd_step(params, grads, lr):
    """One step of plain gradient descent.

    params, grads: dicts with the same keys and shapes.  lr: float, the learning rate.
    Returns a NEW dict {k: params[k] - lr * grads[k]}; params and grads are left unchanged.
    One line.
    """
    ### BEGIN SOLUTION
    return {k: params[k] - lr * grads[k] for k in params}
    ### END SOLUTION


# %%
def train(X, y, epochs=100, lr=0.1, batch_size=16, hidden=16, seed=0):
    """Mini-batch SGD on the mean cross-entropy, from init_params.

    X: (N, D) float64.  y: (N,) int64 labels; C = y.max() + 1 classes.
    epochs, batch_size, hidden: ints.  lr: float.  seed: int.
    Returns (params, losses):
      params: the trained dict (W1 (D, hidden), b1, W2 (hidden, C), b2), float64.
      losses: list of `epochs` floats; losses[e] = cross_entropy on the whole (X, y) after epoch e.
    What is fixed (graded against the reference with batch_size = N, where order cannot matter):
      start from init_params((D, hidden, C), seed); each epoch visits every example once in
      batches of batch_size (the last one may be smaller), one sgd_step(lr) per batch.
    What is yours: how you shuffle (use a generator seeded from `seed`, so that two calls give the
    same result) and how you write the loop; mini-batch runs are graded by held-out accuracy and
    a falling loss, not against the reference's numbers. Must not modify X or y. About 12 lines.
    """
    ### BEGIN SOLUTION
    n, d = X.shape
    params = init_params((d, hidden, int(y.max()) + 1), seed)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(params, X[idx])
            params = sgd_step(params, backward(params, cache, y[idx]), lr)
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses
    ### END SOLUTION


# %%
def predict(params, X):
    """The most probable class of each row.

    params: dict as above.  X: (N, D) float64.
    Returns (N,) int64 labels in 0..C-1. One line.
    """
    ### BEGIN SOLUTION
    return np.argmax(forward(params, X)[0], axis=1)
    ### END SOLUTION
