"""`ai100 build`: write each day's learner files from its reference and graders.

For every day: stubs from `solutions/dayNN/*.py` (solution regions become NotImplementedError),
visible tests copied from `graders/dayNN/visible/`, `reference_values.npz` recorded by
running those visible tests against the reference, and the notebook `dayNN.ipynb` paired with
the stubs (course_tools/notebooks.py). `--check` builds into memory and fails
when anything committed differs (recorded values are compared within float tolerance, since
another BLAS may round the last bit differently).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import notebooks, readme_index
from course_tools.checks import compare
from course_tools.markers import make_stub
from course_tools.recorded import FILENAME, Store
from course_tools.runner import child_env


@dataclass
class DayBuild:
    day: _catalog.Day
    files: dict[Path, bytes] = field(default_factory=dict)  # path → bytes to write
    record: Store | None = None


class BuildError(RuntimeError):
    pass


def stubs_and_tests(cat: _catalog.Catalog, day: _catalog.Day) -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}
    sol_dir, asg_dir = cat.solution_dir(day), cat.assignment_dir(day)
    for name in day.files:
        src = sol_dir / name
        if not src.is_file():
            raise BuildError(f"{day.name}: course.toml lists {name}, but {src} does not exist")
        out[asg_dir / name] = make_stub(src.read_text(encoding="utf-8"), day.name, src).encode("utf-8")
    visible = cat.grader_dir(day) / "visible"
    for path in sorted(visible.glob("*.py")) if visible.is_dir() else []:
        out[asg_dir / path.name] = path.read_bytes()
    return out


def notebook(cat: _catalog.Catalog, day: _catalog.Day, files: dict[Path, bytes]) -> dict[Path, bytes]:
    """The day's notebook, from the stubs in `files`; each stub must come back from its cells unchanged."""
    texts = {name: files[cat.assignment_dir(day) / name].decode("utf-8") for name in day.files}
    for name, text in texts.items():
        if not notebooks.pairs_exactly(text, name):
            raise BuildError(f"{day.name}: the stub of solutions/{day.name}/{name} does not come back unchanged from "
                             "its notebook cells — make the solution a jupytext percent script: a line `# %%` first, "
                             "and `# %%` above each function (as in solutions/day54/attention.py)")
    return {notebooks.notebook_path(cat, day): notebooks.day_notebook(cat, day, texts).encode("utf-8")}


def record(cat: _catalog.Catalog, day: _catalog.Day, files: dict[Path, bytes]) -> Store:
    """Run the day's visible tests against the reference, recording every reference call."""
    with tempfile.TemporaryDirectory(prefix=f"ai100-record-{day.name}-") as tmp:
        tmp_path = Path(tmp)
        tests_dir = tmp_path / day.name
        tests_dir.mkdir()
        for path, data in files.items():
            if path.name.startswith("test_"):
                (tests_dir / path.name).write_bytes(data)
        if not any(tests_dir.iterdir()):
            return Store()
        env = child_env(cat, AI100_MODE="record", AI100_LEARNER_ROOT=str(cat.root / "solutions"),
                        AI100_SOLUTION_ROOT=str(cat.root / "solutions"),
                        AI100_GRADERS_ROOT=str(cat.root / "graders"), AI100_RECORD_OUT=str(tmp_path / "out"))
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", str(tests_dir), "-q", "-p", "no:cacheprovider", "-p",
             "course_tools.pytest_plugin", "--rootdir", str(tmp_path), "-o", "addopts=", "--tb=short"],
            cwd=tmp_path, env={**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}, capture_output=True, text=True,
            timeout=900)
        if proc.returncode != 0:
            raise BuildError(f"{day.name}: the reference fails its own visible tests:\n{proc.stdout[-3000:]}"
                             f"{proc.stderr[-1500:]}")
        out = tmp_path / "out" / f"{day.name}.npz"
        return Store.load(out) if out.is_file() else Store()


def build_day(cat: _catalog.Catalog, day: _catalog.Day) -> DayBuild:
    files = stubs_and_tests(cat, day)
    files.update(notebook(cat, day, files))
    store = record(cat, day, files)
    result = DayBuild(day=day, files=files, record=store)
    result.files[cat.assignment_dir(day) / FILENAME] = store.to_bytes()
    return result


def _stale_recording(path: Path, fresh: Store) -> str | None:
    try:
        old = Store.load(path)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is stale
        return f"{path}: unreadable ({exc})"
    if set(old.entries) != set(fresh.entries):
        return f"{path}: recorded calls differ from the visible tests' calls ({len(old.entries)} recorded, " \
               f"{len(fresh.entries)} now)"
    for key, entry in fresh.entries.items():
        for label, want, got in [("out", entry["out"], old.entries[key]["out"])] + [
                (f"mistake {m!r}", v, old.entries[key]["mistakes"].get(m)) for m, v in entry["mistakes"].items()]:
            problem = compare(got, want)
            if problem:
                return f"{path}: recorded {label} of {entry['call']} is stale: {problem.splitlines()[0]}"
    return None


def stale(cat: _catalog.Catalog, build: DayBuild) -> list[str]:
    problems = []
    expected = set(build.files)
    for path, data in build.files.items():
        if not path.is_file():
            problems.append(f"{path.relative_to(cat.root)}: missing")
        elif path.name == FILENAME:
            problem = _stale_recording(path, build.record or Store())
            if problem:
                problems.append(problem)
        elif path.read_bytes() != data:
            problems.append(f"{path.relative_to(cat.root)}: differs from what `ai100 build` writes")
    asg_dir = cat.assignment_dir(build.day)
    for path in sorted(asg_dir.glob("*.py")) if asg_dir.is_dir() else []:
        if path not in expected:
            problems.append(f"{path.relative_to(cat.root)}: not produced by the build (remove it, or add it to "
                            "solutions/ or graders/visible/)")
    return problems


def _readme(cat: _catalog.Catalog, check: bool) -> list[str]:
    path = cat.root / "README.md"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    fresh = readme_index.render(text, cat)
    if fresh == text:
        return []
    if check:
        return ["README.md: the day index differs from course.toml"]
    path.write_text(fresh, encoding="utf-8")
    return []


def main(*, days: list[str] | None = None, check: bool = False, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    selected = cat.select(days)
    problems: list[str] = _readme(cat, check)
    # Each day's recording is a child process: two at a time roughly halve the wall time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        builds = list(pool.map(lambda day: build_day(cat, day), selected))
    for day, result in zip(selected, builds):
        if check:
            found = stale(cat, result)
            problems.extend(found)
            print(f"{day.name}: {'stale' if found else 'fresh'}")
            continue
        for path, data in result.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)
        readme = cat.assignment_dir(day) / "README.md"
        print(f"{day.name}: {len(result.files)} files written"
              + ("" if readme.is_file() else " (no README.md yet: write one)"))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("run `ai100 build` and commit the result", file=sys.stderr)
        return 1
    return 0
