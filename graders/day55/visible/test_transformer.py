"""Day 55 visible tests: run them with  pytest assignments/day55  (or  ai100 check day55).

Your modules are compared with torch's nn.MultiheadAttention and nn.TransformerEncoderLayer holding
the same weights (course_tools/fixtures/day55.py renames torch's parameters to this day's names):
outputs in float32, and in float64 the output and the gradients for a random upstream gradient.
The autograder runs more cases on inputs you do not see.
"""

import pytest
import torch

from course_tools.checks import close
from course_tools.fixtures import day55 as fx


def _x(seed, B, T, D):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(B, T, D, generator=g), torch.randn(B, T, D, generator=g, dtype=torch.float64).numpy()


@pytest.mark.points(2)
@pytest.mark.parametrize("seed, causal", [(0, False), (1, True)])
def test_multi_head_attention_matches_torch(check, seed, causal):
    model, ref = check.run_learner("MultiHeadAttention", 16, 4), fx.torch_mha(16, 4, seed)
    x, _ = _x(seed, 2, 6, 16)
    mask = torch.tril(torch.ones(6, 6, dtype=torch.bool)) if causal else None
    got = check.in_learner(fx.forward, model, fx.learner_names(ref.state_dict(), "mha"), x, mask)
    close(got, fx.torch_forward(ref, x, mask), what=f"day55: MultiHeadAttention(16, 4), causal={causal}, seed {seed}, "
          "against nn.MultiheadAttention with the same weights")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_multi_head_attention_gradients_match_torch(check, seed):
    model, ref = check.run_learner("MultiHeadAttention", 16, 4), fx.torch_mha(16, 4, seed)
    x, g = _x(seed, 2, 6, 16)
    mask = torch.tril(torch.ones(6, 6, dtype=torch.bool))
    got = check.in_learner(fx.gradients, model, fx.learner_names(ref.state_dict(), "mha"), x.numpy(), g, mask)
    close(got, fx.torch_gradients(ref, x.numpy(), g, mask), tol="grad_autograd",
          what=f"day55: MultiHeadAttention(16, 4) float64 (output, d x, parameter gradients), seed {seed}")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3])
def test_encoder_block_matches_torch(check, seed):
    model, ref = check.run_learner("EncoderBlock", 16, 4), fx.torch_block(16, 4, 4, seed)
    x, g = _x(seed, 2, 6, 16)
    state = fx.learner_names(ref.state_dict(), "block")
    close(check.in_learner(fx.forward, model, state, x), fx.torch_forward(ref, x),
          what=f"day55: EncoderBlock(16, 4), seed {seed}, against nn.TransformerEncoderLayer(norm_first=True, gelu)")
    close(check.in_learner(fx.gradients, model, state, x.numpy(), g), fx.torch_gradients(ref, x.numpy(), g),
          tol="grad_autograd", what=f"day55: EncoderBlock(16, 4) float64 gradients, seed {seed}")


@pytest.mark.points(1)
def test_encoder_block_output_shape_and_size(check):
    """Two blocks at D = 128 keep a (16, 20, 128) input's shape and hold under 1M parameters."""
    blocks = [check.run_learner("EncoderBlock", 128, 4) for _ in range(2)]
    x = torch.randn(16, 20, 128, generator=torch.Generator().manual_seed(4))
    for block in blocks:
        x = block(x)
    assert tuple(x.shape) == (16, 20, 128), f"two blocks turned (16, 20, 128) into {tuple(x.shape)}"
    n = sum(sum(int(torch.tensor(s).prod()) for s in check.in_learner(fx.parameter_shapes, b).values()) for b in blocks)
    assert n < 1_000_000, f"two EncoderBlock(128, 4) hold {n:,} parameters; 12·D² + 13·D each is under 200k"


@pytest.mark.points(1)
def test_gpt_param_count_small_config(check):
    check("gpt_param_count", 2, 4, 64, 100, 32, tol="exact")


@pytest.mark.points(1)
def test_gpt_param_count_gpt2_small(check):
    got = check("gpt_param_count", 12, 12, 768, 50257, 1024, tol="exact")
    assert got == 124_439_808, f"GPT-2 small has 124,439,808 parameters; got {got}"
