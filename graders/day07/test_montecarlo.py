"""Hidden graders for day 07 (Monte-Carlo π).

Two kinds of test, so that a correct answer drawn another way still earns most of the points:
  *_exact_for_seed   compare with the live reference on the hidden seed: they pass only when the
                     random recipe of the docstrings is followed to the letter.
  everything else    judges the learner's own numbers by what every correct answer has — the error
                     at a million darts, the −1/2 slope, σ/√n, 95 % coverage — whatever the stream.
Statistical bounds sit at 4 to 6 standard deviations (or a median of three runs), so a correct
answer fails them about once in ten thousand seeds or less. Inputs never used by the visible
tests: n = 12_345 darts, the counts of UNSEEN_NS with reps = 5, samples of 37 draws.
"""

import math

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, close, png_problem
from course_tools.throughput import assert_throughput

P_HIT = math.pi / 4
SIGMA = 4 * math.sqrt(P_HIT * (1 - P_HIT))  # spread of one dart's 4·[hit] ≈ 1.642
DISTRIBUTIONS = {"uniform": (0.5, math.sqrt(1 / 12)), "exponential": (1.0, 1.0), "dice": (3.5, math.sqrt(35 / 12))}
CURVE_NS = np.array([100, 316, 1_000, 3_162, 10_000, 31_623, 100_000])  # half-decade steps
UNSEEN_NS = np.array([7, 60, 500, 4_321])
MILLION = 1_000_000

EXACT_HINT = ("follow the docstring's random recipe exactly: np.random.default_rng(seed), then the same draws in "
              "the same order and shape; a different but correct stream fails only the exact-for-seed tests")
TORCH_HINT = ("follow the docstring's recipe exactly: g = torch.Generator(device=device), g.manual_seed(seed), "
              "torch.rand((2, n), generator=g, device=device), row 0 is x; a correct estimate from another "
              "stream fails only the exact-for-seed tests")
LOOP_HINT = ("a Python loop over the darts is the usual cause: draw all n coordinates in one call and count the "
             "hits with one array comparison (np.count_nonzero / torch.count_nonzero)")


def _require(ok, message):
    """A failed condition, reported with its teaching message alone (no assert rewriting around it)."""
    if not ok:
        raise Mismatch(message)


def _number(check, name, args, got):
    """The learner's result as a float, failing plainly when it is not a single real number."""
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise Mismatch(f"{check.describe(name, args, {})}\n  expected a Python float, got {type(got).__name__}"
                       + (" — call .item() on a one-element tensor" if isinstance(got, torch.Tensor) else ""))
    return float(got)


def _estimates(check, name, args_list):
    return [_number(check, name, args, check.run_learner(name, *args)) for args in args_list]


# --- estimate_pi -----------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 1_000, 12_345])
def test_estimate_pi_exact_for_seed(check, seed, n):
    check("estimate_pi", n, seed, hint=EXACT_HINT)


@pytest.mark.points(3)
def test_estimate_pi_error_below_0005_at_a_million(check, seed):
    """The median error over three seeds: one run's standard error at n = 1e6 is σ/1000 ≈ 0.0016."""
    runs = [(MILLION, seed + i) for i in range(3)]
    errors = [abs(e - math.pi) for e in _estimates(check, "estimate_pi", runs)]
    _require(np.median(errors) < 0.005,
             f"{check.describe('estimate_pi', runs[0], {})} (and seeds +1, +2)\n  errors "
             f"{', '.join(f'{e:.4g}' for e in errors)}: the median should be below 0.005 (3 standard errors "
             "σ/√n ≈ 0.0016) — check the hit test x² + y² <= 1 and the factor 4")


