# %%
"""Day 55 — a tiny Transformer encoder in torch: multi-head attention, an encoder block, and the
parameter count of a GPT.

Dimension letters used below:
  B  batch size      T  sequence length (tokens)      D  model width (dim)
  H  number of heads            dh = D // H, the width of one head

Masks follow day 54 and torch's scaled_dot_product_attention: a bool tensor, True = may attend.
(nn.MultiheadAttention's `attn_mask` uses the opposite convention: True = blocked.)

Check your work:  pytest assignments/day55   (or: ai100 check day55)
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


# %%
class MultiHeadAttention(nn.Module):
    """Multi-head self-attention, written with matmuls and a softmax (no ready-made attention).

    MultiHeadAttention(dim, heads): raises ValueError unless dim = D is divisible by heads = H.
    Parameters, with exactly these names (the graders copy weights in by name):
      q_proj, k_proj, v_proj, out_proj: nn.Linear(D, D), with bias.
    forward(x, mask=None)
      x: (B, T, D) float tensor.
      mask: None, or a bool tensor broadcastable to (B, H, T, T); True = query i may attend key j.
        A (T, T) causal mask and a (B, 1, 1, T) padding mask both broadcast. Rows with no allowed
        key are outside the contract.
      Returns (B, T, D), x's dtype: out_proj of the H heads' attention outputs laid side by side.
    Each head h attends with its own slice of the projections, columns h*dh … (h+1)*dh − 1, and
    scales its scores by 1/√dh — the width of one head, not of the model.
    About 4 lines in __init__ and 10 in forward.
    """

    def __init__(self, dim, heads):
        super().__init__()
        ### BEGIN SOLUTION
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.out_proj = nn.Linear(dim, dim)
        ### END SOLUTION

    def forward(self, x, mask=None):
        ### BEGIN SOLUTION
        B, T, D = x.shape
        split = lambda t: t.view(B, T, self.heads, D // self.heads).transpose(1, 2)  # (B, H, T, dh)
        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (B, H, T, T)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        heads = torch.softmax(scores, dim=-1) @ v  # (B, H, T, dh)
        return self.out_proj(heads.transpose(1, 2).reshape(B, T, D))
        ### END SOLUTION


# %%
class EncoderBlock(nn.Module):
    """One pre-LayerNorm Transformer encoder block (the GPT-2 / ViT arrangement):

        x = x + attn(ln1(x), mask)
        x = x + fc2(gelu(fc1(ln2(x))))

    EncoderBlock(dim, heads, ff_mult=4)
    Parameters, with exactly these names:
      ln1, ln2: nn.LayerNorm(D)          attn: your MultiHeadAttention(D, H)
      fc1: nn.Linear(D, ff_mult * D)     fc2: nn.Linear(ff_mult * D, D)
    gelu is the exact one (F.gelu, erf form). No dropout.
    forward(x, mask=None): x (B, T, D) float tensor, mask as for MultiHeadAttention.
      Returns (B, T, D), x's dtype.
    About 6 lines in __init__ and 3 in forward.
    """

    def __init__(self, dim, heads, ff_mult=4):
        super().__init__()
        ### BEGIN SOLUTION
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads)
        self.fc1 = nn.Linear(dim, ff_mult * dim)
        self.fc2 = nn.Linear(ff_mult * dim, dim)
        ### END SOLUTION

    def forward(self, x, mask=None):
        ### BEGIN SOLUTION
        x = x + self.attn(self.ln1(x), mask)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        ### END SOLUTION


# %%
def gpt_param_count(n_layer, n_head, d_model, vocab, block, tied=True):
    """The number of trainable parameters of a GPT-2-style model, from its sizes alone.

    n_layer, n_head, d_model, vocab, block: ints (block = the context length, the number of
    learned positions). tied: bool — True when the output head reuses the token embedding
    (GPT-2 does); False adds a separate bias-free (d_model → vocab) output layer.
    The model: token and position embeddings; n_layer pre-LN blocks as EncoderBlock above with
    ff_mult = 4 (every Linear has a bias, every LayerNorm a weight and a bias); a final LayerNorm.
    Returns a Python int. GPT-2 small (12, 12, 768, 50257, 1024) has 124,439,808.
    About 4 lines.
    """
    ### BEGIN SOLUTION
    per_block = 4 * (d_model * d_model + d_model)  # q, k, v and out projections
    per_block += 2 * (4 * d_model * d_model) + 4 * d_model + d_model  # fc1, fc2
    per_block += 2 * (2 * d_model)  # ln1, ln2
    total = (vocab + block) * d_model + n_layer * per_block + 2 * d_model
    return int(total if tied else total + vocab * d_model)
    ### END SOLUTION
