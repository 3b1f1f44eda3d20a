"""`ai100 progress [--repo DIR] [--plot PNG] [--log] [--all] [--today YYYY-MM-DD]`: where a learner stands.

One table of the course's days, a bar per day and per phase, and the current streak. It reads
the learner's files and local records only — it never runs a test, needs no network, and works in
a notebook cell (`from course_tools import progress; progress.show()`).

Which days: every day whose work has begun by the schedule (released or open, see
`ai100 schedule`), and any other day whose files the learner has changed. Upcoming untouched days
are left out and named below the table; `--all` lists them too.

A day's state:
  not started         every module file is the stub the course shipped (its fingerprint is in
                      `.ai100/stubs.json`, written by `ai100 student-repo`; in a repo without that
                      file, a module counts as untouched while it still raises the kit's
                      `NotImplementedError('dayNN: …')` somewhere)
  attempted           changed, and the last `ai100 check` did not pass every visible test or the
                      files changed after it
  visible tests pass  the last `ai100 check DAY` (its record in `.ai100/check/dayNN.json`) passed
                      every visible test, and the files are the ones it checked
Columns: "visible" is the last check's score (`*` when the files changed after it), "graded" the
latest graded run's score for the day among the results.json files found locally:
`results.json` and `.ai100/results.json` in the repo (where `ai100 grade` and `ai100 collect`
write them), and any `*.json` in `.ai100/results/` (put a results.json downloaded from the
autograder's run there). The bar shows the newer of the two scores as a share of its maximum.

Finished: the last check passed every visible test, or the latest graded run scored full marks.
It dates from the first of the unbroken series of passing checks (or from that graded run).
The streak counts calendar days in a row, ending today — or yesterday, while today is still
open — on each of which at least one day was finished.

`--log` writes one line per finished day into README.md (course_tools/progress_log.py; it refuses
the course repository, whose README is not a learner's); `--plot`
draws the table as a chart (course_tools/progress_plot.py, needs matplotlib).

Run its checks: pytest tests/test_progress.py
"""

from __future__ import annotations

import ast
import datetime as _dt
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import check as _check
from course_tools import fingerprints, gradebook, progress_log, schedule

NOT_STARTED, ATTEMPTED, PASSING, UPCOMING = "not started", "attempted", "visible tests pass", "upcoming"
RESULTS_FILES = ("results.json", ".ai100/results.json")
RESULTS_DIR = ".ai100/results"
BAR = 20  # characters per bar: the table has a fixed width, so it reads the same in a terminal and a notebook
TITLE = 40  # longest day title shown before it is cut


@dataclass(frozen=True)
class Score:
    points: float
    maximum: float
    when: _dt.datetime

    @property
    def full(self) -> bool:
        return self.maximum > 0 and self.points >= self.maximum

    @property
    def share(self) -> float:
        return self.points / self.maximum if self.maximum > 0 else 0.0


@dataclass(frozen=True)
class DayProgress:
    day: _catalog.Day
    status: str  # released / open / upcoming (course_tools.schedule)
    state: str  # NOT_STARTED / ATTEMPTED / PASSING
    visible: Score | None = None  # the last `ai100 check`
    visible_stale: bool = False  # the files changed after that check
    graded: Score | None = None  # the latest graded run
    finished_on: _dt.date | None = None

    @property
    def touched(self) -> bool:
        return self.state != NOT_STARTED

    @property
    def finished(self) -> bool:
        return self.finished_on is not None

    @property
    def share(self) -> float:
        """The newer score as a share of its maximum; 0 for a day not started."""
        if not self.touched:
            return 0.0
        scores = [s for s in (self.visible, self.graded) if s is not None]
        return max(scores, key=lambda s: s.when).share if scores else 0.0


@dataclass(frozen=True)
class Report:
    root: Path
    today: _dt.date
    days: list[DayProgress]  # the days shown, in course order
    hidden: list[DayProgress]  # upcoming days left out
    phases: dict[int, str]
    streak: int
    notes: list[str] = field(default_factory=list)


# --- reading the learner's repo -------------------------------------------------------------------

