"""Day 66 visible tests: run them with  pytest assignments/day66  (or  ai100 check day66).

Prompts and example choices are compared with values recorded from the reference on fixed inputs
(every character counts). A language model cannot be recorded, so the classifier is checked with
fixed-score stand-ins, and few_shot_accuracy against your own three functions put together. The
autograder runs more cases, with the kit model, on pools you do not see.
"""

import pytest

from course_tools.checks import close
from course_tools.fixtures import day66 as fx


@pytest.mark.points(1)
@pytest.mark.parametrize("k", [0, 2])
def test_build_prompt_matches_reference(check, k):
    pool = fx.review_pool(4, seed=0)
    check("build_prompt", pool, "An  odd\nlittle film.", k, tol="exact")


@pytest.mark.points(1)
def test_build_prompt_with_instruction(check):
    check("build_prompt", fx.review_pool(3, seed=1), "Fine.", 3, instruction="Classify the sentiment.", tol="exact")


@pytest.mark.points(1)
def test_build_prompt_ends_right_after_the_colon(check):
    got = check.run_learner("build_prompt", [], "Great fun.", 0)
    close(got, "Review: Great fun.\nSentiment:", what="day66: build_prompt([], 'Great fun.', 0)")


@pytest.mark.points(1)
@pytest.mark.parametrize("how", ["first", "random", "similar"])
def test_select_examples_matches_reference(check, how):
    pool = fx.review_pool(12, seed=2)
    check("select_examples", pool, "what a dull, dull film", 3, how, seed=5, tol="exact")


@pytest.mark.points(1)
def test_classify_by_likelihood_picks_the_best_scored_label(check):
    scorer = fx.FixedScores({" negative": -3.0, " positive": -1.5}, default=-9.0)
    got = check.run_learner("classify_by_likelihood", scorer, "Review: ok\nSentiment:", ["negative", "positive"])
    assert got == "positive", f"day66: classify_by_likelihood gave {got!r}; ' positive' scores -1.5 > -3.0"


@pytest.mark.points(1)
def test_classify_by_likelihood_tie_goes_to_the_first_label(check):
    scorer = fx.FixedScores({}, default=-2.0)
    got = check.run_learner("classify_by_likelihood", scorer, "Review: ok\nSentiment:", ["negative", "positive"])
    assert got == "negative", f"day66: classify_by_likelihood gave {got!r} on a tie; the first label wins"


@pytest.mark.points(1)
@pytest.mark.parametrize("k, how", [(0, "first"), (2, "similar")])
def test_few_shot_accuracy_agrees_with_your_parts(check, k, how):
    scorer = fx.make_scorer(0)
    pool, tests = fx.review_pool(10, seed=3), fx.review_pool(6, seed=4)
    got = check.run_learner("few_shot_accuracy", scorer, pool, tests, k, how, seed=0)
    hits = 0
    for number, (review, label) in enumerate(tests):
        shots = check.run_learner("select_examples", pool, review, k, how, seed=number)
        prompt = check.run_learner("build_prompt", shots, review, k)
        hits += check.run_learner("classify_by_likelihood", scorer, prompt, ["negative", "positive"]) == label
    close(got, hits / len(tests), what=f"day66: few_shot_accuracy(k={k}, how={how!r}) against select_examples, "
                                       "build_prompt and classify_by_likelihood called one by one")
