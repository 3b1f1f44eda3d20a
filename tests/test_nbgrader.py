"""`ai100 nbgrader`: the exported course directory, the learners' copies, the hidden test cells, and nbgrader itself.

The fast tests check the export (notebooks against their sources, points against course.toml,
the learners' copy against the leak scan, byte-stability, --check, refusals), run the hidden
test cells' code in a plain Python process as the notebook kernel would, and read grades back.
The slow ones run real nbgrader on day54 and day02: generate_assignment, autograde of a
submission made from the reference (full points), of the untouched release (zero) and, for
day54, of a mistaken one (the same partial points as `ai100 grade`), then nbgrader's export
read back by import-grades.

Run: pytest tests/test_nbgrader.py        (nbgrader itself: pytest tests/test_nbgrader.py -m slow)
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_tools import catalog as _catalog
from course_tools import cli, nbgrader_export, nbgrader_notebook
from course_tools.leak_scan import leak_scan, scan_bytes, solution_needles

ROOT = Path(__file__).resolve().parents[1]
CAT = _catalog.load(ROOT)
DAYS = ["day54", "day02"]
AUTOGRADER = nbgrader_export.AUTOGRADER
# A learner's softmax that subtracts the maximum along axis 1 whatever `axis` is: right for 2-D
# inputs along the last axis, wrong for 3-D and more, an error for 1-D.
MISTAKE = ("    shifted = x - np.max(x, axis=axis, keepdims=True)\n",
           "    shifted = x - np.max(x, axis=1, keepdims=True)\n")


@pytest.fixture(scope="module")
def collected() -> dict[str, list[nbgrader_notebook.HiddenTest]]:
    """The hidden tests of day54 and day02 as the export collects them (one pytest child, once)."""
    return nbgrader_export.hidden_tests(CAT, CAT.select(DAYS))


@pytest.fixture
def quick_export(monkeypatch, collected):
    """Exports in this module reuse the collection above: the tests here are about what gets written."""
    monkeypatch.setattr(nbgrader_export, "hidden_tests", lambda cat, days: {d.name: collected[d.name] for d in days})


@pytest.fixture(scope="module")
def course(tmp_path_factory, collected) -> Path:
    out = tmp_path_factory.mktemp("nbgrader") / "course"
    mp = pytest.MonkeyPatch()
    mp.setattr(nbgrader_export, "hidden_tests", lambda cat, days: {d.name: collected[d.name] for d in days})
    try:
        assert nbgrader_export.main(action="export", out=str(out), days=DAYS, root=ROOT) == 0
    finally:
        mp.undo()
    return out


def notebook(course: Path, day: str, where: str = "source") -> nbformat.NotebookNode:
    return nbformat.read(course / where / day / f"{day}.ipynb", as_version=4)


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def grader_functions(day: str) -> list[str]:
    """The test functions of the day's hidden grader files, read with ast (not with the export's collection)."""
    names = []
    for path in sorted(CAT.grader_dir(CAT.day(day)).glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    return names


# --- the exported course directory ---------------------------------------------------------------------

def test_export_writes_source_notebooks_and_the_autograder_folder(course):
    assert (course / "nbgrader_config.py").is_file()
    assert 'load_subconfig("ai100_autograder/nbgrader_config.py")' in (course / "nbgrader_config.py").read_text()
    for day in DAYS:
        # generate_assignment copies every file of source/dayNN into the release: only the notebook may be there
        assert sorted(p.name for p in (course / "source" / day).iterdir()) == [f"{day}.ipynb"]
        entry = CAT.day(day)
        for module in entry.modules:
            assert (course / AUTOGRADER / "solutions" / day / f"{module}.py").read_bytes() == \
                (CAT.solution_dir(entry) / f"{module}.py").read_bytes()
        graders = course / AUTOGRADER / "graders" / day
        assert (graders / "mistakes.py").is_file() and not (graders / "visible").exists()
    assert (course / AUTOGRADER / "engine" / "course_tools" / "nbgrader_cells.py").is_file()
    assert (course / AUTOGRADER / "course.toml").read_bytes() == (ROOT / "course.toml").read_bytes()


@pytest.mark.parametrize("day", DAYS)
def test_notebook_code_cells_are_the_reference_module(course, day):
    nb = notebook(course, day)
    code = [c for c in nb.cells if c.cell_type == "code" and not meta(c).get("grade")]
    (module,) = CAT.day(day).modules
    reference = (CAT.solution_dir(CAT.day(day)) / f"{module}.py").read_text(encoding="utf-8")
    assert ast.dump(ast.parse("\n\n".join(c.source for c in code))) == ast.dump(ast.parse(reference))
    for cell in code:
        fenced = "### BEGIN SOLUTION" in cell.source
        assert meta(cell)["solution"] is fenced and meta(cell)["locked"] is not fenced, cell.source[:80]
    readme = (CAT.assignment_dir(CAT.day(day)) / "README.md").read_text(encoding="utf-8")
    markdown = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert all(line in markdown for line in readme.splitlines())


@pytest.mark.parametrize("day", DAYS)
def test_notebook_has_one_test_cell_per_hidden_test_carrying_the_days_points(course, day):
    cells = [c for c in notebook(course, day).cells if meta(c).get("grade")]
    assert [meta(c)["grade_id"] for c in cells] == grader_functions(day)
    assert sum(meta(c)["points"] for c in cells) == CAT.day(day).points  # course.toml's, not the collection's
    for cell in cells:
        assert meta(cell)["locked"] and not meta(cell)["solution"]
        hidden = cell.source.split("### BEGIN HIDDEN TESTS\n", 1)[1]
        assert hidden.endswith("### END HIDDEN TESTS")
        assert f"'{meta(cell)['grade_id']}'" in hidden  # the cell runs its own test
    ids = [meta(c)["grade_id"] for c in notebook(course, day).cells if meta(c)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("day", DAYS)
def test_learner_copy_holds_no_solution_and_no_hidden_test(course, day):
    needles = solution_needles(ROOT)
    source = (course / "source" / day / f"{day}.ipynb").read_text(encoding="utf-8")
    assert scan_bytes(f"source/{day}.ipynb", source.encode(), needles), "the scan must see the solutions in the source"
    copy = nbgrader_export.learner_copy(source)
    assert scan_bytes(f"release/{day}.ipynb", copy.encode(), needles) == []
    for word in ("HIDDEN TESTS", "grade_hidden", "AI100_NBGRADER_ENGINE", AUTOGRADER):
        assert word not in copy
    solution_cells = [c for c in nbformat.reads(copy, as_version=4).cells if meta(c).get("solution")]
    assert solution_cells
    for cell in solution_cells:
        assert 'raise NotImplementedError("replace this line with your code' in cell.source
        ast.parse(cell.source)


def test_export_is_byte_stable_and_check_finds_what_is_stale(course, quick_export, tmp_path, capsys):
    again = tmp_path / "again"
    assert nbgrader_export.main(action="export", out=str(again), days=DAYS, root=ROOT) == 0
    first = {p.relative_to(course): p.read_bytes() for p in course.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second
    capsys.readouterr()
    assert cli.main(["nbgrader", "export", str(again), *DAYS, "--check"]) == 0
    assert "fresh" in capsys.readouterr().out
    grader = again / AUTOGRADER / "graders" / "day54" / "test_attention.py"
    grader.write_text(grader.read_text() + "\n# edited\n")
    (again / AUTOGRADER / "engine" / "course_tools" / "leftover.py").write_text("")
    before = {p: p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert cli.main(["nbgrader", "export", str(again), *DAYS, "--check"]) == 1
    out = capsys.readouterr().out
    assert f"{AUTOGRADER}/graders/day54/test_attention.py: differs" in out
    assert f"{AUTOGRADER}/engine/course_tools/leftover.py: not written by this export" in out
    assert {p: p.read_bytes() for p in again.rglob("*") if p.is_file()} == before  # --check writes nothing
    assert nbgrader_export.main(action="export", out=str(again), days=DAYS, root=ROOT) == 0
    assert not (again / AUTOGRADER / "engine" / "course_tools" / "leftover.py").exists()
    assert grader.read_bytes() == (ROOT / "graders" / "day54" / "test_attention.py").read_bytes()


def test_export_keeps_the_instructors_config_and_refuses_one_that_does_not_load_the_kit(quick_export, tmp_path,
                                                                                       capsys):
    out = tmp_path / "course"
    out.mkdir()
    mine = 'c = get_config()\nc.CourseDirectory.course_id = "my-course"\n'
    (out / "nbgrader_config.py").write_text(mine)
    assert cli.main(["nbgrader", "export", str(out), "day54"]) == 2
    err = capsys.readouterr().err
    assert "add this line" in err and 'load_subconfig("ai100_autograder/nbgrader_config.py")' in err
    assert sorted(p.name for p in out.iterdir()) == ["nbgrader_config.py"]  # nothing else written
    (out / "nbgrader_config.py").write_text(mine + nbgrader_export.LOAD_LINE + "\n")
    assert cli.main(["nbgrader", "export", str(out), "day54"]) == 0
    assert (out / "nbgrader_config.py").read_text() == mine + nbgrader_export.LOAD_LINE + "\n"
    assert (out / "source" / "day54" / "day54.ipynb").is_file()


def test_export_refuses_a_learner_copy_that_would_leak(quick_export, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(nbgrader_export, "learner_copy", lambda text: text)  # as if nbgrader stripped nothing
    out = tmp_path / "course"
    assert cli.main(["nbgrader", "export", str(out), "day54"]) == 2
    err = capsys.readouterr().err
    assert "nothing written" in err
    assert "solution code from solutions/day54/attention.py" in err and "hidden test text" in err
    assert not out.exists()


def test_export_refuses_a_folder_inside_the_course_repository(capsys):
    assert cli.main(["nbgrader", "export", str(ROOT / "nbgrader-course"), "day54"]) == 2
    assert "inside the course repository" in capsys.readouterr().err
    assert not (ROOT / "nbgrader-course").exists()


# --- the hidden test cells' code, run as the notebook kernel runs it -----------------------------------

CELLS_SCRIPT = r"""
import contextlib, io, json, os, sys
namespace = {"__name__": "__main__"}
exec(compile(open(sys.argv[1]).read(), "<notebook cells>", "exec"), namespace)  # the learner's cells
sys.path.insert(0, os.environ["AI100_NBGRADER_ENGINE"])  # then the test cells, as their hidden part does
from ai100_nbgrader_boot import grade_hidden
from course_tools.nbgrader_cells import NotAttempted, TestFailed
outcomes = {}
for file, name, points in json.loads(sys.argv[2]):
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            got = grade_hidden("day54", file, name, points, namespace)
        outcomes[name] = ["points", got, printed.getvalue()]
    except (NotAttempted, TestFailed) as exc:
        outcomes[name] = [type(exc).__name__, 0.0, str(exc) + "\n" + "\n".join(exc._render_traceback_())]
