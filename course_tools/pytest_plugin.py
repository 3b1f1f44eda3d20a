"""The kit's pytest plugin: fixtures for graders, points, "not attempted", and the result stream.

Modes (environment variable AI100_MODE):
  visible (default)  a learner runs `pytest assignments/dayNN`: `learner` is the module beside the
                     test file, `ref` replays the values recorded at build time.
  record             `ai100 build`: `learner` is the solution, `ref` records it (AI100_RECORD_OUT).
  grade              `ai100 grade`: `learner` comes from AI100_LEARNER_ROOT, `ref` is the live
                     solution from AI100_SOLUTION_ROOT; results stream to AI100_RESULTS_STREAM.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from course_tools import catalog as _catalog
from course_tools import stream
from course_tools.checks import CallChecker, Mismatch, not_implemented_message
from course_tools.loading import load_file
from course_tools.recorded import FILENAME, Store
from course_tools.references import LiveReference, RecordingReference, ReplayReference, load_mistakes
from course_tools.throughput import Inconclusive

_recorders: dict[str, Store] = {}
_results: dict[str, dict[str, Any]] = {}  # nodeid → result, filled as reports arrive


# Triton kernels need the interpreter where there is no GPU, and it must be chosen before any
# @triton.jit runs; checking the device file avoids importing torch just to ask.
if not os.path.exists("/dev/nvidia0") and "TRITON_INTERPRET" not in os.environ:
    os.environ["TRITON_INTERPRET"] = "1"


def _mode() -> str:
    return os.environ.get("AI100_MODE", "visible")


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).resolve() if value else None


def pytest_configure(config: pytest.Config) -> None:
    for line in ("points(n): points this test is worth in the day's score",
                 "gpu: needs a CUDA GPU; on a GPU runner a skip counts as a failure",
                 "slow: takes more than a few seconds"):
        config.addinivalue_line("markers", line)
    config._ai100_results = _results


# --- which day, which module -------------------------------------------------------------------

def _day_of(request: pytest.FixtureRequest) -> str:
    folder = Path(str(request.node.path)).parent.name
    try:
        return _catalog.normalise_day(folder)
    except _catalog.UnknownDay:
        raise pytest.UsageError(f"{request.node.path}: graders live in a folder named dayNN") from None


@functools.lru_cache(maxsize=8)
def _catalog_at(root: Path | None) -> _catalog.Catalog | None:
    try:
        return _catalog.load(root)
    except (FileNotFoundError, ValueError):
        return None  # a learner folder without course.toml: no tripwires or module hints


def _day_entry(day: str) -> _catalog.Day | None:
    cat = _catalog_at(_env_path("AI100_COURSE_ROOT"))
    return cat.days.get(day) if cat else None


def _module_for(request: pytest.FixtureRequest, day: str) -> str:
    stem = Path(str(request.node.path)).stem
    name = stem[len("test_"):] if stem.startswith("test_") else stem
    entry = _day_entry(day)
    if entry and name not in entry.modules and len(entry.modules) == 1:
        return entry.modules[0]
    return name


def _learner_path(request: pytest.FixtureRequest, day: str, module: str) -> Path:
    root = _env_path("AI100_LEARNER_ROOT")
    if root is None:
        return Path(str(request.node.path)).parent / f"{module}.py"
    return root / day / f"{module}.py"


def _load_learner(request: pytest.FixtureRequest, day: str, module: str):
    path, private_name = _learner_path(request, day, module), f"ai100_learner_{day}_{module}"
    if _mode() == "grade" and os.environ.get("AI100_SANDBOX"):
        try:  # the course's engine only: a student repo never grades in a sandbox
            from course_tools import sandbox
        except ImportError:
            raise pytest.UsageError("sandboxed grading needs the course repository's course_tools") from None
        return sandbox.remote_module(path, private_name)  # the learner's code runs there, never here
    return load_file(path, private_name)


def _load_solution(day: str, module: str):
    root = _env_path("AI100_SOLUTION_ROOT")
    if root is None:
        raise pytest.UsageError("the live reference is only available while grading (AI100_SOLUTION_ROOT)")
    return load_file(root / day / f"{module}.py", f"ai100_reference_{day}_{module}", role="the reference")


@pytest.fixture
def day(request: pytest.FixtureRequest) -> str:
    """The day of the test file's folder: 'day54'."""
    return _day_of(request)


@pytest.fixture
def learner(request: pytest.FixtureRequest, day: str):
    """The learner's module that this test file grades (test_attention.py → attention.py)."""
    return _load_learner(request, day, _module_for(request, day))


@pytest.fixture
def learner_module(request: pytest.FixtureRequest, day: str):
    """Any learner module of the day, by name: `learner_module("tokenizer")`."""
    return lambda name: _load_learner(request, day, name)


def _reference(request: pytest.FixtureRequest, day: str, module: str):
    mode = _mode()
    if mode == "visible":
        return ReplayReference(Path(str(request.node.path)).parent / FILENAME)
    solution = _load_solution(day, module)
    graders = _env_path("AI100_GRADERS_ROOT")
    mistakes_file = (graders / day if graders else Path(str(request.node.path)).parent) / "mistakes.py"
    mistakes = load_mistakes(mistakes_file)
    if mode == "record":
        return RecordingReference(solution, mistakes, _recorders.setdefault(day, Store()))
    return LiveReference(solution, mistakes)


