"""Hidden graders for day 17, forest.py: bootstrap_indices, oob_score, fit_forest, forest_predict, oob_curve.

The recipe is seeded, so a right forest is the reference's forest: bootstrap draws exactly, OOB
masks exactly, OOB scores and predictions to the float64 row. Then what a forest should do: its
OOB accuracy within 0.02 of the accuracy on 4 000 held-out rows, and that held-out accuracy no
more than 0.02 below scikit-learn's RandomForestClassifier of the same size. Data: seeded
sklearn.datasets.make_classification problems (course_tools.data.make_adult_like was not on main
when this day was written); the 211-row, 5-feature, 9-tree case is never used by the visible tests.
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

from course_tools.checks import close


def _data(seed, n, d=8, classes=2, class_sep=1.5):
    X, y = make_classification(n_samples=n, n_features=d, n_informative=min(5, d), n_redundant=0,
                               n_classes=classes, class_sep=class_sep, flip_y=0.02, random_state=seed % 100_000)
    return X, y.astype(np.int64)


def _grader_trees(seed, X, y, T):
    """Trees and OOB masks made here, by the documented recipe, for the functions that take them."""
    rng = np.random.default_rng(seed)
    n, trees, masks = len(X), [], np.ones((T, len(X)), dtype=bool)
    for t in range(T):
        rows = rng.integers(0, n, size=n)
        masks[t, rows] = False
        trees.append(DecisionTreeClassifier(max_features="sqrt", random_state=t).fit(X[rows], y[rows]))
    return trees, masks


def _masks_and_score(forest):
    return forest["oob_masks"], forest["oob_score"]


# --- bootstrap_indices ---------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 7, 1001])
def test_bootstrap_indices_matches_reference(check, seed, n):
    got = check("bootstrap_indices", n, np.random.default_rng(seed), tol="exact")
    if n == 1001:
        assert len(np.unique(got)) < n, "day17: bootstrap_indices(1001): every index drawn once — a bootstrap " \
                                        "draws WITH replacement (about 63% distinct rows)"


# --- oob_score -------------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("n, classes, T", [(120, 2, 7), (90, 3, 4), (40, 4, 2)])  # T = 2: rows with no OOB tree
def test_oob_score_matches_reference(check, seed, n, classes, T):
    X, y = _data(seed, n, d=6, classes=classes, class_sep=1.0)
    trees, masks = _grader_trees(seed, X, y, T)
    check("oob_score", trees, masks, X, y)


@pytest.mark.points(2)
def test_oob_score_tree_missing_a_class(check, seed):
    """A class with 3 rows out of 60: some trees never see it, and their predict_proba has one
    column fewer — map columns to labels through tree.classes_."""
    X, y = _data(seed, 60, d=5, classes=2)
    y = y.copy()
    y[:3] = 2
    trees, masks = _grader_trees(seed, X, y, 12)
    check("oob_score", trees, masks, X, y)


# --- fit_forest -----------------------------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.parametrize("n, d, T", [(300, 8, 15), (211, 5, 9)])
def test_fit_forest_masks_and_oob_score_match_reference(check, seed, n, d, T):
    X, y = _data(seed, n, d)
    masks, _ = check("fit_forest", X, y, n_estimators=T, seed=seed, pick=_masks_and_score)
    assert masks.dtype == bool and masks.shape == (T, n)


@pytest.mark.points(6)
def test_fit_forest_oob_tracks_held_out_accuracy_and_sklearn(check, seed):
    """40 trees on 2 000 rows, judged on 4 000 more: OOB within 0.02 of held-out accuracy, and that
    accuracy no more than 0.02 below RandomForestClassifier(40) on the same rows."""
    X, y = _data(seed, 6000, d=10)
    X_tr, y_tr, X_te, y_te = X[:2000], y[:2000], X[2000:], y[2000:]
    kwargs = dict(n_estimators=40, seed=seed)
    forest = check.run_learner("fit_forest", X_tr, y_tr, **kwargs)
    accuracy = float(np.mean(np.asarray(check.run_learner("forest_predict", forest, X_te)) == y_te))
    oob = float(forest["oob_score"])
    what = check.describe("fit_forest", (X_tr, y_tr), kwargs)
    assert abs(oob - accuracy) <= 0.02, (
        f"{what}\n  OOB accuracy {oob:.4f}, held-out accuracy {accuracy:.4f}: more than 0.02 apart — is each "
        "row voted on only by the trees that did not see it?")
    sk = RandomForestClassifier(n_estimators=40, random_state=seed % 100_000).fit(X_tr, y_tr).score(X_te, y_te)
    assert accuracy >= sk - 0.02, (f"{what}\n  held-out accuracy {accuracy:.4f}, RandomForestClassifier(40) reaches "
                                   f"{sk:.4f}: more than 0.02 below it")


# --- forest_predict, oob_curve ---------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("classes, T", [(2, 6), (3, 11)])
def test_forest_predict_matches_reference(check, seed, classes, T):
    X, y = _data(seed, 150, d=6, classes=classes, class_sep=0.8)
    trees, masks = _grader_trees(seed, X[:100], y[:100], T)
    forest = {"trees": trees, "oob_masks": masks, "oob_score": 0.0}
    check("forest_predict", forest, X[100:], tol="exact")


@pytest.mark.points(3)
def test_oob_curve_matches_reference(check, seed):
    X, y = _data(seed, 180, d=6)
    check("oob_curve", X, y, [1, 3, 10, 25], seed=seed)
