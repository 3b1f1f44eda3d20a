"""How long `pytest assignments/dayNN` takes with a correct submission, for every day (goal ≤ 5 s).

Copies the course's assignments (stubs replaced by the reference) into a learner-like folder and
runs pytest there REPEATS times per day, as a learner would; prints each day's wall times and
median, and the days over the goal. Usage:
    python bench/day_speed.py [day05 day08 …] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from course_tools import catalog  # noqa: E402

GOAL_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="*")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cat = catalog.load(ROOT)
    days = list(cat.select(args.days or None))
    over, failed = [], []
    with tempfile.TemporaryDirectory(prefix="ai100-bench-") as tmp:
        course = Path(tmp)
        shutil.copy(ROOT / "course.toml", course / "course.toml")
        shutil.copy(ROOT / "pyproject.toml", course / "pyproject.toml")
        for day in days:
            dest = course / "assignments" / day.name
            shutil.copytree(cat.assignment_dir(day), dest, ignore=shutil.ignore_patterns("__pycache__"))
            for name in day.files:
                shutil.copy(cat.solution_dir(day) / name, dest / name)
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "pytest", f"assignments/{day.name}", "-q",
                                       "-p", "no:cacheprovider"], cwd=course, capture_output=True, text=True,
                                      env={**os.environ, "PYTHONPATH": str(ROOT)})
                times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                failed.append(day.name)
                print(proc.stdout[-1500:])
            median = statistics.median(times)
            over += [day.name] if median > GOAL_S else []
            print(f"{day.name}: " + ", ".join(f"{t:.2f}" for t in times) + f" s; median {median:.2f} s"
                  + ("" if proc.returncode == 0 else "  (tests FAILED)"), flush=True)
    print(f"{len(days)} days; over {GOAL_S:g} s: {', '.join(over) or 'none'}; failing: {', '.join(failed) or 'none'}")
    return 1 if over or failed else 0


if __name__ == "__main__":
    sys.exit(main())
