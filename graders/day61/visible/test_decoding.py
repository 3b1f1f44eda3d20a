"""Day 61 visible tests: run them with  pytest assignments/day61  (or  ai100 check day61).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs) and check properties: filtered tokens are -inf, sampling draws the right
frequencies, beam search with a wide beam finds the best sequence. The autograder runs more
cases on inputs you do not see.
"""

import itertools

import numpy as np
import pytest

from course_tools.checks import close


def _logits(seed, shape, scale=2.0):
    return np.random.default_rng(seed).standard_normal(shape) * scale


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0])
def test_top_k_filter_matches_reference(check, seed):
    got = check("top_k_filter", _logits(seed, (3, 8)), 3)
    assert np.all(np.isfinite(got).sum(axis=-1) == 3), "each row keeps exactly 3 tokens here (no ties)"


@pytest.mark.points(1)
def test_top_k_filter_ties_kept(check):
    got = check("top_k_filter", np.array([1.0, 3.0, 2.0, 3.0, 2.0]), 2)
    assert np.isfinite(got).sum() == 2


@pytest.mark.points(1)
@pytest.mark.parametrize("seed, p", [(1, 0.5), (2, 0.9)])
def test_top_p_filter_matches_reference(check, seed, p):
    check("top_p_filter", _logits(seed, (4, 10)), p)


@pytest.mark.points(1)
def test_top_p_filter_small_example(check):
    # probabilities 0.5, 0.3, 0.2 (already sorted): p = 0.6 keeps the first two — 0.5 < 0.6, so the
    # 0.3 token is still needed; the mass before the third token, 0.8, is not below 0.6
    logits = np.log(np.array([0.5, 0.3, 0.2]))
    got = check("top_p_filter", logits, 0.6)
    assert np.isfinite(got).tolist() == [True, True, False]


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3])
def test_sample_next_exact_for_seed(check, seed):
    check("sample_next", _logits(seed, (16, 12)), 0.8, 5, 0.9, seed=seed, tol="exact")
    check("sample_next", _logits(seed, (16, 12)), 1.0, None, None, seed=seed, tol="exact")


@pytest.mark.points(2)
def test_sample_next_frequencies(check):
    """4 000 draws from softmax([2, 1, 0, -1]): each count within 5 standard deviations."""
    logits = np.array([2.0, 1.0, 0.0, -1.0])
    draws = check.run_learner("sample_next", np.tile(logits, (4000, 1)), 1.0, None, None, seed=7)
    counts = np.bincount(np.asarray(draws), minlength=4)
    probs = np.exp(logits) / np.exp(logits).sum()
    sd = np.sqrt(4000 * probs * (1 - probs))
    assert counts.size == 4 and np.all(np.abs(counts - 4000 * probs) < 5 * sd), (counts, 4000 * probs)


@pytest.mark.points(1)
@pytest.mark.parametrize("n", [1, 2])
def test_distinct_n_matches_reference(check, n):
    texts = ["the cat sat on the mat", "the cat ran", "a", "the cat sat"]
    check("distinct_n", texts, n)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [4])
def test_beam_search_matches_reference_and_brute_force(check, seed):
    rng = np.random.default_rng(seed)
    first, trans = np.log(rng.dirichlet(np.ones(3))), np.log(rng.dirichlet(np.ones(3), size=3))
    check("beam_search", first, trans, 4, 2)
    tokens, score = check("beam_search", first, trans, 3, 9)  # beam 9 = 3**2: nothing is pruned
    best = max(itertools.product(range(3), repeat=3), key=lambda s: first[s[0]] + trans[s[0], s[1]] + trans[s[1], s[2]])
    assert list(tokens) == list(best)
    close(score, first[best[0]] + trans[best[0], best[1]] + trans[best[1], best[2]], what="day61: beam score")
