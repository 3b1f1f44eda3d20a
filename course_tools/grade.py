"""`ai100 grade`: the autograder. Hidden graders against a learner's files, in a child process.

For each day a fresh work folder holds a copy of the course's graders and of the learner's
module files (never their tests or conftest.py). The child runs pytest there with the kit's
plugin alone; the parent turns the streamed results into the score, results.json (Gradescope)
and, on request, the GitHub Classroom reporter payloads. Exit 0 whenever grading completed,
whatever the score; 2 when grading itself could not run.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from course_tools import catalog as _catalog
from course_tools import scoring
from course_tools.runner import GradingError, RunSpec, child_env, copy_learner_files, run_day

def grade_day(cat: _catalog.Catalog, day: _catalog.Day, learner_day_dir: Path, *,
              timeout: float | None = None, stop_at_first_failure: bool = False,
              solution_root: Path | None = None) -> tuple[list[dict[str, Any]], str]:
    """Results for one day, grading the module files found in `learner_day_dir`."""
    graders = cat.grader_dir(day)
    if not any(graders.glob("test_*.py")):
        raise GradingError(f"{day.name}: no hidden graders in {graders}")
    with tempfile.TemporaryDirectory(prefix=f"ai100-grade-{day.name}-") as tmp:
        work = Path(tmp)
        shutil.copytree(graders, work / "graders" / day.name, ignore=shutil.ignore_patterns("visible", "__pycache__"))
        copy_learner_files(learner_day_dir, work / "learner" / day.name)
        env = child_env(cat, AI100_MODE="grade", AI100_LEARNER_ROOT=str(work / "learner"),
                        AI100_SOLUTION_ROOT=str(solution_root or cat.root / "solutions"))
        spec = RunSpec(day=day.name, workdir=work, env=env, timeout=timeout or day.timeout,
                       stop_at_first_failure=stop_at_first_failure)
        return run_day(spec)


def grade(cat: _catalog.Catalog, days: list[_catalog.Day], assignments: Path, *,
          timeout: float | None = None) -> dict[str, list[dict[str, Any]]]:
    return {day.name: grade_day(cat, day, assignments / day.name, timeout=timeout)[0] for day in days}


def _summary(by_day: dict[str, list[dict[str, Any]]]) -> str:
    parts = []
    for day, results in by_day.items():
        parts.append(scoring.score_table(results, title=f"== {day} =="))
        for r in results:
            if r["status"] not in ("passed", "needs_gpu") and r["message"]:
                first = r["message"].splitlines()
                parts.append(f"-- {r['name']}: " + "\n   ".join(first[:8]))
    got = sum(scoring.totals(r)[0] for r in by_day.values())
    out_of = sum(scoring.totals(r)[1] for r in by_day.values())
    parts.append(f"total: {got:g}/{out_of:g}")
    return "\n".join(parts)


def main(*, days: list[str], submission: str | None = None, out: str = "results.json",
         classroom: str | None = None, timeout: float | None = None, seed: str | None = None,
         learner: str | None = None, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    if seed is not None:
        os.environ["AI100_SEED"] = str(seed)  # child_env passes it on to the graders
    selected = cat.select(days)
    assignments = Path(submission).resolve() / "assignments" if submission else cat.root / "assignments"
    if not assignments.is_dir():
        print(f"ai100 grade: no assignments/ folder in {assignments.parent}", file=sys.stderr)
        return 2
    try:
        by_day = grade(cat, selected, assignments, timeout=timeout)
    except GradingError as exc:
        print(f"ai100 grade: grading could not run: {exc}", file=sys.stderr)
        return 2
    summary = _summary(by_day)
    print(summary)
    report = scoring.gradescope(by_day, output=summary)
    if learner:  # whose run this is, for `ai100 gradebook`
        report["learner"] = learner
    report["graded_at"] = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    Path(out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"results written to {out}")
    if classroom:
        lines = [f"{day.upper()}_RESULTS={scoring.classroom_encoded(scoring.classroom(day, r))}"
                 for day, r in by_day.items()]
        Path(classroom).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0
