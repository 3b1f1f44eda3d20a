"""Finite differences for the hidden graders — never shipped to learners: day 06 asks them to write this.

`numeric_grad(f, x)` differentiates a scalar function of one array by float64 central differences;
`relative_error(a, b)` is the figure quoted for a gradient check. Graders compare with
`close(..., tol="grad_numeric")`.
"""

from __future__ import annotations

from typing import Callable

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


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|a| + |b|, tiny): the usual figure quoted for a gradient check."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.maximum(np.abs(a) + np.abs(b), 1e-12)
    return float(np.max(np.abs(a - b) / denom)) if a.size else 0.0
