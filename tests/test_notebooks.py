"""Paired notebooks: `ai100 notebook`, `ai100 sync`, the setup and check cells, and grading a notebook.

The notebooks are executed headless (nbclient, offline) in a student repo written by
`ai100 student-repo`, with its own kit on the kernel's path: the stub notebook reports every test
"not attempted", the same notebook with the solution pasted into its cells scores 100%.

Run: pytest tests/test_notebooks.py        (the slow ones too: pytest tests/test_notebooks.py -m slow)
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from course_tools import build, cli, notebook_check, notebooks, student_repo, sync
from course_tools import catalog as _catalog
from tests.grading_helpers import grade_cli

ROOT = Path(__file__).resolve().parents[1]
CAT = _catalog.load(ROOT)
DAY54 = CAT.day("day54")
REPO_URL = "https://github.com/example-course/ai100-student"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FIND_SPEC = importlib.util.find_spec


def course_copy(tmp_path: Path, *parts: str) -> Path:
    """A course repo in tmp_path holding course.toml and `parts` of this one (default: day54's assignment)."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(ROOT / "course.toml", root / "course.toml")
    for part in parts or ("assignments/day54",):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, root / part)
    return root


def with_cells(path: Path, file: str, text: str) -> None:
    """Paste `text` into the notebook's cells for `file` and save it, as a learner would."""
    nb = notebooks.read(path)
    notebooks.replace_module_cells(nb, file, text)
    path.write_text(notebooks.dumps(nb), encoding="utf-8")


def roles(nb) -> list[str]:
    return [c.metadata["ai100"].get("role") or f"file:{c.metadata['ai100']['file']}" for c in nb.cells]


# --- the notebook itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("day", list(CAT.days))
def test_notebook_rebuilds_to_the_committed_bytes(day):
    entry = CAT.day(day)
    first, second = notebooks.day_notebook(CAT, entry), notebooks.day_notebook(CAT, entry)
    assert first == second
    assert notebooks.notebook_path(CAT, entry).read_text(encoding="utf-8") == first, \
        f"{day}.ipynb is stale: run `ai100 build {day}`"


@pytest.mark.parametrize("day", list(CAT.days))
def test_notebook_cells_make_up_the_stub_exactly(day):
    entry = CAT.day(day)
    nb = notebooks.read(notebooks.notebook_path(CAT, entry))
    for file in entry.files:
        assert notebooks.module_text(nb, file) == (CAT.assignment_dir(entry) / file).read_text(encoding="utf-8")


def test_notebook_is_setup_readme_code_check_without_outputs_or_counts():
    nb = notebooks.read(notebooks.notebook_path(CAT, DAY54))
    order = roles(nb)
    assert order[0] == "setup" and order[-1] == "check"
    assert order[1:order.index("guide")] == ["readme"] * (order.index("guide") - 1)
    assert order.count("file:attention.py") == 5  # the module docstring and imports, and four functions
    readme = (CAT.assignment_dir(DAY54) / "README.md").read_text(encoding="utf-8")
    assert "\n\n".join(c.source for c in nb.cells if c.metadata["ai100"].get("role") == "readme") == readme.strip()
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert [c.id for c in nb.cells][:2] == ["setup-1", "readme-1"]
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "jupytext" not in nb.metadata, "no jupytext pairing: it would write a dayNN.py beside the modules"


@pytest.mark.parametrize("day", list(CAT.days))
def test_notebook_holds_no_absolute_path(day):
    text = notebooks.notebook_path(CAT, CAT.day(day)).read_text(encoding="utf-8")
    assert str(ROOT) not in text
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            prose = re.sub(r"`[^`\n]*`", "", cell.source)  # `/predict/extra`, `/var/lib/apt/lists`: quoted on purpose
            assert not re.search(r"(?<![\w:/.])(/[\w.-]+){2,}", prose), cell.source
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                # a path has two parts (/home/ada, /work/course); "/start - a greeting" is a bot command
                assert not re.match(r"(/[\w.-]+/|~/|[A-Za-z]:\\)", node.value), f"{cell.id}: {node.value!r}"


