"""Hidden graders for day 02 (a NumPy 4-16-3 MLP on Iris).

Each test draws fresh inputs from its hidden seed. Shapes the visible tests never use: a 5-11-4
network, and batches of 7 and 13 rows. forward's cache is the learner's own business: graders
compare only the probabilities, and feed the learner's backward the learner's own cache.

train is graded two ways. With batch_size = N the algorithm is pinned by the docstring (start
from init_params(seed), one full-batch step per epoch, losses after each epoch), so params and
losses must match the reference. With mini-batches the shuffling is the learner's choice, so
only behaviour is graded: held-out accuracy on Iris, a falling loss curve, determinism.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import Mismatch, close
from course_tools.data import iris_split
from course_tools.finite_differences import numeric_grad
from course_tools.gradients import upstream_autograd

KEYS = ("W1", "b1", "W2", "b2")
CASES = [  # ((D, H, C), N)
    ((4, 16, 3), 7),
    ((5, 11, 4), 13),  # the unseen network: odd sizes, 4 classes
    ((4, 16, 3), 30),
]
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


# --- inputs ------------------------------------------------------------------------------------------

def _params(seed, sizes, scale=0.5):
    """Random float64 parameters with nonzero biases (init_params' zero biases would hide bias bugs)."""
    rng = np.random.default_rng(seed)
    d, h, c = sizes
    return {"W1": rng.standard_normal((d, h)) * scale, "b1": rng.standard_normal(h) * scale,
            "W2": rng.standard_normal((h, c)) * scale, "b2": rng.standard_normal(c) * scale}


def _batch(seed, n, d, c):
    rng = np.random.default_rng(seed + 1)
    y = rng.integers(0, c, size=n)
    y[: c] = np.arange(c)[: n]  # every class present, so C = y.max() + 1
    return rng.standard_normal((n, d)), rng.permutation(y)


def _probs(seed, n, c):
    s = np.random.default_rng(seed + 2).standard_normal((n, c)) * 2.0
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --- independent formulations of the network (the grader's own, not the reference's) -----------------

def _scores_np(params, X):
    return np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def _loss_np(params, X, y):
    z = _scores_np(params, X)
    z = z - z.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(y.shape[0]), y].mean())


def _accuracy(params, X, y):
    return float(np.mean(np.argmax(_scores_np(params, X), axis=1) == y))


# --- calling the learner -------------------------------------------------------------------------------

def _probs_of(out):
    """forward returns (probs, cache); only probs are judged — the cache is the learner's business."""
    probs, _ = out
    return probs


def _check_probs(check, params, X):
    return check("forward", params, X, pick=_probs_of)


def _learner_grads(check, params, X, y):
    """The learner's own forward, then backward on the learner's own cache."""
    check.run_learner("forward", params, X, pick=_probs_of)
    return check.run_learner("backward", params, check.last_result[1], y)


# --- init_params ---------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("sizes", [(4, 16, 3), (5, 11, 4)])
def test_init_params_matches_reference(check, seed, sizes):
    check("init_params", sizes, seed=seed)


# --- forward -------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_forward_matches_reference(check, seed, case):
    sizes, n = CASES[case]
    X, _ = _batch(seed, n, sizes[0], sizes[2])
    _check_probs(check, _params(seed, sizes), X)


@pytest.mark.points(2)
def test_forward_large_scores_stay_finite(check, seed):
    params = _params(seed, (4, 16, 3))
    params["W2"] = params["W2"] * 5000.0  # class scores in the thousands: a bare np.exp overflows
    X, _ = _batch(seed, 7, 4, 3)
    _check_probs(check, params, X)


# --- cross_entropy -------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_cross_entropy_matches_reference(check, seed, case):
    (_, _, c), n = CASES[case]
    _, y = _batch(seed, n, 1, c)
    check("cross_entropy", _probs(seed, n, c), y)


