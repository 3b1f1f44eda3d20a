"""Hidden graders for day 06 (a numerical gradient checker).

numerical_gradient and grad_check take callables, which cannot be recorded, so their tests judge
the learner with `check.against` (tripwires and the inputs-unchanged check still apply) against
values this file computes first: float64 central differences from course_tools.finite_differences and
analytic gradients written out below; mistakes.py's answers are still named when they match. The array-only functions go
through `check` as usual. Every input comes from the test's hidden seed; the (2, 3, 5) shape of
the quadratic form is never used by the visible tests.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import Mismatch, Named, close
from course_tools.finite_differences import numeric_grad, relative_error
from course_tools.gradients import upstream_autograd

FIXTURES = ["sin", "quad", "logsumexp", "mlp", "layernorm", "cross_entropy"]
KEYS = {"max_rel_error", "ok", "worst_index"}
GRAD_CHECK_HINT = ("grad_check's numbers come from your numerical_gradient and relative_error: when their own "
                   "tests fail, fix those first")


def _fixture(name, seed, *, noncontiguous=False):
    """(f, grad_f, x): a seeded scalar function of an array, its analytic gradient, a point.

    Drawn again until no gradient entry is within 1e-3 of zero: the rounding noise of central
    differences (~1e-10) must not dominate any entry's relative error, or a correct answer fails.
    """
    rng = np.random.default_rng(seed)
    for _ in range(100):
        f, grad_f, x = _draw(name, rng, noncontiguous)
        if np.min(np.abs(grad_f(x))) >= 1e-3:
            return f, grad_f, x
    raise RuntimeError(f"no point with gradients away from zero for {name}, seed {seed}")


def _draw(name, rng, noncontiguous):
    if name == "sin":  # separable; the +2 keeps every gradient entry in [1, 3]
        x = rng.normal(0.0, 1.5, size=(7,))
        return (Named("f = sum(sin(x)) + 2·sum(x)", lambda v: np.sin(v).sum() + 2 * v.sum()),
                Named("cos(x) + 2", lambda v: np.cos(v) + 2), x)
    if name == "quad":  # ½ vᵀAv + bᵀv with A not symmetric, v = x.ravel()
        x = rng.normal(size=(2, 3, 5))
        a, b = rng.normal(size=(30, 30)) / np.sqrt(30), rng.normal(size=30)
        f = Named("f = ½ vᵀAv + bᵀv", lambda v: 0.5 * v.ravel() @ a @ v.ravel() + b @ v.ravel())
        f.a, f.b = a, b  # for the test that builds a wrong gradient from the same A and b
        return f, Named("½(A + Aᵀ)v + b", lambda v: (0.5 * (a + a.T) @ v.ravel() + b).reshape(v.shape)), x
    if name == "logsumexp":  # sum over rows of log Σ exp: the gradient is each row's softmax
        x = rng.normal(size=(3, 5))

        def softmax_rows(v):
            e = np.exp(v - v.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)

        return (Named("f = Σ_rows logsumexp(x)", lambda v: np.log(np.exp(v).sum(axis=1)).sum()),
                Named("row softmax", softmax_rows), x)
    if name == "mlp":  # squared loss of a tanh layer, differentiated in its first weights W1 (4, 6)
        xs, w2, ys = rng.normal(size=(5, 4)), rng.normal(size=(6, 3)) / 2, rng.normal(size=(5, 3))
        w1 = rng.normal(size=(6, 4)).T / 2 if noncontiguous else rng.normal(size=(4, 6)) / 2

        def loss(w):
            return 0.5 * np.sum((np.tanh(xs @ w) @ w2 - ys) ** 2) / len(xs)

        def grad(w):
            h = np.tanh(xs @ w)  # (5, 6)
            dh = ((h @ w2 - ys) / len(xs)) @ w2.T
            return xs.T @ (dh * (1 - h ** 2))

        return Named("f = tanh-MLP squared loss(W1)", loss), Named("backprop dW1", grad), w1
    if name == "layernorm":  # Σ G ⊙ layernorm(x) over rows of x (3, 6)
        x, g = rng.normal(size=(3, 6)), rng.normal(size=(3, 6))

        def normed(v):
            mu = v.mean(axis=1, keepdims=True)
            s = np.sqrt(((v - mu) ** 2).mean(axis=1, keepdims=True) + 1e-5)
            return (v - mu) / s, s

        def grad(v):
            xhat, s = normed(v)
            return (g - g.mean(axis=1, keepdims=True) - xhat * (g * xhat).mean(axis=1, keepdims=True)) / s

        return Named("f = Σ G ⊙ layernorm(x)", lambda v: np.sum(g * normed(v)[0])), Named("layernorm backward", grad), x
    if name == "cross_entropy":  # mean softmax cross-entropy in the logits (5, 4)
        x, y = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)

        def loss(z):
            zs = z - z.max(axis=1, keepdims=True)
            return -np.mean((zs - np.log(np.exp(zs).sum(axis=1, keepdims=True)))[np.arange(5), y])

        def grad(z):
            e = np.exp(z - z.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            p[np.arange(5), y] -= 1
            return p / 5

        return Named("f = mean cross-entropy(logits)", loss), Named("(softmax - onehot)/N", grad), x
    raise KeyError(name)


def _entrywise_errors(f, grad_f, x, eps=1e-6):
    analytic, numeric = np.asarray(grad_f(x), dtype=np.float64), numeric_grad(f, np.ascontiguousarray(x), eps)
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-12), \
        relative_error(analytic, numeric)


def _want_grad_check(f, grad_f, x, eps=1e-6, tol=1e-4):
    errors, m = _entrywise_errors(f, grad_f, x, eps)
    worst = np.unravel_index(np.argmax(errors), errors.shape)
    return {"max_rel_error": m, "ok": m < tol, "worst_index": tuple(int(i) for i in worst)}


def _judge_grad_check(check, ref, f, grad_f, x, **kwargs):
    """grad_check against this file's own answer. worst_index may be any entry whose relative error
    equals the maximum (opposite signs give exactly 1 in several entries at once)."""
    errors, _ = _entrywise_errors(f, grad_f, x, kwargs.get("eps", 1e-6))
    want = _want_grad_check(f, grad_f, x, **kwargs)
    mistakes = ref.mistakes("grad_check", (f, grad_f, x), kwargs)
    what = check.describe("grad_check", (f, grad_f, x), kwargs)
    got = check.run_learner("grad_check", f, grad_f, x, **kwargs)
    _result_form(got, x, what, kwargs.get("tol", 1e-4))
    index = tuple(int(i) for i in got["worst_index"])
    if all(0 <= i < n for i, n in zip(index, errors.shape)) and np.isclose(errors[index], errors.max(), rtol=1e-9,
                                                                           atol=0):
        want["worst_index"] = index  # a tie, or equal up to rounding: either index is right
    close(got, want, what=what, mistakes=mistakes, hint=GRAD_CHECK_HINT)
    return got


def _result_form(got, x, what, tol=1e-4):
    """grad_check's answer must be the documented dict; say plainly what is off."""
    if not isinstance(got, dict):
        raise Mismatch(f"{what}\n  expected a dict with keys {sorted(KEYS)}, got {type(got).__name__}")
    if set(got) != KEYS:
        raise Mismatch(f"{what}\n  keys: expected {sorted(KEYS)}, got {sorted(got, key=str)}")
    if not isinstance(got["ok"], (bool, np.bool_)):
        raise Mismatch(f"{what}\n  'ok' must be a bool, got {type(got['ok']).__name__}")
    if not isinstance(got["max_rel_error"], (float, np.floating)):
        raise Mismatch(f"{what}\n  'max_rel_error' must be a float, got {type(got['max_rel_error']).__name__}")
    index = got["worst_index"]
    if not (isinstance(index, tuple) and len(index) == np.ndim(x)
            and all(isinstance(i, (int, np.integer)) for i in index)):
        raise Mismatch(f"{what}\n  'worst_index' must be a tuple of {np.ndim(x)} ints (an index into x of shape "
                       f"{np.shape(x)}), got {index!r}")
    if bool(got["ok"]) != (float(got["max_rel_error"]) < tol):
        raise Mismatch(f"{what}\n  'ok' is {bool(got['ok'])} but max_rel_error is {float(got['max_rel_error']):.3g} "
                       f"and tol is {tol:g}: ok must be True exactly when max_rel_error < tol")


