"""`ai100 gradebook` and `ai100 collect`: results.json files → one CSV per class, and the plot.

Three fake learners' results.json files are written by hand below, and the expected CSVs are
worked out by hand from them. `collect` is exercised twice: with a stand-in for the grader (fast:
where files go, a planted symlink, a grading error) and, marked slow, for real on tiny learner
repos made from day 54 (the solution scores 51, the stub 0).
Run: pytest tests/test_gradebook.py        (the real collect: pytest tests/test_gradebook.py -m slow)
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_tools import catalog as _catalog
from course_tools import cli, collect, gradebook
from course_tools.runner import GradingError

ROOT = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def graded_test(day: str, name: str, score: float, max_score: float, counted: bool = True) -> dict:
    entry = {"name": f"{day}: {name}", "score": score, "max_score": max_score, "output": "", "visibility": "visible"}
    if counted:  # as scoring.gradescope writes it: a test left out of the score has no status
        entry["status"] = "passed" if score == max_score else "failed"
    return entry




def results_json(tests: list[dict], **top) -> dict:
    return {"score": sum(t["score"] for t in tests), "output": "", "visibility": "visible",
            "stdout_visibility": "hidden", "tests": tests, **top}


def write(path: Path, content, *, mtime: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    if mtime:
        stamp = _dt.datetime.fromisoformat(mtime).timestamp()
        os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def results(tmp_path) -> Path:
    """Three learners, four files that count and one that does not.

    alice, two runs, learner named by the `runs/<time>/` layout:
      run 1 (graded_at 2026-10-20): day02 30 + 10 = 40 of 56; day54 51 of 51
      run 2 (no graded_at, file time 2026-10-22): day02 50 of 56; day54 20 + 10 = 30 of 51,
            and a throughput test left out of the score (0 of 0)
    bob, one run, learner named by the file's "learner" key (its folder says otherwise): no day02;
      day54 12 of 51
    carol, one good run (day02 56 of 56, day54 0 of 51; a file time only) and a truncated one,
      skipped with a message
    """
    base = tmp_path / "results"
    write(base / "alice/runs/2026-10-20T10-00/results.json", results_json([
        graded_test("day02", "test_forward_matches_reference", 30, 30),
        graded_test("day02", "test_backward_matches_reference", 10, 26),
        graded_test("day54", "test_attention_matches_reference", 51, 51),
    ], graded_at="2026-10-20T10:00:00+00:00"), mtime="2026-10-25T10:00:00+00:00")  # graded_at wins over the file time
    write(base / "alice/runs/2026-10-22T09-00/results.json", results_json([
        graded_test("day02", "test_forward_matches_reference", 50, 56),
        graded_test("day54", "test_attention_matches_reference", 20, 20),
        graded_test("day54", "test_causal_mask", 10, 31),
        graded_test("day54", "test_attention_throughput_gpu", 0, 0, counted=False),
    ]), mtime="2026-10-22T09:00:00+00:00")
    write(base / "submission-7/results.json", results_json([
        graded_test("day54", "test_attention_matches_reference", 12, 51),
    ], learner="bob", graded_at="2026-10-21T08:30:00Z"))
    write(base / "carol/results.json", results_json([
        graded_test("day02", "test_forward_matches_reference", 56, 56),
        graded_test("day54", "test_attention_matches_reference", 0, 51),
    ]), mtime="2026-10-21T12:00:00+00:00")
    write(base / "carol/runs/late/results.json", '{"score": 51, "tests": [{"name": "day54: test_x", "sco')
    return base


HEADER = "learner,day02,day02_max,day54,day54_max,total,total_max"
# latest: alice's run 2 for both days; bob's only run (day02 blank, not in his totals); carol's good run.
EXPECTED_LATEST = "\n".join([HEADER, "alice,50,56,30,51,80,107", "bob,,,12,51,12,51", "carol,56,56,0,51,56,107"]) + "\n"
# best: alice's day02 from run 2 (50 > 40) and her day54 from run 1 (51 > 30); bob and carol as before.
EXPECTED_BEST = "\n".join([HEADER, "alice,50,56,51,51,101,107", "bob,,,12,51,12,51", "carol,56,56,0,51,56,107"]) + "\n"


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("keep, expected", [("latest", EXPECTED_LATEST), ("best", EXPECTED_BEST)], ids=["latest", "best"])
def test_gradebook_matches_hand_computed_csv(results, tmp_path, capsys, keep, expected):
    out = tmp_path / "grades.csv"
    code, stdout, stderr = run_cli(["gradebook", str(results), "-o", str(out), "--keep", keep], capsys)
    assert out.read_text(encoding="utf-8") == expected
    # the truncated file is named, with the reason, and the rest is still written; exit 1 says a file was skipped
    assert code == 1
    assert "carol/runs/late/results.json: skipped — not JSON" in stderr
    png = tmp_path / "grades.png"  # beside the CSV, without --plot
    assert png.read_bytes()[:8] == PNG_MAGIC and png.stat().st_size > 5000
    assert f"gradebook written to {out}: 3 learner(s), 2 day(s)" in stdout


def test_gradebook_takes_files_and_folders_and_prints_the_csv_without_o(results, tmp_path, capsys):
    files = [results / "alice", results / "submission-7/results.json", results / "carol/results.json",
             results / "carol/results.json"]  # the same file twice counts once
    code, stdout, stderr = run_cli(["gradebook", *map(str, files)], capsys)
    assert code == 0, stderr
    assert stdout == EXPECTED_LATEST
    assert not list(tmp_path.rglob("*.png"))  # no -o and no --plot: no plot


def test_gradebook_plot_goes_where_asked(results, tmp_path, capsys):
    png = tmp_path / "plots/spread.png"
    png.parent.mkdir()
    code, stdout, _ = run_cli(["gradebook", str(results / "alice"), "--plot", str(png)], capsys)
    assert code == 0
    assert stdout.splitlines()[1] == "alice,50,56,30,51,80,107"
    assert png.read_bytes()[:8] == PNG_MAGIC


def test_gradebook_with_nothing_usable_writes_nothing_and_exits_2(tmp_path, capsys):
    bad = write(tmp_path / "x/results.json", "[1, 2]")
    code, _, stderr = run_cli(["gradebook", str(bad), str(tmp_path / "missing"), "-o", str(tmp_path / "g.csv")], capsys)
    assert code == 2
    assert "x/results.json: skipped — the top level is a list, not an object" in stderr
    assert "missing: no such file or folder" in stderr
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("content, why", [
    ("{", "not JSON"),
    ({"score": 3}, 'no "tests" list'),
    ({"tests": [{"name": "test_softmax", "score": 1, "max_score": 1}]}, 'no name of the form "dayNN: test_x"'),
    ({"tests": [{"name": "lunch: test_x", "score": 1, "max_score": 1}]}, "'lunch' is not a day"),
    ({"tests": [{"name": "day54: test_x", "score": "3", "max_score": 3}]}, "score is '3', not a number"),
    ({"tests": [{"name": "day54: test_x", "score": 3}]}, "max_score is None, not a number"),
    ({"tests": [], "learner": 7}, '"learner" is 7, not a name'),
    ({"tests": [], "graded_at": "yesterday"}, "graded_at 'yesterday' is not an ISO time"),
])
def test_gradebook_says_why_a_results_json_is_malformed(tmp_path, content, why):
    path = write(tmp_path / "alice/results.json", content)
    with pytest.raises(gradebook.MalformedResults) as info:
        gradebook.load_run(path)
    assert why in str(info.value)


@pytest.mark.parametrize("path, learner", [
    ("alice/results.json", "alice"),
    ("class/alice/runs/2026-10-24T10-00/results.json", "alice"),
    ("class/alice/.ai100/results.json", "alice"),
    ("class/alice/runs/results.json", "runs"),  # `runs/` without a timestamp folder under it is a name
])
def test_gradebook_learner_comes_from_the_folder(tmp_path, path, learner):
    assert gradebook.learner_from_path(tmp_path / path) == learner


def test_gradebook_days_not_in_course_toml_are_reported_and_left_out(tmp_path, capsys):
    path = write(tmp_path / "dora/results.json", results_json([graded_test("day54", "test_a", 5, 51),
                                                                graded_test("day99", "test_b", 7, 7)]))
    code, stdout, stderr = run_cli(["gradebook", str(path)], capsys)
    assert code == 0
    assert stdout == "learner,day54,day54_max,total,total_max\ndora,5,51,5,51\n"
    assert "dora: day99 is not in course.toml — left out" in stderr


# --- collect, with a stand-in grader: where files go and what happens when grading cannot run ----------

def _fake_grade(cat, days, assignments, *, timeout=None, isolate=False):
    """Every test of every day passes if the learner's file says SOLVED; grading 'errors' says ERROR."""
    texts = {d.name: "".join(p.read_text() for p in (assignments / d.name).glob("*.py")) for d in days}
    if any("ERROR" in text for text in texts.values()):
        raise GradingError("the graders did not collect")
    return {d.name: [{"nodeid": f"x::test_{d.name}", "name": f"test_{d.name}", "file": "t.py", "points": d.points,
                      "status": "passed" if "SOLVED" in texts[d.name] else "not_attempted", "message": "",
                      "duration": 0.0, "gpu": False}] for d in days}


