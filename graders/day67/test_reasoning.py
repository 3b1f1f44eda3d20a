"""Hidden graders for day 67 (answer extraction, a safe calculator, <CALC> tags, self-consistency).

Word problems and sampled worked answers come from course_tools.fixtures.day67, drawn from each
test's hidden seed; hand-written texts get their numbers from the seed too. Arithmetic is also
checked against Python's own arithmetic on expressions the grader generates. Unseen here: 13
problems per batch, 15 samples per vote, 100 problems in the voting test.
"""

import time

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.fixtures import day67 as fx


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _samples(problem, seed, k):
    return [fx.noisy_solver(problem, seed * 1000 + i) for i in range(k)]


# --- extract_answer ---------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_extract_answer_matches_reference_on_sampled_solutions(check, seed):
    for problem in fx.make_arith_problems(13, seed):
        for text in _samples(problem, seed, 3):
            check("extract_answer", text)


def _marker_texts(rng):
    a, b, c = (int(v) for v in rng.integers(11, 999, size=3))
    big = int(rng.integers(1000, 10 ** 7))
    return [
        f"#### {a}\nThat took {b} steps.",
        f"The answer is {a}. Check: {b} + {c} = {b + c}.",
        f"so THE ANSWER IS {a}, not {b}",
        f"The Answer is: about {a} apples, give or take {c}",
        f"first {b}, the answer is {c}, and then #### {a} (from {c} boxes)",
        f"the answer is {b}. No wait, the answer is {a} because {c} > 1",
        f"#### {b}\n#### {a} units",
        f"{b} then {c} then {a}",
        f"We need {b} boxes; the answer is {big:,} in all.",
        f"#### {big:,}",
        f"the answer is unknown here; #### nothing either, so take {c} or {a}",
    ]


@pytest.mark.points(3)
def test_extract_answer_markers(check, seed):
    for text in _marker_texts(np.random.default_rng(seed)):
        check("extract_answer", text, hint=f"text: {text!r}")


def _number_texts(rng):
    a, b = (int(v) for v in rng.integers(2, 99, size=2))
    big = int(rng.integers(10 ** 6, 10 ** 9))
    frac = f"{int(rng.integers(1, 500))}.{int(rng.integers(1, 99)):02d}"
    return [
        f"It costs ${big:,}.",
        f"At midnight it is {a} - {b + a} = -{b}.",
        f"The temperature is -{b}.",
        f"Each share is {frac}.",
        f"The answer is -{big:,}.{a:02d} dollars.",
        f"I counted {a}, {b}, and {a + b}",
        f"#### -{a}",
        f"{a}.{b} then {big}",
    ]


@pytest.mark.points(2)
def test_extract_answer_number_forms(check, seed):
    for text in _number_texts(np.random.default_rng(seed)):
        check("extract_answer", text, hint=f"text: {text!r}")


@pytest.mark.points(1)
@pytest.mark.parametrize("text", ["", "I do not know.", "The answer is unclear.", "####"])
def test_extract_answer_no_number_gives_none(check, text):
    check("extract_answer", text)


# --- calc -----------------------------------------------------------------------------------------------

def _expression(rng, depth):
    """A random expression Python can evaluate (nonzero divisors, small powers) and its text."""
    if depth == 0 or rng.random() < 0.3:
        if rng.random() < 0.25:
            return f"{rng.integers(1, 200) / 8:g}"
        return str(int(rng.integers(0, 60)))
    op = ["+", "-", "*", "/", "//", "%", "**", "u-"][int(rng.integers(8))]
    if op == "u-":
        return f"-({_expression(rng, depth - 1)})"
    if op == "**":
        return f"({_expression(rng, depth - 1)}) ** {int(rng.integers(0, 4))}"
    left, right = _expression(rng, depth - 1), _expression(rng, depth - 1)
    if op in ("/", "//", "%") and eval(right) == 0:  # noqa: S307 - the grader's own digits and operators
        right = f"({right} + 7)"
    return f"({left}) {op} ({right})"


