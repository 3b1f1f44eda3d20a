"""Hidden graders for day 03 (cleaning the Titanic list with pandas).

Every table is make_titanic(n, seed) on the test's hidden seed. Sizes: 891 (the real list's), 137
(never used by the visible tests) and 40. Frames are judged with course_tools.fixtures.day03 (the
checker does not compare DataFrames yet): columns and their order, index, numeric dtypes exactly,
values (floats within the float64 row), text by value whatever its pandas dtype; and every call
must leave the frame it was given unchanged.
"""

import io

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_titanic
from course_tools.fixtures.day03 import close_frames, frame_problem, run_keeping_frames

SIZES = [891, 137, 40]
CLEAN_COLUMNS = ["PassengerId", "Survived", "Pclass", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked",
                 "HasCabin"]


def _judge(check, ref, name, args, what, **kwargs):
    """The learner's `name(*args)` against the live reference; known mistakes named."""
    want = ref.call(name, args, kwargs)
    mistakes = ref.mistakes(name, args, kwargs)
    got = run_keeping_frames(check, name, *args, what=what, **kwargs)
    close_frames(got, want, what=what, mistakes=mistakes)
    return got


def _what(check, call):
    return f"{check.day}: {call}, seed {check.seed}"


# --- fill_missing ----------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("n", SIZES)
def test_fill_missing_matches_reference(check, ref, seed, n):
    df = make_titanic(n, seed)
    got = _judge(check, ref, "fill_missing", (df,), _what(check, f"fill_missing(make_titanic({n}, seed))"))
    left = [c for c in got.columns if got[c].isna().any()]
    if left:
        raise Mismatch(f"{_what(check, 'fill_missing')}\n  gaps left in {left}")


@pytest.mark.points(2)
def test_fill_missing_group_with_no_known_age(check, ref, seed):
    """Second-class women with no known age at all: their gaps take the median of every known age."""
    df = make_titanic(300, seed)
    df.loc[(df["Sex"] == "female") & (df["Pclass"] == 2), "Age"] = np.nan
    _judge(check, ref, "fill_missing", (df,),
           _what(check, "fill_missing(make_titanic(300, seed) with no known age among 2nd-class women)"))


@pytest.mark.points(2)
def test_fill_missing_keeps_a_shuffled_index(check, ref, seed):
    """Rows in another order, labelled 1000…: the result keeps the labels and the order."""
    df = make_titanic(137, seed)
    df = df.sample(frac=1.0, random_state=seed % 2**31)
    df.index = 1000 + np.arange(len(df))[::-1]
    _judge(check, ref, "fill_missing", (df,), _what(check, "fill_missing(shuffled make_titanic(137, seed))"))


@pytest.mark.points(2)
def test_fill_missing_leaves_its_input_unchanged(check, seed):
    df = make_titanic(200, seed)
    run_keeping_frames(check, "fill_missing", df, what=_what(check, "fill_missing(make_titanic(200, seed))"))


# --- encode_sex ------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [891, 137])
def test_encode_sex_matches_reference(check, ref, seed, n):
    df = make_titanic(n, seed)
    _judge(check, ref, "encode_sex", (df,), _what(check, f"encode_sex(make_titanic({n}, seed))"))


@pytest.mark.points(2)
def test_encode_sex_after_fill_missing(check, ref, seed):
    """On a table already filled (the order clean_titanic uses): HasCabin and the filled columns ride along."""
    df = ref.call("fill_missing", (make_titanic(137, seed),), {})
    got = _judge(check, ref, "encode_sex", (df,), _what(check, "encode_sex(fill_missing(make_titanic(137, seed)))"))
    close(got["Sex"].to_numpy(), (df["Sex"] == "female").to_numpy().astype(np.int64),
          what=_what(check, "encode_sex: Sex is 1 exactly for the women"), tol="exact")


# --- clean_titanic ---------------------------------------------------------------------------------

def _clean(check, ref, seed, n):
    """The learner's cleaned table (judged against the reference) and the CSV bytes it wrote."""
    import tempfile

    df = make_titanic(n, seed)
    path = f"{check.scratch_dir()}/clean.csv"  # the learner's side of the sandbox, when there is one
    what = _what(check, f"clean_titanic(make_titanic({n}, seed), path)")
    with tempfile.TemporaryDirectory(prefix="ai100-day03-ref-") as own:  # the reference never writes to `path`
        want = ref.call("clean_titanic", (df, f"{own}/clean.csv"), {})
    got = run_keeping_frames(check, "clean_titanic", df, path, what=what)
    close_frames(got, want, what=what, mistakes=ref.mistakes("clean_titanic", (df, path), {}))
    return got, want, check.read_file(path), what


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [891, 137])
def test_clean_titanic_matches_reference(check, ref, seed, n):
    _clean(check, ref, seed, n)


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [891, 137])
def test_clean_titanic_csv_round_trips(check, ref, seed, n):
    """pd.read_csv of the file gives the cleaned table back: same columns, dtypes and values."""
    import pandas as pd

    _, want, data, what = _clean(check, ref, seed, n)
    if data is None:
        raise Mismatch(f"{what}\n  no file was written at `path`: save the table with to_csv(path, index=False)")
    try:
        back = pd.read_csv(io.BytesIO(bytes(data)))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the learner's to fix
        raise Mismatch(f"{what}\n  pd.read_csv cannot read the file: {type(exc).__name__}: {exc}") from None
    if list(back.columns[:1]) == ["Unnamed: 0"] or (len(back.columns) == len(want.columns) + 1
                                                    and list(back.columns[1:]) == list(want.columns)):
        raise Mismatch(f"{what}\n  the CSV starts with an extra column (the index): write it with index=False")
    problem = frame_problem(back, want.reset_index(drop=True))
    if problem:
        raise Mismatch(f"{what}\n  the CSV read back with pd.read_csv differs from the cleaned table: {problem}")


# --- correlation_matrix (stretch) ---------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("n", [891, 137])
def test_correlation_matrix_matches_reference(check, ref, seed, n):
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ai100-day03-ref-") as own:
        table = ref.call("clean_titanic", (make_titanic(n, seed), f"{own}/clean.csv"), {})
    what = _what(check, f"correlation_matrix(clean_titanic(make_titanic({n}, seed)))")
    got = _judge(check, ref, "correlation_matrix", (table,), what)
    if list(got.index) != list(got.columns):
        raise Mismatch(f"{what}\n  rows are labelled {list(got.index)}: label them like the columns")


@pytest.mark.points(2)
def test_correlation_matrix_matches_numpy(check, ref, seed):
    """Against an independent computation: np.corrcoef of the numeric columns but PassengerId."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ai100-day03-ref-") as own:
        table = ref.call("clean_titanic", (make_titanic(500, seed), f"{own}/clean.csv"), {})
    numeric = [c for c in table.columns if c not in ("PassengerId", "Embarked")]
    want = np.corrcoef(table[numeric].to_numpy(dtype=np.float64), rowvar=False)
    what = _what(check, "correlation_matrix(clean_titanic(make_titanic(500, seed)))")
    got = run_keeping_frames(check, "correlation_matrix", table, what=what)
    if not (hasattr(got, "to_numpy") and hasattr(got, "columns")):
        raise Mismatch(f"{what}\n  expected a DataFrame, got {type(got).__name__}")
    close(list(got.columns), numeric, what=what + " — its columns")
    close(got.to_numpy(dtype=np.float64), want, what=what + " against np.corrcoef", tol="formula_vs_library")