def test_gpu_day_notebook_asks_colab_for_a_gpu():
    gpu = [d for d in CAT.days.values() if d.needs_gpu]
    cpu = [d for d in CAT.days.values() if not d.needs_gpu]
    assert gpu and cpu
    assert notebooks.read(notebooks.notebook_path(CAT, gpu[0])).metadata.get("accelerator") == "GPU"
    assert "accelerator" not in notebooks.read(notebooks.notebook_path(CAT, cpu[0])).metadata


def test_two_module_files_each_come_back_from_their_own_cells():
    day = _catalog.Day(name="day60", number=60, title="Two files", phase=5, files=("tokenizer.py", "model.py"),
                       points=1, release=DAY54.release)
    texts = {"tokenizer.py": "# %%\nimport re\n\n\n# %%\ndef split(text):\n    return re.findall(r'\\w+', text)\n",
             "model.py": "# %%\n\"\"\"The model.\"\"\"\n\nfrom tokenizer import split\n\n\n# %%\ndef count(text):\n"
                         "    return len(split(text))\n"}
    nb = notebooks.loads(notebooks.render(day, texts, readme="# Day 60\n\n## Steps\n\nTwo.\n", repo=None))
    assert {f: notebooks.module_text(nb, f) for f in day.files} == texts
    order = roles(nb)
    assert order.index("file:model.py") > max(i for i, r in enumerate(order) if r == "file:tokenizer.py")
    edited = texts["tokenizer.py"].replace("\\w+", "[a-z]+")
    notebooks.replace_module_cells(nb, "tokenizer.py", edited)
    assert roles(nb) == order
    assert notebooks.module_text(nb, "tokenizer.py") == edited
    assert notebooks.module_text(nb, "model.py") == texts["model.py"]
    assert len({c.id for c in nb.cells}) == len(nb.cells)


def test_readme_sections_keep_fenced_headings_whole():
    text = "# Title\n\nIntro.\n\n## Steps\n\n```bash\n## not a heading\n```\n\n## Done when\n\nTests pass.\n"
    assert notebooks.readme_sections(text) == ["# Title\n\nIntro.", "## Steps\n\n```bash\n## not a heading\n```",
                                               "## Done when\n\nTests pass."]


# --- the setup cell --------------------------------------------------------------------------------

def run_setup(cell: str, tmp_path: Path, monkeypatch, *, colab: bool, kit_importable: bool) -> list[list[str]]:
    """Run the setup cell here with Colab and the network faked; returns the commands it ran."""
    commands: list[list[str]] = []

    def fake_run(cmd, check=False, **kwargs):
        commands.append([str(c) for c in cmd])
        if cmd[:2] == ["git", "clone"]:  # what the clone would bring: the repo and the day's folder
            (Path(cmd[-1]) / "assignments" / "day54").mkdir(parents=True)
            (Path(cmd[-1]) / "course.toml").write_text("[course]\n", encoding="utf-8")
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: (
        None if name == "course_tools" and not kit_importable else FIND_SPEC(name, *a)))
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.chdir(tmp_path)
    exec(compile(cell, "setup-cell", "exec"), {"__name__": "__main__"})
    return commands


def test_setup_cell_in_a_fresh_colab_clones_the_course_repo_and_installs_the_kit(tmp_path, monkeypatch):
    cell = notebooks.setup_source("day54", REPO_URL)
    commands = run_setup(cell, tmp_path, monkeypatch, colab=True, kit_importable=False)
    clone = tmp_path / "ai100-student"
    assert commands[0] == ["git", "clone", "--depth", "1", "--quiet", REPO_URL, "ai100-student"]
    assert commands[1][1:] == ["-m", "pip", "install", "--quiet", str(clone)]
    assert Path.cwd() == clone / "assignments" / "day54"
    # run again (or after a restart, with the kit installed): nothing is fetched or installed twice
    assert run_setup(cell, tmp_path, monkeypatch, colab=True, kit_importable=True) == []
    assert Path.cwd() == clone / "assignments" / "day54"


def test_setup_cell_installs_nothing_outside_colab(tmp_path, monkeypatch):
    cell = notebooks.setup_source("day54", REPO_URL)
    assert run_setup(cell, tmp_path, monkeypatch, colab=False, kit_importable=False) == []
    assert Path.cwd() == tmp_path
    assert run_setup(cell, tmp_path, monkeypatch, colab=False, kit_importable=True) == []


