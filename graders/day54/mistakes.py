"""Day 54's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_unstable(x, axis=-1):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        return e / np.sum(e, axis=axis, keepdims=True)


def _weights(q, k, mask=None, *, scale=None, axis=-1, softmax=_softmax, mask_after=False):
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2)
    scores = scores * (1.0 / d ** 0.5 if scale is None else scale)
    if mask is not None and not mask_after:
        scores = np.where(mask, scores, -np.inf)
    w = softmax(scores, axis=axis)
    if mask is not None and mask_after:
        w = np.where(mask, w, 0.0).astype(w.dtype)
    return w


def _variants(**options):
    def weights(q, k, mask=None):
        return _weights(q, k, mask, **options)

    def attention(q, k, v, mask=None):
        return _weights(q, k, mask, **options) @ v

    return weights, attention


_VARIANTS = {
    "no 1/√d scaling of the scores": dict(scale=1.0),
    "scores divided by d instead of √d": None,  # filled below: depends on d
    "softmax over the queries (axis -2) instead of the keys (axis -1)": dict(axis=-2),
    "softmax without subtracting the row max: exp overflows on large scores": dict(softmax=_softmax_unstable),
    "mask applied after the softmax: masked weights zeroed but rows no longer sum to 1": dict(mask_after=True),
}


def _div_by_d_weights(q, k, mask=None):
    return _weights(q, k, mask, scale=1.0 / q.shape[-1])


def _div_by_d_attention(q, k, v, mask=None):
    return _div_by_d_weights(q, k, mask) @ v


MISTAKES = {"attention_weights": {}, "attention": {}}
for _name, _opts in _VARIANTS.items():
    if _opts is None:
        MISTAKES["attention_weights"][_name] = _div_by_d_weights
        MISTAKES["attention"][_name] = _div_by_d_attention
        continue
    MISTAKES["attention_weights"][_name], MISTAKES["attention"][_name] = _variants(**_opts)

MISTAKES["softmax"] = {
    "no max subtraction: exp overflows to inf and the result is NaN": _softmax_unstable,
    "normalised over the wrong axis (axis 0 instead of the axis asked for)":
        lambda x, axis=-1: _softmax(x, axis=0),
}
MISTAKES["causal_mask"] = {
    "the mask keeps the future (True above the diagonal): use the lower triangle":
        lambda n: np.triu(np.ones((n, n), dtype=bool)),
    "the diagonal is masked: a position may attend to itself":
        lambda n: np.tril(np.ones((n, n), dtype=bool), k=-1),
    "the mask has the right pattern but the wrong dtype: it must be bool":
        lambda n: np.tril(np.ones((n, n))),
}
