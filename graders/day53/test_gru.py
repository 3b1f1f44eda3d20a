"""Hidden graders for day 53 (a GRU from its equations; a GRU sentiment classifier).

Inputs come from the hidden seed. Outputs are judged against the reference and against torch's
own nn.GRUCell / nn.GRU holding the same weights (vs_library); the classifier's gradients against
autograd through an nn.GRU model with the same weights (grad_autograd). Unseen here: batch 3 with
E = 7, H = 11, and T = 9 steps.
"""

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day53 as fx

SIZES = [(4, 5, 6), (1, 3, 2), (3, 7, 11)]  # (B, E, H); the last one is the unseen shape


def _cell_inputs(seed, B, E, H, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(B, E, generator=g, dtype=torch.float64).to(dtype)
    h = torch.randn(B, H, generator=g, dtype=torch.float64).to(dtype) * 0.5
    return x, h, fx.gru_params(seed + 1, E, H, dtype)


def _state(model):
    """The model's weights as a plain dict: state_dict()'s OrderedDict would stay a proxy in the sandbox."""
    return model.state_dict(destination={})


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- gru_cell ----------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("size", SIZES)
def test_gru_cell_matches_reference(check, seed, size):
    check("gru_cell", *_cell_inputs(seed, *size))


@pytest.mark.points(3)
def test_gru_cell_matches_torch_grucell(check, seed):
    x, h, params = _cell_inputs(seed, *SIZES[2])
    got = check.run_learner("gru_cell", x, h, params)
    with torch.no_grad():
        want = fx.torch_cell(params)(x, h)
    close(got, want, what=check.describe("gru_cell", (x, h, params), {}) + " against nn.GRUCell", tol="vs_library")


@pytest.mark.points(1)
def test_gru_cell_keeps_float32(check, seed):
    check("gru_cell", *_cell_inputs(seed, *SIZES[0], dtype=torch.float32))


# --- gru_layer ---------------------------------------------------------------------------------------

def _layer_inputs(seed, B, T, E, H):
    g = torch.Generator().manual_seed(seed)
    xs = torch.randn(B, T, E, generator=g, dtype=torch.float64)
    h0 = torch.randn(B, H, generator=g, dtype=torch.float64) * 0.5
    return xs, h0, fx.gru_params(seed + 2, E, H)


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(2, 4, 5, 6), (3, 9, 7, 11)])
def test_gru_layer_matches_reference(check, seed, shape):
    check("gru_layer", *_layer_inputs(seed, *shape))


