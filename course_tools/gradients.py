"""Autograd with a random upstream gradient, for graders and visible tests.

`upstream_autograd(fn, inputs, g)` back-propagates an upstream gradient `g` through a torch function
in float64; graders compare the learner's analytic gradients with it (`tol="grad_autograd"`).
`module_gradients(module, inputs, g)` does the same through an nn.Module and its parameters; graders
run it where the learner's module lives, with `check.in_learner(module_gradients, model, inputs, g)`.
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


def module_gradients(module: "object", inputs: Sequence[np.ndarray], upstream: np.ndarray,
                     float_inputs: Sequence[bool] | None = None) -> tuple[np.ndarray, list, dict]:
    """(output, [d input], {parameter name: d parameter}) of sum(module(*inputs) * upstream), in float64.

    The module is copied and cast to float64 first, so the learner's own module keeps its dtype and
    gradients. `float_inputs[i]` False passes input i as it is (token ids, a bool mask), with None
    for its gradient.
    """
    import copy

    import torch

    model = copy.deepcopy(module).to(torch.float64)
    model.zero_grad(set_to_none=True)
    flags = list(float_inputs) if float_inputs is not None else [True] * len(inputs)
    tensors = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) if is_float
               else torch.as_tensor(np.asarray(a)) for a, is_float in zip(inputs, flags)]
    out = model(*tensors)
    (out * torch.as_tensor(np.asarray(upstream), dtype=torch.float64)).sum().backward()
    input_grads = [t.grad.numpy() if is_float and t.grad is not None else None for t, is_float in zip(tensors, flags)]
    param_grads = {name: (p.grad.detach().numpy().copy() if p.grad is not None else None)
                   for name, p in model.named_parameters()}
    return out.detach().numpy().copy(), input_grads, param_grads
