"""One day as an nbgrader source notebook: the README, the reference in cells, one test cell per hidden test.

Cells, in order:
  markdown   the day's README.md, one cell per `## ` section, and a note on how the notebook is graded
  code       per module: its docstring and imports (locked), then one cell per top-level function or
             class — a solution cell when it holds `### BEGIN SOLUTION` fences (nbgrader puts its
             stub in their place in the learner's copy), else locked
  code       per hidden test function, an autograder cell worth the points of all its cases; its
             `### BEGIN HIDDEN TESTS` part calls course_tools.nbgrader_cells.grade_hidden (through
             course_tools/nbgrader_boot.py)
Everything the notebook holds comes from solutions/, graders/ and assignments/dayNN/README.md;
the same sources give the same bytes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools.markers import find_regions

SCHEMA_VERSION = 3  # nbgrader's cell metadata schema (nbgrader 0.6 and later)
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
HOW_GRADED = """\
**How this notebook is graded.** Write the body of every function below that raises
`NotImplementedError`, and keep its name and signature; the locked cells hold the module's
docstring, imports and helpers. Run the cells top to bottom. Each cell under *Autograder tests* is
one hidden test, worth the points it names: it runs when your submission is autograded, on inputs
you do not see, and a test with several cases earns the points of the cases that pass."""
TESTS_INTRO = """\
## Autograder tests

Hidden tests: they run when your submission is autograded. Their failure messages say which
function and input (with its seed), what was expected and what came back."""


class NotebookError(ValueError):
    """A day that cannot be written as an nbgrader notebook, and what to change."""


@dataclass(frozen=True)
class HiddenTest:
    """One hidden test function of a grader file, with all its parametrized cases."""
    file: str  # "test_attention.py"
    name: str  # "test_softmax_matches_reference"
    cases: int
    points: float


def _grade_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def _lines(source: str) -> list[str]:
    return source.splitlines()


def _chunk_starts(source: str, path: Path) -> list[tuple[int, str]]:
    """(0-based first line, name) of each top-level function or class, with its decorators and comments."""
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise NotebookError(f"{path}:{exc.lineno}: not valid Python: {exc.msg}") from None
    lines = _lines(source)
    starts = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        while first > 0 and lines[first - 1].lstrip().startswith("#"):  # a comment block that introduces it
            first -= 1
        starts.append((first, node.name))
    return starts


def module_chunks(source: str, path: Path) -> list[tuple[str, str, bool]]:
    """The module as (name, source, holds a solution region) chunks: the head, then each top-level def."""
    lines = _lines(source)
    regions = find_regions(source, path)
    starts = _chunk_starts(source, path)
    bounds = [(0, "")] + starts if not starts or starts[0][0] > 0 else starts
    chunks = []
    for i, (first, name) in enumerate(bounds):
        last = bounds[i + 1][0] if i + 1 < len(bounds) else len(lines)
        text = "\n".join(lines[first:last]).strip("\n")
        if not text.strip():
            continue
        solution = any(first < r.begin <= last for r in regions)
        chunks.append((name, text, solution))
    return chunks


def _sibling_imports(source: str, module: str, siblings: tuple[str, ...]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
        found += [n for n in names if n.split(".")[0] in siblings and n.split(".")[0] != module]
    return found


README_ID = "readme-"  # the id prefix of cells copied from the day's README.md


def _cell(cell_type: str, source: str, cell_id: str, nbgrader: dict | None = None) -> dict:
    cell = {"cell_type": cell_type, "id": cell_id, "metadata": {}, "source": source}
    if nbgrader is not None:
        cell["metadata"]["nbgrader"] = {**nbgrader, "schema_version": SCHEMA_VERSION}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def readme_cells(readme: str) -> list[str]:
    """The README split before each `## ` heading (a heading inside a code fence stays put)."""
    sections: list[list[str]] = [[]]
    fenced = False
    for line in readme.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced and any(s.strip() for s in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return ["\n".join(s).strip("\n") for s in sections if any(x.strip() for x in s)]


def _points(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def test_cell_source(day: str, test: HiddenTest) -> str:
    cases = f"{test.cases} cases, " if test.cases > 1 else ""
    points = f"{_points(test.points):g} point{'' if test.points == 1 else 's'}"
    return "\n".join([
        f"# Hidden test {test.name} ({cases}{points}): it runs when your notebook is autograded.",
        "### BEGIN HIDDEN TESTS",
        "import os, sys",
        'sys.path.insert(0, os.environ["AI100_NBGRADER_ENGINE"])  # the kit, from the course\'s autograder folder',
        "from ai100_nbgrader_boot import grade_hidden",
        f"grade_hidden({day!r}, {test.file!r}, {test.name!r}, {_points(test.points)!r}, globals())",
        "### END HIDDEN TESTS",
    ])


def notebook(cat: _catalog.Catalog, day: _catalog.Day, tests: list[HiddenTest]) -> dict:
    """The day's nbgrader source notebook, as nbformat 4.5 JSON data."""
    readme_path = cat.assignment_dir(day) / "README.md"
    if not readme_path.is_file():
        raise NotebookError(f"{day.name}: {readme_path} is missing — the notebook's text comes from it")
    texts = readme_cells(readme_path.read_text(encoding="utf-8"))
    cells: list[dict] = []

    def add(kind: str, source: str, nbgrader: dict | None = None) -> None:
        cells.append(_cell(kind, source, f"ai100-{len(cells):03d}", nbgrader))

    cells.append(_cell("markdown", texts[0], f"{README_ID}00"))
    add("markdown", HOW_GRADED)
    for n, text in enumerate(texts[1:], start=1):
        cells.append(_cell("markdown", text, f"{README_ID}{n:02d}"))
    for module in day.modules:
        path = cat.solution_dir(day) / f"{module}.py"
        if not path.is_file():
            raise NotebookError(f"{day.name}: course.toml lists {module}.py, but {path} does not exist")
        source = path.read_text(encoding="utf-8")
        crossing = _sibling_imports(source, module, day.modules)
        if crossing:
            raise NotebookError(f"{path}: imports {', '.join(crossing)} — a notebook has one namespace, so a "
                                "day's modules cannot import each other there; define what it needs in this module")
        if len(day.modules) > 1:
            add("markdown", f"### `{module}.py`")
        for name, text, solution in module_chunks(source, path):
            grade_id = _grade_id(f"{module}-{name}" if name else f"{module}--header")
            add("code", text, {"grade": False, "solution": solution, "locked": not solution, "grade_id": grade_id})
    add("markdown", TESTS_INTRO)
    names = [t.name for t in tests]
    for test in tests:
        grade_id = test.name if names.count(test.name) == 1 else f"{Path(test.file).stem}--{test.name}"
        add("code", test_cell_source(day.name, test),
            {"grade": True, "solution": False, "locked": True, "grade_id": _grade_id(grade_id),
             "points": _points(test.points)})
    return {"cells": cells, "metadata": {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def dumps(nb: dict) -> str:
    """The notebook as Jupyter writes it, checked against the nbformat schema."""
    import nbformat

    node = nbformat.from_dict(nb)
    nbformat.validate(node)
    return nbformat.writes(node, version=4) + "\n"
