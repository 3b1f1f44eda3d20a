"""A cheat: wrong answers (zeros), and a checker patched to accept anything: every comparing
function of the kit that this process has imported, and NumPy's own."""

import sys

import numpy as np


def _accept(*_args, **_kwargs):
    return None


for _name, _module in list(sys.modules.items()):
    if _name.startswith("course_tools"):
        for _attr in ("close", "compare", "_compare_arrays", "check_inputs_unchanged", "check_not_aliased",
                      "check_not_aliased_remote"):
            if hasattr(_module, _attr):
                setattr(_module, _attr, _accept)
np.isclose = lambda a, b, **_: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool)
np.allclose = lambda *_a, **_k: True


def softmax(x, axis=-1):
    return np.zeros_like(x)


def causal_mask(n):
    return np.zeros((n, n), dtype=bool)


def attention_weights(q, k, mask=None):
    return np.zeros(q.shape[:-1] + (k.shape[-2],), dtype=q.dtype)


def attention(q, k, v, mask=None):
    return np.zeros(q.shape[:-1] + (v.shape[-1],), dtype=q.dtype)