def test_setup_cell_outside_colab_puts_the_repos_own_kit_on_the_path(tmp_path, monkeypatch):
    (tmp_path / "course.toml").write_text("[course]\n", encoding="utf-8")
    (tmp_path / "assignments" / "day54").mkdir(parents=True)
    cell = notebooks.setup_source("day54", REPO_URL)
    assert run_setup(cell, tmp_path / "assignments" / "day54", monkeypatch, colab=False, kit_importable=False) == []
    assert sys.path[0] == str(tmp_path)


def test_setup_cell_in_colab_without_a_configured_repo_says_what_to_do(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match=r"\[course\] student_repo"):
        run_setup(notebooks.setup_source("day54", None), tmp_path, monkeypatch, colab=True, kit_importable=False)


def test_setup_cell_reads_as_colab_only_and_kit_guarded():
    """Read, not run: every command sits under the Colab test, the install under the import check too."""
    tree = ast.parse(notebooks.setup_source("day54", REPO_URL))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "subprocess.run"]
    assert len(calls) == 2

    def guards(target: ast.AST) -> list[str]:
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and any(target is inner for stmt in node.body for inner in ast.walk(stmt)):
                found.append(ast.unparse(node.test))
        return found

    assert all(any("IN_COLAB" in g for g in guards(c)) for c in calls)
    pip = next(c for c in calls if "pip" in ast.unparse(c))
    assert any("find_spec('course_tools') is None" in g for g in guards(pip))
    assert "google.colab" in ast.unparse(tree)


def test_student_repo_url_comes_from_course_toml(tmp_path):
    root = course_copy(tmp_path)
    assert notebooks.student_repo_url(root) is None
    toml = root / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[course]\n", f'[course]\nstudent_repo = "{REPO_URL}"\n'),
                    encoding="utf-8")
    assert notebooks.student_repo_url(root) == REPO_URL
    nb = notebooks.loads(notebooks.day_notebook(_catalog.load(root), DAY54))
    assert f'REPO = "{REPO_URL}"' in nb.cells[0].source


# --- `ai100 notebook` and `ai100 build --check` ------------------------------------------------------

def test_notebook_verb_rewrites_the_same_bytes_and_keeps_notebook_only_code(tmp_path, capsys):
    root = course_copy(tmp_path)
    path = root / "assignments/day54/day54.ipynb"
    before = path.read_bytes()
    path.unlink()
    assert notebooks.main(days=["day54"], root=root) == 0
    assert path.read_bytes() == before
    assert notebooks.main(days=["day54"], root=root) == 0
    assert "up to date" in capsys.readouterr().out
    solution = (ROOT / "solutions/day54/attention.py").read_text(encoding="utf-8")
    with_cells(path, "attention.py", solution)
    edited = path.read_bytes()
    assert notebooks.main(days=["day54"], root=root) == 2
    assert "ai100 sync day54" in capsys.readouterr().err
    assert path.read_bytes() == edited
    assert notebooks.main(days=["day54"], force=True, root=root) == 0
    assert path.read_bytes() == before


def test_build_check_catches_an_edited_notebook(tmp_path, capsys):
    root = course_copy(tmp_path, "assignments/day54", "solutions/day54", "graders/day54", "course_tools")
    path = root / "assignments/day54/day54.ipynb"
    nb = notebooks.read(path)
    nb.cells[-2].source += "\n# an edit\n"
    path.write_text(notebooks.dumps(nb), encoding="utf-8")
    assert build.main(days=["day54"], check=True, root=root) == 1
    assert "assignments/day54/day54.ipynb: differs from what `ai100 build` writes" in capsys.readouterr().err
    path.unlink()
    result = build.DayBuild(day=DAY54, files=build.stubs_and_tests(_catalog.load(root), DAY54))
    result.files.update(build.notebook(_catalog.load(root), DAY54, result.files))
    assert "assignments/day54/day54.ipynb: missing" in build.stale(_catalog.load(root), result)


def test_build_refuses_a_solution_that_is_not_a_percent_script(tmp_path):
    root = course_copy(tmp_path, "assignments/day54", "solutions/day54", "graders/day54")
    solution = root / "solutions/day54/attention.py"
    solution.write_text(solution.read_text(encoding="utf-8").replace("# %%\n", ""), encoding="utf-8")
    cat = _catalog.load(root)
    with pytest.raises(build.BuildError, match="# %%"):
        build.notebook(cat, DAY54, build.stubs_and_tests(cat, DAY54))


