"""Day 68 visible tests: run them with  pytest assignments/day68  (or  ai100 check day68).

The encoder and reviews are day 58's fixtures (course_tools/fixtures/day58.py). These tests compare
macro_f1 with a worked example (scikit-learn's f1_score agrees; the autograder calls it) and, like
ece and temperature_scale, with values recorded from the reference on fixed inputs, your head with the same arithmetic done by hand, and check what freezing leaves
trainable. The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
import torch

from course_tools.checks import close
from course_tools.fixtures import day58 as fx


def _overconfident(seed, n=200, n_classes=4, factor=3.0):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, n_classes))
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    labels = np.array([rng.choice(n_classes, p=row) for row in p])
    return z * factor, labels


def _probs(logits):
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


@pytest.mark.points(1)
def test_classifier_head_reads_cls_token(check):
    model = check.run_learner("ClassifierHead", fx.pretrained_encoder(), 6)
    model.eval()
    ids, mask, _ = fx.review_tensors(5, 0)
    got = model(ids, mask)
    s = model.state_dict()
    with torch.no_grad():
        first = fx.pretrained_encoder()(ids, mask).select(1, 0)  # (N, H): the [CLS] states
        want = torch.tanh(first @ s["head.0.weight"].T + s["head.0.bias"]) @ s["head.2.weight"].T + s["head.2.bias"]
    close(got, want, what="day68: ClassifierHead(encoder, 6) eval logits: Linear, tanh, Linear on the [CLS] state")


@pytest.mark.points(1)
def test_freeze_encoder_leaves_the_head(check):
    model = fx.MeanPoolClassifier(fx.pretrained_encoder(), 6)
    n = check.run_learner("freeze_encoder", model)
    assert not any(p.requires_grad for p in model.encoder.parameters()), "day68: an encoder parameter still trains"
    assert all(p.requires_grad for p in model.head.parameters()), "day68: the head must stay trainable"
    assert n == 32 * 6 + 6, f"day68: freeze_encoder returned {n}; the Linear(32, 6) head has {32 * 6 + 6} values"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_macro_f1_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 5, 60)
    yhat = np.where(rng.random(60) < 0.5, y, rng.integers(0, 4, 60))  # class 4 is sometimes never predicted
    check("macro_f1", y, yhat, 5, tol="formula_vs_library")


@pytest.mark.points(1)
def test_macro_f1_small_example(check):
    # class 0: TP 2, FP 1, FN 1 → F1 2/3; class 1: TP 1, FP 1, FN 1 → 1/2; class 2: TP 1, FN 1 → 2/3;
    # class 3: TP 1, FP 1 → 2/3; class 4 never occurs nor is predicted → 0 (as scikit-learn's zero_division=0)
    y = np.array([0, 0, 0, 1, 1, 2, 2, 3])
    yhat = np.array([0, 0, 1, 1, 0, 2, 3, 3])
    got = check.run_learner("macro_f1", y, yhat, 5)
    close(got, (2 / 3 + 1 / 2 + 2 / 3 + 2 / 3 + 0) / 5, tol="formula_vs_library",
          what="day68: macro_f1 of an 8-label example with 5 classes (sklearn.metrics.f1_score(average='macro', "
               "labels=range(5), zero_division=0) gives the same)")


@pytest.mark.points(1)
def test_ece_small_example(check):
    probs = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.3, 0.7]])
    labels = np.array([0, 1, 0, 1])
    # bins of width 0.25: (0.5, 0.75] holds 0.6 and 0.7, both right, mean confidence 0.65 → gap 0.35;
    # (0.75, 1] holds 0.9 and 0.9, one right → gap 0.4; each bin holds half the rows
    got = check.run_learner("ece", probs, labels, 4)
    close(got, 0.5 * 0.35 + 0.5 * 0.4, what="day68: ece of a 4-row example with 4 bins", tol="formula_vs_library")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_ece_matches_reference(check, seed):
    logits, labels = _overconfident(seed)
    check("ece", _probs(logits), labels, 15, tol="formula_vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3])
def test_temperature_scale_undoes_overconfidence(check, seed):
    logits, labels = _overconfident(seed)  # logits 3× too sharp: T should come out near 3
    t = check("temperature_scale", logits, labels, tol="iterative_fit_vs_library")
    assert 2.0 < t < 4.5, f"day68: temperature_scale gave T = {t:.3f} on logits made 3× over-confident"
