"""What an nbgrader test cell runs: one hidden test of the kit, on the functions the notebook defines.

`ai100 nbgrader export` writes one autograder cell per hidden test function. Its hidden part
(nbgrader strips it from the learner's copy and puts it back to autograde) calls
`grade_hidden(day, file, test, points, globals())`, imported through course_tools/nbgrader_boot.py,
which runs pytest in this kernel on `graders/<day>/<file>::<test>` from the course directory's
autograder folder, in the kit's grade
mode: the live reference and the graders from that folder, the day's seeds and tripwires, and as
the learner's module the names the notebook defines — what `ai100 grade` judges, test for test.

nbgrader scores a test cell by its output, so the outcome is said in its terms:
  every case passed   the cell returns its points (full credit)
  some cases passed   it prints what failed and returns the points earned (nbgrader's partial credit)
  no case passed      it raises NotAttempted (every case met a stub) or TestFailed, with the
                      teaching message and without a traceback
A throughput case too noisy to judge keeps its points, as it never fails in `ai100 grade`; a GPU
case on a machine without one earns none. Nothing reaches stderr: nbgrader zeroes a cell that
writes there.

The learner's code runs in this kernel beside the graders and the reference, as nbgrader always
runs it: fine for honest learners, no defence against a determined cheat (use `ai100 grade
--sandbox` where that matters).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from course_tools import scoring, stream
from course_tools.runner import PYTEST_INI  # the same pytest settings as `ai100 grade`

ENGINE_ENV = "AI100_NBGRADER_ENGINE"  # <course>/ai100_autograder/engine, set by the autograder's nbgrader_config.py
_NOT_THE_LEARNERS = {"In", "Out", "get_ipython", "exit", "quit"}  # IPython's own names in a notebook

_namespaces: dict[str, dict[str, Any]] = {}  # token → a notebook's globals, read by the learner shims
_tokens = itertools.count()

_SHIM = '''"""The learner's module for the kit's graders: the names the notebook defines."""
from course_tools.nbgrader_cells import notebook_names as _notebook_names

globals().update(_notebook_names({token!r}))
'''


class NotAttempted(NotImplementedError):
    """Every case of the test met a function that still raises NotImplementedError."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return str(self).splitlines()


class TestFailed(AssertionError):
    """No case of the test passed; the message says what was expected and what came back."""

    __test__ = False  # not a pytest test class, whatever its name

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines()


class AutograderError(RuntimeError):
    """The course's autograder folder cannot grade this cell: the instructor's to fix, not the learner's."""

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines()


def notebook_names(token: str) -> dict[str, Any]:
    """The names a notebook defined (its functions, imports and constants), for a learner shim."""
    namespace = _namespaces[token]
    return {k: v for k, v in namespace.items() if not k.startswith("_") and k not in _NOT_THE_LEARNERS}


def autograder_root() -> Path:
    """The course's autograder folder (graders, solutions, course.toml, engine/), from nbgrader's config."""
    engine = os.environ.get(ENGINE_ENV)
    if not engine:
        raise AutograderError(f"{ENGINE_ENV} is not set: run nbgrader in the course directory written by "
                              "`ai100 nbgrader export`, whose nbgrader_config.py loads "
                              "ai100_autograder/nbgrader_config.py")
    root = Path(engine).resolve().parent
    if not (root / "course.toml").is_file():
        raise AutograderError(f"{root} is not an autograder folder (no course.toml): re-run `ai100 nbgrader export`")
    here = Path(__file__).resolve().parent.parent
    if here != Path(engine).resolve():
        # The test cells import the kit through ai100_nbgrader_boot, which sets any other copy aside.
        raise AutograderError(f"the kit was imported from {here}, not from the course's autograder ({engine}) — "
                              "a course_tools folder in the submission? The test cells import it through "
                              "ai100_nbgrader_boot")
    return root


@contextlib.contextmanager
def _environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _FreshResults:
    """The kit's plugin keeps results in a module-level dict; one kernel runs many sessions."""

    def pytest_sessionstart(self, session) -> None:
        getattr(session.config, "_ai100_results", {}).clear()