# --- `ai100 sync` ----------------------------------------------------------------------------------

@pytest.fixture
def day54(tmp_path) -> tuple[Path, Path, Path]:
    """(course root, day54.ipynb, attention.py) in a copy of the course."""
    root = course_copy(tmp_path)
    return root, root / "assignments/day54/day54.ipynb", root / "assignments/day54/attention.py"


def edit_cells(path: Path, old: str, new: str) -> None:
    nb = notebooks.read(path)
    text = notebooks.module_text(nb, "attention.py")
    assert old in text
    with_cells(path, "attention.py", text.replace(old, new))


STUB_LINE = "    raise NotImplementedError('day54: causal_mask — see README')"
MINE = "    return np.tril(np.ones((n, n), dtype=bool))"


def test_sync_carries_a_notebook_edit_into_the_py_and_back(day54, capsys):
    root, nb_path, py = day54
    edit_cells(nb_path, STUB_LINE, MINE)
    assert sync.main(day="day54", root=root) == 0
    assert MINE in py.read_text(encoding="utf-8") and STUB_LINE not in py.read_text(encoding="utf-8")
    assert "attention.py ← day54.ipynb" in capsys.readouterr().out
    assert sync.main(day="day54", root=root) == 0
    assert "attention.py = day54.ipynb" in capsys.readouterr().out
    py.write_text(py.read_text(encoding="utf-8").replace(MINE, "    return np.tri(n, dtype=bool)"), encoding="utf-8")
    assert sync.main(day="day54", root=root) == 0
    assert "return np.tri(n, dtype=bool)" in notebooks.module_text(notebooks.read(nb_path), "attention.py")
    assert notebooks.module_text(notebooks.read(nb_path), "attention.py") == py.read_text(encoding="utf-8")


def test_sync_from_the_py_keeps_the_rest_of_the_notebook(day54):
    root, nb_path, py = day54
    nb = notebooks.read(nb_path)
    nb.cells.insert(-1, nbformat.v4.new_code_cell("softmax(np.ones(3))  # trying it out"))
    nb.cells[-2].outputs = [nbformat.v4.new_output("stream", text="[0.33 0.33 0.33]\n")]
    nb_path.write_text(notebooks.dumps(nb), encoding="utf-8")
    py.write_text(py.read_text(encoding="utf-8").replace(STUB_LINE, MINE), encoding="utf-8")
    os.utime(py, (time.time() + 5, time.time() + 5))  # saved after the notebook
    assert sync.main(day="day54", root=root) == 0
    after = notebooks.read(nb_path)
    assert notebooks.module_text(after, "attention.py") == py.read_text(encoding="utf-8")
    assert [c.source for c in after.cells if c.metadata.get("ai100", {}).get("file") is None] == \
        [c.source for c in nb.cells if c.metadata.get("ai100", {}).get("file") is None]
    assert after.cells[-2].outputs[0]["text"] == "[0.33 0.33 0.33]\n"
    assert "trying it out" not in py.read_text(encoding="utf-8"), "a scratch cell reached the graded file"


def test_sync_refuses_when_both_sides_changed_and_writes_nothing(day54, capsys):
    root, nb_path, py = day54
    assert sync.main(day="day54", root=root) == 0  # the record: both sides hold the stub
    edit_cells(nb_path, STUB_LINE, MINE)
    py.write_text(py.read_text(encoding="utf-8").replace(STUB_LINE, "    return None  # mine"), encoding="utf-8")
    before = nb_path.read_bytes(), py.read_bytes()
    assert sync.main(day="day54", root=root) == 1
    err = capsys.readouterr().err
    assert "both attention.py and its cells in day54.ipynb changed since the last sync" in err
    assert "--from notebook" in err and "--from py" in err
    assert (nb_path.read_bytes(), py.read_bytes()) == before
    assert sync.main(day="day54", source="notebook", root=root) == 0
    assert MINE in py.read_text(encoding="utf-8")


def test_sync_without_a_record_takes_the_side_saved_last(day54):
    root, nb_path, py = day54
    edit_cells(nb_path, STUB_LINE, MINE)
    py.write_text(py.read_text(encoding="utf-8").replace(STUB_LINE, "    return None  # mine"), encoding="utf-8")
    now = time.time()
    os.utime(nb_path, (now + 10, now + 10))
    os.utime(py, (now, now))
    assert sync.main(day="day54", root=root) == 0
    assert MINE in py.read_text(encoding="utf-8")


