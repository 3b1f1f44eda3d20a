"""`ai100 student-repo OUT`: write the repository learners receive, and prove it holds no solution.

OUT gets every day's `assignments/dayNN/` (stubs, visible tests, recorded reference values,
README), the runtime part of `course_tools` (what `pytest assignments/dayNN` and `ai100 check`
need, and nothing that builds, grades or mutates), `course.toml`, a learner `pyproject.toml`
and `README.md`, a `.gitignore`, and `.github/workflows/classroom.yml` when the course has that
template. Never `solutions/` or `graders/`.

Before anything is written, a leak scan reads every file about to land in OUT: a line holding a
line of any solution region (blank, comment-only and very short lines aside) or the marker text
itself fails the build, naming file:line. `leak_scan(OUT, course_root)` runs the same scan on a
folder on disk.

OUT also gets `.ai100/stubs.json`, the fingerprints of the stubs as shipped (course_tools/fingerprints.py),
which `ai100 progress` compares the learner's files with, and the README ends with the empty
progress log that `ai100 progress --log` fills (course_tools/progress_log.py).

`--update` refreshes the kit's files in an existing student repo (course_tools, visible tests,
recorded references, day READMEs, course.toml, pyproject, README, workflow) and never touches
the learner's: the module files listed in course.toml `files` and notebooks keep the learner's
version when one exists; anything else the learner added stays as it is. The README's progress
log and the older stub fingerprints are carried over.

Run its checks: pytest tests/test_student_repo.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import fingerprints, progress_log, readme_index
from course_tools.leak_scan import (  # noqa: F401
    SKIP_PARTS,
    files_under,
    leak_scan,
    scan_bytes,
    solution_needles,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# What a learner's `pytest assignments/dayNN` and `ai100 check` import, directly or not.
# `ai100 progress` and what it reads with (fingerprints, gradebook's results.json parser) ship too.
RUNTIME_MODULES = (
    "__init__", "catalog", "check", "checks", "cli", "data", "data_tables", "fingerprints", "frames", "gradebook",
    "gradients", "import_scan", "loading",
    "notebook_check", "notebooks", "progress", "progress_log", "progress_plot", "pytest_plugin", "readme_index",
    "recorded", "references", "schedule", "scoring", "stream", "sync", "text_data", "throughput", "tolerances",
    "triton_guard", "tripwires",
)
# Subpackages shipped whole: fixtures that graders pass into learner code (course_tools/fixtures).
RUNTIME_PACKAGES = ("fixtures",)
# Never shipped (documentation: the copy is an allow-list, so a module not named above stays home).
COURSE_ONLY_MODULES = ("build", "codec", "finite_differences", "grade", "leak_scan", "markers", "mutate",
                       "nbgrader_boot", "nbgrader_cells", "nbgrader_export", "nbgrader_grades", "nbgrader_notebook",
                       "new", "protected", "release", "runner", "sandbox", "sandbox_worker", "student_repo",
                       "templates", "validate")

WORKFLOW_TEMPLATE = Path("course_tools/templates/classroom.yml")
WORKFLOW = ".github/workflows/classroom.yml"

# Solution lines that may ship, each in one named file only, and why. Reviewed by hand: an entry
# here is a decision that the learner may see this line before the day's release. Every build
# prints the ones it used.
@dataclass(frozen=True)
class Planned:
    data: bytes
    learner: bool = False  # the learner's file: written only where none exists yet


# --- what the student repo holds ------------------------------------------------------------------

def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, str) for v in value) and len(value) > 2:
            return "[\n" + "".join(f"    {_toml(v)},\n" for v in value) + "]"
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


def pyproject(course_root: Path) -> str:
    """The learner's pyproject.toml: the runtime package, its console script and pytest plugin."""
    raw = tomllib.loads((course_root / "pyproject.toml").read_text(encoding="utf-8"))
    project = raw["project"]
    extras = project.get("optional-dependencies", {})
    pytest_ini = dict(raw.get("tool", {}).get("pytest", {}).get("ini_options", {}))
    pytest_ini["testpaths"] = ["assignments"]
    lines = [
        "# The ai100 kit, learner edition: `pip install -e \".[classic]\"` gives `ai100 check` and the pytest plugin.",
        "# Written by `ai100 student-repo`; `ai100 student-repo --update` refreshes it.",
        "[build-system]",
        f"requires = {_toml(raw['build-system']['requires'])}",
        f"build-backend = {_toml(raw['build-system']['build-backend'])}",
        "",
        "[project]",
        'name = "ai100"',
        f"version = {_toml(project.get('version', '0.1.0'))}",
        'description = "ai100 course exercises: stubs to fill, visible tests, and the checker that runs them."',
        'readme = "README.md"',
        f"requires-python = {_toml(project.get('requires-python', '>=3.10'))}",
        f"dependencies = {_toml(project.get('dependencies', []))}",
        "",
        "[project.optional-dependencies]",
        f"classic = {_toml(extras.get('classic', []))}",
        "",
        "[project.scripts]",
        'ai100 = "course_tools.cli:main"',
        "",
        "[project.entry-points.pytest11]",
        'ai100 = "course_tools.pytest_plugin"',
        "",
        "[tool.setuptools]",
        'packages = ["course_tools"]',
        "",
        "[tool.pytest.ini_options]",
        *[f"{key} = {_toml(value)}" for key, value in pytest_ini.items()],
        "",
    ]
    return "\n".join(lines)


