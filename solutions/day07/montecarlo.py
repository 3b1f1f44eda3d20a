# %%
"""Day 07 — Monte-Carlo π: throw random darts, count, and measure how fast the answer improves.

A dart is a point (x, y) drawn uniformly in the unit square [0, 1)². It lands in the quarter disc
of radius 1 when x² + y² ≤ 1, which happens with probability p = π/4, so 4 × (share of hits)
estimates π. Each dart is a coin flip with spread σ = 4·√(p(1 − p)) ≈ 1.642 on the π scale; the
mean of n of them has spread σ/√n (the standard error), so the error shrinks like n^(-1/2).

Letters used below:
  n   darts per estimate          R   independent runs (repetitions)
  K   number of dart counts in an error curve

Randomness: every function that draws takes a `seed` and makes its own generator from it
(np.random.default_rng(seed); in torch, a seeded torch.Generator), never the global one. The
docstrings say which numbers are drawn, in which order and shape; follow that recipe and your
answers equal the reference's to the last bit. Draw differently but correctly and only the "exact for
seed" tests fail: the statistical tests judge the numbers, not the stream (see README).

Check your work:  pytest assignments/day07   (or: ai100 check day07)
"""

import numpy as np

# The distributions clt_sample_means can draw from: name -> (mean μ, standard deviation σ) of ONE draw.
DISTRIBUTIONS = {
    "uniform": (0.5, (1 / 12) ** 0.5),  # rng.random: uniform on [0, 1)
    "exponential": (1.0, 1.0),  # rng.exponential(1.0): rate 1, very skewed
    "dice": (3.5, (35 / 12) ** 0.5),  # rng.integers(1, 7): a fair six-sided die
}


# %%
def estimate_pi(n, seed):
    """π from n random darts in the unit square.

    n: int >= 1.  seed: int (or a np.random.Generator, which is then drawn from and advanced —
    np.random.default_rng returns a Generator it is given unchanged).
    Returns a Python float: 4 × hits / n, where a hit is a dart with x² + y² <= 1.

    The exact recipe:
      rng = np.random.default_rng(seed)
      x = rng.random(n), then y = rng.random(n)    (the same numbers as rng.random((2, n)))
    Whole-array operations only: a Python loop over a million darts is tens of times too slow
    and fails the speed test. About 4 lines.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    x, y = rng.random((2, n))  # (n,) each
    hits = np.count_nonzero(x * x + y * y <= 1.0)
    return 4.0 * hits / n
    ### END SOLUTION


# %%
def error_curve(ns, seed, reps=16):
    """How the error of estimate_pi falls with the number of darts.

    ns: (K,) ints >= 1 (a list or an int array), usually increasing.  seed: int.  reps: int R >= 2.
    Returns (ns, errors, slope):
      ns:     (K,) int64, a new array holding the dart counts you were given
      errors: (K,) float64, the root-mean-square error over R independent runs at each count:
              errors[i] = sqrt(mean over runs r of (estimate_r − π)²)
      slope:  Python float, the least-squares slope of log(errors) against log(ns), i.e.
              np.polyfit(np.log(ns), np.log(errors), 1)[0]. Theory says −1/2.

    The exact recipe: one generator, rng = np.random.default_rng(seed); then for each count n in
    the order given, R runs one after another, each run drawing its x then its y exactly as
    estimate_pi does (estimate_pi(n, rng) does just that; rng.random((R, 2, n)) draws the same).
    One estimate is as likely too high as too low, so a single run is a noisy measure of the
    error: the RMS over R runs is what follows σ/√n smoothly. About 8 lines.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    ns = np.array(ns, dtype=np.int64)  # a copy: the caller keeps their own
    errors = np.empty(len(ns))
    for i, n in enumerate(ns):
        estimates = np.array([estimate_pi(int(n), rng) for _ in range(reps)])  # (R,)
        errors[i] = np.sqrt(np.mean((estimates - np.pi) ** 2))
    slope = np.polyfit(np.log(ns), np.log(errors), 1)[0]
    return ns, errors, float(slope)
    ### END SOLUTION


