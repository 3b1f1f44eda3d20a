"""Hidden graders for day 55 (multi-head attention, a pre-LN encoder block, GPT parameter counts).

The learner's modules are judged against torch's own nn.MultiheadAttention and
nn.TransformerEncoderLayer holding the same random weights (course_tools.fixtures.day55 renames
torch's parameters to the day's names): outputs in float32, then outputs, input gradients and
parameter gradients in float64 with a random upstream gradient. Unseen here: D = 12 with 3 heads,
D = 20 with 5 heads, ff_mult = 3, a key padding mask, and the GPT configurations drawn from the seed.
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.fixtures import day55 as fx


def _inputs(seed, B, T, D, mask_kind):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(B, T, D, generator=g)
    upstream = torch.randn(B, T, D, generator=g, dtype=torch.float64).numpy()
    if mask_kind == "causal":
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    elif mask_kind == "padding":  # (B, 1, 1, T): the last keys of each sequence are padding
        lengths = torch.randint(2, T + 1, (B,), generator=g)
        mask = (torch.arange(T)[None, :] < lengths[:, None])[:, None, None, :]
    else:
        mask = None
    return x, upstream, mask


# --- classic mistakes, written out in float64 from the day-55 state dict ------------------------------

def _linear(state, name, x):
    return x @ state[f"{name}.weight"].double().T + state[f"{name}.bias"].double()


def _mha(state, x, mask, H, *, prefix="", scale="head", inverted=False, no_transpose=False, axis=-1):
    B, T, D = x.shape
    dh = D // H
    parts = []
    for p in ("q_proj", "k_proj", "v_proj"):
        y = _linear(state, prefix + p, x)
        parts.append(y.reshape(B, H, T, dh) if no_transpose else y.view(B, T, H, dh).transpose(1, 2))
    q, k, v = parts
    s = q @ k.transpose(-2, -1) * {"head": 1 / math.sqrt(dh), "model": 1 / math.sqrt(D), "none": 1.0}[scale]
    if mask is not None:
        s = s.masked_fill(mask if inverted else ~mask, float("-inf"))
    out = (torch.softmax(s, dim=axis) @ v).transpose(1, 2).reshape(B, T, D)
    return _linear(state, prefix + "out_proj", out)


MHA_MISTAKES = {
    "scores scaled by 1/√D, the model width: each head scales by 1/√dh, dh = D // H": dict(scale="model"),
    "no 1/√dh scaling of the scores": dict(scale="none"),
    "mask convention inverted: True must mean 'may attend' (nn.MultiheadAttention's attn_mask is the opposite)":
        dict(inverted=True),
    "heads split by reshaping (B, T, D) straight to (B, H, T, dh): view as (B, T, H, dh), then transpose(1, 2)":
        dict(no_transpose=True),
    "softmax over the queries (dim -2) instead of the keys (dim -1)": dict(axis=-2),
}


def _block(state, x, mask, H, *, post_ln=False, act=F.gelu, ff_residual=True):
    ln = lambda name, t: F.layer_norm(t, t.shape[-1:], state[f"{name}.weight"].double(), state[f"{name}.bias"].double())
    ff = lambda t: _linear(state, "fc2", act(_linear(state, "fc1", t)))
    if post_ln:
        x = ln("ln1", x + _mha(state, x, mask, H, prefix="attn."))
        return ln("ln2", x + ff(x))
    x = x + _mha(state, ln("ln1", x), mask, H, prefix="attn.")
    return x + ff(ln("ln2", x)) if ff_residual else ff(ln("ln2", x))


BLOCK_MISTAKES = {
    "post-LN (x = ln(x + f(x))): this block is pre-LN, x = x + f(ln(x))": dict(post_ln=True),
    "ReLU in the feed-forward instead of GELU": dict(act=F.relu),
    "GELU's tanh approximation: use the exact (erf) GELU, F.gelu's default": dict(
        act=lambda t: F.gelu(t, approximate="tanh")),
    "no residual connection around the feed-forward: x + fc2(gelu(fc1(ln2(x))))": dict(ff_residual=False),
}


def _mistakes(kind, state, x, mask, H):
    x64 = torch.as_tensor(np.asarray(x), dtype=torch.float64)
    fn, table = (_mha, MHA_MISTAKES) if kind == "mha" else (_block, BLOCK_MISTAKES)
    with torch.no_grad():
        return {name: fn(state, x64, mask, H, **opts).numpy() for name, opts in table.items()}


# --- the learner's module against torch's, weights copied -------------------------------------------

def _build(check, kind, D, H, ff_mult, seed):
    if kind == "mha":
        model, ref = check.run_learner("MultiHeadAttention", D, H), fx.torch_mha(D, H, seed)
    else:
        model, ref = check.run_learner("EncoderBlock", D, H, ff_mult), fx.torch_block(D, H, ff_mult, seed)
    return model, ref, fx.learner_names(ref.state_dict(), kind)


def _forward_case(check, seed, kind, B, T, D, H, mask_kind, ff_mult=4):
    model, ref, state = _build(check, kind, D, H, ff_mult, seed)
    x, _, mask = _inputs(seed, B, T, D, mask_kind)
    got = check.in_learner(fx.forward, model, state, x, mask)
    name = "MultiHeadAttention" if kind == "mha" else "EncoderBlock"
    what = f"day55: {name}({D}, {H}{'' if kind == 'mha' else f', ff_mult={ff_mult}'}) on x {tuple(x.shape)} float32, " \
           f"{mask_kind or 'no'} mask, seed {seed}, against torch's module with the same weights"
    close(got, fx.torch_forward(ref, x, mask), what=what,
          mistakes={k: torch.as_tensor(v, dtype=torch.float32) for k, v in _mistakes(kind, state, x, mask, H).items()})


def _gradient_case(check, seed, kind, B, T, D, H, mask_kind, ff_mult=4):
    model, ref, state = _build(check, kind, D, H, ff_mult, seed)
    x, upstream, mask = _inputs(seed, B, T, D, mask_kind)
    out, dx, grads = check.in_learner(fx.gradients, model, state, x.numpy(), upstream, mask)
    want_out, want_dx, want_grads = fx.torch_gradients(ref, x.numpy(), upstream, mask)
    name = "MultiHeadAttention" if kind == "mha" else "EncoderBlock"
    what = f"day55: {name}({D}, {H}) in float64 on x {tuple(x.shape)}, {mask_kind or 'no'} mask, seed {seed}"
    close(out, want_out, what=f"{what}: output", tol="grad_autograd", mistakes=_mistakes(kind, state, x, mask, H))
    close(dx, want_dx, what=f"{what}: gradient of sum(out * g) with respect to x, against torch autograd",
          tol="grad_autograd")
    close(grads, want_grads, what=f"{what}: parameter gradients, against torch autograd", tol="grad_autograd")


@pytest.mark.points(3)
@pytest.mark.parametrize("B, T, D, H, mask_kind", [(2, 5, 16, 4, None), (3, 7, 12, 3, "causal"),
                                                   (2, 9, 20, 5, "padding"), (16, 20, 128, 4, None)])
def test_multi_head_attention_matches_torch(check, seed, B, T, D, H, mask_kind):
    _forward_case(check, seed, "mha", B, T, D, H, mask_kind)


@pytest.mark.points(3)
@pytest.mark.parametrize("B, T, D, H, mask_kind", [(2, 6, 16, 4, "causal"), (3, 7, 12, 3, "padding")])
def test_multi_head_attention_gradients_match_torch(check, seed, B, T, D, H, mask_kind):
    _gradient_case(check, seed, "mha", B, T, D, H, mask_kind)


@pytest.mark.points(2)
def test_multi_head_attention_parameters_are_the_documented_ones(check, seed):
    D, H = 12, 3
    model = check.run_learner("MultiHeadAttention", D, H)
    want = {f"{p}.{part}": (D, D) if part == "weight" else (D,)
            for p in ("q_proj", "k_proj", "v_proj", "out_proj") for part in ("weight", "bias")}
    close(check.in_learner(fx.parameter_shapes, model), want, tol="exact",
          what=f"day55: MultiHeadAttention({D}, {H}) parameter names and shapes")


@pytest.mark.points(1)
@pytest.mark.parametrize("D, H", [(10, 3), (16, 5)])
def test_multi_head_attention_rejects_indivisible_width(check, D, H):
    expect_raises(ValueError, f"day55: MultiHeadAttention({D}, {H})",
                  lambda: check.run_learner("MultiHeadAttention", D, H),
                  because=f"{D} columns cannot be split evenly into {H} heads")


@pytest.mark.points(3)
@pytest.mark.parametrize("B, T, D, H, mask_kind, ff_mult", [(2, 6, 16, 4, None, 4), (3, 7, 12, 3, "causal", 4),
                                                            (16, 20, 128, 4, None, 4), (2, 5, 20, 5, "padding", 3)])
def test_encoder_block_matches_torch(check, seed, B, T, D, H, mask_kind, ff_mult):
    _forward_case(check, seed, "block", B, T, D, H, mask_kind, ff_mult)


@pytest.mark.points(3)
@pytest.mark.parametrize("B, T, D, H, mask_kind, ff_mult", [(3, 7, 12, 3, "causal", 4), (2, 5, 20, 5, "padding", 3)])
def test_encoder_block_gradients_match_torch(check, seed, B, T, D, H, mask_kind, ff_mult):
    _gradient_case(check, seed, "block", B, T, D, H, mask_kind, ff_mult)


@pytest.mark.points(2)
def test_encoder_block_two_blocks_under_a_million_parameters(check):
    """PLAN: two blocks at D = 128, 4 heads stay under 1M parameters — exactly 2 × (12 D² + 13 D)."""
    D, H = 128, 4
    shapes = check.in_learner(fx.parameter_shapes, check.run_learner("EncoderBlock", D, H))
    want = {name: tuple(t.shape) for name, t in fx.learner_names(fx.torch_block(D, H, 4, 0).state_dict(),
                                                                  "block").items()}
    close(shapes, want, tol="exact", what=f"day55: EncoderBlock({D}, {H}) parameter names and shapes")
    total = 2 * sum(math.prod(s) for s in shapes.values())
    if total >= 1_000_000:
        raise Mismatch(f"day55: two EncoderBlock({D}, {H}) hold {total:,} parameters; expected 396,544 (< 1M)")


# --- gpt_param_count ------------------------------------------------------------------------------

def _built_gpt_count(n_layer, n_head, d, vocab, block, tied):
    """Count by building the model from torch parts: nn.TransformerEncoderLayer has GPT-2's block layout."""
    parts = [nn.Embedding(vocab, d), nn.Embedding(block, d), nn.LayerNorm(d)]
    parts += [nn.TransformerEncoderLayer(d, n_head, 4 * d, batch_first=True) for _ in range(n_layer)]
    if not tied:
        parts.append(nn.Linear(d, vocab, bias=False))
    return sum(p.numel() for m in parts for p in m.parameters())


@pytest.mark.points(3)
def test_gpt_param_count_gpt2_small(check):
    got = check("gpt_param_count", 12, 12, 768, 50257, 1024, tol="exact")
    if type(got) is not int or got != 124_439_808:
        raise Mismatch(f"day55: gpt_param_count(12, 12, 768, 50257, 1024) gave {got!r}; GPT-2 small has "
                       "124,439,808 parameters (a Python int)")


@pytest.mark.points(2)
def test_gpt_param_count_untied_head(check):
    check("gpt_param_count", 12, 12, 768, 50257, 1024, tied=False, tol="exact")


@pytest.mark.points(3)
@pytest.mark.parametrize("tied", [True, False])
def test_gpt_param_count_matches_a_built_model(check, seed, tied):
    rng = np.random.default_rng(seed)
    n_head = int(rng.integers(1, 5))
    cfg = (int(rng.integers(1, 4)), n_head, n_head * int(rng.integers(3, 9)), int(rng.integers(50, 300)),
           int(rng.integers(8, 40)))
    got = check("gpt_param_count", *cfg, tied=tied, tol="exact")
    close(got, _built_gpt_count(*cfg, tied), tol="exact",
          what=f"day55: gpt_param_count{cfg}, tied={tied}, against a model built from torch parts")