GITIGNORE = """__pycache__/
*.egg-info/
.pytest_cache/
.ipynb_checkpoints/
/results.json
# ai100's local records (`ai100 check` runs, graded results you downloaded): this machine's, not the repo's.
# The stub fingerprints are the course's and stay tracked.
/.ai100/*
!/.ai100/stubs.json
"""


def learner_readme(cat: _catalog.Catalog) -> str:
    example = next(reversed(cat.days.values())).name if cat.days else "day54"
    course = tomllib.loads((cat.root / "course.toml").read_text(encoding="utf-8")).get("course", {})
    name = course.get("name") or "ai100"
    return f"""# {name} — your exercises

This repository is yours. Each day of the course is a folder in `assignments/`: a README that
says what to build, Python files with functions for you to fill, and visible tests that check
them. Push, and the autograder grades your work with more tests you do not see.
<!-- Written by `ai100 student-repo` from the course repository; your instructor refreshes it. -->

## Set up once

Python 3.10 or newer; no GPU needed.

```bash
pip install -e ".[classic]"
```

This installs `ai100` (the checker and its pytest plugin), NumPy, PyTorch and pytest; the
`[classic]` extra adds scikit-learn, SciPy, pandas and matplotlib (day 02 reads scikit-learn's
bundled Iris set, so install it). On a machine without a GPU, installing the CPU build of
PyTorch first keeps the download small:
`pip install torch --index-url https://download.pytorch.org/whl/cpu`.

## Work on a day

1. Read `assignments/{example}/README.md`: why the day matters, the steps, what proves it is done.
2. Fill the functions in `assignments/{example}/*.py` that raise `NotImplementedError`. Their
   docstrings give every input's and output's shape and dtype. Keep the names and signatures.
3. Check your work:

   ```bash
   pytest assignments/{example}        # the visible tests
   ai100 check {example}               # the same tests, with a score table
   ```

   A test you have not started says "not attempted". A failure says which function and input
   (with its seed), what was expected and what came back, where and by how much, and the likely
   mistake when it is a known one.
4. Push:

   ```bash
   git add assignments && git commit -m "{example}" && git push
   ```

   The autograder runs the hidden tests — fresh inputs, a shape the visible tests never use,
   edge cases, gradients and, where the day asks, speed — and reports your score per test.

## Or work in the notebook

Each day is also a notebook, `assignments/{example}/{example}.ipynb`: the README, the day's code as
cells, and a last cell that runs the visible tests and shows the score table. The tests and the
autograder read the `.py` files, so that cell first copies the notebook's code into them (save
the notebook before you run it); `ai100 sync {example}` copies edits either way from a terminal.
Only the cells the notebook came with are the file's code; cells you add are scratch.

In Colab, open the notebook from GitHub and run it from the top: the first cell fetches the kit
and the day's tests. Save your work back to your repository (File → Save a copy in GitHub): a
push where only the notebook changed is graded from its cells.

## Rules the graders enforce

- Keep your code in the listed files; only `*.py` files other than tests are graded.
- Do not modify the inputs you are given.
- Where a day says "yourself", the library shortcut is off limits: calling it fails the test and
  says which call.
- The visible tests, `reference_values.npz`, `course_tools/` and `.github/` belong to the course:
  the autograder uses its own copies, so editing them changes nothing but your local run.
- Triton days run through Triton's interpreter on a machine without a GPU
  (`TRITON_INTERPRET=1` is set for you).

## What is where

| path | what it is |
|---|---|
| `assignments/dayNN/*.py` | your code (not the `test_*.py` files) |
| `assignments/dayNN/dayNN.ipynb` | the same code as a notebook, for Jupyter or Colab |
| `assignments/dayNN/test_*.py`, `reference_values.npz` | the visible tests and the reference values they compare with |
| `assignments/dayNN/README.md` | the day's instructions |
| `solutions/dayNN/` | the reference solution, added once the day's release date has passed (`ai100 schedule`) |
| `course_tools/`, `course.toml` | the checker behind `pytest` and `ai100 check`, and the course catalog |
| `.ai100/` | `stubs.json`, the course's fingerprints of the stubs; the rest is your machine's records, not committed |

## See your progress

`ai100 progress` shows every day begun so far — not started, attempted, visible tests passing,
your last graded score — with a bar per day and per phase and your streak; `--plot progress.png`
draws it. It reads your files and the records `ai100 check` leaves in `.ai100/` (kept out of git);
put a `results.json` downloaded from the autograder in `.ai100/results/` to see its score.
`ai100 progress --log` keeps the list below up to date, one line per finished day — commit it
and your repository shows the journey.

## Days

{readme_index.table(cat)}

{progress_log.HEADING}

{progress_log.block(())}
"""


