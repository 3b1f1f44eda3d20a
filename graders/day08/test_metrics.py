"""Hidden graders for day 08 (classification metrics from scratch).

Every test draws its label sets from its hidden seed. Each answer is judged twice: against the
reference (which names known mistakes) and against sklearn.metrics, within atol 1e-12. The many-
label-set tests use hypothesis when it is installed (seeded by the hidden seed, no example
database, so a run is repeatable) and the same number of seeded NumPy draws when it is not: the
classroom runner installs only the kit's `classic` extra. Unseen here: 37 samples, (37, 5)
multi-label matrices, labels 2/3 with pos_label=3, and 100 003 scores.
"""

import numpy as np
import pytest
from sklearn import metrics as skm

from course_tools.checks import Mismatch, close
from course_tools.throughput import assert_throughput

try:
    from hypothesis import HealthCheck, Phase, given, settings, strategies as st
    from hypothesis import seed as hypothesis_seed
except ImportError:  # pragma: no cover - depends on the environment
    st = None

# The curriculum's criterion, tighter than the float64 row: sklearn and a correct answer differ by
# a rounding or two, while a float32 accumulation or a ranking slip is far larger.
TOL = "formula_vs_library"  # atol 1e-12: the day's criterion against sklearn
N = 37  # a size the visible tests never use
EXAMPLES = 40  # label sets per many-sets test

# Ways to write a binary label vector: kind → how a bool "is positive" vector is encoded.
KINDS = {
    "int": lambda pos: (pos.astype(np.int64), {}),
    "bool": lambda pos: (pos.copy(), {}),
    "list": lambda pos: ([int(v) for v in pos], {}),
    "list_of_bools": lambda pos: ([bool(v) for v in pos], {}),
    "minus_one_one": lambda pos: (np.where(pos, 1, -1), {}),
    "positive_is_zero": lambda pos: (np.where(pos, 0, 1), {"pos_label": 0}),
    "two_three": lambda pos: (np.where(pos, 3, 2).astype(np.int32), {"pos_label": 3}),
    "strings": lambda pos: (np.where(pos, "spam", "ham"), {"pos_label": "spam"}),
    "list_of_strings": lambda pos: ([("spam" if v else "ham") for v in pos], {"pos_label": "spam"}),
}
BINARY_FUNCTIONS = ["confusion_counts", "precision", "recall", "f1_score"]


def _pair(kind, actual, predicted):
    """(y_true, y_pred, kwargs) of one kind; "mixed" is int truth against bool predictions."""
    if kind == "mixed":
        return actual.astype(np.int64), predicted.copy(), {}
    y_true, kwargs = KINDS[kind](actual)
    y_pred = None if predicted is None else KINDS[kind](predicted)[0]
    return y_true, y_pred, kwargs


def _random_pair(rng, n, kind=None):
    """Labels with a random class balance and a random share of right predictions."""
    actual = rng.random(n) < rng.random()
    predicted = np.where(rng.random(n) < rng.random(), actual, rng.random(n) < rng.random())
    kind = kind or rng.choice([*KINDS, "mixed"])
    return _pair(str(kind), actual, predicted)


def _show(values):
    text = repr(values.tolist() if isinstance(values, np.ndarray) else values)
    return text if len(text) <= 300 else text[:297] + "..."


def _sklearn(name, y_true, y_pred, pos_label=1):
    if name == "confusion_counts":
        truth, guess = np.asarray(y_true) == pos_label, np.asarray(y_pred) == pos_label
        tn, fp, fn, tp = skm.confusion_matrix(truth, guess, labels=[False, True]).ravel()
        return int(tp), int(fp), int(fn), int(tn)
    if name == "accuracy":
        return skm.accuracy_score(y_true, y_pred)
    if name == "roc_auc":
        return skm.roc_auc_score(np.asarray(y_true) == pos_label, y_pred)
    score = {"precision": skm.precision_score, "recall": skm.recall_score, "f1_score": skm.f1_score}[name]
    return score(y_true, y_pred, pos_label=pos_label, zero_division=0)


