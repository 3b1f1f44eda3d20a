"""The one comparing function, `close`, and the call checker graders use.

Messages are checked for the facts a learner needs (shapes, dtypes, where, by how much, which
tolerance, the likely mistake), with expected numbers worked out here from the inputs.
Run: pytest tests/test_checks.py
"""

import copy
import math
import re
from types import SimpleNamespace

import numpy as np
import pytest

from course_tools.checks import CallChecker, Mismatch, close, expect_raises


def failure(got, want, **kwargs) -> str:
    with pytest.raises(Mismatch) as info:
        close(got, want, what=kwargs.pop("what", "day07: f"), **kwargs)
    return str(info.value)


def number_after(label: str, message: str) -> float:
    m = re.search(re.escape(label) + r"\s+([-+0-9.eEinfa]+)", message)
    assert m, f"no {label!r} in:\n{message}"
    return float(m.group(1))


# --- close: passing -----------------------------------------------------------------------------

def test_close_passes_within_float64_tolerance():
    want = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    close(want + 1e-12, want, what="day07: f")  # far inside float64's atol 1e-9 / rtol 1e-7


def test_close_passes_within_float32_tolerance():
    want = np.linspace(-3.0, 3.0, 12, dtype=np.float32)
    close(want + np.float32(1e-7), want, what="day07: f")


def test_close_passes_nested_structures():
    a, b = np.arange(6.0).reshape(2, 3), np.ones(4, dtype=np.float32)
    close((a.copy(), {"w": b.copy(), "n": 3}), (a, {"w": b, "n": 3}), what="day07: f")


def test_close_fails_a_relative_error_of_one_in_a_thousand():
    want = np.linspace(1.0, 2.0, 5)
    failure(want * 1.001, want)
    failure(want.astype(np.float32) * np.float32(1.001), want.astype(np.float32))


# --- close: what a failure says -----------------------------------------------------------------

def test_close_shape_mismatch_reported_plainly():
    message = failure(np.zeros((3, 2)), np.zeros((2, 3)))
    assert "shape" in message
    assert "expected (2, 3)" in message and "got (3, 2)" in message
    assert "differ" not in message  # no value comparison on arrays that cannot line up


def test_close_dtype_mismatch_names_both_dtypes():
    message = failure(np.zeros(4, dtype=np.float32), np.zeros(4, dtype=np.float64))
    assert "dtype" in message
    assert "expected float64" in message and "got float32" in message


def test_close_dtype_not_checked_when_asked():
    close(np.ones(4, dtype=np.float32), np.ones(4), what="day07: f", check_dtype=False)


def test_close_first_mismatch_and_max_errors():
    want = np.full((3, 4), 2.0)
    got = want.copy()
    got[1, 2] = 2.5  # abs error 0.5, rel 0.25 — the first in row-major order
    got[2, 0] = -1.0  # abs error 3.0, rel 1.5 — the largest
    message = failure(got, want, what="day07: f((3, 4) float64)")
    assert message.splitlines()[0] == "day07: f((3, 4) float64)"
    assert "2 of 12 positions" in message
    assert "first at index (1, 2)" in message
    first_line = next(line for line in message.splitlines() if "first at index" in line)
    assert number_after("expected", first_line) == 2.0
    assert number_after("got", first_line) == 2.5
    assert number_after("max abs error", message) == pytest.approx(3.0)
    assert re.search(r"max abs error \S+ at \(2, 0\)", message)
    assert number_after("max rel error", message) == pytest.approx(1.5)


def test_close_names_the_tolerance_row():
    want = np.ones(3)
    assert "tolerance float64" in failure(want + 1e-3, want)
    assert "tolerance float32" in failure((want + 1e-2).astype(np.float32), want.astype(np.float32))
    message = failure(want + 1e-3, want, tol="vs_library")
    assert "tolerance vs_library" in message
    assert "float64" not in message.split("tolerance", 1)[1]


def test_close_unknown_tolerance_name_is_an_error():
    with pytest.raises(KeyError, match="no tolerance named 'loose'"):
        close(np.ones(2), np.ones(2), what="day07: f", tol="loose")


