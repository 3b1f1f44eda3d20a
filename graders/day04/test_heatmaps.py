"""Hidden graders for day 04 (heat-maps and histograms with matplotlib).

The numbers a function returns are compared with the live reference and with an independent
library (pandas' DataFrame.corr, np.histogram) within atol 1e-12; the PNG it writes is read back,
decoded and measured (600 × 500 pixels), and must change when the data change. The table is day
03's cleaned Titanic list, built here by the grader's own clean-up (never the learner's day 03).
Inputs the visible tests never use: 137 passengers, a table without PassengerId whose columns are
in another order, 7 and 13 bins, bin edges given as an array.
"""

import tempfile

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_titanic
from course_tools.fixtures.day03 import run_keeping_frames
from course_tools.checks import decode_png, png_problem

WIDTH, HEIGHT = 600, 500  # FIGSIZE (6, 5) inches at DPI 100
SIZE_HINT = "figsize=FIGSIZE and dpi=DPI, saved without bbox_inches='tight'"
TOL = "formula_vs_library"  # atol 1e-12: the day's criterion


def cleaned_titanic(n, seed):
    """Day 03's cleaned table, by another route than its reference: a loop over the (Sex, Pclass) groups."""
    df = make_titanic(n, seed)
    original = df["Age"].to_numpy()
    age = original.copy()
    for sex in ("male", "female"):
        for pclass in (1, 2, 3):
            group = ((df["Sex"] == sex) & (df["Pclass"] == pclass)).to_numpy()
            known = original[group & ~np.isnan(original)]
            age[group & np.isnan(original)] = np.median(known) if known.size else np.nanmedian(original)
    port = df["Embarked"].value_counts().sort_index().idxmax()
    return df.assign(Sex=(df["Sex"] == "female").astype(np.int64), Age=age,
                     Embarked=df["Embarked"].fillna(port), HasCabin=df["Cabin"].notna().astype(np.int64),
                     )[["PassengerId", "Survived", "Pclass", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked",
                        "HasCabin"]]


def _heatmap(check, ref, df, label, judge_numbers=True):
    """(learner's numbers, reference's numbers, PNG bytes, what): numbers judged unless told not to (the
    picture tests judge the picture alone), file read back."""
    what = f"{check.day}: correlation_heatmap({label}, path), seed {check.seed}"
    path = f"{check.scratch_dir()}/heatmap.png"  # the learner's side of the sandbox, when there is one
    with tempfile.TemporaryDirectory(prefix="ai100-day04-ref-") as own:  # the reference never writes to `path`
        want = ref.call("correlation_heatmap", (df, f"{own}/heatmap.png"), {})
    mistakes = ref.mistakes("correlation_heatmap", (df, path), {})
    got = run_keeping_frames(check, "correlation_heatmap", df, path, what=what)
    if not (isinstance(got, (tuple, list)) and len(got) == 3):
        raise Mismatch(f"{what}\n  expected (corr, x_labels, y_labels), got {type(got).__name__}")
    corr, x_labels, y_labels = got
    if not judge_numbers:
        return got, want, check.read_file(path), what
    if list(x_labels) != want[1] and all(str(t).lstrip("−-").isdigit() for t in x_labels):
        raise Mismatch(f"{what}\n  the x tick labels read {list(x_labels)}: matplotlib's numbers, not the "
                       "column names — set one tick per column, ax.set_xticks(range(K), names)")
    close((corr, list(x_labels), list(y_labels)), want, what=what, tol=TOL, mistakes=mistakes)
    return got, want, check.read_file(path), what


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [891, 137])
def test_correlation_heatmap_matches_reference(check, ref, seed, n):
    _heatmap(check, ref, cleaned_titanic(n, seed), f"cleaned make_titanic({n}, seed)")


@pytest.mark.points(2)
def test_correlation_heatmap_matches_pandas(check, ref, seed):
    """Against the library: DataFrame.corr(numeric_only=True) without PassengerId, within 1e-12."""
    df = cleaned_titanic(500, seed)
    (corr, x_labels, _), _, _, what = _heatmap(check, ref, df, "cleaned make_titanic(500, seed)")
    want = df.drop(columns="PassengerId").corr(numeric_only=True)
    close(list(x_labels), [str(c) for c in want.columns], what=what + " — tick labels against the columns")
    close(corr, want.to_numpy(), what=what + " against DataFrame.corr(numeric_only=True)", tol=TOL)


