"""Day 12 visible tests: run them with  pytest assignments/day12  (or  ai100 check day12).

The traced functions and models are the fixtures in course_tools/fixtures/day12.py (read them:
marked lines end in `# <- name`). Values are checked against what the fixture must hold at that
line, gradients against torch autograd, and the NaN hunt against the layer the fixture planted.
The autograder runs more cases on inputs you do not see.
"""

import copy

import numpy as np
import pytest
import torch

from course_tools.checks import close, expect_raises
from course_tools.fixtures import day12 as fx


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_capture_locals_sees_the_loss(check, seed):
    rng = np.random.default_rng(seed)
    w, X, y = rng.standard_normal(2), rng.standard_normal((6, 2)), rng.standard_normal(6)
    got = check.run_learner("capture_locals", fx.linreg_step, (w, X, y, 0.1), fx.line_of(fx.linreg_step, "loss"))
    assert set(got) == {"w", "X", "y", "lr", "pred", "err", "loss"}, f"locals before the 'loss' line: {sorted(got)}"
    close(got["loss"], float(np.mean((X @ w - y) ** 2)), what=f"day12: captured loss, seed {seed}")


@pytest.mark.points(1)
def test_capture_locals_first_pass_of_a_loop(check):
    got = check.run_learner("capture_locals", fx.running_mean, ([4.0, 5.0, 6.0],), fx.line_of(fx.running_mean, "loop"))
    assert got == {"xs": [4.0, 5.0, 6.0], "total": 0.0, "out": [], "i": 0, "x": 4.0}, got


@pytest.mark.points(1)
def test_capture_locals_copies_values(check):
    got = check.run_learner("capture_locals", fx.grow, ([1, 2, 3],), fx.line_of(fx.grow, "two"))
    assert got["seen"] == [2, 4], "seen must be as it was at the line, not as grow left it"


@pytest.mark.points(1)
def test_capture_locals_never_reached(check):
    expect_raises(LookupError, "day12: capture_locals(never_reaches, (3,), ...)",
                  lambda: check.run_learner("capture_locals", fx.never_reaches, (3,),
                                            fx.line_of(fx.never_reaches, "negative")),
                  because="for x = 3 the marked line never runs")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_grad_norms_against_autograd(check, seed):
    model = fx.make_mlp(seed)
    g = torch.Generator().manual_seed(seed)
    X, y = torch.randn(8, 4, generator=g, dtype=torch.float64), torch.randint(0, 3, (8,), generator=g)
    twin = copy.deepcopy(model)
    torch.nn.functional.cross_entropy(twin(X), y).backward()
    want = {name: float(p.grad.norm()) for name, p in twin.named_parameters()}
    for p in model.parameters():
        p.grad = torch.ones_like(p)  # stale gradients: grad_norms must not add to them
    got = check.run_learner("grad_norms", model, X, y)
    close(got, want, what=f"day12: grad_norms(make_mlp({seed}), X, y) against autograd", tol="grad_autograd")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_first_nonfinite_module_finds_the_planted_nan(check, seed):
    x = torch.randn(4, 5, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    assert check.run_learner("first_nonfinite_module", fx.make_broken(seed, "encoder.2"), x) == "encoder.2"
    assert check.run_learner("first_nonfinite_module", fx.make_broken(seed, None), x) is None
