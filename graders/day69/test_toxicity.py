"""Hidden graders for day 69 (banned-phrase matching, toxicity scores and filtering, banned tokens).

Comments and lexicons come from course_tools.fixtures.day69, drawn from each test's hidden seed;
every match list is also compared with a regular-expression reference written here (one lookahead
per phrase, so overlapping matches count). Dense random strings over a two-letter alphabet stress
the failure links. Unseen here: 37-phrase lexicons, a vocabulary of 37 tokens, batches of 3.
"""


import numpy as np
import pytest
from scipy.stats import chi2

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day69 as fx


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _phrases(seed):
    return sorted(set(fx.make_lexicon(37, seed)) | set(fx.LEXICON))


NO_REGEX = (("re", "regex"), "day 69's matcher is a trie with failure links: regular expressions (re) are off limits in "
                             "find_banned, toxicity_score and filter_toxic")


def _close_to_regex(check, got, phrases, text):
    close([tuple(m) for m in got], fx.regex_matches(phrases, text), tol="exact",
          what=f"{check.describe('find_banned', (phrases, text), {})} against a regex reference\n  text: {text!r}")


# --- the matcher -------------------------------------------------------------------------------------

@pytest.mark.points(4)
def test_find_banned_matches_regex_on_comments(check, seed):
    phrases = _phrases(seed)
    lexicon = dict.fromkeys(phrases, 0.5)
    for text in fx.make_comments(20, seed, lexicon) + fx.make_comments(20, seed + 1):
        with check.forbidding(*NO_REGEX):
            got = check("find_banned", phrases, text, tol="exact", hint=f"text: {text!r}")
        _close_to_regex(check, got, phrases, text)


def _dense(rng, n_phrases, length):
    """Phrases and a text over a two-letter alphabet: prefixes shared everywhere, matches overlapping."""
    words = {"".join(rng.choice(list("ab"), size=int(rng.integers(1, 4)))) for _ in range(n_phrases)}
    phrases = sorted(words | {w1 + " " + w2 for w1, w2 in zip(sorted(words), sorted(words)[1:])})
    text = "".join(rng.choice(list("abAB  _-"), size=length, p=[0.3, 0.3, 0.1, 0.1, 0.075, 0.075, 0.025, 0.025]))
    return phrases, text


@pytest.mark.points(4)
def test_find_banned_dense_random_strings(check, seed):
    rng = np.random.default_rng(seed)
    for _ in range(30):
        phrases, text = _dense(rng, int(rng.integers(2, 7)), int(rng.integers(20, 90)))
        with check.forbidding(*NO_REGEX):
            got = check("find_banned", phrases, text, tol="exact", hint=f"phrases {phrases}, text {text!r}")
        _close_to_regex(check, got, phrases, text)


@pytest.mark.points(2)
@pytest.mark.parametrize("phrases, text", [
    (["zorb"], "zorb"), (["zorb"], ""), (["zorb", "zorb"], "Zorb, zorb!"), (["glorp face", "glorp", "face"], "GLORP FACE"),
    (["snark", "snarky snark"], "so snarky snark."), (["blerg"], "blerg9 blerg_ _blerg 9blerg (blerg)"),
    (["ab", "b", "bab"], "ab bab b"), (["a a"], "a a a a"), (["x"], "x-x x.x x_x"),
    (["a b"], " b a b b")])  # a walk or a failure link that starts anywhere but the root finds a false "a b"
def test_find_banned_edges(check, phrases, text):
    with check.forbidding(*NO_REGEX):
        got = check("find_banned", phrases, text, tol="exact")
    _close_to_regex(check, got, phrases, text)


@pytest.mark.points(2)
def test_banned_phrase_matcher_reused_across_texts(check, seed):
    """One matcher object, many texts: find_all keeps no state from one text to the next."""
    phrases = _phrases(seed)
    matcher = check.run_learner("BannedPhraseMatcher", phrases)
    texts = fx.make_comments(15, seed + 2, dict.fromkeys(phrases, 0.5))
    for text in texts + texts[::-1]:
        _close_to_regex(check, matcher.find_all(text), phrases, text)


# --- scores and the filter ----------------------------------------------------------------------------

@pytest.mark.points(3)
def test_toxicity_score_matches_reference(check, seed):
    lexicon = {**fx.make_lexicon(37, seed), **fx.LEXICON}
    texts = fx.make_comments(30, seed, lexicon)
    with check.forbidding(*NO_REGEX):
        check("toxicity_score", texts, lexicon)


