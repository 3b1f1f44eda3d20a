"""Hidden graders for day 05, linalg.py: matmul from loops, an overflow-safe sigmoid, benchmark_table.

matmul is pure Python, and its tests hold it to that for every call:
  - its inputs are plain lists, on which `a @ b` raises TypeError; that error is named;
  - NumPy is forbidden while it runs (a tripwire on the whole package, added to the day's own list
    for these tests only): np.array, np.dot, np.inner, np.einsum, ndarray.tolist … fail the test
    and are named;
  - its result must hold Python numbers: NumPy scalars in it mean NumPy did the arithmetic
    (np.matmul on lists is a ufunc, invisible to the tripwire, but its numbers are not plain floats).
Every input comes from the test's hidden seed; the 13×7 by 7×11 product is never used by the
visible tests. benchmark_table is judged with a fake clock that moves only while a timed function
runs, by scripted amounts: its structure and bookkeeping are graded, never the machine's speed.
"""


import numpy as np
import pytest

from course_tools.checks import Mismatch, Named, close, expect_raises

MATMUL_RULE = ("matmul is pure Python: lists in, three loops, lists out — no NumPy (np.array, np.dot, np.matmul, "
               "np.einsum …) and no @")
SHAPES = [(3, 4, 5), (1, 6, 1), (6, 1, 4), (5, 9, 1), (1, 1, 1), (6, 6, 6), (13, 7, 11)]  # (n, k, m)


# --- matmul helpers ----------------------------------------------------------------------------------

def _lists(rng, rows, cols):
    """A rows × cols list of lists of floats with 3 decimals (short enough to read in a message)."""
    return np.round(rng.uniform(-5, 5, size=(rows, cols)), 3).tolist()


def _what(check, a, b):
    return f"{check.day}: matmul(a {len(a)}×{len(a[0])}, b {len(b)}×{len(b[0])} list of lists), seed {check.seed}"


def _plain_lists_problem(got, n, m):
    """What is wrong with the form of matmul's result, or None."""
    if type(got) is not list:
        return f"returned a {type(got).__module__}.{type(got).__name__}, not a list of {n} lists"
    if len(got) != n:
        return f"returned {len(got)} rows, expected {n}"
    for i, row in enumerate(got):
        if type(row) is not list:
            return f"row {i} is a {type(row).__module__}.{type(row).__name__}, not a list of {m} numbers"
        if len(row) != m:
            return f"row {i} has {len(row)} entries, expected {m}"
        for j, x in enumerate(row):
            if type(x) not in (int, float):
                return (f"entry [{i}][{j}] is a {type(x).__module__}.{type(x).__name__}, not a Python int or float"
                        + (" — NumPy numbers mean NumPy did the arithmetic" if type(x).__module__ == "numpy" else ""))
    return None


def _call_matmul(check, what, a, b):
    """The learner's matmul(a, b) with NumPy forbidden; `a @ b` on lists is named, not just a TypeError."""
    try:
        with check.forbidding(("numpy",), MATMUL_RULE):  # matmul alone may not touch NumPy
            return check.run_learner("matmul", a, b)
    except TypeError as exc:  # the learner's own, in the grading process or from the sandbox alike
        if "for @" not in str(exc):
            raise
        raise Mismatch(f"{what}\n  used the @ operator, which Python lists do not have (TypeError: unsupported "
                       f"operand type(s) for @) — {MATMUL_RULE}") from None


def _run_matmul(check, a, b):
    """The learner's matmul(a, b) under the pure-Python rule; returns its result, checked for form."""
    what = _what(check, a, b)
    got = _call_matmul(check, what, a, b)  # run_learner also fails it when a or b was changed in place
    problem = _plain_lists_problem(got, len(a), len(b[0]))
    if problem:
        raise Mismatch(f"{what}\n  {problem} — {MATMUL_RULE}")
    return got


def _judge_matmul(check, a, b):
    want = check.ref.call("matmul", (a, b), {})  # the reference first, as check() does
    mistakes = check.ref.mistakes("matmul", (a, b), {})
    got = _run_matmul(check, a, b)
    close(got, want, what=_what(check, a, b), mistakes=mistakes)
    return got


# --- matmul ------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape", SHAPES, ids=["x".join(map(str, s)) for s in SHAPES])
def test_matmul_matches_reference(check, seed, shape):
    n, k, m = shape
    rng = np.random.default_rng(seed)
    _judge_matmul(check, _lists(rng, n, k), _lists(rng, k, m))


