"""Hidden graders for day 68 (a classification head, macro-F1, freezing, calibration).

ClassifierHead is judged with the reference's weights loaded (eval, float32); freeze_encoder on the
day-58 fixture's MeanPoolClassifier, a different model with the same `encoder`/`head` parts;
macro_f1 against scikit-learn and the reference; ece and temperature_scale against the reference
on seeded, over-confident logits. The PLAN's frozen run trains the learner's head (a copy of its
weights, outside its process) on course_tools.fixtures.day68's emotions and predicts with its
model. Unseen here: 7 sentences, 4 classes, 7 bins, 301 examples.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day58 as fx
from course_tools.fixtures import day68 as emotions

# PLAN's goal, unscaled. The reference's frozen run scores 0.82-0.91 validation macro-F1 over 30 seeds
# (mean 0.856, sd 0.025): 0.70 sits more than 5 sd below the mean, a false failure far under 1e-4.
MACRO_F1_GOAL = 0.70


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


@pytest.mark.points(3)
def test_freeze_encoder_frozen_run_reaches_macro_f1_on_emotions(check, seed):
    """PLAN's run: your head on the emotion encoder, your freeze, 400 AdamW steps on every parameter."""
    from sklearn.metrics import f1_score

    ids, mask, labels = emotions.emotion_tensors(600, seed)
    val_ids, val_mask, val_labels = emotions.emotion_tensors(400, seed + 10_000)
    model = check.run_learner("ClassifierHead", emotions.pretrained_encoder(seed % 3), 6)
    check.run_learner("freeze_encoder", model)
    before = check.in_learner(emotions.state_of, model)
    check.in_learner(emotions.train_frozen, model, ids, mask, labels, seed=seed)
    after = check.in_learner(emotions.state_of, model)
    moved = [k for k in after if not np.array_equal(after[k], before[k])]
    _require(moved and all(k.startswith("head.") for k in moved),
             f"day68: after freeze_encoder and a frozen training run (seed {seed}) these moved: {moved} — only head.* may")
    pred = check.in_learner(emotions.predict, model, val_ids, val_mask)
    score = f1_score(val_labels.numpy(), pred, average="macro", labels=list(range(6)), zero_division=0)
    _require(score >= MACRO_F1_GOAL,
             f"day68: ClassifierHead on the frozen emotion encoder, trained 400 steps on 600 sentences (seed {seed}), "
             f"scores validation macro-F1 {score:.3f} < {MACRO_F1_GOAL} — read the [CLS] state (position 0) "
             "and keep Linear, tanh, Linear")


@pytest.mark.points(3)
def test_freeze_encoder_frozen_run_reaches_macro_f1_on_emotions(check, ref_module, seed):
    """PLAN's run: your head on the emotion encoder, your freeze, a step of AdamW on every parameter
    through your model; the rest of the training (400 steps on the [CLS] features) runs on a copy
    of your weights outside your process (under the tripwires it would take half a minute), and the
    trained weights come back into your model, which predicts the validation sentences."""
    from sklearn.metrics import f1_score

    ids, mask, labels = emotions.emotion_tensors(600, seed)
    val_ids, val_mask, val_labels = emotions.emotion_tensors(400, seed + 10_000)
    model = check.run_learner("ClassifierHead", emotions.pretrained_encoder(seed % 3), 6)
    check.run_learner("freeze_encoder", model)
    before = check.in_learner(emotions.state_of, model)
    check.in_learner(emotions.one_step, model, ids, mask, labels)
    after = check.in_learner(emotions.state_of, model)
    moved = [k for k in after if not np.array_equal(after[k], before[k])]
    _require(moved and all(k.startswith("head.") for k in moved),
             f"day68: after freeze_encoder and one AdamW step on every parameter (seed {seed}) these moved: "
             f"{moved} — only head.* may")
    copy = ref_module.ClassifierHead(emotions.pretrained_encoder(seed % 3), 6)
    try:
        copy.load_state_dict({k: torch.as_tensor(v, dtype=torch.float32) for k, v in after.items()})
    except RuntimeError as exc:
        raise Mismatch(f"day68: ClassifierHead's state_dict does not fit the expected layout: {exc}") from None
    ref_module.freeze_encoder(copy)
    emotions.train_frozen(copy, ids, mask, labels)
    pred = check.in_learner(emotions.predict, model, val_ids, val_mask, state=emotions.state_of(copy))
    score = f1_score(val_labels.numpy(), pred, average="macro", labels=list(range(6)), zero_division=0)
    _require(score >= MACRO_F1_GOAL,
             f"day68: ClassifierHead on the frozen emotion encoder, trained 400 steps on 600 sentences (seed {seed}), "
             f"scores validation macro-F1 {score:.3f} < {MACRO_F1_GOAL} — read the [CLS] state (position 0) "
             "and keep Linear, tanh, Linear")


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
    elif case == "a class with TP = FP + FN":  # class 0: 2 right, 1 missed, 1 false alarm (F1 = 2/3)
        order = rng.permutation(8)
        y, yhat = np.array([0, 0, 0, 1, 1, 2, 2, 3])[order], np.array([0, 0, 1, 1, 0, 2, 3, 3])[order]
    return y, yhat


