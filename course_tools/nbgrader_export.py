"""`ai100 nbgrader export OUT [DAY…]`: an nbgrader course directory, from the same sources as everything else.

OUT gets:
  source/dayNN/dayNN.ipynb      the day's source notebook (course_tools/nbgrader_notebook.py): the
                                README, the reference in solution cells, one autograder cell per
                                hidden test function carrying its points; `nbgrader
                                generate_assignment dayNN` makes the learner's copy from it
  ai100_autograder/             what the hidden test cells need at autograde time, never released:
                                the hidden graders, the reference solutions, course.toml and a copy
                                of the kit (engine/course_tools), and the kit's nbgrader settings
                                (nbgrader_config.py: the solution stub, the cell timeout, where the
                                engine is); rewritten by every export
  nbgrader_config.py            written when absent, then left to the instructor: it sets the
                                course id and loads ai100_autograder/nbgrader_config.py
Nothing else in OUT is touched (release/, submitted/, autograded/, gradebook.db are nbgrader's).

Before anything is written, each notebook is passed through nbgrader's own ClearSolutions and
ClearHiddenTests, as generate_assignment does, and the result is leak-scanned like the student
repo: a solution line, a marker or the hidden tests in a learner's copy fails the export.
`--check` writes nothing and exits 1 when OUT is stale. Run: ai100 nbgrader export ../course-nbgrader

`ai100 nbgrader import-grades GRADEBOOK -o grades.csv` is in course_tools/nbgrader_grades.py.
Tests: pytest tests/test_nbgrader.py (the slow ones run real nbgrader).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import nbgrader_notebook as _nb
from course_tools import stream
from course_tools.leak_scan import files_under, scan_bytes, solution_needles
from course_tools.runner import PYTEST_INI, child_env

AUTOGRADER = "ai100_autograder"
CONFIG = "nbgrader_config.py"
BOOT = "ai100_nbgrader_boot"  # the test cells' first import (course_tools/nbgrader_boot.py), beside the kit
LOAD_LINE = f'load_subconfig("{AUTOGRADER}/{CONFIG}")  # noqa: F821 - the ai100 kit\'s settings'
CODE_STUB = ('# YOUR CODE HERE\n'
             'raise NotImplementedError("replace this line with your code — see the docstring above")')
KERNEL_START_S = 60  # on top of a test cell's cases: the first cell imports the graders, torch and the reference

COURSE_CONFIG = f'''"""nbgrader settings for this course directory: yours to edit (`ai100 nbgrader export`
writes this file only where there is none).

The ai100 kit's settings live in {AUTOGRADER}/{CONFIG}, rewritten by every export;
settings made after the line that loads them take precedence. Run nbgrader in this directory.
"""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{{course}}"
{LOAD_LINE}
'''

AUTOGRADER_CONFIG = '''"""The ai100 kit's nbgrader settings, loaded by the course directory's nbgrader_config.py.

Written by `ai100 nbgrader export` and rewritten by each export: change settings in the course's
nbgrader_config.py, after the line that loads this file.
"""

import os

c = get_config()  # noqa: F821
# A solution region in the learner's copy: a stub that raises, as the kit's stubs do. The fences
# are the kit's own, whatever a system-wide nbgrader configuration says.
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
# Seconds one cell may run: a test cell runs all cases of one hidden test, each within its day's
# timeout ({timeouts}), and the first one also loads the graders.
c.Execute.timeout = {cell_timeout}
# The hidden test cells import the kit from here and find the graders and the reference beside it.
os.environ["AI100_NBGRADER_ENGINE"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "engine")
# Without a GPU, Triton kernels run in its interpreter, as under `ai100 grade`: it must be chosen
# before the notebook's cells define them, so here, for the kernel nbgrader starts.
if not os.path.exists("/dev/nvidia0"):
    os.environ.setdefault("TRITON_INTERPRET", "1")
'''

AUTOGRADER_README = f"""# {AUTOGRADER}

What the hidden test cells of this course's notebooks need when `nbgrader autograde` runs them:
the hidden graders (`graders/`), the reference solutions (`solutions/`), `course.toml` and the
ai100 kit that runs them (`engine/course_tools`, imported by the test cells through
`engine/{BOOT}.py`). It holds the answers: never copy it into
`source/` or `release/`, or anywhere learners can read.

