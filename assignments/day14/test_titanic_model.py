"""Day 14 visible tests: run them with  pytest assignments/day14  (or  ai100 check day14).

They run your pipeline on fixed draws: train on make_titanic(891, 0), predict make_titanic(1000, 1)
without its Survived column, and need 80% accuracy; they check the submission's exact form, that
your features ignore Survived and PassengerId, and your top features. The autograder does the same
on hidden draws (2000 test passengers) and on tables shaped differently.
"""

import numpy as np
import pandas as pd
import pytest

from course_tools.checks import close
from course_tools.data import make_titanic


def _features(check, df):
    before = df.copy(deep=True)
    X, names = check.run_learner("build_features", df)
    pd.testing.assert_frame_equal(df, before)  # the table you were given is unchanged
    assert isinstance(X, np.ndarray) and X.dtype == np.float64 and X.shape == (len(df), len(names)), \
        f"X should be a ({len(df)}, {len(names)}) float64 array, got {getattr(X, 'shape', type(X))} {getattr(X, 'dtype', '')}"
    assert np.isfinite(X).all(), "X has NaN or inf: fill every gap"
    return X, list(names)


def _pipeline(check):
    train, test = make_titanic(891, 0), make_titanic(1000, 1)
    X, names = _features(check, train)
    model = check.run_learner("fit_model", X, train["Survived"].to_numpy())
    sub = check.run_learner("make_submission", model, test.drop(columns="Survived"))
    return sub, test, model, names


@pytest.mark.points(2)
def test_build_features_fixed_columns(check):
    df = make_titanic(60, 2)
    X, names = _features(check, df)
    assert "Sex" in names and "Pclass" in names, f"names should include 'Sex' and 'Pclass', got {names}"
    close(X[:, names.index("Sex")], (df["Sex"] == "female").to_numpy(dtype=float), tol="exact",
          what="day14: the Sex column (1.0 for women)")
    close(X[:, names.index("Pclass")], df["Pclass"].to_numpy(dtype=float), tol="exact",
          what="day14: the Pclass column")


@pytest.mark.points(2)
def test_build_features_ignores_survived_and_passenger_id(check):
    df = make_titanic(200, 3)
    X, _ = _features(check, df)
    X_without, _ = _features(check, df.drop(columns="Survived"))
    assert np.array_equal(X, X_without), "the features change without Survived: the answer leaks into X"
    X_renumbered, _ = _features(check, df.assign(PassengerId=df["PassengerId"] + 1000))
    assert np.array_equal(X, X_renumbered), "the features change with PassengerId: it is a row number, leave it out"


@pytest.mark.points(3)
def test_pipeline_accuracy_at_least_080(check):
    sub, test, _, _ = _pipeline(check)
    assert list(sub.columns) == ["PassengerId", "Survived"], f"columns: got {list(sub.columns)}"
    assert str(sub["Survived"].dtype) == "int64", \
        f"Survived should be int64 labels 0/1, got {sub['Survived'].dtype} (probabilities? use model.predict)"
    close(sub["PassengerId"].to_numpy(), test["PassengerId"].to_numpy(), tol="exact", what="day14: PassengerId")
    accuracy = float(np.mean(sub["Survived"].to_numpy() == test["Survived"].to_numpy()))
    assert accuracy >= 0.80, f"day14: accuracy {accuracy:.4f} on 1000 fresh passengers, below 0.80"


@pytest.mark.points(1)
def test_top_features_holds_sex_and_pclass(check):
    _, test, model, names = _pipeline(check)
    X_test, _ = _features(check, test.drop(columns="Survived"))
    top = check.run_learner("top_features", model, X_test, test["Survived"].to_numpy(), names, k=3, seed=0)
    assert len(top) == 3 and {"Sex", "Pclass"} <= set(top), f"top 3 should hold Sex and Pclass, got {list(top)}"
