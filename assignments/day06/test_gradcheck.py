"""Day 06 visible tests: run them with  pytest assignments/day06  (or  ai100 check day06).

numerical_gradient and grad_check are tested on functions whose gradients are known exactly
(sum of squares, sin, a quadratic form); relative_error, sigmoid_grad and
softmax_cross_entropy_grad against values recorded from the reference solution (keyed by these
exact inputs) and against torch's autograd. Every call also checks that your function left its
inputs unchanged. The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import Named, close
from course_tools.gradients import upstream_autograd


def _functions(seed):
    """name → (f, its exact gradient, a point x)."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(4, 4))  # not symmetric: the gradient of xᵀAx is (A + Aᵀ)x
    return {
        "squares": (Named("f = sum(x²)", lambda v: np.sum(v ** 2)), Named("2x", lambda v: 2 * v),
                    rng.normal(size=5)),
        "sin": (Named("f = sum(sin(x))", lambda v: np.sum(np.sin(v))), Named("cos(x)", np.cos),
                rng.normal(size=(3, 4))),
        "quadratic": (Named("f = xᵀAx", lambda v: v @ a @ v), Named("(A + Aᵀ)x", lambda v: (a + a.T) @ v),
                      rng.normal(size=4)),
    }


def _what(name, f, x, **kw):
    extra = "".join(f", {k}={v}" for k, v in kw.items())
    return f"day06: {name}({f!r}, x {x.shape} {x.dtype}{extra})"


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["squares", "sin", "quadratic"])
def test_numerical_gradient_matches_exact_gradient(check, case):
    f, grad_f, x = _functions(0)[case]
    got = check.run_learner("numerical_gradient", f, x)
    close(got, grad_f(x), what=_what("numerical_gradient", f, x), tol="grad_numeric",
          hint="entry i is (f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps)")


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["sin", "quadratic"])
def test_numerical_gradient_is_second_order(check, case):
    """At eps = 1e-3, central differences are still within ~1e-7; forward differences are ~1e-3 off,
    and so is a gradient taken at a point where an earlier entry was not put back."""
    f, grad_f, x = _functions(1)[case]
    got = check.run_learner("numerical_gradient", f, x, eps=1e-3)
    close(got, grad_f(x), what=_what("numerical_gradient", f, x, eps=1e-3), tol="grad_numeric",
          hint="use central differences, and restore each entry before nudging the next")


@pytest.mark.points(1)
def test_numerical_gradient_float32_input_gives_float64(check):
    f, grad_f, x = _functions(2)["sin"]
    x32 = x.astype(np.float32)
    got = check.run_learner("numerical_gradient", f, x32)
    close(got, grad_f(x32.astype(np.float64)), what=_what("numerical_gradient", f, x32), tol="grad_numeric",
          hint="work on a float64 copy of x: a 1e-6 step is lost in float32's rounding")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_relative_error_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(3, 4)) * 10.0 ** rng.uniform(-3, 2, size=(3, 4))
    check("relative_error", a, a + rng.normal(size=(3, 4)) * 1e-3)


@pytest.mark.points(1)
def test_relative_error_zero_and_tiny_entries(check):
    a = np.array([1.0, -2.0, 0.0, 3e-13, 5.0])
    b = np.array([1.0 + 1e-6, -2.0, 0.0, -1e-13, 5.0])
    got = check("relative_error", a, b)
    close(got, 0.4, what="day06: relative_error — the entry 3e-13 vs -1e-13 is divided by the floor 1e-12")


@pytest.mark.points(1)
def test_relative_error_of_equal_arrays_is_zero(check):
    a = np.random.default_rng(3).normal(size=(2, 5))
    check("relative_error", a, a.copy())


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["sin", "quadratic"])
def test_grad_check_accepts_correct_gradient(check, case):
    f, grad_f, x = _functions(4)[case]
    got = check.run_learner("grad_check", f, grad_f, x)
    assert isinstance(got, dict) and set(got) == {"max_rel_error", "ok", "worst_index"}, \
        f"grad_check must return a dict with keys max_rel_error, ok, worst_index; got {got!r}"
    assert got["max_rel_error"] < 1e-4 and bool(got["ok"]), \
        f"{_what('grad_check', f, x)}: a correct gradient must pass (max_rel_error < 1e-4, ok=True); got {got}"


@pytest.mark.points(2)
def test_grad_check_rejects_gradient_off_by_two(check):
    f, grad_f, x = _functions(5)["quadratic"]
    wrong = Named("2(A + Aᵀ)x", lambda v: 2 * grad_f(v))
    got = check.run_learner("grad_check", f, wrong, x)
    close(got["max_rel_error"], 1 / 3, what=_what("grad_check", f, x) + " max_rel_error (|2g - g| / (|2g| + |g|))",
          tol="grad_numeric")
    assert not got["ok"], "ok must be False when max_rel_error >= tol"


@pytest.mark.points(2)
def test_grad_check_points_at_planted_bug(check):
    f, grad_f, x = _functions(6)["sin"]

    def buggy(v):
        g = np.cos(v)
        g[2, 1] += 0.5
        return g

    got = check.run_learner("grad_check", f, Named("cos(x) with a bug at (2, 1)", buggy), x)
    assert not got["ok"], "a gradient with a bug must fail the check"
    assert tuple(int(i) for i in got["worst_index"]) == (2, 1), \
        f"worst_index should be (2, 1), the planted bug (an index into x of shape {x.shape}); got {got['worst_index']}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_sigmoid_grad_matches_reference(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 3.0, size=(3, 4))
    got = check("sigmoid_grad", x)
    (want,) = upstream_autograd(torch.sigmoid, [x], np.ones_like(x))
    close(got, want, what="day06: sigmoid_grad((3, 4) float64) against torch autograd", tol="grad_autograd")


@pytest.mark.points(1)
def test_sigmoid_grad_large_inputs(check):
    check("sigmoid_grad", np.array([-800.0, -40.0, 0.0, 40.0, 800.0]))


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [8])
def test_softmax_cross_entropy_grad_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    logits, y = rng.normal(size=(4, 3)) * 2, rng.integers(0, 3, size=4)
    got = check("softmax_cross_entropy_grad", logits, y)
    (want,) = upstream_autograd(lambda z: F.cross_entropy(z, torch.from_numpy(y)), [logits], np.array(1.0))
    close(got, want, what="day06: softmax_cross_entropy_grad((4, 3), (4,)) against torch autograd",
          tol="grad_autograd")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [9])
def test_softmax_cross_entropy_grad_large_logits(check, seed):
    rng = np.random.default_rng(seed)
    logits, y = rng.normal(size=(3, 5)) * 1e3, rng.integers(0, 5, size=3)
    got = check("softmax_cross_entropy_grad", logits, y)
    assert np.all(np.isfinite(got)), "NaN/inf at logits of size 1e3 — subtract each row's max before exp"
