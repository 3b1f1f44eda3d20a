"""Day 63 visible tests: run them with  pytest assignments/day63  (or  ai100 check day63).

They compare perplexity with values recorded from the reference (keyed by the exact weights of a
kit model drawn with NumPy, and the stream), and judge your functions against torch, against counts
worked out by hand, and against themselves (a stream's perplexity from its windows' perplexities).
The models are the kit tiny GPT of course_tools.fixtures.day60, fully trainable or with the kit
adapters of course_tools.fixtures.day63. The optimisers here are stand-ins holding what torch's
AdamW keeps after a step (torch's own take seconds to load the first time); the autograder uses
torch's AdamW, SGD, Adam, RMSprop and Adagrad after real steps
(course_tools.fixtures.day63.optimizer_after_steps — try it), and runs more cases against the
reference, on unseen streams, models and optimisers.
"""

import math

import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close
from course_tools.fixtures import day63 as fx

KIT = dict(dim=16, layers=1, heads=2, block=8, dtype=torch.float64)


def _stream(seed, n):
    return fx.encode("\n".join(fx.make_jokes(n // 20 + 2, seed)))[:n]


class AdamWAfterAStep:
    """The state torch.optim.AdamW holds after one step, for the parameters that require a gradient:
    a 0-d float32 step counter and two running averages of each parameter's shape and dtype."""

    def __init__(self, model):
        self.param_groups = [{"params": [*model.parameters()], "lr": 1e-3}]
        self.state = {p: {"step": torch.tensor(1.0, dtype=torch.float32), "exp_avg": torch.zeros_like(p),
                          "exp_avg_sq": torch.zeros_like(p)} for p in self.param_groups[0]["params"] if p.requires_grad}


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [6, 7])
def test_perplexity_matches_reference(check, seed):
    # 30 tokens in windows of 8: 29 next tokens scored as 8 + 8 + 8 + 5.
    check("perplexity", fx.replayable_gpt(seed, dim=16, layers=1, heads=2, block=8), _stream(seed, 30), 8)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_perplexity_one_window_is_exp_cross_entropy(check, seed):
    model, ids = fx.make_kit_gpt(seed, **KIT), _stream(seed, 9)
    got = check.run_learner("perplexity", model, ids, 8)
    assert isinstance(got, float), f"return a Python float, not {type(got).__name__}"
    with torch.no_grad():
        loss = F.cross_entropy(model(ids[:-1].unsqueeze(0)).squeeze(0), ids[1:])
    close(got, math.exp(loss.item()), what="day63: perplexity of 9 tokens in one window of 8 against torch")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_perplexity_weights_tokens_not_windows(check, seed):
    # 26 tokens in windows of 8 score 8 + 8 + 8 + 1 next tokens: the last window holds a single token.
    model, ids = fx.make_adapted_gpt(seed, **KIT), _stream(seed, 26)
    whole = check.run_learner("perplexity", model, ids, 8)
    logs, counts = [], []
    for first in (0, 8, 16, 24):
        piece = ids[first:first + 9]
        logs.append(math.log(check.run_learner("perplexity", model, piece, 8)))
        counts.append(len(piece) - 1)
    weighted = math.exp(sum(c * v for c, v in zip(counts, logs)) / sum(counts))
    close(whole, weighted, what="day63: perplexity of 26 tokens against the windows' perplexities weighted by "
          "their token counts (8, 8, 8, 1)", hint="a mean of the windows' mean losses weighs the 1-token window "
          "like the 8-token ones")


@pytest.mark.points(1)
def test_perplexity_uniform_model_is_vocab_size(check):
    model = fx.make_kit_gpt(4, **KIT)
    with torch.no_grad():
        model.out.weight.zero_()
    got = check.run_learner("perplexity", model, _stream(4, 20), 8)
    close(got, float(len(fx.ALPHABET)), what="day63: perplexity of a model whose logits are all zero",
          hint="a uniform guess over V tokens has perplexity V")


@pytest.mark.points(1)
def test_perplexity_rejects_a_single_token(check):
    with pytest.raises(ValueError):
        check.run_learner("perplexity", fx.make_kit_gpt(0, **KIT), torch.tensor([3]), 8)


@pytest.mark.points(2)
def test_trainable_params_adapted_gpt(check):
    model = fx.make_adapted_gpt(0, ("q", "v"), r=2, alpha=4, **KIT)
    got = check.run_learner("trainable_params", model)
    # By hand: one layer, q and v are 16 → 16 Linear layers, so each rank-2 adapter adds 2·(16 + 16) = 64.
    # The kit GPT itself (V = 33 characters): emb and pos 33·16 + 8·16, four 16 → 16 Linears with bias
    # 4·272, two LayerNorms in the layer and one after it 3·32, ff 16·32 + 32 + 32·16 + 16, out 16·33.
    kit = 528 + 128 + 4 * 272 + 3 * 32 + (512 + 32 + 512 + 16) + 528
    assert tuple(got) == (128, kit + 128), f"trainable_params: got {tuple(got)}, expected (128, {kit + 128})"
    assert all(type(v) is int for v in got), "return Python ints"


@pytest.mark.points(1)
def test_trainable_params_full_and_tied(check):
    full = check.run_learner("trainable_params", fx.make_kit_gpt(0, **KIT))
    assert full[0] == full[1], f"a fresh kit GPT trains every parameter: got {tuple(full)}"
    tied = check.run_learner("trainable_params", fx.tie_output(fx.make_kit_gpt(0, **KIT)))
    assert tuple(tied) == (full[0] - 528, full[1] - 528), (
        f"with out.weight tied to emb.weight the 33·16 matrix is held once: got {tuple(tied)}, "
        f"expected {(full[0] - 528, full[1] - 528)}")


@pytest.mark.points(1)
def test_optimizer_state_bytes_counts_tensors_only(check):
    p = torch.zeros(3, 5, dtype=torch.float64)
    opt = AdamWAfterAStep(torch.nn.Linear(1, 1))
    opt.state = {p: {"momentum_buffer": None, "step": 3.0}}  # no tensor at all: nothing held
    assert check.run_learner("optimizer_state_bytes", opt) == 0, "entries that are not tensors count nothing"
    opt.state = {p: {"momentum_buffer": torch.zeros(3, 5, dtype=torch.float64), "step": torch.tensor(2, dtype=torch.int16)}}
    got = check.run_learner("optimizer_state_bytes", opt)
    assert got == 15 * 8 + 2, f"a (3, 5) float64 buffer and an int16 counter hold 15·8 + 2 bytes, got {got}"


@pytest.mark.points(2)
def test_optimizer_state_bytes_adamw_on_adapters(check):
    got = check.run_learner("optimizer_state_bytes", AdamWAfterAStep(fx.make_adapted_gpt(0, ("q", "v"), r=2, alpha=4, **KIT)))
    # Four trained 2×16 / 16×2 float64 matrices: exp_avg and exp_avg_sq 2·32·8 bytes each, plus a
    # 4-byte float32 step counter per matrix. The frozen parameters have no state.
    assert got == 4 * (2 * 32 * 8 + 4), f"optimizer_state_bytes: got {got}, expected {4 * (2 * 32 * 8 + 4)}"


@pytest.mark.points(2)
def test_optimizer_state_bytes_adapters_far_below_full(check):
    kit = dict(dim=64, layers=2, heads=4, block=8)
    full = check.run_learner("optimizer_state_bytes", AdamWAfterAStep(fx.make_kit_gpt(1, **kit)))
    lora = check.run_learner("optimizer_state_bytes", AdamWAfterAStep(fx.make_adapted_gpt(1, r=4, **kit)))
    assert 0 < lora < 0.05 * full, f"adapters' AdamW state {lora} bytes, full fine-tuning's {full}: expected < 5%"


@pytest.mark.points(1)
def test_compare_table_rows(check):
    full = fx.make_kit_gpt(5, **KIT)
    lora = fx.make_adapted_gpt(5, ("q", "v"), r=2, alpha=4, **KIT)
    runs = [("full", full, AdamWAfterAStep(full)), ("lora", lora, AdamWAfterAStep(lora))]
    rows = check.run_learner("compare_table", runs, _stream(5, 30), 8)
    assert [row["run"] for row in rows] == ["full", "lora"], "one row per run, in the order given"
    assert set(rows[1]) == {"run", "trainable", "total", "trainable_pct", "optimizer_bytes", "perplexity"}, sorted(rows[1])
    assert rows[0]["trainable_pct"] == 100.0 and rows[0]["total"] == rows[1]["total"] - 128, (rows[0], rows[1])
    close(rows[1]["trainable_pct"], 100 * 128 / rows[1]["total"], what="day63: compare_table trainable_pct (a percentage)")
    assert rows[1]["optimizer_bytes"] == 4 * (2 * 32 * 8 + 4), "the adapters' optimiser bytes, as in the test above"
