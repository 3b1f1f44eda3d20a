"""`ai100 check DAY`: the learner's command — the day's visible tests and a score table.

The same as `pytest assignments/dayNN`, run in this process; exit 0 only if every test passes.
"""

from __future__ import annotations

from pathlib import Path

from course_tools import catalog as _catalog


def main(*, day: str, root: Path | None = None) -> int:
    import pytest

    cat = _catalog.load(root)
    entry = cat.day(day)
    folder = cat.assignment_dir(entry)
    if not any(folder.glob("test_*.py")):
        print(f"ai100 check: {folder} has no visible tests — run `ai100 build {entry.name}` in the course repo")
        return 2
    print(f"{entry.name} — {entry.title}")
    code = pytest.main([str(folder), "-q", "-p", "no:cacheprovider", "--tb=short", "--rootdir", str(cat.root)])
    return 0 if code == 0 else 1
