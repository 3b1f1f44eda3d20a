"""`ai100 notebook DAY`: the day's notebook, `assignments/dayNN/dayNN.ipynb`, paired with its .py files.

The notebook holds, in order: a setup cell (in Colab it fetches the course's student repository,
course.toml `[course] student_repo`, and installs the kit; elsewhere it only makes the kit
importable), the day's README as markdown, the cells of each module file, and a last cell that
runs the day's visible checks (course_tools/notebook_check.py).

A module file is a jupytext percent script: `# %%` starts a cell. Each of its cells carries
`{"ai100": {"file": "attention.py"}}` in its metadata; only tagged cells belong to a file, so a
cell the learner adds is scratch and never reaches the graded .py. `ai100 sync DAY`
(course_tools/sync.py) moves edits between the cells and the files; the autograder reads the cells
of a notebook whose .py was left untouched (`materialize`).

Written byte-stable: no outputs or execution counts, fixed cell ids and metadata, nbformat's
sorted keys. `ai100 build` writes the same bytes from the stubs, and `ai100 build --check` compares.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from pathlib import Path

from course_tools import catalog as _catalog

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

KEY = "ai100"  # the cell metadata key: {"file": "attention.py"} or {"role": "setup" | "readme" | "guide" | "check"}
PERCENT = "py:percent"
NO_METADATA = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "-all"}
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024  # a learner's notebook larger than this is not read while grading
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


class NotebookError(ValueError):
    """A notebook that cannot be read or paired; the message says which file and what to do."""


def _jupytext():
    try:
        import jupytext
    except ImportError:
        raise NotebookError("notebooks need jupytext: pip install jupytext") from None
    return jupytext


def notebook_path(cat: _catalog.Catalog, day: _catalog.Day) -> Path:
    return cat.assignment_dir(day) / f"{day.name}.ipynb"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- module files ↔ cells ------------------------------------------------------------------------

def module_cells(text: str, file: str) -> list:
    """The cells of one module file (jupytext percent format), each tagged with its file."""
    cells = _jupytext().reads(text, fmt=PERCENT).cells
    for cell in cells:
        cell.metadata[KEY] = {"file": file}
        cell.pop("id", None)  # ids are given when the cells are placed in a notebook
    return cells


def cell_file(cell) -> str | None:
    tag = cell.get("metadata", {}).get(KEY)
    return tag.get("file") if isinstance(tag, dict) and isinstance(tag.get("file"), str) else None


def module_text(nb, file: str) -> str | None:
    """The module file the notebook's cells tagged `file` make up; None when it has none."""
    cells = [copy.deepcopy(c) for c in nb.cells if cell_file(c) == file]
    if not cells:
        return None
    for cell in cells:
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    part = _notebook(cells, {"jupytext": dict(NO_METADATA)})
    part.nbformat_minor = 4  # no cell ids: they play no part in the text
    return _jupytext().writes(part, fmt=PERCENT)


def pairs_exactly(text: str, file: str) -> bool:
    """Whether `text` comes back unchanged from its own cells (a percent script with `# %%` first)."""
    return module_text(_notebook(module_cells(text, file)), file) == text


def _notebook(cells: list, metadata: dict | None = None):
    """A notebook of `cells` as they are (nbformat's constructor would give id-less cells random ids)."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    nb.cells = cells
    return nb


def replace_module_cells(nb, file: str, text: str) -> None:
    """Put the cells of `text` where the notebook's cells of `file` were (before the check cell if none)."""
    fresh = module_cells(text, file)
    positions = [i for i, c in enumerate(nb.cells) if cell_file(c) == file]
    if positions:
        at = positions[0]
    else:
        checks = [i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get(KEY) == {"role": "check"}]
        at = checks[0] if checks else len(nb.cells)
    kept = [c for c in nb.cells if cell_file(c) != file]  # `at` is the first of them: nothing before it moves
    nb.cells = kept[:at] + fresh + kept[at:]
    _give_ids(nb)


def _stem(cell, index: int) -> str:
    file = cell_file(cell)
    if file:
        return re.sub(r"[^A-Za-z0-9_-]", "-", Path(file).stem)
    tag = cell.get("metadata", {}).get(KEY)
    return tag["role"] if isinstance(tag, dict) and isinstance(tag.get("role"), str) else f"cell{index}"


