"""`ai100 sync DAY`: carry edits between the day's notebook cells and its .py files, either way.

For each module file of the day, its cells in `dayNN.ipynb` (the cells tagged with the file) and
the file itself are compared:

- the same: nothing to do;
- different: the side that changed since the last sync wins. Each sync records, in
  `.ai100/sync.json` at the repository root (local state, never committed), a digest of every
  file's text at the moment both sides agreed. When both sides changed since then, nothing is
  written and the message says how to choose. Without a record (a fresh clone, another machine)
  the side saved last wins, by modification time;
- `--from notebook` or `--from py` takes that side for every file, whatever changed.

A notebook without cells for a file gets them from the .py; a missing .py is written from the
cells. Nothing is written unless every file of the day is settled. The notebook's check cell uses
the same rule (course_tools/notebook_check.py), and never writes the notebook itself.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import notebooks

RECORD = Path(".ai100") / "sync.json"
SIDES = ("notebook", "py")


@dataclass(frozen=True)
class Step:
    file: str
    action: str  # "same", "to_py", "to_notebook", "keep" (one side has no code for it) or "conflict"
    why: str
    text: str | None = None  # what both sides hold afterwards


def load_record(cat: _catalog.Catalog) -> dict[str, str]:
    try:
        data = json.loads((cat.root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}


def record(cat: _catalog.Catalog, day: _catalog.Day, texts: dict[str, str]) -> None:
    """Remember `texts` (file → text) as the point where the notebook and the .py files agreed."""
    data = load_record(cat)
    data.update({f"{day.name}/{file}": notebooks.digest(text) for file, text in texts.items()})
    path = cat.root / RECORD
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only checkout: the next sync falls back to modification times


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def plan(cat: _catalog.Catalog, day: _catalog.Day, nb, *, source: str | None = None,
         notebook_mtime: float | None = None) -> list[Step]:
    """What to do for each module file; nothing is written here."""
    if source not in (None, *SIDES):
        raise ValueError(f"--from {source!r}: say --from notebook or --from py")
    folder = cat.assignment_dir(day)
    nb_name = f"{day.name}.ipynb"
    last = load_record(cat)
    steps = []
    for file in day.files:
        py_path = folder / file
        py = py_path.read_text(encoding="utf-8") if py_path.is_file() else None
        cells = notebooks.module_text(nb, file)
        if py is None and cells is None:
            steps.append(Step(file, "conflict", f"{file}: neither {file} nor {nb_name} holds its code — restore "
                                                f"{file} from git, or run `ai100 notebook {day.name} --force`"))
        elif cells is None:
            steps.append(Step(file, "to_notebook" if source != "notebook" else "keep",
                              f"{nb_name} has no cells for {file}", py))
        elif py is None:
            steps.append(Step(file, "to_py" if source != "py" else "keep", f"{file} is missing", cells))
        elif py == cells:
            steps.append(Step(file, "same", "in sync", py))
        elif source == "notebook":
            steps.append(Step(file, "to_py", "--from notebook", cells))
        elif source == "py":
            steps.append(Step(file, "to_notebook", "--from py", py))
        else:
            steps.append(_settle(file, py, cells, last.get(f"{day.name}/{file}"), _mtime(py_path), notebook_mtime,
                                 day.name, nb_name))
    return steps


def _settle(file: str, py: str, cells: str, base: str | None, py_mtime: float | None,
            nb_mtime: float | None, day: str, nb_name: str) -> Step:
    if base is not None:
        py_changed, nb_changed = notebooks.digest(py) != base, notebooks.digest(cells) != base
        if nb_changed and not py_changed:
            return Step(file, "to_py", f"the cells changed since the last sync, {file} did not", cells)
        if py_changed and not nb_changed:
            return Step(file, "to_notebook", f"{file} changed since the last sync, the cells did not", py)
        newer = ""
    elif py_mtime is not None and nb_mtime is not None and py_mtime != nb_mtime:
        if nb_mtime > py_mtime:
            return Step(file, "to_py", f"no record of a last sync: {nb_name} was saved after {file}", cells)
        return Step(file, "to_notebook", f"no record of a last sync: {file} was saved after {nb_name}", py)
    else:
        newer = " (no record of a last sync, and no telling which was saved last)"
    return Step(file, "conflict",
                f"{file}: both {file} and its cells in {nb_name} changed since the last sync{newer} — nothing "
                f"written. Keep one side: `ai100 sync {day} --from notebook` (the cells overwrite {file}) or "
                f"`ai100 sync {day} --from py` ({file} replaces the cells)")


def apply(cat: _catalog.Catalog, day: _catalog.Day, nb, steps: list[Step], *,
          notebook_path: Path | None) -> None:
    """Write what `steps` say; the notebook only when `notebook_path` is given. Records what now agrees."""
    folder = cat.assignment_dir(day)
    agreed: dict[str, str] = {}  # files whose two sides hold the same text once this is done
    for step in steps:
        if step.action == "to_py":
            (folder / step.file).write_text(step.text, encoding="utf-8")
        elif step.action == "to_notebook" and notebook_path is not None:
            notebooks.replace_module_cells(nb, step.file, step.text)
        elif step.action != "same":
            continue
        agreed[step.file] = step.text
    if notebook_path is not None and any(s.action == "to_notebook" for s in steps):
        notebook_path.write_text(notebooks.dumps(nb), encoding="utf-8")
    record(cat, day, agreed)


ARROWS = {"to_py": "{file} ← {nb}", "to_notebook": "{nb} ← {file}", "same": "{file} = {nb}", "keep": "{file}: kept"}


def main(*, day: str, source: str | None = None, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    entry = cat.day(day)
    path = notebooks.notebook_path(cat, entry)
    if not path.is_file():
        print(f"ai100 sync: {path.relative_to(cat.root)} does not exist — write it from the .py files with "
              f"`ai100 notebook {entry.name}`", file=sys.stderr)
        return 2
    nb = notebooks.read(path)
    steps = plan(cat, entry, nb, source=source, notebook_mtime=_mtime(path))
    conflicts = [s for s in steps if s.action == "conflict"]
    if conflicts:
        print("ai100 sync: " + "\n".join(s.why for s in conflicts), file=sys.stderr)
        return 1
    apply(cat, entry, nb, steps, notebook_path=path)
    for s in steps:
        print(ARROWS[s.action].format(file=s.file, nb=path.name) + ("" if s.action == "same" else f"  ({s.why})"))
    return 0