HINTS = {  # shown when no known mistake matches
    "roc_auc": "a tied positive/negative pair counts one half: tied scores share the average of the ranks they span",
    "accuracy": "for (N, L) input a sample is right only when its whole row is right",
}


def _judge(check, name, y_true, y_pred, **kwargs):
    """The learner against the reference (mistakes named) and against sklearn; values shown on failure."""
    tol = "exact" if name == "confusion_counts" else TOL
    hint = HINTS.get(name)
    try:
        got = check(name, y_true, y_pred, tol=tol, hint=hint, **kwargs)
        close(got, _sklearn(name, y_true, y_pred, **kwargs), tol=tol, hint=hint,
              what=check.describe(name, (y_true, y_pred), kwargs) + " against sklearn.metrics")
    except Mismatch as exc:
        raise Mismatch(f"{exc}\n  inputs: {_show(y_true)}, {_show(y_pred)}"
                       + "".join(f", {k}={v!r}" for k, v in kwargs.items())) from None
    return got


# --- many label sets: hypothesis, or seeded NumPy draws -----------------------------------------

def _numpy_case(rng, family):
    n = int(rng.choice([1, 2, 3, int(rng.integers(4, 60))]))
    if family == "binary":
        return _random_pair(rng, n)
    if family == "multiclass":
        k = int(rng.integers(1, 5))
        y_true = rng.integers(0, k, size=n)
        y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, size=n))
        if rng.random() < 0.5:
            return y_true, y_pred, {}
        width = int(rng.integers(1, 5))  # multi-label indicator matrices
        y_true = rng.random((n, width)) < 0.5
        y_pred = y_true ^ (rng.random((n, width)) < 0.1)
        return y_true.astype(np.int64), y_pred.astype(np.int64), {}
    # roc: both classes present, scores drawn with few or many ties
    n = max(n, 2)
    actual = rng.random(n) < rng.random()
    actual[rng.choice(n, size=2, replace=False)] = [True, False]
    y_true, _, kwargs = _pair(str(rng.choice(list(KINDS))), actual, None)
    scores = np.round(rng.normal(size=n) + actual, int(rng.integers(0, 4)))
    return y_true, (scores.tolist() if rng.random() < 0.3 else scores), kwargs


if st is not None:
    _KIND = st.sampled_from([*KINDS, "mixed"])

    # Label sets are drawn as ONE list of per-sample tuples: hypothesis shrinks that well (it drops
    # samples), whereas a drawn size followed by fixed-size lists takes it tens of seconds.
    @st.composite
    def _hypothesis_case(draw, family):
        if family == "binary":
            rows = draw(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40))
            actual, predicted = (np.array(column, dtype=bool) for column in zip(*rows))
            return _pair(draw(_KIND), actual, predicted)
        if family == "multiclass":
            width = draw(st.sampled_from([0, 1, 2, 3, 4]))  # 0: plain labels 0..3; else (N, width) 0/1 rows
            cell = st.integers(0, 3) if width == 0 else st.integers(0, 1)
            rows = draw(st.lists(st.tuples(*[cell] * (2 * max(width, 1))), min_size=1, max_size=40))
            if width == 0:
                return np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), {}
            return [list(r[:width]) for r in rows], [list(r[width:]) for r in rows], {}  # nested lists
        value = draw(st.sampled_from([st.integers(-3, 3), st.sampled_from([0.1, 0.2, 0.30000000000000004, 0.3]),
                                      st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)]))
        rows = draw(st.lists(st.tuples(st.booleans(), value), min_size=2, max_size=40)
                    .filter(lambda rows: len({r[0] for r in rows}) == 2))  # both classes present
        y_true, _, kwargs = _pair(draw(st.sampled_from(list(KINDS))), np.array([r[0] for r in rows]), None)
        scores = [r[1] for r in rows]
        return y_true, (scores if draw(st.booleans()) else np.array(scores, dtype=np.float64)), kwargs


# No `explain` phase: it traces every line run, sklearn's included, and takes tens of seconds.
PHASES = (Phase.explicit, Phase.generate, Phase.shrink) if st is not None else ()


