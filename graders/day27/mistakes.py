"""Day 27's classic mistakes in validate_payload, each written as the wrong function a learner would write.

The app's own classic mistakes (200 on bad input, missing Content-Type or Content-Length, NumPy
numbers json cannot encode, no Allow header) are named by the graders' messages instead.
"""

import numpy as np


def _rows(obj):
    return obj["instances"]


MISTAKES = {
    "validate_payload": {
        "the rows converted without dtype=np.float64: all-integer JSON gives an int64 matrix":
            lambda obj, n_features: np.array(_rows(obj)),
        "a nested list returned instead of an (N, F) float64 NumPy array":
            lambda obj, n_features: [[float(v) for v in row] for row in _rows(obj)],
    },
}
