"""Day 23 visible tests: run them with  pytest assignments/day23  (or  ai100 check day23).

build_pipeline and cross_val_scores are compared with scikit-learn (make_pipeline,
cross_val_score on the same folds) within atol 1e-12; stratified_folds is checked for what any
right answer has: a partition, every class spread within ±1, the seed respected. The autograder
adds unseen sizes and label kinds, and spies that see which rows each fit was given.
"""

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.data import make_adult_like

TOL = "formula_vs_library"  # atol 1e-12: the day's criterion against scikit-learn
NUM = ["age", "hours_per_week"]
CAT = ["education", "sex"]


def _parts():
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = ColumnTransformer([("num", StandardScaler(), NUM), ("cat", OneHotEncoder(handle_unknown="ignore"), CAT)])
    return pre, LogisticRegression(max_iter=500)


@pytest.mark.points(1)
def test_build_pipeline_matches_make_pipeline(check):
    from sklearn.pipeline import make_pipeline

    train, test = make_adult_like(120, 0), make_adult_like(30, 1)
    pipe = check.run_learner("build_pipeline", *_parts())
    got = np.asarray(pipe.fit(train, train["income"]).predict_proba(test))
    want = make_pipeline(*_parts()).fit(train, train["income"]).predict_proba(test)
    close(got, want, what="day23: build_pipeline(pre, model).fit(...).predict_proba vs make_pipeline", tol=TOL)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_stratified_folds_partition_and_stratify(check, seed):
    y = np.random.default_rng(seed).choice(3, 50, p=[0.6, 0.3, 0.1])
    folds = check.run_learner("stratified_folds", y, k=5, seed=seed)
    what = f"day23: stratified_folds(y (50,), k=5, seed={seed})"
    assert len(folds) == 5, f"{what}: {len(folds)} folds"
    tests = [np.asarray(te) for _, te in folds]
    every = np.sort(np.concatenate(tests))
    assert np.array_equal(every, np.arange(50)), f"{what}: the test parts must cover every row once"
    for (tr, te) in folds:
        assert np.array_equal(np.sort(np.concatenate([tr, te])), np.arange(50)), f"{what}: train = all rows not in test"
    for label in range(3):
        counts = [int(np.sum(y[te] == label)) for te in tests]
        assert max(counts) - min(counts) <= 1, f"{what}: class {label} spread as {counts}, must be within ±1"
    again = check.run_learner("stratified_folds", y, k=5, seed=seed)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(folds, again)), f"{what}: the same seed gave other folds"


@pytest.mark.points(1)
def test_cross_val_scores_matches_sklearn(check):
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    table = make_adult_like(120, 2)
    y = table["income"].to_numpy()
    folds = [(tr, te) for tr, te in StratifiedKFold(3, shuffle=True, random_state=0).split(table, y)]
    pipe = make_pipeline(*_parts())
    got = check.run_learner("cross_val_scores", pipe, table, y, folds)
    close(got, cross_val_score(pipe, table, y, cv=folds), tol=TOL,
          what="day23: cross_val_scores(pipeline, adult-like (120 rows), y, 3 folds) vs cross_val_score")


@pytest.mark.points(1)
def test_double_descent_curve_matches_reference(check):
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    X, y = (X - X.mean(axis=0)) / X.std(axis=0), (y - y.mean()) / y.std()
    check("double_descent_curve", X, y, [5, 30, 300], 100, seed=0, tol="fit_vs_library")
