"""Hidden graders for day 11 (LCS diff and a three-way merge like `git merge-file`).

merge3 and resolve_conflicts are judged against 33 outputs of the real git (2.39), stored in
git_cases.json by make_git_cases.py (grading needs no git); merge3 also against the reference on
fresh seeded edits, and on properties that hold for every diff. lcs_diff is judged on what every
right answer shares: the script rebuilds both inputs and keeps a longest common subsequence —
checked by a dynamic programme here — on lists with many repeated lines. Unseen here: lists of
23 and 41 lines, and an alphabet of 3 distinct lines.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, expect_raises

CASES = json.loads((Path(__file__).parent / "git_cases.json").read_text())["cases"]
HAND = [c for c in CASES if not c["name"].startswith("random")]
RANDOM = [c for c in CASES if c["name"].startswith("random")]


def _lcs_length(a, b):
    """Length of a longest common subsequence, by the textbook table (one row at a time)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


def _lines(rng, n, alphabet):
    return [f"l{int(v)}" for v in rng.integers(0, alphabet, size=n)]


def _judge_script(check, a, b):
    """The learner's script must rebuild a and b and keep as many lines as an LCS has."""
    script = check.run_learner("lcs_diff", a, b)
    what = check.describe("lcs_diff", (a, b), {})
    try:
        ops = [(op, line) for op, line in script]
    except (TypeError, ValueError):
        raise Mismatch(f"{what}\n  expected a list of (op, line) pairs, got {script!r:.200}") from None
    bad = sorted({op for op, _ in ops} - {" ", "-", "+"})
    assert not bad, f"{what}\n  ops must be ' ', '-' or '+', got {bad}"
    first = [line for op, line in ops if op in " -"]
    second = [line for op, line in ops if op in " +"]
    assert first == a, (f"{what}\n  the ' ' and '-' lines do not give back the first list: "
                        f"expected {a}, got {first}")
    assert second == b, (f"{what}\n  the ' ' and '+' lines do not give back the second list: "
                         f"expected {b}, got {second}")
    kept, best = sum(op == " " for op, _ in ops), _lcs_length(a, b)
    assert kept == best, (f"{what}\n  the script keeps {kept} lines but a longest common subsequence has {best}: "
                          f"a = {a}, b = {b}" + (" — a greedy match of equal lines is not enough, use the table"
                                                 if kept < best else ""))


@pytest.mark.points(2)
@pytest.mark.parametrize("n, m, alphabet", [(0, 0, 2), (0, 5, 2), (6, 0, 2), (9, 9, 3), (23, 17, 3), (41, 30, 5)])
def test_lcs_diff_rebuilds_both_lists_and_is_longest(check, seed, n, m, alphabet):
    rng = np.random.default_rng(seed)
    for _ in range(5):
        _judge_script(check, _lines(rng, n, alphabet), _lines(rng, m, alphabet))


@pytest.mark.points(2)
def test_lcs_diff_edited_copy_keeps_every_untouched_line(check, seed):
    """b is a with a few lines deleted and inserted: the script keeps every other line."""
    rng = np.random.default_rng(seed)
    a = _lines(rng, 37, 4)
    b = [x for x in a if rng.random() > 0.2]
    for pos in rng.integers(0, len(b) + 1, size=4):
        b.insert(int(pos), "new")
    _judge_script(check, a, b)


@pytest.mark.points(1)
def test_lcs_diff_identical_lists_keep_everything(check, seed):
    a = _lines(np.random.default_rng(seed), 13, 3)
    got = check.run_learner("lcs_diff", a, list(a))
    close(got, [(" ", x) for x in a], what=check.describe("lcs_diff", (a, a), {}), tol="exact")


def _unique_edit(rng, n):
    """(base, edited): distinct lines, so the diff, and hence the hunks, have one right answer."""
    base = [f"line {i}" for i in range(n)]
    edited, k = [], 0
    for line in base:
        r = rng.random()
        if r < 0.15:
            continue
        if r < 0.3:
            k += 1
            edited.append(f"new {k}")
            continue
        if r < 0.4:
            k += 1
            edited.append(f"new {k}")
        edited.append(line)
    return base, edited


