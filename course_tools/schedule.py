"""`ai100 schedule [--today YYYY-MM-DD]`: which days' solutions are released, which day is open, which are upcoming.

A day's status on a given date, from its `release` date in course.toml:
  released   its release date has passed (today included): `ai100 release` may copy its solution out
  open       not released, and every earlier day is: the day the class works on now
  upcoming   a later day
Before the course's `start` (course.toml [course]) every day is upcoming.

Run its checks: pytest tests/test_release.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from course_tools import catalog as _catalog

RELEASED, OPEN, UPCOMING = "released", "open", "upcoming"


def parse_date(text: str | dt.date | None) -> dt.date:
    """A YYYY-MM-DD string (or a date) → the date; None → today."""
    if text is None:
        return dt.date.today()
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"--today {text!r} is not a date — write it as YYYY-MM-DD, e.g. 2026-10-24") from None


def is_released(day: _catalog.Day, today: dt.date) -> bool:
    return day.release <= today


def statuses(cat: _catalog.Catalog, today: dt.date) -> dict[str, str]:
    """Day name → released / open / upcoming, in catalog order."""
    if cat.start is not None and today < cat.start:
        return {name: UPCOMING for name in cat.days}
    pending = [day.release for day in cat.days.values() if not is_released(day, today)]
    next_release = min(pending, default=None)  # the open day(s): the next solution(s) to come out
    return {day.name: RELEASED if is_released(day, today) else OPEN if day.release == next_release else UPCOMING
            for day in cat.days.values()}


def table(cat: _catalog.Catalog, today: dt.date) -> str:
    status = statuses(cat, today)
    rows = [(day.name, day.title, day.release.isoformat(), status[day.name]) for day in cat.days.values()]
    header = ("day", "title", "release", "status")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(*, today: str | dt.date | None = None, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    date = parse_date(today)
    status = statuses(cat, date)
    start = f" (the course starts {cat.start.isoformat()})" if cat.start and date < cat.start else ""
    print(f"schedule on {date.isoformat()}{start}")
    print(table(cat, date))
    summary = {s: [n for n, v in status.items() if v == s] for s in (RELEASED, OPEN, UPCOMING)}
    print("; ".join(f"{s}: {', '.join(names) or 'none'}" for s, names in summary.items()))
    return 0