def test_close_nan_where_reference_has_numbers_is_reported():
    want = np.array([1.0, 2.0, 3.0])
    got = np.array([1.0, np.nan, 3.0])
    message = failure(got, want)
    assert "first at index (1,)" in message
    assert "NaN" in message


def test_close_nan_in_both_counts_as_equal():
    want = np.array([1.0, np.nan])
    close(want.copy(), want, what="day07: f")


def test_close_integer_and_bool_outputs_compared_exactly():
    failure(np.array([0, 1, 3]), np.array([0, 1, 2]))
    message = failure(np.tril(np.ones((3, 3), dtype=bool)), np.triu(np.ones((3, 3), dtype=bool)))
    assert "first at index (0, 1)" in message  # row-major: (0, 1) is the first cell that differs


def test_close_nested_tuple_path_in_message():
    want = (np.zeros(2), (np.ones(3), np.ones(3)))
    got = (np.zeros(2), (np.ones(3), np.array([1.0, 1.0, 7.0])))
    message = failure(got, want)
    assert "[1][1]: " in message
    assert "first at index (2,)" in message


def test_close_nested_dict_path_in_message():
    want = {"loss": 0.5, "grads": {"w": np.zeros((2, 2)), "b": np.zeros(2)}}
    got = {"loss": 0.5, "grads": {"w": np.zeros((2, 2)), "b": np.array([0.0, 1.0])}}
    message = failure(got, want)
    assert "['grads']['b']: " in message


def test_close_dict_keys_and_tuple_lengths_reported():
    assert "keys" in failure({"a": 1.0}, {"a": 1.0, "b": 2.0})
    assert "expected 2 items, got 3" in failure((1.0, 2.0, 3.0), (1.0, 2.0))
    assert "expected a tuple" in failure(np.zeros(2), (np.zeros(2), np.zeros(2)))


def test_close_scalar_expected_array_given():
    assert "single number" in failure(np.array([0.5, 0.5]), 0.5)


def test_close_array_expected_none_given():
    message = failure(None, np.zeros((2, 5)))
    assert "numpy.ndarray" in message and "(2, 5)" in message and "NoneType" in message


def test_close_torch_tensors_compared_like_arrays():
    torch = pytest.importorskip("torch")
    want = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    close(want.clone(), want, what="day07: f")
    got = want.clone()
    got[1, 1] += 1.0
    assert "first at index (1, 1)" in failure(got, want)
    assert "expected a torch.Tensor" in failure(want.numpy(), want)


def test_close_names_likely_mistake_when_answer_matches_a_variant():
    x = np.array([1.0, 2.0, 3.0])
    want = np.exp(x) / np.exp(x).sum()
    unscaled = np.exp(2 * x) / np.exp(2 * x).sum()
    mistakes = {"forgot the 1/sqrt(d) scaling": unscaled, "wrong axis": np.full(3, 1 / 3)}
    message = failure(unscaled.copy(), want, mistakes=mistakes, hint="re-read step 2")
    assert "likely mistake: forgot the 1/sqrt(d) scaling" in message
    assert "wrong axis" not in message
    assert "hint" not in message  # the diagnosis replaces the generic hint


def test_close_names_no_mistake_when_answer_matches_no_variant():
    x = np.array([1.0, 2.0, 3.0])
    want = np.exp(x) / np.exp(x).sum()
    mistakes = {"forgot the 1/sqrt(d) scaling": np.exp(2 * x) / np.exp(2 * x).sum()}
    message = failure(want[::-1].copy(), want, mistakes=mistakes, hint="re-read step 2")
    assert "likely mistake" not in message
    assert "hint: re-read step 2" in message


def test_close_mistake_matched_despite_dtype():
    # A variant computed in float64 still names the mistake on a float32 answer.
    want = np.array([0.25, 0.75], dtype=np.float32)
    variant = np.array([0.5, 0.5])
    message = failure(variant.astype(np.float32), want, mistakes={"uniform weights": variant})
    assert "likely mistake: uniform weights" in message


# --- CallChecker ---------------------------------------------------------------------------------

