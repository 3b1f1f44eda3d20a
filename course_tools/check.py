"""`ai100 check DAY`: the learner's command — the day's visible tests and a score table.

The same as `pytest assignments/dayNN`, run in this process; exit 0 only if every test passes.
The notebook's check cell calls `main` again and again in one kernel, so each run starts afresh.

Each run leaves a small record, `.ai100/check/dayNN.json` in the repository: when it ran, the
visible score, whether every visible test passed (and since when, while they keep passing), and
the fingerprints of the day's module files at the time. `ai100 progress` reads these records;
it never runs tests itself. The student repo's .gitignore keeps them out of git: they describe
one machine's runs.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from course_tools import catalog as _catalog
from course_tools import fingerprints, scoring

RECORD_DIR = ".ai100/check"


def record_path(root: Path, day: str) -> Path:
    return root / RECORD_DIR / f"{day}.json"


def load_record(root: Path, day: str) -> dict[str, Any] | None:
    """The day's last check record; None when there is none; ValueError when it cannot be read."""
    path = record_path(root, day)
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        for key, kind in (("checked_at", str), ("score", (int, float)), ("max_score", (int, float)),
                          ("all_passed", bool), ("files", dict)):
            if not isinstance(record.get(key), kind):
                raise TypeError(f"{key!r} missing or of the wrong type")
        _dt.datetime.fromisoformat(record["checked_at"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{path}: not a check record ({exc}) — run `ai100 check {day}` again "
                         "to rewrite it") from None
    return record


def make_record(day: _catalog.Day, folder: Path, results: list[dict[str, Any]], exit_code: int,
                now: _dt.datetime, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The record of one run: `results` are the plugin's per-test results, `exit_code` pytest's."""
    got, out_of = scoring.totals(results)
    counted = [r for r in results if scoring.counts(r)]
    all_passed = exit_code == 0 and bool(counted) and all(r["status"] == "passed" for r in counted)
    since = None
    if all_passed:  # passing since the first of an unbroken series of passing runs
        since = (previous or {}).get("passing_since") if (previous or {}).get("all_passed") else None
        since = since or now.isoformat(timespec="seconds")
    files = {}
    for name in day.files:
        path = folder / name
        files[name] = fingerprints.fingerprint(path.read_bytes()) if path.is_file() else None
    return {
        "day": day.name,
        "checked_at": now.isoformat(timespec="seconds"),
        "score": got,
        "max_score": out_of,
        "tests": len(counted),
        "passed": sum(r["status"] == "passed" for r in counted),
        "not_attempted": sum(r["status"] == "not_attempted" for r in counted),
        "all_passed": all_passed,
        "passing_since": since,
        "files": files,
    }


def save_record(root: Path, record: dict[str, Any]) -> Path:
    path = record_path(root, record["day"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


class _Collector:
    """A pytest plugin object: this run's per-test results, as the kit's plugin classified them."""

    def __init__(self) -> None:
        self.nodeids: list[str] = []
        self.results: list[dict[str, Any]] = []

    def pytest_collection_finish(self, session) -> None:
        self.nodeids = [item.nodeid for item in session.items]
        store = getattr(session.config, "_ai100_results", {})
        for nodeid in self.nodeids:  # an earlier run in this process (a notebook) must not colour this one
            store.pop(nodeid, None)

    def pytest_sessionfinish(self, session) -> None:
        store = getattr(session.config, "_ai100_results", {})
        self.results = [store[n] for n in self.nodeids if n in store]


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
        loading.forget()


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
    collector = _Collector()
    # -W: in a notebook kernel many modules are imported before pytest starts, which it would warn about
    code = pytest.main([str(folder), "-q", "-p", "no:cacheprovider", "--tb=short", "--rootdir", str(cat.root),
                        "-W", "ignore::pytest.PytestAssertRewriteWarning", *_plugin_args()], plugins=[collector])
    if collector.results:
        try:
            previous = load_record(cat.root, entry.name)
        except ValueError:
            previous = None  # a damaged record is simply replaced
        now = _dt.datetime.now().astimezone()
        try:
            save_record(cat.root, make_record(entry, folder, collector.results, int(code), now, previous))
        except OSError as exc:  # a read-only checkout: the check itself still counts
            print(f"ai100 check: could not save the run for `ai100 progress` ({exc})")
    return 0 if code == 0 else 1
