"""Day 05 visible tests for linalg.py: run them with  pytest assignments/day05  (or  ai100 check day05).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with NumPy, and with properties every correct answer has. matmul runs with NumPy
forbidden, as in the autograder. The autograder runs more cases on inputs you do not see.
"""

import itertools

import numpy as np
import pytest

from course_tools.checks import Mismatch, Named, close

MATMUL_RULE = "matmul is pure Python: lists in, three loops, lists out — no NumPy and no @"


def _lists(rng, rows, cols):
    return np.round(rng.uniform(-5, 5, size=(rows, cols)), 3).tolist()


def _matmul(check, a, b):
    what = f"day05: matmul(a {len(a)}×{len(a[0])}, b {len(b)}×{len(b[0])} list of lists)"
    try:
        with check.forbidding(("numpy",), MATMUL_RULE):  # matmul alone may not touch NumPy
            got = check.run_learner("matmul", a, b)
    except TypeError as exc:
        if "for @" in str(exc):
            raise Mismatch(f"{what}\n  used @, which lists do not have — {MATMUL_RULE}") from None
        raise
    plain = type(got) is list and all(type(r) is list and all(type(x) in (int, float) for x in r) for r in got)
    assert plain, f"{what}\n  must return a list of lists of Python numbers, got {type(got).__name__} — {MATMUL_RULE}"
    return got, what


@pytest.mark.points(2)
@pytest.mark.parametrize("seed, shape", [(0, (2, 3, 4)), (1, (1, 5, 1))])
def test_matmul_matches_reference(check, seed, shape):
    n, k, m = shape
    rng = np.random.default_rng(seed)
    a, b = _lists(rng, n, k), _lists(rng, k, m)
    want, mistakes = check.ref.call("matmul", (a, b), {}), check.ref.mistakes("matmul", (a, b), {})
    got, what = _matmul(check, a, b)
    close(got, want, what=what, mistakes=mistakes)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_matmul_matches_numpy_on_every_small_shape(check, seed):
    rng = np.random.default_rng(seed)
    for n, k, m in itertools.product([1, 2, 3], repeat=3):
        a, b = _lists(rng, n, k), _lists(rng, k, m)
        got, what = _matmul(check, a, b)
        close(got, (np.array(a) @ np.array(b)).tolist(), what=what + " against NumPy")


@pytest.mark.points(1)
def test_matmul_rejects_mismatched_shapes(check):
    a, b = [[1.0, 2.0, 3.0]], [[1.0], [2.0]]
    with pytest.raises(ValueError):
        _matmul(check, a, b)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_sigmoid_matches_reference(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 6.0, size=(3, 5))
    check("sigmoid", x)


@pytest.mark.points(1)
def test_sigmoid_extremes(check):
    x = np.array([-np.inf, -1e3, -745.0, -710.0, 0.0, 710.0, 745.0, 1e3, np.inf])
    got = check("sigmoid", x)
    assert np.all(np.isfinite(got)), "sigmoid returned inf/NaN for large |x| — exp must only see numbers <= 0"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_sigmoid_is_symmetric(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 5.0, size=20)
    close(check.run_learner("sigmoid", -x), 1 - check.run_learner("sigmoid", x),
          what="day05: sigmoid(-x) against 1 - sigmoid(x), seed 4")


@pytest.mark.points(1)
def test_sigmoid_small_values_keep_their_digits(check):
    x = np.array([-30.0, -100.0, -400.0, -715.0])
    want, mistakes = check.ref.call("sigmoid", (x,), {}), check.ref.mistakes("sigmoid", (x,), {})
    got = check.run_learner("sigmoid", x)
    with np.errstate(divide="ignore", invalid="ignore"):
        close(np.log(got), np.log(want), mistakes={k: np.log(v) for k, v in mistakes.items()},
              what="day05: sigmoid([-30, -100, -400, -715]) compared as log sigmoid(x), i.e. relative error")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [5])
def test_sigmoid_keeps_float32(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 30.0, size=(4, 6)).astype(np.float32)
    check("sigmoid", x)


@pytest.mark.points(2)
def test_benchmark_table_with_a_fake_clock(check):
    """The clock only moves while a function runs: 'slow' takes 3, 1, 2 ms on its three calls, 'fast' a tenth."""
    state = {"now": 50.0, "calls": []}
    steps = {"slow": [3e-3, 1e-3, 2e-3], "fast": [3e-4, 1e-4, 2e-4]}

    def timed(name):
        def f(a, b):
            a, b = np.asarray(a), np.asarray(b)
            state["now"] += steps[name][sum(c == (name, a.shape) for c in state["calls"]) % 3]
            state["calls"].append((name, a.shape))
            return a @ b
        return Named(f"{name}(a, b)", f)

    fns = {"slow": timed("slow"), "fast": timed("fast")}
    got = check.run_learner("benchmark_table", fns, [2, 4], repeat=3, seed=0,
                            clock=Named("a fake clock", lambda: state["now"]))
    want = [{"n": n, "name": name, "seconds": min(steps[name]), "gflops": 2 * n ** 3 / min(steps[name]) / 1e9}
            for n in (2, 4) for name in fns]
    close(got, want, what="day05: benchmark_table({slow, fast}, [2, 4], repeat=3) with a fake clock")
    assert sorted(state["calls"]) == sorted([(name, (n, n)) for name in fns for n in (2, 4)] * 3), (
        f"each function must be called exactly 3 times per size on (n, n) inputs; calls were {state['calls']}")