def _for_many(seed, family, body):
    """Run body(y_true, second, kwargs) on EXAMPLES label sets of a family, all drawn from `seed`."""
    if st is None:
        rng = np.random.default_rng(seed)
        for _ in range(EXAMPLES):
            body(*_numpy_case(rng, family))
        return

    @hypothesis_seed(seed)
    @settings(max_examples=EXAMPLES, database=None, deadline=None, report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck), phases=PHASES)
    @given(_hypothesis_case(family))
    def run(case):
        body(*case)

    run()


@pytest.mark.points(3)
@pytest.mark.parametrize("name", BINARY_FUNCTIONS)
def test_binary_metrics_match_sklearn_on_many_label_sets(check, seed, name):
    _for_many(seed, "binary", lambda y_true, y_pred, kw: _judge(check, name, y_true, y_pred, **kw))


@pytest.mark.points(3)
def test_accuracy_matches_sklearn_on_many_label_sets(check, seed):
    _for_many(seed, "multiclass", lambda y_true, y_pred, kw: _judge(check, "accuracy", y_true, y_pred))


@pytest.mark.points(3)
def test_roc_auc_matches_sklearn_on_many_label_sets(check, seed):
    _for_many(seed, "roc", lambda y_true, y_score, kw: _judge(check, "roc_auc", y_true, y_score, **kw))


# --- each function on each way of writing labels -------------------------------------------------

KIND_GROUPS = {
    "numbers": ["int", "list", "minus_one_one", "two_three"],
    "bools": ["bool", "list_of_bools", "mixed"],
    "other_positive_labels": ["positive_is_zero", "strings", "list_of_strings"],
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", BINARY_FUNCTIONS)
@pytest.mark.parametrize("group", KIND_GROUPS)
def test_binary_metrics_match_reference(check, seed, name, group):
    rng = np.random.default_rng(seed)
    for kind in KIND_GROUPS[group]:
        y_true, y_pred, kwargs = _random_pair(rng, N, kind)
        _judge(check, name, y_true, y_pred, **kwargs)


# Degenerate label sets: the zero-division cases and single samples.
EDGES = {
    "nothing predicted positive": lambda pos: (pos, np.zeros_like(pos)),
    "no actual positives": lambda pos: (np.zeros_like(pos), pos),
    "all negative": lambda pos: (np.zeros_like(pos), np.zeros_like(pos)),
    "all positive": lambda pos: (np.ones_like(pos), np.ones_like(pos)),
    "every prediction wrong": lambda pos: (pos, ~pos),
    "one sample, a hit": lambda pos: (np.array([True]), np.array([True])),
    "one sample, a miss": lambda pos: (np.array([True]), np.array([False])),
    "one sample, a false alarm": lambda pos: (np.array([False]), np.array([True])),
}
EDGE_KINDS = ["int", "bool", "list", "strings", "positive_is_zero", "mixed", "two_three", "list_of_bools"]


@pytest.mark.points(2)
@pytest.mark.parametrize("name", BINARY_FUNCTIONS)
def test_binary_metrics_zero_division_and_edge_cases(check, seed, name):
    rng = np.random.default_rng(seed)
    pos = rng.random(N) < 0.5
    pos[:2] = [True, False]
    for edge, kind in zip(EDGES.values(), EDGE_KINDS):  # each edge written in another kind of labels
        y_true, y_pred, kwargs = _pair(kind, *edge(pos))
        _judge(check, name, y_true, y_pred, **kwargs)


@pytest.mark.points(1)
@pytest.mark.parametrize("labels", ["ints", "strings", "bools"])
def test_accuracy_multiclass_matches_reference(check, seed, labels):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 5, size=N)
    y_pred = np.where(rng.random(N) < 0.6, y_true, rng.integers(0, 5, size=N))
    if labels == "strings":
        names = np.array(["cat", "dog", "eel", "fox", "gnu"])
        y_true, y_pred = names[y_true].tolist(), names[y_pred].tolist()
    elif labels == "bools":
        y_true, y_pred = y_true > 1, y_pred > 1
    _judge(check, "accuracy", y_true, y_pred)


