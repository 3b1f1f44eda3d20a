"""Hidden graders for day 31 (first Triton kernels: vector_add, softmax_fused, get_device).

Correctness runs everywhere: compiled on a GPU, in Triton's interpreter on a CPU. Every call of
the learner's vector_add / softmax_fused (outside the timed tests) goes through
course_tools.triton_guard.checked_calls: interpreted launches are bounds-checked (an access outside
the kernel's tensor arguments fails with the kernel line, before it happens) and torch operators
that compute on the host (x + y, torch.softmax, …) fail the call — the kernel must do the work.
Inputs sit between canary bytes (triton_guard.guarded), so a store outside them is caught on a
GPU too. Throughput is graded on a GPU only, against torch itself; the interpreter is never timed.

Each test draws its inputs from its hidden seed; the lengths 2731 and the (7, 333) matrix are never
used by the visible tests.
"""

import os

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, close
from course_tools.throughput import assert_throughput
from course_tools.tripwires import no_torch_compute
from course_tools.triton_guard import bounds_checked, guarded

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
TOL = "triton_float32"

ADD_HINT = ("wrong only near the end: the last, partial block needs a program too (grid = triton.cdiv(N, "
            "BLOCK_SIZE)); wrong from index BLOCK_SIZE on: offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)")
SOFTMAX_HINT = ("right in the first columns only: BLOCK_SIZE must be a power of two >= n_cols "
                "(triton.next_power_of_2); wrong rows: row r starts at x_ptr + r * x.stride(0)")


@pytest.fixture(autouse=True)
def _kernel_guards(check):
    """Every learner call made through `check` is bounds-checked when interpreted, and may not
    compute with torch on the host (timed calls go straight to the learner, unguarded)."""
    check.guards += [bounds_checked, no_torch_compute]


def _randn(seed, shape, scale=1.0):
    # NumPy's generator gives the same numbers on every machine and torch version (the visible
    # tests' recorded values are keyed by these exact inputs); then onto the device.
    x = np.random.default_rng(seed).standard_normal(shape) * scale
    return torch.from_numpy(x.astype(np.float32)).to(DEVICE)


def _judged(check, name, *inputs, hint, gap=0):
    """check(name, …) on copies of `inputs` placed between canaries, which must be intact afterwards."""
    guards = [guarded(t, gap=gap) for t in inputs]
    args = tuple(g.tensor for g in guards)
    what = check.describe(name, args, {})
    got = check(name, *args, tol=TOL, hint=hint)
    for g in guards:
        g.verify(what)
    return got


# --- get_device ------------------------------------------------------------------------------------

@pytest.mark.points(1)
def test_get_device_matches_torch(check):
    got = check.run_learner("get_device")
    want = "cuda" if torch.cuda.is_available() else "cpu"
    if str(got) != want:
        raise Mismatch(f"day31: get_device()\n  expected {want!r} (torch.cuda.is_available() is "
                       f"{torch.cuda.is_available()}), got {got!r}")


# --- vector_add ------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 17, 1000, 4097, 2731])
def test_vector_add_matches_reference(check, seed, n):
    _judged(check, "vector_add", _randn(seed, n), _randn(seed + 1, n), hint=ADD_HINT)


@pytest.mark.points(2)
def test_vector_add_matches_torch_add(check, seed):
    x, y = _randn(seed, 1531), _randn(seed + 1, 1531)
    got = check.run_learner("vector_add", x, y)
    what = check.describe("vector_add", (x, y), {}) + " against torch.add"
    close(got, torch.add(x, y), what=what, tol=TOL, hint=ADD_HINT)


@pytest.mark.points(1)
def test_vector_add_returns_new_tensor_on_input_device(check, seed):
    x, y = _randn(seed, 37), _randn(seed + 1, 37)
    got = check.run_learner("vector_add", x, y)
    _assert_new_tensor(check.describe("vector_add", (x, y), {}), got, (37,), x, y)


# --- softmax_fused ---------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(3, 1), (4, 17), (2, 1000), (2, 4097), (7, 333)],
                         ids=lambda shape: "x".join(map(str, shape)))
def test_softmax_fused_matches_reference(check, seed, shape):
    _judged(check, "softmax_fused", _randn(seed, shape, scale=3.0), hint=SOFTMAX_HINT)


@pytest.mark.points(2)
def test_softmax_fused_matches_torch_softmax(check, seed):
    x = _randn(seed, (5, 129), scale=2.0)
    got = check.run_learner("softmax_fused", x)
    what = check.describe("softmax_fused", (x,), {}) + " against torch.softmax"
    close(got, torch.softmax(x, dim=1), what=what, tol=TOL, hint=SOFTMAX_HINT)


