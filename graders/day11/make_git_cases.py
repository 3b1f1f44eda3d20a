"""Record day 11's merge cases from the real `git merge-file` (run by hand; grading never needs git).

    PYTHONPATH=$PWD python graders/day11/make_git_cases.py   # rewrites graders/day11/git_cases.json

Each case holds base/ours/theirs (lists of lines without "\\n") and, from
`git merge-file -p -L ours -L base -L theirs ours base theirs`, the merged lines and the exit status
(the number of conflict blocks), plus the outputs of the same command with --ours, --theirs and
--union (for resolve_conflicts). Every file is written with a newline after each line.

The cases are hand-picked situations (one per rule in the README) and seeded random edits. Lines
are unique within a file except where a case means otherwise, so the diff has one best answer and
a careful learner can match git line for line. A case where the reference disagrees with git is
reported and left out: those are git details the README does not ask for.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "solutions" / "day11"))
import merge as reference  # noqa: E402  (the solution, to check that the README's rules match git)

SEED = 11
N_RANDOM = 17

B = [f"line {i}" for i in range(1, 13)]  # a base for the hand-picked cases


def _edit(base, at, end, new):
    return base[:at] + new + base[end:]


HAND = {
    "ours and theirs change lines far apart: clean": (B, _edit(B, 1, 2, ["ours 2"]), _edit(B, 8, 9, ["theirs 9"])),
    "adjacent lines changed, one by each side: a conflict": (B, _edit(B, 3, 4, ["ours 4"]), _edit(B, 4, 5, ["theirs 5"])),
    "the same line changed alike on both sides: clean": (B, _edit(B, 5, 6, ["both 6"]), _edit(B, 5, 6, ["both 6"])),
    "the same line changed differently: a conflict": (B, _edit(B, 5, 6, ["ours 6"]), _edit(B, 5, 6, ["theirs 6"])),
    "one side deletes a line the other changes": (B, _edit(B, 6, 7, []), _edit(B, 6, 7, ["theirs 7"])),
    "both insert different lines at the same place": (B, _edit(B, 4, 4, ["ours new"]), _edit(B, 4, 4, ["theirs new"])),
    "both insert the same lines at the same place: clean": (B, _edit(B, 4, 4, ["both a", "both b"]),
                                                             _edit(B, 4, 4, ["both a", "both b"])),
    "insertions at the very start and the very end": (B, _edit(B, 0, 0, ["ours top"]), _edit(B, 12, 12, ["theirs end"])),
    "overlapping edits that share their first and last lines: the conflict shrinks":
        (B, _edit(B, 2, 6, ["shared x", "ours a", "ours b", "shared y"]), _edit(B, 2, 6, ["shared x", "theirs a", "shared y"])),
    "a conflict whose sides share four lines in the middle: refined into two blocks":
        (B, _edit(B, 1, 9, ["ours a", "s 1", "s 2", "s 3", "s 4", "ours b"]),
         _edit(B, 1, 9, ["theirs a", "s 1", "s 2", "s 3", "s 4", "theirs b"])),
    "two conflicts two lines apart: joined into one block":
        (B, _edit(_edit(B, 2, 3, ["ours 3"]), 5, 6, ["ours 6"]), _edit(_edit(B, 2, 3, ["theirs 3"]), 5, 6, ["theirs 6"])),
    "two conflicts four lines apart: two blocks":
        (B, _edit(_edit(B, 2, 3, ["ours 3"]), 7, 8, ["ours 8"]), _edit(_edit(B, 2, 3, ["theirs 3"]), 7, 8, ["theirs 8"])),
    "two conflicts parted by punctuation lines only: joined":
        (["def f():", "    a = 1", "}", "", "}", "", "    b = 2", "end"],
         ["def f():", "    a = 10", "}", "", "}", "", "    b = 20", "end"],
         ["def f():", "    a = 11", "}", "", "}", "", "    b = 21", "end"]),
    "a one-sided change between two close conflicts keeps them apart":
        (B, _edit(_edit(_edit(B, 1, 2, ["ours 2"]), 3, 4, ["ours 4"]), 5, 6, ["ours 6"]),
         _edit(_edit(B, 1, 2, ["theirs 2"]), 5, 6, ["theirs 6"])),
    "ours deletes everything, theirs edits one line": (B[:5], [], _edit(B[:5], 2, 3, ["theirs 3"])),
    "empty base, both add different files": ([], ["ours 1", "ours 2"], ["theirs 1"]),
}


def _random_case(rng):
    n = int(rng.integers(0, 15))
    base = [f"line {i}" for i in range(1, n + 1)]
    counter = {"ours": 0, "theirs": 0, "both": 0}

    def fresh(who, k):
        out = []
        for _ in range(k):
            counter[who] += 1
            out.append(f"{who} {counter[who]}")
        return out

    density = rng.choice([0.12, 0.25, 0.4])
    shared = rng.random() < 0.4
    sides = {"ours": [], "theirs": []}
    for i in range(n + 1):  # position n: insertions at the end only
        actions = {}
        if shared and rng.random() < 0.1:
            act = _action(rng, fresh, "both", i == n)
            actions = {"ours": act, "theirs": act}
        else:
            for who in ("ours", "theirs"):
                if rng.random() < density:
                    actions[who] = _action(rng, fresh, who, i == n)
        for who in ("ours", "theirs"):
            kind, new = actions.get(who, ("keep", []))
            if kind == "insert":
                sides[who] += new + ([base[i]] if i < n else [])
            elif kind == "replace":
                sides[who] += new
            elif kind == "keep" and i < n:
                sides[who].append(base[i])
    return base, sides["ours"], sides["theirs"]


def _action(rng, fresh, who, at_end):
    kind = "insert" if at_end else str(rng.choice(["insert", "delete", "replace", "replace"]))
    if kind == "delete":
        return "replace", []
    return kind, fresh(who, int(rng.integers(1, 3)))


def _git(base, ours, theirs, *flags):
    with tempfile.TemporaryDirectory(prefix="day11-git-") as tmp:
        paths = []
        for name, lines in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_text("".join(line + "\n" for line in lines))
            paths.append(str(path))
        proc = subprocess.run(["git", "merge-file", "-p", *flags, "-L", "ours", "-L", "base", "-L", "theirs", *paths],
                              capture_output=True, text=True)
        if proc.returncode < 0 or proc.returncode > 127:
            raise RuntimeError(proc.stderr)
        return proc.stdout, proc.returncode


def record(name, base, ours, theirs):
    text, status = _git(base, ours, theirs)
    case = {"name": name, "base": base, "ours": ours, "theirs": theirs,
            "merged": text.splitlines(), "conflicts": status,
            "resolved": {s: _git(base, ours, theirs, f"--{s}")[0] for s in ("ours", "theirs", "union")}}
    mine = reference.merge3(base, ours, theirs)
    if mine != (case["merged"], status):
        print(f"left out (differs from git): {name}\n  git:  {case['merged']} {status}\n  ours: {mine}")
        return None
    return case


def main():
    rng = np.random.default_rng(SEED)
    cases = [c for c in (record(name, *abc) for name, abc in HAND.items()) if c]
    tries = 0
    while len(cases) < len(HAND) + N_RANDOM:
        tries += 1
        case = record(f"random {tries}", *_random_case(rng))
        if case:
            cases.append(case)
    out = HERE / "git_cases.json"
    out.write_text(json.dumps({"git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
                               "cases": cases}, indent=1) + "\n")
    print(f"{len(cases)} cases ({sum(c['conflicts'] > 0 for c in cases)} with conflicts) from {tries} random tries "
          f"-> {out}")


if __name__ == "__main__":
    main()
