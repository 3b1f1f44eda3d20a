"""Day 02 visible tests: run them with  pytest assignments/day02  (or  ai100 check day02).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), your backward with central differences and with torch autograd, and your train
with what every correct trainer does on Iris. The autograder runs more cases on inputs you do
not see, including a network of another size.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close
from course_tools.data import iris_split

KEYS = ("W1", "b1", "W2", "b2")


def _params(seed, sizes=(4, 16, 3), scale=0.5):
    """Random parameters with nonzero biases (init_params' zero biases would hide bias bugs)."""
    rng = np.random.default_rng(seed)
    d, h, c = sizes
    return {"W1": rng.standard_normal((d, h)) * scale, "b1": rng.standard_normal(h) * scale,
            "W2": rng.standard_normal((h, c)) * scale, "b2": rng.standard_normal(c) * scale}


def _batch(seed, n=5, d=4, c=3):
    rng = np.random.default_rng(seed + 1)
    return rng.standard_normal((n, d)), rng.integers(0, c, size=n)


def _probs_of(out):
    """forward returns (probs, cache); only probs are compared — your cache is yours to design."""
    probs, _ = out
    return probs


def _grads(check, params, X, y):
    """Your forward, then your backward on your own cache."""
    check.run_learner("forward", params, X, pick=_probs_of)
    return check.run_learner("backward", params, check.last_result[1], y)


@pytest.mark.points(1)
def test_init_params_matches_reference(check):
    check("init_params", (4, 16, 3), seed=0)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_forward_matches_reference(check, seed):
    X, _ = _batch(seed)
    probs = check("forward", _params(seed), X, pick=_probs_of)
    close(probs.sum(axis=1), np.ones(5), what=f"day02: forward probs row sums, seed {seed}")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_forward_large_scores_stay_finite(check, seed):
    params = _params(seed)
    params["W2"] = params["W2"] * 5000.0  # scores in the thousands: np.exp overflows without the max shift
    X, _ = _batch(seed)
    probs = check("forward", params, X, pick=_probs_of)
    assert np.all(np.isfinite(probs)), "forward returned inf/NaN for large scores — subtract each row's max first"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_cross_entropy_matches_reference(check, seed):
    _, y = _batch(seed)
    p = np.random.default_rng(seed).dirichlet(np.ones(3), size=5)  # rows of probabilities
    check("cross_entropy", p, y)


@pytest.mark.points(1)
def test_cross_entropy_of_uniform_guess_is_log_c(check):
    p = np.full((6, 3), 1.0 / 3.0)
    got = check.run_learner("cross_entropy", p, np.array([0, 1, 2, 2, 1, 0]))
    close(got, np.log(3.0), what="day02: cross_entropy of a uniform guess over 3 classes is log 3")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [4])
def test_backward_matches_reference(check, ref, seed):
    params, (X, y) = _params(seed), _batch(seed)
    _, ref_cache = ref.call("forward", (params, X), {})
    want = ref.call("backward", (params, ref_cache, y), {})
    mistakes = ref.mistakes("backward", (params, ref_cache, y), {})
    close(_grads(check, params, X, y), want, what=f"day02: backward after forward on a (5, 4) batch, seed {seed}",
          mistakes=mistakes)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [6])
def test_backward_matches_torch_autograd(check, seed):
    params, (X, y) = _params(seed), _batch(seed)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    logits = torch.tanh(torch.from_numpy(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    F.cross_entropy(logits, torch.from_numpy(y)).backward()
    close(_grads(check, params, X, y), {k: t[k].grad.numpy() for k in KEYS},
          what=f"day02: backward vs torch autograd, seed {seed}", tol="grad_autograd")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [7])
def test_sgd_step_matches_reference_and_copies(check, seed):
    params, grads = _params(seed), _params(seed + 1)
    before = {k: v.copy() for k, v in params.items()}
    check("sgd_step", params, grads, 0.5)
    for k in KEYS:
        assert np.array_equal(params[k], before[k]), f"sgd_step changed params[{k!r}] in place — return a new dict"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [8])
def test_predict_matches_reference(check, seed):
    X, _ = _batch(seed, n=9)
    check("predict", _params(seed), X, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [9])
def test_train_full_batch_matches_reference(check, seed):
    X, y = _batch(seed, n=6)
    y[:3] = [0, 1, 2]  # every class present: C = y.max() + 1 = 3
    check("train", X, y, epochs=4, lr=0.5, batch_size=6, seed=seed)


@pytest.mark.points(2)
def test_train_reaches_85_percent_on_iris(check):
    X_tr, X_te, y_tr, y_te = iris_split(seed=0)
    params, losses = check.run_learner("train", X_tr, y_tr, epochs=100, lr=0.1, batch_size=16, seed=0)
    acc = float(np.mean(check.run_learner("predict", params, X_te) == y_te))
    assert acc >= 0.85, f"held-out accuracy {acc:.3f} on iris_split(seed=0); needs ≥ 0.85"
    assert len(losses) == 100 and losses[-1] < 0.5 * losses[0], \
        f"the loss should fall: first {losses[0]:.4f}, last {losses[-1]:.4f} ({len(losses)} values, want 100)"
