"""`ai100 student-repo`: the repo learners receive runs its visible tests and holds no solution code.

The student repo is written once per module; checks that change it work on a copy. Subprocesses
run with the student repo's own course_tools first on the path and the installed (editable) kit's
import hook removed, so a runtime module that needs a course-only one fails here as it would on a
learner's machine.

Run: pytest tests/test_student_repo.py
"""

from __future__ import annotations

import ast
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from course_tools import catalog as _catalog
from course_tools import student_repo
from course_tools.leak_scan import solution_needles

ROOT = Path(__file__).resolve().parents[1]
CAT = _catalog.load(ROOT)
SOLUTION_LINE = "    scores = (q @ np.swapaxes(k, -1, -2)) * (1.0 / d ** 0.5)"  # a line of day 54's solution

# Drop setuptools' editable-install finder, which would serve course-only modules from this repo.
BOOTSTRAP = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path "
             "if not getattr(f, '__module__', '').startswith('__editable__')]; ")


def student_env(out: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI100_")}
    env.update(PYTHONPATH=str(out), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
    return env


def run_in(out: Path, code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BOOTSTRAP + code, *args], cwd=out, env=student_env(out),
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("student") / "ai100-student"
    assert student_repo.main(out=folder, root=ROOT) == 0
    return folder


def test_student_repo_has_the_learner_files_and_nothing_of_the_course(out):
    for day in CAT.days.values():
        for name in (*day.files, "README.md", "reference_values.npz"):
            assert (out / "assignments" / day.name / name).is_file(), f"{day.name}/{name} missing"
        assert list((out / "assignments" / day.name).glob("test_*.py")), f"{day.name}: no visible tests"
    for name in ("course.toml", "pyproject.toml", "README.md", ".gitignore"):
        assert (out / name).is_file()
    assert not (out / "solutions").exists() and not (out / "graders").exists()
    shipped = {p.stem for p in (out / "course_tools").glob("*.py")} | \
        {p.parent.name for p in (out / "course_tools").glob("*/__init__.py")}  # packages: fixtures
    assert shipped == set(student_repo.RUNTIME_MODULES) | set(student_repo.RUNTIME_PACKAGES)
    assert not shipped & set(student_repo.COURSE_ONLY_MODULES)
    assert not (out / "course_tools" / "templates").exists()


def test_student_repo_stubs_are_the_built_stubs(out):
    for day in CAT.days.values():
        for name in day.files:
            assert (out / "assignments" / day.name / name).read_bytes() == \
                (CAT.assignment_dir(day) / name).read_bytes()


def test_student_repo_workflow_is_copied_when_the_template_exists(out):
    template = ROOT / student_repo.WORKFLOW_TEMPLATE
    workflow = out / student_repo.WORKFLOW
    if template.is_file():
        assert workflow.read_bytes() == template.read_bytes()
    else:
        assert not workflow.exists()


def test_student_repo_runtime_imports_only_what_it_ships(out):
    """Every `course_tools.X` that a shipped module or visible test imports is shipped too."""
    shipped = {p.stem for p in (out / "course_tools").glob("*.py")} | \
        {p.parent.name for p in (out / "course_tools").glob("*/__init__.py")}  # packages: fixtures
    files = list((out / "course_tools").glob("*.py")) + list((out / "assignments").glob("day*/test_*.py"))
    missing = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Try)
                   and any(isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                           for h in node.handlers)
                   for stmt in node.body for inner in ast.walk(stmt)}  # `try: import … except ImportError`
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            names = []
            if isinstance(node, ast.ImportFrom) and node.module == "course_tools":
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_tools."):
                names = [node.module.split(".")[1]]
            elif isinstance(node, ast.Import):
                names = [a.name.split(".")[1] for a in node.names if a.name.startswith("course_tools.")]
            missing += [f"{path.relative_to(out)}:{node.lineno}: course_tools.{n}" for n in names
                        if n not in shipped and n != "__version__"]
    assert not missing, "the student repo imports modules it does not ship:\n" + "\n".join(missing)


