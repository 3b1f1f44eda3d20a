"""`ai100 validate`: every day is sound before learners see it.

For each day: built files are fresh; the solution scores 100% on the hidden graders (and passes
its visible tests, which the build already runs); the stub scores 0 with every test "not
attempted", hidden and visible, with no collection error or crash; the graders' points add up to
the catalog's; the README exists.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from course_tools import build as _build
from course_tools import catalog as _catalog
from course_tools import scoring
from course_tools.grade import grade_day
from course_tools.runner import GradingError, RunSpec, child_env, run_day

_EXPECTED_FOR_STUB = {"not_attempted", "needs_gpu"}


def _visible_results(cat: _catalog.Catalog, day: _catalog.Day) -> list[dict]:
    """The visible tests, run as a learner would run them, on the committed stub."""
    with tempfile.TemporaryDirectory(prefix=f"ai100-visible-{day.name}-") as tmp:
        work = Path(tmp)
        shutil.copytree(cat.assignment_dir(day), work / "graders" / day.name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
        env = child_env(cat, AI100_MODE="visible")
        return run_day(RunSpec(day=day.name, workdir=work, env=env))[0]


def validate_day(cat: _catalog.Catalog, day: _catalog.Day) -> list[str]:
    problems: list[str] = []
    # The four runs are separate processes that mostly wait on imports: run them side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        build_run = pool.submit(_build.build_day, cat, day)
        solution_run = pool.submit(grade_day, cat, day, cat.solution_dir(day))
        stub_run = pool.submit(grade_day, cat, day, cat.assignment_dir(day))
        visible_run = pool.submit(_visible_results, cat, day)
        built, (solution, _), (stub, _) = build_run.result(), solution_run.result(), stub_run.result()
        visible = visible_run.result()
    problems += [f"stale: {p}" for p in _build.stale(cat, built)]
    if not (cat.assignment_dir(day) / "README.md").is_file():
        problems.append(f"assignments/{day.name}/README.md is missing")
    got, out_of = scoring.totals(solution)
    all_points = sum(float(r["points"]) for r in solution)
    if all_points != day.points:
        problems.append(f"graders' points add up to {all_points:g}, course.toml says points = {day.points}")
    for r in solution:
        if r["status"] == "inconclusive":
            print(f"{day.name}: note: {r['name']} was inconclusive (machine too noisy to time); run again")
        elif r["status"] not in ("passed", "needs_gpu"):
            problems.append(f"solution {r['status']} {r['name']}: {r['message'].splitlines()[0] if r['message'] else ''}")

    for r in stub:
        if r["status"] not in _EXPECTED_FOR_STUB:
            problems.append(f"stub is {r['status']} (not 'not attempted') in hidden {r['name']}: "
                            f"{(r['message'] or '').splitlines()[:1]}")
    if not visible:
        problems.append("no visible tests")
    for r in visible:
        if r["status"] not in _EXPECTED_FOR_STUB:
            problems.append(f"stub is {r['status']} (not 'not attempted') in visible {r['name']}: "
                            f"{(r['message'] or '').splitlines()[:1]}")
    print(f"{day.name}: solution {got:g}/{out_of:g}, stub {scoring.totals(stub)[0]:g}/{scoring.totals(stub)[1]:g} "
          f"({len(stub)} hidden, {len(visible)} visible tests) — {'ok' if not problems else 'PROBLEMS'}")
    return problems


def _problems_of(cat: _catalog.Catalog, day: _catalog.Day) -> list[str]:
    try:
        return validate_day(cat, day)
    except (GradingError, _build.BuildError) as exc:
        print(f"{day.name}: PROBLEMS")
        return [str(exc)]


def main(*, days: list[str] | None = None, root: Path | None = None, jobs: int = 2) -> int:
    cat = _catalog.load(root)
    selected = list(cat.select(days))
    # Builds write only their own day's files, so days validate side by side.
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        found = list(pool.map(lambda day: (day, _problems_of(cat, day)), selected))
    for day, problems in found:
        for p in problems:
            print(f"  {day.name}: {p}", file=sys.stderr)
    failures = sum(bool(problems) for _, problems in found)
    if len(selected) > 1:
        print(f"{len(selected) - failures}/{len(selected)} days valid")
    return 1 if failures else 0
