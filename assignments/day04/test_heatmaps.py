"""Day 04 visible tests: run them with  pytest assignments/day04  (or  ai100 check day04).

They compare your numbers with NumPy (np.corrcoef, np.histogram) on small fixed tables, check the
tick labels you read back from your axes, and read your PNG back: it must decode and measure
600 × 500 pixels. The autograder also compares with the reference solution and DataFrame.corr on
day 03's cleaned table at other sizes, and checks that the picture changes with the data.
"""

import io

import matplotlib.image
import numpy as np
import pandas as pd
import pytest

from course_tools.checks import close
from course_tools.data import make_titanic


def _table(seed, n=120):
    """A small table with an identifier, numbers and one text column, gaps dropped."""
    df = make_titanic(n, seed)[["PassengerId", "Survived", "Pclass", "Age", "Embarked", "Fare", "SibSp"]]
    return df.dropna().reset_index(drop=True)


def _png(check, path):
    data = check.read_file(path)
    assert data is not None, f"day04: no file written at {path}"
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert image.shape[:2] == (500, 600), \
        f"day04: the picture is {image.shape[1]} × {image.shape[0]} pixels, expected 600 × 500 (FIGSIZE at DPI)"
    return image


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_correlation_heatmap_numbers_match_numpy(check, seed):
    df = _table(seed)
    before = df.copy(deep=True)
    corr, x_labels, y_labels = check.run_learner("correlation_heatmap", df, f"{check.scratch_dir()}/h.png")
    pd.testing.assert_frame_equal(df, before)  # the table you were given is unchanged
    columns = ["Survived", "Pclass", "Age", "Fare", "SibSp"]  # numeric, PassengerId left out
    assert list(x_labels) == columns and list(y_labels) == columns, \
        f"day04: tick labels {list(x_labels)} / {list(y_labels)}, expected {columns}"
    want = np.corrcoef(df[columns].to_numpy(dtype=float), rowvar=False)
    close(corr, want, what=f"day04: correlation_heatmap numbers against np.corrcoef, seed {seed}",
          tol="formula_vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_correlation_heatmap_png_is_600_by_500(check, seed):
    path = f"{check.scratch_dir()}/h.png"
    check.run_learner("correlation_heatmap", _table(seed), path)
    image = _png(check, path)
    assert image.min() != image.max(), "day04: the picture is one flat colour"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3])
def test_add_age_histogram_matches_numpy(check, seed):
    ages = make_titanic(200, seed)["Age"].to_numpy()
    path = f"{check.scratch_dir()}/ages.png"
    counts, edges = check.run_learner("add_age_histogram", ages, 8, path)
    want_counts, want_edges = np.histogram(ages[~np.isnan(ages)], bins=8)
    close(counts, want_counts.astype(np.int64), what="day04: add_age_histogram counts, seed 3", tol="exact")
    close(edges, want_edges, what="day04: add_age_histogram edges, seed 3", tol="formula_vs_library")
    _png(check, path)