def test_sync_fills_a_missing_side(day54):
    root, nb_path, py = day54
    stub = py.read_text(encoding="utf-8")
    py.unlink()
    assert sync.main(day="day54", root=root) == 0
    assert py.read_text(encoding="utf-8") == stub
    nb = notebooks.read(nb_path)
    nb.cells = [c for c in nb.cells if notebooks.cell_file(c) is None]
    nb_path.write_text(notebooks.dumps(nb), encoding="utf-8")
    assert sync.main(day="day54", root=root) == 0
    after = notebooks.read(nb_path)
    assert notebooks.module_text(after, "attention.py") == stub
    assert roles(after)[-1] == "check", "cells come back before the check cell"


def test_sync_without_a_notebook_says_how_to_make_one(day54, capsys, monkeypatch):
    root, nb_path, _ = day54
    nb_path.unlink()
    monkeypatch.chdir(root)
    assert cli.main(["sync", "day54"]) == 2
    assert "ai100 notebook day54" in capsys.readouterr().err


def test_sync_rejects_an_unreadable_notebook_with_the_fix(day54, capsys, monkeypatch):
    root, nb_path, py = day54
    nb_path.write_text("{not json", encoding="utf-8")
    before = py.read_bytes()
    monkeypatch.chdir(root)
    assert cli.main(["sync", "day54"]) == 2
    err = capsys.readouterr().err
    assert "not a readable notebook" in err and "--force" in err and "Traceback" not in err
    assert py.read_bytes() == before


# --- the check cell --------------------------------------------------------------------------------

