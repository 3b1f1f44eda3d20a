"""Hidden graders for day 25 (bias and fairness metrics, Kamiran–Calders reweighing).

Each formula is judged twice, within atol 1e-12: against the reference (which names known
mistakes) and against an independent computation written here with plain Python counting.
The reweighing is judged by its formula, by what it promises (label and group independent in the
weighted data) and by its use: a scikit-learn LogisticRegression fitted with the weights must at
least halve the demographic parity gap of the unweighted fit on a held-out half of a table with a
planted group bias. course_tools.data.make_adult_like was not on main when this day was written,
so that table is generated here from the hidden seed. Unseen here: 37 samples, four groups.
"""

from collections import Counter

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, expect_raises

TOL = "formula_vs_library"  # atol 1e-12: the day's criterion
N = 37  # a size the visible tests never use
EXAMPLES = 30  # random label sets per many-sets test

GROUP_KINDS = {  # how the group column is written: G distinct values of one type
    "ints": lambda idx: idx.astype(np.int64),
    "strings": lambda idx: np.array(["a", "b", "c", "d", "e"])[idx],
    "bools": lambda idx: idx.astype(bool),
    "list_of_strings": lambda idx: [["F", "M", "X", "Y", "Z"][i] for i in idx],
}


def _draw(rng, n=None, n_groups=None, kind=None):
    """(y_true, y_pred, group) with random group sizes, base rates and prediction quality."""
    n = n or int(rng.integers(2, 60))
    kind = kind or str(rng.choice(list(GROUP_KINDS)))
    n_groups = 2 if kind == "bools" else (n_groups or int(rng.integers(1, 5)))
    idx = rng.choice(n_groups, size=n, p=rng.dirichlet(np.ones(n_groups)))
    base = rng.random(n_groups)[idx]
    y_true = (rng.random(n) < base).astype(np.int64)
    y_pred = np.where(rng.random(n) < rng.random(), y_true, rng.random(n) < base).astype(np.int64)
    return y_true, y_pred, GROUP_KINDS[kind](idx)


# --- independent computations: counting, no NumPy reductions --------------------------------------

def _members(group):
    return {g: [i for i, h in enumerate(list(group)) if h == g] for g in set(list(group))}


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def my_rates(y_pred, group):
    y_pred = list(y_pred)
    return {_plain(g): sum(int(y_pred[i]) for i in ix) / len(ix) for g, ix in _members(group).items()}


def my_dpd(y_pred, group):
    rates = my_rates(y_pred, group).values()
    return max(rates) - min(rates)


def my_di(y_pred, group):
    rates = my_rates(y_pred, group).values()
    return 1.0 if max(rates) == 0 else min(rates) / max(rates)


def my_eod(y_true, y_pred, group):
    y_true, y_pred = list(y_true), list(y_pred)
    tprs = []
    for ix in _members(group).values():
        pos = [i for i in ix if int(y_true[i]) == 1]
        if pos:
            tprs.append(sum(int(y_pred[i]) for i in pos) / len(pos))
    return max(tprs) - min(tprs)


def my_weights(y, group):
    y, group = list(y), list(group)
    n, n_g, n_c, n_gc = len(y), Counter(group), Counter(y), Counter(zip(group, y))
    return np.array([n_g[g] * n_c[c] / (n * n_gc[(g, c)]) for g, c in zip(group, y)])


INDEPENDENT = {"selection_rates": my_rates, "demographic_parity_diff": my_dpd, "disparate_impact": my_di,
               "equal_opportunity_diff": my_eod, "reweighing_weights": my_weights}
ARGS = {"selection_rates": lambda t, p, g: (p, g), "demographic_parity_diff": lambda t, p, g: (p, g),
        "disparate_impact": lambda t, p, g: (p, g), "equal_opportunity_diff": lambda t, p, g: (t, p, g),
        "reweighing_weights": lambda t, p, g: (t, g)}


