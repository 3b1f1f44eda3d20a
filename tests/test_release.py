"""`ai100 release` and `ai100 schedule`: solutions reach the student repo only once their date has passed.

Dates come from course.toml (day02 2026-09-02, day06 2026-09-06, day31 2026-10-01, day54
2026-10-24); every test passes --today, so none depends on the calendar. Git runs without the
machine's global configuration, as on a fresh runner.

Run: pytest tests/test_release.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from course_tools import catalog as _catalog
from course_tools import cli, schedule

ROOT = Path(__file__).resolve().parents[1]
CAT = _catalog.load(ROOT)
BEFORE_DAY54 = "2026-09-30"  # days 01–28 released, day31 open (its release is next), day54 upcoming

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="release commits with git")


@pytest.fixture(autouse=True)
def bare_git(monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(ROOT)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


@needs_git
def test_release_refuses_an_unreleased_day_without_force(tmp_path, capsys):
    code, _, err = run(["release", "day54", "--to", str(tmp_path), "--today", BEFORE_DAY54], capsys)
    assert code == 1
    assert "day54 is not released until 2026-10-24" in err
    assert "--force" in err
    assert not (tmp_path / "solutions").exists()
    assert not (tmp_path / ".git").exists()


@needs_git
def test_release_refuses_all_when_one_day_is_early(tmp_path, capsys):
    code, _, err = run(["release", "day02", "day54", "--to", str(tmp_path), "--today", BEFORE_DAY54], capsys)
    assert code == 1
    assert "day54" in err and "day02" not in err
    assert not (tmp_path / "solutions").exists()


@needs_git
def test_release_with_force_releases_an_unreleased_day(tmp_path, capsys):
    code, out, err = run(["release", "day54", "--to", str(tmp_path), "--today", BEFORE_DAY54, "--force"], capsys)
    assert code == 0, err
    assert "released early" in out
    assert (tmp_path / "solutions/day54/attention.py").read_bytes() == \
        (ROOT / "solutions/day54/attention.py").read_bytes()
    assert git(tmp_path, "log", "-1", "--format=%s") == "Release solutions: day54"


@needs_git
def test_a_released_day_appears_as_a_commit_of_its_solutions_only(tmp_path, capsys):
    git(tmp_path, "init", "-q")
    (tmp_path / "notes.txt").write_text("the learner's own, staged\n", encoding="utf-8")
    git(tmp_path, "add", "notes.txt")

    code, _, err = run(["release", "day02", "--to", str(tmp_path), "--today", BEFORE_DAY54], capsys)
    assert code == 0, err
    assert git(tmp_path, "log", "--format=%s") == "Release solutions: day02"
    assert git(tmp_path, "show", "--name-only", "--format=", "HEAD").splitlines() == ["solutions/day02/mlp.py"]
    assert git(tmp_path, "log", "-1", "--format=%an") == "ai100 release"  # no author configured anywhere
    assert "notes.txt" in git(tmp_path, "diff", "--cached", "--name-only")  # still staged, not committed

    code, out, _ = run(["release", "day02", "--to", str(tmp_path), "--today", BEFORE_DAY54], capsys)
    assert code == 0
    assert "unchanged" in out
    assert git(tmp_path, "rev-list", "--count", "HEAD") == "1"


@needs_git
def test_release_on_the_release_date_itself(tmp_path, capsys):
    code, _, err = run(["release", "day54", "--to", str(tmp_path), "--today", "2026-10-24"], capsys)
    assert code == 0, err
    assert git(tmp_path, "log", "-1", "--format=%s") == "Release solutions: day54"


def test_release_needs_an_existing_student_repo(tmp_path, capsys):
    code, _, err = run(["release", "day02", "--to", str(tmp_path / "nowhere"), "--today", BEFORE_DAY54], capsys)
    assert code == 2
    assert "no student repo" in err and "ai100 student-repo" in err


def _of(statuses: dict[str, str], *days: str) -> dict[str, str]:
    return {d: statuses[d] for d in days}  # the days these tests were written for: new days leave them alone


def test_schedule_classifies_days_by_the_given_date():
    days = ("day02", "day06", "day31", "day54")
    assert _of(schedule.statuses(CAT, dt.date(2026, 9, 30)), *days) == {
        "day02": "released", "day06": "released", "day31": "open", "day54": "upcoming"}
    assert _of(schedule.statuses(CAT, dt.date(2026, 10, 24)), *days) == {
        "day02": "released", "day06": "released", "day31": "released", "day54": "released"}
    assert set(schedule.statuses(CAT, dt.date(2026, 8, 1)).values()) == {"upcoming"}  # before the course starts


def test_schedule_prints_a_table(capsys):
    code, out, _ = run(["schedule", "--today", BEFORE_DAY54], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split() == ["day", "title", "release", "status"]
    row = next(line for line in lines if line.startswith("day31"))
    assert "First Triton kernels" in row and "2026-10-01" in row and row.endswith("open")
    summary = next(line for line in lines if line.startswith("released: "))
    groups = {part.split(": ")[0]: part.split(": ")[1].split(", ") for part in summary.split("; ")}
    assert {"day02", "day06"} <= set(groups["released"]) and "day31" in groups["open"]
    assert "day54" in groups["upcoming"]


def test_schedule_rejects_a_malformed_date(capsys):
    code, _, err = run(["schedule", "--today", "10/24/2026"], capsys)
    assert code == 2
    assert "YYYY-MM-DD" in err
