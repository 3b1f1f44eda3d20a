import math

import numpy as np


def softmax(x, axis=-1):
    x = np.moveaxis(x, axis, -1)
    e = np.exp(x - x.max(-1)[..., None])
    return np.moveaxis(e / e.sum(-1)[..., None], -1, axis)


def causal_mask(n):
    m = np.zeros((n, n), dtype=bool)
    for i in range(n):
        m[i, : i + 1] = True
    return m


def attention_weights(q, k, mask=None):
    lead = q.shape[:-2]
    out = np.empty(lead + (q.shape[-2], k.shape[-2]), dtype=q.dtype)
    full_mask = None if mask is None else np.broadcast_to(mask, out.shape)
    for idx in np.ndindex(*lead):
        s = q[idx] @ k[idx].T / math.sqrt(q.shape[-1])
        if full_mask is not None:
            s = s.copy()
            s[~full_mask[idx]] = -np.inf
        out[idx] = softmax(s, axis=-1)
    return out


def attention(q, k, v, mask=None):
    return attention_weights(q, k, mask) @ v
