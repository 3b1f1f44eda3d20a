"""`ai100 check DAY`: the learner's command — the day's visible tests and a score table.

The same as `pytest assignments/dayNN`, run in this process; exit 0 only if every test passes.
The notebook's check cell calls `main` again and again in one kernel, so each run starts afresh.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points
from pathlib import Path

from course_tools import catalog as _catalog

PLUGIN = "course_tools.pytest_plugin"


def _plugin_args() -> list[str]:
    """`-p` for the kit's plugin unless pytest loads it on its own (the kit is pip-installed)."""
    if not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD") and any(
            ep.value == PLUGIN for ep in entry_points(group="pytest11")):
        return []
    return ["-p", PLUGIN]


def _forget_earlier_runs() -> None:
    """Results and imported learner modules of an earlier run in this process (a check cell run twice)."""
    plugin, loading = sys.modules.get(PLUGIN), sys.modules.get("course_tools.loading")
    if plugin is not None:  # imported only by a run: importing it here would keep pytest from rewriting it
        plugin._results.clear()
    if loading is not None:
        loading._cache.clear()


def main(*, day: str, root: Path | None = None) -> int:
    import pytest

    cat = _catalog.load(root)
    entry = cat.day(day)
    folder = cat.assignment_dir(entry)
    if not any(folder.glob("test_*.py")):
        print(f"ai100 check: {folder} has no visible tests — run `ai100 build {entry.name}` in the course repo")
        return 2
    print(f"{entry.name} — {entry.title}")
    _forget_earlier_runs()
    # -W: in a notebook kernel many modules are imported before pytest starts, which it would warn about
    code = pytest.main([str(folder), "-q", "-p", "no:cacheprovider", "--tb=short", "--rootdir", str(cat.root),
                        "-W", "ignore::pytest.PytestAssertRewriteWarning",
                        *_plugin_args()])
    return 0 if code == 0 else 1
