# %%
"""Day 06 — a numerical gradient checker, and two gradients to check with it.

Backpropagation bugs rarely crash: a wrong gradient still trains, just badly. The cure is to
compare every hand-derived gradient with a finite-difference estimate before trusting it.

Dimension letters used below:
  ...  any shape (x may be a vector, a matrix, or more)
  N    batch size (rows of logits)          C    number of classes

Check your work:  pytest assignments/day06   (or: ai100 check day06)
"""

import numpy as np

# The relative error's floor: entries where |a| + |b| is below it are divided by it instead,
# so two (near-)zero gradients compare as equal rather than as 0/0.
REL_ERROR_FLOOR = 1e-12


# %%
def numerical_gradient(f, x, eps=1e-6):
    """The gradient of a scalar function f at x, by central differences.

    f: callable taking a float64 array of x's shape and returning a float.
    x: (...) float array (float32 is allowed). It must be left exactly as it was.
    eps: float, the step.
    Returns (...) float64 array, same shape as x, whose entry i is
        (f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps)
    where e_i is 1 at entry i and 0 elsewhere. Its error is of order eps², against eps for the
    one-sided (f(x + eps·e_i) - f(x)) / eps.

    About 10 lines. Work on your own float64 copy of x (a 1e-6 step is lost in float32's
    rounding), nudge one entry at a time, and put the saved old value back before moving on:
    writing `x[i] -= eps` does not give back the same bits. `np.ndindex(x.shape)` visits every
    index of any shape.
    """
    ### BEGIN SOLUTION
    x = np.array(x, dtype=np.float64)  # our own contiguous float64 copy: the caller's x is never touched
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = float(f(x))
        x[i] = old - eps
        f_minus = float(f(x))
        x[i] = old  # restore: the next entry must be differentiated at the true x
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad
    ### END SOLUTION


# %%
def relative_error(a, b):
    """The largest entrywise relative error between two arrays, the figure a gradient check quotes.

    a, b: (...) float arrays of one shape (0-d is fine; nested lists of floats too), not empty.
    Returns a Python float:
        max over entries i of  |a_i - b_i| / max(|a_i| + |b_i|, REL_ERROR_FLOOR)
    with REL_ERROR_FLOOR = 1e-12 (defined at the top of this file). It is 0 for equal arrays and
    at most 1 wherever |a_i| + |b_i| >= 1e-12. Compute in float64. About 3 lines.
    """
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    entrywise = np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), REL_ERROR_FLOOR)
    return float(np.max(entrywise))
    ### END SOLUTION


# %%
def grad_check(f, grad_f, x, eps=1e-6, tol=1e-4):
    """Compare an analytic gradient with your numerical_gradient, entry by entry.

    f: callable, as for numerical_gradient.  grad_f: callable returning f's claimed gradient at x,
    an array of x's shape.  x: (...) float array, left unchanged.  eps: the step passed on to
    numerical_gradient.  tol: the largest relative error accepted.
    Returns a dict with exactly these keys:
        "max_rel_error": float, relative_error(grad_f(x), numerical_gradient(f, x, eps))
        "ok":            bool, True when max_rel_error < tol
        "worst_index":   tuple of ints, the index into x of the entry whose relative error is
                         max_rel_error (the first such entry if there is a tie)
    About 6 lines: use your numerical_gradient and relative_error (on single entries too).
    """
    ### BEGIN SOLUTION
    analytic = np.asarray(grad_f(x), dtype=np.float64)
    numeric = numerical_gradient(f, x, eps)
    errors = np.zeros(numeric.shape)
    for i in np.ndindex(numeric.shape):
        errors[i] = relative_error(analytic[i], numeric[i])
    worst = np.unravel_index(np.argmax(errors), errors.shape)
    max_rel_error = relative_error(analytic, numeric)
    return {"max_rel_error": max_rel_error, "ok": bool(max_rel_error < tol),
            "worst_index": tuple(int(i) for i in worst)}
    ### END SOLUTION


# %%
def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), without overflow for large |x|.

    x: (...) float array. Returns (...) of x's dtype, entries in [0, 1]. Given: use it.
    """
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# %%
def sigmoid_grad(x):
    """d sigmoid(x) / dx, entry by entry.

    x: (...) float array. Returns (...) of x's dtype.
    Derive it on paper first: the answer is a short expression in sigmoid(x) itself. Then check
    it with grad_check(lambda z: sigmoid(z).sum(), sigmoid_grad, x). About 2 lines.
    """
    ### BEGIN SOLUTION
    s = sigmoid(x)
    return s * (1 - s)
    ### END SOLUTION


# %%
def softmax_cross_entropy(logits, y):
    """The mean cross-entropy of a softmax classifier. Given: this is the loss you differentiate.

    logits: (N, C) float array.  y: (N,) int array of class labels in 0..C-1.
    Returns a float: mean over n of  -log softmax(logits[n])[y[n]].
    """
    z = logits - logits.max(axis=1, keepdims=True)  # softmax is unchanged by a per-row shift
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # (N, C)
    return float(-log_p[np.arange(len(y)), y].mean())


# %%
def softmax_cross_entropy_grad(logits, y):
    """The gradient of softmax_cross_entropy(logits, y) with respect to the logits.

    logits: (N, C) float array.  y: (N,) int array of class labels in 0..C-1.
    Returns (N, C) of logits' dtype. It must stay finite for logits of size 1e3 (shift each row
    by its max before exp, as softmax_cross_entropy does), and remember the loss is a mean over
    the N rows. Check it with grad_check. About 5 lines.
    """
    ### BEGIN SOLUTION
    n = logits.shape[0]
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)  # (N, C) softmax probabilities
    p[np.arange(n), y] -= 1  # minus the one-hot labels
    return p / n
    ### END SOLUTION