def test_unsaved_functions_names_what_the_kernel_ran_differently(tmp_path):
    ran = tmp_path / "cell.py"
    ran.write_text("def softmax(x):\n    return x  # what the kernel ran\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kernel_cell", ran)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.softmax.__module__ = "__main__"  # as a function defined in a notebook cell
    saved = {"attention.py": "import numpy as np\n\n\ndef softmax(x):\n    return x  # a comment changes nothing\n"}
    assert notebook_check.unsaved_functions(saved, {"softmax": module.softmax}) == []
    saved["attention.py"] += "\n\ndef causal_mask(n):\n    return n\n"
    assert notebook_check.unsaved_functions(saved, {"softmax": module.softmax}) == []  # not run yet: no claim
    saved["attention.py"] = saved["attention.py"].replace("return x", "return x * 2")
    assert notebook_check.unsaved_functions(saved, {"softmax": module.softmax}) == ["attention.py: softmax"]


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The days `check.main` was asked to check (the tests themselves are not run here)."""
    calls: list[str] = []
    monkeypatch.setattr(notebook_check.check, "main", lambda *, day, root=None: calls.append(day) or 0)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    return calls


def test_check_cell_brings_saved_notebook_edits_into_the_py_first(day54, checked, capsys):
    root, nb_path, py = day54
    edit_cells(nb_path, STUB_LINE, MINE)
    notebook_check.check_notebook("day54", root=root)
    assert MINE in py.read_text(encoding="utf-8")
    assert checked == ["day54"]


def test_check_cell_checks_a_newer_py_as_it_is_and_leaves_the_notebook(day54, checked, capsys):
    root, nb_path, py = day54
    py.write_text(py.read_text(encoding="utf-8").replace(STUB_LINE, MINE), encoding="utf-8")
    os.utime(py, (time.time() + 5, time.time() + 5))
    before = nb_path.read_bytes()
    notebook_check.check_notebook("day54", root=root)
    assert MINE in py.read_text(encoding="utf-8") and nb_path.read_bytes() == before
    assert "ai100 sync day54" in capsys.readouterr().out
    assert checked == ["day54"]


def test_check_cell_stops_when_both_sides_changed(day54, checked, capsys):
    root, nb_path, py = day54
    assert sync.main(day="day54", root=root) == 0
    edit_cells(nb_path, STUB_LINE, MINE)
    py.write_text(py.read_text(encoding="utf-8").replace(STUB_LINE, "    return None  # mine"), encoding="utf-8")
    notebook_check.check_notebook("day54", root=root)
    assert "--from notebook" in capsys.readouterr().out
    assert checked == [] and "return None  # mine" in py.read_text(encoding="utf-8")


def test_check_cell_in_colab_takes_the_open_notebook(day54, checked, monkeypatch):
    root, nb_path, py = day54
    nb_path.unlink()  # Colab has no saved copy: the frontend hands the notebook over
    opened = json.loads((CAT.assignment_dir(DAY54) / "day54.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in opened["cells"] if STUB_LINE in "".join(c["source"]))
    cell["source"] = "".join(cell["source"]).replace(STUB_LINE, MINE).splitlines(keepends=True)
    message = types.ModuleType("google.colab._message")
    message.blocking_request = lambda kind, timeout_sec=0, **kw: {"ipynb": opened} if kind == "get_ipynb" else None
    colab = types.ModuleType("google.colab")
    colab._message = message
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab._message", message)
    py.write_text(py.read_text(encoding="utf-8") + "\n# edited in the clone\n", encoding="utf-8")
    notebook_check.check_notebook("day54", root=root)
    assert MINE in py.read_text(encoding="utf-8") and "edited in the clone" not in py.read_text(encoding="utf-8")
    assert checked == ["day54"]


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("student") / "ai100-student"
    assert student_repo.main(out=folder, root=ROOT) == 0
    return folder


def test_student_repo_ships_the_built_notebooks(student):
    for day in CAT.days.values():
        path = notebooks.notebook_path(CAT, day)
        assert (student / path.relative_to(ROOT)).read_bytes() == path.read_bytes()
    subprocess.run(["git", "init", "-q", str(student)], check=True)
    ignored = subprocess.run(["git", "-C", str(student), "check-ignore", "-q", ".ai100/sync.json"], check=False)
    assert ignored.returncode == 0, "the sync record is this machine's: git must ignore it"


def check_output(cell) -> str:
    return ANSI.sub("", "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream"))


def score_table(text: str) -> tuple[list[str], str]:
    rows = [line for line in text.splitlines() if line.startswith("test_")]
    score = [line for line in text.splitlines() if line.startswith("score ")]
    assert rows and score, f"no score table in the check cell's output:\n{text[-3000:]}"
    return rows, score[-1].split()[-1]


def execute_stub_then_solution(student: Path, tmp_path: Path, day: str, monkeypatch) -> tuple[str, str, float]:
    """Run the day's notebook headless as shipped, then with the solution pasted and saved, in one kernel."""
    from nbclient import NotebookClient

    repo = tmp_path / "repo"
    shutil.copytree(student, repo)
    entry = CAT.day(day)
    folder = repo / "assignments" / day
    path = folder / f"{day}.ipynb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AI100_", "PYTEST_"))}
    env["PYTHONPATH"] = str(repo)  # the kernel imports the student repo's kit, as a learner's would
    monkeypatch.setattr(os, "environ", env)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    started = time.monotonic()
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        stub_out = check_output(nb.cells[-1])
        seconds = time.monotonic() - started
        for file in entry.files:
            with_cells(path, file, (ROOT / "solutions" / day / file).read_text(encoding="utf-8"))
        client.nb = nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        solved_out = check_output(nb.cells[-1])
    for file in entry.files:  # the check cell brought the pasted code into the .py the tests import
        assert (folder / file).read_text(encoding="utf-8") == (ROOT / "solutions" / day / file).read_text(encoding="utf-8")
    return stub_out, solved_out, seconds


def assert_stub_then_full_marks(stub_out: str, solved_out: str) -> None:
    rows, score = score_table(stub_out)
    assert all("not attempted" in row for row in rows), "\n".join(rows)
    assert score.startswith("0/"), stub_out[-2000:]
    rows, score = score_table(solved_out)
    got, out_of = score.split("/")
    assert got == out_of and float(out_of) > 0, solved_out[-3000:]
    assert all(" passed " in row for row in rows), "\n".join(rows)
    assert "Not the saved notebook" not in stub_out + solved_out


def test_day54_notebook_executed_headless(student, tmp_path, monkeypatch):
    stub_out, solved_out, seconds = execute_stub_then_solution(student, tmp_path, "day54", monkeypatch)
    assert_stub_then_full_marks(stub_out, solved_out)
    print(f"day54 notebook executed headless (kernel start, every cell, the checks) in {seconds:.1f}s")


