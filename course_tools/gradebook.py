"""`ai100 gradebook`: many results.json files (one per learner per run) → one CSV, learner × day.

Each results.json is the Gradescope file `ai100 grade` writes: its tests are named
"dayNN: test_x", and a day's points and maximum are the sums of its tests' `score` and
`max_score` (a test left out of the score has max_score 0).

Who a file belongs to: its top-level "learner" key (`ai100 grade --learner ID` writes it) or else
its folder — the name of the folder holding the file, except that a `runs/<timestamp>/` pair and
a `.ai100/` folder are stepped over:
    alice/results.json                  → alice
    alice/runs/2026-10-24T10-00/results.json → alice
    alice/.ai100/results.json           → alice
When a run was made: its "graded_at" key (ISO time) or else the file's modification time.

Per learner and day one run counts: the latest run that graded the day (`--keep latest`, the
default) or the one with the most points (`--keep best`; a tie goes to the later run). The CSV
has one row per learner (sorted) and the columns learner, dayNN, dayNN_max (for each day graded
in any file, in course.toml's order), total, total_max. A day a learner has no run for is left
blank and is not counted in their total or total_max. A malformed file is reported (which file,
why) and skipped.

Run: ai100 gradebook results/ -o grades.csv      (tests: pytest tests/test_gradebook.py)
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_tools import catalog as _catalog

KEEP = ("latest", "best")


class MalformedResults(ValueError):
    """A results.json that cannot be read as one learner's run."""


@dataclass(frozen=True)
class Run:
    """One results.json: whose, when (a POSIX timestamp), and per day (points, maximum)."""
    learner: str
    path: Path
    when: float
    days: dict[str, tuple[float, float]] = field(default_factory=dict)


def learner_from_path(path: Path) -> str:
    """The learner a results.json belongs to by its folder (see the module docstring)."""
    folder = path.absolute().parent
    if folder.name == ".ai100":
        folder = folder.parent
    elif folder.parent.name == "runs":
        folder = folder.parent.parent
    return folder.name


def _when(value: Any, path: Path) -> float:
    if value is None:
        return path.stat().st_mtime
    if not isinstance(value, str):
        raise MalformedResults(f"graded_at is {value!r}, not an ISO time such as 2026-10-24T10:00:00+00:00")
    try:
        moment = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise MalformedResults(f"graded_at {value!r} is not an ISO time such as 2026-10-24T10:00:00+00:00") from None
    return moment.timestamp()  # a time without an offset is taken as local time


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise MalformedResults(f"{what} is {value!r}, not a number")
    return float(value)


def parse_run(data: Any, path: Path, *, learner: str | None = None) -> Run:
    """One run from a results.json's content (`path` names it, and dates it when it has no graded_at).

    `learner` overrides the file's own key and its folder (collect knows whose repo it graded).
    Days are checked by name only here; `write` leaves out days course.toml does not list.
    """
    if not isinstance(data, dict):
        raise MalformedResults(f"the top level is a {type(data).__name__}, not an object")
    tests = data.get("tests")
    if not isinstance(tests, list):
        raise MalformedResults('no "tests" list')
    if learner is None:
        learner = data.get("learner")
        if learner is None:
            learner = learner_from_path(path)
        elif not isinstance(learner, str) or not learner.strip():
            raise MalformedResults(f'"learner" is {learner!r}, not a name')
    learner = learner.strip()
    days: dict[str, tuple[float, float]] = {}
    for i, test in enumerate(tests):
        if not isinstance(test, dict) or not isinstance(test.get("name"), str) or ": " not in test["name"]:
            raise MalformedResults(f'tests[{i}] has no name of the form "dayNN: test_x"')
        day_text = test["name"].split(": ", 1)[0]
        try:
            day = _catalog.normalise_day(day_text)
        except _catalog.UnknownDay:
            raise MalformedResults(f'tests[{i}] is named {test["name"]!r}: {day_text!r} is not a day') from None
        got = _number(test.get("score"), f"tests[{i}] ({test['name']}) score")
        out_of = _number(test.get("max_score"), f"tests[{i}] ({test['name']}) max_score")
        points, maximum = days.get(day, (0.0, 0.0))
        days[day] = (points + got, maximum + out_of)
    return Run(learner=learner, path=path, when=_when(data.get("graded_at"), path), days=days)


def load_run(path: Path) -> Run:
    """One run from a results.json file; MalformedResults says why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MalformedResults(f"cannot be read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedResults(f"not JSON: {exc}") from None
    return parse_run(data, path)


def find_results(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The results.json files among `paths` (a folder is searched), and the problems met."""
    files: list[Path] = []
    problems: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("results.json") if f.is_file())
            if not found:
                problems.append(f"{p}: no results.json in this folder")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:  # a file named twice (itself and by its folder) is one run
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique, problems


def merge(runs: Iterable[Run], keep: str = "latest") -> dict[str, dict[str, tuple[float, float]]]:
    """learner → day → (points, maximum) of the run kept for that learner and day."""
    if keep not in KEEP:
        raise ValueError(f"--keep {keep!r}: choose one of {', '.join(KEEP)}")
    chosen: dict[tuple[str, str], tuple[tuple[float, ...], tuple[float, float]]] = {}
    for order, run in enumerate(runs):
        for day, (points, maximum) in run.days.items():
            # latest: by time (then by the order given); best: by points, a tie to the later run
            rank = (run.when, order) if keep == "latest" else (points, run.when, order)
            key = (run.learner, day)
            if key not in chosen or rank > chosen[key][0]:
                chosen[key] = (rank, (points, maximum))
    merged: dict[str, dict[str, tuple[float, float]]] = {}
    for (learner, day), (_, score) in chosen.items():
        merged.setdefault(learner, {})[day] = score
    return merged


