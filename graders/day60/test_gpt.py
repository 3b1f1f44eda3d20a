"""Hidden graders for day 60 (a tiny GPT: RMSNorm, SwiGLU, the model, its schedule, training, sampling).

Inputs come from the hidden seed. The learner's GPT is judged with the reference's weights copied in
(state_dict), against the live reference; `generate` and `train_gpt` run on the kit model of
course_tools.fixtures.day60, the same model for learner and reference. Unseen here: a GPT with
vocab 29, 1 layer, 3 heads, d = 24, block 11; odd widths for RMSNorm/SwiGLU; a block of 8 in sampling.
"""

import copy

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day60 as fx

GPT_CONFIGS = [  # (vocab, n_layer, n_head, d, block)
    (32, 2, 4, 32, 16),
    (29, 1, 3, 24, 11),  # the unseen one: odd sizes, one layer
]


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _tensors(seed, shapes, dtype=torch.float32, scale=1.0):
    rng = np.random.default_rng(seed)
    return [torch.from_numpy(rng.standard_normal(s) * scale).to(dtype) for s in shapes]


def _ids(seed, shape, vocab):
    return torch.from_numpy(np.random.default_rng(seed).integers(0, vocab, size=shape)).to(torch.int64)


def _logits(check, model, idx):
    return check.in_learner(fx.logits_of, model, idx)  # in the learner's process, under the day's tripwires


# --- rms_norm, swiglu -----------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(2, 5, 16), (7, 12), (3, 9, 11)])
def test_rms_norm_matches_reference(check, seed, shape):
    x, w = _tensors(seed, [shape, shape[-1:]], scale=3.0)
    check("rms_norm", x, w)


@pytest.mark.points(2)
def test_rms_norm_closed_form_float64(check, seed):
    x, w = _tensors(seed, [(4, 6, 13), (13,)], dtype=torch.float64)
    got = check("rms_norm", x, w, eps=1e-3)
    xn, wn = x.numpy(), w.numpy()
    want = xn / np.sqrt(np.mean(xn * xn, axis=-1, keepdims=True) + 1e-3) * wn
    close(got, torch.from_numpy(want), what=check.describe("rms_norm", (x, w), {"eps": 1e-3}) + " against the closed form")


@pytest.mark.points(1)
def test_rms_norm_eps_matters_for_small_inputs(check, seed):
    x, w = _tensors(seed, [(5, 10), (10,)], dtype=torch.float64, scale=1e-2)
    check("rms_norm", x, w, eps=1e-3, hint="eps goes inside the square root, added to mean(x²)")


@pytest.mark.points(2)
@pytest.mark.parametrize("shapes", [((2, 5, 8), 20), ((7, 9), 13)])
def test_swiglu_matches_reference(check, seed, shapes):
    xs, h = shapes
    d = xs[-1]
    x, w1, w2, w3 = _tensors(seed, [xs, (d, h), (h, d), (d, h)])
    check("swiglu", x, w1, w2, w3)


@pytest.mark.points(2)
def test_swiglu_closed_form_float64(check, seed):
    x, w1, w2, w3 = _tensors(seed, [(3, 4, 6), (6, 11), (11, 6), (6, 11)], dtype=torch.float64)
    got = check("swiglu", x, w1, w2, w3)
    a, b = x.numpy() @ w1.numpy(), x.numpy() @ w3.numpy()
    want = (a / (1.0 + np.exp(-a)) * b) @ w2.numpy()
    close(got, torch.from_numpy(want), what=check.describe("swiglu", (x, w1, w2, w3), {}) + " against the closed form")


# --- lr_at -----------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["warm-up", "no warm-up", "all warm-up"])
def test_lr_at_matches_reference_every_step(check, seed, case):
    rng = np.random.default_rng(seed)
    steps = int(rng.integers(17, 31))
    warmup = {"warm-up": int(rng.integers(2, 8)), "no warm-up": 0, "all warm-up": steps}[case]
    lr = float(rng.uniform(1e-4, 1e-2))
    for step in range(steps):
        check("lr_at", step, steps, warmup, lr)


# --- GPT -------------------------------------------------------------------------------------------

def _models(check, ref_module, seed, config):
    vocab, n_layer, n_head, d, block = config
    kwargs = dict(n_layer=n_layer, n_head=n_head, d=d, block=block)
    model = check.run_learner("GPT", vocab, **kwargs)
    torch.manual_seed(seed)
    ref = ref_module.GPT(vocab, **kwargs)
    what = check.describe("GPT", (vocab,), kwargs)
    got, want = check.in_learner(fx.state_shapes, model), fx.state_shapes(ref)
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    _require(not missing and not extra, f"{what}\n  state_dict keys differ from the documented names: "
             f"missing {missing[:6]}, unexpected {extra[:6]}")
    wrong = [f"{k}: {got[k]} (expected {want[k]})" for k in want if got[k] != want[k]]
    _require(not wrong, f"{what}\n  parameter shapes differ: " + "; ".join(wrong[:4]))
    check.in_learner(fx.load_state, model, dict(ref.state_dict()))
    return model, ref, what