@pytest.mark.points(4)
def test_matmul_matches_numpy_on_many_shapes(check, seed):
    """40 shapes drawn from the seed, every side 1 to 8, against NumPy itself."""
    rng = np.random.default_rng(seed)
    for n, k, m in rng.integers(1, 9, size=(40, 3)):
        a, b = _lists(rng, n, k), _lists(rng, k, m)
        got = _run_matmul(check, a, b)
        close(got, (np.array(a) @ np.array(b)).tolist(), what=_what(check, a, b) + " against NumPy")


@pytest.mark.points(1)
def test_matmul_rejects_mismatched_shapes(check, seed):
    rng = np.random.default_rng(seed)
    a, b = _lists(rng, 3, 4), _lists(rng, 5, 2)
    what = _what(check, a, b)
    expect_raises(ValueError, what, lambda: _call_matmul(check, what, a, b),
                        because="a's rows have 4 entries but b has 5 rows: the product is undefined")


@pytest.mark.points(1)
def test_matmul_rejects_ragged_rows(check, seed):
    rng = np.random.default_rng(seed)
    a, b = _lists(rng, 3, 4), _lists(rng, 4, 3)
    a[1].append(1.0)
    b[2].pop()
    what = f"{check.day}: matmul(a with a row of 5 entries, b with a row of 2), seed {seed}"
    expect_raises(ValueError, what, lambda: _call_matmul(check, what, a, b),
                        because="a row of a has 5 entries where b has 4 rows")
    a[1].pop()
    what = what.replace("a with a row of 5 entries", "a 3×4")
    expect_raises(ValueError, what, lambda: _call_matmul(check, what, a, b),
                        because="the rows of b differ in length (3, 3, 2, 3)")


# --- sigmoid -----------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(1,), (7,), (4, 13), (2, 3, 5)])
def test_sigmoid_matches_reference(check, seed, shape):
    x = np.random.default_rng(seed).normal(0.0, 6.0, size=shape)
    check("sigmoid", x)


@pytest.mark.points(3)
def test_sigmoid_extremes_are_finite_and_right(check, seed):
    rng = np.random.default_rng(seed)
    edges = [-1e3, 1e3, -np.inf, np.inf, 0.0, -745.0, 745.0, 710.0, -710.0, 40.0, -40.0]
    x = np.concatenate([edges, rng.uniform(-1e3, 1e3, size=21)])
    got = check("sigmoid", x)
    outside = np.flatnonzero(~((got >= 0) & (got <= 1)))
    assert outside.size == 0, (f"{check.describe('sigmoid', (x,), {})}\n  sigmoid({x[outside[0]]:g}) = "
                               f"{got[outside[0]]} is not in [0, 1]")


@pytest.mark.points(3)
def test_sigmoid_small_values_keep_their_digits(check, seed):
    """For x from -725 to -20 the answer is tiny (down to 1e-315): compare log sigmoid, i.e. relative error."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([[-725.0, -712.0, -40.0], -rng.uniform(20, 725, size=22)])
    want = check.ref.call("sigmoid", (x,), {})
    mistakes = check.ref.mistakes("sigmoid", (x,), {})
    got = check.run_learner("sigmoid", x)
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf is what we want to report
        close(np.log(got), np.log(want), mistakes={k: np.log(v) for k, v in mistakes.items()},
              what=check.describe("sigmoid", (x,), {}) + ", compared as log sigmoid(x)",
              hint="every exp must see a number <= 0, and a small result must not come from 1 minus something")


@pytest.mark.points(1)
def test_sigmoid_keeps_float32(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 30.0, size=(5, 8)).astype(np.float32)  # some beyond ±88
    check("sigmoid", x)


# --- benchmark_table ---------------------------------------------------------------------------------

class _Bench:
    """Fake matrix-product functions and the fake clock that times them.

    The clock moves only while a function runs: its k-th call at size n takes base × multiple[k],
    where the multiples 1..repeat are shuffled by the seed and base differs per function and size.
    So the fastest call of each takes exactly base seconds, and the mean, the first or the total
    are different numbers.
    """

    def __init__(self, names, sizes, repeat, seed, broken=()):
        rng = np.random.default_rng(seed)
        self.now, self.calls, self.repeat = 1000.0, [], repeat
        self.base = {(name, n): (i + 1) * n * n * 1e-6 for i, name in enumerate(names) for n in sizes}
        self.multiple = {key: rng.permutation(repeat) + 1 for key in self.base}
        self.fns = {name: self._fn(name, name in broken) for name in names}
        self.clock = Named("a fake clock", lambda: self.now)

    def _fn(self, name, broken):
        def f(a, b):
            a, b = np.asarray(a), np.asarray(b)
            n = a.shape[0]
            count = sum(1 for c in self.calls if c[0] == name and c[1].shape[0] == n)
            self.calls.append((name, a.copy(), b.copy()))
            self.now += self.base[(name, n)] * self.multiple[(name, n)][count % self.repeat]
            return a @ b + (1.0 if broken else 0.0)
        return Named(f"{name}(a, b)", f)

    def rows(self, sizes, seconds_of=min):
        """The table a correct benchmark_table returns; `seconds_of` picks from each function's call times."""
        out = []
        for n in sizes:
            for name in self.fns:
                seconds = seconds_of([self.base[(name, n)] * k for k in self.multiple[(name, n)]])
                out.append({"n": n, "name": name, "seconds": seconds, "gflops": 2 * n ** 3 / seconds / 1e9})
        return out


