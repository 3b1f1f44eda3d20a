"""Day 22 visible tests: run them with  pytest assignments/day22  (or  ai100 check day22).

Your transformers are fitted on the training rows of a seeded census-like table
(course_tools.data.make_adult_like) and judged on other rows against scikit-learn's StandardScaler
and OneHotEncoder(handle_unknown="ignore") fitted on the same training rows, within atol 1e-12.
The autograder runs more of the same on tables you do not see, with unseen categories planted in
the test rows, and checks the stretch functions against pandas.merge_asof.
"""

import contextlib

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.data import make_adult_like
from course_tools.tripwires import Tripwires

TOL = "formula_vs_library"  # atol 1e-12: the day's criterion against scikit-learn
NUM = ["age", "hours_per_week", "capital_gain"]
CAT = ["education", "sex", "marital_status"]


@contextlib.contextmanager
def _tripwired(check, what):
    """The day's tripwires around method calls on your objects."""
    with Tripwires(check.forbid, day=check.day, reason=check.forbid_reason) as wire:
        yield
    wire.raise_if_tripped(what)


def _names(value):
    return [str(n) for n in (value.tolist() if hasattr(value, "tolist") else value)]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_standard_scaler_matches_sklearn(check, seed):
    from sklearn.preprocessing import StandardScaler

    train = make_adult_like(120, seed)[NUM].to_numpy(np.float64)
    test = make_adult_like(40, seed + 100)[NUM].to_numpy(np.float64)
    what = f"day22: StandardScalerFS().fit(train (120, 3)).transform(test (40, 3)), seed {seed}"
    scaler = check.run_learner("StandardScalerFS")
    with _tripwired(check, what):
        got = scaler.fit(train).transform(test)
    close(got, StandardScaler().fit(train).transform(test), what=what + " against sklearn", tol=TOL,
          hint="fit's mean and population std (ddof=0), reused in transform")


@pytest.mark.points(1)
def test_standard_scaler_feature_names(check):
    frame = make_adult_like(30, 2)[NUM]
    scaler = check.run_learner("StandardScalerFS")
    with _tripwired(check, "day22: StandardScalerFS"):
        names = _names(scaler.fit(frame).get_feature_names_out())
    assert names == NUM, f"day22: StandardScalerFS().fit(DataFrame).get_feature_names_out() = {names}, expected {NUM}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_one_hot_matches_sklearn_and_ignores_unknowns(check, seed):
    from sklearn.preprocessing import OneHotEncoder

    train = make_adult_like(120, seed)[CAT].to_numpy()
    test = make_adult_like(40, seed + 100)[CAT].to_numpy()
    test[5, 0] = "Kindergarten"  # a category training never saw
    what = f"day22: OneHotFS().fit(train (120, 3)).transform(test (40, 3), one unseen value), seed {seed}"
    encoder = check.run_learner("OneHotFS")
    with _tripwired(check, what):
        got = encoder.fit(train).transform(test)
        names = _names(encoder.get_feature_names_out())
    want = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(train)
    close(got, want.transform(test), what=what + " against sklearn", tol=TOL)
    assert names == _names(want.get_feature_names_out()), (
        f"{what}\n  get_feature_names_out() = {names[:4]}..., expected {_names(want.get_feature_names_out())[:4]}...")


def _sklearn_preprocessor(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([("num", StandardScaler(), NUM),
                              ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), CAT)]).fit(train)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_make_preprocessor_matches_sklearn(check, seed):
    train, test = make_adult_like(150, seed), make_adult_like(50, seed + 100)
    what = f"day22: make_preprocessor({NUM}, {CAT}).fit(train).transform(test), seed {seed}"
    pre = check.run_learner("make_preprocessor", NUM, CAT)
    with _tripwired(check, what):
        got = pre.fit(train).transform(test)
        names = _names(pre.get_feature_names_out())
    want = _sklearn_preprocessor(train)
    close(got, want.transform(test), what=what + " against sklearn's ColumnTransformer", tol=TOL)
    assert names == _names(want.get_feature_names_out()), (
        f"{what}\n  names {names[:3]}..., expected {_names(want.get_feature_names_out())[:3]}...")


@pytest.mark.points(1)
def test_preprocessor_reloads_identically(check):
    train, test = make_adult_like(80, 5), make_adult_like(20, 105)
    path = f"{check.scratch_dir()}/preprocessor.pkl"
    what = "day22: save_preprocessor(fitted preprocessor, path), then load_preprocessor(path)"
    pre = check.run_learner("make_preprocessor", NUM, CAT)
    with _tripwired(check, what):
        before = pre.fit(train).transform(test)
    check.run_learner("save_preprocessor", pre, path)
    loaded = check.run_learner("load_preprocessor", path)
    with _tripwired(check, what):
        after = loaded.transform(test)
    close(after, before, what=what + ": the same rows before and after", tol="exact")


@pytest.mark.points(1)
def test_point_in_time_join_matches_merge_asof(check):
    import pandas as pd

    events = pd.DataFrame({"user": [1, 2, 1, 3, 2, 1], "ts": [5.0, 1.0, 2.0, 4.0, 3.0, 9.0]})
    features = pd.DataFrame({"user": [1, 1, 2, 2], "ts": [2.0, 6.0, 0.5, 3.5], "v": [10.0, 11.0, 20.0, 21.0]})
    got = check.run_learner("point_in_time_join", events, features, "user", "ts")
    # user 1 at ts 5 sees the row of ts 2 (10), not the later one of ts 6; user 3 has none (NaN).
    want = np.array([10.0, 20.0, 10.0, np.nan, 20.0, 11.0])
    close(got["v"].to_numpy(np.float64), want, what="day22: point_in_time_join(6 events, 4 feature rows)['v']",
          tol=TOL)