class FakeRef:
    """A reference holding plain functions, as LiveReference does, recording the call order."""

    def __init__(self, calls: list, **functions):
        self.functions, self.calls = functions, calls

    def call(self, name, args, kwargs):
        self.calls.append("ref")
        return self.functions[name](*copy.deepcopy(args), **copy.deepcopy(kwargs))

    def mistakes(self, name, args, kwargs):
        return {}


def _double(x, scale=None):
    return x * 2.0


def checker(learner_fns: dict, calls: list | None = None, seed: int | None = 11) -> CallChecker:
    calls = [] if calls is None else calls
    return CallChecker(day="day07", learner=SimpleNamespace(**learner_fns),
                       ref=FakeRef(calls, double=_double), seed=seed)


def test_call_checker_passes_a_correct_learner_and_returns_its_answer():
    x = np.arange(4.0)
    got = checker({"double": lambda x, scale=None: x + x})("double", x)
    np.testing.assert_array_equal(got, np.array([0.0, 2.0, 4.0, 6.0]))


def test_call_checker_calls_the_reference_first():
    calls: list = []

    def learner_double(x, scale=None):
        calls.append("learner")
        return x * 2.0

    checker({"double": learner_double}, calls)("double", np.ones(2))
    assert calls == ["ref", "learner"]


def test_call_checker_wrong_answer_names_day_call_and_seed():
    with pytest.raises(Mismatch) as info:
        checker({"double": lambda x, scale=None: x * 3.0}, seed=1234)("double", np.ones((2, 5)))
    first = str(info.value).splitlines()[0]
    assert first.startswith("day07: double(")
    assert "(2, 5) float64" in first
    assert "seed 1234" in first


def test_call_checker_input_modified_in_place_names_parameter():
    def mutating(x, scale=None):
        x *= 2.0
        return x.copy()

    x = np.arange(1.0, 4.0)  # no zeros: doubling changes every value
    with pytest.raises(Mismatch) as info:
        checker({"double": mutating})("double", x)
    message = str(info.value)
    assert "input x" in message and "in place" in message
    assert "3 of 3 values changed" in message


def test_call_checker_keyword_input_modified_names_keyword():
    def mutating(x, scale=None):
        scale[0] = 99.0
        return x * 2.0

    with pytest.raises(Mismatch, match="input scale"):
        checker({"double": mutating})("double", np.ones(2), scale=np.ones(1))


def test_call_checker_dict_input_modified_in_place_names_parameter():
    def sgd_step(params, grads, lr):
        for key in params:
            params[key] -= lr * grads[key]  # the caller's arrays change
        return {key: value.copy() for key, value in params.items()}

    params, grads = {"w": np.ones(3), "b": np.zeros(2)}, {"w": np.ones(3), "b": np.ones(2)}
    ref = FakeRef([], sgd_step=lambda p, g, lr: {k: p[k] - lr * g[k] for k in p})
    chk = CallChecker(day="day02", learner=SimpleNamespace(sgd_step=sgd_step), ref=ref)
    with pytest.raises(Mismatch, match="input params"):
        chk("sgd_step", params, grads, 0.5)


def test_call_checker_nan_input_left_alone_is_unchanged():
    x = np.array([1.0, np.nan])
    checker({"double": lambda x, scale=None: x * 2.0})("double", x)


@pytest.mark.parametrize("aliasing", [
    pytest.param(lambda x, scale=None: x, id="returns-input"),
    pytest.param(lambda x, scale=None: x.reshape(-1), id="returns-view"),
    pytest.param(lambda x, scale=None: (x * 2.0, x[0]), id="tuple-holds-view"),
])
def test_call_checker_output_aliasing_input_fails(aliasing):
    with pytest.raises(Mismatch) as info:
        CallChecker(day="day07", learner=SimpleNamespace(double=aliasing),
                    ref=FakeRef([], double=lambda x, scale=None: x), seed=None)("double", np.ones((2, 2)))
    assert "shares memory with the input x" in str(info.value)


def test_call_checker_missing_function_says_so():
    with pytest.raises(Mismatch) as info:
        checker({})("double", np.ones(2))
    assert "no function 'double'" in str(info.value)
    assert "day07" in str(info.value)