def columns(cat: _catalog.Catalog, merged: dict[str, dict[str, tuple[float, float]]]) -> list[str]:
    """The days graded in any run, in course.toml's order."""
    graded = {day for by_day in merged.values() for day in by_day}
    return [day for day in cat.days if day in graded]


def _fmt(x: float) -> str:
    return f"{x:g}"


def rows(days: list[str], merged: dict[str, dict[str, tuple[float, float]]]) -> list[list[str]]:
    """The CSV: a header, then one row per learner (sorted by name)."""
    header = ["learner"] + [c for day in days for c in (day, f"{day}_max")] + ["total", "total_max"]
    out = [header]
    for learner in sorted(merged):
        by_day = merged[learner]
        cells = [learner]
        for day in days:
            cells += [_fmt(by_day[day][0]), _fmt(by_day[day][1])] if day in by_day else ["", ""]
        counted = [by_day[d] for d in days if d in by_day]
        cells += [_fmt(sum(p for p, _ in counted)), _fmt(sum(m for _, m in counted))]
        out.append(cells)
    return out


def to_csv(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()


def draw(days: list[str], merged: dict[str, dict[str, tuple[float, float]]], path: Path) -> None:
    """grades.png: per day, the spread of learners' scores (% of the day's maximum), box and points."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    shares = [[100 * p / m for p, m in (by_day[day] for by_day in merged.values() if day in by_day) if m > 0]
              for day in days]
    fig = Figure(figsize=(max(4.0, 1.1 * len(days) + 2), 4.5), layout="constrained")
    FigureCanvasAgg(fig)  # the Agg backend, without touching pyplot's global state
    ax = fig.add_subplot()
    where = [i for i, s in enumerate(shares) if s]
    if where:
        ax.boxplot([shares[i] for i in where], positions=[i + 1 for i in where], widths=0.5,
                   showfliers=False, medianprops={"color": "tab:orange"})
        jitter = np.random.default_rng(0)  # the same picture for the same grades
        for i in where:
            ax.scatter(i + 1 + jitter.uniform(-0.12, 0.12, len(shares[i])), shares[i], s=14,
                       color="tab:blue", alpha=0.7, zorder=3)
    ax.set_xticks(range(1, len(days) + 1), [f"{d}\n(n={len(s)})" for d, s in zip(days, shares)])
    ax.set_xlim(0.4, len(days) + 0.6)
    ax.set_ylim(-5, 105)
    ax.set_ylabel("score, % of the day's maximum")
    ax.set_title(f"scores per day — {len(merged)} learner(s)")
    ax.grid(axis="y", alpha=0.3)
    fig.savefig(path, dpi=120)


def write(cat: _catalog.Catalog, runs: list[Run], *, out: str | Path | None, keep: str = "latest",
          plot_to: str | Path | None = None, explicit_plot: bool = False) -> int:
    """Merge, write the CSV (stdout when `out` is None) and the plot; 0, or 1 when the plot failed."""
    merged = merge(runs, keep)
    known = set(cat.days)
    for learner, by_day in merged.items():
        for day in [d for d in by_day if d not in known]:
            print(f"ai100 gradebook: {learner}: {day} is not in course.toml — left out", file=sys.stderr)
    days = columns(cat, merged)
    text = to_csv(rows(days, merged))
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        print(f"gradebook written to {out}: {len(merged)} learner(s), {len(days)} day(s), keeping the {keep} run")
    if plot_to is not None:
        try:
            draw(days, merged, Path(plot_to))
        except ImportError:
            print("ai100 gradebook: matplotlib is not installed (pip install matplotlib, or the kit's [classic] "
                  "extra): no plot drawn", file=sys.stderr)
            return 1 if explicit_plot else 0
        print(f"plot written to {plot_to}")
    return 0


def main(*, results: list[str], out: str | None = None, keep: str = "latest", plot: str | None = None,
         root: Path | None = None) -> int:
    """Exit 0 when the gradebook was written from every file; 1 when some were skipped; 2 when none could be used."""
    if keep not in KEEP:
        raise ValueError(f"--keep {keep!r}: choose one of {', '.join(KEEP)}")
    cat = _catalog.load(root)
    files, problems = find_results(results)
    runs: list[Run] = []
    for f in files:
        try:
            runs.append(load_run(f))
        except MalformedResults as exc:
            problems.append(f"{f}: skipped — {exc}")
    for problem in problems:
        print(f"ai100 gradebook: {problem}", file=sys.stderr)
    if not runs:
        print("ai100 gradebook: no usable results.json — nothing written", file=sys.stderr)
        return 2
    plot_to = plot if plot is not None else (Path(out).with_suffix(".png") if out is not None else None)
    code = write(cat, runs, out=out, keep=keep, plot_to=plot_to, explicit_plot=plot is not None)
    return max(code, 1 if problems else 0)
