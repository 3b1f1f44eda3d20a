"""Autograd with a random upstream gradient, for graders and visible tests.

`upstream_autograd(fn, inputs, g)` back-propagates an upstream gradient `g` through a torch function
in float64; graders compare the learner's analytic gradients with it (`tol="grad_autograd"`).
Finite differences live in `course_tools.finite_differences`, which is never shipped to learners:
writing them is day 06's exercise.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def upstream_autograd(fn: Callable[..., "object"], inputs: Sequence[np.ndarray],
                      upstream: np.ndarray) -> list[np.ndarray]:
    """Gradients of sum(fn(*inputs) * upstream) w.r.t. each input, by torch autograd in float64."""
    import torch

    tensors = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in inputs]
    out = fn(*tensors)
    (out * torch.as_tensor(upstream, dtype=torch.float64)).sum().backward()
    return [t.grad.numpy() for t in tensors]