def _still_a_stub(text: str, day: str) -> bool:
    """Whether the module still raises the kit's stub error (`NotImplementedError('dayNN: …')`)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        exc = node.exc if isinstance(node, ast.Raise) else None
        if (isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) and exc.func.id == "NotImplementedError"
                and exc.args and isinstance(exc.args[0], ast.Constant) and isinstance(exc.args[0].value, str)
                and exc.args[0].value.startswith(f"{day}: ")):
            return True
    return False


def untouched(root: Path, day: _catalog.Day, stubs: dict[str, list[str]]) -> bool:
    """Whether every module file of the day is still the course's stub."""
    for name in day.files:
        rel = f"assignments/{day.name}/{name}"
        path = root / rel
        if not path.is_file():
            return False
        data = path.read_bytes()
        if rel in stubs:
            if fingerprints.fingerprint(data) not in stubs[rel]:
                return False
        elif not _still_a_stub(data.decode("utf-8", errors="replace"), day.name):
            return False
    return True


def _moment(text: str) -> _dt.datetime:
    moment = _dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.astimezone()


def graded_scores(root: Path) -> tuple[dict[str, Score], list[str]]:
    """day → the latest graded run's score among the local results files, and the files skipped (why)."""
    folder = root / RESULTS_DIR
    paths = [root / rel for rel in RESULTS_FILES] + (sorted(folder.glob("*.json")) if folder.is_dir() else [])
    scores: dict[str, Score] = {}
    notes: list[str] = []
    for path in paths:
        if not path.is_file():
            continue
        try:
            run = gradebook.load_run(path)
        except gradebook.MalformedResults as exc:
            notes.append(f"{path.relative_to(root)}: skipped — {exc}")
            continue
        when = _dt.datetime.fromtimestamp(run.when).astimezone()
        for day, (points, maximum) in run.days.items():
            if day not in scores or when >= scores[day].when:
                scores[day] = Score(points, maximum, when)
    return scores, notes


def day_progress(root: Path, day: _catalog.Day, status: str, stubs: dict[str, list[str]],
                 record: dict | None, graded: Score | None) -> DayProgress:
    folder = root / "assignments" / day.name
    visible = stale = None
    if record is not None:
        visible = Score(float(record["score"]), float(record["max_score"]), _moment(record["checked_at"]))
        now = {name: fingerprints.fingerprint((folder / name).read_bytes()) if (folder / name).is_file() else None
               for name in day.files}
        stale = any(record["files"].get(name) != value for name, value in now.items())
    if untouched(root, day, stubs):
        return DayProgress(day, status, NOT_STARTED, visible, bool(stale), graded)
    passing = record is not None and record["all_passed"]
    state = PASSING if passing and not stale else ATTEMPTED
    dates = []
    if passing:
        dates.append(_moment(record.get("passing_since") or record["checked_at"]).date())
    if graded is not None and graded.full:
        dates.append(graded.when.date())
    return DayProgress(day, status, state, visible, bool(stale), graded, min(dates, default=None))


def streak(finished_on: list[_dt.date], today: _dt.date) -> int:
    """Calendar days in a row with a finished day, ending today (or yesterday, while today has none)."""
    dates = set(finished_on)
    cursor = today if today in dates else today - _dt.timedelta(days=1)
    count = 0
    while cursor in dates:
        count += 1
        cursor -= _dt.timedelta(days=1)
    return count


def report(repo: str | Path | None = None, *, today: str | _dt.date | None = None, show_all: bool = False) -> Report:
    """Everything the table shows, read from the learner's repo (default: the one around the working folder)."""
    base = Path(repo) if repo is not None else None
    if base is not None and not (base / "course.toml").is_file():
        raise FileNotFoundError(f"{base}: no course.toml here — give --repo the folder of your ai100 repository")
    cat = _catalog.load(base)
    date = schedule.parse_date(today)
    notes: list[str] = []
    try:
        stubs = fingerprints.read_manifest(cat.root / fingerprints.MANIFEST)
    except ValueError as exc:
        stubs = {}
        notes.append(str(exc))
    graded, skipped = graded_scores(cat.root)
    notes += skipped
    status = schedule.statuses(cat, date)
    shown, hidden = [], []
    for day in cat.days.values():
        try:
            record = _check.load_record(cat.root, day.name)
        except ValueError as exc:
            record = None
            notes.append(str(exc))
        entry = day_progress(cat.root, day, status[day.name], stubs, record, graded.get(day.name))
        visible = show_all or entry.status != schedule.UPCOMING or entry.touched
        (shown if visible else hidden).append(entry)
    finished = [d.finished_on for d in shown + hidden if d.finished_on is not None]
    return Report(cat.root, date, shown, hidden, cat.phases, streak(finished, date), notes)


# --- the table ------------------------------------------------------------------------------------

def bar(share: float) -> str:
    filled = min(BAR, math.floor(BAR * share + 1e-9))
    return f"[{'#' * filled}{'-' * (BAR - filled)}] {math.floor(100 * share + 1e-9):3d}%"


