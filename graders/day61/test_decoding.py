"""Hidden graders for day 61 (top-k, top-p, temperature sampling, distinct-n, beam search).

Each test draws fresh logits/texts from its hidden seed. Unseen by the visible tests: a
(4, 37) batch, a (2, 3, 17) batch, integer-valued logits full of ties, uniform rows whose mass
reaches p exactly, 64 rows and a (2, 3, 17) block sampled at once, beam 3 over a 7-token bigram
model, and whole-number beam scores where many sequences tie. The frequency test's false-failure rate is below 1e-5 by
construction (the chi-square 1 - 1e-5 quantile, with every expected count at least 100).
"""

import itertools

import numpy as np
import pytest
from scipy import stats

from course_tools.checks import Mismatch, close


def _logits(seed, shape, scale=2.0):
    return np.random.default_rng(seed).standard_normal(shape) * scale


# --- top_k_filter --------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape, k", [((11,), 3), ((4, 37), 10), ((2, 3, 17), 1)])
def test_top_k_filter_matches_reference(check, seed, shape, k):
    check("top_k_filter", _logits(seed, shape), k)


@pytest.mark.points(2)
def test_top_k_filter_keeps_ties(check, seed):
    logits = np.random.default_rng(seed).integers(0, 5, (6, 13)).astype(np.float64)  # many equal values
    check("top_k_filter", logits, 4, hint="keep every entry equal to the k-th largest: compare with it, "
                                          "do not take exactly k indices from argsort")


@pytest.mark.points(1)
@pytest.mark.parametrize("extra", [0, 5])
def test_top_k_filter_k_at_least_vocab(check, seed, extra):
    logits = _logits(seed, (3, 9))
    got = check("top_k_filter", logits, 9 + extra)
    close(got, logits, what=f"day61: top_k_filter((3, 9), k={9 + extra}) keeps everything, seed {seed}")


# --- top_p_filter --------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape, p", [((13,), 0.5), ((4, 37), 0.9), ((2, 3, 17), 0.75)])
def test_top_p_filter_matches_reference(check, seed, shape, p):
    check("top_p_filter", _logits(seed, shape), p)


@pytest.mark.points(2)
def test_top_p_filter_keeps_the_token_that_crosses_p(check, seed):
    logits = _logits(seed, (5, 20), scale=3.0)
    got = check("top_p_filter", logits, 0.6)
    kept = np.isfinite(got).sum(axis=-1)
    if np.any(kept < 1):
        raise Mismatch(f"day61: top_p_filter((5, 20), 0.6), seed {seed}\n  a row keeps no token at all")


@pytest.mark.points(2)
@pytest.mark.parametrize("v", [4, 8, 16])
def test_top_p_filter_mass_reaching_p_exactly_is_enough(check, seed, v):
    """Uniform rows have probabilities 1/V exactly, so the mass of the top j tokens is j/V exactly:
    the smallest set reaching p = j/V has j tokens. Which tied tokens are kept is not graded."""
    rng = np.random.default_rng(seed)
    j = int(rng.integers(1, v))
    logits = np.full((3, v), float(rng.integers(-3, 4)))
    got = check.run_learner("top_p_filter", logits, j / v)
    kept = np.isfinite(np.asarray(got)).sum(axis=-1)
    if np.any(kept != j):
        raise Mismatch(f"day61: top_p_filter(uniform rows (3, {v}), p={j}/{v}), seed {seed}\n  kept {kept.tolist()} "
                       f"tokens per row, expected {j}: {j} tokens of probability 1/{v} already reach p — keep a "
                       "token only while the mass BEFORE it is < p")


@pytest.mark.points(2)
def test_top_p_filter_tiny_p_keeps_only_the_top_token(check, seed):
    logits = _logits(seed, (6, 15))
    got = check("top_p_filter", logits, 1e-9)
    want = np.where(logits == logits.max(axis=-1, keepdims=True), logits, -np.inf)
    close(got, want, what=f"day61: top_p_filter((6, 15), p=1e-9) keeps the argmax only, seed {seed}")


# --- sample_next ---------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("temperature, top_k, top_p", [(1.0, None, None), (0.7, 10, 0.9), (1.6, None, 0.8),
                                                       (0.5, 4, None)])
