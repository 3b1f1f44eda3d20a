"""Day 08 visible tests: run them with  pytest assignments/day08  (or  ai100 check day08).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs) and with sklearn.metrics on fifty-odd seeded label sets each, within atol
1e-12. Every call also checks that your function left its inputs unchanged. The autograder runs
more cases on inputs you do not see, and times roc_auc against the reference on 100 000 scores.
"""

import time

import numpy as np
import pytest
from sklearn import metrics as skm

from course_tools.checks import close

TOL = "formula_vs_library"  # atol 1e-12: the day's criterion against sklearn


def _binary(seed, n, kind="int"):
    """(y_true, y_pred, kwargs): random class balance, a random share of right predictions."""
    rng = np.random.default_rng(seed)
    actual = rng.random(n) < rng.random()
    predicted = np.where(rng.random(n) < rng.random(), actual, rng.random(n) < 0.5)
    if kind == "bool":
        return actual, predicted, {}
    if kind == "list":
        return actual.astype(int).tolist(), predicted.astype(int).tolist(), {}
    if kind == "strings":
        return np.where(actual, "spam", "ham"), np.where(predicted, "spam", "ham"), {"pos_label": "spam"}
    return actual.astype(np.int64), predicted.astype(np.int64), {}


def _sklearn(name, y_true, y_pred, pos_label=1):
    if name == "confusion_counts":  # sklearn's cells come as (tn, fp, fn, tp)
        cells = skm.confusion_matrix(np.asarray(y_true) == pos_label, np.asarray(y_pred) == pos_label,
                                     labels=[False, True]).ravel()
        return tuple(int(c) for c in cells[[3, 1, 2, 0]])  # reordered to (tp, fp, fn, tn)
    if name == "accuracy":
        return skm.accuracy_score(y_true, y_pred)
    if name == "roc_auc":
        return skm.roc_auc_score(np.asarray(y_true) == pos_label, y_pred)
    score = {"precision": skm.precision_score, "recall": skm.recall_score, "f1_score": skm.f1_score}[name]
    return score(y_true, y_pred, pos_label=pos_label, zero_division=0)


def _what(name, y_true, y_pred, kwargs, seed):
    shown = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    return f"day08: {name}({np.asarray(y_true).tolist()}, {np.asarray(y_pred).tolist()}{shown}) vs sklearn, seed {seed}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_confusion_counts_matches_reference(check, seed):
    y_true, y_pred, _ = _binary(seed, 20)
    tp, fp, fn, tn = check("confusion_counts", y_true, y_pred, tol="exact")
    assert tp + fp + fn + tn == 20, f"day08: confusion_counts cells add up to {tp + fp + fn + tn}, not N = 20"


@pytest.mark.points(1)
def test_confusion_counts_string_labels(check):
    y_true, y_pred, kwargs = _binary(2, 15, "strings")
    check("confusion_counts", y_true.tolist(), y_pred.tolist(), tol="exact", **kwargs)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_accuracy_multiclass_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 4, size=25)
    y_pred = np.where(rng.random(25) < 0.6, y_true, rng.integers(0, 4, size=25))
    check("accuracy", y_true, y_pred, tol=TOL)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_accuracy_multilabel_counts_whole_rows(check, seed):
    """(12, 3) 0/1 matrices: a sample is right only when all three of its labels are."""
    rng = np.random.default_rng(seed)
    y_true = (rng.random((12, 3)) < 0.5).astype(np.int64)
    y_pred = y_true ^ (rng.random((12, 3)) < 0.15)
    got = check("accuracy", y_true, y_pred, tol=TOL)
    close(got, skm.accuracy_score(y_true, y_pred), what="day08: accuracy((12, 3)) vs sklearn, seed 4", tol=TOL)


@pytest.mark.points(1)
@pytest.mark.parametrize("name", ["precision", "recall", "f1_score"])
@pytest.mark.parametrize("seed", [5, 6])
def test_binary_metric_matches_reference(check, seed, name):
    y_true, y_pred, kwargs = _binary(seed, 30, "bool" if seed == 5 else "strings")
    check(name, y_true, y_pred, tol=TOL, **kwargs)