@pytest.mark.points(2)
def test_softmax_fused_large_logits_stay_finite(check, seed):
    got = _judged(check, "softmax_fused", _randn(seed, (6, 45), scale=1e4), hint=SOFTMAX_HINT)
    if not torch.isfinite(got).all():
        raise Mismatch("day31: softmax_fused at logits of size 1e4 returned inf/NaN — subtract the row max first")


@pytest.mark.points(2)
def test_softmax_fused_strided_rows(check, seed):
    """x is a column slice of a wider matrix: x.stride(0) = n_cols + 9, and the gaps hold NaN."""
    _judged(check, "softmax_fused", _randn(seed, (5, 23)), hint=SOFTMAX_HINT, gap=9)


@pytest.mark.points(1)
def test_softmax_fused_returns_new_tensor_on_input_device(check, seed):
    x = _randn(seed, (3, 10))
    got = check.run_learner("softmax_fused", x)
    _assert_new_tensor(check.describe("softmax_fused", (x,), {}), got, (3, 10), x)


def _assert_new_tensor(what, got, shape, *inputs):
    if not isinstance(got, torch.Tensor):
        raise Mismatch(f"{what}\n  expected a torch.Tensor, got {type(got).__name__}")
    problems = []
    if tuple(got.shape) != shape:
        problems.append(f"shape {tuple(got.shape)}, expected {shape}")
    if got.dtype != torch.float32:
        problems.append(f"dtype {got.dtype}, expected torch.float32")
    if got.device != inputs[0].device:
        problems.append(f"device {got.device}, expected the input's device {inputs[0].device}")
    if any(got.untyped_storage().data_ptr() == t.untyped_storage().data_ptr() for t in inputs):
        problems.append("it is (a view of) an input — allocate the output, e.g. torch.empty_like(x)")
    if problems:
        raise Mismatch(f"{what}\n  the result must be a new float32 tensor on the input's device: "
                       + "; ".join(problems))


# --- throughput (GPU only) -------------------------------------------------------------------------

SIDE = 4096


def _compiled_gpu_only():
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA GPU")
    if os.environ.get("TRITON_INTERPRET", "0") not in ("", "0"):
        pytest.skip("kernels are interpreted here, and the interpreter is never timed")


def _assert_fast(mine, theirs, *, min_fraction, what, seed, hint):
    """Pass when `mine` moves data at >= min_fraction of `theirs`' rate (same bytes: a time ratio)."""
    for _ in range(3):  # compile and warm up outside the timed rounds
        mine()
        theirs()
    assert_throughput(mine, theirs, max_ratio=1.0 / min_fraction, seed=seed, what=what,
                      hint=f"needs >= {min_fraction:g}× torch's throughput; {hint}")


@pytest.mark.gpu
@pytest.mark.points(3)
def test_vector_add_throughput(check, seed):
    """At least 0.9× torch.add's GB/s on 4096² float32 elements, measured interleaved."""
    _compiled_gpu_only()
    x, y = _randn(seed, SIDE * SIDE), _randn(seed + 1, SIDE * SIDE)
    what = f"day31: vector_add(({SIDE * SIDE},) float32) against torch.add, seed {seed}"
    close(check.run_learner("vector_add", x, y), torch.add(x, y), what=what + " (checked before timing)", tol=TOL)

    mine = check.timed("vector_add", x, y, sync=True)

    def theirs():
        torch.add(x, y)
        torch.cuda.synchronize()

    _assert_fast(mine, theirs, min_fraction=0.9, what=what, seed=seed,
                 hint="one program per BLOCK_SIZE = 1024 elements or more; no copies (.contiguous(), .clone()) "
                      "and no synchronize inside vector_add")


@pytest.mark.gpu
@pytest.mark.points(3)
def test_softmax_fused_throughput(check, seed):
    """At least 0.8× torch.softmax's GB/s on a 4096 x 4096 float32 matrix, measured interleaved."""
    _compiled_gpu_only()
    x = _randn(seed, (SIDE, SIDE), scale=3.0)
    what = f"day31: softmax_fused(({SIDE}, {SIDE}) float32) against torch.softmax, seed {seed}"
    close(check.run_learner("softmax_fused", x), torch.softmax(x, dim=1), what=what + " (checked before timing)",
          tol=TOL)

    mine = check.timed("softmax_fused", x, sync=True)

    def theirs():
        torch.softmax(x, dim=1)
        torch.cuda.synchronize()

    _assert_fast(mine, theirs, min_fraction=0.8, what=what, seed=seed,
                 hint="read each row once (one program per row, the whole row in one block) and give long rows "
                      "more warps: num_warps=num_warps_for(BLOCK_SIZE)")