@pytest.mark.points(4)
def test_calc_matches_python_arithmetic(check, seed):
    rng = np.random.default_rng(seed)
    for _ in range(25):
        expr = _expression(rng, 3)
        want = eval(expr)  # noqa: S307 - the grader's own expression: digits, operators, parentheses
        if isinstance(want, complex) or abs(want) > 1e12:
            continue
        got = check("calc", expr)
        close(got, want, what=f"day67: calc({expr!r}), seed {seed}, against Python's arithmetic")


@pytest.mark.points(1)
@pytest.mark.parametrize("expr", ["2 + 3 * 4", "7 // 2", "-7 % 3", "2 ** 10", "+4 - -3", "(((5)))", "0 ** 3",
                                  "17 % 5 * 3", "1e3 * 2", "7 / 2", "2 ** -2", "100 // 7.5", " 6 * 7 "])
def test_calc_small_cases(check, expr):
    got = check("calc", expr)
    want = eval(expr)  # noqa: S307 - a fixed arithmetic expression
    _require(type(got) is type(want), f"day67: calc({expr!r}) returned {got!r} ({type(got).__name__}); Python "
                                      f"gives {want!r} ({type(want).__name__}) — ints stay ints, '/' makes a float")


UNSAFE = [
    "x + 1", "__import__('os').system('echo hi')", "abs(-3)", "(1).real", "[1, 2][0]", "(1, 2)", "[1]",
    "lambda: 1", "[i for i in (1, 2)]", "'a' * 3", "b'1'", "True + 1", "None", "1 < 2", "1 if 1 else 2",
    "2 ^ 3", "1 << 10", "5 & 3", "~5", "not 1", "1 and 2", "1j * 2", "{1: 2}", "pow(2, 3)", "().__class__",
    "(x := 3)", "f'{1}'", "...",
]


@pytest.mark.points(4)
def test_calc_rejects_everything_outside_the_whitelist(check):
    for expr in UNSAFE:
        expect_raises(ValueError, f"day67: calc({expr!r})", lambda e=expr: check.run_learner("calc", e),
                      because="only numbers, + - * / // % **, unary +/- and parentheses are allowed: names, calls, "
                              "attributes, subscripts, strings, bools, comparisons and bit operators are refused")


@pytest.mark.points(1)
@pytest.mark.parametrize("expr", ["9 ** 9 ** 9", "10 ** 400", "2 ** 2 ** 2 ** 2 ** 2", "(10 ** 100) ** 4",
                                  "0.5 ** -2000", "-(7 ** 12345)", "3 ** 10 ** 6 % 7"])
def test_calc_rejects_huge_powers_before_computing_them(check, expr):
    start = time.perf_counter()
    expect_raises(ValueError, f"day67: calc({expr!r})", lambda: check.run_learner("calc", expr),
                  because="its result would pass 10 ** 300: refuse a power when b·log10|a| > 300, before computing it")
    # a learner who computes first either hangs (stopped by the day's timeout) or gets here slowly
    _require(time.perf_counter() - start < 2.0, f"day67: calc({expr!r}) took over 2 s to refuse: decide from "
                                                "b·log10|a| before computing the power")


@pytest.mark.points(1)
@pytest.mark.parametrize("expr", ["10 ** 299 // 10 ** 290", "10 ** 300 % 9973", "2 ** 996 % 1000", "(-3) ** 3", "0.5 ** -900",
                                  "1.5 ** 1000 / 1.5 ** 999", "1 ** 100000"])
def test_calc_allows_powers_under_the_limit(check, expr):
    check("calc", expr, tol="formula_vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("expr", ["1 / 0", "5 // 0", "5 % 0", "0 ** -1", "(-8) ** 0.5", "1 +", "", "2 3", "1; 2",
                                  "x = 1", "(1"])
def test_calc_rejects_bad_arithmetic_and_syntax(check, expr):
    expect_raises(ValueError, f"day67: calc({expr!r})", lambda: check.run_learner("calc", expr),
                  because="division by zero, complex results and text that is not one expression are refused with "
                          "ValueError (catch ZeroDivisionError and SyntaxError and raise ValueError from them)")


# --- run_calc_tags ------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_run_calc_tags_on_tagged_solutions(check, seed):
    for problem in fx.make_arith_problems(13, seed):
        text = check("run_calc_tags", problem["solution"])
        steps = [str(v) for _, _, v in problem["steps"]]
        _require(all(s in text for s in steps), f"day67: run_calc_tags on the solution of {problem['question']!r}, "
                                                f"seed {seed}\n  the step results {steps} should appear in {text!r}")


