"""Run one day's graders in a child process and collect per-test results, whatever the child does.

The child is pytest with only the kit's plugin (no learner conftest.py, no auto-loaded plugins,
our own ini). It streams each test's start and result to a file. The parent watches: a test that
outlives its time limit gets the child killed; output beyond a cap is discarded; a child that
dies mid-test (exit, crash, kill) costs that test alone — the parent starts a fresh child for the
tests that had not run. A learner module that ends the process while being imported fails every
remaining test that needs it at once.
"""

from __future__ import annotations

import atexit
import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course_tools import stream

if TYPE_CHECKING:
    from course_tools.catalog import Catalog

OUTPUT_CAP = 64 * 1024  # bytes of child output kept (head and tail each)
FILE_SIZE_LIMIT = 512 * 1024 * 1024  # no single file the child writes may exceed this
_GRACE_S = 3.0
_PASSED_THROUGH = ("AI100_SEED", "AI100_GPU_RUNNER")
_RESULT_KEYS = ("nodeid", "name", "file", "points", "status", "message", "duration", "gpu")  # on top of a test's own timeout before the parent kills the child


class GradingError(RuntimeError):
    """Grading itself could not run (a broken grader, a missing reference): not the learner's fault."""


@dataclass
class CappedOutput:
    head: bytearray = field(default_factory=bytearray)
    tail: bytearray = field(default_factory=bytearray)
    total: int = 0

    def feed(self, chunk: bytes) -> None:
        self.total += len(chunk)
        if len(self.head) < OUTPUT_CAP:
            take = OUTPUT_CAP - len(self.head)
            self.head += chunk[:take]
            chunk = chunk[take:]
        if chunk:
            self.tail += chunk
            del self.tail[:-OUTPUT_CAP]

    def text(self) -> str:
        dropped = self.total - len(self.head) - len(self.tail)
        middle = f"\n… {dropped} bytes of output dropped …\n" if dropped > 0 else ""
        return self.head.decode(errors="replace") + middle + self.tail.decode(errors="replace")


def _drain(pipe, sink: CappedOutput) -> None:
    for chunk in iter(lambda: pipe.read(65536), b""):
        sink.feed(chunk)


def _limit_child() -> None:
    os.setsid()
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def child_env(cat: "Catalog", **extra: str) -> dict[str, str]:
    """The environment of a child pytest process: this one's, less the kit's own variables, plus `extra`."""
    # The kit's own variables are set afresh for each child; the course's hidden seed and the GPU
    # runner's flag (a skipped GPU test is then a failure) pass through.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI100_") or k in _PASSED_THROUGH}
    env.update(PYTHONDONTWRITEBYTECODE="1", AI100_COURSE_ROOT=str(cat.root))
    # The course's own engine, whatever version of the kit is installed — and only the engine:
    # the repo root itself would make solutions/ importable as a namespace package.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_engine_path(cat.root), env.get("PYTHONPATH", "")]))
    # One maths thread for learner and reference alike: timings compare like with like, and a busy
    # machine is not made slower still by BLAS threads spinning against each other.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    if not _has_cuda_quick():
        env.setdefault("TRITON_INTERPRET", "1")  # kernels run interpreted where there is no GPU
    env.update(extra)
    return env