# --- numerical_gradient ----------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("fixture", FIXTURES)
def test_numerical_gradient_matches_central_differences(check, ref, seed, fixture):
    """Same central differences, same eps: only rounding may differ (forward differences, a wrong
    divisor or an unrestored entry are all far outside the float64 tolerance)."""
    f, _, x = _fixture(fixture, seed)
    check.against("numerical_gradient", numeric_grad(f, x), f, x)


@pytest.mark.points(2)
@pytest.mark.parametrize("fixture", ["sin", "logsumexp", "cross_entropy"])
def test_numerical_gradient_is_second_order(check, ref, seed, fixture):
    """At eps = 1e-3 central differences are within ~1e-7 of the true gradient (these functions'
    third derivatives are at most ~1), forward ones ~1e-4 off."""
    f, grad_f, x = _fixture(fixture, seed)
    check.against("numerical_gradient", grad_f(x), f, x, eps=1e-3, tol="grad_numeric",
           hint="central differences at eps = 1e-3 are this close to the analytic gradient; check the formula")


@pytest.mark.points(2)
def test_numerical_gradient_float32_input(check, ref, seed):
    f, _, x = _fixture("logsumexp", seed)
    x32 = x.astype(np.float32)
    check.against("numerical_gradient", numeric_grad(f, x32), f, x32,
           hint="the result is float64 whatever x's dtype: differentiate on a float64 copy of x")


