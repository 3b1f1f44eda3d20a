"""Every day in course.toml is sound: `ai100 validate` passes and `ai100 mutate` catches ≥ 90%.

These run the real commands in child processes, exactly as an instructor would.
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


def _ai100(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course_tools.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=1700)


@pytest.mark.parametrize("day", DAYS)
def test_day_validates(day):
    proc = _ai100("validate", day)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("day", DAYS)
def test_day_graders_catch_most_mutants(day):
    proc = _ai100("mutate", day)
    found = re.search(r"caught (\d+)/(\d+) mutants", proc.stdout)
    assert found, proc.stdout + proc.stderr
    caught, total = map(int, found.groups())
    assert total >= 10, f"{day}: only {total} mutants — are the solution fences too small?"
    assert caught / total >= 0.9, proc.stdout