def _judge(check, name, *args):
    got = check(name, *args, tol=TOL)
    close(got, INDEPENDENT[name](*args), tol=TOL, check_dtype=False,
          what=check.describe(name, args, {}) + " against a count written independently")
    if name != "reweighing_weights" and name != "selection_rates" and type(got) is not float:
        raise Mismatch(f"{check.describe(name, args, {})}\n  returned {type(got).__name__}; return a Python float")
    return got


def _has_positive(y_true):
    return any(int(v) == 1 for v in y_true)


@pytest.mark.points(3)
@pytest.mark.parametrize("name", list(INDEPENDENT))
def test_metric_matches_on_many_label_sets(check, seed, name):
    """30 label sets: 2 to 59 samples, 1 to 4 groups of random sizes, ints/strings/bools/lists."""
    rng = np.random.default_rng(seed)
    for _ in range(EXAMPLES):
        y_true, y_pred, group = _draw(rng)
        if name == "equal_opportunity_diff" and not _has_positive(y_true):
            continue  # undefined: tested on its own below
        _judge(check, name, *ARGS[name](y_true, y_pred, group))


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(INDEPENDENT))
@pytest.mark.parametrize("kind", list(GROUP_KINDS))
def test_metric_matches_reference_unseen_size(check, seed, name, kind):
    y_true, y_pred, group = _draw(np.random.default_rng(seed), n=N, n_groups=4, kind=kind)
    y_true[:2] = 1  # at least one positive
    _judge(check, name, *ARGS[name](y_true, y_pred, group))


@pytest.mark.points(1)
def test_demographic_parity_diff_ignores_group_order(check, seed):
    y_true, y_pred, group = _draw(np.random.default_rng(seed), n=N, n_groups=3, kind="ints")
    relabelled = np.array([2, 0, 1])[group]  # the same people, the groups renamed
    a = check.run_learner("demographic_parity_diff", y_pred, group)
    b = check.run_learner("demographic_parity_diff", y_pred, relabelled)
    close(b, a, tol=TOL, what="day25: demographic_parity_diff after renaming the groups (same people)")
    if a < 0:
        raise Mismatch("day25: demographic_parity_diff is negative: it is max − min of the rates, never below 0")


# --- zero division and edge cases -------------------------------------------------------------------

@pytest.mark.points(2)
def test_disparate_impact_zero_division(check, seed):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 3, size=N)
    group[:3] = [0, 1, 2]
    nobody = np.zeros(N, dtype=np.int64)
    close(check.run_learner("disparate_impact", nobody, group), 1.0, tol=TOL,
          what="day25: disparate_impact when nobody is selected (0 / 0)",
          mistakes={"0 / 0 left as NaN: nobody selected treats every group alike, so the ratio is 1.0": np.nan},
          hint="nobody selected: every group is treated alike, the ratio is 1.0 (documented)")
    some = (group != 2).astype(np.int64)  # group 2 never selected, the others always
    close(check.run_learner("disparate_impact", some, group), 0.0, tol=TOL,
          what="day25: disparate_impact when one group is never selected")


@pytest.mark.points(2)
def test_equal_opportunity_diff_skips_groups_without_positives(check, seed):
    rng = np.random.default_rng(seed)
    group = np.repeat(np.array(["a", "b", "c"]), [12, 13, 12])
    y_true = (rng.random(N) < 0.5).astype(np.int64)
    y_true[:2] = 1
    y_true[12:25] = 0  # group b has no one who deserves the outcome: it has no true-positive rate
    y_pred = (rng.random(N) < 0.5).astype(np.int64)
    _judge(check, "equal_opportunity_diff", y_true, y_pred, group)


