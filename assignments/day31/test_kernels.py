"""Day 31 visible tests: run them with  pytest assignments/day31  (or  ai100 check day31).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with torch's own add and softmax, and with properties every correct answer has.
Every call of your vector_add / softmax_fused made by these tests carries two guards:
  - without a GPU your kernels run in Triton's interpreter under a bounds guard: a load or store
    outside the kernel's tensors stops with the kernel line instead of reading garbage;
  - torch arithmetic on the host (x + y, torch.exp, torch.softmax, .sum() …) fails the call: the
    kernel must do the work.
The autograder runs more cases on inputs you do not see, and times your kernels on a GPU.
"""

import numpy as np
import pytest
import torch

from course_tools.checks import close
from course_tools.tripwires import no_torch_compute
from course_tools.triton_guard import bounds_checked

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


@pytest.fixture(autouse=True)
def _kernel_guards(check):
    """Every call of your functions through `check` is bounds-checked when interpreted, and may
    not compute with torch on the host."""
    check.guards += [bounds_checked, no_torch_compute]


def _randn(seed, shape, scale=1.0):
    # NumPy's generator gives the same numbers on every machine and torch version (the visible
    # tests' recorded values are keyed by these exact inputs); then onto the device.
    x = np.random.default_rng(seed).standard_normal(shape) * scale
    return torch.from_numpy(x.astype(np.float32)).to(DEVICE)


@pytest.mark.points(1)
def test_get_device_matches_torch(check):
    got = check.run_learner("get_device")
    want = "cuda" if torch.cuda.is_available() else "cpu"
    assert str(got) == want, f"get_device() returned {got!r}; torch.cuda.is_available() says {want!r}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed, n", [(0, 17), (1, 1000)])
def test_vector_add_matches_reference(check, seed, n):
    check("vector_add", _randn(seed, n), _randn(seed + 100, n), tol="triton_float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_vector_add_matches_torch_add(check, seed):
    x, y = _randn(seed, 4097), _randn(seed + 100, 4097)  # four full blocks of 1024 and one lone element
    got = check.run_learner("vector_add", x, y)
    close(got, torch.add(x, y), what=f"day31: vector_add((4097,) float32) against torch.add, seed {seed}",
          tol="triton_float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_vector_add_returns_new_tensor(check, seed):
    x, y = _randn(seed, 5), _randn(seed + 100, 5)
    got = check("vector_add", x, y, tol="triton_float32")
    assert got.device == x.device, f"the result is on {got.device}, the inputs on {x.device}"
    assert got.data_ptr() not in (x.data_ptr(), y.data_ptr()), "return a new tensor, not an input"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed, shape", [(4, (4, 17)), (5, (2, 1000))])
def test_softmax_fused_matches_reference(check, seed, shape):
    check("softmax_fused", _randn(seed, shape, scale=3.0), tol="triton_float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_softmax_fused_matches_torch_softmax(check, seed):
    x = _randn(seed, (3, 4097))  # BLOCK_SIZE 8192: more than half of the lanes are masked off
    got = check.run_learner("softmax_fused", x)
    close(got, torch.softmax(x, dim=1), what=f"day31: softmax_fused((3, 4097) float32) against torch.softmax, "
          f"seed {seed}", tol="triton_float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_softmax_fused_rows_sum_to_one_at_large_logits(check, seed):
    x = _randn(seed, (5, 31), scale=1e4)  # exp(1e4) is inf in float32
    p = check("softmax_fused", x, tol="triton_float32")
    assert torch.isfinite(p).all(), "softmax_fused returned inf/NaN at logits of size 1e4 — subtract the row max"
    close(p.sum(dim=1), torch.ones(5, device=p.device), what="day31: softmax_fused((5, 31)) row sums, seed 7",
          tol="float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [8])
def test_softmax_fused_strided_rows(check, seed):
    wide = _randn(seed, (4, 24))
    x = wide[:, :19]  # a column slice: row r starts 24 elements after row r - 1, not 19
    check("softmax_fused", x, tol="triton_float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [9])
def test_softmax_fused_returns_new_tensor(check, seed):
    x = _randn(seed, (2, 6))
    got = check("softmax_fused", x, tol="triton_float32")
    assert got.device == x.device, f"the result is on {got.device}, the input on {x.device}"
    assert got.data_ptr() != x.data_ptr(), "return a new tensor, not the input"
