"""Hidden graders for day 62 (LoRA adapters: the layer, putting them into a model, merging them).

Inputs come from the hidden seed. Layers are built here and copied to the learner's code; the model
is the kit tiny GPT of course_tools.fixtures.day60, the same for learner and reference. What must
touch the learner's own modules (their forward, gradients, parameter counts) runs through
check.in_learner with course_tools.fixtures.day62. Unseen here: a (7, 13) layer at rank 3, a layer
without bias, a two-layer kit model adapted at o, out and ff.2.
"""

import copy

import numpy as np
import pytest
import torch
from torch import nn

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day62 as fx
from course_tools.gradients import module_gradients

LAYERS = [(5, 8, 2, True), (13, 7, 3, False)]  # (d_in, d_out, r, bias); the second is unseen


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _tensors(seed, shapes, dtype=torch.float64):
    rng = np.random.default_rng(seed)
    return [torch.from_numpy(rng.standard_normal(s)).to(dtype) for s in shapes]


def _linear(seed, d_in, d_out, bias, dtype=torch.float64):
    torch.manual_seed(seed)
    return nn.Linear(d_in, d_out, bias=bias, dtype=dtype)


def _ids(seed, shape):
    return torch.from_numpy(np.random.default_rng(seed).integers(0, len(fx.ALPHABET), size=shape)).to(torch.int64)


def _randomise_adapters(check, model, seed):
    """Give every lora_B (zero at first) random values, so that the adapters change the output."""
    state = check.in_learner(fx.state_of, model)
    rng = np.random.default_rng(seed)
    for name, t in state.items():
        if name.endswith("lora_B"):
            state[name] = torch.from_numpy(rng.standard_normal(tuple(t.shape)) * 0.5).to(t.dtype)
    check.in_learner(fx.load_state, model, state)
    return state


# --- merge_weights --------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("case", range(len(LAYERS)))
def test_merge_weights_matches_reference(check, seed, case):
    d_in, d_out, r, _ = LAYERS[case]
    W, A, B = _tensors(seed, [(d_out, d_in), (r, d_in), (d_out, r)])
    check("merge_weights", W, A, B, 2.5 * r)


@pytest.mark.points(1)
def test_merge_weights_keeps_float32(check, seed):
    W, A, B = _tensors(seed, [(6, 9), (4, 9), (6, 4)], dtype=torch.float32)
    check("merge_weights", W, A, B, 16.0)


# --- LoRALinear -----------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("case", range(len(LAYERS)))
def test_LoRALinear_equals_base_at_init(check, seed, case):
    d_in, d_out, r, bias = LAYERS[case]
    base = _linear(seed, d_in, d_out, bias)
    (x,) = _tensors(seed, [(3, 4, d_in)])
    layer = check.run_learner("LoRALinear", copy.deepcopy(base), r=r, alpha=2 * r)
    with torch.no_grad():
        want = base(x)
    close(check.in_learner(fx.logits_of, layer, x), want, what=f"day62: LoRALinear(Linear({d_in}, {d_out}), "
          f"r={r}) at init, seed {seed}, against the base layer", hint="lora_B starts at zero, so the update is 0")


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(LAYERS)))
def test_LoRALinear_trainable_count(check, seed, case):
    d_in, d_out, r, bias = LAYERS[case]
    layer = check.run_learner("LoRALinear", _linear(seed, d_in, d_out, bias), r=r, alpha=2 * r)
    what = f"day62: LoRALinear(Linear({d_in}, {d_out}, bias={bias}), r={r}), seed {seed}"
    shapes = check.in_learner(fx.state_shapes, layer)
    want = {"base.weight": (d_out, d_in), "lora_A": (r, d_in), "lora_B": (d_out, r), **({"base.bias": (d_out,)} if bias else {})}
    _require(shapes == want, f"{what}\n  state_dict shapes {shapes}, expected {want}")
    counts = check.in_learner(fx.trainable, layer)
    _require(set(counts) == {"lora_A", "lora_B"}, f"{what}\n  trainable parameters {sorted(counts)}: only lora_A "
             "and lora_B may require a gradient — freeze the base layer (requires_grad_(False))")
    _require(sum(counts.values()) == r * (d_in + d_out), f"{what}\n  {sum(counts.values())} trainable numbers, "
             f"expected r·(d_in + d_out) = {r * (d_in + d_out)}")