@pytest.mark.points(2)
def test_equal_opportunity_diff_no_positives_raises_value_error(check, seed):
    rng = np.random.default_rng(seed)
    group, y_pred = rng.integers(0, 2, size=N), rng.integers(0, 2, size=N)
    expect_raises(ValueError, "day25: equal_opportunity_diff with y_true all 0",
                  lambda: check.run_learner("equal_opportunity_diff", np.zeros(N, dtype=np.int64), y_pred, group),
                  because="no group has a true-positive rate, so the difference is undefined")


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(INDEPENDENT))
def test_metric_empty_input_raises_value_error(check, name):
    empty = np.array([], dtype=np.int64)
    args = ARGS[name](empty, empty, empty)
    expect_raises(ValueError, f"day25: {name} on 0 samples", lambda: check.run_learner(name, *args),
                  because="there is nobody to measure")


@pytest.mark.points(1)
def test_metrics_one_group(check, seed):
    y_true, y_pred, _ = _draw(np.random.default_rng(seed), n=N, n_groups=2, kind="ints")
    y_true[0] = 1
    group = np.full(N, "only")
    for name, want in [("demographic_parity_diff", 0.0), ("equal_opportunity_diff", 0.0)]:
        close(check.run_learner(name, *ARGS[name](y_true, y_pred, group)), want, tol=TOL,
              what=f"day25: {name} with a single group")
    close(check.run_learner("reweighing_weights", y_true, group), np.ones(N), tol=TOL,
          what="day25: reweighing_weights with a single group (label and group are already independent)")


# --- reweighing (stretch) ---------------------------------------------------------------------------

@pytest.mark.points(2)
def test_reweighing_makes_label_and_group_independent(check, seed):
    y_true, _, group = _draw(np.random.default_rng(seed), n=N, n_groups=3, kind="strings")
    group[:6], y_true[:6] = ["a", "a", "b", "b", "c", "c"], [0, 1, 0, 1, 0, 1]  # every (group, label) cell occupied
    w = check.run_learner("reweighing_weights", y_true, group)
    what = check.describe("reweighing_weights", (y_true, group), {})
    close(float(np.sum(w)), float(N), tol=TOL, what=what + " — sum of the weights (N, when every (group, label) pair occurs)")
    overall = float(np.mean(y_true))
    for g in np.unique(group):
        in_g = group == g
        rate = float(np.sum(w[in_g] * y_true[in_g]) / np.sum(w[in_g]))
        close(rate, overall, tol=TOL, what=f"{what} — weighted P(y=1 | group {g!r}) against the overall P(y=1)")


def biased_table(seed, n=1600):
    """Adult-census-like data with a planted bias: features x1, x2 (the same spread in both groups),
    a binary group (40% minority) and a label that depends on the features AND on the group."""
    rng = np.random.default_rng(seed)
    group = (rng.random(n) < 0.4).astype(np.int64)
    x = rng.standard_normal((n, 2))
    logit = 1.2 * x[:, 0] - 0.8 * x[:, 1] + np.where(group == 1, -1.0, 0.8)  # the planted bias
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    return np.column_stack([x, group]), y, group


@pytest.mark.points(4)
def test_reweighing_halves_the_parity_gap_of_a_logistic_regression(check, seed):
    from sklearn.linear_model import LogisticRegression

    X, y, group = biased_table(seed)
    half = len(y) // 2  # fit on the first half, measure on the second
    w = check.run_learner("reweighing_weights", y[:half], group[:half])
    plain = LogisticRegression().fit(X[:half], y[:half])
    fair = LogisticRegression().fit(X[:half], y[:half], sample_weight=np.asarray(w, dtype=np.float64))
    before = my_dpd(plain.predict(X[half:]), group[half:])
    after = my_dpd(fair.predict(X[half:]), group[half:])
    if not after <= before / 2:
        raise Mismatch(f"day25: reweighing_weights, seed {seed}: a LogisticRegression fitted with your weights has a "
                       f"demographic parity gap of {after:.3f} on held-out data, against {before:.3f} unweighted; "
                       "the weights must at least halve it — check them against n_g·n_c / (N·n_gc)")
