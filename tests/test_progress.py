"""`ai100 progress`: a learner repo with untouched, attempted and finished days, read without running a test.

The learner repo is made by `ai100 student-repo` once per module and copied per test. The mix:
  day02  attempted: one function filled (wrongly); its last check scored 3/16; graded 10/56 later
  day06  untouched: the shipped stub
  day31  finished: the solution copied in; its check passed every visible test on 2026-10-24
  day54  finished: the solution copied in; its check passed since 2026-10-23; graded 51/51
Dates are fixed (course.toml: day02 2026-09-02, day06 2026-09-06, day31 2026-10-01, day54
2026-10-24) and every call passes `today`, so nothing depends on the calendar. One test runs the
real `ai100 check` in the learner repo to see the record it leaves.

Run: pytest tests/test_progress.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools import catalog as _catalog
from course_tools import check, cli, fingerprints, progress, progress_log, student_repo

ROOT = Path(__file__).resolve().parents[1]
CAT = _catalog.load(ROOT)
TODAY = "2026-10-24"
UTC = dt.timezone.utc
DAY02_STUB = "raise NotImplementedError('day02: init_params — see README')"


DAYS = ("day02", "day06", "day31", "day54")  # the course these tests were written for: new days leave them alone


def keep_days(course_toml: Path, days: tuple[str, ...]) -> None:
    """Drop every [days.dayNN] block of `course_toml` but those of `days`."""
    blocks = re.split(r"(?m)^(?=\[days\.)", course_toml.read_text(encoding="utf-8"))
    kept = [b for b in blocks if not b.startswith("[days.") or b.split("]")[0][len("[days."):] in days]
    course_toml.write_text("".join(kept), encoding="utf-8")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("progress") / "ai100-student"
    assert student_repo.main(out=folder, root=ROOT) == 0
    keep_days(folder / "course.toml", DAYS)
    return folder


@pytest.fixture
def repo(shipped, tmp_path) -> Path:
    copy = tmp_path / "learner"
    shutil.copytree(shipped, copy)
    return copy


def result(name: str, status: str, points: float = 1.0) -> dict:
    """One per-test result as the kit's pytest plugin records it."""
    return {"nodeid": f"x.py::{name}", "name": name, "file": "x.py", "points": points, "status": status,
            "message": "", "duration": 0.0, "gpu": False, "marked": True}


def record(repo: Path, day: str, results: list[dict], code: int, when: dt.datetime) -> dict:
    entry = CAT.day(day)
    rec = check.make_record(entry, repo / "assignments" / day, results, code, when,
                            check.load_record(repo, day))
    check.save_record(repo, rec)
    return rec


def graded(repo: Path, rel: str, scores: dict[str, tuple[float, float]], when: str) -> None:
    """A Gradescope results.json as `ai100 grade` writes it: one test per day with the given points."""
    tests = [{"name": f"{day}: test_all", "score": got, "max_score": out_of, "status": "passed"}
             for day, (got, out_of) in scores.items()]
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"score": sum(s for s, _ in scores.values()), "tests": tests, "graded_at": when}),
                    encoding="utf-8")


def solve(repo: Path, day: str) -> None:
    for name in CAT.day(day).files:
        shutil.copyfile(ROOT / "solutions" / day / name, repo / "assignments" / day / name)


def make_mix(repo: Path) -> None:
    mlp = repo / "assignments/day02/mlp.py"
    text = mlp.read_text(encoding="utf-8")
    assert DAY02_STUB in text
    mlp.write_text(text.replace(DAY02_STUB, "return {}  # my first try", 1), encoding="utf-8")
    record(repo, "day02", [result("a", "passed", 3), result("b", "failed", 13)], 1,
           dt.datetime(2026, 10, 22, 9, 0, tzinfo=UTC))
    solve(repo, "day31")
    record(repo, "day31", [result("a", "passed", 5)], 0, dt.datetime(2026, 10, 24, 10, 0, tzinfo=UTC))
    solve(repo, "day54")
    record(repo, "day54", [result("a", "passed", 6), result("b", "passed", 7)], 0,
           dt.datetime(2026, 10, 23, 9, 0, tzinfo=UTC))
    record(repo, "day54", [result("a", "passed", 6), result("b", "passed", 7)], 0,
           dt.datetime(2026, 10, 24, 8, 0, tzinfo=UTC))  # still passing: finished since the 23rd
    graded(repo, ".ai100/results/run1.json", {"day54": (51, 51), "day02": (0, 56)}, "2026-10-23T12:00:00+00:00")
    graded(repo, "results.json", {"day02": (10, 56)}, "2026-10-24T12:00:00+00:00")


