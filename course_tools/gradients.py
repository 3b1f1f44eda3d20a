"""Gradient checks for graders: float64 central differences and autograd with a random upstream.

`numeric_grad(f, x)` differentiates a scalar function of one array; `upstream_autograd(fn, inputs, g)`
back-propagates a random upstream gradient `g` through a torch function in float64. Graders then
compare the learner's analytic gradients with `close(..., tol="grad_numeric" | "grad_autograd")`.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def numeric_grad(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences in float64 (x is not modified)."""
    x = np.array(x, dtype=np.float64, order="C", copy=True)  # C order: reshape(-1) must be a view
    grad = np.zeros(x.shape)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        plus = float(f(x))
        flat[i] = old - eps
        minus = float(f(x))
        flat[i] = old
        gflat[i] = (plus - minus) / (2 * eps)
    return grad


def upstream_autograd(fn: Callable[..., "object"], inputs: Sequence[np.ndarray],
                      upstream: np.ndarray) -> list[np.ndarray]:
    """Gradients of sum(fn(*inputs) * upstream) w.r.t. each input, by torch autograd in float64."""
    import torch

    tensors = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in inputs]
    out = fn(*tensors)
    (out * torch.as_tensor(upstream, dtype=torch.float64)).sum().backward()
    return [t.grad.numpy() for t in tensors]


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|a| + |b|, tiny): the usual figure quoted for a gradient check."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.maximum(np.abs(a) + np.abs(b), 1e-12)
    return float(np.max(np.abs(a - b) / denom)) if a.size else 0.0
