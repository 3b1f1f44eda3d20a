"""Day 25 visible tests: run them with  pytest assignments/day25  (or  ai100 check day25).

They compare your functions with values recorded from the reference (keyed by these exact
inputs), with small cases worked out by hand, and with what reweighing promises. The autograder
runs more cases (more groups, other label types, a size you do not see) and fits a model.
"""

import numpy as np
import pytest

from course_tools.checks import close, expect_raises

TOL = "formula_vs_library"  # atol 1e-12

# Eight people in two groups. Group "a": 3 of 4 selected; group "b": 1 of 4 selected.
Y_TRUE = np.array([1, 1, 0, 0, 1, 1, 1, 0])
Y_PRED = np.array([1, 1, 1, 0, 1, 0, 0, 0])
GROUP = np.array(["a", "a", "a", "a", "b", "b", "b", "b"])


@pytest.mark.points(1)
def test_selection_rates_by_hand(check):
    close(check("selection_rates", Y_PRED, GROUP, tol=TOL), {"a": 0.75, "b": 0.25}, tol=TOL,
          what="day25: selection_rates on the eight-person table")


@pytest.mark.points(1)
def test_demographic_parity_diff_by_hand(check):
    close(check("demographic_parity_diff", Y_PRED, GROUP, tol=TOL), 0.5, tol=TOL,
          what="day25: demographic_parity_diff = 0.75 − 0.25")


@pytest.mark.points(1)
def test_disparate_impact_by_hand(check):
    close(check("disparate_impact", Y_PRED, GROUP, tol=TOL), 1 / 3, tol=TOL,
          what="day25: disparate_impact = 0.25 / 0.75")
    close(check.run_learner("disparate_impact", np.zeros(8, dtype=int), GROUP), 1.0, tol=TOL,
          what="day25: disparate_impact with nobody selected (documented: 1.0)")


@pytest.mark.points(1)
def test_equal_opportunity_diff_by_hand(check):
    # group a: both deserving people selected (TPR 1); group b: 1 of 3 (TPR 1/3)
    close(check("equal_opportunity_diff", Y_TRUE, Y_PRED, GROUP, tol=TOL), 2 / 3, tol=TOL,
          what="day25: equal_opportunity_diff = 1 − 1/3")
    expect_raises(ValueError, "day25: equal_opportunity_diff with no y_true = 1",
                  lambda: check.run_learner("equal_opportunity_diff", np.zeros(8, dtype=int), Y_PRED, GROUP),
                  because="no group has a true-positive rate")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_metrics_match_reference(check, seed):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 3, size=20)
    y_true = (rng.random(20) < 0.5).astype(int)
    y_true[0] = 1
    y_pred = (rng.random(20) < 0.4 + 0.2 * group).astype(int)
    check("demographic_parity_diff", y_pred, group, tol=TOL)
    check("disparate_impact", y_pred, group, tol=TOL)
    check("equal_opportunity_diff", y_true, y_pred, group, tol=TOL)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_reweighing_weights(check, seed):
    w = check("reweighing_weights", Y_TRUE, GROUP, tol=TOL)
    close(float(w.sum()), 8.0, tol=TOL, what="day25: reweighing weights sum to N")
    for g in ("a", "b"):  # weighted, both groups have the overall rate of y = 1 (5/8)
        m = GROUP == g
        close(float(np.sum(w[m] * Y_TRUE[m]) / np.sum(w[m])), 5 / 8, tol=TOL,
              what=f"day25: weighted P(y=1 | group {g})")