def _repo(base: Path, name: str, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        write(base / name / "assignments" / rel, text)
    return base / name


def test_collect_writes_results_into_each_repo_and_a_gradebook(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(collect, "grade", _fake_grade)
    learners = tmp_path / "learners"
    _repo(learners, "ann", {"day02/mlp.py": "SOLVED", "day54/attention.py": "stub"})
    _repo(learners, "ben", {"day54/attention.py": "SOLVED"})
    _repo(learners, "cat", {"day54/attention.py": "ERROR"})
    _repo(learners, "dan", {"notes/x.py": ""})  # no day folder: nothing to grade
    (learners / "eve").mkdir()  # no assignments/: not a learner repo
    # ben's repo plants a symlink where collect writes, ann's a file: both replaced, the symlink's target untouched
    victim = write(tmp_path / "victim.txt", "keep me")
    (learners / "ben/.ai100").mkdir()
    (learners / "ben/.ai100/results.json").symlink_to(victim)
    write(learners / "ann/.ai100", "a file where collect's folder goes")
    out = tmp_path / "grades.csv"
    code, stdout, stderr = run_cli(["collect", str(learners), "-o", str(out), "--jobs", "3"], capsys)
    assert code == 2  # cat's grading could not run
    assert out.read_text() == (f"{HEADER}\nann,56,56,0,51,56,107\nben,,,51,51,51,51\n")
    assert (tmp_path / "grades.png").read_bytes()[:8] == PNG_MAGIC
    ann = json.loads((learners / "ann/.ai100/results.json").read_text())
    assert ann["learner"] == "ann" and ann["score"] == 56
    assert _dt.datetime.fromisoformat(ann["graded_at"]).tzinfo is not None
    assert victim.read_text() == "keep me"
    assert not (learners / "ben/.ai100/results.json").is_symlink()
    assert "cat: grading could not run: the graders did not collect" in stderr
    every_day = ", ".join(_catalog.load(ROOT).days)
    assert f"dan: none of {every_day} in its assignments/ — nothing to grade" in stderr
    assert "[####################] 3/3" in stderr
    assert "grading 3 learner repo(s)" in stdout


def test_collect_out_dir_and_days(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(collect, "grade", _fake_grade)
    learners = tmp_path / "learners"
    _repo(learners, "ann", {"day02/mlp.py": "SOLVED", "day54/attention.py": "SOLVED"})
    out = tmp_path / "grades.csv"
    code, _, stderr = run_cli(["collect", str(learners), "-o", str(out), "--days", "54",
                               "--out-dir", str(tmp_path / "graded")], capsys)
    assert code == 0, stderr
    assert out.read_text() == "learner,day54,day54_max,total,total_max\nann,51,51,51,51\n"
    assert json.loads((tmp_path / "graded/ann/results.json").read_text())["learner"] == "ann"
    assert not (learners / "ann/.ai100").exists()


def test_collect_progress_bar_is_one_line():
    import io
    stream = io.StringIO()
    bar = collect.Progress(20, stream=stream, width=10)
    bar.start()
    for i in range(7):
        bar.step(f"l{i}")
    assert stream.getvalue().rsplit("\r", 1)[-1] == "[###.......] 7/20 l6"
    bar.step("l7", note="l7: something to say")
    assert "\rl7: something to say" in stream.getvalue()
    assert stream.getvalue().rsplit("\r", 1)[-1] == "[####......] 8/20 l7"


# --- the real thing: ai100 grade --learner, and collect on day 54 -------------------------------

def _day54_repo(base: Path, name: str, solved: bool) -> Path:
    day = base / name / "assignments/day54"
    day.mkdir(parents=True)
    source = ROOT / ("solutions" if solved else "assignments") / "day54/attention.py"
    shutil.copy(source, day / "attention.py")
    shutil.copy(ROOT / "assignments/day54/test_attention.py", day / "test_attention.py")
    return base / name


@pytest.mark.slow
def test_collect_grades_day54_repos_for_real(tmp_path):
    learners = tmp_path / "learners"
    _day54_repo(learners, "solved", solved=True)
    _day54_repo(learners, "stub", solved=False)
    # the stub's repo carries a forged results.json: collect grades it anew and overwrites it
    write(learners / "stub/.ai100/results.json", results_json([graded_test("day54", "test_x", 51, 51)], learner="stub"))
    out = tmp_path / "grades.csv"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "course_tools.cli", "collect", str(learners), "-o", str(out),
                           "--jobs", "2"], check=False, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.read_text() == "learner,day54,day54_max,total,total_max\nsolved,51,51,51,51\nstub,0,51,0,51\n"
    stub = json.loads((learners / "stub/.ai100/results.json").read_text())
    assert stub["score"] == 0 and all(t["status"] == "failed" for t in stub["tests"])
    assert (tmp_path / "grades.png").read_bytes()[:8] == PNG_MAGIC
    assert "[####################] 2/2" in proc.stderr
    assert took < 60, f"collect of two day-54 repos took {took:.0f} s"


@pytest.mark.slow
def test_grade_learner_option_feeds_the_gradebook(tmp_path, capsys):
    repo = _day54_repo(tmp_path, "repo", solved=False)
    out = tmp_path / "runs/2026-10-24/results.json"
    out.parent.mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-m", "course_tools.cli", "grade", "day54", "--submission", str(repo),
                           "--out", str(out), "--learner", "zoe"], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text())
    assert data["learner"] == "zoe"
    assert abs(_dt.datetime.fromisoformat(data["graded_at"]).timestamp() - time.time()) < 120
    code, stdout, _ = run_cli(["gradebook", str(out)], capsys)
    assert code == 0
    assert stdout == "learner,day54,day54_max,total,total_max\nzoe,0,51,0,51\n"


def test_collect_sandbox_reaches_every_grading_and_stops_without_bubblewrap(tmp_path, monkeypatch, capsys):
    seen = []
    monkeypatch.setattr(collect, "grade", lambda *a, isolate=False, **k: seen.append(isolate) or _fake_grade(*a, **k))
    learners = tmp_path / "learners"
    _repo(learners, "ann", {"day54/attention.py": "SOLVED"})
    _repo(learners, "ben", {"day54/attention.py": "SOLVED"})
    monkeypatch.setattr(collect, "probe_bwrap", lambda: None)
    code, _, _ = run_cli(["collect", str(learners), "-o", str(tmp_path / "g.csv"), "--sandbox"], capsys)
    assert code == 0 and seen == [True, True]
    monkeypatch.setattr(collect, "probe_bwrap", lambda: "bubblewrap is not installed")
    code, _, stderr = run_cli(["collect", str(learners), "-o", str(tmp_path / "h.csv"), "--sandbox"], capsys)
    assert code == 2 and "--sandbox needs a working bubblewrap: bubblewrap is not installed" in stderr
    assert not (tmp_path / "h.csv").exists()
