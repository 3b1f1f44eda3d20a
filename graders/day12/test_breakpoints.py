"""Hidden graders for day 12 (programmatic breakpoints).

The traced functions and the models come from course_tools.fixtures.day12, so they can be rebuilt
wherever the learner's code runs; their inputs are drawn from the hidden seed. grad_norms is
judged against torch autograd run here on a copy of the same model (float64, atol 1e-9); the
planted NaN/Inf layers of first_nonfinite_module are named by the fixture. Unseen here: 13
samples, the (7, 5, 6, 2) MSE network, an infinite weight, and the exp overflow.
"""

import copy
import sys

import numpy as np
import pytest
import torch
from torch import nn

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.fixtures import day12 as fx

N = 13  # samples: a size the visible tests never use


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _linreg_inputs(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, 3))
    return rng.standard_normal(3), X, X @ rng.standard_normal(3) + 0.1 * rng.standard_normal(N), 0.05


# --- capture_locals ----------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("mark", ["loss", "grad", "update"])
def test_capture_locals_matches_reference(check, seed, mark):
    w, X, y, lr = _linreg_inputs(seed)
    line = fx.line_of(fx.linreg_step, mark)
    got = check("capture_locals", fx.linreg_step, (w, X, y, lr), line,
                hint="the locals just BEFORE the marked line runs, counted from the def line (line 0)")
    err = X @ w - y
    close(got.get("loss"), float(np.mean(err ** 2)), what=f"day12: captured loss at line {line} of linreg_step, "
          f"seed {seed}, against the loss computed here")


@pytest.mark.points(1)
def test_capture_locals_with_kwargs(check, seed):
    w, X, y, lr = _linreg_inputs(seed)
    check("capture_locals", fx.linreg_step, (w, X, y), fx.line_of(fx.linreg_step, "grad"), kwargs={"lr": lr})


@pytest.mark.points(2)
@pytest.mark.parametrize("mark", ["loop", "done"])
def test_capture_locals_first_pass_of_a_loop(check, seed, mark):
    xs = np.random.default_rng(seed).standard_normal(N).tolist()
    check("capture_locals", fx.running_mean, (xs,), fx.line_of(fx.running_mean, mark),
          hint="the first time the line runs: a breakpoint in a loop stops on the first pass")


@pytest.mark.points(2)
def test_capture_locals_recursion_first_hit(check, seed):
    n = int(np.random.default_rng(seed).integers(4, 12))
    got = check("capture_locals", fx.tree_sum, (n,), fx.line_of(fx.tree_sum, "unwind"),
                hint="in a recursion the marked line first runs in the deepest call that reaches it")
    _require(got.get("n") == 1, f"day12: capture_locals(tree_sum, ({n},), unwind) gave n={got.get('n')}; the "
                                "first call to reach that line is the deepest, n=1")


@pytest.mark.points(2)
def test_capture_locals_copies_values(check, seed):
    values = np.random.default_rng(seed).integers(-50, 50, size=6).tolist()
    got = check("capture_locals", fx.grow, (values,), fx.line_of(fx.grow, "two"))
    _require(len(got.get("seen", [])) == 2, "day12: capture_locals(grow, ...) must show `seen` as it was at the "
                                            "line (two items), not as grow left it")


@pytest.mark.points(1)
@pytest.mark.parametrize("mark", ["before", "after"])
def test_capture_locals_only_in_fns_own_frames(check, seed, mark):
    a = float(np.random.default_rng(seed).standard_normal())
    check("capture_locals", fx.calls_helper, (a,), fx.line_of(fx.calls_helper, mark))


@pytest.mark.points(2)
def test_capture_locals_line_never_reached_raises_lookup_error(check, seed):
    x = int(np.random.default_rng(seed).integers(1, 100))
    line = fx.line_of(fx.never_reaches, "negative")
    what = f"day12: capture_locals(never_reaches, ({x},), {line})"
    try:
        check.run_learner("capture_locals", fx.never_reaches, (x,), line)
    except LookupError as exc:  # an IndexError from captured[0] (a LookupError too) is an accident, not a report
        _require(not isinstance(exc, (IndexError, KeyError)),
                 f"{what}\n  raised {type(exc).__name__}: {exc}; raise LookupError itself, with a message naming "
                 "the line that was never reached")
    else:
        raise Mismatch(f"{what}\n  returned normally; expected a LookupError because for x = {x} >= 0 the line "
                       "is never run")
    check("capture_locals", fx.never_reaches, (-x,), line)


