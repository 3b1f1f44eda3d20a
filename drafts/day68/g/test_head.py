"""Hidden graders for day 68 (a classification head, macro-F1, freezing, calibration).

ClassifierHead is judged with the reference's weights loaded (eval, float32); freeze_encoder on the
day-58 fixture's MeanPoolClassifier, a different model with the same `encoder`/`head` parts;
macro_f1 against scikit-learn and the reference; ece and temperature_scale against the reference
on seeded, over-confident logits. Unseen here: 7 sentences, 4 classes, 7 bins, 301 examples.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day58 as fx


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _shapes(model):
    # destination={} asks for a plain dict, which crosses the sandbox as data (an OrderedDict would not)
    return {name: tuple(t.shape) for name, t in model.state_dict(destination={}).items()}


def _calibration_problem(seed, n=400, n_classes=5, overconfidence=2.5):
    """Labels drawn from softmax(z); the logits handed over are z × overconfidence (so T ≈ overconfidence)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, n_classes)) * 1.5
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    labels = (rng.random((n, 1)) > p.cumsum(1)).sum(1)
    return z * overconfidence, np.minimum(labels, n_classes - 1)


def _softmax(logits):
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


# --- ClassifierHead -----------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("n_classes", [6, 4])
def test_classifier_head_parameter_names(check, ref_module, seed, n_classes):
    model = check.run_learner("ClassifierHead", fx.pretrained_encoder(seed % 3), n_classes)
    want = _shapes(ref_module.ClassifierHead(fx.pretrained_encoder(seed % 3), n_classes))
    close(_shapes(model), want, tol="exact", what=f"day68: ClassifierHead(encoder, {n_classes}).state_dict() "
          "names and shapes", hint="self.encoder, and self.head = nn.Sequential(Linear(H, H), Tanh(), Linear(H, C))")


@pytest.mark.points(3)
@pytest.mark.parametrize("n, n_classes", [(5, 6), (7, 4)])
def test_classifier_head_logits_match_reference(check, ref_module, seed, n, n_classes):
    torch.manual_seed(seed)
    ref = ref_module.ClassifierHead(fx.pretrained_encoder(seed % 3), n_classes).eval()
    mine = check.run_learner("ClassifierHead", fx.pretrained_encoder(seed % 3), n_classes)
    mine.load_state_dict(ref.state_dict())
    mine.eval()
    ids, mask, _ = fx.review_tensors(n, seed)
    got = mine(ids, mask)
    with torch.no_grad():
        want = ref(ids, mask)
        hidden = ref.encoder(ids, mask)
        m = mask.unsqueeze(-1).float()
        first, last = ref.head[0], ref.head[2]
        mistakes = {
            "the mean of the hidden states instead of the [CLS] state at position 0": ref.head(hidden.mean(1)),
            "the mean of the real tokens' states instead of the [CLS] state": ref.head((hidden * m).sum(1) / m.sum(1)),
            "no tanh between the two Linear layers": last(first(hidden[:, 0])),
            "softmax applied: return raw logits": torch.softmax(want, -1),
        }
    close(got, want, mistakes=mistakes, what=f"day68: ClassifierHead(encoder, {n_classes}) eval logits on ids "
          f"{tuple(ids.shape)}, seed {seed}, with the reference's weights loaded")


# --- freeze_encoder -----------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n_classes", [6, 3])
def test_freeze_encoder_flags_and_count(check, seed, n_classes):
    model = fx.MeanPoolClassifier(fx.pretrained_encoder(seed % 3), n_classes, seed=seed)
    got = check.run_learner("freeze_encoder", model)
    still = [name for name, p in model.encoder.named_parameters() if p.requires_grad]
    _require(not still, f"day68: freeze_encoder left {len(still)} encoder parameters trainable, first "
                        f"encoder.{still[0] if still else ''}")
    frozen_head = [name for name, p in model.head.named_parameters() if not p.requires_grad]
    _require(not frozen_head, f"day68: freeze_encoder froze the head too (head.{frozen_head[0] if frozen_head else ''})")
    want = sum(p.numel() for p in model.head.parameters())
    close(got, want, tol="exact", what=f"day68: freeze_encoder(model with a Linear(32, {n_classes}) head): the "
          "number of values still trainable",
          hint="count elements (p.numel()) of the parameters that still require grad, not tensors")