print("OUTCOMES " + json.dumps(outcomes))
"""


def run_cells(course: Path, module_source: str, tests: list[nbgrader_notebook.HiddenTest], tmp_path: Path):
    """Each test's outcome (kind, points, text) when the test cells run after `module_source`; and stderr.

    The course repository is on the path, as an installed kit would be: a learner's cell may import it.
    """
    module = tmp_path / "cells.py"
    module.write_text(module_source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI100_") or k == "AI100_SEED"}
    env.update(AI100_NBGRADER_ENGINE=str(course / AUTOGRADER / "engine"), PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=str(ROOT))
    spec = json.dumps([[t.file, t.name, t.points] for t in tests])
    proc = subprocess.run([sys.executable, "-c", CELLS_SCRIPT, str(module), spec], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    line = [x for x in proc.stdout.splitlines() if x.startswith("OUTCOMES ")]
    assert proc.returncode == 0 and line, proc.stdout[-2000:] + proc.stderr[-3000:]
    return json.loads(line[0][len("OUTCOMES "):]), proc.stderr


def test_hidden_test_cells_give_the_reference_its_points_and_the_stub_none(course, collected, tmp_path):
    tests = collected["day54"]
    reference = (ROOT / "solutions" / "day54" / "attention.py").read_text()
    # A learner's cell that imports the installed kit first: the test cells still grade with the autograder's.
    outcomes, stderr = run_cells(course, "import course_tools.data\n" + reference, tests, tmp_path)
    assert stderr == ""  # nbgrader zeroes a test cell that writes to stderr
    assert {t.name: outcomes[t.name][:2] for t in tests} == {t.name: ["points", t.points] for t in tests}
    stub = (ROOT / "assignments" / "day54" / "attention.py").read_text()
    outcomes, _ = run_cells(course, stub, tests, tmp_path)
    for t in tests:
        kind, points, text = outcomes[t.name]
        assert kind == "NotAttempted" and points == 0, (t.name, text)
        assert "not attempted: day54:" in text and "Traceback" not in text


def test_hidden_test_cells_give_partial_credit_and_say_what_failed(course, collected, tmp_path):
    tests = [t for t in collected["day54"] if t.name.startswith("test_softmax")]
    reference = (ROOT / "solutions" / "day54" / "attention.py").read_text()
    assert MISTAKE[0] in reference
    outcomes, stderr = run_cells(course, reference.replace(*MISTAKE), tests, tmp_path)
    assert stderr == ""
    kind, points, text = outcomes["test_softmax_matches_reference"]  # cases (7,), (4, 13), (2, 3, 17)
    assert kind == "points" and 0 < points < 6, text
    assert "test_softmax_matches_reference[shape1]  passed" in text and "FAILED" in text
    assert "day54: softmax(" in text and "seed" in text
    assert outcomes["test_softmax_keeps_float32"][:2] == ["points", 1.0]  # a (3, 9) input: the mistake is harmless


# --- import-grades -------------------------------------------------------------------------------------

NBGRADER_CSV = """\
assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score
day54,,2026-10-25 10:00:00,alice,,,,45.0,5.0,40.0,51.0
day54,,,bob,,,,0.0,0.0,0.0,51.0
day02,,2026-09-03 09:00:00,alice,,,,56.0,0.0,56.0,56.0
day02,,2026-09-03 09:30:00,bob,,,,20.5,0.0,20.5,56.0
hw1,,2026-09-03 09:30:00,bob,,,,3.0,0.0,3.0,10.0
"""


def test_import_grades_reads_nbgraders_csv_into_the_kits_gradebook(tmp_path, capsys):
    source = tmp_path / "nbgrader.csv"
    source.write_text(NBGRADER_CSV)
    out = tmp_path / "grades.csv"
    assert cli.main(["nbgrader", "import-grades", str(source), "-o", str(out)]) == 1  # hw1 is left out
    assert "assignment 'hw1' is not a day of the course — left out" in capsys.readouterr().err
    assert list(csv.reader(io.StringIO(out.read_text()))) == [
        ["learner", "day02", "day02_max", "day54", "day54_max", "total", "total_max"],
        ["alice", "56", "56", "40", "51", "96", "107"],  # nbgrader's score after the late penalty
        ["bob", "20.5", "56", "0", "51", "20.5", "107"],  # no submission: 0, as nbgrader counts it
    ]
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"


def test_import_grades_refuses_a_file_that_is_not_a_gradebook(tmp_path, capsys):
    wrong = tmp_path / "results.csv"
    wrong.write_text("learner,day54\nalice,3\n")
    assert cli.main(["nbgrader", "import-grades", str(wrong), "-o", str(tmp_path / "g.csv")]) == 2
    assert "no column assignment, student_id, score, max_score" in capsys.readouterr().err
    assert cli.main(["nbgrader", "import-grades", str(tmp_path / "gradebook.db")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "gradebook.db").exists() and not (tmp_path / "g.csv").exists()


@pytest.mark.filterwarnings("ignore:Object of type:Warning")  # nbgrader's own add_submission, in SQLAlchemy 2
def test_import_grades_reads_a_gradebook_db_without_changing_it(tmp_path, capsys):
    from nbgrader.api import Gradebook

    db = tmp_path / "gradebook.db"
    with Gradebook(f"sqlite:///{db}", course_id="ai100") as gb:
        gb.add_assignment("day54")
        gb.add_notebook("day54", "day54")
        gb.add_grade_cell("test_softmax", "day54", "day54", max_score=20, cell_type="code")
        gb.add_grade_cell("test_attention", "day54", "day54", max_score=31, cell_type="code")
        for student in ("alice", "bob", "carol"):
            gb.add_student(student)
        for student, softmax, attention in (("alice", 20, 11.5), ("bob", 0, 0)):
            gb.add_submission("day54", student)
            gb.find_grade("test_softmax", "day54", "day54", student).auto_score = softmax
            gb.find_grade("test_attention", "day54", "day54", student).auto_score = attention
        gb.db.commit()
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    assert cli.main(["nbgrader", "import-grades", str(db)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "learner,day54,day54_max,total,total_max", "alice,31.5,51,31.5,51", "bob,0,51,0,51", "carol,0,51,0,51"]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


# --- real nbgrader ---------------------------------------------------------------------------------------

def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI100_") or k == "AI100_SEED"}
    env.pop("PYTHONPATH", None)  # the kernel must find the kit in the autograder folder alone
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
    return proc


def submit(course: Path, day: str, student: str, edit=lambda cell_source: cell_source) -> None:
    """The released notebook with every solution cell filled from the source notebook (then `edit`ed)."""
    released = notebook(course, day, "release")
    source = {meta(c)["grade_id"]: c.source for c in notebook(course, day).cells if meta(c)}
    for cell in released.cells:
        if meta(cell).get("solution"):
            cell.source = edit(source[meta(cell)["grade_id"]])
    folder = course / "submitted" / student / day
    folder.mkdir(parents=True)
    nbformat.write(released, folder / f"{day}.ipynb")


@pytest.fixture(scope="module")
def graded(course) -> Path:
    """day54 and day02 through nbgrader: generate_assignment, three submissions autograded, grades exported."""
    for day in DAYS:
        nbgrader(course, "generate_assignment", day)
        submit(course, day, "reference")
        untouched = course / "submitted" / "untouched" / day
        untouched.mkdir(parents=True)
        shutil.copyfile(course / "release" / day / f"{day}.ipynb", untouched / f"{day}.ipynb")
    submit(course, "day54", "mistaken", edit=lambda src: src.replace(*MISTAKE))
    for day in DAYS:
        nbgrader(course, "autograde", day)  # every submission of the day, in one run
    nbgrader(course, "export", "--to", "nbgrader_grades.csv")
    return course


def cell_scores(course: Path, day: str, student: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="ai100") as gb:
        notebook_ = gb.find_submission_notebook(day, day, student)
        return {g.name: (float(g.score), float(g.max_score)) for g in notebook_.grades}


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("day", DAYS)
def test_nbgrader_release_holds_no_solution_and_no_hidden_test(graded, day):
    release = graded / "release" / day
    assert sorted(p.name for p in release.iterdir()) == [f"{day}.ipynb"]
    assert leak_scan(release, ROOT) == []
    text = (release / f"{day}.ipynb").read_text()
    for word in ("HIDDEN TESTS", "grade_hidden", "AI100_NBGRADER_ENGINE", AUTOGRADER):
        assert word not in text


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("day", DAYS)
def test_nbgrader_gives_the_reference_full_points_and_the_release_zero(graded, day):
    points = CAT.day(day).points
    reference, untouched = cell_scores(graded, day, "reference"), cell_scores(graded, day, "untouched")
    assert sum(s for s, _ in reference.values()) == points
    assert sum(m for _, m in reference.values()) == points
    assert sum(s for s, _ in untouched.values()) == 0
    autograded = nbformat.read(graded / "autograded" / "untouched" / day / f"{day}.ipynb", as_version=4)
    for cell in (c for c in autograded.cells if meta(c).get("grade")):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors and errors[0].ename == "NotAttempted", (meta(cell)["grade_id"], cell.outputs)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_nbgrader_partial_credit_is_what_ai100_grade_gives(graded, collected, tmp_path):
    """The mistaken submission's points per test, through nbgrader and through `ai100 grade`, are the same."""
    from course_tools.grade import grade_day
    from course_tools.scoring import earned

    learner = tmp_path / "day54"
    learner.mkdir()
    (learner / "attention.py").write_text((ROOT / "solutions" / "day54" / "attention.py").read_text().replace(*MISTAKE))
    results, _ = grade_day(CAT, CAT.day("day54"), learner)
    by_test: dict[str, float] = {}
    for r in results:
        by_test[r["name"].split("[")[0]] = by_test.get(r["name"].split("[")[0], 0.0) + earned(r)
    nbgrader_scores = {name: score for name, (score, _) in cell_scores(graded, "day54", "mistaken").items()}
    assert nbgrader_scores == by_test
    assert 0 < sum(by_test.values()) < CAT.day("day54").points
    assert any(0 < nbgrader_scores[t.name] < t.points for t in collected["day54"])  # partial credit within a cell


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_import_grades_reads_nbgraders_gradebook_and_export_alike(graded, tmp_path, capsys):
    from_db, from_csv = tmp_path / "from_db.csv", tmp_path / "from_csv.csv"
    assert cli.main(["nbgrader", "import-grades", str(graded / "gradebook.db"), "-o", str(from_db)]) == 0
    assert cli.main(["nbgrader", "import-grades", str(graded / "nbgrader_grades.csv"), "-o", str(from_csv)]) == 0
    assert from_db.read_text() == from_csv.read_text()
    rows = {r["learner"]: r for r in csv.DictReader(io.StringIO(from_db.read_text()))}
    assert (rows["reference"]["day54"], rows["reference"]["day02"]) == (str(CAT.day("day54").points),
                                                                         str(CAT.day("day02").points))
    assert (rows["untouched"]["day54"], rows["untouched"]["day02"]) == ("0", "0")
    mistaken = sum(s for s, _ in cell_scores(graded, "day54", "mistaken").values())
    assert float(rows["mistaken"]["day54"]) == mistaken and rows["mistaken"]["day02"] == "0"
