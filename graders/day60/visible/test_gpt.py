"""Day 60 visible tests: run them with  pytest assignments/day60  (or  ai100 check day60).

They compare rms_norm, swiglu and lr_at with values recorded from the reference (keyed by these
exact inputs) and rms_norm with torch's own; they check your GPT's parameter names and shapes,
that its logits never look ahead, and that generate and train_gpt behave on the kit model of
course_tools.fixtures.day60. The autograder also compares your GPT with the reference's weights
copied in, sampling token for token for a seed, and the losses of a training run.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close
from course_tools.fixtures import day60 as fx


def _tensors(seed, shapes, dtype=torch.float32):
    rng = np.random.default_rng(seed)
    return [torch.from_numpy(rng.standard_normal(s)).to(dtype) for s in shapes]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_rms_norm_matches_reference(check, seed):
    x, w = _tensors(seed, [(2, 3, 8), (8,)])
    check("rms_norm", x, w)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_rms_norm_matches_torch(check, seed):
    x, w = _tensors(seed, [(4, 10), (10,)], dtype=torch.float64)
    got = check.run_learner("rms_norm", x, w, eps=1e-5)
    close(got, F.rms_norm(x, (10,), w, eps=1e-5), what="day60: rms_norm((4, 10)) against torch's rms_norm")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3, 4])
def test_swiglu_matches_reference(check, seed):
    x, w1, w2, w3 = _tensors(seed, [(2, 4, 6), (6, 10), (10, 6), (6, 10)])
    check("swiglu", x, w1, w2, w3)


@pytest.mark.points(1)
@pytest.mark.parametrize("step", [0, 3, 4, 10, 19])
def test_lr_at_schedule(check, step):
    check("lr_at", step, 20, 4, 1e-3)


CONFIG = dict(n_layer=2, n_head=4, d=32, block=16)
VOCAB = 20


def _expected_shapes(vocab, n_layer, n_head, d, block):
    shapes = {"tok_emb.weight": (vocab, d), "pos_emb.weight": (block, d), "ln_f.weight": (d,),
              "ln_f.bias": (d,), "head.weight": (vocab, d)}
    for i in range(n_layer):
        for name, shape in [("ln1.weight", (d,)), ("ln1.bias", (d,)), ("attn.qkv.weight", (3 * d, d)),
                            ("attn.qkv.bias", (3 * d,)), ("attn.proj.weight", (d, d)), ("attn.proj.bias", (d,)),
                            ("ln2.weight", (d,)), ("ln2.bias", (d,)), ("mlp.fc.weight", (4 * d, d)),
                            ("mlp.fc.bias", (4 * d,)), ("mlp.proj.weight", (d, 4 * d)), ("mlp.proj.bias", (d,))]:
            shapes[f"blocks.{i}.{name}"] = shape
    return shapes


@pytest.mark.points(2)
def test_GPT_parameter_names_and_shapes(check):
    model = check.run_learner("GPT", VOCAB, **CONFIG)
    got = check.in_learner(fx.state_shapes, model)
    want = _expected_shapes(VOCAB, **CONFIG)
    assert set(got) == set(want), (f"state_dict keys: missing {sorted(set(want) - set(got))[:5]}, "
                                   f"unexpected {sorted(set(got) - set(want))[:5]} — use the names in the docstring")
    for k in want:
        assert got[k] == want[k], f"{k}: shape {got[k]}, expected {want[k]}"


@pytest.mark.points(2)
def test_GPT_logits_ignore_later_tokens(check):
    model = check.run_learner("GPT", VOCAB, **CONFIG)
    idx = torch.randint(VOCAB, (2, 16), generator=torch.Generator().manual_seed(0))
    changed = idx.clone()
    changed[:, 9:] = (changed[:, 9:] + 1) % VOCAB
    a, b = check.in_learner(fx.logits_of, model, idx), check.in_learner(fx.logits_of, model, changed)
    assert a.shape == (2, 16, VOCAB) and a.dtype == torch.float32, f"logits {tuple(a.shape)} {a.dtype}"
    close(b[:, :9], a[:, :9], what="day60: GPT logits at positions 0..8 after changing tokens 9..15")
    close(check.in_learner(fx.logits_of, model, idx[:, :5]), a[:, :5], what="day60: GPT logits of a 5-token prefix alone")


@pytest.mark.points(2)
def test_generate_greedy_and_prompt_kept(check):
    model = fx.make_kit_gpt(0, block=8)
    idx = fx.encode("why did the")[None]
    out = check.run_learner("generate", model, idx, 6, temperature=0.0)
    assert out.shape == (1, idx.shape[1] + 6) and out.dtype == torch.int64, f"shape {tuple(out.shape)} {out.dtype}"
    assert torch.equal(out[:, :idx.shape[1]], idx), "the prompt must come back unchanged in front"
    for t in range(idx.shape[1], out.shape[1]):  # greedy: each new token is the argmax given what came before
        best = fx.logits_of(model, out[:, max(0, t - 8):t])[0, -1].argmax()
        assert out[0, t] == best, f"token {t} is {int(out[0, t])}, the argmax is {int(best)}"


@pytest.mark.points(1)
def test_generate_same_seed_same_tokens(check):
    model = fx.make_kit_gpt(1, block=16)
    idx = fx.encode("knock")[None].repeat(2, 1)
    a = check.run_learner("generate", model, idx, 12, temperature=1.0, seed=5)
    b = check.run_learner("generate", model, idx, 12, temperature=1.0, seed=5)
    c = check.run_learner("generate", model, idx, 12, temperature=1.0, seed=6)
    assert torch.equal(a, b), "the same seed must give the same tokens"
    assert not torch.equal(a, c), "seeds 5 and 6 gave the same 24 tokens: is the seed used?"


@pytest.mark.points(2)
def test_train_gpt_loss_falls(check):
    check.forbid = ()  # the day's tripwires guard the model code; a profile hook would slow AdamW's loop 3×
    train, val = fx.joke_data(500, 0)
    model = fx.make_kit_gpt(0, block=16)
    before = fx.eval_loss(model, val, 16)
    losses = check.run_learner("train_gpt", model, train, 40, 4, lr=2e-2, batch_size=16, seed=0)
    assert len(losses) == 40 and all(isinstance(v, float) for v in losses), "return one Python float per step"
    after = fx.eval_loss(model, val, 16)
    assert after < before - 1.0, (f"held-out loss went from {before:.3f} to {after:.3f} nats in 40 steps; the "
                                  "reference gets below 2.6 — is the model trained in place?")
