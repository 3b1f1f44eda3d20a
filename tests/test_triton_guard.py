"""Tests of course_tools.triton_guard: the interpreter's bounds guard, canaries, host-compute check.

The kernels below run in Triton's interpreter (the kit's pytest plugin sets TRITON_INTERPRET=1
where there is no GPU). On a machine where they are compiled the interpreter tests skip; the
test that the guard then patches nothing runs everywhere.
"""

import os
import subprocess
import sys
import types

import pytest
import torch
import triton
import triton.language as tl

from course_tools.checks import Mismatch
from course_tools.checks import CallChecker
from course_tools.tripwires import HostCompute, no_torch_compute
from course_tools.triton_guard import OutOfBounds, bounds_checked, guarded, is_installed

BLOCK = 256


@triton.jit
def copy_kernel(x_ptr, out_ptr, n, SHIFT: tl.constexpr, MASK_LOAD: tl.constexpr, MASK_STORE: tl.constexpr,
                BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    if MASK_LOAD:
        x = tl.load(x_ptr + offs + SHIFT, mask=mask)
    else:
        x = tl.load(x_ptr + offs + SHIFT)
    if MASK_STORE:
        tl.store(out_ptr + offs, x, mask=mask)
    else:
        tl.store(out_ptr + offs, x)


@triton.jit
def copy_untracked_kernel(x_ptr, out_ptr, n, SHIFT: tl.constexpr, BLOCK: tl.constexpr):
    """As copy_kernel, but the load's pointer goes through tl.where, which the guard does not follow."""
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    ptrs = tl.where(mask, x_ptr + offs + SHIFT, x_ptr)
    tl.store(out_ptr + offs, tl.load(ptrs, mask=mask), mask=mask)


@triton.jit
def rows_kernel(x_ptr, out_ptr, x_row_stride, out_row_stride, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * x_row_stride + cols, mask=mask)
    tl.store(out_ptr + row * out_row_stride + cols, x * 2.0, mask=mask)


@triton.jit
def wild_masked_kernel(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    """Masked-off lanes point far outside every tensor: allowed, they are never accessed."""
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    wild = tl.where(mask, offs, offs + 1_000_000)
    tl.store(out_ptr + wild, tl.load(x_ptr + wild, mask=mask), mask=mask)


@triton.jit
def count_kernel(counts_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.atomic_add(counts_ptr + offs, 1)  # no mask: lanes >= n land past the end


@triton.jit
def stub_kernel(x_ptr):
    raise NotImplementedError("day99: stub_kernel — see README")


interpreted = pytest.mark.skipif(type(copy_kernel).__name__ != "InterpretedFunction",
                                 reason="kernels are compiled here (GPU): the interpreter guard does not apply")


def _copy(x, n, *, shift=0, mask_load=True, mask_store=True, out=None):
    out = torch.empty(n) if out is None else out
    copy_kernel[(triton.cdiv(n, BLOCK),)](x, out, n, SHIFT=shift, MASK_LOAD=mask_load, MASK_STORE=mask_store,
                                          BLOCK=BLOCK)
    return out


def _pristine():
    import triton.runtime.interpreter as interp

    return ("create_masked_load" not in vars(interp.interpreter_builder)
            and "create_masked_store" not in vars(interp.interpreter_builder)
            and "create_addptr" not in vars(interp.interpreter_builder)
            and interp.GridExecutor.__call__.__module__ == interp.__name__
            and interp._implicit_cvt.__module__ == interp.__name__ and not is_installed())


# --- the guard lets correct kernels through --------------------------------------------------------

@interpreted
def test_correct_masked_kernel_passes():
    x = torch.randn(1000)
    with bounds_checked() as guard:
        assert guard.active
        out = _copy(x, 1000)
    assert torch.equal(out, x)


@interpreted
def test_strided_rows_within_the_view_pass():
    wide = torch.randn(5, 24)
    x = wide[:, :19]  # row stride 24, span ends 5 short of the storage
    out = torch.empty(5, 19)
    with bounds_checked():
        rows_kernel[(5,)](x, out, x.stride(0), out.stride(0), 19, BLOCK=32)
    assert torch.equal(out, x * 2)


@interpreted
def test_masked_off_lanes_may_point_anywhere():
    x, out = torch.randn(10), torch.zeros(10)
    with bounds_checked():
        wild_masked_kernel[(1,)](x, out, 10, BLOCK=16)
    assert torch.equal(out, x)


# --- and stops bad accesses before they happen ------------------------------------------------------

@interpreted
def test_unmasked_tail_load_is_caught_before_it_reads():
    import triton.runtime.interpreter as interp

    builder = interp.interpreter_builder
    real_load, loads = builder.create_masked_load, []

    def spy(ptrs, mask, other, cache_policy, is_volatile):
        loads.append(ptrs.data.size)
        return real_load(ptrs, mask, other, cache_policy, is_volatile)

    builder.create_masked_load = spy  # the guard wraps whatever is there, so it sits outside the spy
    try:
        x, out = torch.randn(1000), torch.zeros(1000)
        with pytest.raises(OutOfBounds) as err:
            with bounds_checked():
                _copy(x, 1000, mask_load=False, out=out)
    finally:
        del builder.create_masked_load
    message = str(err.value)
    assert "kernel copy_kernel" in message and "load" in message
    assert "24 lanes past the end of argument x_ptr" in message and "offsets 1000..1023" in message
    assert "did you mask the tail?" in message and "test_triton_guard.py" in message
    assert loads == [BLOCK, BLOCK, BLOCK]  # programs 0-2 loaded; program 3's load never ran
    assert torch.equal(out[:768], x[:768]) and not out[768:].any()  # nor did anything after it


@interpreted
def test_unmasked_tail_store_is_caught_before_memory_changes():
    buf = torch.full((1024 + 64,), -7.0)
    out = buf[:1000]  # the kernel's output; the rest of buf is what a stray store would hit
    with pytest.raises(OutOfBounds) as err:
        with bounds_checked():
            _copy(torch.randn(1000), 1000, mask_store=False, out=out)
    message = str(err.value)
    assert "store of 256 active lanes: 24 lanes past the end of argument out_ptr" in message
    assert "offsets 1000..1023" in message and "did you mask the tail?" in message
    assert torch.equal(buf[1000:], torch.full((88,), -7.0))  # untouched past the end


@interpreted
def test_reading_another_arguments_memory_is_caught():
    buf = torch.randn(2000)
    x, out = buf[:1000], buf[1000:]  # adjacent: x_ptr + 1000 is out's first element
    with pytest.raises(OutOfBounds) as err:
        with bounds_checked():
            _copy(x.clone(), 1000, shift=1000, out=out.clone())  # reads nothing but another tensor's memory...
    assert "past the end of argument x_ptr" in str(err.value)
    with pytest.raises(OutOfBounds) as err:
        with bounds_checked():
            _copy(x, 1000, shift=1000, out=out)  # ...and here that memory is the other argument
    message = str(err.value)
    assert "belongs to argument out_ptr, but the pointer was computed from x_ptr" in message


@interpreted
def test_an_access_spanning_two_arguments_is_caught_when_the_pointer_origin_is_lost():
    buf = torch.randn(2000)
    x, out = buf[:1000], buf[1000:]
    with pytest.raises(OutOfBounds) as err:
        with bounds_checked():
            copy_untracked_kernel[(4,)](x, out, 1000, SHIFT=5, BLOCK=BLOCK)
    assert "5 lanes past the end of argument x_ptr" in str(err.value)
    with bounds_checked():
        copy_untracked_kernel[(4,)](x, torch.empty(1000), 1000, SHIFT=0, BLOCK=BLOCK)  # in bounds: fine


@interpreted
def test_wrong_output_row_stride_names_the_stride():
    x = torch.randn(4, 20)
    out = torch.empty(4, 20)
    with pytest.raises(OutOfBounds) as err:
        with bounds_checked():
            rows_kernel[(4,)](x, out, x.stride(0), 25, 20, BLOCK=32)
    assert "row r of out_ptr starts at offset r * 20" in str(err.value)


@interpreted
def test_atomic_past_the_end_is_caught():
    counts = torch.zeros(10, dtype=torch.int32)
    with pytest.raises(OutOfBounds, match="atomic of 16 active lanes: 6 lanes past the end of argument counts_ptr"):
        with bounds_checked():
            count_kernel[(1,)](counts, 10, BLOCK=16)
    assert not counts.any()


@interpreted
def test_what_prefixes_the_message_and_out_of_bounds_is_a_mismatch():
    with pytest.raises(Mismatch) as err:
        with bounds_checked(what="day31: vector_add((1000,) float32), seed 3"):
            _copy(torch.randn(1000), 1000, mask_load=False)
    assert isinstance(err.value, OutOfBounds)
    assert str(err.value).startswith("day31: vector_add((1000,) float32), seed 3\n  kernel copy_kernel")


@interpreted
def test_other_kernel_errors_pass_through_unchanged():
    from triton.runtime.errors import InterpreterError

    with pytest.raises(InterpreterError, match="NotImplementedError"):  # the plugin's "not attempted" relies on it
        with bounds_checked():
            stub_kernel[(1,)](torch.zeros(1))


# --- installing and uninstalling ------------------------------------------------------------------------

@interpreted
def test_guard_uninstalls_itself_after_success_errors_and_nesting():
    assert _pristine()
    with bounds_checked():
        with bounds_checked():
            _copy(torch.randn(10), 10)
        assert is_installed()  # the inner exit leaves the outer guard in place
    assert _pristine()
    with pytest.raises(OutOfBounds):
        with bounds_checked():
            _copy(torch.randn(10), 10, mask_load=False)
    assert _pristine()
    _copy(torch.randn(10), 10)  # and the interpreter still works unguarded


def test_guard_patches_nothing_without_the_interpreter(monkeypatch):
    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    with bounds_checked() as guard:
        assert not guard.active and not is_installed()


def test_guard_does_not_even_import_triton_on_the_gpu_path():
    code = ("import sys; from course_tools.triton_guard import bounds_checked\n"
            "with bounds_checked() as g: pass\n"
            "assert not g.active and 'triton' not in sys.modules, sorted(m for m in sys.modules if 'triton' in m)")
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


# --- canaries (for compiled kernels) ------------------------------------------------------------------

def test_guarded_keeps_values_and_catches_writes_outside():
    x = torch.randn(3, 5)
    g = guarded(x, pad=8, gap=2)
    assert torch.equal(g.tensor, x) and g.tensor.stride() == (7, 1)
    assert torch.isnan(torch.as_strided(g.tensor, (3, 7), (7, 1))[:2, 5:]).all()  # the gaps read as NaN
    g.verify("untouched")
    g.tensor.mul_(2)  # inside: fine
    g.verify("written inside")
    torch.as_strided(g.tensor, (1,), (1,), g.tensor.storage_offset() + 5).fill_(0.0)  # into the first gap
    with pytest.raises(OutOfBounds, match="1 element in the gaps between rows"):
        g.verify("day31: softmax_fused")


def test_guarded_catches_a_store_past_the_end():
    g = guarded(torch.randn(100), pad=16)
    torch.as_strided(g.tensor, (3,), (1,), g.tensor.storage_offset() + 100).fill_(1.0)
    with pytest.raises(OutOfBounds, match="3 elements past the end"):
        g.verify("day31: vector_add")


# --- the kernel must do the work ----------------------------------------------------------------------

def test_no_torch_compute_allows_allocation_and_catches_arithmetic():
    x = torch.randn(4, 3)
    with no_torch_compute():
        out = torch.empty_like(x)
        x.t().contiguous().view(-1)
        out.copy_(x)
    with pytest.raises(HostCompute, match="torch add"):
        with no_torch_compute(what="day31: vector_add"):
            x + x
    with pytest.raises(HostCompute, match="torch softmax"):
        with no_torch_compute():
            x.softmax(1)


def test_call_checker_guards_wrap_every_learner_call():
    learner = types.SimpleNamespace(add=lambda x, y: x + y, empty=lambda x: torch.empty_like(x))
    check = CallChecker(day="day99", learner=learner, ref=None)
    check.guards.append(no_torch_compute)
    check.run_learner("empty", torch.zeros(2))  # allocating is fine
    with pytest.raises(HostCompute, match=r"day99: add\(\(2,\) float32, \(2,\) float32\)"):
        check.run_learner("add", torch.zeros(2), torch.ones(2))
