"""Grading a submission through the real command line, for the kit's acceptance tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def grade_cli(submission: Path, *options: str, env: dict[str, str] | None = None) -> dict:
    """results.json of `ai100 grade day54 --submission SUBMISSION OPTIONS…`, plus its size in bytes
    and the command's printed output."""
    out = submission / "results.json"
    proc = subprocess.run([sys.executable, "-m", "course_tools.cli", "grade", "day54", "--submission",
                           str(submission), "--out", str(out), *options], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env=env)
    assert proc.returncode == 0, f"grading did not complete for {submission.name}:\n{proc.stderr[-2000:]}"
    data = json.loads(out.read_text())
    data["_bytes"] = out.stat().st_size
    data["_stdout"] = proc.stdout
    return data


def require_sandbox() -> None:
    """Skip where bubblewrap cannot run, unless the run demands the sandbox (AI100_REQUIRE_SANDBOX=1)."""
    from course_tools.sandbox import probe_bwrap

    problem = probe_bwrap()
    if problem and os.environ.get("AI100_REQUIRE_SANDBOX") == "1":
        pytest.fail(f"AI100_REQUIRE_SANDBOX=1 but the sandbox cannot run here: {problem}")
    if problem:
        pytest.skip(f"--sandbox cannot run here: {problem}")
