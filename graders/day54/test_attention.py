"""Hidden graders for day 54 (scaled dot-product attention in NumPy).

Each test draws fresh inputs from its hidden seed; one shape here — (3, 7, 13) queries against
(3, 11, 13) keys with dv = 6 — is never used by the visible tests.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close
from course_tools.throughput import assert_throughput

SHAPES = [  # (q shape, k shape, v shape)
    ((4, 9), (6, 9), (6, 5)),  # no batch dimensions
    ((2, 3, 5, 8), (2, 3, 5, 8), (2, 3, 5, 8)),
    ((3, 7, 13), (3, 11, 13), (3, 11, 6)),  # the unseen shape: odd sizes, Lq != Lk, d != dv
]


def _qkv(seed, shapes, dtype=np.float64, scale=1.0):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) * scale).astype(dtype) for s in shapes]


def _random_mask(seed, lq, lk):
    """A random bool mask with at least one allowed key in every row."""
    rng = np.random.default_rng(seed + 1)
    mask = rng.random((lq, lk)) < 0.6
    mask[np.arange(lq), rng.integers(0, lk, size=lq)] = True
    return mask


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(7,), (4, 13), (2, 3, 17)])
def test_softmax_matches_reference(check, seed, shape):
    (x,) = _qkv(seed, [shape], scale=3.0)
    check("softmax", x)


@pytest.mark.points(1)
@pytest.mark.parametrize("axis", [0, 1, -2])
def test_softmax_other_axes(check, seed, axis):
    (x,) = _qkv(seed, [(5, 6, 7)])
    check("softmax", x, axis=axis)


@pytest.mark.points(2)
def test_softmax_large_logits_stay_finite(check, seed):
    (x,) = _qkv(seed, [(6, 10)], scale=1e4)
    check("softmax", x)


@pytest.mark.points(1)
def test_softmax_keeps_float32(check, seed):
    (x,) = _qkv(seed, [(3, 9)], dtype=np.float32)
    check("softmax", x)


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 6, 19])
def test_causal_mask_matches_reference(check, n):
    check("causal_mask", n, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("case", range(len(SHAPES)))
def test_attention_weights_matches_reference(check, seed, case):
    q, k, _ = _qkv(seed, SHAPES[case])
    check("attention_weights", q, k)


@pytest.mark.points(2)
def test_attention_weights_causal(check, seed):
    q, k = _qkv(seed, [(2, 4, 9, 8), (2, 4, 9, 8)])
    mask = np.tril(np.ones((9, 9), dtype=bool))
    w = check("attention_weights", q, k, mask=mask)
    leaked = np.argwhere((w != 0) & ~mask)  # the tolerance allows 1e-9; the contract is exactly 0
    assert leaked.size == 0, (
        f"{check.describe('attention_weights', (q, k), {'mask': mask})}\n  masked weights must be exactly 0: "
        f"{len(leaked)} are not, first at {tuple(int(i) for i in leaked[0])} = {w[tuple(leaked[0])]:.3g} — "
        "set masked scores to -inf before the softmax, not a large negative number")


@pytest.mark.points(2)
def test_attention_weights_random_mask_broadcast(check, seed):
    q, k = _qkv(seed, [(3, 7, 13), (3, 11, 13)])
    check("attention_weights", q, k, mask=_random_mask(seed, 7, 11))


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(SHAPES)))
def test_attention_matches_reference(check, seed, case):
    q, k, v = _qkv(seed, SHAPES[case])
    check("attention", q, k, v)


@pytest.mark.points(2)
def test_attention_with_per_batch_mask(check, seed):
    q, k, v = _qkv(seed, SHAPES[2])
    mask = np.stack([_random_mask(seed + i, 7, 11) for i in range(3)])  # (3, 7, 11): one mask per batch
    check("attention", q, k, v, mask=mask)


@pytest.mark.points(2)
def test_attention_large_logits(check, seed):
    q, k, v = _qkv(seed, SHAPES[1])
    check("attention", q * 300.0, k, v, mask=np.tril(np.ones((5, 5), dtype=bool)))


@pytest.mark.points(1)
def test_attention_keeps_float32(check, seed):
    q, k, v = _qkv(seed, SHAPES[1], dtype=np.float32)
    check("attention", q, k, v)


@pytest.mark.points(3)
@pytest.mark.parametrize("masked", [False, True])
def test_attention_matches_torch_sdpa(check, seed, masked):
    """Against an independent implementation: torch's scaled_dot_product_attention."""
    q, k, v = _qkv(seed, [(2, 3, 10, 16), (2, 3, 12, 16), (2, 3, 12, 8)])
    mask = _random_mask(seed, 10, 12) if masked else None
    got = check.run_learner("attention", q, k, v, mask=mask)
    t = [torch.from_numpy(a) for a in (q, k, v)]
    want = F.scaled_dot_product_attention(*t, attn_mask=None if mask is None else torch.from_numpy(mask)).numpy()
    close(got, want, what=check.describe("attention", (q, k, v), {"mask": mask}) + " against torch sdpa",
          tol="vs_library")


@pytest.mark.points(3)
def test_attention_throughput(check, ref_module, seed):
    """Within 3× the reference's time on a (8, 4, 128, 64) float64 input, measured interleaved.

    Only a right answer earns speed points: the timed input is checked first, tripwires included.
    """
    q, k, v = _qkv(seed, [(8, 4, 128, 64)] * 3)
    check("attention", q, k, v)
    assert_throughput(check.timed("attention", q, k, v), lambda: ref_module.attention(q, k, v), max_ratio=3.0,
                      what="day54: attention((8, 4, 128, 64) float64)", seed=seed)