@pytest.mark.points(1)
def test_capture_locals_passes_on_fns_exception(check, seed):
    x = float(np.random.default_rng(seed).standard_normal())
    line = fx.line_of(fx.fails_later, "ok")
    expect_raises(ValueError, f"day12: capture_locals(fails_later, ({x:.3f},), {line})",
                  lambda: check.run_learner("capture_locals", fx.fails_later, (x,), line),
                  because="fails_later raises ValueError after the line, and fn's exception reaches the caller")


def _outer_tracer(frame, event, arg):  # a do-nothing tracer standing in for a debugger or coverage
    return None


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["returns", "raises", "never_reached"])
def test_capture_locals_restores_the_previous_trace_function(check, seed, case):
    """(Observable only when the learner's code runs in this process.)"""
    fn, args, mark = {"returns": (fx.running_mean, ([1.0, 2.0],), "loop"), "raises": (fx.fails_later, (1.0,), "ok"),
                      "never_reached": (fx.never_reaches, (5,), "negative")}[case]
    for outer in (None, _outer_tracer):
        sys.settrace(outer)
        try:
            check.run_learner("capture_locals", fn, args, fx.line_of(fn, mark))
        except (ValueError, LookupError):
            pass
        finally:
            now = sys.gettrace()
            sys.settrace(None)
        _require(now is outer, f"day12: after capture_locals({fn.__name__}, ...) {'raised' if case != 'returns' else 'returned'}, "
                               f"sys.gettrace() is {now!r}, not the {outer!r} set before the call — save "
                               "sys.gettrace() first and put it back in a finally block")


# --- grad_norms --------------------------------------------------------------------------------------

CASES = {  # name → (sizes, frozen layers, loss module or None, targets)
    "cross_entropy": ((4, 16, 3), (), None, "labels"),
    "mse_unseen_shape": ((7, 5, 6, 2), (), "mse", "values"),
    "frozen_first_layer": ((4, 9, 3), ("fc1",), "ce_smoothed", "labels"),
}


def _grad_problem(seed, case):
    sizes, frozen, loss, targets = CASES[case]
    model = fx.make_mlp(seed, sizes, frozen=frozen)
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(N, sizes[0], generator=g, dtype=torch.float64)
    y = (torch.randint(0, sizes[-1], (N,), generator=g) if targets == "labels"
         else torch.randn(N, sizes[-1], generator=g, dtype=torch.float64))
    loss_fn = {None: None, "mse": fx.MSELoss(), "ce_smoothed": fx.CrossEntropyLoss(label_smoothing=0.1)}[loss]
    return model, X, y, loss_fn


def _autograd(model, X, y, loss_fn):
    """Norms and grads from torch autograd on a copy, with no stale gradients."""
    twin = copy.deepcopy(model)
    twin.zero_grad(set_to_none=True)
    (loss_fn or nn.CrossEntropyLoss())(twin(X), y).backward()
    params = [(n, p) for n, p in twin.named_parameters() if p.requires_grad]
    return ({n: float(torch.linalg.vector_norm(p.grad)) for n, p in params},
            {n: p.grad.clone() for n, p in params})


def _stale(model, seed):
    """Leftover gradients from an earlier backward pass, as a training loop leaves them."""
    g = torch.Generator().manual_seed(seed + 7)
    for p in model.parameters():
        if p.requires_grad:
            p.grad = torch.randn(p.shape, generator=g, dtype=p.dtype)


