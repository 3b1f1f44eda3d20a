# %%
"""Day 54 — scaled dot-product attention, in NumPy.

Dimension letters used below:
  ...  any number of leading batch dimensions (none is fine: q may be (Lq, d))
  Lq   number of queries          Lk   number of keys (= number of values)
  d    width of a query / key     dv   width of a value

Check your work:  pytest assignments/day54   (or: ai100 check day54)
"""

import numpy as np


# %%
def softmax(x, axis=-1):
    """Softmax of `x` along `axis`, safe for large inputs.

    x: (...) float array.  axis: int.
    Returns an array of x's shape and dtype whose entries along `axis` are in [0, 1] and sum to 1.
    About 3 lines. exp(1000) overflows: subtract the largest entry along `axis` first — the
    result does not change, because softmax(x) = softmax(x - c) for any constant c.
    """
    ### BEGIN SOLUTION
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)
    ### END SOLUTION


# %%
def causal_mask(n):
    """The mask that lets position i attend to positions 0..i only.

    n: int.
    Returns an (n, n) bool array, True where attending is allowed (key j <= query i) — the same
    convention as torch's boolean `attn_mask`. One line.
    """
    ### BEGIN SOLUTION
    return np.tril(np.ones((n, n), dtype=bool))
    ### END SOLUTION


# %%
def attention_weights(q, k, mask=None):
    """Attention weights softmax(q kᵀ / √d) over the keys.

    q: (..., Lq, d) float array.  k: (..., Lk, d) float array, same dtype.
    mask: None, or a bool array broadcastable to (..., Lq, Lk); True = may attend.
    Returns (..., Lq, Lk) of q's dtype: each row sums to 1 and masked entries are exactly 0.
    A row whose keys are all masked is outside the contract (it is not graded).
    About 5 lines.
    """
    ### BEGIN SOLUTION
    d = q.shape[-1]
    scores = (q @ np.swapaxes(k, -1, -2)) * (1.0 / d ** 0.5)  # (..., Lq, Lk); a Python float keeps the dtype
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return softmax(scores, axis=-1)
    ### END SOLUTION


# %%
def attention(q, k, v, mask=None):
    """Scaled dot-product attention: the weights applied to the values.

    q: (..., Lq, d), k: (..., Lk, d), v: (..., Lk, dv) float arrays of one dtype.
    mask: as for attention_weights.
    Returns (..., Lq, dv) of q's dtype. One line on top of attention_weights.
    """
    ### BEGIN SOLUTION
    return attention_weights(q, k, mask) @ v  # (..., Lq, dv)
    ### END SOLUTION
