"""A cheat: append a "passed" line for every test to the grader's result stream when the process
ends, after the real results; and return wrong answers (zeros)."""

import atexit
import json
import os

import numpy as np


def _forge():
    path = os.environ.get("AI100_RESULTS_STREAM")
    if not path:
        return
    with open(path, encoding="utf-8") as fh:
        results = [json.loads(line) for line in fh if '"result"' in line]
    with open(path, "a", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps({**r, "status": "passed", "message": ""}) + "\n")


atexit.register(_forge)


def softmax(x, axis=-1):
    return np.zeros_like(x)


def causal_mask(n):
    return np.zeros((n, n), dtype=bool)


def attention_weights(q, k, mask=None):
    return np.zeros(q.shape[:-1] + (k.shape[-2],), dtype=q.dtype)


def attention(q, k, v, mask=None):
    return np.zeros(q.shape[:-1] + (v.shape[-1],), dtype=q.dtype)