@pytest.mark.points(2)
@pytest.mark.parametrize("layout", ["transposed", "strided"])
def test_numerical_gradient_non_contiguous_input(check, ref, seed, layout):
    """x.reshape(-1) of such an x is a copy, so nudges made through it never reach f."""
    if layout == "transposed":
        f, _, x = _fixture("mlp", seed, noncontiguous=True)
    else:
        f, _, _ = _fixture("sin", seed)
        x = np.random.default_rng(seed).normal(size=(9, 2))[::2, 0]  # (5,), every fourth number of a buffer
    assert not x.flags.c_contiguous
    # numeric_grad is given a C-ordered copy: it writes through x.reshape(-1), which copies an F-ordered x
    check.against("numerical_gradient", numeric_grad(f, np.ascontiguousarray(x)), f, x)


# --- relative_error --------------------------------------------------------------------------------

def _pair(seed, shape):
    """b = a plus errors whose size varies a lot from entry to entry, as in a real gradient check."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=shape) * 10.0 ** rng.uniform(-3, 2, size=shape)
    return a, a + rng.normal(size=shape) * 10.0 ** rng.uniform(-6, 0, size=shape)


@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(7,), (3, 5), (2, 3, 5), ()])
def test_relative_error_matches_reference(check, seed, shape):
    a, b = _pair(seed, shape)
    check("relative_error", a, b)


@pytest.mark.points(2)
def test_relative_error_zero_and_tiny_entries(check, seed):
    """Near-equal gradients with exact zeros and entries far below the 1e-12 floor."""
    a, _ = _pair(seed, (4, 6))
    b = a * (1 + 1e-7)
    a[0, :2] = b[0, :2] = 0.0
    a[1, 3], b[1, 3] = 3e-13, -1e-13  # divided by the floor 1e-12: 0.4
    a[2, 5], b[2, 5] = 2e-300, 0.0
    check("relative_error", a, b)


@pytest.mark.points(1)
def test_relative_error_accepts_lists(check, seed):
    a, b = _pair(seed, (2, 3))
    check("relative_error", a.tolist(), b.tolist())


@pytest.mark.points(1)
def test_relative_error_of_equal_arrays_is_zero(check, seed):
    a, _ = _pair(seed, (3, 4))
    a[1] = 0.0
    check("relative_error", a, a.copy())


# --- grad_check ------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("fixture", FIXTURES)
def test_grad_check_accepts_correct_gradients(check, seed, fixture):
    """The day's acceptance: a correct gradient reports max relative error < 1e-4 and ok."""
    f, grad_f, x = _fixture(fixture, seed)
    what = check.describe("grad_check", (f, grad_f, x), {})
    got = check.run_learner("grad_check", f, grad_f, x)
    _result_form(got, x, what)
    if not float(got["max_rel_error"]) < 1e-4 or not got["ok"]:
        raise Mismatch(f"{what}\n  a correct gradient must give max_rel_error < 1e-4 and ok=True; got "
                       f"{float(got['max_rel_error']):.3g} and ok={bool(got['ok'])} (for float64 central differences "
                       "it is around 1e-8 or less)")


@pytest.mark.points(2)
@pytest.mark.parametrize("fixture", ["quad", "layernorm"])
def test_grad_check_rejects_gradient_off_by_two(check, ref, seed, fixture):
    """Twice the true gradient: every entry's relative error is 1/3 (worst_index is not judged here,
    since the entries differ by rounding only)."""
    f, grad_f, x = _fixture(fixture, seed)
    wrong = Named(f"2·({grad_f.name})", lambda v: 2 * grad_f(v))
    want = _want_grad_check(f, wrong, x)
    mistakes = {k: v["max_rel_error"] for k, v in ref.mistakes("grad_check", (f, wrong, x), {}).items()}
    what = check.describe("grad_check", (f, wrong, x), {})
    got = check.run_learner("grad_check", f, wrong, x)
    _result_form(got, x, what)
    close(got["max_rel_error"], want["max_rel_error"], what=what + " max_rel_error", mistakes=mistakes,
          hint=GRAD_CHECK_HINT)
    if got["ok"]:
        raise Mismatch(f"{what}\n  ok=True for a gradient twice too big: ok must be False when max_rel_error >= tol")


