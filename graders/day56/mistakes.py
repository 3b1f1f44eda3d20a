"""Day 56's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _table(n_pos, dim, base, *, layout="interleaved", exponent=2.0, swap=False, column_exponent=False):
    pos = np.arange(n_pos, dtype=np.float64)[:, None]
    i = np.arange(dim // 2, dtype=np.float64)
    angle = pos * base ** (-exponent * i / dim)
    s, c = (np.cos(angle), np.sin(angle)) if swap else (np.sin(angle), np.cos(angle))
    if column_exponent:  # column 2i + 1 at its own frequency base^(−(2i + 1)/D)
        c = np.cos(pos * base ** (-(2 * i + 1) / dim))
    if layout == "halves":
        return np.concatenate([s, c], axis=1)
    out = np.empty((n_pos, dim))
    out[:, 0::2], out[:, 1::2] = s, c
    return out


def _pe(**options):
    def sinusoidal_pe(n_pos=100, dim=64, base=10000.0):
        return _table(n_pos, dim, base, **options)
    return sinusoidal_pe


def _rope(x, pos, base=10000.0, *, halves=False, sign=1.0, exponent=2.0, index=False):
    D = x.shape[-1]
    pos = np.arange(x.shape[-2]) if index else pos
    theta = np.asarray(pos, dtype=np.float64)[:, None] * base ** (-exponent * np.arange(D // 2) / D) * sign
    cos, sin = np.cos(theta).astype(x.dtype), np.sin(theta).astype(x.dtype)
    a, b = (x[..., :D // 2], x[..., D // 2:]) if halves else (x[..., 0::2], x[..., 1::2])
    ra, rb = a * cos - b * sin, a * sin + b * cos
    if halves:
        return np.concatenate([ra, rb], axis=-1)
    out = np.empty_like(x)
    out[..., 0::2], out[..., 1::2] = ra, rb
    return out


def _rope_variant(**options):
    def apply_rope(x, pos, base=10000.0):
        return _rope(x, pos, base, **options)
    return apply_rope


def _slopes(n_heads):
    return 2.0 ** (-8.0 * np.arange(1, n_heads + 1) / n_heads)


def _bias(n_heads, n, *, sign=-1.0, symmetric=False, slopes=_slopes):
    i = np.arange(n)
    dist = np.abs(i[:, None] - i[None, :]) if symmetric else np.maximum(i[:, None] - i[None, :], 0)
    return sign * slopes(n_heads)[:, None, None] * dist


MISTAKES = {
    "sinusoidal_pe": {
        "sines in the first half and cosines in the second: the table interleaves them (even = sin, odd = cos)":
            _pe(layout="halves"),
        "frequency base^(−i/D) for pair i: the exponent is 2i/D, i.e. the column index over D": _pe(exponent=1.0),
        "cos in the even columns and sin in the odd ones: even columns are sin": _pe(swap=True),
        "each column c at frequency base^(−c/D): the two columns of pair i share one angle, base^(−2i/D)":
            _pe(column_exponent=True),
    },
    "apply_rope": {
        "the two halves of the features rotated together (GPT-NeoX layout): the pairs here are (2i, 2i + 1)":
            _rope_variant(halves=True),
        "rotated the wrong way (angle −θ): out[2i] = x[2i] cos θ − x[2i + 1] sin θ": _rope_variant(sign=-1.0),
        "angle p · base^(−i/D): the exponent is 2i/D": _rope_variant(exponent=1.0),
        "token t rotated by t, its index in the sequence: the angle uses its position pos[t]":
            _rope_variant(index=True),
    },
    "alibi_slopes": {
        "slopes 2^(−i/H): the exponent is 8i/H, so that the last head's slope is 2^(−8)":
            lambda n_heads: 2.0 ** (-np.arange(1, n_heads + 1) / n_heads),
        "the sequence starts at 2^0 = 1: the first slope is 2^(−8/H)":
            lambda n_heads: 2.0 ** (-8.0 * np.arange(n_heads) / n_heads),
    },
    "alibi_bias": {
        "the bias is +slope·distance: far keys must be penalised, so it is negative": lambda h, n: _bias(h, n, sign=1.0),
        "|i − j| on both sides of the diagonal: keys after the query get 0": lambda h, n: _bias(h, n, symmetric=True),
    },
}