Written by `ai100 nbgrader export`, which rewrites it on every export (`--check` tells whether it
is stale); edit the course repository instead. `{CONFIG}` here holds the kit's nbgrader settings
and is loaded by the course directory's own `{CONFIG}`.
"""


class ExportError(ValueError):
    """The export cannot be written as asked; the message says what to change."""


def hidden_tests(cat: _catalog.Catalog, days: list[_catalog.Day]) -> dict[str, list[_nb.HiddenTest]]:
    """Each day's hidden test functions with their cases and points, as pytest collects them (one child process)."""
    with tempfile.TemporaryDirectory(prefix="ai100-nbgrader-collect-") as tmp:
        ini, stream_path = Path(tmp) / "pytest.ini", Path(tmp) / "stream.jsonl"
        ini.write_text(PYTEST_INI.format(timeout=60), encoding="utf-8")
        targets = [str(cat.grader_dir(d)) for d in days]
        ignores = [f"--ignore={cat.grader_dir(d) / 'visible'}" for d in days]
        env = child_env(cat, AI100_MODE="grade", AI100_RESULTS_STREAM=str(stream_path),
                        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        proc = subprocess.run([sys.executable, "-m", "pytest", *targets, *ignores, "--collect-only", "-q",
                               "-p", "course_tools.pytest_plugin", "-p", "pytest_timeout", "-c", str(ini),
                               "--rootdir", str(cat.root)],
                              cwd=tmp, env=env, capture_output=True, text=True, timeout=600, check=False)
        events, _ = stream.read(stream_path)
    collected = next((ev for ev in events if ev.get("event") == "collected"), None)
    if proc.returncode != 0 or collected is None:
        raise ExportError(f"the hidden graders did not collect (exit code {proc.returncode}):\n"
                          f"{proc.stdout[-3000:]}{proc.stderr[-1500:]}")
    found: dict[str, dict[tuple[str, str], list[float]]] = {d.name: {} for d in days}
    for nodeid in collected["nodeids"]:
        path, name = nodeid.split("::", 1)
        parts = path.split("/")  # graders/dayNN/test_x.py
        found[parts[1]].setdefault((parts[-1], name.split("[")[0]), []).append(float(collected["points"][nodeid]))
    tests = {}
    for day in days:
        tests[day.name] = [_nb.HiddenTest(file=f, name=n, cases=len(p), points=sum(p))
                           for (f, n), p in found[day.name].items()]
        total = sum(t.points for t in tests[day.name])
        if not tests[day.name]:
            raise ExportError(f"{day.name}: no hidden tests in {cat.grader_dir(day)}")
        if total != day.points:
            raise ExportError(f"{day.name}: the hidden graders' points add up to {total:g}, course.toml says "
                              f"points = {day.points}; nbgrader's total must be the day's — fix one "
                              f"(`ai100 validate {day.name}` checks it)")
    return tests


def _copy_tree(src: Path, dest: str, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {f"{dest}/{p.relative_to(src).as_posix()}": p.read_bytes() for p in files_under(src)
            if not set(p.relative_to(src).parts) & set(skip) and p.suffix != ".pyc"}


def owned_dirs(days: list[_catalog.Day]) -> list[str]:
    """Folders of OUT an export owns outright: a file there that it did not write is stale."""
    return [f"{AUTOGRADER}/engine"] + [f"{AUTOGRADER}/{kind}/{d.name}"
                                       for d in days for kind in ("graders", "solutions")]


def course_files(cat: _catalog.Catalog, days: list[_catalog.Day],
                 tests: dict[str, list[_nb.HiddenTest]]) -> dict[str, bytes]:
    """Every file the export writes (relative path in OUT → bytes), the course's nbgrader_config.py aside."""
    files: dict[str, bytes] = {}
    for day in days:
        files[f"source/{day.name}/{day.name}.ipynb"] = _nb.dumps(_nb.notebook(cat, day, tests[day.name])).encode()
        files.update(_copy_tree(cat.grader_dir(day), f"{AUTOGRADER}/graders/{day.name}", skip=("visible",)))
        files.update(_copy_tree(cat.solution_dir(day), f"{AUTOGRADER}/solutions/{day.name}"))  # as ai100 grade sees it
    files.update(_copy_tree(cat.root / "course_tools", f"{AUTOGRADER}/engine/course_tools"))
    files[f"{AUTOGRADER}/engine/{BOOT}.py"] = (cat.root / "course_tools" / "nbgrader_boot.py").read_bytes()
    files[f"{AUTOGRADER}/course.toml"] = (cat.root / "course.toml").read_bytes()
    files[f"{AUTOGRADER}/README.md"] = AUTOGRADER_README.encode()
    widest = {d.name: max(t.cases for t in tests[d.name]) * d.timeout for d in days}
    timeouts = ", ".join(f"{d.name} {d.timeout:g} s" for d in days)
    files[f"{AUTOGRADER}/{CONFIG}"] = AUTOGRADER_CONFIG.format(
        stub=CODE_STUB, timeouts=timeouts, cell_timeout=int(max(widest.values()) + KERNEL_START_S)).encode()
    return files


def learner_copy(notebook_text: str) -> str:
    """What `nbgrader generate_assignment` makes of a source notebook: solutions stubbed, hidden tests gone."""
    import nbformat
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    nb = nbformat.reads(notebook_text, as_version=4)
    nb, resources = ClearSolutions(code_stub={"python": CODE_STUB}).preprocess(nb, {})
    nb, _ = ClearHiddenTests().preprocess(nb, resources)
    return nbformat.writes(nb)


def release_problems(cat: _catalog.Catalog, files: dict[str, bytes]) -> list[str]:
    """Leaks in the learners' copies of the notebooks: solution code, markers, hidden tests, a broken stub.

    A cell copied from the day's README is scanned as that README, whose hints the leak scan's
    ALLOWED_OVERLAPS may allow, as they are in the student repo.
    """
    import ast

    import nbformat

    needles = solution_needles(cat.root)
    problems = []
    for rel, data in files.items():
        if not rel.startswith("source/"):
            continue
        release_rel = "release/" + rel[len("source/"):]
        if not rel.endswith(".ipynb"):
            problems += scan_bytes(release_rel, data, needles)
            continue
        nb = nbformat.reads(learner_copy(data.decode("utf-8")), as_version=4)
        day = rel.split("/")[1]
        for n, cell in enumerate(nb.cells, start=1):
            from_readme = cell.get("id", "").startswith(_nb.README_ID)
            label = f"assignments/{day}/README.md" if from_readme else f"{release_rel}[cell {n}]"
            problems += scan_bytes(label, cell.source.encode("utf-8"), needles)
            for word in ("HIDDEN TESTS", "grade_hidden", "AI100_NBGRADER_ENGINE", BOOT, AUTOGRADER):
                if word in cell.source:
                    problems.append(f"{release_rel}[cell {n}]: hidden test text {word!r} in the learner's copy")
            if cell.cell_type == "code":
                try:
                    ast.parse(cell.source)
                except SyntaxError as exc:
                    problems.append(f"{release_rel}[cell {n}]: the learner's copy is not valid Python "
                                    f"(line {exc.lineno}: {exc.msg})")
        nb.cells = [c for c in nb.cells if not c.get("id", "").startswith(_nb.README_ID)]
        problems += scan_bytes(release_rel, nbformat.writes(nb).encode("utf-8"), needles)
    return problems


def _stale(out: Path, files: dict[str, bytes], days: list[_catalog.Day]) -> list[str]:
    found = []
    for rel, data in sorted(files.items()):
        path = out / rel
        if not path.is_file():
            found.append(f"{rel}: missing")
        elif path.read_bytes() != data:
            found.append(f"{rel}: differs")
    for folder in owned_dirs(days):
        for path in files_under(out / folder) if (out / folder).is_dir() else []:
            rel = path.relative_to(out).as_posix()
            if rel not in files and path.suffix != ".pyc":
                found.append(f"{rel}: not written by this export")
    config = out / CONFIG
    if not config.is_file():
        found.append(f"{CONFIG}: missing")
    elif LOAD_LINE.split("  #")[0] not in config.read_text(encoding="utf-8"):
        found.append(f"{CONFIG}: does not load {AUTOGRADER}/{CONFIG}")
    return found


def _course_id(cat: _catalog.Catalog) -> str:
    """nbgrader's course id: course.toml's [course] name, in the characters nbgrader allows."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    raw = tomllib.loads((cat.root / "course.toml").read_text(encoding="utf-8"))
    name = str(raw.get("course", {}).get("name", "ai100"))
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name) or "ai100"


def _course_config(out: Path, course: str) -> bytes | None:
    """The course's nbgrader_config.py to write, None to keep the one there; ExportError if it lacks our line."""
    path = out / CONFIG
    if not path.is_file():
        return COURSE_CONFIG.format(course=course).encode()
    if LOAD_LINE.split("  #")[0] not in path.read_text(encoding="utf-8"):
        raise ExportError(f"{path} exists and does not load the kit's settings — add this line to it (it is "
                          f"kept as it is otherwise):\n    {LOAD_LINE}")
    return None


def require_nbgrader() -> None:
    """ExportError, saying how to install it, where nbgrader is missing."""
    import importlib.util

    missing = [m for m in ("nbgrader", "nbformat") if importlib.util.find_spec(m) is None]
    if missing:
        raise ExportError(f"{' and '.join(missing)} not installed: pip install 'ai100[notebooks]' (or nbgrader)")


def export(cat: _catalog.Catalog, days: list[_catalog.Day], out: Path, *, check: bool = False) -> int:
    require_nbgrader()
    tests = hidden_tests(cat, days)
    files = course_files(cat, days, tests)
    problems = release_problems(cat, files)
    if problems:
        raise ExportError("the learners' copies would hold what they must not see — nothing written:\n  "
                          + "\n  ".join(problems))
    if check:
        stale = _stale(out, files, days)
        for line in stale:
            print(f"stale: {line}")
        print(f"{out}: {'stale' if stale else 'fresh'} ({', '.join(d.name for d in days)})")
        return 1 if stale else 0
    config = _course_config(out, _course_id(cat))
    for folder in owned_dirs(days):  # files an earlier export wrote that this one does not
        for path in files_under(out / folder) if (out / folder).is_dir() else []:
            if path.relative_to(out).as_posix() not in files:
                path.unlink()
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    if config is not None:
        (out / CONFIG).write_bytes(config)
    for day in days:
        points = sum(t.points for t in tests[day.name])
        gpu = " (GPU tests: autograde it on a machine with a CUDA GPU)" if day.needs_gpu else ""
        print(f"{day.name}: {len(tests[day.name])} hidden tests, {points:g} points → "
              f"source/{day.name}/{day.name}.ipynb{gpu}")
    print(f"nbgrader course directory written to {out}\n"
          f"next:  cd {out} && nbgrader generate_assignment {days[0].name} --force")
    return 0


def main(*, action: str, out: str | None = None, days: list[str] | None = None, check: bool = False,
         gradebook: str | None = None, plot: str | None = None, root: Path | None = None) -> int:
    """The `ai100 nbgrader` verb: `export` here, `import-grades` in nbgrader_grades."""
    cat = _catalog.load(root)
    if action == "import-grades":
        from course_tools import nbgrader_grades

        return nbgrader_grades.main(cat, gradebook=gradebook, out=out, plot=plot)
    if action != "export":
        raise ExportError(f"ai100 nbgrader {action!r}: choose export or import-grades")
    if not out:
        raise ExportError("name the folder to write the nbgrader course to, "
                          "e.g. ai100 nbgrader export ../course-nbgrader")
    target = Path(out).resolve()
    if target == cat.root or cat.root in target.parents:
        raise ExportError(f"{out} is inside the course repository — write the nbgrader course elsewhere, "
                          "e.g. ../course-nbgrader")
    if target.exists() and not target.is_dir():
        raise ExportError(f"{out} is a file — name a folder for the nbgrader course")
    return export(cat, cat.select(days), target, check=check)
