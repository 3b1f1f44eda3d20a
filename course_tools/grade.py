"""`ai100 grade`: the autograder. Hidden graders against a learner's files, in a child process.

For each day a fresh work folder holds a copy of the course's graders and of the learner's
module files (never their tests or conftest.py). The child runs pytest there with the kit's
plugin alone; the parent turns the streamed results into the score, results.json (Gradescope)
and, on request, the GitHub Classroom reporter payloads. Exit 0 whenever grading completed,
whatever the score; 2 when grading itself could not run.

With --sandbox the learner's code never runs in the grading process: it runs in a bubblewrap
sandbox that sees no course files, no network and no environment (see course_tools.sandbox).
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
from course_tools import notebooks, protected, scoring
from course_tools import sandbox as _sandbox
from course_tools.runner import GradingError, RunSpec, child_env, copy_learner_files, run_day
from course_tools.student_repo import RUNTIME_MODULES, RUNTIME_PACKAGES

# What the sandboxed learner process may import of the kit: the runtime modules and the worker.
SANDBOX_MODULES = (*RUNTIME_MODULES, "codec", "sandbox_worker")


def _sandbox_kit(cat: _catalog.Catalog, dest: Path) -> Path:
    """A folder holding the kit modules the learner's process needs, and nothing of the course."""
    (dest / "course_tools").mkdir(parents=True)
    for name in SANDBOX_MODULES:
        shutil.copyfile(cat.root / "course_tools" / f"{name}.py", dest / "course_tools" / f"{name}.py")
    for package in RUNTIME_PACKAGES:
        shutil.copytree(cat.root / "course_tools" / package, dest / "course_tools" / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def sandbox_env(cat: _catalog.Catalog, work: Path) -> dict[str, str]:
    """The grading child's settings for --sandbox; SandboxUnavailable when bubblewrap cannot run here."""
    problem = _sandbox.probe_bwrap()
    if problem:
        raise _sandbox.SandboxUnavailable(f"--sandbox needs a working bubblewrap: {problem}")
    return {"AI100_SANDBOX": "bwrap", "AI100_SANDBOX_KIT": str(_sandbox_kit(cat, work / "kit")),
            "AI100_SANDBOX_FORBIDDEN": os.pathsep.join([str(cat.root), str(work / "graders")])}


def grade_day(cat: _catalog.Catalog, day: _catalog.Day, learner_day_dir: Path, *,
              timeout: float | None = None, stop_at_first_failure: bool = False,
              solution_root: Path | None = None, isolate: bool = False) -> tuple[list[dict[str, Any]], str]:
    """Results for one day, grading the module files found in `learner_day_dir`.

    `isolate`: run the learner's code in a bubblewrap sandbox (`ai100 grade --sandbox`).
    """
    graders = cat.grader_dir(day)
    if not any(graders.glob("test_*.py")):
        raise GradingError(f"{day.name}: no hidden graders in {graders}")
    with tempfile.TemporaryDirectory(prefix=f"ai100-grade-{day.name}-") as tmp:
        work = Path(tmp)
        shutil.copytree(graders, work / "graders" / day.name, ignore=shutil.ignore_patterns("visible", "__pycache__"))
        copy_learner_files(learner_day_dir, work / "learner" / day.name)
        # A learner who worked only in the notebook is graded on its cells, never by running it.
        for note in notebooks.materialize(learner_day_dir, work / "learner" / day.name, day, cat.assignment_dir(day)):
            print(f"{day.name}: {note}")
        env = child_env(cat, AI100_MODE="grade", AI100_LEARNER_ROOT=str(work / "learner"),
                        AI100_SOLUTION_ROOT=str(solution_root or cat.root / "solutions"),
                        **(sandbox_env(cat, work) if isolate else {}))
        spec = RunSpec(day=day.name, workdir=work, env=env, timeout=timeout or day.timeout,
                       stop_at_first_failure=stop_at_first_failure)
        return run_day(spec)


def grade(cat: _catalog.Catalog, days: list[_catalog.Day], assignments: Path, *,
          timeout: float | None = None, isolate: bool = False) -> dict[str, list[dict[str, Any]]]:
    return {day.name: grade_day(cat, day, assignments / day.name, timeout=timeout, isolate=isolate)[0]
            for day in days}


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
         learner: str | None = None, sandbox: bool = False, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    if seed is not None:
        os.environ["AI100_SEED"] = str(seed)  # child_env passes it on to the graders
    selected = cat.select(days)
    assignments = Path(submission).resolve() / "assignments" if submission else cat.root / "assignments"
    if not assignments.is_dir():
        print(f"ai100 grade: no assignments/ folder in {assignments.parent}", file=sys.stderr)
        return 2
    try:
        by_day = grade(cat, selected, assignments, timeout=timeout, isolate=sandbox)
    except (GradingError, _sandbox.SandboxUnavailable) as exc:
        print(f"ai100 grade: grading could not run: {exc}", file=sys.stderr)
        return 2
    summary = _summary(by_day)
    findings = protected.check(cat, assignments.parent, selected) if submission else []
    if findings:
        summary += "\n" + protected.summary(findings)
    print(summary)
    report = scoring.gradescope(by_day, output=summary)
    if submission:
        report["protected_files"] = findings
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
