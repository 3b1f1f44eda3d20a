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
        raise NotImplementedError('day68: ClassifierHead.__init__ — see README')

    def forward(self, ids, mask):
        raise NotImplementedError('day68: ClassifierHead.forward — see README')


# %%
def freeze_encoder(model):
    """Freeze `model.encoder` so that training moves the head only.

    model: an nn.Module with a submodule `encoder`.
    Sets requires_grad False on every encoder parameter (the rest untouched) and returns the number
    of parameter VALUES (elements, not tensors) that still require grad, an int. About 3 lines.
    """
    raise NotImplementedError('day68: freeze_encoder — see README')


# %%
def macro_f1(y, yhat, n_classes):
    """Macro-averaged F1: the plain mean over the n_classes classes of each class's F1.

    y, yhat: (N,) int arrays of labels in [0, n_classes).  n_classes: int C.
    A class's F1 is 2·TP / (2·TP + FP + FN); a class with no true and no predicted example
    (0 / 0) counts as 0, as in scikit-learn's zero_division=0. Returns a float. About 6 lines.
    """
    raise NotImplementedError('day68: macro_f1 — see README')


# %%
def ece(probs, labels, n_bins=15):
    """Expected calibration error with equal-width confidence bins.

    probs: (N, C) float array, rows sum to 1.  labels: (N,) int array.  n_bins: int B.
    Confidence = the largest probability of a row, prediction = its argmax. Bin b holds the rows
    whose confidence lies in (b/B, (b+1)/B]. ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|
    over the non-empty bins. Returns a float in [0, 1]. About 8 lines.
    """
    raise NotImplementedError('day68: ece — see README')


# %%
def temperature_scale(logits, labels):
    """The temperature T in [0.05, 20] that minimises the mean cross-entropy of softmax(logits / T).

    logits: (N, C) float64 array (from a trained model, on held-out data).  labels: (N,) int array.
    Returns T as a float, within 1e-6 of the exact minimiser over [0.05, 20] — an end of that range
    when the loss still falls there (a model always right wants T → 0, one always wrong T → ∞).
    The loss is smooth with one minimum in log T: bisect on its derivative, or hand it to a bounded
    1-D optimiser with a tight tolerance. About 6 lines.
    """
    raise NotImplementedError('day68: temperature_scale — see README')
