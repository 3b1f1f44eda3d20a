"""Day 62 visible tests: run them with  pytest assignments/day62  (or  ai100 check day62).

They compare merge_weights with values recorded from the reference (keyed by these exact inputs),
and check LoRALinear, apply_lora and merge_lora on a small layer and on the kit tiny GPT of
course_tools.fixtures.day60. The autograder runs more cases, gradients included, on unseen inputs.
"""

import copy

import numpy as np
import pytest
import torch
from torch import nn

from course_tools.checks import close
from course_tools.fixtures import day62 as fx


def _tensors(seed, shapes, dtype=torch.float64):
    rng = np.random.default_rng(seed)
    return [torch.from_numpy(rng.standard_normal(s)).to(dtype) for s in shapes]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_merge_weights_matches_reference(check, seed):
    W, A, B = _tensors(seed, [(6, 4), (2, 4), (6, 2)])
    check("merge_weights", W, A, B, 4.0)


@pytest.mark.points(2)
def test_LoRALinear_equals_base_and_counts(check):
    torch.manual_seed(0)
    base = nn.Linear(10, 6, dtype=torch.float64)
    layer = check.run_learner("LoRALinear", copy.deepcopy(base), r=4, alpha=8)
    (x,) = _tensors(2, [(3, 10)])
    with torch.no_grad():
        want = base(x)
    close(check.in_learner(fx.logits_of, layer, x), want, what="day62: LoRALinear at init against its base layer")
    counts = check.in_learner(fx.trainable, layer)
    assert counts == {"lora_A": 4 * 10, "lora_B": 6 * 4}, f"trainable parameters {counts}: want only lora_A (r, d_in) " \
        "and lora_B (d_out, r), with the base layer frozen"


@pytest.mark.points(2)
def test_apply_lora_then_merge(check):
    idx = torch.randint(len(fx.ALPHABET), (2, 10), generator=torch.Generator().manual_seed(0))
    want = fx.logits_of(fx.make_kit_gpt(0), idx)
    kit = check.in_learner(fx.make_kit_gpt, 0)  # built beside your code: merge_lora gets your model itself
    model = check.run_learner("apply_lora", kit, ("q", "v"), r=4, alpha=8)
    counts = check.in_learner(fx.trainable, model)
    assert sorted(counts) == ["layers.0.attn.q.lora_A", "layers.0.attn.q.lora_B", "layers.0.attn.v.lora_A",
                              "layers.0.attn.v.lora_B"], f"trainable parameters: {sorted(counts)}"
    assert sum(counts.values()) == 2 * 4 * (32 + 32), f"{sum(counts.values())} trainable numbers, want 512"
    close(check.in_learner(fx.logits_of, model, idx), want, what="day62: kit GPT with fresh adapters against without")
    state = check.in_learner(fx.state_of, model)
    for name in state:
        if name.endswith("lora_B"):
            state[name] = torch.full_like(state[name], 0.1)
    check.in_learner(fx.load_state, model, state)
    before = check.in_learner(fx.logits_of, model, idx)
    merged = check.run_learner("merge_lora", model)
    close(check.in_learner(fx.logits_of, merged, idx), before, what="day62: logits after merge_lora against before")
    keys = set(check.in_learner(fx.state_shapes, merged))
    assert keys == set(fx.state_shapes(fx.make_kit_gpt(0))), "after merging, no lora_A / lora_B / .base may be left"
