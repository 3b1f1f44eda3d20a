"""Day 62's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

MISTAKES = {
    "merge_weights": {
        "scaled by r / alpha instead of alpha / r": lambda W, A, B, alpha: W + (A.shape[0] / alpha) * (B @ A),
        "the alpha / r scaling is missing": lambda W, A, B, alpha: W + B @ A,
        "scaled by alpha alone: the scale is alpha / r, with r = A.shape[0]": lambda W, A, B, alpha: W + alpha * (B @ A),
        "the update was subtracted: W + (alpha / r) · B A": lambda W, A, B, alpha: W - (alpha / A.shape[0]) * (B @ A),
    },
}