@pytest.mark.points(2)
@pytest.mark.parametrize("n", [0, 5, 23])
def test_hunks_matches_reference(check, seed, n):
    rng = np.random.default_rng(seed)
    for _ in range(4):
        base, edited = _unique_edit(rng, n)
        check("hunks", base, edited, tol="exact")


def _against_git(check, case):
    want = (case["merged"], case["conflicts"])
    try:
        check.against("merge3", want, case["base"], case["ours"], case["theirs"], tol="exact")
    except Mismatch as exc:
        raise Mismatch(f"{exc}\n  case: {case['name']}\n  base = {case['base']}\n  ours = {case['ours']}\n"
                       f"  theirs = {case['theirs']}\n  git merge-file wrote {case['conflicts']} conflict(s):\n    "
                       + "\n    ".join(case["merged"])) from None


@pytest.mark.points(2)
@pytest.mark.parametrize("name", [c["name"] for c in HAND])
def test_merge3_matches_git_on_each_rule(check, name):
    _against_git(check, next(c for c in HAND if c["name"] == name))


@pytest.mark.points(4)
def test_merge3_matches_git_on_random_edits(check):
    for case in RANDOM:
        _against_git(check, case)


def _three_way(rng, n):
    """Seeded base/ours/theirs with unique lines and some identical edits on both sides."""
    base = [f"line {i}" for i in range(n)]
    sides = {"ours": [], "theirs": []}
    for i, line in enumerate(base):
        both = rng.random() < 0.1
        for who in sides:
            r = rng.random() if not both else 0.05
            tag = "both" if both else who
            if r < 0.1:
                continue  # deleted
            if r < 0.25:
                sides[who].append(f"{tag} {i}")  # replaced
                continue
            if r < 0.3:
                sides[who].append(f"{tag} before {i}")  # inserted
            sides[who].append(line)
    return base, sides["ours"], sides["theirs"]


@pytest.mark.points(3)
@pytest.mark.parametrize("n", [7, 19])
def test_merge3_matches_reference_on_seeded_edits(check, seed, n):
    rng = np.random.default_rng(seed)
    for _ in range(8):
        check("merge3", *_three_way(rng, n), tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("who", ["ours", "theirs", "both"])
def test_merge3_one_sided_or_identical_edits_never_conflict(check, seed, who):
    """merge3(b, x, b) == merge3(b, b, x) == merge3(b, x, x) == (x, 0), even with repeated lines."""
    rng = np.random.default_rng(seed)
    for _ in range(10):
        base = _lines(rng, int(rng.integers(0, 15)), 4)
        x = [line for line in base if rng.random() > 0.25]
        for pos in rng.integers(0, len(x) + 1, size=int(rng.integers(0, 4))):
            x.insert(int(pos), f"l{int(rng.integers(0, 6))}")
        args = {"ours": (base, x, base), "theirs": (base, base, x), "both": (base, x, x)}[who]
        got = check.run_learner("merge3", *args)
        close(got, (x, 0), what=check.describe("merge3", args, {}) + f"\n  base = {base}, x = {x}", tol="exact",
              hint="a change made by one side only, or identically by both, is taken as is: no conflict")


@pytest.mark.points(2)
@pytest.mark.parametrize("strategy", ["ours", "theirs", "union"])
def test_resolve_conflicts_matches_git(check, strategy):
    """git merge-file --ours / --theirs / --union on the same inputs."""
    for case in CASES:
        text = "".join(line + "\n" for line in case["merged"])
        got = check.run_learner("resolve_conflicts", text, strategy)
        close(got, case["resolved"][strategy], tol="exact",
              what=f"day11: resolve_conflicts(merged text of case {case['name']!r}, {strategy!r}) vs git "
                   f"merge-file --{strategy}\n  text:\n{text}")


@pytest.mark.points(1)
def test_resolve_conflicts_unknown_strategy_raises(check):
    text = "a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n"
    expect_raises(ValueError, "day11: resolve_conflicts(text, 'mine')",
                  lambda: check.run_learner("resolve_conflicts", text, "mine"),
                  because="the strategy is 'ours', 'theirs' or 'union'")