@pytest.fixture
def ref(request: pytest.FixtureRequest, day: str):
    """The reference: `ref.call(name, args, kwargs)`; replayed, recorded or live depending on the mode."""
    return _reference(request, day, _module_for(request, day))


@pytest.fixture
def ref_module(request: pytest.FixtureRequest, day: str):
    """The live reference module itself, for throughput tests (hidden graders only)."""
    return _load_solution(day, _module_for(request, day))


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> int:
    """A seed for this test: hidden and fixed per course (AI100_SEED), printed in every failure."""
    base = os.environ.get("AI100_SEED", "ai100")
    return int(hashlib.sha256(f"{base}:{request.node.nodeid}".encode()).hexdigest()[:8], 16) % 2**31


@pytest.fixture
def check(request: pytest.FixtureRequest, day: str, learner, ref) -> CallChecker:
    """`check("attention", q, k, v)`: the learner's call against the reference, fully judged."""
    entry = _day_entry(day)
    seed_value = request.getfixturevalue("seed") if "seed" in request.fixturenames else None
    return CallChecker(day=day, learner=learner, ref=ref, seed=seed_value,
                       forbid=entry.forbid if entry else (), forbid_reason=entry.forbid_reason if entry else "",
                       source=_learner_path(request, day, _module_for(request, day)))


# --- outcomes -------------------------------------------------------------------------------------

def _points(item: pytest.Item) -> float:
    mark = item.get_closest_marker("points")
    return float(mark.args[0]) if mark and mark.args else 1.0


def _has_gpu() -> bool:
    try:
        import torch
        return bool(torch.cuda.is_available())
    except Exception:  # noqa: BLE001
        return False


def _classify(item: pytest.Item, call: pytest.CallInfo) -> tuple[str, str]:
    """(status, message) for a failed or skipped phase."""
    exc = call.excinfo.value if call.excinfo else None
    stub = not_implemented_message(exc)
    if stub is not None:
        return "not_attempted", f"not attempted: {stub}"
    if call.excinfo and call.excinfo.errisinstance(pytest.skip.Exception):
        if item.get_closest_marker("gpu") is not None:
            if os.environ.get("AI100_GPU_RUNNER") == "1":
                return "failed", f"skipped on a GPU runner, which counts as a failure: {exc}"
            return "needs_gpu", "needs GPU: not graded here"
        return "skipped", f"skipped: {exc}"
    if getattr(exc, "status", None) == "crashed":  # the sandboxed learner process died in this test
        return "crashed", str(exc)
    if isinstance(exc, Inconclusive):
        return "inconclusive", str(exc)
    if isinstance(exc, Mismatch):
        return "failed", str(exc)
    if isinstance(exc, AssertionError) and exc.args and str(exc.args[0]).strip():
        # A grader's own assert with a message: the message teaches, the traceback is noise.
        return "failed", str(exc.args[0])
    text = str(exc) if exc is not None else ""
    if text.startswith("Timeout"):
        return "timeout", f"stopped after the time limit: {text.splitlines()[0]} — an endless loop, or far too slow"
    return "failed", ""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    results = item.config._ai100_results
    entry = results.setdefault(item.nodeid, {
        "nodeid": item.nodeid, "name": item.name, "file": Path(str(item.path)).name,
        "points": _points(item), "status": "passed", "message": "", "duration": 0.0,
        "gpu": item.get_closest_marker("gpu") is not None,
        "marked": item.get_closest_marker("points") is not None,
    })
    entry["duration"] += float(getattr(report, "duration", 0.0))
    if report.passed or entry["status"] != "passed":
        return
    status, message = _classify(item, call)
    if not message:
        message = report.longreprtext.strip()
        if len(message) > 4000:
            message = message[:2000] + "\n… (cut) …\n" + message[-1500:]
    if status in ("not_attempted", "needs_gpu", "inconclusive", "crashed") or (status == "failed" and message):
        report.longrepr = message  # the teaching message alone; the traceback would only be noise
    entry["status"], entry["message"] = status, message


def pytest_runtest_logstart(nodeid: str, location) -> None:
    stream.emit("start", nodeid=nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":
        return
    entry = _results.get(report.nodeid)
    if entry is not None:
        stream.emit("result", **entry)


def pytest_collection_finish(session: pytest.Session) -> None:
    stream.emit("collected", nodeids=[item.nodeid for item in session.items],
                points={item.nodeid: _points(item) for item in session.items})


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    out = _env_path("AI100_RECORD_OUT")
    if _mode() == "record" and out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for day, store in _recorders.items():
            store.save(out / f"{day}.npz")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    results = list(getattr(config, "_ai100_results", {}).values())
    if not any(r.get("marked") for r in results) or _mode() == "grade":
        return  # not a graded day (e.g. the kit's own tests), or the grader reports instead
    from course_tools.scoring import score_table

    terminalreporter.write_line("")
    for line in score_table(results).splitlines():
        terminalreporter.write_line(line)
