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
    raise NotImplementedError('day56: sinusoidal_pe — see README')


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
        raise NotImplementedError('day56: LearnedPositionalEmbedding.__init__ — see README')

    def forward(self, x):
        raise NotImplementedError('day56: LearnedPositionalEmbedding.forward — see README')


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

    raise NotImplementedError('day56: plot_pe_dims — see README')


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
    raise NotImplementedError('day56: apply_rope — see README')


# %%
def alibi_slopes(n_heads):
    """ALiBi's per-head slopes.

    n_heads: H, a power of two.  Returns (H,) float64: the geometric sequence 2^(−8/H), 2^(−16/H),
    ..., 2^(−8) — for 8 heads, 1/2, 1/4, ..., 1/256. One line.
    """
    raise NotImplementedError('day56: alibi_slopes — see README')


# %%
def alibi_bias(n_heads, n):
    """The bias ALiBi adds to causal attention scores: a penalty linear in the distance.

    n_heads: H, a power of two.  n: int.
    Returns (H, n, n) float64: bias[h, i, j] = −slope_h · (i − j) for keys j <= i, and 0 for j > i
    (those are removed by the causal mask anyway). About 3 lines.
    """
    raise NotImplementedError('day56: alibi_bias — see README')