@pytest.mark.points(3)
@pytest.mark.parametrize("case", CASES)
def test_grad_norms_matches_autograd(check, seed, case):
    model, X, y, loss_fn = _grad_problem(seed, case)
    want, _ = _autograd(model, X, y, loss_fn)
    kwargs = {} if loss_fn is None else {"loss_fn": loss_fn}
    got = check.against("grad_norms", want, model, X, y, tol="grad_autograd", **kwargs,
                        hint="one backward pass of loss_fn(model(X), y); the L2 norm of each trainable parameter's .grad")
    _require(list(got) == list(want), f"day12: grad_norms keys {list(got)}; expected {list(want)}, in "
                                      "named_parameters() order, trainable parameters only")
    _require(all(type(v) is float for v in got.values()), "day12: grad_norms values must be Python floats "
                                                          "(float(tensor)), not tensors")


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["cross_entropy", "mse_unseen_shape"])
def test_grad_norms_ignores_stale_gradients(check, seed, case):
    """Stale .grad on every parameter, then two calls in a row: neither may add to old gradients."""
    model, X, y, loss_fn = _grad_problem(seed, case)
    want, _ = _autograd(model, X, y, loss_fn)
    _stale(model, seed)
    kwargs = {} if loss_fn is None else {"loss_fn": loss_fn}
    what = check.describe("grad_norms", (model, X, y), kwargs)
    for call in ("first call, with stale gradients left on the parameters", "second call in a row"):
        got = check.run_learner("grad_norms", model, X, y, **kwargs)
        close(got, want, what=f"{what} — {call}", tol="grad_autograd",
              mistakes={"old gradients were not cleared: backward() ADDS to .grad — call model.zero_grad() first":
                        {k: 2 * v for k, v in want.items()}},
              hint="backward() adds to whatever .grad holds: clear the gradients first (model.zero_grad())")


@pytest.mark.points(1)
def test_grad_norms_leaves_this_passs_gradients(check, seed):
    model, X, y, loss_fn = _grad_problem(seed, "cross_entropy")
    _, grads = _autograd(model, X, y, loss_fn)
    check.run_learner("grad_norms", model, X, y)
    for name, p in model.named_parameters():
        close(p.grad, grads[name], tol="grad_autograd", what=f"day12: {name}.grad after grad_norms(model, X, y), "
              f"seed {seed}, against autograd")


# --- first_nonfinite_module (stretch) ----------------------------------------------------------------

PLANTS = [("encoder.0", "nan"), ("encoder.2", "nan"), ("head", "nan"), ("encoder.2", "inf"), ("exp", "inf")]


@pytest.mark.points(2)
@pytest.mark.parametrize("where, kind", PLANTS)
def test_first_nonfinite_module_names_the_planted_layer(check, seed, where, kind):
    model = fx.make_broken(seed, where, kind)
    x = torch.randn(9, 5, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    got = check("first_nonfinite_module", model, x, tol="exact")
    _require(got == where, f"day12: first_nonfinite_module named {got!r}; the planted {kind} is in {where!r}")


@pytest.mark.points(1)
def test_first_nonfinite_module_none_when_all_finite(check, seed):
    model = fx.make_broken(seed, None)
    x = torch.randn(9, 5, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    got = check.run_learner("first_nonfinite_module", model, x)
    _require(got is None, f"day12: first_nonfinite_module on a healthy model returned {got!r}, not None")


def _hooks_left(model):
    return [name or "(the model)" for name, m in model.named_modules() if m._forward_hooks]


@pytest.mark.points(1)
@pytest.mark.parametrize("case", ["returns", "raises"])
def test_first_nonfinite_module_removes_its_hooks(check, seed, case):
    """(Observable only when the learner's code runs in this process.)"""
    model = fx.make_broken(seed, "encoder.2")
    width = 5 if case == "returns" else 4  # 4 features: the first Linear raises RuntimeError
    x = torch.randn(3, width, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    try:
        check.run_learner("first_nonfinite_module", model, x)
    except NotImplementedError:  # a RuntimeError too: the stub must stay "not attempted"
        raise
    except RuntimeError:
        pass
    left = _hooks_left(model)
    _require(not left, f"day12: first_nonfinite_module left forward hooks on {left} after it "
                       f"{'returned' if case == 'returns' else 'raised'}: keep the handles and .remove() them in "
                       "a finally block, or every later forward pass runs your hooks")
