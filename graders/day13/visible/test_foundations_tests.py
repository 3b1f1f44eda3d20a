"""Day 13 visible tests: run them with  pytest assignments/day13  (or  ai100 check day13).

They run your tests (the test_* functions in foundations_tests.py) on the kit's correct functions
(course_tools.fixtures.day13), where every one must pass, and on two demonstration bugs, which some
test must catch. The autograder plants ten other bugs, hidden, and counts how many your tests catch.
"""

import numpy as np
import pytest

from course_tools.fixtures import day13 as kit


def _outcome(check, test, functions):
    """None when your test passed on these functions, else what it raised."""
    try:
        check.run_learner(test, dict(functions))
    except NotImplementedError:
        raise
    except BaseException as exc:  # noqa: BLE001 - a failed pytest.raises is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return f"{type(exc).__name__}: {exc}".strip()[:300]
    return None


def _written(check):
    """Your tests that are written (the stub's raise NotImplementedError means not yet)."""
    written = []
    for test in check.run_learner("suite"):
        try:
            _outcome(check, test, kit.implementations())
        except NotImplementedError:
            continue
        written.append(test)
    if not written:
        raise NotImplementedError("day13: no test written yet — see README")
    return written


def _var_is_std(x, ddof=0):
    return float(np.sqrt(kit.var(x, ddof)))


def _softmax_not_normalised(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(x - np.max(x, axis=axis, keepdims=True))


DEMO_BUGS = {"var returns the standard deviation": ("var", _var_is_std),
             "softmax forgets to divide by the sum": ("softmax", _softmax_not_normalised)}


@pytest.mark.points(1)
def test_suite_has_five_tests(check):
    written = _written(check)
    assert len(written) >= 5, f"{len(written)} test(s) written ({', '.join(written)}): write at least 5"


@pytest.mark.points(2)
def test_suite_passes_on_the_kit_functions(check):
    failing = {t: why for t in _written(check) if (why := _outcome(check, t, kit.implementations()))}
    assert not failing, "these tests fail on correct functions, so they find nothing:\n" + "\n".join(
        f"  {t}: {why}" for t, why in failing.items())


@pytest.mark.points(1)
@pytest.mark.parametrize("bug", list(DEMO_BUGS))
def test_suite_catches_demo_bug(check, bug):
    name, wrong = DEMO_BUGS[bug]
    caught = [t for t in _written(check) if _outcome(check, t, {**kit.implementations(), name: wrong})]
    assert caught, f"no test of yours fails when {bug}"
