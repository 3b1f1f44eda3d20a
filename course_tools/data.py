"""Offline, seeded data for the course: every loader returns the same arrays for the same seed.

Nothing here downloads anything; data comes from packages (scikit-learn's bundled sets) or is
generated from a seed. Loaders, and what each returns:

  iris_split(seed=0, test_fraction=0.3)
      (X_train, X_test, y_train, y_test) from scikit-learn's bundled Iris set (150 flowers,
      4 measurements, 3 species, 50 each). X_*: (n, 4) float64, standardised with the
      *training* mean and standard deviation (so the test part carries no information into the
      scaling); y_*: (n,) int64 labels in {0, 1, 2}. The split is stratified: each species
      puts round(50 * test_fraction) flowers in the test part (15 at the default, so 105 train
      and 45 test rows). Rows are shuffled by `numpy.random.default_rng(seed)`.

make_titanic(n, seed), make_adult_like(n, seed), make_mall_customers(n, seed)
      pandas tables standing in for the Titanic list, the Adult census and the mall customers
      data; see course_tools.data_tables for their columns and planted signal.

scikit-learn's bundled files are read directly when they are where scikit-learn keeps them
(importing scikit-learn itself costs a second or two per test run); otherwise its loader is used.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np


def _sklearn_file(name: str) -> Path | None:
    """The path of one of scikit-learn's bundled data files, found without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "datasets" / "data" / name
        if path.is_file():
            return path
    return None


def _load_iris() -> tuple[np.ndarray, np.ndarray]:
    """Iris as (X (150, 4) float64, y (150,) int64), the same values as sklearn's load_iris."""
    path = _sklearn_file("iris.csv")
    if path is not None:  # header row: "150,4,setosa,versicolor,virginica"; then 4 features and a label
        table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
        if table.shape == (150, 5):
            return table[:, :4].copy(), table[:, 4].astype(np.int64)
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    return X.astype(np.float64), y.astype(np.int64)


def iris_split(seed: int = 0, test_fraction: float = 0.3):
    """Iris, split stratified into train and test parts and standardised with train statistics.

    seed: int, the split's seed.  test_fraction: float in (0, 1), the share of each class held out.
    Returns (X_train (n_tr, 4) float64, X_test (n_te, 4) float64, y_train (n_tr,) int64, y_test (n_te,) int64).
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    X, y = _load_iris()
    rng = np.random.default_rng(seed)
    train_idx, test_idx = [], []
    for label in np.unique(y):  # stratified: the same share of every class goes to the test part
        members = rng.permutation(np.flatnonzero(y == label))
        n_test = round(len(members) * test_fraction)
        test_idx.append(members[:n_test])
        train_idx.append(members[n_test:])
    train_idx = rng.permutation(np.concatenate(train_idx))
    test_idx = rng.permutation(np.concatenate(test_idx))
    mean = X[train_idx].mean(axis=0)
    std = X[train_idx].std(axis=0)
    X_train = (X[train_idx] - mean) / std
    X_test = (X[test_idx] - mean) / std
    return X_train, X_test, y[train_idx].copy(), y[test_idx].copy()


# Seeded stand-ins for public tables (pandas is imported only when one is built).
from course_tools.data_tables import make_adult_like, make_mall_customers, make_titanic  # noqa: F401