def test_sample_next_exact_for_seed(check, seed, temperature, top_k, top_p):
    logits = _logits(seed, (64, 23))
    check("sample_next", logits, temperature, top_k, top_p, seed=seed % 10_000, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(2, 3, 17), (19,)])
def test_sample_next_any_leading_shape(check, seed, shape):
    """Rows are every index of the leading dimensions, drawn in C order; one row gives a 0-d array."""
    check("sample_next", _logits(seed, shape), 0.9, 8, None, seed=seed % 10_000, tol="exact",
          hint="softmax, cumsum and the filters run along the LAST axis; u = rng.random(number of rows)")


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(9, 31), (2, 5, 7)])
def test_sample_next_temperature_zero_is_argmax(check, seed, shape):
    logits = _logits(seed, shape)
    got = check("sample_next", logits, 0.0, 5, 0.5, seed=seed % 10_000, tol="exact")
    close(got, np.argmax(logits, axis=-1).astype(np.int64),
          what=f"day61: sample_next(T=0) on {shape} is the argmax of each row, seed {seed}", tol="exact")


@pytest.mark.points(2)
def test_sample_next_huge_logits_do_not_overflow(check, seed):
    """Logits near 800 overflow exp() unless the row maximum is subtracted first; softmax does not
    change when a constant is added to a row, so the draw must be the one for the original logits."""
    logits = _logits(seed, (32, 13))
    shifted = logits + 800.0 + np.arange(32)[:, None]
    got = check("sample_next", shifted, 0.9, None, None, seed=seed % 10_000, tol="exact",
                hint="subtract each row's maximum before exp(), or exp() overflows to inf")
    want = check.run_learner("sample_next", logits, 0.9, None, None, seed=seed % 10_000)
    close(got, want, what=f"day61: sample_next(logits + 800) equals sample_next(logits), seed {seed}", tol="exact")


def _kept_probs(logits, temperature, top_k, top_p):
    """The grader's own filtered distribution for one row."""
    z = logits / temperature
    z = np.where(z < np.sort(z)[-top_k], -np.inf, z)
    probs = np.exp(z - z.max())
    probs /= probs.sum()
    order = np.argsort(-probs)
    before = np.cumsum(probs[order]) - probs[order]
    keep = np.zeros(len(z), bool)
    keep[order[before < top_p]] = True
    probs = np.where(keep, probs, 0.0)
    return probs / probs.sum()


@pytest.mark.points(4)
def test_sample_next_frequencies_chi_square(check, seed):
    """20 000 draws of one row: the counts must fit the filtered distribution."""
    rng = np.random.default_rng(seed)
    while True:  # a row whose kept tokens all have probability >= 0.005: expected counts >= 100
        row = rng.standard_normal(11) * 1.2
        probs = _kept_probs(row, 0.8, 7, 0.9)
        if probs[probs > 0].min() >= 0.005:
            break
    n = 20_000
    draws = check.run_learner("sample_next", np.tile(row, (n, 1)), 0.8, 7, 0.9, seed=seed % 10_000)
    counts = np.bincount(np.asarray(draws).astype(np.int64), minlength=11)
    what = f"day61: sample_next(one row tiled (20000, 11), T=0.8, top_k=7, top_p=0.9), seed {seed}"
    if counts.size != 11 or np.any(counts[probs == 0] > 0):
        raise Mismatch(f"{what}\n  drew filtered-out tokens: counts {counts.tolist()}, allowed "
                       f"{np.flatnonzero(probs).tolist()}")
    kept = probs > 0
    expected = n * probs[kept]
    chi2 = float(np.sum((counts[kept] - expected) ** 2 / expected))
    # P(chi-square with df = kept - 1 exceeds its 1 - 1e-5 quantile) = 1e-5: a right answer fails this
    # test once in 100 000 seeds (expected counts >= 100 keep the chi-square approximation sound).
    limit = float(stats.chi2.ppf(1 - 1e-5, df=int(kept.sum()) - 1))
    if chi2 > limit:
        raise Mismatch(f"{what}\n  chi-square {chi2:.1f} > {limit:.1f} (the 1 - 1e-5 quantile): counts "
                       f"{counts.tolist()}, expected {np.round(n * probs).astype(int).tolist()} — divide by the "
                       "temperature first, then top-k, then top-p, then softmax")


# --- distinct_n ----------------------------------------------------------------------------------------

