"""`ai100 new DAY`: scaffold a day — solution, graders, visible tests, README and catalog entry.

Refuses to touch a day that already has files or a catalog entry.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from course_tools import catalog as _catalog


def _template(name: str) -> str:
    return resources.files("course_tools").joinpath("templates", name).read_text(encoding="utf-8")


def main(*, day: str, title: str, files: list[str], phase: int = 1, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    name = _catalog.normalise_day(day)
    if name in cat.days:
        print(f"ai100 new: {name} is already in course.toml")
        return 2
    modules = [Path(f).stem for f in files]
    if any(not m.isidentifier() for m in modules):
        print(f"ai100 new: file names must be Python module names, got {files}")
        return 2
    number = int(name[3:])
    targets: dict[Path, str] = {}
    for module in modules:
        fields = dict(day=name, number=number, title=title, module=module, function=module)
        targets[cat.root / "solutions" / name / f"{module}.py"] = _template("solution.py.tmpl").format(**fields)
        targets[cat.root / "graders" / name / f"test_{module}.py"] = _template("grader.py.tmpl").format(**fields)
        targets[cat.root / "graders" / name / "visible" / f"test_{module}.py"] = \
            _template("visible.py.tmpl").format(**fields)
    fields = dict(day=name, number=number, title=title, module=modules[0], function=modules[0])
    targets[cat.root / "assignments" / name / "README.md"] = _template("README.md.tmpl").format(**fields)
    existing = [p for p in targets if p.exists()]
    if existing:
        print(f"ai100 new: {existing[0]} exists already; nothing written")
        return 2
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    start = cat.start or dt.date.today()
    entry = (f'\n[days.{name}]\ntitle = "{title}"\nphase = {phase}\nfiles = {[f"{m}.py" for m in modules]}\n'
             f"points = {3 * len(modules)}\nrelease = {start + dt.timedelta(days=number - 1)}\n").replace("'", '"')
    with open(cat.root / "course.toml", "a", encoding="utf-8") as fh:
        fh.write(entry)
    for path in targets:
        print(f"wrote {path.relative_to(cat.root)}")
    print(f"added [days.{name}] to course.toml — next: write the reference, then `ai100 build {name}` "
          f"and `ai100 validate {name}`")
    return 0