@pytest.mark.points(1)
def test_toxicity_score_counts_every_match(check, seed):
    w = float(np.round(np.random.default_rng(seed).uniform(0.1, 0.9), 3))
    got = check("toxicity_score", ["zorb, ZORB and zorbing", "clean", ""], {"zorb": w})
    close(got, np.array([1 - (1 - w) ** 2, 0.0, 0.0]), tol="formula_vs_library",
          what=f"day69: toxicity_score(['zorb, ZORB and zorbing', 'clean', ''], {{'zorb': {w}}}) against "
               "1 - (1 - w)^2: two matches, 'zorbing' is not one")


@pytest.mark.points(3)
@pytest.mark.parametrize("thr", [0.5, 0.3, 0.9])
def test_filter_toxic_matches_reference(check, seed, thr):
    texts = fx.make_comments(40, seed)
    with check.forbidding(*NO_REGEX):
        check("filter_toxic", texts, fx.LEXICON, thr=thr, tol="exact")


@pytest.mark.points(1)
def test_filter_toxic_empty_and_all_removed(check):
    check("filter_toxic", [], fx.LEXICON, tol="exact")
    check("filter_toxic", ["zorb", "ZORB!", "total snoot"], fx.LEXICON, thr=0.5, tol="exact")
    check("filter_toxic", ["You dunderblat!"], fx.LEXICON, thr=0.5, tol="exact")  # one text: 100% removed


# --- banned tokens ------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape, dtype", [((37,), np.float64), ((3, 37), np.float32), ((2, 50), np.float64)])
def test_ban_tokens_matches_reference(check, seed, shape, dtype):
    rng = np.random.default_rng(seed)
    logits = (rng.standard_normal(shape) * 3).astype(dtype)
    banned = [int(i) for i in rng.integers(0, shape[-1], size=6)]  # repeats allowed
    got = check("ban_tokens", logits, banned)
    _require(np.all(np.isneginf(got[..., banned])), "day69: ban_tokens left a banned logit finite: use -inf")
    check("ban_tokens", logits, [])


@pytest.mark.points(3)
def test_sample_tokens_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal(37) * 2
    banned = sorted({int(i) for i in rng.integers(0, 37, size=8)})
    check("sample_tokens", logits, banned, 500, seed % 10_000, tol="exact")
    # exp(1000) overflows: only a softmax that subtracts the largest allowed logit first gets through
    check("sample_tokens", logits + 1000.0, banned, 500, seed % 10_000, tol="exact",
          hint="logits near 1000: subtract the largest logit before exp")


@pytest.mark.points(2)
def test_sample_tokens_never_draws_a_banned_id(check, seed):
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal(37)
    banned = [int(i) for i in rng.choice(37, size=5, replace=False)]
    logits[banned] += 800.0  # the banned tokens are by far the likeliest, and exp(800) overflows
    draws = check.run_learner("sample_tokens", logits, banned, 20_000, seed % 10_000)
    hit = np.isin(np.asarray(draws), banned)
    _require(not hit.any(), f"day69: sample_tokens drew banned ids {sorted(set(np.asarray(draws)[hit].tolist()))} "
                            f"({int(hit.sum())} of 20000 draws), seed {seed}")


@pytest.mark.points(2)
def test_sample_tokens_follow_the_renormalised_distribution(check, seed):
    """Counts of 20,000 draws against softmax over the allowed tokens: the chi-square statistic must
    stay under its 1 - 1e-5 quantile, so a correct sampler fails with probability 1e-5."""
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal(11)
    banned = [int(i) for i in rng.choice(11, size=3, replace=False)]
    allowed = np.setdiff1d(np.arange(11), banned)
    p = np.exp(logits[allowed] - logits[allowed].max())
    p /= p.sum()
    draws = np.asarray(check.run_learner("sample_tokens", logits, banned, 20_000, int(rng.integers(10_000))))
    counts = np.array([(draws == t).sum() for t in allowed])
    stat = float(((counts - 20_000 * p) ** 2 / (20_000 * p)).sum())
    limit = float(chi2.ppf(1 - 1e-5, df=len(allowed) - 1))
    _require(stat < limit and counts.sum() == 20_000, f"day69: sample_tokens frequencies are off: chi-square "
             f"{stat:.1f} over {len(allowed) - 1} degrees of freedom, limit {limit:.1f} (seed {seed}); counts "
             f"{counts.tolist()} against expected {np.round(20_000 * p).astype(int).tolist()}")
