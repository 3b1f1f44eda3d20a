"""Day 17 visible tests: run them with  pytest assignments/day17  (or  ai100 check day17).

They replay the documented seeded recipe (bootstrap draws and OOB masks must match it exactly),
compare the OOB score with a score on held-out rows, and the forest with scikit-learn's
RandomForestClassifier. The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier


def _data(seed, n, d=8):
    X, y = make_classification(n_samples=n, n_features=d, n_informative=5, n_redundant=0, class_sep=1.5,
                               flip_y=0.02, random_state=seed)
    return X, y.astype(np.int64)


def _recipe_masks(n, T, seed):
    """The OOB masks the docstring's recipe gives: rows first, then the tree's seed, per tree."""
    rng, masks = np.random.default_rng(seed), np.ones((T, n), dtype=bool)
    for t in range(T):
        masks[t, rng.integers(0, n, size=n)] = False
        rng.integers(2**31 - 1)  # the tree's seed
    return masks


@pytest.mark.points(1)
def test_bootstrap_indices_follows_the_recipe(check):
    got = check.run_learner("bootstrap_indices", 12, np.random.default_rng(3))
    assert np.array_equal(got, np.random.default_rng(3).integers(0, 12, size=12)), \
        "bootstrap_indices must be rng.integers(0, n, size=n)"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0])
def test_fit_forest_masks_follow_the_recipe(check, seed):
    X, y = _data(seed, 120)
    forest = check.run_learner("fit_forest", X, y, n_estimators=6, seed=seed)
    masks = np.asarray(forest["oob_masks"])
    assert masks.dtype == bool and masks.shape == (6, 120), f"oob_masks: expected (6, 120) bool, got {masks.shape} {masks.dtype}"
    assert np.array_equal(masks, _recipe_masks(120, 6, seed)), "oob_masks differ from the seeded recipe"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [1])
def test_fit_forest_oob_tracks_held_out_accuracy(check, seed):
    X, y = _data(seed, 3000)
    forest = check.run_learner("fit_forest", X[:1000], y[:1000], n_estimators=30, seed=seed)
    accuracy = np.mean(np.asarray(check.run_learner("forest_predict", forest, X[1000:])) == y[1000:])
    assert abs(forest["oob_score"] - accuracy) <= 0.03, f"OOB {forest['oob_score']:.3f} vs held-out {accuracy:.3f}"
    sk = RandomForestClassifier(n_estimators=30, random_state=seed).fit(X[:1000], y[:1000]).score(X[1000:], y[1000:])
    assert accuracy >= sk - 0.02, f"held-out accuracy {accuracy:.3f}, RandomForestClassifier {sk:.3f}"
