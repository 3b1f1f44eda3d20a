"""Day 67 visible tests: run them with  pytest assignments/day67  (or  ai100 check day67).

They compare your functions with values recorded from the reference solution on fixed inputs,
check calc against Python's own arithmetic, and check that calc refuses what it must. The
autograder runs more cases on problems and texts you do not see.
"""

import pytest

from course_tools.checks import close, expect_raises
from course_tools.fixtures import day67 as fx


@pytest.mark.points(1)
@pytest.mark.parametrize("text", ["The answer is 42.", "#### 1,250\nThat took 3 steps.",
                                  "It was -4 at dawn, then 12 - 9 = 3", "no numbers here"])
def test_extract_answer_small_cases(check, text):
    check("extract_answer", text)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_extract_answer_on_sampled_solutions(check, seed):
    for problem in fx.make_arith_problems(4, seed):
        check("extract_answer", fx.noisy_solver(problem, seed))


@pytest.mark.points(1)
@pytest.mark.parametrize("expr", ["1 + 2 * 3", "7 / 2", "7 // 2", "-7 % 3", "2 ** 8 - 1", "(1.5 + 2) * -2"])
def test_calc_agrees_with_python(check, expr):
    got = check("calc", expr)
    close(got, eval(expr), what=f"day67: calc({expr!r}) against Python's arithmetic")  # noqa: S307


@pytest.mark.points(1)
@pytest.mark.parametrize("expr", ["x + 1", "abs(-3)", "(2).real", "'a' * 3", "9 ** 9 ** 9", "1 / 0"])
def test_calc_refuses(check, expr):
    expect_raises(ValueError, f"day67: calc({expr!r})", lambda: check.run_learner("calc", expr),
                  because="calc refuses names, calls, attributes, strings, huge powers and division by zero")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_run_calc_tags_on_a_tagged_solution(check, seed):
    for problem in fx.make_arith_problems(3, seed):
        check("run_calc_tags", problem["solution"])


@pytest.mark.points(1)
def test_run_calc_tags_two_tags_and_a_refusal(check):
    check("run_calc_tags", "We get <CALC>6 * 7</CALC> and <CALC> 9 / 2 </CALC>, not <CALC>y</CALC>.")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_self_consistency_votes(check, seed):
    for problem in fx.make_arith_problems(4, seed):
        check("self_consistency", [fx.noisy_solver(problem, seed * 100 + i) for i in range(9)])


@pytest.mark.points(1)
def test_self_consistency_tie_goes_to_the_earliest(check):
    check("self_consistency", ["no idea", "#### 12", "The answer is 7.", "#### 7", "so 12"])