def _bench_what(check, names, sizes, repeat):
    return f"{check.day}: benchmark_table(fns {{{', '.join(names)}}}, sizes {sizes}, repeat={repeat}), seed {check.seed}"


@pytest.mark.points(3)
def test_benchmark_table_rows(check, seed):
    names, sizes, repeat = ["loops", "numpy"], [3, 5, 2], 4
    bench = _Bench(names, sizes, repeat, seed)
    got = check.run_learner("benchmark_table", bench.fns, sizes, repeat=repeat, seed=seed, clock=bench.clock)
    wrong = {"seconds is the mean of the repeats, not the fastest": bench.rows(sizes, lambda t: sum(t) / len(t)),
             "seconds is the total of the repeats, not the fastest": bench.rows(sizes, sum),
             "seconds is the slowest of the repeats, not the fastest": bench.rows(sizes, max)}
    close(got, bench.rows(sizes), what=_bench_what(check, names, sizes, repeat) + " with a fake clock",
          mistakes=wrong, hint="one row per (size, function), sizes outer; seconds = the fastest single call")


@pytest.mark.points(1)
def test_benchmark_table_calls_each_function_repeat_times_on_shared_inputs(check, seed):
    names, sizes, repeat = ["first", "second", "third"], [4, 6], 3
    bench = _Bench(names, sizes, repeat, seed)
    check.run_learner("benchmark_table", bench.fns, sizes, repeat=repeat, seed=seed, clock=bench.clock)
    what = _bench_what(check, names, sizes, repeat)
    for n in sizes:
        calls = [c for c in bench.calls if c[1].shape == (n, n)]
        counts = {name: sum(c[0] == name for c in calls) for name in names}
        assert all(v == repeat for v in counts.values()), (
            f"{what}\n  at n={n} the functions were called {counts} times; each must be called exactly {repeat} "
            "times (take the correctness check from the first timed call, not from an extra one)")
        odd = [c for c in calls if c[1].shape != (n, n) or c[2].shape != (n, n) or c[1].dtype != np.float64]
        assert not odd, f"{what}\n  at n={n} a function got inputs that are not two ({n}, {n}) float64 arrays"
        a0, b0 = calls[0][1], calls[0][2]
        assert all(np.array_equal(c[1], a0) and np.array_equal(c[2], b0) for c in calls), (
            f"{what}\n  at n={n} the functions did not all get the same a and b: draw them once per size")
        assert not np.array_equal(a0, b0), f"{what}\n  at n={n} a and b are the same matrix: draw b separately"


@pytest.mark.points(1)
def test_benchmark_table_rejects_a_function_that_disagrees(check, seed):
    names, sizes = ["reference", "off_by_one"], [3]
    bench = _Bench(names, sizes, 2, seed, broken={"off_by_one"})
    what = _bench_what(check, names, sizes, 2) + " where off_by_one adds 1 to every entry"
    message = expect_raises(ValueError, 
        what, lambda: check.run_learner("benchmark_table", bench.fns, sizes, repeat=2, seed=seed, clock=bench.clock),
        because="off_by_one's result is not close to reference's")
    assert "off_by_one" in message, f"{what}\n  the ValueError must name the function: got {message!r}"


@pytest.mark.points(1)
def test_benchmark_table_inputs_follow_the_seed(check, seed):
    names, sizes = ["only"], [5]
    inputs = []
    for s in (seed, seed, seed + 1):
        bench = _Bench(names, sizes, 1, s)
        check.run_learner("benchmark_table", bench.fns, sizes, repeat=1, seed=s, clock=bench.clock)
        inputs.append(bench.calls[0][1])
    what = _bench_what(check, names, sizes, 1)
    assert np.array_equal(inputs[0], inputs[1]), f"{what}\n  two runs with the same seed drew different matrices"
    assert not np.array_equal(inputs[0], inputs[2]), (
        f"{what}\n  seeds {seed} and {seed + 1} drew the same matrices: make the generator from `seed`")
