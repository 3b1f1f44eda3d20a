"""Day 54 visible tests: run them with  pytest assignments/day54  (or  ai100 check day54).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with torch's scaled_dot_product_attention, and with properties every correct
answer has. The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close


def _arrays(seed, shapes, dtype=np.float64, scale=1.0):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) * scale).astype(dtype) for s in shapes]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_softmax_matches_reference(check, seed):
    (x,) = _arrays(seed, [(3, 5)], scale=2.0)
    check("softmax", x)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_softmax_rows_sum_to_one_at_large_logits(check, seed):
    (x,) = _arrays(seed, [(4, 6)], scale=1e4)
    p = check("softmax", x)
    assert np.all(np.isfinite(p)), "softmax returned inf/NaN at logits of size 1e4 — subtract the row max first"
    close(p.sum(axis=-1), np.ones(4), what="day54: softmax((4, 6)) row sums, seed 2")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_softmax_axis_zero(check, seed):
    (x,) = _arrays(seed, [(4, 3)])
    check("softmax", x, axis=0)


@pytest.mark.points(1)
def test_causal_mask_small(check):
    check("causal_mask", 4, tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_attention_weights_matches_reference(check, seed):
    q, k = _arrays(seed, [(2, 5, 8), (2, 6, 8)])
    w = check("attention_weights", q, k)
    close(w.sum(axis=-1), np.ones((2, 5)), what="day54: attention_weights row sums, seed 4")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [5])
def test_attention_weights_masked_entries_are_zero(check, seed):
    q, k = _arrays(seed, [(6, 8), (6, 8)])
    mask = np.tril(np.ones((6, 6), dtype=bool))
    w = check("attention_weights", q, k, mask=mask)
    assert np.all(w[~mask] == 0), "masked weights must be exactly 0"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [6, 7])
def test_attention_matches_reference(check, seed):
    q, k, v = _arrays(seed, [(2, 2, 5, 8), (2, 2, 6, 8), (2, 2, 6, 4)])
    check("attention", q, k, v)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [8])
def test_attention_matches_torch_sdpa_causal(check, seed):
    q, k, v = _arrays(seed, [(2, 6, 8), (2, 6, 8), (2, 6, 4)])
    mask = np.tril(np.ones((6, 6), dtype=bool))
    got = check.run_learner("attention", q, k, v, mask=mask)
    t = [torch.from_numpy(a) for a in (q, k, v)]
    want = F.scaled_dot_product_attention(*t, attn_mask=torch.from_numpy(mask)).numpy()
    close(got, want, what="day54: attention vs torch sdpa, causal, seed 8", tol="vs_library")