def rows(text: str) -> dict[str, list[str]]:
    """The table's lines by their first cell, split into cells (two spaces or more apart; a bar's
    percentage stays with its bar)."""
    return {cells[0]: cells for line in text.splitlines()
            if (cells := re.split(r"(?<![\]\s])\s{2,}", line.strip()))[0]}


# --- states, scores and bars ----------------------------------------------------------------------

def test_progress_table_shows_each_days_state_and_scores(repo):
    make_mix(repo)
    table = rows(progress.table(progress.report(repo, today=TODAY)))
    assert table["day02"][2:5] == ["attempted", "3/16", "10/56"]
    assert table["day06"][2:5] == ["not started", "-", "-"]
    assert table["day31"][2:5] == ["visible tests pass", "5/5", "-"]
    assert table["day54"][2:5] == ["visible tests pass", "13/13", "51/51"]
    # the bar shows the newer score: day02's graded run (10/56 = 17.9%) is newer than its check (3/16)
    assert table["day02"][5] == "[###-----------------]  17%"
    assert table["day06"][5] == "[--------------------]   0%"
    assert table["day54"][5:] == ["[####################] 100%", "done"]
    assert "done" not in table["day02"]


def test_progress_phase_bars_average_their_days(repo):
    make_mix(repo)
    table = rows(progress.table(progress.report(repo, today=TODAY)))
    # phase 1: day02 at 10/56 and day06 at 0 → 8.9% on average, 0 of 2 finished
    assert table["1. Python, NumPy and the maths of learning"][1:] == ["0/2", "[#-------------------]   8%"]
    assert table["4. GPUs and performance"][1:] == ["1/1", "[####################] 100%"]
    assert table["5. NLP and transformers"][1:] == ["1/1", "[####################] 100%"]
    assert table["all"][1] == "2/4"


def test_progress_edits_after_a_passing_check_mark_the_score_stale(repo):
    make_mix(repo)
    path = repo / "assignments/day54/attention.py"
    path.write_text(path.read_text(encoding="utf-8") + "\nEXTRA = 1\n", encoding="utf-8")
    text = progress.table(progress.report(repo, today=TODAY))
    assert rows(text)["day54"][2:4] == ["attempted", "13/13*"]
    assert "* the files changed after that check" in text


def test_progress_untouched_ignores_line_endings_and_trailing_spaces(repo):
    path = repo / "assignments/day06/gradcheck.py"
    path.write_bytes(path.read_bytes().replace(b"\n", b"  \r\n"))
    assert rows(progress.table(progress.report(repo, today=TODAY)))["day06"][2] == "not started"
    path.write_bytes(path.read_bytes().replace(b"def sigmoid(x):", b"def sigmoid(x):  # mine"))
    assert rows(progress.table(progress.report(repo, today=TODAY)))["day06"][2] == "attempted"


def test_progress_without_a_stub_manifest_falls_back_to_the_stub_raises(repo):
    make_mix(repo)
    (repo / fingerprints.MANIFEST).unlink()
    table = rows(progress.table(progress.report(repo, today=TODAY)))
    assert table["day06"][2] == "not started"  # still raises NotImplementedError('day06: …')
    assert table["day54"][2] == "visible tests pass"


def test_progress_leaves_out_upcoming_untouched_days_unless_asked(repo):
    make_mix(repo)
    # on 2026-09-03 day02 is released, day06 open, day31 and day54 upcoming (but day31 and day54 are touched)
    (repo / "assignments/day31/kernels.py").write_bytes((ROOT / "assignments/day31/kernels.py").read_bytes())
    text = progress.table(progress.report(repo, today="2026-09-03"))
    assert set(rows(text)) >= {"day02", "day06", "day54"}
    assert "day31" not in rows(text)
    assert "upcoming, not shown: day31" in text
    every = rows(progress.table(progress.report(repo, today="2026-09-03", show_all=True)))
    assert every["day31"][2] == "upcoming"


def test_progress_reports_a_damaged_record_or_results_file_and_reads_the_rest(repo):
    make_mix(repo)
    (repo / ".ai100/check/day02.json").write_text("{not json", encoding="utf-8")
    (repo / ".ai100/results/broken.json").write_text(json.dumps({"tests": "no"}), encoding="utf-8")
    text = progress.table(progress.report(repo, today=TODAY))
    assert "day02.json: not a check record" in text and "ai100 check day02" in text
    assert ".ai100/results/broken.json: skipped" in text
    assert rows(text)["day54"][2:5] == ["visible tests pass", "13/13", "51/51"]


def test_progress_needs_a_course_repo(tmp_path, capsys):
    code = cli.main(["progress", "--repo", str(tmp_path)])
    assert code == 2
    assert "no course.toml here — give --repo the folder of your ai100 repository" in capsys.readouterr().err