@pytest.mark.points(2)
def test_estimate_pi_is_four_times_a_share_of_darts(check, seed):
    """Whatever the stream, an estimate is 4·k/n for a whole number of hits k, and varies with the seed."""
    n, runs = 777, [(777, seed + i) for i in range(5)]
    estimates = _estimates(check, "estimate_pi", runs)
    for args, est in zip(runs, estimates):
        k = est * n / 4
        _require(0 <= k <= n and abs(k - round(k)) < 1e-6,
                 f"{check.describe('estimate_pi', args, {})}\n  got {est!r}: that is not 4·k/{n} for a whole "
                 f"number of hits k in 0..{n} (k would be {k:.6g}) — return 4 × hits / n")
    _require(len(set(estimates)) > 1,
             f"{check.describe('estimate_pi', runs[0], {})}\n  five seeds gave the same answer {estimates[0]!r}: "
             "the darts must come from np.random.default_rng(seed)")


@pytest.mark.points(1)
def test_estimate_pi_same_seed_same_answer(check, seed):
    first, again = _estimates(check, "estimate_pi", [(5_000, seed), (5_000, seed)])
    _require(first == again,
             f"{check.describe('estimate_pi', (5_000, seed), {})}\n  two calls with one seed gave {first!r} and "
             f"{again!r} — draw from np.random.default_rng(seed), not from the global np.random functions")


@pytest.mark.points(3)
def test_estimate_pi_throughput(check, ref_module, seed):
    """Within 3× the reference's time at a million darts, measured interleaved.

    Only a plausible answer earns speed points: the timed call's error must be under 0.01 (6 standard
    errors); its exact value is the exact tests' business, so another random stream is timed too.
    """
    (est,) = _estimates(check, "estimate_pi", [(MILLION, seed)])
    _require(abs(est - math.pi) < 0.01, f"{check.describe('estimate_pi', (MILLION, seed), {})}\n  error "
             f"{abs(est - math.pi):.4g} at a million darts: fix the estimate first")
    assert_throughput(check.timed("estimate_pi", MILLION, seed), lambda: ref_module.estimate_pi(MILLION, seed),
                      max_ratio=3.0, what="day07: estimate_pi(1_000_000)", hint=LOOP_HINT, seed=seed)


# --- error_curve -----------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", ["unseen_counts_reps_5", "list_default_reps"])
def test_error_curve_exact_for_seed(check, seed, case):
    if case == "unseen_counts_reps_5":
        check("error_curve", UNSEEN_NS.copy(), seed, reps=5, hint=EXACT_HINT)
    else:
        check("error_curve", [100, 1_000, 10_000], seed, hint=EXACT_HINT)


def _curve(check, seed, reps):
    """The learner's (ns, errors, slope) on CURVE_NS, its form checked; ns must come back as given."""
    ns = CURVE_NS.copy()
    out = check.run_learner("error_curve", ns, seed, reps=reps)
    what = check.describe("error_curve", (ns, seed), {"reps": reps})
    _require(isinstance(out, (tuple, list)) and len(out) == 3, f"{what}\n  expected (ns, errors, slope), got "
             f"{type(out).__name__}")
    got_ns, errors, slope = out
    close(got_ns, ns, what=f"{what}: the ns returned", tol="exact")
    errors = np.asarray(errors, dtype=np.float64)
    _require(errors.shape == ns.shape and np.all(np.isfinite(errors)) and np.all(errors > 0),
             f"{what}\n  errors must be {len(ns)} positive finite numbers, got {errors!r}")
    return what, ns, errors, _number(check, "error_curve", (ns, seed), slope)


@pytest.mark.points(3)
def test_error_curve_slope_near_minus_half(check, seed):
    """16 runs per count over three decades: the fitted slope's own spread is about 0.03."""
    what, _, _, slope = _curve(check, seed, reps=16)
    _require(-0.7 <= slope <= -0.3,
             f"{what}\n  slope {slope:.4g} is outside [−0.7, −0.3]; theory says −1/2 (the error falls like 1/√n) — "
             "is the error the root-mean-square over runs, and the fit on log(ns) and log(errors)?")


@pytest.mark.points(2)
def test_error_curve_slope_is_the_fit_of_its_points(check, seed):
    what, ns, errors, slope = _curve(check, seed, reps=4)
    close(slope, float(np.polyfit(np.log(ns), np.log(errors), 1)[0]), tol="vs_library",
          what=f"{what}: the slope against a least-squares line through (log ns, log errors)")