def run_tests(target: str, *, day: str, modules: tuple[str, ...], namespace: dict[str, Any], rootdir: Path,
              env: dict[str, str], timeout: float) -> tuple[list[dict[str, Any]], list[str], str]:
    """Run pytest on `target` in this process with the kit's plugin, the notebook's names as the learner.

    Returns the results, the node ids collected and pytest's own output (kept off the cell's output).
    """
    import importlib.util

    import pytest

    token = f"nb{os.getpid()}-{next(_tokens)}"
    _namespaces[token] = namespace
    work = Path(tempfile.mkdtemp(prefix="ai100-nbgrader-"))
    try:
        learner = work / "learner" / day
        learner.mkdir(parents=True)
        for module in modules:  # a fresh path per run: the kit caches modules by path
            (learner / f"{module}.py").write_text(_SHIM.format(token=token), encoding="utf-8")
        (work / "pytest.ini").write_text(PYTEST_INI.format(timeout=timeout), encoding="utf-8")
        stream_path = work / "stream.jsonl"
        args = [target, "-c", str(work / "pytest.ini"), "--rootdir", str(rootdir), "-p", "course_tools.pytest_plugin",
                "-q", "--tb=short", "-W", "ignore", "-p", "no:unraisableexception"]
        if importlib.util.find_spec("pytest_timeout") is not None:
            args[1:1] = ["-p", "pytest_timeout"]
        output = io.StringIO()
        with _environment(**env, AI100_LEARNER_ROOT=str(work / "learner"), AI100_RESULTS_STREAM=str(stream_path),
                          PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"), \
                contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            pytest.main(args, plugins=[_FreshResults()])
        events, _ = stream.read(stream_path)
    finally:
        _namespaces.pop(token, None)
        shutil.rmtree(work, ignore_errors=True)
    collected = next((ev.get("nodeids", []) for ev in events if ev.get("event") == "collected"), [])
    results = {ev["nodeid"]: ev for ev in events if ev.get("event") == "result" and ev.get("nodeid") in collected}
    return [results[n] for n in collected if n in results], collected, output.getvalue()


def _earned(result: dict[str, Any]) -> float:
    return float(result["points"]) if result["status"] in ("passed", "inconclusive") else 0.0


def _report(title: str, results: list[dict[str, Any]]) -> str:
    """The kit's score table, then one line per distinct reason a case did not pass."""
    reasons: dict[str, list[str]] = {}
    for r in results:
        if r["status"] == "inconclusive":
            reason = f"too noisy to time after measuring again; the points are kept: {r['message']}"
        elif r["status"] == "needs_gpu":
            reason = "needs a CUDA GPU: autograde on a machine with one to grade it"
        elif r["status"] != "passed" and r["message"]:
            reason = "\n   ".join(r["message"].splitlines())
        else:
            continue
        reasons.setdefault(reason, []).append(r["name"])
    lines = [scoring.score_table(results, title=title)]
    lines += [f"-- {', '.join(names)}: {reason}" for reason, names in reasons.items()]
    return "\n".join(lines)


def grade_hidden(day: str, file: str, test: str, points: float, namespace: dict[str, Any]) -> float:
    """Grade the notebook's functions with one hidden test function (all its cases); see the module docstring."""
    from course_tools import catalog as _catalog

    root = autograder_root()
    entry = _catalog.load(root).day(day)
    target = root / "graders" / day / file
    env = {"AI100_MODE": "grade", "AI100_COURSE_ROOT": str(root), "AI100_SOLUTION_ROOT": str(root / "solutions"),
           "AI100_GRADERS_ROOT": str(root / "graders")}
    results, collected, output = run_tests(f"{target}::{test}", day=day, modules=entry.modules, namespace=namespace,
                                           rootdir=root, env=env, timeout=entry.timeout)
    if not collected:
        raise AutograderError(f"{day}: {file}::{test} was not found in {root / 'graders' / day} — re-run "
                              f"`ai100 nbgrader export`, then `nbgrader generate_assignment {day} --force`\n"
                              + output[-2000:])
    if len(results) < len(collected):
        raise AutograderError(f"{day}: {test}: {len(collected) - len(results)} of its cases gave no result:\n"
                              + output[-2000:])
    total = sum(float(r["points"]) for r in results)
    if total != float(points):
        raise AutograderError(f"{day}: {test} is worth {total:g} points in the graders but {points:g} in this "
                              "notebook — re-run `ai100 nbgrader export`, then `nbgrader generate_assignment`")
    earned = sum(_earned(r) for r in results)
    report = _report(f"{day}: {test}", results) + f"\npoints for this cell: {earned:g}/{total:g}"
    if earned == 0 and total > 0:
        failing = [r for r in results if r["status"] != "passed"]
        if all(r["status"] == "not_attempted" for r in failing):
            raise NotAttempted(report)
        raise TestFailed(report)
    print(report)
    return earned
