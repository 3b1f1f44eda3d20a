"""Day 57 visible tests: run them with  pytest assignments/day57  (or  ai100 check day57).

mask_tokens is compared with values recorded from the reference for fixed seeds and with the
properties every answer has; mlm_loss with torch's F.cross_entropy(ignore_index=-100); MiniBert
by its size and its output shape. The autograder also loads fixed weights into your MiniBert,
checks masking rates on 100k tokens and trains your model for 150 steps.
"""

import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close
from course_tools.fixtures import day57 as fx


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_mask_tokens_matches_reference(check, seed):
    ids, _ = fx.review_ids(4, seed, max_len=24)
    inputs, labels = check("mask_tokens", ids, fx.MASK, 200, p=0.2, seed=seed, special_ids=fx.SPECIALS, tol="exact")
    chosen = labels != -100
    assert bool((labels[chosen] == ids[chosen]).all()), "labels must hold the original ids at the targets"
    assert not bool(torch.isin(ids[chosen], torch.tensor(fx.SPECIALS)).any()), "a special token was chosen"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_mlm_loss_matches_cross_entropy(check, seed):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(2, 5, 9, generator=g, dtype=torch.float64)
    labels = torch.randint(0, 9, (2, 5), generator=g)
    labels[0, :3] = -100
    # compared with torch alone: a 0-d reference does not survive recording yet (it comes back as shape (1,))
    got = check.run_learner("mlm_loss", logits, labels)
    close(got, F.cross_entropy(logits.reshape(-1, 9), labels.reshape(-1), ignore_index=-100), tol="vs_library",
          what=f"day57: mlm_loss vs F.cross_entropy(ignore_index=-100), seed {seed}")


@pytest.mark.points(1)
def test_mini_bert_size_and_output_shape(check):
    model = check.run_learner("MiniBert", 200, 32, 2, 2, 32)
    n = sum(int(torch.tensor(s).prod()) for s in check.in_learner(fx.parameter_shapes, model).values())
    assert n == 24776, f"MiniBert(200, 32, 2, 2, 32) holds {n:,} parameters; expected 24,776 (tied output layer)"
    ids, mask = fx.review_ids(3, 0, max_len=20)
    out = model(ids, mask)
    assert tuple(out.shape) == (3, 20, 200), f"logits of shape {tuple(out.shape)}; expected (3, 20, 200)"