@pytest.mark.points(2)
def test_error_curve_level_is_sigma_over_sqrt_n(check, seed):
    """RMS error × √n should be σ = 4√(p(1−p)) ≈ 1.642 at every n; with 64 runs per count the
    geometric mean over the 7 counts has a spread of about 3 %, and the bound is 15 %."""
    what, ns, errors, _ = _curve(check, seed, reps=64)
    level = float(np.exp(np.mean(np.log(errors * np.sqrt(ns)))))
    _require(abs(level / SIGMA - 1) < 0.15,
             f"{what}\n  errors × √n average {level:.4g}; the RMS error of a mean of n darts is σ/√n with "
             f"σ = 4·√(p(1−p)) = {SIGMA:.4g} (the mean absolute error would give about 0.8·σ)")


# --- plot_error_curve ---------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_plot_error_curve_png_of_600_by_400(check, seed):
    rng = np.random.default_rng(seed)
    ns = np.array([30, 300, 3_000, 30_000, 90_001])
    errors = SIGMA / np.sqrt(ns) * rng.lognormal(0.0, 0.2, size=len(ns))
    path = f"{check.scratch_dir()}/error_curve.png"  # where the learner's code can write, sandboxed or not
    png = check.run_learner("plot_error_curve", ns, errors, path)
    what = check.describe("plot_error_curve", (ns, errors, path), {})
    problem = png_problem(png, 600, 400)
    _require(problem is None, f"{what}\n  {problem}")
    written = check.read_file(path)
    _require(written is not None, f"{what}\n  no file at {path}: save the figure to `path`")
    _require(written == bytes(png), f"{what}\n  the bytes returned are not the file written")
    # A picture of the data changes with the data: a steeper curve must not give the same image.
    other = check.run_learner("plot_error_curve", ns, errors * (ns / ns[0]) ** -0.3, path)
    _require(png_problem(other, 600, 400) is None and bytes(other) != bytes(png),
             f"{what}\n  a curve with another slope gave the same picture: plot ns against errors")


# --- estimate_pi_torch ------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1_000, 12_345])
def test_estimate_pi_torch_exact_for_seed_on_cpu(check, seed, n):
    check("estimate_pi_torch", n, "cpu", seed, hint=TORCH_HINT)


@pytest.mark.points(2)
def test_estimate_pi_torch_error_below_0005_at_a_million(check, seed):
    runs = [(MILLION, "cpu", seed + i) for i in range(3)]
    errors = [abs(e - math.pi) for e in _estimates(check, "estimate_pi_torch", runs)]
    _require(np.median(errors) < 0.005,
             f"{check.describe('estimate_pi_torch', runs[0], {})} (and seeds +1, +2)\n  errors "
             f"{', '.join(f'{e:.4g}' for e in errors)}: the median should be below 0.005 (3 standard errors)")


@pytest.mark.points(2)
def test_estimate_pi_torch_python_float_four_times_a_share(check, seed):
    n, runs = 777, [(777, "cpu", seed + i) for i in range(5)]
    estimates = []
    for args in runs:
        got = check.run_learner("estimate_pi_torch", *args)
        what = check.describe("estimate_pi_torch", args, {})
        _require(isinstance(got, float), f"{what}\n  returned {type(got).__name__}, expected a Python float — "
                 ".item() turns a one-element tensor into one")
        k = got * n / 4  # 0.25 leaves room for a float32 division's rounding at this n
        _require(0 <= k <= n and abs(k - round(k)) < 0.25,
                 f"{what}\n  got {got!r}: not 4·k/{n} for a whole number of hits k in 0..{n}")
        estimates.append(got)
    _require(len(set(estimates)) > 1, f"{check.describe('estimate_pi_torch', runs[0], {})}\n  five seeds gave one "
             "answer: seed a torch.Generator with `seed` and pass it to torch.rand")


