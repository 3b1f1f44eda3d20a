"""Day 11 visible tests: run them with  pytest assignments/day11  (or  ai100 check day11).

merge3 is compared with what `git merge-file -p -L ours -L base -L theirs` (git 2.39) wrote for
the cases below — you can rerun any of them yourself with git, see the README. lcs_diff is judged
on what every right answer shares (it rebuilds both lists and keeps a longest common
subsequence). The autograder runs 33 recorded git cases and fresh seeded edits.
"""

import numpy as np
import pytest

from course_tools.checks import close

BASE = ["a", "b", "c", "d", "e", "f"]
OURS, SEP, THEIRS = "<<<<<<< ours", "=======", ">>>>>>> theirs"

# name: (base, ours, theirs, what git wrote, git's exit status = number of conflict blocks)
GIT_CASES = {
    "changes far apart": (BASE, ["a", "B", "c", "d", "e", "f"], ["a", "b", "c", "d", "E", "f"],
                          ["a", "B", "c", "d", "E", "f"], 0),
    "adjacent lines": (BASE, ["a", "B", "c", "d", "e", "f"], ["a", "b", "C", "d", "e", "f"],
                       ["a", OURS, "B", "c", SEP, "b", "C", THEIRS, "d", "e", "f"], 1),
    "same change on both sides": (BASE, ["a", "b", "X", "d", "e", "f"], ["a", "b", "X", "d", "e", "f"],
                                  ["a", "b", "X", "d", "e", "f"], 0),
    "delete against change": (BASE, ["a", "b", "d", "e", "f"], ["a", "b", "C", "d", "e", "f"],
                              ["a", "b", OURS, SEP, "C", THEIRS, "d", "e", "f"], 1),
    "shared first and last lines": (BASE, ["a", "x", "o1", "o2", "y", "f"], ["a", "x", "t1", "y", "f"],
                                    ["a", "x", OURS, "o1", "o2", SEP, "t1", THEIRS, "y", "f"], 1),
    "two conflicts two lines apart": (BASE, ["A1", "b", "c", "D1", "e", "f"], ["A2", "b", "c", "D2", "e", "f"],
                                      [OURS, "A1", "b", "c", "D1", SEP, "A2", "b", "c", "D2", THEIRS, "e", "f"], 1),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(GIT_CASES))
def test_merge3_matches_git(check, name):
    base, ours, theirs, merged, conflicts = GIT_CASES[name]
    got = check("merge3", base, ours, theirs, tol="exact")
    close(got, (merged, conflicts), what=f"day11: merge3, case {name!r}, against git merge-file", tol="exact")


def _lcs_length(a, b):
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lcs_diff_rebuilds_both_lists_and_is_longest(check, seed):
    rng = np.random.default_rng(seed)
    a = [f"l{v}" for v in rng.integers(0, 3, size=10)]
    b = [f"l{v}" for v in rng.integers(0, 3, size=8)]
    script = check.run_learner("lcs_diff", a, b)
    assert [x for op, x in script if op in " -"] == a, "the ' ' and '-' lines must give back the first list"
    assert [x for op, x in script if op in " +"] == b, "the ' ' and '+' lines must give back the second list"
    kept = sum(op == " " for op, _ in script)
    assert kept == _lcs_length(a, b), f"kept {kept} lines; a longest common subsequence has {_lcs_length(a, b)}"


@pytest.mark.points(1)
def test_hunks_small(check):
    check("hunks", BASE, ["a", "B", "c", "new", "d", "f"], tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3, 4])
def test_merge3_one_sided_and_identical_edits_never_conflict(check, seed):
    rng = np.random.default_rng(seed)
    base = [f"l{v}" for v in rng.integers(0, 4, size=9)]
    x = [line for line in base if rng.random() > 0.3] + ["tail"]
    for args in [(base, x, base), (base, base, x), (base, x, x)]:
        close(check.run_learner("merge3", *args), (x, 0), what=f"day11: merge3{args}", tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("strategy, want", [("ours", "a\nB\nc\nd\n"), ("theirs", "a\nb\nC\nd\n"),
                                            ("union", "a\nB\nc\nb\nC\nd\n")])
def test_resolve_conflicts(check, strategy, want):
    text = "a\n<<<<<<< ours\nB\nc\n=======\nb\nC\n>>>>>>> theirs\nd\n"
    close(check.run_learner("resolve_conflicts", text, strategy), want, tol="exact",
          what=f"day11: resolve_conflicts(text, {strategy!r})")