# --- streak -----------------------------------------------------------------------------------------

def test_streak_counts_days_in_a_row_ending_today_or_yesterday():
    d = dt.date
    finished = [d(2026, 10, 20), d(2026, 10, 22), d(2026, 10, 23), d(2026, 10, 23), d(2026, 10, 24)]
    assert progress.streak(finished, d(2026, 10, 24)) == 3
    assert progress.streak(finished, d(2026, 10, 25)) == 3  # today still open: yesterday's streak holds
    assert progress.streak(finished, d(2026, 10, 26)) == 0
    assert progress.streak(finished, d(2026, 10, 21)) == 1
    assert progress.streak([], d(2026, 10, 24)) == 0


def test_progress_streak_comes_from_the_dates_days_were_finished(repo):
    make_mix(repo)  # day54 finished on the 23rd, day31 on the 24th
    assert "streak: 2 days in a row" in progress.table(progress.report(repo, today=TODAY))
    assert "streak: 2 days in a row" in progress.table(progress.report(repo, today="2026-10-25"))
    assert "streak: none" in progress.table(progress.report(repo, today="2026-10-26"))


def test_check_record_keeps_passing_since_while_it_passes_and_clears_it_on_a_failure(repo):
    t = [dt.datetime(2026, 10, 20 + i, 9, 0, tzinfo=UTC) for i in range(4)]
    ok, bad = [result("a", "passed")], [result("a", "failed")]
    assert record(repo, "day54", ok, 0, t[0])["passing_since"] == "2026-10-20T09:00:00+00:00"
    assert record(repo, "day54", ok, 0, t[1])["passing_since"] == "2026-10-20T09:00:00+00:00"
    failing = record(repo, "day54", bad, 1, t[2])
    assert (failing["all_passed"], failing["passing_since"]) == (False, None)
    assert record(repo, "day54", ok, 0, t[3])["passing_since"] == "2026-10-23T09:00:00+00:00"
    needs_gpu = record(repo, "day31", [result("a", "needs_gpu")], 0, t[0])
    assert needs_gpu["all_passed"] is False, "a day none of whose tests ran here is not passing"


# --- the real `ai100 check` leaves the record -------------------------------------------------------

def test_check_saves_a_record_each_run_even_twice_in_one_process(repo):
    """As in a notebook: the stub checked, then the solution checked in the same Python process."""
    code = ("import shutil, sys; from course_tools import check; "
            "a = check.main(day='day54'); shutil.copyfile(sys.argv[1], 'assignments/day54/attention.py'); "
            "b = check.main(day='day54'); print('codes', a, b)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI100_")}
    env.update(PYTHONPATH=str(repo), PYTHONDONTWRITEBYTECODE="1")
    first = repo / ".ai100/check/day54.json"
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "solutions/day54/attention.py")], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "codes 1 0" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    rec = json.loads(first.read_text(encoding="utf-8"))
    assert rec["day"] == "day54" and rec["all_passed"] is True
    assert rec["tests"] == rec["passed"] > 0 and rec["score"] == rec["max_score"] > 0
    assert rec["passing_since"] == rec["checked_at"]
    solution = (ROOT / "solutions/day54/attention.py").read_bytes()
    assert rec["files"] == {"attention.py": fingerprints.fingerprint(solution)}
    assert rows(progress.table(progress.report(repo, today=TODAY)))["day54"][2] == "visible tests pass"


# --- --plot -----------------------------------------------------------------------------------------

def test_progress_plot_writes_the_same_png_twice(repo, tmp_path, capsys):
    make_mix(repo)
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    assert progress.main(repo=str(repo), plot=str(first), today=TODAY) == 0
    assert progress.main(repo=str(repo), plot=str(second), today=TODAY) == 0
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert first.stat().st_size > 5000
    assert first.read_bytes() == second.read_bytes()
    assert f"chart written to {first}" in capsys.readouterr().out


def test_progress_plot_without_matplotlib_says_how_to_get_it(repo, tmp_path, monkeypatch, capsys):
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.patches", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    assert progress.main(repo=str(repo), plot=str(tmp_path / "p.png"), today=TODAY) == 1
    out, err = capsys.readouterr()
    assert "--plot needs matplotlib (pip install matplotlib" in err
    assert "day54" in out, "the table is still printed"
    assert not (tmp_path / "p.png").exists()


# --- --log ------------------------------------------------------------------------------------------

def _outside(text: str) -> str:
    start, end = text.index(progress_log.START), text.index(progress_log.END) + len(progress_log.END)
    return text[:start] + text[end:]