# --- backward ------------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_backward_matches_reference(check, ref, seed, case):
    sizes, n = CASES[case]
    params = _params(seed, sizes)
    X, y = _batch(seed, n, sizes[0], sizes[2])
    _, ref_cache = ref.call("forward", (params, X), {})
    want = ref.call("backward", (params, ref_cache, y), {})
    mistakes = ref.mistakes("backward", (params, ref_cache, y), {})
    got = _learner_grads(check, params, X, y)
    close(got, want, what=check.describe("backward", (params, "cache", y), {}) + f" after forward on X {X.shape}",
          mistakes=mistakes)


@pytest.mark.points(3)
def test_backward_matches_numeric_grad(check, seed):
    """Against float64 central differences of the grader's own loss: the true gradient."""
    sizes, n = CASES[1]
    params = _params(seed, sizes)
    X, y = _batch(seed, n, sizes[0], sizes[2])
    got = _learner_grads(check, params, X, y)
    want = {k: numeric_grad(lambda v, k=k: _loss_np({**params, k: v}, X, y), params[k]) for k in KEYS}
    close(got, want, what=check.describe("backward", (params, "cache", y), {}) + " against central differences",
          tol="grad_numeric")


@pytest.mark.points(3)
def test_backward_matches_torch_autograd(check, seed):
    """Against torch autograd of an independent torch formulation (tanh, then F.cross_entropy)."""
    sizes, n = CASES[0]
    params = _params(seed, sizes)
    X, y = _batch(seed, n, sizes[0], sizes[2])
    got = _learner_grads(check, params, X, y)
    xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    loss = lambda w1, b1, w2, b2: F.cross_entropy(torch.tanh(xt @ w1 + b1) @ w2 + b2, yt)  # noqa: E731
    want = dict(zip(KEYS, upstream_autograd(loss, [params[k] for k in KEYS], np.array(1.0))))
    close(got, want, what=check.describe("backward", (params, "cache", y), {}) + " against torch autograd",
          tol="grad_autograd")


# --- sgd_step ------------------------------------------------------------------------------------------

@pytest.mark.points(2)
def test_sgd_step_matches_reference(check, seed):
    sizes = CASES[1][0]
    check("sgd_step", _params(seed, sizes), _params(seed + 5, sizes), 0.37)


@pytest.mark.points(2)
def test_sgd_step_leaves_params_unchanged(check, seed):
    params, grads = _params(seed, (4, 16, 3)), _params(seed + 5, (4, 16, 3))
    p_before, g_before = {k: v.copy() for k, v in params.items()}, {k: v.copy() for k, v in grads.items()}
    check.run_learner("sgd_step", params, grads, 0.1)  # fails if either dict was changed in place
    for name, before, after in (("params", p_before, params), ("grads", g_before, grads)):
        close(after, before, what=check.describe("sgd_step", (params, grads, 0.1), {}) + f" → {name} after the call",
              tol="exact", hint="return new arrays in a new dict; the caller still needs the old values")


# --- predict -------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("case", [1, 2])
def test_predict_matches_reference(check, seed, case):
    sizes, n = CASES[case]
    X, _ = _batch(seed, n, sizes[0], sizes[2])
    check("predict", _params(seed, sizes), X, tol="exact")


# --- train: pinned with one full batch -----------------------------------------------------------------

def _full_batch(check, ref, seed):
    X, y = _batch(seed, 13, 5, 4)
    kw = dict(epochs=6, lr=0.3, batch_size=13, hidden=11, seed=seed)
    want = ref.call("train", (X, y), kw)
    got = check.run_learner("train", X, y, **kw)
    if not (isinstance(got, tuple) and len(got) == 2):
        raise Mismatch(f"{check.describe('train', (X, y), kw)}\n  expected a tuple (params, losses), got {type(got).__name__}")
    return got, want, check.describe('train', (X, y), kw) + " (one full batch per epoch)"


