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
    raise NotImplementedError('day02: init_params — see README')


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
    raise NotImplementedError('day02: forward — see README')


# %%
def cross_entropy(probs, y):
    """Mean cross-entropy of the true classes.

    probs: (N, C) float64, rows summing to 1.  y: (N,) int64 labels in 0..C-1.
    Returns a float: -(1/N) * sum_i log(probs[i, y[i]]). One or two lines.
    """
    raise NotImplementedError('day02: cross_entropy — see README')


# %%
def backward(params, cache, y):
    """Gradients of cross_entropy(forward(params, X)[0], y) with respect to every parameter.

    params: dict as above.  cache: what your forward returned for this X.  y: (N,) int64.
    Returns a dict with the keys and shapes of params: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,),
    float64. Must not modify params or cache.
    Steps: d loss / d scores = (probs - onehot(y)) / N; tanh'(z) = 1 - tanh(z)²; a bias's
    gradient sums its layer's upstream gradient over the batch. About 10 lines.
    """
    raise NotImplementedError('day02: backward — see README')


# %%
def sgd_step(params, grads, lr):
    """One step of plain gradient descent.

    params, grads: dicts with the same keys and shapes.  lr: float, the learning rate.
    Returns a NEW dict {k: params[k] - lr * grads[k]}; params and grads are left unchanged.
    One line.
    """
    raise NotImplementedError('day02: sgd_step — see README')


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
    raise NotImplementedError('day02: train — see README')


# %%
def predict(params, X):
    """The most probable class of each row.

    params: dict as above.  X: (N, D) float64.
    Returns (N,) int64 labels in 0..C-1. One line.
    """
    raise NotImplementedError('day02: predict — see README')
