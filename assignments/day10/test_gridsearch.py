"""Day 10 visible tests for gridsearch.py: run them with  pytest assignments/day10  (or  ai100 check day10).

They compare your search with scikit-learn's GridSearchCV on the same folds (every mean score
within 1e-9, the same best params), and expand_grid with values recorded from the reference and
with ParameterGrid. The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV, KFold, ParameterGrid
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from course_tools.checks import close


def _cancer(seed, n):
    X, y = load_breast_cancer(return_X_y=True)
    rows = np.sort(np.random.default_rng(seed).choice(len(X), size=n, replace=False))
    return X[rows], y[rows]


def _tree(**params):
    return DecisionTreeClassifier(random_state=0).set_params(**params)


def _knn(**params):
    return KNeighborsClassifier().set_params(**params)


def _against_gridsearchcv(check, make_model, grid, X, y, cv):
    got = check.run_learner("grid_search_cv", make_model, grid, X, y, cv=cv)
    search = GridSearchCV(make_model(), grid, cv=cv).fit(X, y)
    want = {"params": list(search.cv_results_["params"]), "mean_scores": search.cv_results_["mean_test_score"],
            "best_params": search.best_params_, "best_score": float(search.best_score_)}
    close(got, want, what=f"day10: grid_search_cv({make_model.__name__}, {grid}) against GridSearchCV")
    return got


@pytest.mark.points(1)
def test_expand_grid_order(check):
    grid = {"weights": ["uniform", "distance"], "n_neighbors": [1, 5, 9]}
    got = check("expand_grid", grid, tol="exact")
    assert got == list(ParameterGrid(grid)), "expand_grid's order differs from sklearn's ParameterGrid"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0])
def test_grid_search_cv_matches_gridsearchcv_trees(check, seed):
    X, y = _cancer(seed, 200)
    _against_gridsearchcv(check, _tree, {"max_depth": [1, 3, None]}, X, y, 4)


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [1])
def test_grid_search_cv_explicit_folds(check, seed):
    X, y = _cancer(seed, 150)
    folds = list(KFold(3, shuffle=True, random_state=seed).split(X))
    _against_gridsearchcv(check, _knn, {"n_neighbors": [1, 7]}, X, y, folds)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_grid_search_cv_tie_goes_to_first(check, seed):
    X, y = _cancer(seed, 120)
    got = _against_gridsearchcv(check, _tree, {"max_depth": [40, 30]}, X, y, 3)  # the same tree twice
    assert got["best_params"] == {"max_depth": 40}, "on a tie the first candidate wins"