@pytest.mark.points(3)
def test_gru_layer_matches_torch_gru(check, seed):
    xs, h0, params = _layer_inputs(seed, 3, 9, 7, 11)
    outs, h = check.run_learner("gru_layer", xs, h0, params)
    gru = torch.nn.GRU(7, 11, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for mine, theirs in (("weight_ih_l0", "W_ih"), ("weight_hh_l0", "W_hh"), ("bias_ih_l0", "b_ih"),
                             ("bias_hh_l0", "b_hh")):
            getattr(gru, mine).copy_(params[theirs])
        want_outs, want_h = gru(xs, h0[None])
    what = check.describe("gru_layer", (xs, h0, params), {}) + " against nn.GRU"
    close(outs, want_outs, what=what + ", outputs", tol="vs_library")
    close(h, want_h[0], what=what + ", last state", tol="vs_library")


# --- GRUSentiment ------------------------------------------------------------------------------------

V, E, H = 37, 6, 11


def _twin(check, seed):
    """The learner's model and an nn.GRU model holding the same float64 weights."""
    torch_model = fx.TorchGRUSentiment(V, E, H, seed=seed)
    model = check.run_learner("GRUSentiment", V, emb=E, hidden=H, seed=seed)
    model.double()
    model.load_state_dict(torch_model.learner_state())
    return model, torch_model


def _ids(seed, B=5, T=9):
    g = torch.Generator().manual_seed(seed + 3)
    return torch.randint(0, V, (B, T), generator=g), torch.randint(0, 2, (B,), generator=g)


@pytest.mark.points(1)
def test_gru_sentiment_parameter_names_and_shapes(check, seed):
    model = check.run_learner("GRUSentiment", V, emb=E, hidden=H, seed=seed)
    got = {k: tuple(v.shape) for k, v in _state(model).items()}
    want = {k: tuple(v.shape) for k, v in fx.TorchGRUSentiment(V, E, H).learner_state().items()}
    _require(got == want, f"day53: GRUSentiment({V}, emb={E}, hidden={H}) has parameters {got}; expected {want}")


@pytest.mark.points(2)
def test_gru_sentiment_init_is_seeded_and_in_range(check, seed):
    a = _state(check.run_learner("GRUSentiment", V, emb=E, hidden=H, seed=seed))
    b = _state(check.run_learner("GRUSentiment", V, emb=E, hidden=H, seed=seed))
    what = f"day53: GRUSentiment({V}, emb={E}, hidden={H}, seed={seed})"
    for name in a:
        _require(torch.equal(a[name], b[name]), f"{what}: two models built with one seed differ in {name} — draw "
                                                "every initial weight from a generator seeded with `seed`")
    bound = H ** -0.5
    for name in ("W_ih", "W_hh", "b_ih", "b_hh"):
        w = a[name].abs()
        # uniform on [-b, b]: P(max |w| < 0.8 b) = 0.8^n, n >= 3H = 33 → 6e-4 per tensor is too often,
        # so the spread is judged on W_ih and W_hh together (n >= 3H·(E+H) = 561 → 0.8^561 < 1e-50)
        _require(float(w.max()) <= bound * (1 + 1e-6), f"{what}: |{name}| reaches {float(w.max()):.4f} > 1/√H = {bound:.4f}")
    spread = max(float(a["W_ih"].abs().max()), float(a["W_hh"].abs().max()))
    _require(spread > 0.8 * bound, f"{what}: the GRU weights stay below {spread:.4f}, far inside ±1/√H = {bound:.4f}")
    _require(abs(float(a["W_hh"].mean())) < 0.3 * bound,  # mean of 363 uniforms: sd 0.03 b, 10 sd away
             f"{what}: W_hh has mean {float(a['W_hh'].mean()):.4f}; uniform on [−1/√H, 1/√H] has mean 0")


@pytest.mark.points(3)
@pytest.mark.parametrize("T", [1, 9])
def test_gru_sentiment_matches_torch_gru_model(check, seed, T):
    model, torch_model = _twin(check, seed)
    ids, _ = _ids(seed, T=T)
    got = model(ids)
    with torch.no_grad():
        want = torch_model(ids)
    close(got, want, what=f"day53: GRUSentiment({V}, emb={E}, hidden={H}) logits on ids {tuple(ids.shape)}, seed "
          f"{seed}, against an nn.GRU model with the same weights", tol="vs_library")


@pytest.mark.points(2)
def test_gru_sentiment_matches_reference_model(check, ref_module, seed):
    model, torch_model = _twin(check, seed)
    ref = ref_module.GRUSentiment(V, emb=E, hidden=H, seed=seed).double()
    ref.load_state_dict(torch_model.learner_state())
    ids, _ = _ids(seed, B=4, T=6)
    with torch.no_grad():
        want = ref(ids)
    close(model(ids), want, what=f"day53: GRUSentiment logits on ids (4, 6), seed {seed}")


# --- sentiment_grads ---------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_sentiment_grads_match_autograd_through_nn_gru(check, seed):
    model, torch_model = _twin(check, seed)
    ids, labels = _ids(seed, B=6, T=7)
    what = check.describe("sentiment_grads", (model, ids, labels), {})
    check.run_learner("sentiment_grads", model, ids, labels)  # a first pass: its gradients must not linger
    got = check.run_learner("sentiment_grads", model, ids, labels)
    want = torch_model.grads(ids, labels)
    _require(isinstance(got, dict) and set(got) == set(want),
             f"{what}\n  expected a dict with keys {sorted(want)}, got {sorted(got) if isinstance(got, dict) else type(got)}")
    for name in want:
        close(got[name], want[name], what=f"{what}: gradient of {name}, second call, against autograd through nn.GRU",
              tol="grad_autograd", hint="gradients accumulate: clear them before each backward pass")


# --- train_sentiment ---------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_train_sentiment_matches_reference_steps(check, ref_module, seed):
    model, torch_model = _twin(check, seed)
    ref = ref_module.GRUSentiment(V, emb=E, hidden=H, seed=seed).double()
    ref.load_state_dict(torch_model.learner_state())
    g = torch.Generator().manual_seed(seed)
    ids, labels = torch.randint(2, V, (23, 6), generator=g), torch.randint(0, 2, (23,), generator=g)
    kw = dict(steps=4, lr=0.05, batch_size=7, seed=seed)
    got = check.run_learner("train_sentiment", model, ids, labels, **kw)
    want = ref_module.train_sentiment(ref, ids, labels, **kw)
    what = check.describe("train_sentiment", (model, ids, labels), kw)
    close(np.asarray(got, dtype=np.float64), np.asarray(want), what=what + ": the losses of the 4 steps",
          tol="vs_library", hint="draw each batch with torch.randint as the docstring says, and zero the "
                                 "gradients before each backward pass")
    state, ref_state = _state(model), ref.state_dict()
    for name in ref_state:
        close(state[name], ref_state[name], what=f"{what}: {name} after training", tol="vs_library")


@pytest.mark.points(5)
def test_train_sentiment_reaches_accuracy(check, seed):
    """Held-out accuracy >= 0.75 after 80 Adam steps on 2000 reviews (the reference reaches about 0.8)."""
    torch.set_num_threads(1)
    tr, ytr, te, yte, vocab = fx.review_ids(2000, 400, seed=seed % 1000, max_len=16)
    model = check.run_learner("GRUSentiment", vocab, emb=16, hidden=24, seed=seed)
    losses = check.run_learner("train_sentiment", model, tr, ytr, steps=80, lr=0.03, batch_size=32, seed=seed)
    what = f"day53: train_sentiment(GRUSentiment({vocab}, 16, 24), 2000 reviews, steps=80, lr=0.03), seed {seed}"
    _require(len(losses) == 80, f"{what}: returned {len(losses)} losses, one per step expected (80)")
    acc = float((model(te).argmax(1) == yte).double().mean())
    _require(acc >= 0.75, f"{what}: held-out accuracy {acc:.3f} < 0.75 (first losses {losses[:3]}, last {losses[-3:]})")
