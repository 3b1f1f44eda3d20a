"""Day 01 visible tests: run them with  pytest assignments/day01  (or  ai100 check day01).

pick_device is tested with fake probes (small functions that claim CUDA or MPS is or is not
there), device_report against torch's own answers on your machine, and MemoryLogger with a fake
clock. The autograder runs more cases, with clock steps you do not see.
"""

import json
import os
import platform

import pytest
import torch

from course_tools.checks import close, expect_raises


def _probes(cuda, mps):
    return {"cuda": lambda: cuda, "mps": lambda: mps}


@pytest.mark.points(1)
@pytest.mark.parametrize("cuda, mps, prefer, want", [
    (True, False, "cuda", "cuda"),
    (False, False, "cuda", "cpu"),   # no CUDA: fall back to the CPU, never return "cuda"
    (False, True, "cuda", "cpu"),    # an absent preference falls back to the CPU, not to the other GPU
    (False, True, "mps", "mps"),
    (True, True, "cpu", "cpu"),
    (False, True, "auto", "mps"),
    (True, True, "auto", "cuda"),
])
def test_pick_device_with_fake_probes(check, cuda, mps, prefer, want):
    got = check.run_learner("pick_device", prefer, probes=_probes(cuda, mps))
    close(got, torch.device(want), what=f"day01: pick_device({prefer!r}) with CUDA {cuda}, MPS {mps}")


@pytest.mark.points(1)
def test_pick_device_without_probes_agrees_with_torch(check):
    want = "cuda" if torch.cuda.is_available() else "cpu"
    close(check.run_learner("pick_device", "cuda"), torch.device(want), what="day01: pick_device('cuda') here")


@pytest.mark.points(1)
def test_pick_device_unknown_preference(check):
    expect_raises(ValueError, "day01: pick_device('gpu')", lambda: check.run_learner("pick_device", "gpu"),
                  because="'gpu' is not one of cuda, mps, cpu, auto")


@pytest.mark.points(1)
def test_device_report_keys_and_values(check):
    report = check.run_learner("device_report")
    json.dumps(report)  # plain Python values only
    assert report["torch_version"] == torch.__version__
    assert report["cuda_available"] is torch.cuda.is_available()
    assert report["mps_available"] is torch.backends.mps.is_available()
    assert report["cpu_count"] == os.cpu_count(), "cpu_count is os.cpu_count(), not torch's thread count"
    assert report["backend"] in ("cuda", "mps", "cpu")
    if report["backend"] == "cpu":
        assert report["device_name"] == platform.machine()


@pytest.mark.points(1)
def test_memory_logger_with_a_fake_clock(check):
    times = iter([10.0, 10.0, 11.0, 12.0, 12.5, 15.0, 16.0, 17.0])  # made at 10.0, then 7 ticks
    readings = iter([100, 200, 300, 400])
    logger = check.run_learner("MemoryLogger", lambda: next(readings), interval_s=2.0, clock=lambda: next(times))
    results = [logger.tick() for _ in range(7)]
    assert results == [True, False, True, False, True, False, True]
    close(list(logger.rows), [{"t": 0.0, "bytes": 100}, {"t": 2.0, "bytes": 200}, {"t": 5.0, "bytes": 300},
                              {"t": 7.0, "bytes": 400}], what="day01: MemoryLogger rows")
    assert logger.peak() == 400
