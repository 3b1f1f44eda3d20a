"""The course catalog: `course.toml`, one entry per day. Everything that lists days reads it."""

from __future__ import annotations

import datetime as _dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DAY_RE = re.compile(r"^day(\d{1,3})$")


class UnknownDay(LookupError):
    """A day name that is malformed or not in course.toml."""


@dataclass(frozen=True)
class Day:
    name: str  # "day54"
    number: int
    title: str
    phase: int
    files: tuple[str, ...]  # learner module files, e.g. ("attention.py",)
    points: int  # the day's maximum score; graders' points must add up to it
    release: _dt.date
    needs_gpu: bool = False
    forbid: tuple[str, ...] = ()  # library calls the day's learner code may not make
    forbid_reason: str = ""
    timeout: float = 60.0  # seconds one hidden test may take before it is stopped

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(Path(f).stem for f in self.files)


@dataclass(frozen=True)
class Catalog:
    root: Path
    days: dict[str, Day] = field(default_factory=dict)
    phases: dict[int, str] = field(default_factory=dict)
    start: _dt.date | None = None  # the course's first day

    def day(self, name: str) -> Day:
        key = normalise_day(name)
        if key not in self.days:
            known = ", ".join(self.days) or "none yet"
            raise UnknownDay(f"no day {name!r} in course.toml — days are day01…day100; defined so far: {known}")
        return self.days[key]

    def select(self, names: list[str] | tuple[str, ...] | None) -> list[Day]:
        """The named days, or every day when `names` is empty."""
        if not names:
            return list(self.days.values())
        return [self.day(n) for n in names]

    def solution_dir(self, day: Day) -> Path:
        return self.root / "solutions" / day.name

    def assignment_dir(self, day: Day) -> Path:
        return self.root / "assignments" / day.name

    def grader_dir(self, day: Day) -> Path:
        return self.root / "graders" / day.name


def normalise_day(name: str) -> str:
    """'54', 'day54', 'Day 54' and 'day054' all mean 'day54'; anything else is an UnknownDay."""
    text = str(name).strip().lower().replace(" ", "").rstrip("/").split("/")[-1]
    if text.isdigit():
        text = f"day{text}"
    m = DAY_RE.match(text)
    if not m or not 1 <= int(m.group(1)) <= 100:
        raise UnknownDay(f"no day {name!r} — days are day01…day100 (see course.toml)")
    return f"day{int(m.group(1)):02d}"


def find_root(start: Path | None = None) -> Path:
    """The course repo root: the nearest folder upwards that holds course.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "course.toml").is_file():
            return folder
    raise FileNotFoundError(f"no course.toml in {here} or any parent — run ai100 from the course repository")


def load(root: Path | None = None) -> Catalog:
    root = find_root(root)
    path = root / "course.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from None
    phases = {int(k): str(v) for k, v in raw.get("phases", {}).items()}
    days: dict[str, Day] = {}
    for key, entry in sorted(raw.get("days", {}).items(), key=lambda kv: normalise_day(kv[0])):
        name = normalise_day(key)
        missing = {"title", "phase", "files", "points", "release"} - set(entry)
        if missing:
            raise ValueError(f"{path}: [days.{key}] lacks {', '.join(sorted(missing))}")
        release = entry["release"]
        if not isinstance(release, _dt.date):
            release = _dt.date.fromisoformat(str(release))
        days[name] = Day(
            name=name,
            number=int(name[3:]),
            title=entry["title"],
            phase=int(entry["phase"]),
            files=tuple(entry["files"]),
            points=int(entry["points"]),
            release=release,
            needs_gpu=bool(entry.get("needs_gpu", False)),
            forbid=tuple(entry.get("forbid", ())),
            forbid_reason=str(entry.get("forbid_reason", "")),
            timeout=float(entry.get("timeout", 60.0)),
        )
    start = raw.get("course", {}).get("start")
    if start is not None and not isinstance(start, _dt.date):
        start = _dt.date.fromisoformat(str(start))
    return Catalog(root=root, days=days, phases=phases, start=start)
