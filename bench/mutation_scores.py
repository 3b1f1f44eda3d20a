"""Every mutant of every day (`ai100 mutate`, no sampling): the figures reported for each day.

CI grades an evenly spread sample (tests/test_days.py); this grades them all. Prints one line per
day and the days under the 90% goal. Usage:
    python bench/mutation_scores.py [day05 day08 …] [--jobs 2]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from course_tools import catalog  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    below = []
    for day in catalog.load(ROOT).select(args.days or None):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "course_tools.cli", "mutate", day.name, "--jobs", str(args.jobs)],
                              cwd=ROOT, capture_output=True, text=True)
        found = re.search(r"caught (\d+)/(\d+) mutants \(([\d.]+)%\)", proc.stdout)
        survivors = [line.strip() for line in proc.stdout.splitlines() if line.strip().startswith("survived")]
        if not found or float(found.group(3)) < 90.0:
            below.append(day.name)
        figure = f"{found.group(1)}/{found.group(2)} ({found.group(3)}%)" if found else "no figure: " + \
            (proc.stdout + proc.stderr).strip().splitlines()[-1:][0] if (proc.stdout + proc.stderr).strip() else "?"
        print(f"{day.name}: {figure} in {time.perf_counter() - start:.0f} s", flush=True)
        for line in survivors:
            print(f"    {line}")
    print(f"under 90%: {', '.join(below) or 'none'}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