@pytest.mark.points(3)
def test_train_full_batch_params_match_reference(check, ref, seed):
    (params, _), (want, _), what = _full_batch(check, ref, seed)
    close(params, want, what=what + " → params",
          hint="with batch_size = N every epoch is one step of full-batch gradient descent from "
               "init_params((D, hidden, C), seed), so the result is fixed")


@pytest.mark.points(2)
def test_train_full_batch_losses_match_reference(check, ref, seed):
    (_, losses), (_, want), what = _full_batch(check, ref, seed)
    close(list(losses), want, what=what + " → losses",
          hint="losses[e] is cross_entropy on the whole (X, y) after epoch e's steps, one per epoch")


@pytest.mark.points(3)
def test_train_solves_xor(check, seed):
    kw = dict(epochs=500, lr=1.0, batch_size=4, hidden=8, seed=seed % 1000)
    params, _ = check.run_learner("train", XOR_X, XOR_Y, **kw)
    got = np.argmax(_scores_np(params, XOR_X), axis=1)
    assert np.array_equal(got, XOR_Y), (
        f"{check.describe('train', (XOR_X, XOR_Y), kw)}: XOR not learned — predicted {got.tolist()} for "
        f"{XOR_Y.tolist()}. A 2-8-2 tanh network solves it in 500 full-batch steps; check backward first.")


# --- train: behaviour with mini-batches ----------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("kw", [dict(epochs=100, lr=0.1, batch_size=16),
                                dict(epochs=60, lr=0.05, batch_size=10)], ids=["batch16", "batch10"])
def test_train_reaches_85_percent_on_iris(check, seed, kw):
    X_tr, X_te, y_tr, y_te = iris_split(seed=7)
    kw = dict(kw, seed=seed)
    params, _ = check.run_learner("train", X_tr, y_tr, **kw)
    acc = _accuracy(params, X_te, y_te)
    assert acc >= 0.85, (f"{check.describe('train', (X_tr, y_tr), kw)}: held-out accuracy {acc:.3f} on "
                         f"iris_split(seed=7)'s {len(y_te)} test flowers; needs ≥ 0.85 (the reference gets > 0.9)")


@pytest.mark.points(2)
def test_train_loss_decreases(check, seed):
    X_tr, _, y_tr, _ = iris_split(seed=7)
    kw = dict(epochs=100, lr=0.1, batch_size=16, seed=seed)
    params, losses = check.run_learner("train", X_tr, y_tr, **kw)
    what = check.describe('train', (X_tr, y_tr), kw)
    losses = np.asarray(losses, dtype=np.float64)
    assert losses.shape == (100,), f"{what}: expected one loss per epoch (100), got shape {losses.shape}"
    assert np.all(np.isfinite(losses)), f"{what}: losses contain inf/NaN at epochs {np.flatnonzero(~np.isfinite(losses))[:5].tolist()}"
    assert losses[-1] < 0.5 * losses[0] and losses[-10:].mean() < losses[:10].mean(), (
        f"{what}: the loss does not fall: first {losses[0]:.4f}, last {losses[-1]:.4f}, "
        f"mean of the first 10 {losses[:10].mean():.4f}, of the last 10 {losses[-10:].mean():.4f}")
    assert abs(losses[-1] - _loss_np(params, X_tr, y_tr)) < 1e-9, (
        f"{what}: losses[-1] is not the cross-entropy of the returned params on the whole (X, y)")


@pytest.mark.points(2)
def test_train_is_deterministic(check, seed):
    X_tr, _, y_tr, _ = iris_split(seed=7)
    kw = dict(epochs=5, lr=0.1, batch_size=8, seed=seed)
    first = check.run_learner("train", X_tr, y_tr, **kw)
    again = check.run_learner("train", X_tr, y_tr, **kw)
    close(again, first, what=check.describe('train', (X_tr, y_tr), kw) + " called twice with the same seed",
          tol="exact", hint="draw all randomness from a generator seeded with `seed` (np.random.default_rng(seed))")