def plan(cat: _catalog.Catalog) -> dict[str, Planned]:
    """Every file of the student repo: repo-relative path → its bytes and whose it is."""
    root = cat.root
    files: dict[str, Planned] = {}
    stubs: dict[str, list[str]] = {}
    for day in cat.days.values():
        folder = cat.assignment_dir(day)
        if not folder.is_dir() or not any(folder.glob("*.py")):
            raise FileNotFoundError(f"{folder.relative_to(root)}: not built — run `ai100 build {day.name}` first")
        for path in files_under(folder):
            rel = path.relative_to(root).as_posix()
            learner = path.name in day.files or path.suffix == ".ipynb"
            files[rel] = Planned(path.read_bytes(), learner=learner)
            if path.name in day.files:
                stubs[rel] = [fingerprints.fingerprint(path.read_bytes())]
    for module in RUNTIME_MODULES:
        path = root / "course_tools" / f"{module}.py"
        if not path.is_file():
            raise FileNotFoundError(f"{path.relative_to(root)}: a runtime module of the student repo is missing")
        files[f"course_tools/{module}.py"] = Planned(path.read_bytes())
    for package in RUNTIME_PACKAGES:
        for path in sorted((root / "course_tools" / package).glob("*.py")):
            files[f"course_tools/{package}/{path.name}"] = Planned(path.read_bytes())
    files["course.toml"] = Planned((root / "course.toml").read_bytes())
    files["pyproject.toml"] = Planned(pyproject(root).encode("utf-8"))
    files["README.md"] = Planned(learner_readme(cat).encode("utf-8"))
    files[".gitignore"] = Planned(GITIGNORE.encode("utf-8"))
    files[fingerprints.MANIFEST] = Planned(fingerprints.manifest_bytes(stubs))
    workflow = root / WORKFLOW_TEMPLATE
    if workflow.is_file():
        files[WORKFLOW] = Planned(workflow.read_bytes())
    return files


