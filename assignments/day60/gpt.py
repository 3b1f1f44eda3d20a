# %%
"""Day 60 — a tiny GPT from scratch: the model, its training loop and sampling, in torch.

Dimension letters used below:
  B  batch size          T  sequence length (T <= block)      V  vocabulary size
  d  model width         H  number of heads (d % H == 0)      h  hidden width of a feed-forward layer

Check your work:  pytest assignments/day60   (or: ai100 check day60)
The data and the small model `generate`/`train_gpt` are graded on come from
course_tools.fixtures.day60 (make_jokes, joke_data, make_kit_gpt).
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


# %%
def rms_norm(x, w, eps=1e-6):
    """RMSNorm over the last axis: x / sqrt(mean(x²) + eps) * w (no mean subtracted, no bias).

    x: (..., d) float tensor.  w: (d,) tensor of x's dtype.  eps: float, added inside the root.
    Returns a tensor of x's shape and dtype. About 2 lines.
    """
    raise NotImplementedError('day60: rms_norm — see README')


# %%
def swiglu(x, w1, w2, w3):
    """The SwiGLU feed-forward layer of LLaMA: (silu(x @ w1) * (x @ w3)) @ w2, no biases.

    x: (..., d) float tensor.  w1, w3: (d, h).  w2: (h, d).  silu(z) = z · sigmoid(z).
    Returns (..., d) of x's dtype. About 2 lines.
    """
    raise NotImplementedError('day60: swiglu — see README')


# %%
class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention. Submodules (names are graded through state_dict):
    qkv = nn.Linear(d, 3·d) whose output splits, in this order, into q, k, v (each (B, T, d), head j
    using columns j·d/H … (j+1)·d/H − 1 of each), and proj = nn.Linear(d, d). No dropout, no buffer
    in the state_dict (build the mask in forward, or register it with persistent=False).
    forward(x (B, T, d)) → (B, T, d): softmax(q kᵀ / √(d/H)) with future keys masked out, times v,
    heads concatenated back to d, then proj. About 10 lines in all.
    """

    def __init__(self, d, n_head):
        super().__init__()
        raise NotImplementedError('day60: CausalSelfAttention.__init__ — see README')

    def forward(self, x):
        raise NotImplementedError('day60: CausalSelfAttention.forward — see README')


# %%
class MLP(nn.Module):
    """fc = nn.Linear(d, 4·d), exact (erf) GELU, proj = nn.Linear(4·d, d). forward: (B, T, d) → (B, T, d)."""

    def __init__(self, d):
        super().__init__()
        raise NotImplementedError('day60: MLP.__init__ — see README')

    def forward(self, x):
        raise NotImplementedError('day60: MLP.forward — see README')


# %%
class Block(nn.Module):
    """A pre-norm transformer block: ln1, attn (CausalSelfAttention), ln2, mlp (MLP), with
    x = x + attn(ln1(x)), then x = x + mlp(ln2(x)). ln1, ln2: nn.LayerNorm(d)."""

    def __init__(self, d, n_head):
        super().__init__()
        raise NotImplementedError('day60: Block.__init__ — see README')

    def forward(self, x):
        raise NotImplementedError('day60: Block.forward — see README')


# %%
class GPT(nn.Module):
    """A decoder-only transformer over token ids. Keep `self.block = block` (generate reads it).

    Submodules: tok_emb = nn.Embedding(vocab, d), pos_emb = nn.Embedding(block, d),
    blocks = nn.ModuleList of n_layer Block(d, n_head), ln_f = nn.LayerNorm(d),
    head = nn.Linear(d, vocab, bias=False). So state_dict keys are tok_emb.weight, pos_emb.weight,
    blocks.0.ln1.weight, blocks.0.attn.qkv.weight, ..., blocks.0.mlp.proj.bias, ln_f.bias, head.weight.
    forward(idx (B, T) int64) → logits (B, T, V) float32: token + position embeddings, the blocks,
    ln_f, head. The logits at position t must not depend on tokens after t.
    """

    def __init__(self, vocab, n_layer=2, n_head=4, d=128, block=64):
        super().__init__()
        self.block = block
        raise NotImplementedError('day60: GPT.__init__ — see README')

    def forward(self, idx):
        raise NotImplementedError('day60: GPT.forward — see README')


# %%
def get_batch(data, block, batch_size, generator):
    """Given: batch_size random windows of `data`. data: (N,) int64. Returns x, y: (batch_size, block)
    int64, y = x shifted one token to the left (the next token at every position)."""
    ix = torch.randint(len(data) - block, (batch_size,), generator=generator)
    x = torch.stack([data[i:i + block] for i in ix])
    y = torch.stack([data[i + 1:i + 1 + block] for i in ix])
    return x, y


# %%
def lr_at(step, steps, warmup, lr):
    """The learning rate at `step` (0-based) of a run of `steps`: linear warm-up, then cosine decay.

    step < warmup: lr · (step + 1) / warmup.  Afterwards, with p = (step − warmup) / (steps − warmup):
    lr_min + (lr − lr_min) · (1 + cos(π p)) / 2, where lr_min = 0.1 · lr.
    All ints except lr (float). Returns a float. About 5 lines.
    """
    raise NotImplementedError('day60: lr_at — see README')


# %%
def train_gpt(model, data, steps, warmup, lr=3e-3, batch_size=16, seed=0):
    """Train `model` in place on next-token prediction; return the loss of every step.

    model: an nn.Module mapping (B, T) int64 → (B, T, V) logits, with a `block` attribute.
    data: (N,) int64 token ids.  steps, warmup: ints.  lr: peak learning rate.  seed: int.
    Exactly this recipe (the graders replay it): g = torch.Generator().manual_seed(seed);
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.1); then for
    each step: set every param group's lr to lr_at(step, steps, warmup, lr); x, y =
    get_batch(data, model.block, batch_size, g); loss = mean cross-entropy of the logits against y;
    zero the gradients, backward, clip the gradient norm to 1.0, opt.step().
    Returns a list of `steps` Python floats (the loss before each update). About 12 lines.
    """
    model.train()  # given: dropout and the like on (the kit model has none)
    raise NotImplementedError('day60: train_gpt — see README')


# %%
@torch.no_grad()
def generate(model, idx, n_new, temperature=1.0, seed=0):
    """Append n_new sampled tokens to each row of idx.

    model: as for train_gpt.  idx: (B, T0) int64 prompt.  temperature: float; 0 means greedy (argmax).
    Exactly this recipe (sampling is graded token for token): g = torch.Generator().manual_seed(seed);
    at each step feed the model only the last model.block tokens, take the logits of the last
    position, divide them by the temperature, softmax, and draw one token per row with
    torch.multinomial(probs, 1, generator=g).
    Returns (B, T0 + n_new) int64 whose first T0 columns are idx. About 10 lines.
    """
    raise NotImplementedError('day60: generate — see README')
