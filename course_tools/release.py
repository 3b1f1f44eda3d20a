"""`ai100 release DAY… --to STUDENT_REPO`: copy released days' solutions into the student repo, as a commit.

A day may be released once its `release` date in course.toml has passed (the date itself
included; `--today` sets the date, for rehearsals). `solutions/dayNN/*.py` is copied as it
stands into `STUDENT_REPO/solutions/dayNN/` and committed there alone ("Release solutions:
day54"), whatever else the repo has staged. A day not yet due is refused, and then nothing is
released, unless `--force`. A STUDENT_REPO that is not a git repository is made one; a commit
without a configured author is made as "ai100 release".

Run its checks: pytest tests/test_release.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools.schedule import is_released, parse_date

AUTHOR = ("ai100 release", "ai100-release@localhost")


class ReleaseError(RuntimeError):
    pass


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", "-C", str(repo), *args], check=False, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed in {repo}:\n{proc.stderr.strip() or proc.stdout.strip()}")
    return proc


def _ensure_repo(repo: Path) -> None:
    top = _git(repo, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != repo.resolve():
        _git(repo, "init", "-q")
        print(f"{repo}: not a git repository — made one (git init)")


def _identity(repo: Path) -> list[str]:
    """`-c user.name=… -c user.email=…` where the repo has no author configured, else nothing."""
    args = []
    for key, value in zip(("user.name", "user.email"), AUTHOR):
        if not _git(repo, "config", key, check=False).stdout.strip():
            args += ["-c", f"{key}={value}"]
    return args


def release(cat: _catalog.Catalog, days: list[_catalog.Day], repo: Path) -> str | None:
    """Copy the days' solutions into repo/solutions and commit them; the commit id, or None if unchanged."""
    for day in days:
        src = cat.solution_dir(day)
        files = sorted(src.glob("*.py"))
        if not files:
            raise FileNotFoundError(f"{src.relative_to(cat.root)}: no solution files to release")
        dst = repo / "solutions" / day.name
        dst.mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copyfile(path, dst / path.name)
        print(f"{day.name}: {', '.join(p.name for p in files)} → {dst}")
    _ensure_repo(repo)
    paths = [f"solutions/{day.name}" for day in days]
    _git(repo, "add", "--", *paths)
    if _git(repo, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
        return None
    message = f"Release solutions: {', '.join(day.name for day in days)}"
    _git(repo, *_identity(repo), "commit", "-q", "--no-verify", "-m", message, "--", *paths)
    return _git(repo, "rev-parse", "--short", "HEAD").stdout.strip()


def main(*, days: list[str], to: str | Path, force: bool = False, today: str | None = None,
         root: Path | None = None) -> int:
    cat = _catalog.load(root)
    date = parse_date(today)
    if not days:
        raise ValueError("name the days to release, e.g. `ai100 release day54 --to ../student-repo`")
    selected = list(dict.fromkeys(cat.select(days)))  # in the order given, each once
    repo = Path(to)
    if not repo.is_dir():
        raise FileNotFoundError(f"no student repo at {repo} — make one with `ai100 student-repo {repo}`")
    early = [day for day in selected if not is_released(day, date)]
    if early and not force:
        for day in early:
            print(f"ai100 release: {day.name} is not released until {day.release.isoformat()} "
                  f"({(day.release - date).days} days after {date.isoformat()}) — nothing released; "
                  f"pass --force to release it early", file=sys.stderr)
        return 1
    for day in early:
        print(f"{day.name}: released early (--force); its date is {day.release.isoformat()}")
    if shutil.which("git") is None:
        raise FileNotFoundError("git is not installed — release commits the solutions with git")
    try:
        commit = release(cat, selected, repo)
    except ReleaseError as exc:
        print(f"ai100 release: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(day.name for day in selected)
    if commit is None:
        print(f"{repo}: {names} already released there, unchanged — no commit")
    else:
        print(f"{repo}: committed {commit} \"Release solutions: {names}\"")
    return 0