# --- writing it -----------------------------------------------------------------------------------

def _check_target(out: Path, cat: _catalog.Catalog, update: bool) -> None:
    if out.resolve() == cat.root.resolve() or (out / "graders").exists() or (out / "course_tools/build.py").exists():
        raise ValueError(f"{out} looks like the course repository — give a folder for the student repo")
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file — give a folder for the student repo")
    present = [p for p in out.iterdir() if p.name != ".git"] if out.is_dir() else []
    if update:
        if not (out / "course.toml").is_file():
            raise FileNotFoundError(f"{out} is not a student repo (no course.toml) — make one with "
                                    f"`ai100 student-repo {out}`")
    elif present:
        raise ValueError(f"{out} is not empty — refresh an existing student repo with "
                         f"`ai100 student-repo {out} --update`, or give a new folder")


def _kept_on_update(out: Path, files: dict[str, Planned]) -> dict[str, Planned]:
    """What `--update` carries over from the learner's copies: the README's progress log, and the older
    stub fingerprints (a file the learner never touched still counts as untouched after a rebuild)."""
    kept: dict[str, Planned] = {}
    readme = out / "README.md"
    if readme.is_file():
        try:
            old = readme.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            old = ""
        kept["README.md"] = Planned(progress_log.carried(old, files["README.md"].data.decode("utf-8"))
                                    .encode("utf-8"))
    try:
        old_stubs = fingerprints.read_manifest(out / fingerprints.MANIFEST)
    except ValueError:
        old_stubs = {}  # damaged: the course's current fingerprints replace it
    new_stubs = json.loads(files[fingerprints.MANIFEST].data)["stubs"]
    kept[fingerprints.MANIFEST] = Planned(fingerprints.manifest_bytes(fingerprints.merged(old_stubs, new_stubs)))
    return kept


def main(*, out: str | Path, update: bool = False, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    out = Path(out)
    _check_target(out, cat, update)
    files = plan(cat)
    needles = solution_needles(cat.root)
    if update:
        files = {rel: f for rel, f in files.items() if not (f.learner and (out / rel).exists())}
        files.update(_kept_on_update(out, files))
    allowed: list[str] = []
    problems = [p for rel, f in sorted(files.items()) for p in scan_bytes(rel, f.data, needles, allowed)]
    if problems:
        print(f"ai100 student-repo: solution code would reach {out} — nothing written:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        print("fix the file named (or the solution region it copies), rebuild, and run again", file=sys.stderr)
        return 1

    written = unchanged = 0
    for rel, f in sorted(files.items()):
        path = out / rel
        if path.is_file() and path.read_bytes() == f.data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.data)
        written += 1
    removed = []
    if update:  # course_tools/ is the kit's: a module the kit no longer ships goes
        for path in sorted((out / "course_tools").glob("*.py")):
            if f"course_tools/{path.name}" not in files:
                path.unlink()
                removed.append(path.name)
    days = ", ".join(cat.days)
    if update:
        kept = sum(1 for day in cat.days.values() for name in day.files
                   if f"assignments/{day.name}/{name}" not in files)
        gone = f"; removed course_tools/{', '.join(removed)}" if removed else ""
        print(f"{out}: {written} kit files refreshed, {unchanged} already current, {kept} learner files kept{gone}")
    else:
        print(f"{out}: student repo written ({len(files)} files; days {days})")
    print(f"leak scan: clean ({len(needles)} solution lines checked against {len(files)} files)"
          + (f"; {len(allowed)} allowed overlaps (ALLOWED_OVERLAPS in course_tools/leak_scan.py):"
             if allowed else ""))
    for line in allowed:
        print(f"  {line}")
    if not (cat.root / WORKFLOW_TEMPLATE).is_file():
        print(f"note: no {WORKFLOW_TEMPLATE} in the course repo yet, so no {WORKFLOW} was written")
    return 0