@pytest.mark.points(2)
@pytest.mark.parametrize("dtype", [np.int64, bool])
def test_accuracy_multilabel_counts_whole_rows(check, seed, dtype):
    """(37, 5) indicator matrices where most rows are right: subset accuracy, not the Hamming score."""
    rng = np.random.default_rng(seed)
    y_true = rng.random((N, 5)) < 0.4
    y_pred = y_true ^ (rng.random((N, 5)) < 0.06)
    _judge(check, "accuracy", y_true.astype(dtype), y_pred.astype(dtype))


# --- roc_auc --------------------------------------------------------------------------------------

SCORES = {  # name → scores for N samples, from a generator and the truth (positives score higher)
    "distinct floats": lambda rng, pos: rng.normal(size=pos.size) + pos,
    "floats with ties": lambda rng, pos: np.round(rng.normal(size=pos.size) + pos, 1),
    "small ints": lambda rng, pos: rng.integers(0, 4, size=pos.size) + pos,
    "list of floats": lambda rng, pos: np.round(rng.random(pos.size) + 0.3 * pos, 1).tolist(),
    "all equal": lambda rng, pos: np.full(pos.size, 0.25),
    "perfect ranking": lambda rng, pos: pos * 2.0 + rng.random(pos.size),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("scores", SCORES)
def test_roc_auc_matches_reference(check, seed, scores):
    rng = np.random.default_rng(seed)
    pos = rng.random(N) < 0.4
    pos[:2] = [True, False]
    kind = ["int", "bool", "strings", "two_three", "positive_is_zero", "list"][list(SCORES).index(scores)]
    y_true, _, kwargs = _pair(kind, pos, None)
    _judge(check, "roc_auc", y_true, SCORES[scores](rng, pos), **kwargs)


@pytest.mark.points(2)
@pytest.mark.parametrize("only", ["positives", "negatives"])
def test_roc_auc_one_class_raises_value_error(check, seed, only):
    rng = np.random.default_rng(seed)
    y_true = np.full(N, "spam" if only == "positives" else "ham")
    y_score = rng.random(N)
    what = check.describe("roc_auc", (y_true, y_score), {"pos_label": "spam"})
    try:
        got = check.run_learner("roc_auc", y_true, y_score, pos_label="spam")
    except ValueError:  # the learner's own, in the grading process or from the sandbox alike
        return
    except (NotImplementedError, Mismatch):  # a stub, a tripwire, or the sandbox's report of another error
        raise
    except Exception as exc:  # noqa: BLE001 - the type is what is judged
        raise Mismatch(f"{what}\n  y_true holds only {only}: expected a ValueError, got {type(exc).__name__}: "
                       f"{exc}") from None
    raise Mismatch(f"{what}\n  y_true holds only {only}: expected a ValueError, got {got!r} — the area under the "
                   "ROC curve is undefined without both classes (recent sklearn returns NaN with a warning; "
                   "this course asks for an error, which a caller cannot overlook)")


@pytest.mark.points(4)
def test_roc_auc_throughput(check, ref_module, seed):
    """O(N log N): within 5x the reference's time at 5 003 and then at 100 003 samples, with ties.

    The small size comes first, so that an O(N²) pairwise comparison fails in seconds with a hint
    instead of running for minutes; each timed input is checked for a right answer first.
    """
    rng = np.random.default_rng(seed)
    hint = ("comparing every positive with every negative is O(N²): 100 000 samples make 2.5e9 pairs. Sort the "
            "scores once (np.argsort or np.unique), give tied scores their average rank, and use the rank sum "
            "of the positives — whole-array NumPy, no Python loop over samples")
    for n in (5_003, 100_003):
        y_true = rng.random(n) < 0.3
        y_score = np.round(rng.normal(size=n) + y_true, 2)  # about 600 distinct values: many ties
        _judge(check, "roc_auc", y_true, y_score)
        assert_throughput(check.timed("roc_auc", y_true, y_score),
                          lambda: ref_module.roc_auc(y_true, y_score), max_ratio=5.0,
                          what=f"day08: roc_auc(({n},) bool, ({n},) float64), seed {seed}", hint=hint, seed=seed)
