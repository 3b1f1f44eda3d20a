"""Hidden graders for day 13: the learner's tests, run against correct and planted buggy functions.

Every learner test (a function test_*(impl) in foundations_tests.py) is called with `impl`, a dict of
five functions, through the kit's call checker (so in the sandbox the learner's code runs there and
these functions are called back here). A test passes by returning and fails by raising anything.

- Correct: the kit's implementations (twice) and another correct implementation that rounds
  differently; a test counts only when it passes on all three.
- Buggy: ten planted bugs, one function wrong in each. A bug is killed when a counted test fails on it.
All runs happen in one order shuffled by the seed, every function behind the same kind of wrapper, so
a test cannot tell a buggy run from a correct one except by what the functions return. The learner's
tests may not call the kit's own functions (course_tools.fixtures): they must know the answers themselves.
"""

import os

import numpy as np
import pytest

from course_tools.checks import Mismatch
from course_tools.tripwires import TripwireError

NAMES = ("mean", "var", "zscore", "softmax", "one_hot")
KILL_BAR = 9  # of the ten bugs: PLAN's "kill >= 7 of 8", at most one bug left alive


# --- correct implementations -------------------------------------------------------------------------

def _mean(x):
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("mean of an empty array is undefined")
    return float(np.sum(x) / x.size)


def _var(x, ddof=0, *, divisor=None):
    x = np.asarray(x, dtype=np.float64)
    if x.size - ddof <= 0:
        raise ValueError(f"var needs more than ddof={ddof} entries")
    return float(np.sum((x - _mean(x)) ** 2) / (x.size - ddof if divisor is None else divisor(x.size)))


def _zscore(x, ddof=0):
    x = np.asarray(x, dtype=np.float64)
    return (x - _mean(x)) / np.sqrt(_var(x, ddof))


def _softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _one_hot(labels, n_classes, *, shift=0):
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    out = np.zeros((labels.size, n_classes))
    out[np.arange(labels.size), labels.reshape(-1) - shift] = 1.0
    return out


KIT = {"mean": _mean, "var": _var, "zscore": _zscore, "softmax": _softmax, "one_hot": _one_hot}


def _alt_mean(x):  # the same answers, summed in the opposite order
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if x.size == 0:
        raise ValueError("empty")
    return float(np.sum(x[::-1]) / x.size)


def _alt_var(x, ddof=0):
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if x.size - ddof <= 0:
        raise ValueError("too few entries")
    return float(np.sum(((x - np.mean(x)) ** 2)[::-1]) / (x.size - ddof))


def _alt_softmax(x, axis=-1):  # exp(x - logsumexp(x))
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    return np.exp(x - m - np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)))


def _alt_one_hot(labels, n_classes):
    labels = np.asarray(labels).reshape(-1)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError("label out of range")
    return np.eye(n_classes)[labels]


ALTERNATIVE = {"mean": _alt_mean, "var": _alt_var, "softmax": _alt_softmax, "one_hot": _alt_one_hot,
               "zscore": lambda x: (np.asarray(x, float) - np.mean(x)) / np.std(np.asarray(x, float))}


# --- the planted bugs: one function wrong in each ---------------------------------------------------------

def _mean_nan_when_empty(x):
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.asarray(x, dtype=np.float64)
        return float(np.sum(x) / x.size) if x.size else float("nan")


def _mean_by_len(x):
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("mean of an empty array is undefined")
    return float(np.sum(x) / len(x))


def _softmax_unstable(x, axis=-1):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(x, dtype=np.float64))
        return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_whole_array(x, axis=-1):
    e = np.exp(np.asarray(x, dtype=np.float64) - np.max(x))
    return e / np.sum(e)


def _one_hot_sized_by_labels(labels, n_classes):
    labels = np.asarray(labels)
    return _one_hot(labels, int(labels.max()) + 1 if labels.size else n_classes)


BUGS = {  # id: (function, what is wrong, what kind of test finds it)
    "mean_empty": ("mean", _mean_nan_when_empty, "mean of an empty array returns NaN instead of raising ValueError",
                   "check that an empty input raises (pytest.raises)"),
    "mean_rows": ("mean", _mean_by_len, "mean divides by len(x), the number of rows, instead of x.size",
                  "on a 1-D input len(x) == x.size: test 2-D inputs too"),
    "var_ddof_ignored": ("var", lambda x, ddof=0: _var(x, divisor=lambda n: n),
                         "var ignores ddof and always divides by n", "test ddof=1 as well as the default"),
    "var_always_sample": ("var", lambda x, ddof=0: _var(x, divisor=lambda n: n - 1),
                          "var always divides by n - 1, even for ddof=0", "test the default ddof=0 against n"),
    "zscore_sample_std": ("zscore", lambda x: _zscore(x, ddof=1),
                          "zscore divides by the sample standard deviation (ddof=1) instead of the population one",
                          "the result's np.std (ddof=0) must be 1"),
    "softmax_overflow": ("softmax", _softmax_unstable,
                         "softmax without subtracting the max: exp overflows to inf and the result is NaN at large "
                         "logits", "try logits in the hundreds or thousands"),
    "softmax_last_axis": ("softmax", lambda x, axis=-1: _softmax(x, axis=-1),
                          "softmax ignores `axis` and always normalises along the last axis",
                          "call it with axis=0 on a 2-D input"),
    "softmax_whole_array": ("softmax", _softmax_whole_array,
                            "softmax normalises over the whole array instead of along the axis",
                            "on a 2-D input each row (or column) must sum to 1"),
    "one_hot_off_by_one": ("one_hot", lambda labels, n_classes: _one_hot(labels, n_classes, shift=1),
                           "one_hot puts label k's 1 in column k - 1", "check where each row's 1 is"),
    "one_hot_width": ("one_hot", _one_hot_sized_by_labels,
                      "one_hot makes max(labels) + 1 columns instead of n_classes",
                      "use an n_classes larger than any label present and check the shape"),
}