def _loaded_pair(check, ref_module, seed, case):
    """The learner's and the reference's LoRALinear with the same random weights (lora_B non-zero)."""
    d_in, d_out, r, bias = LAYERS[case]
    layer = check.run_learner("LoRALinear", _linear(seed, d_in, d_out, bias), r=r, alpha=2.5 * r)
    ref = ref_module.LoRALinear(_linear(seed, d_in, d_out, bias), r=r, alpha=2.5 * r)
    state = {k: v + 0 for k, v in ref.state_dict().items()}
    state["lora_A"], state["lora_B"] = _tensors(seed + 1, [(r, d_in), (d_out, r)])
    ref.load_state_dict(state)
    check.in_learner(fx.load_state, layer, state)
    return layer, ref, state


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(LAYERS)))
def test_LoRALinear_forward_closed_form(check, ref_module, seed, case):
    d_in, d_out, r, bias = LAYERS[case]
    layer, _, s = _loaded_pair(check, ref_module, seed, case)
    (x,) = _tensors(seed + 2, [(5, d_in)])
    want = x @ s["base.weight"].T + (s["base.bias"] if bias else 0.0) + 2.5 * (x @ s["lora_A"].T @ s["lora_B"].T)
    close(check.in_learner(fx.logits_of, layer, x), want, what=f"day62: LoRALinear(Linear({d_in}, {d_out}), r={r}, "
          f"alpha={2.5 * r}) with random lora_A, lora_B, seed {seed}, against base(x) + (alpha / r) · x Aᵀ Bᵀ")


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(LAYERS)))
def test_LoRALinear_gradients_only_lora(check, ref_module, seed, case):
    d_in, d_out, r, bias = LAYERS[case]
    layer, ref, _ = _loaded_pair(check, ref_module, seed, case)
    x, g = _tensors(seed + 3, [(4, d_in), (4, d_out)])
    _, _, got = check.in_learner(module_gradients, layer, [x.numpy()], g.numpy())
    _, _, want = module_gradients(ref, [x.numpy()], g.numpy())
    what = f"day62: LoRALinear(Linear({d_in}, {d_out}), r={r}), seed {seed}: gradients of sum(out · g)"
    with_grad = sorted(k for k, v in got.items() if v is not None)
    _require(with_grad == ["lora_A", "lora_B"], f"{what}\n  parameters with a gradient: {with_grad}; only lora_A "
             "and lora_B may get one — the base layer is frozen")
    for name in with_grad:
        close(got[name], want[name], what=f"{what}, d {name}", tol="grad_autograd")


# --- apply_lora, merge_lora on the kit GPT ---------------------------------------------------------

KIT = dict(dim=24, layers=2, heads=3, block=12)
TARGETS = [("q", "v"), ("o", "out", "2")]  # "2" is the second Linear of each feed-forward block (ff.2)


def _expected_lora(kit, targets, r):
    return {f"{name}.{part}": r * (m.in_features if part == "lora_A" else m.out_features)
            for name, m in kit.named_modules() if isinstance(m, nn.Linear) and name.rsplit(".", 1)[-1] in targets
            for part in ("lora_A", "lora_B")}


@pytest.mark.points(4)
@pytest.mark.parametrize("targets", TARGETS, ids=["q,v", "o,out,ff.2"])
def test_apply_lora_on_kit_gpt(check, seed, targets):
    kit = fx.make_kit_gpt(seed, **KIT)
    idx = _ids(seed, (2, 12))
    want_logits = fx.logits_of(kit, idx)
    model = check.run_learner("apply_lora", copy.deepcopy(kit), targets, r=4, alpha=8)
    what = f"day62: apply_lora(kit GPT {KIT}, targets={targets}, r=4), seed {seed}"
    counts = check.in_learner(fx.trainable, model)
    want = _expected_lora(kit, targets, 4)
    _require(counts == want, f"{what}\n  trainable parameters {counts}\n  expected {want} (an adapter on every "
             "targeted Linear, everything else frozen)")
    close(check.in_learner(fx.logits_of, model, idx), want_logits, what=f"{what}: logits at init against the kit model")


@pytest.mark.points(4)
def test_apply_lora_only_lora_gets_grads(check, seed):
    kit = fx.make_kit_gpt(seed, **KIT)
    model = check.run_learner("apply_lora", kit, ("q", "v"), r=2, alpha=4)
    _randomise_adapters(check, model, seed)
    grads = check.in_learner(fx.lm_grads, model, _ids(seed, (3, 10)))
    with_grad = sorted(k for k, v in grads.items() if v is not None)
    lora = sorted(_expected_lora(fx.make_kit_gpt(seed, **KIT), ("q", "v"), 2))
    _require(with_grad == lora, f"day62: apply_lora(kit GPT, ('q', 'v')), seed {seed}: parameters with a gradient "
             f"after backward: {with_grad}\n  expected only {lora}")
    dead = [k for k in with_grad if not bool(torch.any(grads[k] != 0))]
    _require(not dead, f"day62: apply_lora(kit GPT, ('q', 'v')), seed {seed}: all-zero gradients for {dead} — "
             "lora_A must start random, not zero: with A = 0 no gradient reaches lora_B")


@pytest.mark.points(5)
@pytest.mark.parametrize("targets", TARGETS, ids=["q,v", "o,out,ff.2"])
def test_merge_lora_equals_unmerged(check, seed, targets):
    # Built where the learner's code runs, so the model passed on to merge_lora is the learner's own object.
    kit = check.in_learner(fx.make_kit_gpt, seed, **KIT)
    idx = _ids(seed, (2, 12))
    model = check.run_learner("apply_lora", kit, targets, r=3, alpha=5)
    state = _randomise_adapters(check, model, seed)
    before = check.in_learner(fx.logits_of, model, idx)
    merged = check.run_learner("merge_lora", model)
    what = f"day62: merge_lora(kit GPT with adapters on {targets}, r=3, alpha=5), seed {seed}"
    shapes, want_shapes = check.in_learner(fx.state_shapes, merged), fx.state_shapes(fx.make_kit_gpt(seed, **KIT))
    _require(shapes == want_shapes, f"{what}\n  the merged model's state_dict differs from the kit model's: "
             f"extra {sorted(set(shapes) - set(want_shapes))[:4]}, missing {sorted(set(want_shapes) - set(shapes))[:4]}")
    close(check.in_learner(fx.logits_of, merged, idx), before, what=f"{what}: logits after merging against before")
    name = next(k[:-len(".lora_A")] for k in state if k.endswith(".lora_A"))
    got = check.in_learner(fx.state_of, merged)[name + ".weight"]
    want = state[name + ".base.weight"] + (5 / 3) * state[name + ".lora_B"] @ state[name + ".lora_A"]
    close(got, want, what=f"{what}: merged {name}.weight against W + (alpha / r) · B A")
