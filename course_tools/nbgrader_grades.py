"""`ai100 nbgrader import-grades GRADEBOOK -o grades.csv`: nbgrader's grades as the kit's gradebook CSV.

GRADEBOOK is nbgrader's `gradebook.db` (read through nbgrader.api.Gradebook, from a copy: the
instructor's database is never opened for writing) or the CSV that `nbgrader export` writes
(columns assignment, student_id, score, max_score; timestamp when present). Each student and
assignment becomes one entry of the kit's gradebook: the learner is the student id, the day the
assignment's name (an assignment that is not a day of course.toml is reported and left out), the
points nbgrader's score after any late penalty and the maximum the assignment's. A student with
no submission for an assignment has 0 of its maximum, as nbgrader counts it. The CSV (learner ×
day) and its plot are written by course_tools.gradebook, as `ai100 gradebook` writes them.

Run its checks: pytest tests/test_nbgrader.py
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import shutil
import sys
import tempfile
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import gradebook as _gradebook

SQLITE_HEADER = b"SQLite format 3\x00"
CSV_COLUMNS = ("assignment", "student_id", "score", "max_score")


class GradesError(ValueError):
    """A gradebook that cannot be read; the message says what was expected."""


def _when(value: object) -> float:
    if isinstance(value, _dt.datetime):
        return value.timestamp()
    text = str(value or "").strip()
    if not text:
        return 0.0
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0  # nbgrader's own timestamp format varies; the time only orders runs, and there is one


def _number(text: object, what: str) -> float:
    try:
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise GradesError(f"{what} is {text!r}, not a number") from None
    if not math.isfinite(value):
        raise GradesError(f"{what} is {text!r}, not a finite number")
    return value


def rows_from_db(path: Path) -> list[dict[str, object]]:
    """(assignment, student_id, score, max_score, timestamp) of every student and assignment in a gradebook.db."""
    try:
        from nbgrader.api import Gradebook, MissingEntry
    except ImportError:
        raise GradesError(f"{path} is an nbgrader gradebook.db, and reading it needs nbgrader: pip install "
                          "'ai100[notebooks]', or give the CSV of `nbgrader export` instead") from None

    with tempfile.TemporaryDirectory(prefix="ai100-gradebook-") as tmp:
        copy = Path(tmp) / "gradebook.db"
        shutil.copyfile(path, copy)  # nbgrader's Gradebook writes on opening (tables, the course row)
        try:
            gb = Gradebook(f"sqlite:///{copy}", course_id="")
        except Exception as exc:  # noqa: BLE001 - any database error means "not a gradebook we can read"
            raise GradesError(f"{path}: nbgrader cannot open it as a gradebook: {type(exc).__name__}: {exc}") from None
        rows = []
        with gb:
            for assignment in gb.assignments:
                for student in gb.students:
                    try:
                        submission = gb.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        score, when = 0.0, None
                    else:
                        score = max(0.0, float(submission.score) - float(submission.late_submission_penalty or 0))
                        when = submission.timestamp
                    rows.append({"assignment": assignment.name, "student_id": student.id, "score": score,
                                 "max_score": float(assignment.max_score), "timestamp": when})
    return rows


def rows_from_csv(path: Path) -> list[dict[str, object]]:
    """The rows of `nbgrader export`'s CSV, checked for the columns the gradebook needs."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise GradesError(f"{path}: no column {', '.join(missing)} — expected the CSV of `nbgrader export` "
                              f"(assignment, student_id, …, score, max_score), or a gradebook.db")
        return list(reader)


def read_rows(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise GradesError(f"{path}: no such file — give nbgrader's gradebook.db or the CSV of `nbgrader export`")
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    return rows_from_db(path) if head == SQLITE_HEADER else rows_from_csv(path)


def runs(cat: _catalog.Catalog, rows: list[dict[str, object]], path: Path) -> tuple[list[_gradebook.Run], list[str]]:
    """One gradebook run per student and day; and the problems met (rows left out, and why)."""
    found, problems, foreign = [], [], set()
    for n, row in enumerate(rows, start=2):  # line 1 of a CSV is its header
        name, student = str(row["assignment"] or "").strip(), str(row["student_id"] or "").strip()
        try:
            day = _catalog.normalise_day(name)
        except _catalog.UnknownDay:
            foreign.add(name)
            continue
        if not student:
            problems.append(f"{path}: row {n}: no student_id — left out")
            continue
        try:
            score = _number(row["score"], f"row {n} ({student}, {name}) score")
            maximum = _number(row["max_score"], f"row {n} ({student}, {name}) max_score")
        except GradesError as exc:
            problems.append(f"{path}: {exc} — left out")
            continue
        entry = cat.days.get(day)
        if entry is not None and maximum != entry.points:
            problems.append(f"{path}: {day}: nbgrader's maximum is {maximum:g}, course.toml says {entry.points} — "
                            "was the assignment generated from an older export? (kept as nbgrader has it)")
        found.append(_gradebook.Run(learner=student, path=path, when=_when(row.get("timestamp")),
                                    days={day: (score, maximum)}))
    problems += [f"{path}: assignment {name!r} is not a day of the course — left out" for name in sorted(foreign)]
    return found, list(dict.fromkeys(problems))


def main(cat: _catalog.Catalog, *, gradebook: str | None, out: str | None = None, plot: str | None = None) -> int:
    """Exit 0 when every row was used; 1 when some were left out; 2 when nothing could be read."""
    if not gradebook:
        raise GradesError("name nbgrader's gradebook.db or the CSV of `nbgrader export`")
    path = Path(gradebook)
    found, problems = runs(cat, read_rows(path), path)
    for problem in problems:
        print(f"ai100 nbgrader import-grades: {problem}", file=sys.stderr)
    if not found:
        print(f"ai100 nbgrader import-grades: {path}: no grades of the course's days — nothing written",
              file=sys.stderr)
        return 2
    plot_to = plot if plot is not None else (Path(out).with_suffix(".png") if out is not None else None)
    code = _gradebook.write(cat, found, out=out, keep="latest", plot_to=plot_to, explicit_plot=plot is not None)
    return max(code, 1 if any("left out" in p for p in problems) else 0)
