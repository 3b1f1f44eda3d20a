"""Day 03 visible tests: run them with  pytest assignments/day03  (or  ai100 check day03).

They check your functions on a few fixed Titanic tables against what every correct answer has:
no gap left, known values untouched, the group medians, the encoding, a CSV that reads back, and
the input frame unchanged. The autograder compares whole frames with the reference solution on
tables you do not see (other seeds and sizes, a shuffled index, a group with no known age).
"""

import io

import numpy as np
import pandas as pd
import pytest

from course_tools.checks import close
from course_tools.data import make_titanic


def _call(check, name, df, *args):
    """The learner's call; the frame it was given must come back unchanged."""
    before = df.copy(deep=True)
    got = check.run_learner(name, df, *args)
    try:
        pd.testing.assert_frame_equal(df, before)
    except AssertionError:
        raise AssertionError(f"day03: {name} changed the frame it was given — work on df.copy()") from None
    assert isinstance(got, pd.DataFrame), f"day03: {name} should return a DataFrame, got {type(got).__name__}"
    return got


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_fill_missing_no_gap_left_and_known_values_kept(check, seed):
    df = make_titanic(120, seed)
    out = _call(check, "fill_missing", df)
    assert list(out.columns) == [*df.columns, "HasCabin"], f"columns: got {list(out.columns)}"
    assert not out.isna().any().any(), f"gaps left in {[c for c in out.columns if out[c].isna().any()]}"
    known = df["Age"].notna()
    close(out["Age"][known].to_numpy(), df["Age"][known].to_numpy(), what="day03: known ages must not change")
    assert str(out["HasCabin"].dtype) == "int64", f"HasCabin should be int64, got {out['HasCabin'].dtype}"
    close(out["HasCabin"].to_numpy(), df["Cabin"].notna().to_numpy().astype(np.int64), tol="exact",
          what="day03: HasCabin is 1 exactly where Cabin was known")
    assert (out["Cabin"][df["Cabin"].isna()] == "Unknown").all(), 'missing cabins should read "Unknown"'


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_fill_missing_uses_the_group_median(check, seed):
    """Third-class men with no age get the median age of the third-class men whose age is known."""
    df = make_titanic(200, seed)
    out = _call(check, "fill_missing", df)
    men3 = ((df["Sex"] == "male") & (df["Pclass"] == 3)).to_numpy()
    missing = df["Age"].isna().to_numpy()
    expected = np.median(df["Age"].to_numpy()[men3 & ~missing])
    got = out["Age"].to_numpy()[men3 & missing]
    assert got.size > 0
    overall_mean = df["Age"].mean()
    assert not np.allclose(got, overall_mean), \
        "likely mistake: Age filled with the mean age of everyone — use the median of the (Sex, Pclass) group"
    close(got, np.full(got.shape, expected), what="day03: filled ages of 3rd-class men, seed 2")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_fill_missing_embarked_takes_the_most_common_port(check, seed):
    df = make_titanic(891, seed)
    out = _call(check, "fill_missing", df)
    gaps = df["Embarked"].isna()
    common = df["Embarked"].value_counts().idxmax()
    assert list(out["Embarked"][gaps]) == [common] * int(gaps.sum()), f"missing ports should become {common!r}"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [4])
def test_encode_sex_gives_int64_zero_for_men_one_for_women(check, seed):
    df = make_titanic(50, seed)
    out = _call(check, "encode_sex", df)
    assert list(out.columns) == list(df.columns), f"columns: got {list(out.columns)}"
    assert str(out["Sex"].dtype) == "int64", \
        f"Sex should be int64, got {out['Sex'].dtype} (the text \"0\"/\"1\" is not a number)"
    close(out["Sex"].to_numpy(), (df["Sex"] == "female").to_numpy().astype(np.int64), tol="exact",
          what="day03: encode_sex, seed 4 (male 0, female 1)")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [5])
def test_clean_titanic_writes_a_csv_that_reads_back(check, seed):
    df = make_titanic(80, seed)
    path = f"{check.scratch_dir()}/clean.csv"
    out = _call(check, "clean_titanic", df, path)
    columns = ["PassengerId", "Survived", "Pclass", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked", "HasCabin"]
    assert list(out.columns) == columns, f"columns: expected {columns}, got {list(out.columns)}"
    assert not out.isna().any().any(), "the cleaned table still has gaps"
    data = check.read_file(path)
    assert data is not None, f"no file written at {path}"
    back = pd.read_csv(io.BytesIO(data))
    assert list(back.columns) == columns, \
        f"the CSV's columns are {list(back.columns)}: write it with index=False"
    pd.testing.assert_frame_equal(back, out.reset_index(drop=True), check_dtype=False)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [6])
def test_correlation_matrix_matches_numpy(check, seed):
    df = make_titanic(150, seed)
    table = pd.DataFrame({"PassengerId": df["PassengerId"], "Pclass": df["Pclass"], "Fare": df["Fare"],
                          "Port": df["Embarked"].fillna("S"), "Survived": df["Survived"]})
    out = _call(check, "correlation_matrix", table)
    assert list(out.columns) == ["Pclass", "Fare", "Survived"], f"columns: got {list(out.columns)}"
    want = np.corrcoef(table[["Pclass", "Fare", "Survived"]].to_numpy(dtype=float), rowvar=False)
    close(out.to_numpy(), want, what="day03: correlation_matrix against np.corrcoef, seed 6",
          tol="formula_vs_library")
