"""`ai100 collect`: grade a folder of cloned learner repos with the hidden graders, then the gradebook.

Every folder directly under DIR that holds an `assignments/` folder is a learner repo, and the
folder's name is the learner id. Each repo is graded as `ai100 grade` would grade it — the days
given with --days, or every day in course.toml, in either case only those whose
`assignments/dayNN/` folder the repo has — a few repos at a time (--jobs; each grading runs its
own child processes). Each learner's results.json (with "learner" and "graded_at" keys) goes to
`DIR/<learner>/.ai100/results.json`, or `OUT_DIR/<learner>/results.json` with --out-dir; the
gradebook CSV (and grades.png beside it) is then built from the runs graded now, never from files
found in the repos. Exit 0 when every repo was graded; 2 when grading could not run for some
(they are reported and left out of the gradebook).

Run: ai100 collect learners/ -o grades.csv --jobs 2      (tests: pytest tests/test_gradebook.py)
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TextIO

from course_tools import catalog as _catalog
from course_tools import gradebook, protected, scoring
from course_tools.grade import _summary, grade
from course_tools.runner import GradingError
from course_tools.sandbox import probe_bwrap


def find_learners(folder: Path) -> list[Path]:
    """The learner repos directly under `folder`: folders with an assignments/ folder, by name."""
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / "assignments").is_dir())


def days_to_grade(repo: Path, days: list[_catalog.Day]) -> list[_catalog.Day]:
    return [day for day in days if (repo / "assignments" / day.name).is_dir()]


def grade_learner(cat: _catalog.Catalog, repo: Path, days: list[_catalog.Day], *,
                  timeout: float | None = None, isolate: bool = False) -> dict[str, Any]:
    """The learner's results.json content: what `ai100 grade --learner NAME` writes."""
    by_day = grade(cat, days, repo / "assignments", timeout=timeout, isolate=isolate)
    findings = protected.check(cat, repo, days)
    report = scoring.gradescope(by_day, output="\n".join(filter(None, [_summary(by_day), protected.summary(findings)])))
    report["protected_files"] = findings
    report["learner"] = repo.name
    report["graded_at"] = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return report


def write_results(path: Path, report: dict[str, Any]) -> None:
    """Write results.json; a symlink or file the learner's repo planted at its place is replaced, not followed."""
    for link in (path.parent, path):
        if link.is_symlink() or (link == path.parent and link.is_file()):
            link.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


class Progress:
    """A one-line progress bar on stderr: `[#####...............] 7/20 alice`."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 20) -> None:
        self.total, self.done, self.width = total, 0, width
        self.stream = stream if stream is not None else sys.stderr
        self.lock = threading.Lock()
        self._last = 0

    def _draw(self, label: str = "") -> None:
        filled = self.width * self.done // max(1, self.total)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}" + (f" {label}" if label else "")
        self.stream.write("\r" + line.ljust(self._last))
        self._last = len(line)
        self.stream.flush()

    def start(self) -> None:
        with self.lock:
            self._draw()

    def step(self, label: str = "", note: str = "") -> None:
        with self.lock:
            self.done += 1
            if note:  # a message gets its own line; the bar is drawn again below it
                self.stream.write("\r" + note.ljust(self._last) + "\n")
                self._last = 0
            self._draw(label)

    def finish(self) -> None:
        with self.lock:
            self.stream.write("\n")
            self.stream.flush()


def main(*, folder: str, out: str = "grades.csv", jobs: int = 2, days: list[str] | None = None,
         out_dir: str | None = None, timeout: float | None = None, sandbox: bool = False,
         root: Path | None = None) -> int:
    cat = _catalog.load(root)
    selected = cat.select(days)
    base = Path(folder)
    if not base.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder — give the folder holding the cloned learner repos")
    if sandbox and (problem := probe_bwrap()):
        print(f"ai100 collect: --sandbox needs a working bubblewrap: {problem}", file=sys.stderr)
        return 2
    repos = find_learners(base)
    if not repos:
        print(f"ai100 collect: no learner repos in {folder} (folders with an assignments/ folder)", file=sys.stderr)
        return 2
    work = [(repo, days_to_grade(repo, selected)) for repo in repos]
    for repo, repo_days in work:
        if not repo_days:
            print(f"ai100 collect: {repo.name}: none of {', '.join(d.name for d in selected)} in its assignments/ "
                  "— nothing to grade", file=sys.stderr)
    work = [(repo, repo_days) for repo, repo_days in work if repo_days]
    jobs = max(1, jobs)
    print(f"grading {len(work)} learner repo(s) in {folder}, {jobs} at a time…", flush=True)
    progress = Progress(len(work))
    progress.start()
    runs: list[gradebook.Run] = []
    failed: list[str] = []

    def one(repo: Path, repo_days: list[_catalog.Day]) -> gradebook.Run:
        report = grade_learner(cat, repo, repo_days, timeout=timeout, isolate=sandbox)
        path = (Path(out_dir) / repo.name if out_dir else repo / ".ai100") / "results.json"
        write_results(path, report)
        return gradebook.parse_run(report, path, learner=repo.name)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(one, repo, repo_days): repo for repo, repo_days in work}
        for future in as_completed(futures):
            repo = futures[future]
            try:
                runs.append(future.result())
                progress.step(repo.name)
            except (GradingError, OSError) as exc:
                failed.append(repo.name)
                progress.step(repo.name, note=f"ai100 collect: {repo.name}: grading could not run: {exc}")
    progress.finish()
    if not runs:
        print("ai100 collect: no repo could be graded — no gradebook written", file=sys.stderr)
        return 2
    gradebook.write(cat, runs, out=out, plot_to=Path(out).with_suffix(".png"))
    if failed:
        print(f"ai100 collect: not graded: {', '.join(sorted(failed))}", file=sys.stderr)
        return 2
    return 0
