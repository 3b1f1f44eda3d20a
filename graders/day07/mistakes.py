"""Day 07's classic mistakes, each written as the wrong function a learner would write.

Each follows the day's random recipe and gets one thing wrong, so a learner who made that mistake
gets exactly its answer for the graded seed, and the failure message names it.
"""

import numpy as np


def _darts(n, seed):
    x, y = np.random.default_rng(seed).random((2, n))
    return x, y


def _estimate(n, seed, *, hit=lambda x, y: x * x + y * y <= 1.0):
    x, y = _darts(n, seed)
    return 4.0 * np.count_nonzero(hit(x, y)) / n


def _same_numbers_for_x_and_y(n, seed):
    x = np.random.default_rng(seed).random(n)
    y = np.random.default_rng(seed).random(n)  # a second generator with the same seed: y is x again
    return 4.0 * np.count_nonzero(x * x + y * y <= 1.0) / n


def _hits(n, seed):
    x, y = _darts(n, seed)
    return np.count_nonzero(x * x + y * y <= 1.0)


MISTAKES = {
    "estimate_pi": {
        "forgot the factor 4: hits / n is the quarter disc's share of the square, π/4 ≈ 0.785":
            lambda n, seed: _hits(n, seed) / n,
        "x and y from two generators seeded alike: y equals x, every dart sits on the diagonal (≈ 2.83)":
            _same_numbers_for_x_and_y,
        "counted the misses (x² + y² > 1) instead of the hits":
            lambda n, seed: 4.0 * (n - _hits(n, seed)) / n,
        "tested x + y <= 1, a triangle of area 1/2, instead of the quarter disc x² + y² <= 1":
            lambda n, seed: _estimate(n, seed, hit=lambda x, y: x + y <= 1.0),
        "integer division: 4 * hits // n throws away everything after the decimal point":
            lambda n, seed: float(4 * _hits(n, seed) // n),
    },
}


# --- error_curve ---------------------------------------------------------------------------------------

def _runs(ns, seed, reps, *, reseed_per_count=False, reseed_per_run=False):
    """The (K, R) estimates of the recipe, or of a recipe that reseeds where it should not."""
    rng = np.random.default_rng(seed)
    out = np.empty((len(ns), reps))
    for i, n in enumerate(ns):
        if reseed_per_count:
            rng = np.random.default_rng(seed)
        for r in range(reps):
            source = np.random.default_rng(seed) if reseed_per_run else rng
            x, y = source.random((2, int(n)))
            out[i, r] = 4.0 * np.count_nonzero(x * x + y * y <= 1.0) / int(n)
    return out


def _curve(*, error="rms", fit="loglog", **reseed):
    def error_curve(ns, seed, reps=16):
        ns = np.array(ns, dtype=np.int64)
        dev = _runs(ns, seed, reps, **reseed) - np.pi
        errors = {"rms": np.sqrt(np.mean(dev ** 2, axis=1)), "mae": np.mean(np.abs(dev), axis=1),
                  "mse": np.mean(dev ** 2, axis=1)}[error]
        x, y = {"loglog": (np.log(ns), np.log(errors)), "linear": (ns, errors),
                "mixed": (np.log10(ns), np.log(errors)), "flipped": (np.log(errors), np.log(ns))}[fit]
        return ns, errors, float(np.polyfit(x, y, 1)[0])
    return error_curve


MISTAKES["error_curve"] = {
    "mean absolute error instead of the root-mean-square error": _curve(error="mae"),
    "mean squared error, never square-rooted: the slope comes out near −1 instead of −1/2": _curve(error="mse"),
    "a fresh default_rng(seed) for every dart count: each count reuses the first count's darts":
        _curve(reseed_per_count=True),
    "every run reseeded with the same seed: all R runs at a count are the same darts, the RMS is one run's error":
        _curve(reseed_per_run=True),
    "line fitted to ns and errors themselves, not to their logarithms": _curve(fit="linear"),
    "log10 of n against the natural log of the error: the slope is ln 10 ≈ 2.3 times too steep": _curve(fit="mixed"),
    "fit turned around (log n against log error): that slope is the reciprocal, near −2": _curve(fit="flipped"),
}


# --- estimate_pi_torch ---------------------------------------------------------------------------------

def _torch_darts(n, device, seed, *, on_cpu=False):
    import torch

    where = "cpu" if on_cpu else device
    g = torch.Generator(device=where)
    g.manual_seed(seed)
    return torch.rand((2, n), generator=g, device=where).to(device)


def _torch_estimate(*, factor=4.0, on_cpu=False):
    def estimate_pi_torch(n, device="cpu", seed=0):
        import torch

        xy = _torch_darts(n, device, seed, on_cpu=on_cpu)
        return factor * torch.count_nonzero(xy[0] * xy[0] + xy[1] * xy[1] <= 1.0).item() / n
    return estimate_pi_torch


MISTAKES["estimate_pi_torch"] = {
    "forgot the factor 4: hits / n is π/4 ≈ 0.785": _torch_estimate(factor=1.0),
    "darts drawn by a CPU generator and copied to the device: not the device's own random stream":
        _torch_estimate(on_cpu=True),
}


# --- clt_sample_means ------------------------------------------------------------------------------------

def _draws(dist, n, reps, seed, *, dice=(1, 7), shape=None):
    rng = np.random.default_rng(seed)
    shape = shape or (reps, n)
    if dist == "uniform":
        return rng.random(shape)
    if dist == "exponential":
        return rng.exponential(1.0, shape)
    return rng.integers(*dice, shape)


MISTAKES["clt_sample_means"] = {
    "sample sums instead of sample means: their spread grows like σ√n instead of shrinking like σ/√n":
        lambda dist, n, reps, seed: _draws(dist, n, reps, seed).sum(axis=1).astype(np.float64),
    "mean over axis 0: one mean per position across the R samples, not one per sample":
        lambda dist, n, reps, seed: _draws(dist, n, reps, seed).mean(axis=0),
    "dice from rng.integers(1, 6): the upper bound is excluded, so this die never shows a 6":
        lambda dist, n, reps, seed: _draws(dist, n, reps, seed, dice=(1, 6)).mean(axis=1),
    "dice from rng.integers(0, 6): faces 0 to 5 instead of 1 to 6":
        lambda dist, n, reps, seed: _draws(dist, n, reps, seed, dice=(0, 6)).mean(axis=1),
}


# --- estimate_pi_with_error -------------------------------------------------------------------------------

def _with_error(spread):
    def estimate_pi_with_error(n, seed):
        x, y = _darts(n, seed)
        values = 4.0 * (x * x + y * y <= 1.0)
        return float(values.mean()), float(spread(values, n))
    return estimate_pi_with_error


MISTAKES["estimate_pi_with_error"] = {
    "the error bar is the spread of ONE dart (s), not of the mean of n darts (s / √n)":
        _with_error(lambda v, n: v.std(ddof=1)),
    "divided by n instead of √n":
        _with_error(lambda v, n: v.std(ddof=1) / n),
    "the variance of the estimate (s² / n), not its standard deviation":
        _with_error(lambda v, n: v.var(ddof=1) / n),
    "the standard error of the hit rate, without the factor 4 that carries it to the π scale":
        _with_error(lambda v, n: (v / 4).std(ddof=1) / np.sqrt(n)),
    "ddof=0 (the population formula) where the sample standard deviation, ddof=1, was asked for":
        _with_error(lambda v, n: v.std() / np.sqrt(n)),
}