def _give_ids(nb) -> None:
    """Ids for cells that lack one: '<file stem>-<n>' or '<role>-<n>', unique, the same on every build."""
    if nb.get("nbformat_minor", 5) < 5:  # cell ids came with nbformat 4.5; an older notebook has none
        return
    taken = {c["id"] for c in nb.cells if c.get("id")}
    counts: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        if cell.get("id"):
            continue
        stem = _stem(cell, index)
        while True:
            counts[stem] = counts.get(stem, 0) + 1
            candidate = f"{stem}-{counts[stem]}"
            if candidate not in taken:
                break
        cell["id"] = candidate
        taken.add(candidate)


# --- the cells the course writes -----------------------------------------------------------------

def student_repo_url(root: Path) -> str | None:
    """course.toml `[course] student_repo`: the repository Colab clones for the kit and the day's files."""
    raw = tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))
    url = raw.get("course", {}).get("student_repo")
    return str(url) if url else None


def _literal(value: str | None) -> str:
    return json.dumps(value) if value is not None else "None"


def setup_source(day: str, repo: str | None) -> str:
    return f'''# Colab opens this notebook on its own: this cell clones the course's student repository
# (course.toml [course] student_repo), installs the kit from it and moves into {day}'s folder.
# In a Jupyter started inside your repository it installs nothing.
import importlib.util
import os
import pathlib
import subprocess
import sys

REPO = {_literal(repo)}
DAY = {_literal(day)}
IN_COLAB = "google.colab" in sys.modules

if IN_COLAB and pathlib.Path.cwd().name != DAY:
    if not REPO:
        raise RuntimeError("this course has not set [course] student_repo in course.toml: clone your repository "
                           "here (!git clone URL) and %cd into its assignments/" + DAY + " folder")
    repo_dir = pathlib.Path(REPO.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1])
    if not repo_dir.is_dir():
        subprocess.run(["git", "clone", "--depth", "1", "--quiet", REPO, str(repo_dir)], check=True)
    os.chdir(repo_dir / "assignments" / DAY)

if importlib.util.find_spec("course_tools") is None:
    here = pathlib.Path.cwd()
    kit = next((p for p in (here, *here.parents) if (p / "course.toml").is_file()), None)
    if IN_COLAB:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", str(kit)], check=True)
        importlib.invalidate_caches()
    elif kit is not None:
        sys.path.insert(0, str(kit))  # the repository's own kit, without `pip install -e .`
'''


def check_source(day: str) -> str:
    return (f"# The visible tests on the code above, as `ai100 check {day}` runs them. Outside Colab they read\n"
            "# the saved notebook, as the autograder does: save (Ctrl+S) before running this cell.\n"
            "from course_tools.notebook_check import check_notebook\n\n"
            f"check_notebook({_literal(day)})")


def guide_markdown(day: str, file: str) -> str:
    return (f"## Your code: `{file}`\n\n"
            f"The cells below are `{file}`: fill the functions that raise `NotImplementedError`. Cells you "
            f"add yourself are scratch and stay in this notebook; code for `{file}` goes in these cells. "
            f"`ai100 sync {day}` copies them to `{file}` and back.")


def readme_sections(text: str) -> list[str]:
    """The README split into one markdown cell per `## ` section (fenced code left whole)."""
    sections: list[list[str]] = [[]]
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if line.startswith("## ") and not fenced and any(s.strip() for s in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return ["\n".join(s).strip("\n") for s in sections if any(line.strip() for line in s)]


def render(day: _catalog.Day, texts: dict[str, str], *, readme: str | None, repo: str | None) -> str:
    """The day's notebook as the text `ai100 notebook` writes: the same bytes for the same inputs."""
    import nbformat

    v4 = nbformat.v4

    def tagged(cell, role: str):
        cell.metadata[KEY] = {"role": role}
        return cell

    cells = [tagged(v4.new_code_cell(setup_source(day.name, repo)), "setup")]
    cells += [tagged(v4.new_markdown_cell(s), "readme") for s in readme_sections(readme or "")]
    for file in day.files:
        cells.append(tagged(v4.new_markdown_cell(guide_markdown(day.name, file)), "guide"))
        cells += module_cells(texts[file], file)
    cells.append(tagged(v4.new_code_cell(check_source(day.name)), "check"))
    for cell in cells:
        cell.pop("id", None)
    metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"},
                KEY: {"day": day.name, "files": list(day.files)}}
    if day.needs_gpu:
        metadata["accelerator"] = "GPU"  # Colab opens the notebook on a GPU runtime
    nb = _notebook(cells, metadata)
    _give_ids(nb)
    nbformat.validate(nb)
    return dumps(nb)