def _cut(text: str) -> str:
    return text if len(text) <= TITLE else text[:TITLE - 3] + "..."


def _score(score: Score | None, mark: str = "") -> str:
    return f"{score.points:g}/{score.maximum:g}{mark}" if score is not None else "-"


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def phase_rows(rep: Report) -> list[tuple[str, int, int, float]]:
    """(phase label, days shown, days finished, mean share) per phase of the days shown, in phase order."""
    rows = []
    for number in sorted({d.day.phase for d in rep.days}):
        days = [d for d in rep.days if d.day.phase == number]
        label = f"{number}. {rep.phases.get(number, '')}".rstrip(". ")
        rows.append((label, len(days), sum(d.finished for d in days), sum(d.share for d in days) / len(days)))
    return rows


def table(rep: Report) -> str:
    out = [f"ai100 progress on {rep.today.isoformat()} — {rep.root}"]
    if not rep.days:
        out.append("no day has begun yet (see `ai100 schedule`); `ai100 progress --all` lists the days to come")
    else:
        rows = [["day", "title", "state", "visible", "graded", "progress"]]
        for d in rep.days:
            state = UPCOMING if d.status == schedule.UPCOMING and not d.touched else d.state
            rows.append([d.day.name, _cut(d.day.title), state, _score(d.visible, "*" if d.visible_stale else ""),
                         _score(d.graded), bar(d.share) + ("  done" if d.finished else "")])
        out += _columns(rows)
        out.append("")
        rows = [["phase", "finished", "progress"]]
        rows += [[label, f"{done}/{n}", bar(share)] for label, n, done, share in phase_rows(rep)]
        total = sum(d.finished for d in rep.days)
        rows.append(["all", f"{total}/{len(rep.days)}", bar(sum(d.share for d in rep.days) / len(rep.days))])
        out += _columns(rows)
    out.append("")
    if rep.streak:
        out.append(f"streak: {rep.streak} day{'s' if rep.streak > 1 else ''} in a row with a finished day")
    else:
        out.append("streak: none — finish a day today to start one")
    if rep.hidden:
        names = ", ".join(d.day.name for d in rep.hidden)
        out.append(f"upcoming, not shown: {names} (`ai100 progress --all` lists them)")
    if any(d.visible_stale and d.touched for d in rep.days):
        out.append("* the files changed after that check: `ai100 check DAY` again to update it")
    out += [f"note: {note}" for note in rep.notes]
    return "\n".join(out)


def show(repo: str | Path | None = None, *, today: str | _dt.date | None = None, show_all: bool = False) -> None:
    """Print the progress table (for a notebook cell: `from course_tools import progress; progress.show()`)."""
    print(table(report(repo, today=today, show_all=show_all)))


# --- the README log -------------------------------------------------------------------------------

def write_log(rep: Report) -> bool:
    """Write the finished days into README.md's progress block; True when the file changed."""
    path = rep.root / "README.md"
    if (rep.root / "graders").is_dir():
        raise ValueError(f"{rep.root} is the course repository — `--log` writes a learner's README; run it in "
                         "your ai100 repository (the one made by `ai100 student-repo`); nothing was written")
    try:
        data = path.read_bytes() if path.is_file() else b""
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as UTF-8 text ({exc}) — nothing was written") from None
    new = progress_log.render(text, [d.day for d in rep.days + rep.hidden if d.finished])
    if new.encode("utf-8") == data:
        return False
    path.write_bytes(new.encode("utf-8"))
    return True


def main(*, repo: str | None = None, plot: str | None = None, log: bool = False, show_all: bool = False,
         today: str | None = None, root: Path | None = None) -> int:
    """Exit 0; 1 when the chart asked for could not be drawn (the table and the log are still written)."""
    rep = report(repo if repo is not None else root, today=today, show_all=show_all)
    print(table(rep))
    if log:
        changed = write_log(rep)
        finished = sum(d.finished for d in rep.days + rep.hidden)
        print(f"README.md: progress log {'updated' if changed else 'already up to date'} "
              f"({finished} finished day{'' if finished == 1 else 's'})")
    if plot is not None:
        from course_tools import progress_plot

        try:
            progress_plot.draw(rep, Path(plot))
        except ImportError:
            print("ai100 progress: --plot needs matplotlib (pip install matplotlib, or the kit's [classic] extra) "
                  "— no chart drawn", file=sys.stderr)
            return 1
        print(f"chart written to {plot}")
    return 0
