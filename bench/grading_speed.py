"""How long grading takes: one day through the Classroom command, and `ai100 collect` on a class.

    python bench/grading_speed.py [--learners 20] [--runs 3] [--sandbox]

Makes learner repos with `ai100 student-repo`, every day solved (so every test runs to the end),
then times `ai100 grade day54 --submission REPO` (the Classroom workflow's grading command) and
`ai100 collect` over all the repos, four days each, two at a time. Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "course_tools.cli", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sandbox", action="store_true", help="grade with --sandbox, as Classroom does")
    opts = parser.parse_args()
    sandbox = ["--sandbox"] if opts.sandbox else []
    tmp = Path(tempfile.mkdtemp(prefix="ai100-bench-"))
    try:
        template = tmp / "template"
        _run(["student-repo", str(template)])
        for folder in (ROOT / "solutions").iterdir():
            for path in folder.glob("*.py"):
                shutil.copyfile(path, template / "assignments" / folder.name / path.name)
        class_dir = tmp / "class"
        for i in range(opts.learners):
            shutil.copytree(template, class_dir / f"learner{i:02d}")

        one_day = [_run(["grade", "day54", "--submission", str(template), "--out", str(tmp / "r.json"), *sandbox])
                   for _ in range(opts.runs)]
        print(f"grade day54{' --sandbox' if sandbox else ''}: "
              f"{', '.join(f'{t:.1f}' for t in one_day)} s (median {statistics.median(one_day):.1f} s)")
        took = _run(["collect", str(class_dir), "-o", str(tmp / "grades.csv"), "--jobs", "2", *sandbox])
        print(f"collect {opts.learners} repos x 4 days, 2 at a time{' --sandbox' if sandbox else ''}: {took:.0f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
