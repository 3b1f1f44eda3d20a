# %%
"""Day 24 — exact Shapley values: who gets the credit for a model's prediction?

Letters used below:
  D   number of features (at most 10 here: exact Shapley values visit all 2^D coalitions)
  B   number of background rows (the "typical" data a missing feature is drawn from)
  G   number of grid values for a partial dependence curve

The model is a function `f` that takes a 2-D batch, an (M, D) float64 array, and returns an (M,)
float64 array, one prediction per row. A coalition S is a set of features; its value is

    v(S) = mean over background rows b of f(z_b),  where z_b takes x's value on the features in S
                                                   and b's own value on the others.

So v(∅) is the mean prediction over the background and v(all features) is f(x).

Calls to f cost. When you are graded, f runs in the grader's process and every call is a round
trip between two processes: build ONE big batch (all coalitions × all background rows) and call f
once, or at worst once per coalition — never once per row.

Check your work:  pytest assignments/day24   (or: ai100 check day24)
"""

import numpy as np


# %%
def coalition_values(f, x, background):
    """The value v(S) of every coalition S, in one call to f.

    f: callable, (M, D) float64 → (M,) float64.  x: (D,) float64.  background: (B, D) float64.
    Returns (2^D,) float64: entry m is v(S) for the coalition S whose members are the set bits of m
    (feature i is in S when (m >> i) & 1 is 1), so entry 0 is v(∅) and entry 2^D − 1 is f(x).

    Stack 2^D copies of the background, overwrite the members' columns with x, call f once on the
    (2^D · B, D) batch, and average each block of B predictions. About 7 lines.
    """
    ### BEGIN SOLUTION
    d, b = len(x), len(background)
    masks = (np.arange(2 ** d)[:, None] >> np.arange(d)) & 1 == 1  # (2^D, D) bool: row m = members of S_m
    batch = np.where(masks[:, None, :], x, background[None, :, :])  # (2^D, B, D)
    predictions = np.asarray(f(batch.reshape(-1, d)), dtype=np.float64)  # (2^D · B,)
    return predictions.reshape(2 ** d, b).mean(axis=1)
    ### END SOLUTION


# %%
def exact_shapley(f, x, background):
    """Exact Shapley values of the prediction f(x), against a background set.

    f: callable, (M, D) float64 → (M,) float64.  x: (D,) float64.  background: (B, D) float64, B >= 1.
    Returns phi, (D,) float64:

        phi[i] = Σ over coalitions S not containing i of  |S|! (D − |S| − 1)! / D!  · (v(S ∪ {i}) − v(S))

    — the empty coalition included. They add up to f(x) − mean f(background) (efficiency). Use
    coalition_values for the v(S) (one call to f) and math.factorial for the weights.
    About 10 lines.
    """
    ### BEGIN SOLUTION
    from math import factorial

    d = len(x)
    values = coalition_values(f, x, background)  # (2^D,)
    sizes = np.array([bin(m).count("1") for m in range(2 ** d)])
    weight = np.array([factorial(s) * factorial(d - s - 1) / factorial(d) for s in range(d)])  # by |S|
    phi = np.zeros(d)
    for i in range(d):
        without = np.flatnonzero((np.arange(2 ** d) >> i) & 1 == 0)  # coalitions S with i not in S
        phi[i] = np.sum(weight[sizes[without]] * (values[without | (1 << i)] - values[without]))
    return phi
    ### END SOLUTION


# %%
def top_features(phi, names, k):
    """The k features with the largest contributions in absolute value.

    phi: (D,) float64.  names: list of D str.  k: int, 1 <= k (k > D means all D).
    Returns a list of min(k, D) pairs (name, value) with value a Python float, ordered by |value|
    from largest to smallest; equal |value|s keep the order of the features (the lower index first).
    About 3 lines.
    """
    ### BEGIN SOLUTION
    order = np.argsort(-np.abs(phi), kind="stable")[:k]
    return [(names[i], float(phi[i])) for i in order]
    ### END SOLUTION


# %%
def kernel_shap(f, x, background, n_samples, seed):
    """Stretch: KernelSHAP, the Shapley values estimated from n_samples random coalitions.

    f, x, background: as for exact_shapley.  n_samples: int, coalitions to draw.  seed: int.
    Returns phi, (D,) float64, summing exactly to f(x) − mean f(background).

    The Shapley values are the solution of a weighted least-squares problem: find phi minimising
    Σ_S w(S) (v(S) − v(∅) − Σ_{i∈S} phi_i)², under Σ phi = v(all) − v(∅), where the Shapley kernel
    w(S) = (D − 1) / (C(D, |S|) |S| (D − |S|)) for 0 < |S| < D. KernelSHAP samples coalitions
    instead of visiting all 2^D: draw each coalition's size s ∈ {1..D−1} with probability
    ∝ (D − 1) / (s (D − s)) (the kernel summed over the sizes), then s features uniformly
    without replacement, and give every drawn coalition weight 1. Enforce the sum by eliminating
    the last feature: phi_last = total − Σ others. Draw with rng = np.random.default_rng(seed);
    evaluate v on all drawn coalitions with one call to f. About 20 lines.
    """
    ### BEGIN SOLUTION
    d = len(x)
    rng = np.random.default_rng(seed)
    sizes = np.arange(1, d)
    p = (d - 1) / (sizes * (d - sizes))
    drawn = rng.choice(sizes, size=n_samples, p=p / p.sum())
    z = np.zeros((n_samples, d), dtype=bool)  # z[r, i]: feature i is in drawn coalition r
    for r, s in enumerate(drawn):
        z[r, rng.choice(d, size=s, replace=False)] = True
    masks = np.vstack([np.zeros(d, bool), np.ones(d, bool), z])  # ∅, all, then the draws
    batch = np.where(masks[:, None, :], x, background[None, :, :])  # (n + 2, B, D)
    v = np.asarray(f(batch.reshape(-1, d)), dtype=np.float64).reshape(len(masks), -1).mean(axis=1)
    base, total = v[0], v[1] - v[0]
    zf = z.astype(np.float64)
    a = zf[:, :-1] - zf[:, -1:]  # phi_last = total − Σ others, substituted into Σ_{i∈S} phi_i
    y = v[2:] - base - zf[:, -1] * total
    head, *_ = np.linalg.lstsq(a, y, rcond=None)
    return np.append(head, total - head.sum())
    ### END SOLUTION


# %%
def partial_dependence_1d(model, X, j, grid):
    """Stretch: the partial dependence of a fitted model's prediction on feature j.

    model: a fitted regressor with .predict((M, D) array) → (M,).  X: (N, D) float64.  j: int.
    grid: (G,) float64, the values to set feature j to.
    Returns (G,) float64: entry g is the mean of model.predict(X with column j set to grid[g]) —
    scikit-learn's partial_dependence(model, X, [j], custom_values={j: grid}, method="brute").
    One predict call on a (G · N, D) batch. About 5 lines.
    """
    ### BEGIN SOLUTION
    n = len(X)
    batch = np.repeat(X[None, :, :], len(grid), axis=0)  # (G, N, D), a copy: X stays as it was
    batch[:, :, j] = np.asarray(grid, dtype=np.float64)[:, None]
    return np.asarray(model.predict(batch.reshape(-1, X.shape[1])), dtype=np.float64).reshape(len(grid), n).mean(axis=1)
    ### END SOLUTION