def _tag_texts(rng):
    a, b, c = (int(v) for v in rng.integers(2, 60, size=3))
    return [
        f"<CALC>{a}*{b}</CALC> and <CALC>{a}+{c}</CALC> make two results.",
        f"so <CALC> {a} / {b} </CALC> each",
        f"first <CALC>{a * b}/{b}</CALC>, then <CALC>({a}+{b})*{c}</CALC>.",
        f"a tag across lines <CALC>{a} +\n{b}</CALC> works",
        f"refused: <CALC>{a} + x</CALC>, but <CALC>{a} - {b}</CALC> still runs",
        f"<CALC>{a} / 0</CALC> <CALC>{b} ** 2</CALC>",
        f"no tags at all: {a} < {b} and </CALC> alone",
        f"left open: <CALC>{a} + {b}",
        f"<CALC>{a}.5 * 2</CALC><CALC>1/3</CALC>",
        "empty <CALC></CALC> tag",
    ]


@pytest.mark.points(3)
def test_run_calc_tags_edge_cases(check, seed):
    for text in _tag_texts(np.random.default_rng(seed)):
        check("run_calc_tags", text, hint=f"text: {text!r}")


@pytest.mark.points(2)
def test_run_calc_tags_then_extract_answer_solves_the_problems(check, seed):
    """The pipeline of the day: the tagged worked solution, calculated, then read."""
    for problem in fx.make_arith_problems(13, seed + 1):
        text = check.run_learner("run_calc_tags", problem["solution"])
        got = check.run_learner("extract_answer", text)
        close(got, float(problem["answer"]), what=f"day67: extract_answer(run_calc_tags(solution)) for "
              f"{problem['question']!r}, seed {seed}, against the problem's answer")


# --- self_consistency ---------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_self_consistency_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    for problem in fx.make_arith_problems(13, seed):
        samples = _samples(problem, seed, 15)
        for i in rng.choice(15, size=3, replace=False):
            samples[int(i)] = "I am not sure how to do this one."
        check("self_consistency", samples)


def _tie_cases(rng):
    a, b, c = (int(v) for v in rng.choice(np.arange(10, 99), size=3, replace=False))
    return [
        [f"#### {a}", f"#### {b}"],
        [f"#### {b}", f"#### {a}", f"The answer is {a}.", f"so {b}"],
        ["no idea", "still no idea", f"#### {a}"],
        ["no idea", "no idea", "nothing"],
        [],
        [f"#### {c}", "no", "no", "no", f"#### {b}", f"#### {b}"],
        [f"#### {a},000", f"the answer is {a}000.", f"#### {a}"],
    ]


@pytest.mark.points(2)
def test_self_consistency_ties_and_missing_answers(check, seed):
    for samples in _tie_cases(np.random.default_rng(seed)):
        check("self_consistency", samples, hint=f"samples: {samples!r}")


@pytest.mark.points(3)
def test_self_consistency_beats_one_sample(check, ref_module, seed):
    """Voting over 15 samples is right far more often than one sample (right with p = 0.55).

    The gap must be at least 0.10 on 100 problems. For a correct vote this fails with probability
    < 1e-4: a vote is lost only when <= 4 of 15 samples are right (binomial cdf 0.017) or one wrong
    number gathers as many, so a vote is right with q >= 0.98 (0.996 measured on 3000 problems);
    P(one-sample right on >= 79 of 100, p = 0.56) + P(votes right on <= 88 of 100, q = 0.98) = 2.1e-6.
    """
    problems = fx.make_arith_problems(100, seed)
    votes, single = 0, 0
    for problem in problems:
        samples = _samples(problem, seed, 15)
        got = check.run_learner("self_consistency", samples)
        close(got, ref_module.self_consistency(samples), what=check.describe("self_consistency", (samples,), {}))
        votes += got == problem["answer"]
        single += ref_module.extract_answer(samples[0]) == problem["answer"]
    _require(votes >= single + 10, f"day67: self_consistency right on {votes} of 100 problems, one sample on "
                                   f"{single}: voting should gain at least 10, seed {seed}")