CASES = ["random", "a class never predicted", "a class absent from both", "imbalanced", "a class with TP = FP + FN"]


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_macro_f1_matches_reference(check, seed, case):
    y, yhat = _labels(seed, case)
    check("macro_f1", y, yhat, 6, tol="formula_vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["random", "a class absent from both", "a class with TP = FP + FN"])
def test_macro_f1_matches_sklearn(check, seed, case):
    from sklearn.metrics import f1_score

    y, yhat = _labels(seed, case)
    got = check.run_learner("macro_f1", y, yhat, 6)
    want = f1_score(y, yhat, average="macro", labels=list(range(6)), zero_division=0)
    close(got, float(want), tol="formula_vs_library",
          what=f"day68: macro_f1({len(y)} labels, 6 classes, {case}), seed {seed}, against sklearn's f1_score(average='macro')")


# --- ece ----------------------------------------------------------------------------------------------

def _mixed_problem(seed, n=301, n_classes=20):
    """Calibrated on average (labels drawn from the very probabilities handed over), rows from nearly flat
    to sharp: the bins' gaps take both signs and the lowest bin (0, 1/B] is not empty. (On uniformly
    over-confident data every gap has one sign, and merging or shifting bins would change nothing.)"""
    rng = np.random.default_rng(seed)
    probs = _softmax(rng.standard_normal((n, n_classes)) * rng.uniform(0.05, 3.0, (n, 1)))
    labels = np.minimum((rng.random((n, 1)) > probs.cumsum(1)).sum(1), n_classes - 1)
    return probs, labels


@pytest.mark.points(2)
@pytest.mark.parametrize("n_bins, case", [(15, "over-confident"), (10, "over-confident"), (7, "over-confident"),
                                          (15, "mixed, 20 classes"), (7, "mixed, 20 classes")])
def test_ece_matches_reference(check, seed, n_bins, case):
    if case == "over-confident":
        logits, labels = _calibration_problem(seed, n=301)
        probs = _softmax(logits)
    else:
        probs, labels = _mixed_problem(seed)
    check("ece", probs, labels, n_bins, tol="formula_vs_library")


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


@pytest.mark.points(1)
@pytest.mark.parametrize("labels_are, end", [("always the argmax", "0.05"), ("always the argmin", "20")])
def test_temperature_scale_stops_at_the_range_ends(check, seed, labels_are, end):
    logits, _ = _calibration_problem(seed, n=301)
    labels = logits.argmax(1) if labels_are == "always the argmax" else logits.argmin(1)
    check("temperature_scale", logits, labels, tol="iterative_fit_vs_library",
          hint=f"labels {labels_are}: the loss keeps falling towards T = {end}, so the answer is that end of [0.05, 20]")


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
