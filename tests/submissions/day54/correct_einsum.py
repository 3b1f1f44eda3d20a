import numpy as np


def softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    lse = m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))
    return np.exp(x - lse)


def causal_mask(n):
    i = np.arange(n)
    return i[None, :] <= i[:, None]


def attention_weights(q, k, mask=None):
    s = np.einsum("...qd,...kd->...qk", q, k, optimize=True) / np.sqrt(np.float64(q.shape[-1])).astype(q.dtype)
    if mask is not None:
        s = np.where(np.broadcast_to(mask, s.shape), s, np.finfo(s.dtype).min)
        w = softmax(s)
        return np.where(np.broadcast_to(mask, s.shape), w, 0).astype(q.dtype)
    return softmax(s)


def attention(q, k, v, mask=None):
    return np.einsum("...qk,...kv->...qv", attention_weights(q, k, mask), v, optimize=True)