@pytest.mark.points(3)
@pytest.mark.parametrize("fixture", ["mlp", "quad"])
def test_grad_check_flags_planted_one_entry_bug(check, ref, seed, fixture):
    """One entry of a correct gradient is pushed up by 0.5 + |g|: its relative error is >= 1/3, the
    others' ~1e-9, so it must be the worst_index."""
    f, grad_f, x = _fixture(fixture, seed)
    planted = tuple(int(i) for i in np.unravel_index(np.random.default_rng(seed).integers(x.size), x.shape))

    def buggy(v):
        g = np.array(grad_f(v), dtype=np.float64)
        g[planted] += 0.5 + abs(g[planted])
        return g

    _judge_grad_check(check, ref, f, Named(f"({grad_f.name}) with a bug at {planted}", buggy), x)


@pytest.mark.points(2)
def test_grad_check_rejects_transposed_matrix(check, ref, seed):
    """The gradient of ½ vᵀAv is ½(A + Aᵀ)v; A·v alone is right only for a symmetric A."""
    f, _, x = _fixture("quad", seed)
    _judge_grad_check(check, ref, f, Named("A·v + b (forgot Aᵀ)", lambda v: (f.a @ v.ravel() + f.b).reshape(v.shape)), x)


@pytest.mark.points(2)
@pytest.mark.parametrize("side", ["above", "below"])
def test_grad_check_uses_eps_and_tol(check, ref, seed, side):
    """At eps = 1e-2 even a correct gradient shows a truncation error of ~1e-6; tol decides."""
    f, grad_f, x = _fixture("sin", seed)
    m = _want_grad_check(f, grad_f, x, eps=1e-2)["max_rel_error"]
    _judge_grad_check(check, ref, f, grad_f, x, eps=1e-2, tol=2 * m if side == "above" else m / 2)


@pytest.mark.points(1)
def test_grad_check_sign_flipped_gradient_at_tol_one(check, ref, seed):
    """-grad against grad: every entry's relative error is exactly 1, the largest there is. With
    tol = 1 the check must still fail: ok means max_rel_error < tol, strictly."""
    f, grad_f, x = _fixture("sin", seed)
    _judge_grad_check(check, ref, f, Named(f"-({grad_f.name})", lambda v: -grad_f(v)), x, tol=1.0)


# --- sigmoid_grad ----------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(7,), (3, 5), (2, 3, 5)])
def test_sigmoid_grad_matches_reference(check, seed, shape):
    check("sigmoid_grad", np.random.default_rng(seed).normal(0.0, 3.0, size=shape))


@pytest.mark.points(1)
def test_sigmoid_grad_large_inputs_stay_finite(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 1.0, size=(4, 6)) * 800.0
    check("sigmoid_grad", x)


@pytest.mark.points(1)
def test_sigmoid_grad_keeps_float32(check, seed):
    check("sigmoid_grad", np.random.default_rng(seed).normal(0.0, 3.0, size=(5, 3)).astype(np.float32))


@pytest.mark.points(1)
def test_sigmoid_grad_matches_torch_autograd(check, seed):
    x = np.random.default_rng(seed).normal(0.0, 3.0, size=(6, 5))
    got = check.run_learner("sigmoid_grad", x)
    (want,) = upstream_autograd(torch.sigmoid, [x], np.ones_like(x))
    close(got, want, what=check.describe("sigmoid_grad", (x,), {}) + " against torch autograd", tol="grad_autograd")


# --- softmax_cross_entropy_grad --------------------------------------------------------------------

def _logits(seed, n, c, scale=2.0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, c)) * scale).astype(dtype), rng.integers(0, c, size=n)


@pytest.mark.points(1)
@pytest.mark.parametrize("n, c", [(4, 3), (7, 5), (1, 6)])
def test_softmax_cross_entropy_grad_matches_reference(check, seed, n, c):
    check("softmax_cross_entropy_grad", *_logits(seed, n, c))


@pytest.mark.points(2)
def test_softmax_cross_entropy_grad_large_logits(check, seed):
    check("softmax_cross_entropy_grad", *_logits(seed, 6, 4, scale=1e3))


@pytest.mark.points(1)
def test_softmax_cross_entropy_grad_keeps_float32(check, seed):
    check("softmax_cross_entropy_grad", *_logits(seed, 5, 3, dtype=np.float32))


@pytest.mark.points(2)
def test_softmax_cross_entropy_grad_matches_torch_autograd(check, seed):
    logits, y = _logits(seed, 9, 7)
    got = check.run_learner("softmax_cross_entropy_grad", logits, y)
    (want,) = upstream_autograd(lambda z: F.cross_entropy(z, torch.from_numpy(y)), [logits], np.array(1.0))
    close(got, want, what=check.describe("softmax_cross_entropy_grad", (logits, y), {}) + " against torch autograd",
          tol="grad_autograd")
