"""Hidden graders for day 23 (Pipeline, stratified folds, cross-validation without leaks).

Pipelines and estimators are built here from scikit-learn and handed to the learner's functions.
cross_val_scores is judged against sklearn's cross_val_score on the same folds (atol 1e-12), and
with the spies of course_tools.fixtures.day23, which turn "which rows did each fit see" into the
scores themselves. stratified_folds is judged by its properties, since many shuffles are right.
Unseen here: 203 and 37 rows, k = 4 and 7, three string classes, widths around 120 training rows.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_adult_like
from course_tools.fixtures.day23 import RowSpy, SpyClassifier, row_ids_first

TOL = "formula_vs_library"  # atol 1e-12: the day's criterion against scikit-learn
NUM = ["age", "education_num", "hours_per_week", "capital_gain"]
CAT = ["education", "marital_status", "sex", "race"]


def _parts(C=1.0):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = ColumnTransformer([("num", StandardScaler(), NUM), ("cat", OneHotEncoder(handle_unknown="ignore"), CAT)])
    return pre, LogisticRegression(C=C, max_iter=1000)


def _sklearn_folds(y, k, seed):
    from sklearn.model_selection import StratifiedKFold

    return [(tr.astype(np.int64), te.astype(np.int64))
            for tr, te in StratifiedKFold(k, shuffle=True, random_state=seed % 2**31).split(np.zeros(len(y)), y)]


def _cross_val_score(pipe, X, y, folds):
    from sklearn.model_selection import cross_val_score

    return cross_val_score(pipe, X, y, cv=folds)


# --- build_pipeline --------------------------------------------------------------------------------------

@pytest.mark.points(2)
def test_build_pipeline_matches_make_pipeline(check, seed):
    from sklearn.pipeline import make_pipeline

    train, test = make_adult_like(203, seed), make_adult_like(61, seed + 1)
    what = f"day23: build_pipeline(ColumnTransformer, LogisticRegression).fit(203 rows), seed {seed}"
    pipe = check.run_learner("build_pipeline", *_parts())
    got = np.asarray(pipe.fit(train, train["income"]).predict_proba(test))
    want = make_pipeline(*_parts()).fit(train, train["income"]).predict_proba(test)
    close(got, want, what=what + ": predict_proba on 61 new rows against sklearn's make_pipeline", tol=TOL)
    try:
        pipe.set_params(model__C=0.05)
    except ValueError as exc:
        raise Mismatch(f"{what}\n  set_params(model__C=0.05) failed ({exc}): name the steps 'pre' and 'model'"
                       ) from None
    got = np.asarray(pipe.fit(train, train["income"]).predict_proba(test))
    want = make_pipeline(*_parts(C=0.05)).fit(train, train["income"]).predict_proba(test)
    close(got, want, what=what + " after set_params(model__C=0.05)", tol=TOL)


# --- stratified_folds ------------------------------------------------------------------------------------

def _labels(seed, case):
    rng = np.random.default_rng(seed)
    if case == "adult_203_k5":
        return make_adult_like(203, seed)["income"].to_numpy(), 5
    if case == "strings_37_k4":
        return np.array(["cat", "dog", "eel"], dtype=object)[rng.choice(3, 37, p=[0.6, 0.3, 0.1])], 4
    if case == "list_120_k7":
        return rng.integers(0, 4, 120).tolist(), 7
    return np.repeat([0, 1], [13, 2]), 3  # a class rarer than the folds: each fold gets 0 or 1 of it


def _fold_problem(folds, y, k):
    """What is wrong with folds, or None."""
    y = np.asarray(y)
    n = len(y)
    if len(folds) != k:
        return f"expected {k} (train_idx, test_idx) pairs, got {len(folds)}"
    tests = [np.asarray(te) for _, te in folds]
    trains = [np.asarray(tr) for tr, _ in folds]
    for f, (tr, te) in enumerate(zip(trains, tests)):
        if tr.dtype.kind not in "iu" or te.dtype.kind not in "iu":
            return f"fold {f}: indices must be int arrays, got {tr.dtype} and {te.dtype}"
        if np.any(np.diff(te) <= 0) or np.any(np.diff(tr) <= 0):
            return f"fold {f}: indices must be sorted ascending, without repeats"
        if not np.array_equal(np.sort(np.concatenate([tr, te])), np.arange(n)):
            return f"fold {f}: train_idx and test_idx together must be every row once"
    every = np.sort(np.concatenate(tests))
    if not np.array_equal(every, np.arange(n)):
        return "the test parts must be disjoint and hold every row exactly once"
    sizes = [len(te) for te in tests]
    for label in np.unique(y):
        counts = [int(np.count_nonzero(y[te] == label)) for te in tests]
        if max(counts) - min(counts) > 1:
            return (f"not stratified: class {label.tolist()!r} ({int(np.count_nonzero(y == label))} rows) falls in the "
                    f"test parts as {counts} — each class must be dealt out evenly, counts within ±1")
    if max(sizes) - min(sizes) > 1:
        return f"test part sizes {sizes} differ by more than 1: start each class where the last one stopped"
    return None


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["adult_203_k5", "strings_37_k4", "list_120_k7", "rare_class_15_k3"])
def test_stratified_folds_partition_and_stratify(check, seed, case):
    y, k = _labels(seed, case)
    folds = check.run_learner("stratified_folds", y, k=k, seed=seed)
    problem = _fold_problem(folds, y, k)
    if problem:
        raise Mismatch(f"{check.describe('stratified_folds', (y,), {'k': k, 'seed': seed})}\n  {problem}")


@pytest.mark.points(2)
def test_stratified_folds_follow_the_seed(check, seed):
    y, k = _labels(seed, "adult_203_k5")
    what = check.describe("stratified_folds", (y,), {"k": k, "seed": seed})
    first = check.run_learner("stratified_folds", y, k=k, seed=seed)
    again = check.run_learner("stratified_folds", y, k=k, seed=seed)
    other = check.run_learner("stratified_folds", y, k=k, seed=seed + 1)
    same = all(np.array_equal(a[1], b[1]) for a, b in zip(first, again))
    if not same:
        raise Mismatch(f"{what}\n  two calls with the same seed gave different folds: shuffle with "
                       "np.random.default_rng(seed), never the global np.random state")
    if all(np.array_equal(a[1], b[1]) for a, b in zip(first, other)):
        raise Mismatch(f"{what}\n  seeds {seed} and {seed + 1} gave the same folds: the rows are not shuffled "
                       "(or not with the seed given)")
    # Shuffled, not dealt in row order: a deal in order puts rows 0, k, 2k, ... of a class in fold 0.
    labels = np.asarray(y)
    rows = np.flatnonzero(labels == labels[0])
    dealt = rows[::k]
    if any(np.array_equal(np.intersect1d(te, rows), dealt) for _, te in first):
        raise Mismatch(f"{what}\n  the folds deal each class's rows in their original order: shuffle them first")


# --- cross_val_scores ---------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_cross_val_scores_matches_sklearn_classification(check, seed):
    from sklearn.pipeline import make_pipeline

    table = make_adult_like(203, seed)
    y = table["income"].to_numpy()
    folds = _sklearn_folds(y, 4, seed)
    pipe = make_pipeline(*_parts())
    what = f"day23: cross_val_scores(scaler+one-hot+logistic pipeline, adult-like (203 rows), y, 4 folds), seed {seed}"
    got = check.run_learner("cross_val_scores", pipe, table, y, folds)
    close(got, _cross_val_score(pipe, table, y, folds), what=what + " against sklearn cross_val_score", tol=TOL,
          hint="fit a fresh clone(pipe) on each fold's train rows, then pipe.score on its test rows")


@pytest.mark.points(2)
def test_cross_val_scores_matches_sklearn_regression(check, seed):
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_diabetes(return_X_y=True)
    folds = [(tr.astype(np.int64), te.astype(np.int64))
             for tr, te in KFold(7, shuffle=True, random_state=seed).split(X)]
    pipe = make_pipeline(StandardScaler(), Ridge(alpha=3.0))
    what = f"day23: cross_val_scores(scaler+ridge, diabetes (442, 10), y, 7 folds), seed {seed}"
    got = check.run_learner("cross_val_scores", pipe, X, y, folds)
    close(got, _cross_val_score(pipe, X, y, folds), what=what + " against sklearn cross_val_score (R²)", tol=TOL)


@pytest.mark.points(3)
def test_cross_val_scores_fits_on_training_rows_only(check, seed):
    """The spies score each fold with the size of its training part, or minus the test rows a fit saw."""
    from sklearn.pipeline import make_pipeline

    rng = np.random.default_rng(seed)
    X = row_ids_first(rng.normal(size=(97, 3)))
    y = rng.integers(0, 2, 97)
    folds = _sklearn_folds(y, 5, seed)
    what = f"day23: cross_val_scores(make_pipeline(RowSpy(), SpyClassifier()), (97, 4), y, 5 folds), seed {seed}"
    got = np.asarray(check.run_learner("cross_val_scores", make_pipeline(RowSpy(), SpyClassifier()), X, y, folds))
    want = np.array([len(tr) for tr, _ in folds], dtype=np.float64)
    if got.shape == want.shape and np.any(got < 0):
        f = int(np.flatnonzero(got < 0)[0])
        raise Mismatch(f"{what}\n  in fold {f}, {int(-got[f])} of its {len(folds[f][1])} test rows had been seen by a "
                       "fit — likely mistake: the preprocessor (or the model) was fitted on all rows; fit a fresh "
                       "clone of the whole pipeline on each fold's train rows only")
    close(got, want, what=what + ": each fold's score is the number of rows its fit saw", tol="exact",
          hint="fit on exactly the fold's train_idx rows (by position), and score on its test_idx rows")


@pytest.mark.points(1)
def test_cross_val_scores_with_your_own_parts(check, seed):
    table = make_adult_like(150, seed)
    y = table["income"].to_numpy()
    folds = check.run_learner("stratified_folds", y, k=3, seed=seed)
    pipe = check.run_learner("build_pipeline", *_parts())
    what = (f"day23: cross_val_scores(build_pipeline(...), adult-like (150 rows), y, stratified_folds(y, 3)), "
            f"seed {seed}")
    got = check.run_learner("cross_val_scores", pipe, table, y, folds)
    from sklearn.pipeline import make_pipeline

    folds = [(np.asarray(tr), np.asarray(te)) for tr, te in folds]
    close(got, _cross_val_score(make_pipeline(*_parts()), table, y, folds), what=what, tol=TOL)


# --- stretch: double descent ----------------------------------------------------------------------------

def _diabetes(seed):
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    order = np.random.default_rng(seed).permutation(len(y))
    X, y = X[order], y[order]
    return (X - X.mean(axis=0)) / X.std(axis=0), (y - y.mean()) / y.std()


@pytest.mark.points(2)
def test_double_descent_curve_matches_reference(check, seed):
    X, y = _diabetes(seed)
    widths = [3, 17, 40, 70, 200, 480, 1000]  # away from the threshold at 120, where pinv is ill-conditioned
    check("double_descent_curve", X, y, widths, 120, seed=seed % 1000, tol="fit_vs_library")


@pytest.mark.points(2)
def test_double_descent_curve_peaks_near_n_train(check, seed):
    X, y = _diabetes(seed)
    widths = [5, 20, 40, 60, 80, 100, 110, 120, 130, 150, 180, 240, 400, 800, 1500]
    what = check.describe("double_descent_curve", (X, y, widths, 120), {"seed": seed % 1000})
    curve = np.asarray(check.run_learner("double_descent_curve", X, y, widths, 120, seed=seed % 1000))
    peak = widths[int(np.argmax(curve))]
    if not 96 <= peak <= 150:
        raise Mismatch(f"{what}\n  the test error peaks at width {peak}, expected near n_train = 120 "
                       f"(between 96 and 150); curve: {np.round(curve, 3).tolist()}")
    if not curve.max() > 5 * min(curve[0], curve[-1]):
        raise Mismatch(f"{what}\n  no spike: the peak {curve.max():.3g} is not 5× the error at either end "
                       f"({curve[0]:.3g}, {curve[-1]:.3g}); a ridge penalty or lstsq's cutoff smooths it away")