@pytest.mark.points(1)
def test_estimate_pi_torch_same_seed_same_answer(check, seed):
    first, again = _estimates(check, "estimate_pi_torch", [(5_000, "cpu", seed)] * 2)
    _require(first == again, f"{check.describe('estimate_pi_torch', (5_000, 'cpu', seed), {})}\n  two calls with "
             f"one seed gave {first!r} and {again!r} — use a generator of your own, seeded with `seed`")


@pytest.mark.points(2)
def test_estimate_pi_torch_agrees_with_numpy(check, seed):
    """Your torch and NumPy estimates at a million darts: two independent runs differ by about
    √2·σ/1000 ≈ 0.0023; the bound, 0.012, is five of those."""
    (with_torch,) = _estimates(check, "estimate_pi_torch", [(MILLION, "cpu", seed)])
    (with_numpy,) = _estimates(check, "estimate_pi", [(MILLION, seed)])
    _require(abs(with_torch - with_numpy) < 0.012,
             f"{check.describe('estimate_pi_torch', (MILLION, 'cpu', seed), {})}\n  torch gave {with_torch:.6g}, "
             f"your estimate_pi {with_numpy:.6g}: two correct estimates agree within 0.012")


@pytest.mark.points(2)
def test_estimate_pi_torch_throughput(check, ref_module, seed):
    (est,) = _estimates(check, "estimate_pi_torch", [(MILLION, "cpu", seed)])
    _require(abs(est - math.pi) < 0.01, f"{check.describe('estimate_pi_torch', (MILLION, 'cpu', seed), {})}\n  "
             f"error {abs(est - math.pi):.4g} at a million darts: fix the estimate first")
    assert_throughput(check.timed("estimate_pi_torch", MILLION, "cpu", seed),
                      lambda: ref_module.estimate_pi_torch(MILLION, "cpu", seed), max_ratio=3.0,
                      what="day07: estimate_pi_torch(1_000_000, 'cpu')", hint=LOOP_HINT, seed=seed)


@pytest.mark.gpu
@pytest.mark.points(2)
def test_estimate_pi_torch_exact_for_seed_on_cuda(check, seed):
    """On the GPU the exact value proves the darts were made there: a CPU generator's stream differs."""
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    check("estimate_pi_torch", 12_345, "cuda", seed, hint="make the generator and the darts on `device`")
    runs = [(MILLION, "cuda", seed + i) for i in range(3)]
    errors = [abs(e - math.pi) for e in _estimates(check, "estimate_pi_torch", runs)]
    _require(np.median(errors) < 0.005, f"{check.describe('estimate_pi_torch', runs[0], {})} (and seeds +1, +2)\n"
             f"  errors {', '.join(f'{e:.4g}' for e in errors)}: the median should be below 0.005")


# --- clt_sample_means -------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("dist", list(DISTRIBUTIONS))
def test_clt_sample_means_exact_for_seed(check, seed, dist):
    check("clt_sample_means", dist, 37, 50, seed, hint=EXACT_HINT)


def _means(check, dist, n, reps, seed):
    means = check.run_learner("clt_sample_means", dist, n, reps, seed)
    what = check.describe("clt_sample_means", (dist, n, reps, seed), {})
    _require(isinstance(means, np.ndarray) and means.shape == (reps,),
             f"{what}\n  expected a ({reps},) array, one mean per sample; got "
             f"{getattr(means, 'shape', type(means).__name__)}")
    return what, means.astype(np.float64)


@pytest.mark.points(2)
@pytest.mark.parametrize("dist", list(DISTRIBUTIONS))
def test_clt_sample_means_spread_is_sigma_over_sqrt_n(check, seed, dist):
    """With 4000 samples the measured spread is within about 1.2 % of σ/√n; the bound is 10 %."""
    n, reps = 30, 4_000
    what, means = _means(check, dist, n, reps, seed)
    _, sigma = DISTRIBUTIONS[dist]
    spread, want = float(means.std(ddof=1)), sigma / math.sqrt(n)
    _require(abs(spread / want - 1) < 0.1,
             f"{what}\n  the means spread by {spread:.4g}; the central limit theorem says σ/√n = {sigma:.4g}/√{n} "
             f"= {want:.4g} (σ is one draw's spread; a spread near σ·√n would mean sums, not means)")


