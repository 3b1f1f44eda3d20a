"""Day 07 visible tests: run them with  pytest assignments/day07  (or  ai100 check day07).

Tests named *_matches_reference compare with values recorded from the reference solution for these
exact inputs: they pass only if you follow the random recipe in the docstrings. The others check
what every correct answer has, whatever the random stream: the size of the error, the −1/2 slope,
σ/√n, the shape of the PNG. The autograder runs more of both on seeds you do not see.
"""

import io
import math
import time

import numpy as np
import pytest
from PIL import Image

SIGMA = 4 * math.sqrt(math.pi / 4 * (1 - math.pi / 4))  # spread of one dart's 4·[hit] ≈ 1.642


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_estimate_pi_matches_reference(check, seed):
    check("estimate_pi", 1_000, seed)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_estimate_pi_close_at_a_million(check, seed):
    est = check.run_learner("estimate_pi", 1_000_000, seed)
    assert abs(est - math.pi) < 0.005, f"estimate_pi(1e6, seed={seed}) = {est}: error above 0.005 (3 standard errors)"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_estimate_pi_is_four_times_a_share_of_darts(check, seed):
    est = check.run_learner("estimate_pi", 999, seed)
    k = est * 999 / 4
    assert isinstance(est, float) and abs(k - round(k)) < 1e-6, f"got {est!r}: not 4 × (whole number of hits) / 999"


@pytest.mark.points(1)
def test_estimate_pi_fast_enough(check):
    """Whole-array NumPy needs a few milliseconds for 300 000 darts; a loop over them needs a few tenths of a second."""
    call = check.timed("estimate_pi", 300_000, 4)
    call()  # warm-up
    took = min(_seconds(call) for _ in range(3))
    assert took < 0.1, (f"estimate_pi(300_000) took {took:.3f} s (budget 0.1 s): draw the darts with one "
                        "rng.random call and count the hits with one array comparison — no Python loop")


def _seconds(call):
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [5])
def test_error_curve_matches_reference(check, seed):
    check("error_curve", np.array([100, 1_000, 10_000]), seed)
    check("error_curve", np.array([50, 400]), seed, reps=4)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_error_curve_slope_near_minus_half(check, seed):
    ns = np.array([100, 316, 1_000, 3_162, 10_000, 31_623])
    out_ns, errors, slope = check.run_learner("error_curve", ns, seed)
    assert np.array_equal(out_ns, ns) and out_ns.dtype == np.int64, "return ns as given, as an int64 array"
    assert -0.7 <= slope <= -0.3, f"slope {slope:.3f}: theory says −1/2, the graders accept [−0.7, −0.3]"
    fitted = np.polyfit(np.log(ns), np.log(errors), 1)[0]
    assert abs(slope - fitted) < 1e-9, f"slope {slope} is not the least-squares slope {fitted} of your points"
    level = np.exp(np.mean(np.log(errors * np.sqrt(ns))))
    assert abs(level / SIGMA - 1) < 0.3, f"errors × √n average {level:.3f}, expected about σ = {SIGMA:.3f}"


@pytest.mark.points(1)
def test_plot_error_curve_writes_a_600_by_400_png(check, tmp_path):
    ns = np.array([100, 1_000, 10_000, 100_000])
    errors = SIGMA / np.sqrt(ns)
    path = tmp_path / "error_curve.png"
    png = check.run_learner("plot_error_curve", ns, errors, str(path))
    assert path.is_file(), f"nothing written at {path}"
    assert path.read_bytes() == png, "return the bytes of the PNG file you wrote"
    image = Image.open(io.BytesIO(png))
    assert image.size == (600, 400), f"image is {image.size}, expected (600, 400): figsize=(6, 4), dpi=100, no tight bbox"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_estimate_pi_torch_close_and_a_python_float(check, seed):
    est = check.run_learner("estimate_pi_torch", 1_000_000, "cpu", seed)
    assert isinstance(est, float), f"returned {type(est).__name__}: return a Python float (tensor.item())"
    assert abs(est - math.pi) < 0.005, f"estimate_pi_torch(1e6) = {est}: error above 0.005"
    assert est == check.run_learner("estimate_pi_torch", 1_000_000, "cpu", seed), "same seed, different answer"
    k = est * 1e6 / 4
    assert abs(k - round(k)) < 0.25, f"got {est!r}: not 4 × (whole number of hits) / 1e6"
    numpy_est = check.run_learner("estimate_pi", 1_000_000, seed)
    assert abs(est - numpy_est) < 0.012, f"torch {est} and NumPy {numpy_est} disagree by more than 0.012"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [8])
def test_clt_sample_means_matches_reference(check, seed):
    for dist in ("uniform", "exponential", "dice"):
        check("clt_sample_means", dist, 20, 40, seed)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [9])
def test_clt_sample_means_spread_is_sigma_over_sqrt_n(check, seed):
    means = check.run_learner("clt_sample_means", "dice", 16, 2_000, seed)
    want = math.sqrt(35 / 12) / math.sqrt(16)
    assert means.shape == (2_000,), f"shape {means.shape}: one mean per sample, (reps,)"
    assert abs(means.std(ddof=1) / want - 1) < 0.1, f"means spread {means.std(ddof=1):.4f}, expected σ/√n = {want:.4f}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [10])
def test_estimate_pi_with_error_matches_reference(check, seed):
    check("estimate_pi_with_error", 1_000, seed)


@pytest.mark.points(1)
def test_estimate_pi_with_error_covers_pi_about_95_percent(check):
    misses = 0
    for seed in range(200):
        est, se = check.run_learner("estimate_pi_with_error", 500, seed)
        misses += abs(est - math.pi) > 1.96 * se
    assert 0.9 <= 1 - misses / 200 <= 0.99, f"estimate ± 1.96·SE missed π in {misses} of 200 runs; expect about 10"
