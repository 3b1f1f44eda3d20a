# %%
"""Day 56 — positional encodings: the sinusoidal table, a learned one, a plot, RoPE and ALiBi.

Attention by itself is blind to order: permute the tokens and every output is permuted the same
way. Positional encodings give each position a signature, added to the input (sinusoidal,
learned), folded into queries and keys by rotation (RoPE), or added to the scores (ALiBi).

Dimension letters used below:
  P  positions (rows of a table)      D  width of an encoding, even
  B  batch       T  tokens in a sequence      H  attention heads      n  sequence length

Check your work:  pytest assignments/day56   (or: ai100 check day56)
"""

import numpy as np
import torch
from torch import nn


# %%
def sinusoidal_pe(n_pos=100, dim=64, base=10000.0):
    """The sinusoidal table of "Attention Is All You Need".

    n_pos: P, int.  dim: D, even int.  base: float.
    Returns (P, D) float64 with, for position p and i = 0 .. D/2 − 1,
        PE[p, 2i] = sin(p / base^(2i/D))      PE[p, 2i + 1] = cos(p / base^(2i/D)).
    No loops over positions: broadcast a (P, 1) column of positions against a row of frequencies.
    About 5 lines.
    """
    ### BEGIN SOLUTION
    pos = np.arange(n_pos, dtype=np.float64)[:, None]  # (P, 1)
    freq = base ** (-np.arange(0, dim, 2, dtype=np.float64) / dim)  # (D/2,)
    pe = np.empty((n_pos, dim))
    pe[:, 0::2] = np.sin(pos * freq)
    pe[:, 1::2] = np.cos(pos * freq)
    return pe
    ### END SOLUTION


# %%
class LearnedPositionalEmbedding(nn.Module):
    """A table of max_len trainable position vectors, added to the token embeddings.

    max_len: int, the longest sequence allowed.  dim: D.  seed: int.
    Parameter `weight` (max_len, D), initialised N(0, 0.02²) from torch.Generator().manual_seed(seed)
    (GPT-2's choice).  forward(x): x (B, T, D) float → x + weight[:T] (broadcast over the batch), in
    x's dtype; T > max_len raises ValueError with a message naming both. About 8 lines.
    """

    def __init__(self, max_len, dim, seed=0):
        super().__init__()
        ### BEGIN SOLUTION
        g = torch.Generator().manual_seed(seed)
        self.weight = nn.Parameter(torch.randn(max_len, dim, generator=g) * 0.02)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        T = x.shape[1]
        if T > self.weight.shape[0]:
            raise ValueError(f"sequence of {T} tokens, but only {self.weight.shape[0]} positions are learned")
        return x + self.weight[:T].to(x.dtype)  # (B, T, D)
        ### END SOLUTION


# %%
def plot_pe_dims(pe, dims, path):
    """Draw columns `dims` of a positional table against position, one line each, into a PNG.

    pe: (P, D) float64, e.g. sinusoidal_pe().  dims: list of column indices.  path: str, the file.
    The picture: 800 × 400 pixels (figsize=(8, 4), dpi=100, no bbox_inches="tight"), x = position
    0 .. P−1, one line per dim in the order given, labelled "dim k", a legend, axes named.
    Use matplotlib.figure.Figure (no window, no pyplot state).
    Returns (lines, labels), both read back from the axes so that a grader can see what the picture
    shows: lines (len(dims), P) float64, the y-data of the lines as drawn (ax.get_lines()), and
    labels, the legend's texts as a list of str (ax.get_legend().get_texts()). About 9 lines.
    """
    from matplotlib.figure import Figure

    ### BEGIN SOLUTION
    fig = Figure(figsize=(8, 4), dpi=100)
    ax = fig.add_subplot(xlabel="position", ylabel="value", title="positional encoding, selected dims")
    for d in dims:
        ax.plot(np.arange(pe.shape[0]), pe[:, d], label=f"dim {d}")
    ax.legend(loc="upper right")
    fig.savefig(path, format="png")
    lines = np.array([np.asarray(line.get_ydata(), dtype=np.float64) for line in ax.get_lines()])
    return lines, [text.get_text() for text in ax.get_legend().get_texts()]
    ### END SOLUTION


# %%
def apply_rope(x, pos, base=10000.0):
    """Rotary position embedding: rotate each pair of features by an angle that grows with position.

    x: (..., T, D) float array, D even.  pos: (T,) int array of positions.  base: float.
    Pair i is the features (2i, 2i + 1); at position p it turns by the angle p · base^(−2i/D):
        out[2i]     = x[2i] cos θ − x[2i + 1] sin θ
        out[2i + 1] = x[2i] sin θ + x[2i + 1] cos θ
    Returns an array of x's shape and dtype. Rotations keep every vector's length, and the dot
    product of a query rotated at p with a key rotated at q depends on p − q only. About 7 lines.
    """
    ### BEGIN SOLUTION
    D = x.shape[-1]
    theta = np.asarray(pos, dtype=np.float64)[:, None] * base ** (-np.arange(0, D, 2) / D)  # (T, D/2)
    cos, sin = np.cos(theta).astype(x.dtype), np.sin(theta).astype(x.dtype)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out
    ### END SOLUTION


# %%
def alibi_slopes(n_heads):
    """ALiBi's per-head slopes.

    n_heads: H, a power of two.  Returns (H,) float64: the geometric sequence 2^(−8/H), 2^(−16/H),
    ..., 2^(−8) — for 8 heads, 1/2, 1/4, ..., 1/256. One line.
    """
    ### BEGIN SOLUTION
    return 2.0 ** (-8.0 * np.arange(1, n_heads + 1) / n_heads)
    ### END SOLUTION


# %%
def alibi_bias(n_heads, n):
    """The bias ALiBi adds to causal attention scores: a penalty linear in the distance.

    n_heads: H, a power of two.  n: int.
    Returns (H, n, n) float64: bias[h, i, j] = −slope_h · (i − j) for keys j <= i, and 0 for j > i
    (those are removed by the causal mask anyway). About 3 lines.
    """
    ### BEGIN SOLUTION
    i = np.arange(n)
    dist = np.maximum(i[:, None] - i[None, :], 0)  # (n, n): i − j below the diagonal, 0 above
    return -alibi_slopes(n_heads)[:, None, None] * dist
    ### END SOLUTION
