"""Hidden graders for day 10, gridsearch.py: expand_grid and grid_search_cv.

grid_search_cv is judged against scikit-learn's GridSearchCV run on the same folds (the day's
contract): every candidate's mean score within atol 1e-9 (the float64 row), the candidate list,
the best params and the best score. Models are small (decision trees, k-NN, a scaled logistic
regression) on seeded row subsets of breast cancer; the 211-row, 3-fold case is never used by the
visible tests. Folds come either as an int (StratifiedKFold, unshuffled) or as explicit index pairs
of unequal sizes.
"""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold, ParameterGrid, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from course_tools.checks import Mismatch, Named, close


def _cancer(seed, n):
    """n raw (unscaled) rows of breast cancer, drawn by the seed, in their stored order."""
    X, y = load_breast_cancer(return_X_y=True)
    rows = np.sort(np.random.default_rng(seed).choice(len(X), size=n, replace=False))
    return X[rows], y[rows]


def _tree(**params):
    return DecisionTreeClassifier(random_state=0).set_params(**params)


def _knn(**params):
    return KNeighborsClassifier().set_params(**params)


def _scaled_logreg(**params):
    return make_pipeline(StandardScaler(), LogisticRegression()).set_params(**params)


MODELS = {"tree": Named("DecisionTreeClassifier(random_state=0)", _tree),
          "knn": Named("KNeighborsClassifier()", _knn),
          "logreg": Named("make_pipeline(StandardScaler(), LogisticRegression())", _scaled_logreg)}


def _sklearn(make_model, grid, X, y, cv):
    """What GridSearchCV finds on the same folds: the graded answer."""
    folds = cv if isinstance(cv, int) else [(np.asarray(a), np.asarray(b)) for a, b in cv]
    search = GridSearchCV(make_model(), grid, cv=folds).fit(X, y)
    return {"params": list(search.cv_results_["params"]), "mean_scores": search.cv_results_["mean_test_score"],
            "best_params": search.best_params_, "best_score": float(search.best_score_)}


def _judge(check, make_model, grid, X, y, cv):
    """The learner's search against GridSearchCV's; the known mistakes (each a whole search) are
    only run to name the cause of a mismatch, to keep a right answer fast."""
    want = _sklearn(make_model, grid, X, y, cv)
    got = check.run_learner("grid_search_cv", make_model, grid, X, y, cv=cv)
    what = check.describe("grid_search_cv", (make_model, grid, X, y), {"cv": cv}) + " against GridSearchCV"
    try:
        close(got, want, what=what)
    except Mismatch:
        close(got, want, what=what, mistakes=check.ref.mistakes("grid_search_cv", (make_model, grid, X, y), {"cv": cv}))
    return got


# --- expand_grid -------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("names", [("max_depth",), ("n_neighbors", "weights"), ("gamma", "C", "kernel")])
def test_expand_grid_matches_parametergrid(check, seed, names):
    rng = np.random.default_rng(seed)
    grid = {name: [float(v) for v in np.round(rng.uniform(0, 10, size=rng.integers(1, 4)), 2)] for name in names}
    got = check("expand_grid", grid, tol="exact")
    close(got, list(ParameterGrid(grid)), what=check.describe("expand_grid", (grid,), {}) + " against ParameterGrid",
          tol="exact")


@pytest.mark.points(1)
def test_expand_grid_empty_grid_is_one_candidate(check):
    check("expand_grid", {}, tol="exact")


# --- grid_search_cv ----------------------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.parametrize("n, cv", [(300, 5), (211, 3)])  # 211 rows in 3 folds: the unseen case
def test_grid_search_cv_matches_gridsearchcv_trees(check, seed, n, cv):
    X, y = _cancer(seed, n)
    grid = {"max_depth": [1, 2, 4, None], "min_samples_leaf": [1, 8]}
    _judge(check, MODELS["tree"], grid, X, y, cv)


@pytest.mark.points(4)
def test_grid_search_cv_matches_gridsearchcv_scaled_logreg(check, seed):
    X, y = _cancer(seed, 240)
    grid = {"logisticregression__C": [0.01, 0.1, 1.0]}
    _judge(check, MODELS["logreg"], grid, X, y, 4)


@pytest.mark.points(4)
def test_grid_search_cv_explicit_folds_of_unequal_size(check, seed):
    """Shuffled folds of 67, 67 and 66 rows, given as index pairs: use them as they are, and weigh
    every fold the same. k-NN on raw features also shows any scaling done before the split."""
    X, y = _cancer(seed, 200)
    folds = [(train, test) for train, test in KFold(3, shuffle=True, random_state=seed % 1000).split(X)]
    _judge(check, MODELS["knn"], {"n_neighbors": [1, 5, 11]}, X, y, folds)


@pytest.mark.points(3)
def test_grid_search_cv_tie_goes_to_the_first_candidate(check, seed):
    """Depths 40, 30 and 20 grow the same tree on 150 rows (it stops long before depth 20), so all
    three tie: like GridSearchCV, the first in the list wins."""
    X, y = _cancer(seed, 150)
    grid = {"max_depth": [40, 30, 20]}
    got = _judge(check, MODELS["tree"], grid, X, y, 3)
    assert got["best_params"] == {"max_depth": 40}


@pytest.mark.points(2)
def test_grid_search_cv_two_names(check, seed):
    X, y = _cancer(seed, 180)
    _judge(check, MODELS["knn"], {"weights": ["uniform", "distance"], "n_neighbors": [3, 9]}, X, y, 3)