@functools.lru_cache(maxsize=None)
def _engine_path(root: Path) -> str:
    """A folder holding only a link to `root`/course_tools, for the child's import path."""
    folder = Path(tempfile.mkdtemp(prefix="ai100-engine-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "course_tools").symlink_to(Path(root).resolve() / "course_tools", target_is_directory=True)
    return str(folder)


def _has_cuda_quick() -> bool:
    return Path("/dev/nvidia0").exists() or bool(os.environ.get("AI100_GPU_RUNNER"))


PYTEST_INI = """[pytest]
addopts = -p no:cacheprovider
timeout = {timeout}
timeout_method = signal
markers =
    points(n): points this test is worth
    gpu: needs a CUDA GPU
    slow: slow
"""


@dataclass
class RunSpec:
    """One day's grading run: where the graders and learner files are, and how long a test may take."""
    day: str
    workdir: Path  # holds graders/<day>/ and learner/<day>/
    env: dict[str, str]
    timeout: float = 60.0
    extra_args: tuple[str, ...] = ()
    overall_timeout: float = 1800.0
    stop_at_first_failure: bool = False  # mutation testing: one failing test decides


def _result(nodeid: str, status: str, message: str, points: float = 1.0) -> dict[str, Any]:
    return {"nodeid": nodeid, "name": nodeid.split("::")[-1], "file": nodeid.split("::")[0].split("/")[-1],
            "points": points, "status": status, "message": message, "duration": 0.0, "gpu": False}


def run_day(spec: RunSpec) -> tuple[list[dict[str, Any]], str]:
    """Per-test results in collection order, and the (capped) output of the child runs."""
    ini = spec.workdir / "pytest.ini"
    ini.write_text(PYTEST_INI.format(timeout=spec.timeout), encoding="utf-8")
    stream_path = spec.workdir / "stream.jsonl"
    collected: list[str] = []
    points: dict[str, float] = {}
    results: dict[str, dict[str, Any]] = {}
    outputs: list[str] = []
    pending: list[str] | None = None  # None: the whole day; else the node ids still to run
    deadline = time.monotonic() + spec.overall_timeout
    while True:  # one child per pass; each pass either finishes the day or settles a test
        if stream_path.exists():
            stream_path.unlink()
        targets = [f"graders/{spec.day}"] if pending is None else pending
        # no:unraisableexception: its end-of-session garbage collection costs ~0.35 s a run once torch is loaded
        cmd = [sys.executable, "-m", "pytest", *targets, "-p", "course_tools.pytest_plugin", "-p", "pytest_timeout",
               "-p", "no:unraisableexception",
               "-c", str(ini), "--rootdir", str(spec.workdir), "-q", "-s", "--tb=short", "-W", "ignore",
               *(["-x"] if spec.stop_at_first_failure else []), *spec.extra_args]
        env = {**spec.env, "AI100_RESULTS_STREAM": str(stream_path), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
               "PYTHONUNBUFFERED": "1"}
        sink = CappedOutput()
        proc = subprocess.Popen(cmd, cwd=spec.workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, preexec_fn=_limit_child)
        drainer = threading.Thread(target=_drain, args=(proc.stdout, sink), daemon=True)
        drainer.start()
        offset, killed_for = 0, None
        state = {"current": None, "started_at": 0.0, "importing": None}
        before = len(results)

        def handle(events: list[dict[str, Any]], state: dict[str, Any] = state) -> None:
            nonlocal collected, points
            for ev in events:
                kind = ev.get("event")
                if kind == "collected" and not collected:
                    collected = [n for n in ev.get("nodeids", []) if isinstance(n, str)]
                    points = {n: float(p) for n, p in (ev.get("points") or {}).items()}
                elif kind == "start":
                    state["current"], state["started_at"] = ev.get("nodeid"), time.monotonic()
                elif kind == "result" and ev.get("nodeid") in (collected or [ev.get("nodeid")]):
                    results[ev["nodeid"]] = {k: ev.get(k) for k in _RESULT_KEYS}
                    state["current"] = None
                elif kind == "import-start":
                    state["importing"] = ev.get("path")
                elif kind == "import-end":
                    state["importing"] = None

        while True:
            code = proc.poll()
            events, offset = stream.read(stream_path, offset)
            handle(events)
            if code is not None:
                break
            now = time.monotonic()
            if state["current"] is not None and now - state["started_at"] > spec.timeout + _GRACE_S:
                killed_for = "timeout"
            elif now > deadline:
                killed_for = "deadline"
            if killed_for:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
                handle(stream.read(stream_path, offset)[0])
                break
            time.sleep(0.05)
        current, importing = state["current"], state["importing"]
        drainer.join(timeout=5)
        outputs.append(sink.text())
        if not collected:
            raise GradingError(f"{spec.day}: the graders did not collect (exit code {proc.returncode}):\n"
                               f"{sink.text()[-3000:]}")
        remaining = [n for n in (pending if pending is not None else collected) if n not in results]
        if not remaining:
            break
        if killed_for == "deadline":
            for n in remaining:
                results[n] = _result(n, "timeout", "grading ran out of its overall time before this test",
                                     points.get(n, 1.0))
            break
        if current is None and proc.returncode in (0, 1):
            if spec.stop_at_first_failure:
                break
            raise GradingError(f"{spec.day}: pytest ended without running {len(remaining)} tests:\n"
                               f"{sink.text()[-3000:]}")
        # The child died (or was killed) in the middle of `current`: that test alone pays.
        how = _how_it_ended(proc.returncode, killed_for, spec.timeout)
        if current is not None and importing is None:
            results[current] = _result(current, "timeout" if killed_for else "crashed", how,
                                       points.get(current, 1.0))
        if importing is not None:
            name = Path(importing).name
            how = _how_it_ended(proc.returncode, killed_for, spec.timeout, during=f"while importing {name}")
            for n in remaining:
                results.setdefault(n, _result(n, "crashed", how, points.get(n, 1.0)))
        if current is None and importing is None and len(results) == before:
            # Died between tests and ran none of them: retrying would only die again.
            for n in remaining:
                results[n] = _result(n, "crashed", how.replace("during this test", "between tests"),
                                     points.get(n, 1.0))
        pending = [n for n in remaining if n not in results]
        if not pending:
            break
    order = {n: i for i, n in enumerate(collected)}
    return sorted(results.values(), key=lambda r: order.get(r["nodeid"], len(order))), "\n".join(outputs)


def _how_it_ended(returncode: int | None, killed_for: str | None, timeout: float,
                  during: str = "during this test") -> str:
    if killed_for == "timeout":
        return f"still running after {timeout:g}s and unstoppable from inside: the grader stopped the process"
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return f"the process died with signal {name} {during} (a crash, e.g. an out-of-bounds access)"
    return f"the process exited with code {returncode} {during} — exit() or os._exit() in your code?"


def copy_learner_files(src_day_dir: Path, dest_day_dir: Path) -> list[str]:
    """Copy the learner's modules — every .py except tests and conftest.py — and nothing else."""
    dest_day_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    if src_day_dir.is_dir():
        for path in sorted(src_day_dir.glob("*.py")):
            if path.name.startswith("test_") or path.name == "conftest.py" or path.is_symlink():
                continue
            shutil.copyfile(path, dest_day_dir / path.name)
            copied.append(path.name)
    return copied