class _Fn:
    """Every function handed to a learner test looks the same, buggy or not: its name, nothing else."""

    def __init__(self, name, fn):
        self.__name__, self._fn = name, fn

    def __call__(self, *args, **kwargs):
        return self._fn(*args, **kwargs)

    def __repr__(self):
        return f"<function {self.__name__}>"


def _impl(functions):
    return {name: _Fn(name, functions[name]) for name in NAMES}


def _kit_with(bug):
    name, fn = BUGS[bug][:2]
    return {**KIT, name: fn}


# --- running the learner's tests ----------------------------------------------------------------------

CORRECT_RUNS = {"kit": KIT, "kit again": KIT, "alternative": ALTERNATIVE}
_RESULTS = {}  # one table per graded submission: every grader test reads the same runs


def _why(exc):
    """One line saying what a learner test raised (the sandbox adds the call and a traceback around it)."""
    lines = [line.strip() for line in str(exc).splitlines() if set(line) - set(" ^~")]  # no caret rows
    raised = [line[len("your code raised "):] for line in lines if line.startswith("your code raised ")]
    return (raised[0] if raised else f"{type(exc).__name__}: {lines[-1] if lines else ''}")[:200]


def _run_one(check, test, functions):
    """None when the learner's test passed on these functions, else why it failed."""
    try:
        check.run_learner(test, _impl(functions))
    except NotImplementedError:
        return "not attempted"
    except TripwireError as exc:  # in the grading process; from the sandbox it arrives as a Mismatch
        return f"forbidden call: {str(exc).splitlines()[-1].strip()}"
    except BaseException as exc:  # noqa: BLE001 - pytest.raises' Failed is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)) or str(exc).startswith("Timeout"):
            raise
        return _why(exc)
    return None


def _results(check, seed):
    key = (os.environ.get("AI100_LEARNER_ROOT", ""), check.day)
    if key in _RESULTS:
        return _RESULTS[key]
    tests = list(check.run_learner("suite"))
    runs = [(label, test) for test in tests for label in [*CORRECT_RUNS, *BUGS]]
    order = np.random.default_rng(seed).permutation(len(runs))
    outcome = {}
    with check.forbidding(("course_tools.fixtures",), reason="your tests must know the right answers "
                          "themselves: the kit's own functions (course_tools.fixtures) may not be their oracle"):
        for i in order:
            label, test = runs[i]
            outcome[label, test] = _run_one(check, test, CORRECT_RUNS.get(label) or _kit_with(label))
    attempted = [t for t in tests if outcome["kit", t] != "not attempted"]
    if not attempted:
        raise NotImplementedError("day13: no test written yet — see README")
    good = [t for t in attempted if all(outcome[label, t] is None for label in CORRECT_RUNS)]
    killed = {bug: [t for t in good if outcome[bug, t] is not None] for bug in BUGS}
    _RESULTS[key] = dict(tests=tests, attempted=attempted, good=good, killed=killed, outcome=outcome)
    return _RESULTS[key]


def _bad_tests(r):
    lines = []
    for t in r["attempted"]:
        if t in r["good"]:
            continue
        kit, alt = r["outcome"]["kit", t] or r["outcome"]["kit again", t], r["outcome"]["alternative", t]
        if kit:
            lines.append(f"    {t}: fails on the correct functions — {kit}")
        else:
            lines.append(f"    {t}: passes on the kit's functions but fails on another correct implementation "
                         f"({alt}) — compare floats with np.isclose/np.allclose, never with == or with numbers "
                         "copied from the kit's own output")
    return lines


def _insist(condition, message):
    if not condition:
        raise Mismatch(message)


# --- the score -----------------------------------------------------------------------------------------

@pytest.mark.points(1)
def test_suite_has_five_tests(check, seed):
    r = _results(check, seed)
    _insist(len(r["good"]) >= 5, (
        f"day13: foundations_tests.py has {len(r['good'])} test(s) that pass on the correct functions "
        f"({', '.join(r['good']) or 'none'}); write at least 5"))


@pytest.mark.points(2)
def test_suite_passes_on_correct_functions(check, seed):
    r = _results(check, seed)
    bad = _bad_tests(r)
    _insist(not bad, "day13: every test must pass on correct implementations (a test that fails there finds "
                       "nothing, and counts for nothing):\n" + "\n".join(bad))


@pytest.mark.points(1)
@pytest.mark.parametrize("bug", list(BUGS))
def test_suite_kills_bug(check, seed, bug):
    r = _results(check, seed)
    name, _, what, hint = BUGS[bug]
    _insist(r["killed"][bug], (
        f"day13: a planted bug in {name} survived: {what}.\n  All {len(r['good'])} of your tests that pass on "
        f"the correct functions pass on this one too. hint: {hint}"))


@pytest.mark.points(3)
def test_suite_kills_nine_of_ten_bugs(check, seed):
    r = _results(check, seed)
    alive = [f"{BUGS[b][0]}: {BUGS[b][2]}" for b in BUGS if not r["killed"][b]]
    _insist(len(BUGS) - len(alive) >= KILL_BAR, (
        f"day13: your tests kill {len(BUGS) - len(alive)} of the {len(BUGS)} planted bugs; the bar is {KILL_BAR}. "
        "Alive:\n" + "\n".join(f"    {a}" for a in alive)))