def dumps(nb) -> str:
    """nbformat's own layout (sorted keys, one-space indent) and a final newline, as Jupyter saves."""
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"


def loads(text: str, where: str | Path = "notebook"):
    import nbformat

    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook gets the same advice
        raise NotebookError(f"{where}: not a readable notebook ({type(exc).__name__}: {exc}) — restore it from git, "
                            "or write a fresh one from the .py files with `ai100 notebook DAY --force`") from None
    return nb


def read(path: Path):
    return loads(Path(path).read_text(encoding="utf-8"), path)


def day_notebook(cat: _catalog.Catalog, day: _catalog.Day, texts: dict[str, str] | None = None) -> str:
    """The notebook of `day` built from `texts` (file → text), else from the .py files on disk."""
    folder = cat.assignment_dir(day)
    if texts is None:
        missing = [f for f in day.files if not (folder / f).is_file()]
        if missing:
            raise FileNotFoundError(f"{folder / missing[0]} is missing — run `ai100 build {day.name}` in the course "
                                    "repository, or restore it from git")
        texts = {f: (folder / f).read_text(encoding="utf-8") for f in day.files}
    readme = folder / "README.md"
    return render(day, texts, readme=readme.read_text(encoding="utf-8") if readme.is_file() else None,
                  repo=student_repo_url(cat.root))


# --- grading: a notebook-only submission ---------------------------------------------------------

def materialize(learner_day_dir: Path, dest_day_dir: Path, day: _catalog.Day, stub_dir: Path) -> list[str]:
    """Write into `dest_day_dir` the module files a learner changed only in the notebook.

    A module whose .py is missing or byte-identical to the course's stub (in `stub_dir`), while the
    notebook's cells for it differ from that stub, is graded from the cells. The notebook is only
    parsed (JSON), never executed. Returns one line per file taken from the notebook, or why not.
    """
    path = Path(learner_day_dir) / f"{day.name}.ipynb"
    if not path.is_file() or path.is_symlink():
        return []
    candidates = []
    for file in day.files:
        stub, learner = Path(stub_dir) / file, Path(learner_day_dir) / file
        if not stub.is_file() or (learner.is_file() and (learner.is_symlink() or
                                                         learner.read_bytes() != stub.read_bytes())):
            continue
        candidates.append((file, stub.read_text(encoding="utf-8")))
    if not candidates:
        return []
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return [f"{path.name}: larger than {MAX_NOTEBOOK_BYTES >> 20} MB, not read — clear its outputs"]
    try:
        nb = read(path)
        texts = {file: (module_text(nb, file), stub) for file, stub in candidates}
    except Exception as exc:  # noqa: BLE001 - a broken notebook costs nothing but itself
        return [f"{path.name}: could not be read ({exc}); the .py files were graded"]
    notes = []
    for file, (text, stub) in texts.items():
        if text is not None and text != stub:
            (Path(dest_day_dir) / file).write_text(text, encoding="utf-8")
            notes.append(f"{file}: graded from the cells of {path.name} ({file} itself is the untouched stub)")
    return notes


# --- `ai100 notebook` ----------------------------------------------------------------------------

def main(*, days: list[str], force: bool = False, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    status = 0
    for day in cat.select(days):
        path = notebook_path(cat, day)
        text = day_notebook(cat, day)
        if path.is_file() and not force:
            current = read(path)
            differ = [f for f in day.files if module_text(current, f) not in (None, (cat.assignment_dir(day) / f)
                                                                                 .read_text(encoding="utf-8"))]
            if differ:
                print(f"ai100 notebook: {path.relative_to(cat.root)} holds code that {', '.join(differ)} does not — "
                      f"nothing written. Bring it over with `ai100 sync {day.name}`, or overwrite the notebook "
                      "with --force", file=sys.stderr)
                status = 2
                continue
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            print(f"{path.relative_to(cat.root)}: up to date")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(cat.root)}: written")
        from course_tools import sync
        sync.record(cat, day, {f: (cat.assignment_dir(day) / f).read_text(encoding="utf-8") for f in day.files})
    return status