def test_progress_log_lists_finished_days_and_twice_changes_nothing(repo, capsys):
    make_mix(repo)
    readme = repo / "README.md"
    before = readme.read_text(encoding="utf-8")
    assert cli.main(["progress", "--repo", str(repo), "--log", "--today", TODAY]) == 0
    once = readme.read_bytes()
    assert cli.main(["progress", "--repo", str(repo), "--log", "--today", TODAY]) == 0
    assert readme.read_bytes() == once
    out = capsys.readouterr().out
    assert "progress log updated (2 finished days)" in out and "progress log already up to date" in out
    text = once.decode("utf-8")
    block = text[text.index(progress_log.START):text.index(progress_log.END)].splitlines()[1:]
    assert block == ["- Day 31 ✅ — First Triton kernels", "- Day 54 ✅ — Scaled dot-product attention in NumPy"]
    assert _outside(text) == _outside(before), "the rest of the README is the learner's"


def test_progress_log_adds_the_block_at_the_end_of_a_readme_without_one_keeping_crlf(repo):
    make_mix(repo)
    readme = repo / "README.md"
    readme.write_bytes(b"# My notes\r\n\r\nWhat I learnt.\r\n")
    rep = progress.report(repo, today=TODAY)
    assert progress.write_log(rep) is True
    text = readme.read_bytes().decode("utf-8")
    assert text.startswith("# My notes\r\n\r\nWhat I learnt.\r\n\r\n## Your progress\r\n\r\n")
    assert "- Day 54 ✅ — Scaled dot-product attention in NumPy\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    assert progress.write_log(rep) is False


def test_progress_log_refuses_broken_markers_and_writes_nothing(repo, capsys):
    readme = repo / "README.md"
    broken = readme.read_text(encoding="utf-8").replace(progress_log.END, "")
    readme.write_text(broken, encoding="utf-8")
    assert cli.main(["progress", "--repo", str(repo), "--log", "--today", TODAY]) == 2
    assert "progress markers are broken" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == broken


def test_progress_log_refuses_to_write_into_the_course_repo(capsys):
    before = (ROOT / "README.md").read_bytes()
    assert cli.main(["progress", "--repo", str(ROOT), "--log", "--today", TODAY]) == 2
    assert "is the course repository — `--log` writes a learner's README" in capsys.readouterr().err
    assert (ROOT / "README.md").read_bytes() == before


def test_progress_log_with_no_finished_day_says_so(repo):
    progress.write_log(progress.report(repo, today=TODAY))
    assert progress_log.EMPTY in (repo / "README.md").read_text(encoding="utf-8")


# --- the student repo keeps what progress needs -----------------------------------------------------

def test_student_repo_update_keeps_the_progress_log_and_older_stub_fingerprints(repo):
    make_mix(repo)
    progress.write_log(progress.report(repo, today=TODAY))
    logged = (repo / "README.md").read_text(encoding="utf-8")
    # a stub as an older build of the course shipped it, untouched by the learner
    old_stub = (repo / "assignments/day06/gradcheck.py").read_text(encoding="utf-8") + "\n# an older build\n"
    (repo / "assignments/day06/gradcheck.py").write_text(old_stub, encoding="utf-8")
    manifest = fingerprints.read_manifest(repo / fingerprints.MANIFEST)
    manifest["assignments/day06/gradcheck.py"].append(fingerprints.fingerprint(old_stub))
    (repo / fingerprints.MANIFEST).write_bytes(fingerprints.manifest_bytes(manifest))

    assert student_repo.main(out=repo, update=True, root=ROOT) == 0

    assert (repo / "README.md").read_text(encoding="utf-8") == logged
    assert len(fingerprints.read_manifest(repo / fingerprints.MANIFEST)["assignments/day06/gradcheck.py"]) == 2
    assert rows(progress.table(progress.report(repo, today=TODAY)))["day06"][2] == "not started"


def test_student_repo_ignores_local_records_but_tracks_the_stub_fingerprints(repo):
    if not shutil.which("git"):
        pytest.skip("needs git")
    make_mix(repo)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    listed = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=repo, env=env,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert fingerprints.MANIFEST in listed
    assert not [p for p in listed if p.startswith(".ai100/") and p != fingerprints.MANIFEST]
    assert "results.json" not in listed


# --- a notebook cell ----------------------------------------------------------------------------------

def test_show_prints_the_table_for_a_notebook_cell(repo, capsys, monkeypatch):
    make_mix(repo)
    monkeypatch.chdir(repo / "assignments" / "day54")  # a notebook runs beside the day's files
    assert progress.show(today=TODAY) is None
    out = capsys.readouterr().out
    assert rows(out)["day54"][2] == "visible tests pass"
    assert "\x1b[" not in out and "\r" not in out, "plain text: no terminal control codes"