@pytest.mark.points(1)
@pytest.mark.parametrize("name", ["precision", "recall", "f1_score"])
def test_zero_division_gives_zero(check, name):
    """0/0 is defined as 0.0 here, as sklearn's zero_division=0: never NaN, never an exception."""
    mixed = np.array([1, 0, 1, 1, 0])
    nothing = np.zeros(5, dtype=np.int64)
    for y_true, y_pred in [(mixed, nothing), (nothing, mixed), (nothing, nothing)]:
        got = check.run_learner(name, y_true, y_pred)
        close(got, _sklearn(name, y_true, y_pred), what=_what(name, y_true, y_pred, {}, "none"), tol=TOL)


@pytest.mark.points(2)
@pytest.mark.parametrize("name", ["confusion_counts", "accuracy", "precision", "recall", "f1_score"])
def test_metric_matches_sklearn_on_many_label_sets(check, name):
    """50 label sets: sizes 1 to 40, every class balance, ints, bools, lists and strings."""
    rng = np.random.default_rng(7)
    for i in range(50):
        n = int(rng.integers(1, 41))
        y_true, y_pred, kwargs = _binary(int(rng.integers(2**31)), n, ["int", "bool", "list", "strings"][i % 4])
        if name == "accuracy":
            kwargs = {}
        got = check.run_learner(name, y_true, y_pred, **kwargs)
        close(got, _sklearn(name, y_true, y_pred, **kwargs), what=_what(name, y_true, y_pred, kwargs, 7),
              tol="exact" if name == "confusion_counts" else TOL)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [8])
def test_roc_auc_matches_reference_with_ties(check, seed):
    rng = np.random.default_rng(seed)
    y_true = rng.random(24) < 0.5
    y_true[:2] = [True, False]
    check("roc_auc", y_true, rng.integers(0, 4, size=24) + y_true, tol=TOL)


@pytest.mark.points(2)
def test_roc_auc_matches_sklearn_on_many_label_sets(check):
    """60 label sets whose scores are rounded to 0-2 decimals, so many of them tie."""
    rng = np.random.default_rng(9)
    for i in range(60):
        n = int(rng.integers(2, 41))
        y_true, _, kwargs = _binary(int(rng.integers(2**31)), n, ["int", "bool", "strings"][i % 3])
        truth = np.asarray(y_true) == kwargs.get("pos_label", 1)
        if truth.all() or not truth.any():
            continue  # one class: no area (tested below)
        y_score = np.round(rng.normal(size=n) + truth, i % 3)
        got = check.run_learner("roc_auc", y_true, y_score, **kwargs)
        close(got, _sklearn("roc_auc", y_true, y_score, **kwargs),
              what=_what("roc_auc", y_true, y_score, kwargs, 9), tol=TOL,
              hint="a tied positive/negative pair counts one half: give tied scores the average of their ranks")


@pytest.mark.points(1)
@pytest.mark.parametrize("labels", [[1, 1, 1, 1], [0, 0, 0]])
def test_roc_auc_one_class_raises_value_error(check, labels):
    scores = [0.1 * i for i in range(len(labels))]
    try:
        got = check.run_learner("roc_auc", labels, scores)
    except ValueError:
        return
    raise AssertionError(f"day08: roc_auc({labels}, {scores}) returned {got!r}: y_true holds one class only, so the "
                         "area is undefined — raise ValueError")


@pytest.mark.points(1)
def test_roc_auc_is_not_quadratic(check):
    """4 001 scores in well under a quarter of a second: an O(N²) Python loop over pairs takes seconds.

    The autograder's test is stricter: within 5x the reference's time on 100 003 scores.
    """
    rng = np.random.default_rng(10)
    y_true = rng.random(4001) < 0.4
    y_score = np.round(rng.normal(size=4001) + y_true, 2)
    got = check.run_learner("roc_auc", y_true, y_score)
    close(got, _sklearn("roc_auc", y_true, y_score), what="day08: roc_auc((4001,)) vs sklearn, seed 10", tol=TOL)
    call = check.timed("roc_auc", y_true, y_score)
    start = time.perf_counter()
    call()
    took = time.perf_counter() - start
    assert took < 0.25, (f"day08: roc_auc on 4 001 scores took {took:.2f} s — sort the scores once and use "
                         "ranks instead of comparing every positive with every negative")