# %%
def plot_error_curve(ns, errors, path):
    """Draw errors against ns on log-log axes and save the figure as a PNG file.

    ns: (K,) int array.  errors: (K,) float64 array (both as error_curve returns them).
    path: str, the file to write.
    Returns the PNG file's bytes (what was written to `path`).

    The image must be exactly 600 × 400 pixels: a figure of 6 × 4 inches at dpi 100, saved
    without bbox_inches="tight" (which crops the canvas to a different size). Use matplotlib's
    Agg backend: matplotlib.figure.Figure draws without any window or pyplot state (with pyplot,
    call matplotlib.use("Agg") first and plt.close(fig) after). Colours, markers and labels are
    yours; a dashed guide of slope −1/2 through the first point, errors[0]·√(ns[0]/ns), lets the
    eye compare the measurement with the theory. About 6 lines.
    """
    from matplotlib.figure import Figure

    ### BEGIN SOLUTION
    fig = Figure(figsize=(6, 4), dpi=100)
    ax = fig.add_subplot(xscale="log", yscale="log", xlabel="darts n", ylabel="RMS error of the π estimate")
    ax.plot(ns, errors, "o-")
    fig.savefig(path, format="png")
    with open(path, "rb") as f:
        return f.read()
    ### END SOLUTION


# %%
def estimate_pi_torch(n, device="cpu", seed=0):
    """estimate_pi in torch, on any device: the same darts idea, a GPU-ready random stream.

    n: int >= 1.  device: str or torch.device ("cpu", "cuda", "cuda:1", ...).  seed: int.
    Returns a Python float (not a tensor): 4 × hits / n.

    The exact recipe: a generator of your own on that device (torch's global random state is left
    alone), then both coordinates at once, made on the device in float32, the default:
      g = torch.Generator(device=device)
      g.manual_seed(seed)
      xy = torch.rand((2, n), generator=g, device=device)
    Row 0 is x, row 1 is y. Darts made on the CPU and copied over would be other numbers on a GPU,
    and cost a copy. About 5 lines.
    """
    import torch

    ### BEGIN SOLUTION
    g = torch.Generator(device=device)
    g.manual_seed(seed)
    xy = torch.rand((2, n), generator=g, device=device)  # (2, n) float32
    hits = torch.count_nonzero(xy[0] * xy[0] + xy[1] * xy[1] <= 1.0)
    return 4.0 * hits.item() / n
    ### END SOLUTION


# %%
def clt_sample_means(dist, n, reps, seed):
    """The means of R independent samples of n draws each: the central limit theorem, measured.

    dist: a key of DISTRIBUTIONS ("uniform", "exponential" or "dice").  n: int >= 1 draws per
    sample.  reps: int R >= 1 samples.  seed: int.
    Returns (R,) float64: entry r is the mean of sample r's n draws.

    Whatever the shape of one draw (flat, skewed, discrete), these means pile up around μ in a
    bell curve of spread σ/√n. The exact recipe: rng = np.random.default_rng(seed), then all R·n
    draws at once as an (R, n) array, one sample per row:
      "uniform":      rng.random((R, n))
      "exponential":  rng.exponential(1.0, (R, n))
      "dice":         rng.integers(1, 7, (R, n))
    About 6 lines.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    if dist == "uniform":
        draws = rng.random((reps, n))
    elif dist == "exponential":
        draws = rng.exponential(1.0, (reps, n))
    else:
        draws = rng.integers(1, 7, (reps, n))
    return draws.mean(axis=1)  # (R,) float64, integers included
    ### END SOLUTION


# %%
def estimate_pi_with_error(n, seed):
    """estimate_pi with its error bar: the estimate and its standard error.

    n: int >= 2.  seed: int.
    Returns (estimate, standard_error), two Python floats:
      estimate:        exactly estimate_pi(n, seed) — the same darts, the same recipe
      standard_error:  s / √n, where s is the sample standard deviation (ddof=1) of the n
                       per-dart values 4·[dart is a hit] — each 0 or 4, their mean the estimate.
    s is the spread of ONE dart (about 1.64); the estimate, a mean of n darts, spreads √n times
    less. By the central limit theorem, estimate ± 1.96 × standard_error covers π in about 95 % of
    seeds. About 5 lines.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    x, y = rng.random((2, n))
    values = 4.0 * (x * x + y * y <= 1.0)  # (n,): 4 for a hit, 0 for a miss
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(n))
    ### END SOLUTION
