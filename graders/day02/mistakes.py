"""Day 02's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
The backward variants read the reference's cache, (X, h, probs); graders pass them that cache.
"""

import numpy as np


# --- init_params -----------------------------------------------------------------------------------

def _init(sizes=(4, 16, 3), seed=0, *, gain=1.0, swap=False):
    d, h, c = sizes
    rng = np.random.default_rng(seed)
    if swap:
        w2 = rng.standard_normal((h, c))
        w1 = rng.standard_normal((d, h))
    else:
        w1 = rng.standard_normal((d, h))
        w2 = rng.standard_normal((h, c))
    scale1, scale2 = (np.sqrt(gain / d), np.sqrt(gain / h)) if gain else (1.0, 1.0)
    return {"W1": w1 * scale1, "b1": np.zeros(h), "W2": w2 * scale2, "b2": np.zeros(c)}


# --- forward ---------------------------------------------------------------------------------------

def _forward(params, X, *, stable=True, axis=1, activation=np.tanh):
    h = activation(X @ params["W1"] + params["b1"])
    scores = h @ params["W2"] + params["b2"]
    with np.errstate(over="ignore", invalid="ignore"):
        if stable:
            scores = scores - np.max(scores, axis=axis, keepdims=True)
        e = np.exp(scores)
        probs = e / np.sum(e, axis=axis, keepdims=True)
    return probs, (X, h, probs)


# --- cross_entropy ---------------------------------------------------------------------------------

def _picked(probs, y):
    return np.log(probs[np.arange(y.shape[0]), y])


# --- backward --------------------------------------------------------------------------------------

def _backward(params, cache, y, *, divide=True, tanh_grad=lambda h: 1.0 - h ** 2, bias="sum"):
    X, h, probs = cache
    n = y.shape[0]
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1.0
    if divide:
        dscores /= n
    dz = (dscores @ params["W2"].T) * tanh_grad(h)
    db1, db2 = dz.sum(axis=0), dscores.sum(axis=0)
    if bias in ("none", "b1"):
        db1 = dz
    if bias in ("none", "b2"):
        db2 = dscores
    if bias == "mean":  # averaged although dscores already carries the 1/N
        db1, db2 = dz.mean(axis=0), dscores.mean(axis=0)
    return {"W1": X.T @ dz, "b1": db1, "W2": h.T @ dscores, "b2": db2}


MISTAKES = {
    "init_params": {
        "weights not scaled: multiply each draw by sqrt(1 / fan_in) (D for W1, H for W2)":
            lambda sizes=(4, 16, 3), seed=0: _init(sizes, seed, gain=0),
        "He scaling sqrt(2 / fan_in) instead of the sqrt(1 / fan_in) the docstring asks for":
            lambda sizes=(4, 16, 3), seed=0: _init(sizes, seed, gain=2.0),
        "W2 drawn before W1: draw W1 first, then W2, from one generator":
            lambda sizes=(4, 16, 3), seed=0: _init(sizes, seed, swap=True),
    },
    "forward": {
        "softmax without subtracting the row max: exp overflows to inf and the probabilities become NaN":
            lambda params, X: _forward(params, X, stable=False),
        "softmax over the batch (axis 0) instead of over the classes (axis 1)":
            lambda params, X: _forward(params, X, axis=0),
        "no tanh: the hidden layer must be tanh(X W1 + b1)":
            lambda params, X: _forward(params, X, activation=lambda z: z),
    },
    "cross_entropy": {
        "loss summed over the batch instead of averaged (the mean is missing)":
            lambda probs, y: float(-np.sum(_picked(probs, y))),
        "loss divided by N·C (a mean over the whole one-hot matrix) instead of by N":
            lambda probs, y: float(-np.sum(_picked(probs, y)) / probs.size),
    },
    "backward": {
        "gradient not divided by the batch size N: the loss is a mean, so d loss / d scores = (probs - onehot) / N":
            lambda params, cache, y: _backward(params, cache, y, divide=False),
        "tanh derivative written as 1 - tanh(z); it is 1 - tanh(z)²":
            lambda params, cache, y: _backward(params, cache, y, tanh_grad=lambda h: 1.0 - h),
        "bias gradients not summed over the batch: a bias is shared by every example, sum its rows":
            lambda params, cache, y: _backward(params, cache, y, bias="none"),
        "b1's gradient not summed over the batch: the hidden bias is shared by every example, sum its rows":
            lambda params, cache, y: _backward(params, cache, y, bias="b1"),
        "b2's gradient not summed over the batch: the output bias is shared by every example, sum its rows":
            lambda params, cache, y: _backward(params, cache, y, bias="b2"),
        "bias gradients averaged over the batch although the 1/N is already in d loss / d scores":
            lambda params, cache, y: _backward(params, cache, y, bias="mean"),
    },
    "sgd_step": {
        "gradient added instead of subtracted: descent moves against the gradient":
            lambda params, grads, lr: {k: params[k] + lr * grads[k] for k in params},
    },
    "predict": {
        "argmax over the batch (axis 0) instead of over the classes (axis 1)":
            lambda params, X: np.argmax(_forward(params, X)[0], axis=0),
    },
}
