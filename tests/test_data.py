"""course_tools.data: offline, seeded, and the same arrays as scikit-learn's own loader."""

import numpy as np
import pytest

from course_tools.data import iris_split


def test_iris_split_shapes_dtypes_and_stratification():
    X_tr, X_te, y_tr, y_te = iris_split(seed=3)
    assert X_tr.shape == (105, 4) and X_te.shape == (45, 4)
    assert X_tr.dtype == np.float64 and y_tr.dtype == np.int64
    assert np.bincount(y_te).tolist() == [15, 15, 15]  # 30% of each 50-flower species
    assert np.allclose(X_tr.mean(axis=0), 0) and np.allclose(X_tr.std(axis=0), 1)


def test_iris_split_is_deterministic_and_seed_dependent():
    a, b, c = iris_split(seed=1), iris_split(seed=1), iris_split(seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[3], c[3])


def test_iris_split_holds_the_same_flowers_as_sklearn():
    """Standardising is affine per column, so every sorted column of the split is an exact affine
    image of the same column of scikit-learn's raw data."""
    sklearn = pytest.importorskip("sklearn.datasets")
    X, y = sklearn.load_iris(return_X_y=True)
    X_tr, X_te, y_tr, y_te = iris_split(seed=0)
    both = np.concatenate([X_tr, X_te])
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == sorted(y.tolist())
    for j in range(4):
        raw, ours = np.sort(X[:, j]), np.sort(both[:, j])
        slope, intercept = np.polyfit(raw, ours, 1)
        assert slope > 0 and np.allclose(slope * raw + intercept, ours, atol=1e-9)


def test_iris_split_rejects_a_bad_fraction():
    with pytest.raises(ValueError, match="test_fraction"):
        iris_split(test_fraction=1.0)