@pytest.mark.points(2)
def test_clt_sample_means_centred_on_mu(check, seed):
    n, reps = 25, 2_000
    for i, (dist, (mu, sigma)) in enumerate(DISTRIBUTIONS.items()):
        what, means = _means(check, dist, n, reps, seed + i)
        bound = 5 * sigma / math.sqrt(n * reps)  # five standard errors of the mean of all n·reps draws
        _require(abs(means.mean() - mu) < bound,
                 f"{what}\n  the means average {means.mean():.5g}; one {dist} draw has mean μ = {mu:.4g}, and so "
                 f"has a mean of draws (allowed gap {bound:.2g})")


@pytest.mark.points(2)
def test_clt_sample_means_bell_shaped(check, seed):
    """Means of 50 exponential draws: about 95 % lie within 1.96·σ/√n of μ although one draw is very skewed."""
    n, reps = 50, 4_000
    what, means = _means(check, "exponential", n, reps, seed)
    share = float(np.mean(np.abs(means - 1.0) <= 1.96 / math.sqrt(n)))
    _require(0.93 <= share <= 0.97,
             f"{what}\n  {100 * share:.1f} % of the means lie within μ ± 1.96·σ/√n; a bell curve puts about 95 % "
             "there (allowed 93–97 %)")


# --- estimate_pi_with_error ---------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1_000, 4_321])
def test_estimate_pi_with_error_exact_for_seed(check, seed, n):
    check("estimate_pi_with_error", n, seed, hint=EXACT_HINT)


def _with_error(check, n, seed):
    args = (n, seed)
    out = check.run_learner("estimate_pi_with_error", *args)
    _require(isinstance(out, (tuple, list)) and len(out) == 2,
             f"{check.describe('estimate_pi_with_error', args, {})}\n  expected (estimate, standard_error), got "
             f"{type(out).__name__}")
    return tuple(_number(check, "estimate_pi_with_error", args, v) for v in out)


@pytest.mark.points(1)
def test_estimate_pi_with_error_same_darts_as_estimate_pi(check, seed):
    est, _ = _with_error(check, 2_001, seed)
    (plain,) = _estimates(check, "estimate_pi", [(2_001, seed)])
    close(est, plain, what=f"{check.describe('estimate_pi_with_error', (2_001, seed), {})}: the estimate against "
                           "your estimate_pi(n, seed) — the same seed must mean the same darts")


@pytest.mark.points(2)
def test_estimate_pi_with_error_size_is_sigma_over_sqrt_n(check, seed):
    """At n = 20 000 the standard error is σ/√n within about 0.5 %; the bound is 3 %."""
    n = 20_000
    _, se = _with_error(check, n, seed)
    want = SIGMA / math.sqrt(n)
    _require(abs(se / want - 1) < 0.03,
             f"{check.describe('estimate_pi_with_error', (n, seed), {})}\n  standard error {se:.4g}, expected about "
             f"σ/√n = {want:.4g} (σ = {SIGMA:.4g} is one dart's spread; the estimate is a mean of n darts)")


@pytest.mark.points(3)
def test_estimate_pi_with_error_interval_covers_pi_95_percent(check, seed):
    """400 runs of 1000 darts: estimate ± 1.96·SE should miss π about 20 times (spread ≈ 4.4)."""
    n, runs = 1_000, 400
    misses = 0
    for s in range(seed, seed + runs):
        est, se = _with_error(check, n, s)
        misses += abs(est - math.pi) > 1.96 * se
    coverage = 1 - misses / runs
    _require(0.91 <= coverage <= 0.985,
             f"{check.describe('estimate_pi_with_error', (n, seed), {})} to seed {seed + runs - 1}\n  estimate ± "
             f"1.96·SE covered π in {100 * coverage:.1f} % of {runs} runs; about 95 % is right (allowed 91–98.5 %) — "
             "too wide: the spread of one dart; too narrow: a missing √n or factor 4")