def test_student_repo_pyproject_installs_the_plugin_and_the_classic_extra(out):
    import tomllib

    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    course = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "ai100"
    assert project["project"]["dependencies"] == course["project"]["dependencies"]
    assert project["project"]["optional-dependencies"]["classic"] == \
        course["project"]["optional-dependencies"]["classic"]
    assert project["project"]["entry-points"]["pytest11"]["ai100"] == "course_tools.pytest_plugin"
    assert project["project"]["scripts"]["ai100"] == "course_tools.cli:main"
    assert project["tool"]["setuptools"]["packages"] == ["course_tools"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[classic]"' in readme
    for day in CAT.days:
        assert f"assignments/{day}/README.md" in readme


def test_student_repo_leak_scan_passes(out):
    assert student_repo.leak_scan(out, ROOT) == []


def test_leak_scan_finds_a_planted_solution_line(out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    notes = copy / "assignments" / "day54" / "notes.py"
    notes.write_text("# my notes\nimport numpy as np\n" + SOLUTION_LINE.strip() + "  # copied\n", encoding="utf-8")
    problems = student_repo.leak_scan(copy, ROOT)
    assert len(problems) == 1, problems
    assert problems[0].startswith("assignments/day54/notes.py:3: ")
    assert "solutions/day54/attention.py" in problems[0]


def test_leak_scan_finds_marker_text_and_reformatted_lines_and_zip_members(out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "README.md").write_text("intro\n    ### BEGIN SOLUTION\n", encoding="utf-8")
    (copy / "course_tools" / "extra.py").write_text("scores=( q@np.swapaxes(k,-1,-2) )*(1.0/d**0.5)\n",
                                                     encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("index.json", "x = 1\nreturn attention_weights(q, k, mask) @ v\n")
    (copy / "assignments" / "day54" / "extra.npz").write_bytes(buffer.getvalue())
    problems = "\n".join(student_repo.leak_scan(copy, ROOT))
    assert "README.md:2: solution marker text" in problems
    assert "course_tools/extra.py:1: solution code" in problems
    assert "assignments/day54/extra.npz[index.json]:2: solution code" in problems


def test_leak_scan_ignores_short_generic_lines_and_longer_names(out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    # `n = y.shape[0]` is a line of day 02's solution; `len_n = y.shape[0]` is not that line
    (copy / "assignments" / "day02" / "notes.py").write_text("return x\nlen_n = y.shape[0]\n", encoding="utf-8")
    assert student_repo.leak_scan(copy, ROOT) == []


def _tiny_course(root: Path) -> Path:
    """Two days whose solutions share lines with public files in every way the scan weighs."""
    files = {
        "solutions/day01/one.py": (
            'import numpy as np\n\n\ndef fit(x):\n    """Fit."""\n    ### BEGIN SOLUTION\n'
            '    """Helper prose that a README may repeat word for word."""\n'
            '    from sklearn.pipeline import make_pipeline\n'
            '    rng = np.random.default_rng(seed_of(x))\n'
            '    weights = np.linalg.lstsq(design_matrix(x), x.target,\n'
            '                              rcond=None)[0]\n'
            '    shared_helper_line = commonplace(x)\n'
            '    own_day_secret = np.cumsum(weights)\n'
            '    return weights\n    ### END SOLUTION\n'),
        "solutions/day02/two.py": (
            'import numpy as np\n\n\ndef go(x):\n    rng = np.random.default_rng(seed_of(x))\n'
            '    ### BEGIN SOLUTION\n    return rng.normal(size=3)\n    ### END SOLUTION\n'),
        "graders/day02/visible/test_two.py": "def test_it():\n    shared_helper_line = commonplace(x)\n",
        "graders/day01/visible/test_one.py": "def test_it():\n    own_day_secret = np.cumsum(weights)\n",
        "assignments/day01/README.md": "Helper prose that a README may repeat word for word.\n",
        "course_tools/__init__.py": "",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_leak_scan_needles_are_the_lines_no_learner_file_already_holds(tmp_path):
    needles = solution_needles(_tiny_course(tmp_path))
    assert needles == {
        "weights=np.linalg.lstsq(design_matrix(x),x.target,": "solutions/day01/one.py",  # a statement's first line
        "own_day_secret=np.cumsum(weights)": "solutions/day01/one.py",  # its own day's visible test leaks it
        "returnweights": "solutions/day01/one.py",
        "returnrng.normal(size=3)": "solutions/day02/two.py",
    }, "left out must be: docstrings, imports, short continuation lines, a line another day's stub ships "\
       "(rng = ...), and a line another day's visible test holds (shared_helper_line = ...)"


def test_student_repo_refuses_to_write_a_leak(tmp_path, capsys):
    course = tmp_path / "course"
    for name in ("assignments", "solutions", "course_tools"):
        shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("course.toml", "pyproject.toml"):
        shutil.copy(ROOT / name, course / name)
    readme = course / "assignments" / "day54" / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines()
    readme.write_text("\n".join([*lines[:3], "Hint: " + SOLUTION_LINE.strip(), *lines[3:]]) + "\n", encoding="utf-8")
    target = tmp_path / "out"
    assert student_repo.main(out=target, root=course) == 1
    err = capsys.readouterr().err
    assert "assignments/day54/README.md:4: solution code from solutions/day54/attention.py" in err
    assert not target.exists(), "nothing may be written when the scan fails"


def test_student_repo_refuses_a_non_empty_folder_and_the_course_repo(tmp_path):
    (tmp_path / "something.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="--update"):
        student_repo.main(out=tmp_path, root=ROOT)
    with pytest.raises(ValueError, match="course repository"):
        student_repo.main(out=ROOT, update=True, root=ROOT)


def test_student_repo_visible_tests_run_with_every_test_not_attempted(out):
    proc = run_in(out, "import course_tools, pytest; print('kit:', course_tools.__file__); "
                       "raise SystemExit(pytest.main(sys.argv[1:]))",
                  "assignments/day54", "-q", "-p", "course_tools.pytest_plugin", "-p", "pytest_timeout")
    text = proc.stdout + proc.stderr
    assert f"kit: {out / 'course_tools' / '__init__.py'}" in text, text[-3000:]
    assert proc.returncode == 1, text[-3000:]  # every test fails as "not attempted", none errors
    rows = [line for line in text.splitlines() if line.startswith("test_")]
    assert rows, f"no score table:\n{text[-3000:]}"
    assert all("not attempted" in row for row in rows), "\n".join(rows)
    assert "error" not in text.splitlines()[-1], text[-2000:]


def test_student_repo_cli_refuses_course_verbs_without_a_traceback(out):
    proc = run_in(out, "from course_tools.cli import main; raise SystemExit(main(['build']))")
    assert proc.returncode == 2, proc.stderr
    assert "this verb is for the course repository" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_student_repo_update_keeps_learner_files_and_refreshes_the_kit(out, tmp_path):
    repo = tmp_path / "learner"
    shutil.copytree(out, repo)
    day = repo / "assignments" / "day54"
    mine = day / "attention.py"
    mine.write_text(mine.read_text(encoding="utf-8") + "\n# my work\n", encoding="utf-8")
    learner_text = mine.read_text(encoding="utf-8")
    (day / "test_attention.py").unlink()
    (day / "scratch.py").write_text("print('mine')\n", encoding="utf-8")
    (repo / "course_tools" / "checks.py").write_text("# tampered\n", encoding="utf-8")
    (repo / "course_tools" / "stale_module.py").write_text("# the kit no longer ships this\n", encoding="utf-8")
    (repo / "assignments" / "day02" / "mlp.py").unlink()  # a learner file gone: the stub comes back

    assert student_repo.main(out=repo, update=True, root=ROOT) == 0

    assert mine.read_text(encoding="utf-8") == learner_text
    assert (day / "test_attention.py").read_bytes() == (ROOT / "assignments/day54/test_attention.py").read_bytes()
    assert (day / "scratch.py").read_text(encoding="utf-8") == "print('mine')\n"
    assert (repo / "course_tools" / "checks.py").read_bytes() == (ROOT / "course_tools/checks.py").read_bytes()
    assert not (repo / "course_tools" / "stale_module.py").exists()
    assert (repo / "assignments/day02/mlp.py").read_bytes() == (ROOT / "assignments/day02/mlp.py").read_bytes()


def test_student_repo_update_needs_a_student_repo(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a student repo"):
        student_repo.main(out=tmp_path, update=True, root=ROOT)