@pytest.mark.points(2)
def test_correlation_heatmap_other_table(check, ref, seed):
    """No PassengerId, columns in another order, a text column in the middle, 5 numeric columns."""
    df = cleaned_titanic(137, seed)[["Fare", "Embarked", "Age", "Survived", "Pclass", "HasCabin"]]
    _heatmap(check, ref, df, "a 137-row table without PassengerId")


@pytest.mark.points(3)
def test_correlation_heatmap_png_decodes_at_600_by_500(check, ref, seed):
    _, _, png, what = _heatmap(check, ref, cleaned_titanic(300, seed), "cleaned make_titanic(300, seed)",
                               judge_numbers=False)
    problem = png_problem(png, WIDTH, HEIGHT, size_hint=SIZE_HINT)
    if problem:
        raise Mismatch(f"{what}\n  {problem}")


@pytest.mark.points(2)
def test_correlation_heatmap_picture_follows_the_data(check, ref, seed):
    """Shuffling one column changes its correlations, so the picture must change too."""
    df = cleaned_titanic(300, seed)
    _, _, first, what = _heatmap(check, ref, df, "cleaned make_titanic(300, seed)", judge_numbers=False)
    other = df.assign(Fare=np.random.default_rng(seed).permutation(df["Fare"].to_numpy()))
    _, _, second, _ = _heatmap(check, ref, other, "the same table with Fare shuffled", judge_numbers=False)
    for png in (first, second):
        problem = png_problem(png, WIDTH, HEIGHT, size_hint=SIZE_HINT)
        if problem:
            raise Mismatch(f"{what}\n  {problem}")
    if np.array_equal(decode_png(first), decode_png(second)):
        raise Mismatch(f"{what}\n  shuffling Fare left the picture unchanged: draw corr with ax.imshow")


# --- add_age_histogram (stretch) ----------------------------------------------------------------------

def _histogram(check, ref, ages, bins, label, judge_numbers=True):
    what = f"{check.day}: add_age_histogram({label}, bins={bins if np.ndim(bins) == 0 else 'edges'}, path), " \
           f"seed {check.seed}"
    path = f"{check.scratch_dir()}/ages.png"
    with tempfile.TemporaryDirectory(prefix="ai100-day04-ref-") as own:
        want = ref.call("add_age_histogram", (ages, bins, f"{own}/ages.png"), {})
    mistakes = ref.mistakes("add_age_histogram", (ages, bins, path), {})
    got = check.run_learner("add_age_histogram", ages, bins, path)
    if judge_numbers:
        close(got, want, what=what, tol=TOL, mistakes=mistakes)
    return got, check.read_file(path), what


@pytest.mark.points(2)
@pytest.mark.parametrize("bins", [7, 13, "edges"])
def test_add_age_histogram_matches_reference(check, ref, seed, bins):
    ages = make_titanic(891, seed)["Age"].to_numpy()
    if bins == "edges":
        bins = np.array([0.0, 1.0, 5.0, 12.0, 18.0, 30.0, 45.0, 60.0, 80.0])
    _histogram(check, ref, ages, bins, "891 ages with gaps")


@pytest.mark.points(2)
def test_add_age_histogram_matches_numpy(check, ref, seed):
    ages = make_titanic(137, seed)["Age"].to_numpy()
    (counts, edges), _, what = _histogram(check, ref, ages, 9, "137 ages with gaps")
    want_counts, want_edges = np.histogram(ages[np.isfinite(ages)], bins=9)
    close(counts, want_counts.astype(np.int64), what=what + " — counts against np.histogram", tol="exact")
    close(edges, want_edges, what=what + " — edges against np.histogram", tol=TOL)


@pytest.mark.points(2)
def test_add_age_histogram_png(check, ref, seed):
    ages = make_titanic(300, seed)["Age"].to_numpy()
    _, first, what = _histogram(check, ref, ages, 10, "300 ages with gaps", judge_numbers=False)
    problem = png_problem(first, WIDTH, HEIGHT, size_hint=SIZE_HINT)
    if problem:
        raise Mismatch(f"{what}\n  {problem}")
    _, second, _ = _histogram(check, ref, np.sqrt(ages) * 8.0, 10, "the same ages squeezed", judge_numbers=False)
    if png_problem(second, WIDTH, HEIGHT) is None and np.array_equal(decode_png(first), decode_png(second)):
        raise Mismatch(f"{what}\n  other ages gave the same picture: draw the counts (ax.stairs or ax.bar)")
