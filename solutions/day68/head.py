# %%
"""Day 68 — a classification head on a pretrained encoder, judged properly: macro-F1, a frozen
encoder, and calibration (temperature scaling, expected calibration error).

The encoder is day 58's kit encoder (course_tools.fixtures.day58.pretrained_encoder); the emotion
data and the same encoder with the emotion words added are in course_tools.fixtures.day68
(make_emotions, emotion_tensors, pretrained_encoder, train_frozen).

Dimension letters used below:
  N  examples     L  tokens per sentence     H  the encoder's hidden size     C  classes

Check your work:  pytest assignments/day68   (or: ai100 check day68)
"""

import numpy as np
import torch
from torch import nn


# %%
class ClassifierHead(nn.Module):
    """BERT's pooler + classifier: [CLS] state → Linear(H, H) → tanh → Linear(H, C).

    encoder: an nn.Module with `hidden_size`, encoder(ids, mask) → (N, L, H) float32.
    Keep the encoder as `self.encoder` and the head as `self.head = nn.Sequential(Linear, Tanh, Linear)`
    (state_dict keys "encoder.…", "head.0.weight", "head.0.bias", "head.2.weight", "head.2.bias").
    forward(ids (N, L) int64, mask (N, L) bool) → logits (N, C) float32. About 5 lines.
    """

    def __init__(self, encoder, n_classes=6):
        super().__init__()
        ### BEGIN SOLUTION
        self.encoder = encoder
        hidden = encoder.hidden_size
        self.head = nn.Sequential(nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, n_classes))
        ### END SOLUTION

    def forward(self, ids, mask):
        ### BEGIN SOLUTION
        return self.head(self.encoder(ids, mask)[:, 0])  # (N, C) from the [CLS] state
        ### END SOLUTION


# %%
def freeze_encoder(model):
    """Freeze `model.encoder` so that training moves the head only.

    model: an nn.Module with a submodule `encoder`.
    Sets requires_grad False on every encoder parameter (the rest untouched) and returns the number
    of parameter VALUES (elements, not tensors) that still require grad, an int. About 3 lines.
    """
    ### BEGIN SOLUTION
    for p in model.encoder.parameters():
        p.requires_grad_(False)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
    ### END SOLUTION


# %%
def macro_f1(y, yhat, n_classes):
    """Macro-averaged F1: the plain mean over the n_classes classes of each class's F1.

    y, yhat: (N,) int arrays of labels in [0, n_classes).  n_classes: int C.
    A class's F1 is 2·TP / (2·TP + FP + FN); a class with no true and no predicted example
    (0 / 0) counts as 0, as in scikit-learn's zero_division=0. Returns a float. About 6 lines.
    """
    ### BEGIN SOLUTION
    f1 = np.zeros(n_classes)
    for c in range(n_classes):
        tp = np.sum((y == c) & (yhat == c))
        wrong = np.sum(y == c) + np.sum(yhat == c) - 2 * tp  # FP + FN
        f1[c] = 2 * tp / (2 * tp + wrong) if tp + wrong else 0.0
    return float(f1.mean())
    ### END SOLUTION


# %%
def ece(probs, labels, n_bins=15):
    """Expected calibration error with equal-width confidence bins.

    probs: (N, C) float array, rows sum to 1.  labels: (N,) int array.  n_bins: int B.
    Confidence = the largest probability of a row, prediction = its argmax. Bin b holds the rows
    whose confidence lies in (b/B, (b+1)/B]. ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|
    over the non-empty bins. Returns a float in [0, 1]. About 8 lines.
    """
    ### BEGIN SOLUTION
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    bins = np.ceil(conf * n_bins).astype(int) - 1  # (b/B, (b+1)/B] → b; conf > 0, so 0 ≤ b < B
    total = 0.0
    for b in range(n_bins):
        inside = bins == b
        if inside.any():
            total += inside.sum() / len(conf) * abs(correct[inside].mean() - conf[inside].mean())
    return float(total)
    ### END SOLUTION


# %%
def temperature_scale(logits, labels):
    """The temperature T in [0.05, 20] that minimises the mean cross-entropy of softmax(logits / T).

    logits: (N, C) float64 array (from a trained model, on held-out data).  labels: (N,) int array.
    Returns T as a float, within 1e-6 of the exact minimiser over [0.05, 20] — an end of that range
    when the loss still falls there (a model always right wants T → 0, one always wrong T → ∞).
    The loss is smooth with one minimum in log T: bisect on its derivative, or hand it to a bounded
    1-D optimiser with a tight tolerance. About 6 lines.
    """
    ### BEGIN SOLUTION
    from scipy.optimize import minimize_scalar
    from scipy.special import logsumexp

    rows = np.arange(len(labels))
    best = minimize_scalar(lambda s: np.mean(logsumexp(logits / np.exp(s), axis=1) - logits[rows, labels] / np.exp(s)),
                           bounds=(np.log(0.05), np.log(20.0)), method="bounded", options={"xatol": 1e-10})
    return float(np.exp(best.x))  # searched over log T: T stays positive; the loss is convex in 1/T, one minimum
    ### END SOLUTION
