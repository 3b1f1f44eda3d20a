"""Every day in course.toml is sound: `ai100 validate` passes and `ai100 mutate` catches ≥ 90%.

These run the real commands in child processes, exactly as an instructor would. Mutation runs
grade an evenly spread sample of each day's mutants (MUTANT_SAMPLE), so that a hundred days fit
in CI's time; bench/mutation_scores.py grades every mutant of every day for the reported figures.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools import catalog

ROOT = Path(__file__).resolve().parents[1]
DAYS = list(catalog.load(ROOT).days)
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]
MUTANT_SAMPLE = 30


def _ai100(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course_tools.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=1700)


@pytest.mark.parametrize("day", DAYS)
def test_day_validates(day):
    proc = _ai100("validate", day)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("day", DAYS)
def test_day_graders_catch_most_mutants(day):
    proc = _ai100("mutate", day, "--sample", str(MUTANT_SAMPLE))
    found = re.search(r"caught (\d+)/(\d+) mutants", proc.stdout)
    assert found, proc.stdout + proc.stderr
    caught, total = map(int, found.groups())
    assert total >= min(10, MUTANT_SAMPLE), f"{day}: only {total} mutants — are the solution fences too small?"
    assert caught / total >= 0.9, proc.stdout