@pytest.mark.points(2)
def test_freeze_encoder_training_moves_the_head_only(check, seed):
    """A careless loop hands AdamW every parameter: a frozen encoder must still not move."""
    model = fx.MeanPoolClassifier(fx.pretrained_encoder(seed % 3), 2, seed=seed)
    check.run_learner("freeze_encoder", model)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    ids, mask, labels = fx.review_tensors(32, seed)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(3):
        opt.zero_grad()
        F.cross_entropy(model(ids, mask), labels).backward()
        opt.step()
    moved = [k for k, v in model.state_dict().items() if not torch.equal(v, before[k])]
    _require(moved and all(k.startswith("head.") for k in moved),
             f"day68: after freeze_encoder and 3 AdamW steps on every parameter, these moved: {moved} — "
             "only head.* may")


# --- macro_f1 -----------------------------------------------------------------------------------------

def _labels(seed, case, n=301, n_classes=6):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    yhat = np.where(rng.random(n) < 0.6, y, rng.integers(0, n_classes, n))
    if case == "a class never predicted":
        yhat[yhat == 2] = 3
    elif case == "a class absent from both":
        y[y == 4], yhat[yhat == 4] = 0, 1
    elif case == "imbalanced":
        y = np.where(rng.random(n) < 0.7, 0, y)
    return y, yhat


CASES = ["random", "a class never predicted", "a class absent from both", "imbalanced"]


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_macro_f1_matches_reference(check, seed, case):
    y, yhat = _labels(seed, case)
    check("macro_f1", y, yhat, 6, tol="formula_vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["random", "a class absent from both"])
def test_macro_f1_matches_sklearn(check, seed, case):
    from sklearn.metrics import f1_score

    y, yhat = _labels(seed, case)
    got = check.run_learner("macro_f1", y, yhat, 6)
    want = f1_score(y, yhat, average="macro", labels=list(range(6)), zero_division=0)
    close(got, float(want), tol="formula_vs_library",
          what=f"day68: macro_f1(301 labels, 6 classes, {case}), seed {seed}, against sklearn's f1_score(average='macro')")


# --- ece ----------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n_bins", [15, 10, 7])
def test_ece_matches_reference(check, seed, n_bins):
    logits, labels = _calibration_problem(seed, n=301)
    check("ece", _softmax(logits), labels, n_bins, tol="formula_vs_library")


@pytest.mark.points(1)
def test_ece_zero_when_confidence_equals_accuracy(check, seed):
    rng = np.random.default_rng(seed)
    probs = np.full((40, 4), 0.5 / 3)
    probs[:, 0] = 0.5  # every row 50% sure of class 0; exactly half the labels are 0
    labels = np.where(np.arange(40) < 20, 0, rng.integers(1, 4, 40))
    got = check.run_learner("ece", probs, rng.permutation(labels), 15)
    close(got, 0.0, tol="formula_vs_library", what="day68: ece of 40 rows all 50% confident and right half the time")


# --- temperature_scale --------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("overconfidence", [2.5, 0.6])
def test_temperature_scale_matches_reference(check, seed, overconfidence):
    logits, labels = _calibration_problem(seed, n=301, overconfidence=overconfidence)
    check("temperature_scale", logits, labels, tol="iterative_fit_vs_library")


@pytest.mark.points(2)
def test_temperature_scale_lowers_nll_and_ece(check, ref_module, seed):
    logits, labels = _calibration_problem(seed, n=600)
    t = check.run_learner("temperature_scale", logits, labels)
    _require(isinstance(t, float) and t > 0, f"day68: temperature_scale returned {t!r}, not a positive float")

    def nll(z):
        z = z - z.max(1, keepdims=True)
        return float(np.mean(np.log(np.exp(z).sum(1)) - z[np.arange(len(labels)), labels]))

    before, after = nll(logits), nll(logits / t)
    _require(after < before, f"day68: temperature_scale gave T = {t:.4f}: the NLL went from {before:.4f} to "
                             f"{after:.4f}, it must go down on these over-confident logits")
    e0, e1 = ref_module.ece(_softmax(logits), labels), ref_module.ece(_softmax(logits / t), labels)
    _require(e1 < e0, f"day68: temperature_scale gave T = {t:.4f}: ECE went from {e0:.4f} to {e1:.4f}")
