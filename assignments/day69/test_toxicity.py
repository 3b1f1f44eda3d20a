"""Day 69 visible tests: run them with  pytest assignments/day69  (or  ai100 check day69).

They compare your functions with values recorded from the reference on fixed inputs, your matches
with a regular-expression reference (overlaps included), and check that banned tokens are never
sampled. The autograder runs more cases on comments, lexicons and logits you do not see.
"""


import numpy as np
import pytest

from course_tools.checks import close
from course_tools.fixtures import day69 as fx


@pytest.mark.points(1)
@pytest.mark.parametrize("text", ["Zorb! That was a GLORP FACE move", "zorbing megablerg glorp, face",
                                  "so snarky snark, you dunderblat"])
def test_find_banned_small_cases(check, text):
    phrases = sorted(fx.LEXICON)
    got = check("find_banned", phrases, text, tol="exact")
    close([tuple(m) for m in got], fx.regex_matches(phrases, text), tol="exact", what=f"day69: find_banned on {text!r} "
          "against a regex reference")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_find_banned_on_comments(check, seed):
    lexicon = {**fx.make_lexicon(20, seed), **fx.LEXICON}
    for text in fx.make_comments(10, seed, lexicon):
        got = check.run_learner("find_banned", sorted(lexicon), text)
        close([tuple(m) for m in got], fx.regex_matches(lexicon, text), tol="exact",
              what=f"day69: find_banned on {text!r} against a regex reference")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_toxicity_score_matches_reference(check, seed):
    check("toxicity_score", fx.make_comments(12, seed), fx.LEXICON)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_filter_toxic_matches_reference(check, seed):
    check("filter_toxic", fx.make_comments(12, seed), fx.LEXICON, tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_ban_tokens_matches_reference(check, seed):
    logits = np.random.default_rng(seed).standard_normal((2, 10))
    got = check("ban_tokens", logits, [1, 7, 7])
    assert np.all(np.isneginf(got[:, [1, 7]])), "banned logits must be -inf"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [5])
def test_sample_tokens_matches_reference_and_avoids_banned(check, seed):
    logits = np.random.default_rng(seed).standard_normal(12)
    logits[[0, 3]] += 50.0  # the two banned tokens are the likeliest by far
    draws = check("sample_tokens", logits, [0, 3], 300, seed, tol="exact")
    assert not np.isin(draws, [0, 3]).any(), "a banned token was sampled"