def test_call_checker_mistake_named_from_reference_variants():
    class RefWithMistake(FakeRef):
        def mistakes(self, name, args, kwargs):
            return {"added instead of multiplied": args[0] + 2.0}

    x = np.array([1.0, 5.0])
    chk = CallChecker(day="day07", learner=SimpleNamespace(double=lambda x, scale=None: x + 2.0),
                      ref=RefWithMistake([], double=_double))
    with pytest.raises(Mismatch, match="likely mistake: added instead of multiplied"):
        chk("double", x)


def test_call_checker_forbidden_call_fails_even_with_right_answer():
    scipy_special = pytest.importorskip("scipy.special")

    def via_library(x, scale=None):
        return scipy_special.softmax(x) * 0 + x * 2.0

    chk = CallChecker(day="day07", learner=SimpleNamespace(double=via_library), ref=FakeRef([], double=_double),
                      forbid=("scipy.special.softmax",), forbid_reason="write it yourself")
    with pytest.raises(Mismatch) as info:
        chk("double", np.ones(3))
    assert "scipy.special.softmax" in str(info.value)
    assert "write it yourself" in str(info.value)


def test_call_checker_message_error_numbers_are_right_for_a_constant_offset():
    x = np.linspace(1.0, 4.0, 4)
    offset = 0.125
    with pytest.raises(Mismatch) as info:
        checker({"double": lambda x, scale=None: x * 2.0 + offset})("double", x)
    message = str(info.value)
    assert number_after("max abs error", message) == pytest.approx(offset, rel=1e-2)
    # the largest relative error is where the reference value (2x) is smallest
    assert number_after("max rel error", message) == pytest.approx(offset / (2 * x.min()), rel=1e-2)
    assert not math.isnan(number_after("max rel error", message))


def test_a_number_changed_inside_an_input_list_is_caught():
    def bump(rows):
        rows[1][0] += 1
        return [r[:] for r in rows]

    check = CallChecker(day="day99", learner=SimpleNamespace(bump=bump), ref=None)
    with pytest.raises(Mismatch, match=r"modified its input rows in place \(item 1: item 0: 3.0 became 4.0\)"):
        check.run_learner("bump", [[1.0, 2.0], [3.0, 4.0]])


def test_expect_raises_returns_the_message_and_names_what_was_expected():
    def refuses():
        raise ValueError("bad mode")

    assert expect_raises(ValueError, "day99: f()", refuses, because="the mode is unknown") == "bad mode"
    with pytest.raises(Mismatch, match=r"day99: f\(\)\n  returned normally; expected a ValueError because it must"):
        expect_raises(ValueError, "day99: f()", lambda: 1, because="it must")
    with pytest.raises(NotImplementedError):  # a stub is not judged here: it stays "not attempted"
        expect_raises(ValueError, "day99: f()", lambda: (_ for _ in ()).throw(NotImplementedError("stub")), because="x")


def test_png_problem_names_what_is_wrong_with_a_plot():
    import io

    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_tools.checks import png_problem

    def png(size, draw=True):
        fig = plt.figure(figsize=size, dpi=100)
        if draw:
            fig.add_subplot().plot([0, 1], [1, 0])
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return buf.getvalue()

    assert png_problem(png((6, 4)), 600, 400) is None
    assert "640 × 480 pixels, expected 600 × 400 — that is matplotlib's default size" in png_problem(
        png((6.4, 4.8)), 600, 400)
    assert "single flat colour" in png_problem(png((6, 4), draw=False), 600, 400)
    assert "no file was written" in png_problem(None, 600, 400)
    assert "returned str" in png_problem("plot.png", 600, 400)
    assert "not a PNG" in png_problem(b"GIF89a...", 600, 400)


def test_long_texts_show_where_they_first_differ_not_both_whole():
    want = "Q: what is 2+2?\nA: 4\n\n" * 40
    got = want[:300] + "#" + want[301:]
    with pytest.raises(Mismatch) as info:
        close(got, want, what="day66: build_prompt(...)")
    message = str(info.value)
    # 300 characters = 13 blocks of 22 plus 14: line 13 * 3 + 1 = 40, column 15
    assert "first differ at character 300 (line 40, column 15)" in message, message
    assert "#" in message.splitlines()[-1] and "#" not in message.splitlines()[-2]
    assert len(message) < 400, message