WORDS = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran", "to", "me"]


def _texts(seed, n_texts, lo=0, hi=12):
    rng = np.random.default_rng(seed)
    return [" ".join(WORDS[i] for i in rng.integers(0, 4 + seed % 6, rng.integers(lo, hi))) for _ in range(n_texts)]


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 2, 4])
def test_distinct_n_matches_reference(check, seed, n):
    check("distinct_n", _texts(seed, 15), n)


@pytest.mark.points(1)
def test_distinct_n_nothing_to_count(check, seed):
    check("distinct_n", _texts(seed, 3, lo=0, hi=3), 4)
    check("distinct_n", [], 2)


# --- beam_search ---------------------------------------------------------------------------------------

def _bigram(seed, v):
    rng = np.random.default_rng(seed)
    first = np.log(rng.dirichlet(np.ones(v)))
    trans = np.log(rng.dirichlet(np.ones(v) * 0.7, size=v))
    return first, trans


@pytest.mark.points(3)
@pytest.mark.parametrize("v, length, beam", [(7, 5, 3), (5, 6, 1), (6, 1, 2)])
def test_beam_search_matches_reference(check, seed, v, length, beam):
    first, trans = _bigram(seed, v)
    check("beam_search", first, trans, length, beam)


def _best_with_ties(first, trans, length):
    """Brute force: the highest score, equal scores broken by the smallest token list."""
    def score(s):
        return first[s[0]] + sum(trans[a, b] for a, b in zip(s, s[1:]))
    best = min(itertools.product(range(len(first)), repeat=length), key=lambda s: (-score(s), s))
    return list(best), float(score(best))


@pytest.mark.points(3)
@pytest.mark.parametrize("beam", [2, 64])
def test_beam_search_ties_broken_by_the_smallest_token_list(check, seed, beam):
    """Whole-number scores make many sequences tie exactly, at every pruning step and at the end."""
    rng = np.random.default_rng(seed)
    v, length = 4, 4
    first = -rng.integers(0, 3, v).astype(np.float64)
    trans = -rng.integers(0, 3, (v, v)).astype(np.float64)
    got = check("beam_search", first, trans, length, beam, hint="sort by (-score, token list) when you keep the best")
    if beam >= v ** (length - 1):  # nothing pruned: the brute-force optimum, ties included
        tokens, score = _best_with_ties(first, trans, length)
        what = f"day61: beam_search(V={v}, length={length}, beam={beam}, whole-number scores), seed {seed}"
        close(list(got[0]), tokens, what=what + ": tokens against brute force", tol="exact")
        close(float(got[1]), score, what=what + ": score against brute force")


@pytest.mark.points(2)
@pytest.mark.parametrize("beam", [2, 3])
def test_beam_search_equal_scores_prefer_the_smaller_token_list(check, seed, beam):
    """Every sequence ending in the same token ties after the second step here, and the best first
    token has the largest index: the smaller token list must win, not the one that was ahead."""
    v, length = 5, 3
    first = np.arange(v) - (v - 1.0)  # whole numbers, best first token = v - 1
    w = -np.random.default_rng(seed).integers(0, 3, v).astype(np.float64)
    trans = w[None, :] - first[:, None]  # score of (a, b) = w[b], whatever a is
    check("beam_search", first, trans, length, beam,
          hint="equal scores: the smaller token list first — sort by (-score, tokens), do not rely on the "
               "order hypotheses were grown in")


@pytest.mark.points(3)
def test_beam_search_wide_beam_is_brute_force_optimum(check, seed):
    """With beam >= V**(L-1) nothing is ever pruned: the answer is the best of all V**L sequences."""
    v, length = 4, 4
    first, trans = _bigram(seed, v)
    best = max(itertools.product(range(v), repeat=length),
               key=lambda s: first[s[0]] + sum(trans[a, b] for a, b in zip(s, s[1:])))
    score = first[best[0]] + sum(trans[a, b] for a, b in zip(best, best[1:]))
    got = check.run_learner("beam_search", first, trans, length, v ** (length - 1))
    what = f"day61: beam_search(V={v}, length={length}, beam={v ** (length - 1)}) against brute force, seed {seed}"
    close(list(got[0]), list(best), what=what + ": tokens", tol="exact")
    close(float(got[1]), float(score), what=what + ": score")
