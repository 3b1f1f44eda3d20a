"""Hidden graders for day 66 (few-shot prompts, example selection, classification by likelihood).

Review pools come from course_tools.fixtures.day66 (make_reviews underneath), drawn from each
test's hidden seed; the language model is the fixture's KitLM, or a grader's own scorer built to
expose one rule at a time (the leading space, ties, three labels). Unseen here: 7-shot prompts,
pools of 37, three labels, instructions drawn from the seed.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.fixtures import day66 as fx

INSTRUCTIONS = ["Classify the sentiment of each review.", "Is each film review positive or negative?",
                "Label the reviews:"]


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _messy(rng, pool):
    """Some texts with newlines, tabs and spaces at the ends, the way scraped reviews come."""
    out = []
    for text, label in pool:
        if rng.random() < 0.4:
            words = text.split(" ")
            cut = int(rng.integers(1, max(2, len(words))))
            text = "  " + " ".join(words[:cut]) + "\n\t" + " ".join(words[cut:]) + " \n"
        out.append((text, label))
    return out


# --- build_prompt -----------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("k", [0, 1, 3, 7])
def test_build_prompt_matches_reference(check, seed, k):
    rng = np.random.default_rng(seed)
    pool = fx.review_pool(9, seed)
    query = fx.review_pool(1, seed + 1)[0][0]
    check("build_prompt", pool, query, k, tol="exact")
    check("build_prompt", pool, query, k, instruction=INSTRUCTIONS[int(rng.integers(3))], tol="exact")


@pytest.mark.points(2)
def test_build_prompt_cleans_whitespace(check, seed):
    rng = np.random.default_rng(seed)
    pool = _messy(rng, fx.review_pool(5, seed))
    check("build_prompt", pool, "  a new\nreview\t here ", 4, tol="exact")


@pytest.mark.points(2)
def test_build_prompt_exact_format(check):
    """Written out by hand, independently of the reference."""
    got = check.run_learner("build_prompt", [("Great  film.", "positive"), ("Dull.\n", "negative")], "So so", 2,
                            instruction="Classify.")
    want = ("Classify.\n\nReview: Great film.\nSentiment: positive\n\nReview: Dull.\nSentiment: negative\n\n"
            "Review: So so\nSentiment:")
    close(got, want, what="day66: build_prompt(2 examples, 'So so', 2, instruction='Classify.') against the "
                          "format written out by hand")


@pytest.mark.points(1)
@pytest.mark.parametrize("k", [-1, 6])
def test_build_prompt_rejects_bad_k(check, seed, k):
    pool = fx.review_pool(5, seed)
    expect_raises(ValueError, f"day66: build_prompt(5 examples, query, {k})",
                  lambda: check.run_learner("build_prompt", pool, "a review", k), because="k must be in 0..len(examples)")


# --- select_examples ------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("k", [0, 4])
def test_select_examples_first(check, seed, k):
    pool = fx.review_pool(37, seed)
    check("select_examples", pool, "a query", k, "first", tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", [1, 5, 37])
def test_select_examples_random(check, seed, k):
    pool = fx.review_pool(37, seed)
    check("select_examples", pool, "a query", k, "random", seed=seed % 1000, tol="exact")


@pytest.mark.points(3)
@pytest.mark.parametrize("k", [1, 3, 8])
def test_select_examples_similar(check, seed, k):
    pool = fx.review_pool(37, seed)
    for query, _ in fx.review_pool(4, seed + 1):
        check("select_examples", pool, query, k, "similar", tol="exact")


@pytest.mark.points(2)
def test_select_examples_similar_ties_and_empty_sets(check, seed):
    rng = np.random.default_rng(seed)
    base = fx.review_pool(6, seed)
    pool = [base[int(i)] for i in rng.integers(0, 6, size=12)]  # repeats: equal similarities
    pool.insert(int(rng.integers(0, 12)), ("!!! 123 ...", "positive"))  # no words at all
    for query in [base[0][0], base[3][0], "", "???"]:
        check("select_examples", pool, query, 5, "similar", tol="exact", hint=f"query {query!r}")


@pytest.mark.points(1)
@pytest.mark.parametrize("how, k", [("nearest", 2), ("first", 38), ("similar", -1)])
def test_select_examples_rejects_bad_arguments(check, seed, how, k):
    pool = fx.review_pool(37, seed)
    expect_raises(ValueError, f"day66: select_examples(37 examples, query, {k}, {how!r})",
                  lambda: check.run_learner("select_examples", pool, "a query", k, how),
                  because="how must be 'first', 'random' or 'similar', and k in 0..len(pool)")


# --- classify_by_likelihood ---------------------------------------------------------------------------

@pytest.mark.points(3)
def test_classify_by_likelihood_with_the_kit_model(check, seed):
    scorer = fx.make_scorer(seed % 97)
    pool = fx.review_pool(13, seed)
    for i, (query, _) in enumerate(fx.review_pool(6, seed + 1)):
        prompt = (f"Review: {' '.join(query.split())}\nSentiment:" if i % 2 else
                  "\n\n".join([f"Review: {t}\nSentiment: {y}" for t, y in pool[i:i + 3]]
                              + [f"Review: {' '.join(query.split())}\nSentiment:"]))
        check("classify_by_likelihood", scorer, prompt, ["negative", "positive"])


@pytest.mark.points(2)
def test_classify_by_likelihood_scores_the_label_with_its_space(check, seed):
    labels = ["negative", "neutral", "positive"]
    liked = labels[1 + int(np.random.default_rng(seed).integers(2))]
    # only the token with its leading space is liked; the bare word scores like any other text
    scorer = fx.FixedScores({" " + liked: -1.0, **{label: -0.5 for label in labels}}, default=-5.0)
    check("classify_by_likelihood", scorer, "Review: fine\nSentiment:", labels)


@pytest.mark.points(2)
def test_classify_by_likelihood_tie_goes_to_the_first_label(check, seed):
    labels = ["positive", "negative", "mixed"][:: 1 if seed % 2 else -1]
    got = check("classify_by_likelihood", fx.FixedScores({}, default=-2.5), "Review: x\nSentiment:", labels)
    _require(got == labels[0], f"day66: classify_by_likelihood with every score equal gave {got!r}; a tie goes to "
                               f"the label listed first, {labels[0]!r}")


# --- few_shot_accuracy ------------------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.parametrize("how", ["first", "random", "similar"])
def test_few_shot_accuracy_per_shot_count(check, seed, how):
    scorer = fx.make_scorer(seed % 97)
    pool, tests = fx.review_pool(37, seed), fx.review_pool(15, seed + 1)
    for k in (0, 1, 3):
        check("few_shot_accuracy", scorer, pool, tests, k, how, seed=seed % 1000)


@pytest.mark.points(2)
def test_few_shot_accuracy_with_an_instruction_and_three_labels(check, seed):
    scorer = fx.make_scorer(seed % 97)
    pool, tests = fx.review_pool(20, seed), fx.review_pool(10, seed + 1)
    check("few_shot_accuracy", scorer, pool, tests, 2, "similar", labels=("positive", "mixed", "negative"),
          instruction=INSTRUCTIONS[seed % 3])
