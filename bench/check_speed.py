"""How long `ai100 check DAY` takes on a correct submission (the acceptance asks ≤ 5 s for day54).

Builds a learner-like copy of the course with the reference in place of the stub, runs the check
command REPEATS times and prints each wall time and the median. Usage:
    python bench/check_speed.py [day54] [--repeats 5]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("day", nargs="?", default="day54")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ai100-bench-") as tmp:
        course = Path(tmp)
        shutil.copy(ROOT / "course.toml", course / "course.toml")
        shutil.copytree(ROOT / "assignments" / args.day, course / "assignments" / args.day)
        for solution in (ROOT / "solutions" / args.day).glob("*.py"):
            shutil.copy(solution, course / "assignments" / args.day / solution.name)
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "course_tools.cli", "check", args.day], cwd=course,
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                print(proc.stdout[-2000:], proc.stderr[-2000:])
                print(f"ai100 check {args.day} failed on the reference (exit {proc.returncode})")
                return 1
    print(f"ai100 check {args.day} on a correct submission: " + ", ".join(f"{t:.2f}" for t in times)
          + f" s; median {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