@pytest.mark.points(3)
@pytest.mark.parametrize("config", GPT_CONFIGS, ids=["small", "unseen"])
def test_GPT_state_dict_matches_documented_names(check, ref_module, seed, config):
    _models(check, ref_module, seed, config)


@pytest.mark.points(4)
@pytest.mark.parametrize("config", GPT_CONFIGS, ids=["small", "unseen"])
def test_GPT_matches_reference_with_copied_weights(check, ref_module, seed, config):
    model, ref, what = _models(check, ref_module, seed, config)
    vocab, block = config[0], config[4]
    for t in (block, block // 2 + 1):  # a full window and a shorter one
        idx = _ids(seed + t, (3, t), vocab)
        got = _logits(check, model, idx)
        want = fx.logits_of(ref, idx)
        close(got, want, what=f"{what}: logits of idx {tuple(idx.shape)} with the reference's weights")


@pytest.mark.points(4)
@pytest.mark.parametrize("config", GPT_CONFIGS, ids=["small", "unseen"])
def test_GPT_logits_ignore_later_tokens(check, seed, config):
    vocab, n_layer, n_head, d, block = config
    model = check.run_learner("GPT", vocab, n_layer=n_layer, n_head=n_head, d=d, block=block)
    idx = _ids(seed, (2, block), vocab)
    t = int(np.random.default_rng(seed).integers(1, block - 1))
    changed = idx.clone()
    changed[:, t + 1:] = (idx[:, t + 1:] + 1 + _ids(seed + 1, (2, block - t - 1), vocab - 1)) % vocab
    base, after = _logits(check, model, idx), _logits(check, model, changed)
    close(after[:, :t + 1], base[:, :t + 1], what=f"day60: GPT{config}, seed {seed}: logits at positions 0..{t} "
          f"after changing the tokens after position {t} — they must not look ahead (mask the future keys)")
    prefix = _logits(check, model, idx[:, :t + 1])
    close(prefix, base[:, :t + 1], what=f"day60: GPT{config}, seed {seed}: logits of the first {t + 1} tokens "
          "alone against the same positions of the full window")


# --- generate -------------------------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.parametrize("temperature", [1.0, 0.7])
def test_generate_exact_for_seed(check, seed, temperature):
    model = fx.make_kit_gpt(seed, block=16)
    idx = _ids(seed, (3, 5), len(fx.ALPHABET))
    check("generate", model, idx, 9, temperature=temperature, seed=seed, tol="exact",
          hint="draw with torch.multinomial(probs, 1, generator=g), g seeded once before the loop")


@pytest.mark.points(3)
def test_generate_greedy_at_temperature_zero(check, seed):
    model = fx.make_kit_gpt(seed, block=16)
    idx = _ids(seed, (2, 4), len(fx.ALPHABET))
    check("generate", model, idx, 10, temperature=0.0, seed=seed, tol="exact")


@pytest.mark.points(3)
def test_generate_crops_to_block(check, seed):
    model = fx.make_kit_gpt(seed, block=8)
    idx = _ids(seed, (2, 6), len(fx.ALPHABET))
    check("generate", model, idx, 11, temperature=0.9, seed=seed + 1, tol="exact",
          hint="feed the model only the last model.block tokens: its positions stop at block")


# --- train_gpt ------------------------------------------------------------------------------------

@pytest.mark.points(5)
def test_train_gpt_losses_match_reference(check, seed):
    """Six float64 steps of the documented recipe: every loss equals the reference's."""
    check.forbid = ()  # the day's tripwires guard the model code; a profile hook makes AdamW's loop 3× slower
    model = fx.make_kit_gpt(seed, block=16, dtype=torch.float64)
    data, _ = fx.joke_data(200, seed)
    check("train_gpt", model, data, 6, 3, lr=1e-2, batch_size=4, seed=seed)


@pytest.mark.points(5)
def test_train_gpt_val_loss_near_reference(check, ref_module, seed):
    """100 steps on the joke corpus: the held-out loss must fall to within 0.1 nat of the reference's."""
    check.forbid = ()  # as above: no profile hook around a training run
    train, val = fx.joke_data(1000, seed)
    model = fx.make_kit_gpt(seed, block=16)
    twin = copy.deepcopy(model)
    before = fx.eval_loss(model, val, 16)
    losses = check.run_learner("train_gpt", model, train, 100, 10, lr=2e-2, batch_size=16, seed=seed)
    ref_module.train_gpt(twin, train, 100, 10, lr=2e-2, batch_size=16, seed=seed)
    got, want = fx.eval_loss(model, val, 16), fx.eval_loss(twin, val, 16)
    _require(len(losses) == 100, f"day60: train_gpt(100 steps), seed {seed}: returned {len(losses)} losses")
    _require(got <= want + 0.1, f"day60: train_gpt(kit model, 100 steps, lr 2e-2), seed {seed}: held-out loss "
             f"{got:.3f} nats (it started at {before:.3f}); the reference reaches {want:.3f}, and yours must be "
             "within 0.1 of it — did the model's weights change in place?")