@pytest.mark.slow
def test_day02_notebook_executed_headless(student, tmp_path, monkeypatch):
    stub_out, solved_out, _ = execute_stub_then_solution(student, tmp_path, "day02", monkeypatch)
    assert_stub_then_full_marks(stub_out, solved_out)


# --- grading a notebook ------------------------------------------------------------------------------

def submission(tmp_path: Path, name: str, *, py: str | None, cells: str | None) -> Path:
    """A learner repo whose day54 holds `py` (None: the stub) and a notebook with `cells` (None: the stub's)."""
    day = tmp_path / name / "assignments" / "day54"
    day.mkdir(parents=True)
    shutil.copy(CAT.assignment_dir(DAY54) / "day54.ipynb", day / "day54.ipynb")
    (day / "attention.py").write_text(py or (CAT.assignment_dir(DAY54) / "attention.py").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    if cells is not None:
        with_cells(day / "day54.ipynb", "attention.py", cells)
    return day


SOLUTION = (ROOT / "solutions/day54/attention.py").read_text(encoding="utf-8")


def test_materialize_takes_the_cells_only_where_the_py_is_the_untouched_stub(tmp_path):
    stubs = CAT.assignment_dir(DAY54)
    cases = {"notebook only": (None, SOLUTION, SOLUTION), "untouched": (None, None, None),
             "py edited": ("# mine\n", SOLUTION, None)}
    for name, (py, cells, graded) in cases.items():
        day = submission(tmp_path, name.replace(" ", "_"), py=py, cells=cells)
        dest = tmp_path / f"{name.replace(' ', '_')}-dest"
        dest.mkdir()
        notes = notebooks.materialize(day, dest, DAY54, stubs)
        assert ((dest / "attention.py").read_text(encoding="utf-8") if graded else None) == graded, name
        assert bool(notes) == bool(graded), (name, notes)
    day = submission(tmp_path, "py_missing", py=None, cells=SOLUTION)
    (day / "attention.py").unlink()
    (tmp_path / "py_missing-dest").mkdir()
    assert notebooks.materialize(day, tmp_path / "py_missing-dest", DAY54, stubs)
    assert (tmp_path / "py_missing-dest/attention.py").read_text(encoding="utf-8") == SOLUTION


def test_materialize_survives_a_broken_or_linked_notebook(tmp_path):
    day = submission(tmp_path, "broken", py=None, cells=None)
    dest = tmp_path / "dest"
    dest.mkdir()
    (day / "day54.ipynb").write_text('{"cells": [', encoding="utf-8")
    notes = notebooks.materialize(day, dest, DAY54, CAT.assignment_dir(DAY54))
    assert len(notes) == 1 and "could not be read" in notes[0]
    assert not (dest / "attention.py").exists()
    elsewhere = tmp_path / "elsewhere.ipynb"
    shutil.copy(CAT.assignment_dir(DAY54) / "day54.ipynb", elsewhere)
    with_cells(elsewhere, "attention.py", SOLUTION)
    (day / "day54.ipynb").unlink()
    (day / "day54.ipynb").symlink_to(elsewhere)
    assert notebooks.materialize(day, dest, DAY54, CAT.assignment_dir(DAY54)) == []


@pytest.mark.slow
def test_grade_gives_a_notebook_only_learner_the_same_results_as_a_py_learner(tmp_path):
    cases = {"notebook_only": dict(py=None, cells=SOLUTION), "py_only": dict(py=SOLUTION, cells=None),
             "untouched": dict(py=None, cells=None)}
    subs = [submission(tmp_path, name, **kw).parents[1] for name, kw in cases.items()]
    with ThreadPoolExecutor(max_workers=3) as pool:
        graded = dict(zip(cases, pool.map(grade_cli, subs)))
    statuses = {name: [(t["name"], t["score"], t.get("status")) for t in data["tests"]] for name, data in graded.items()}
    assert graded["py_only"]["score"] == sum(t["max_score"] for t in graded["py_only"]["tests"]) == DAY54.points
    assert statuses["notebook_only"] == statuses["py_only"]
    assert graded["notebook_only"]["score"] == DAY54.points
    assert "graded from the cells of day54.ipynb" in graded["notebook_only"]["_stdout"]
    assert graded["untouched"]["score"] == 0
    assert "graded from the cells" not in graded["untouched"]["_stdout"]
