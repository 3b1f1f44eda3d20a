"""`ai100`: help with examples for every verb, errors that say the fix, and a fresh build of day 54.

Run: pytest tests/test_cli.py
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools import cli

ROOT = Path(__file__).resolve().parents[1]
VERBS = ["check", "grade", "build", "validate", "mutate", "new", "gradebook", "collect", "student-repo", "release",
         "schedule", "progress", "nbgrader", "notebook", "sync"]


def run_main(argv, capsys) -> tuple[int, str, str]:
    """cli.main in this process: (exit code, stdout, stderr); argparse's SystemExit becomes the code."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_knows_every_documented_verb():
    assert sorted(cli.VERBS) == sorted(VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_cli_verb_help_shows_an_example(verb, capsys):
    code, out, _ = run_main([verb, "--help"], capsys)
    assert code == 0
    example = [line for line in out.splitlines() if line.startswith("example:")]
    assert example, f"`ai100 {verb} --help` has no example line:\n{out}"
    assert f"ai100 {verb}" in example[0]


def test_cli_top_level_help_shows_an_example(capsys):
    code, out, _ = run_main(["--help"], capsys)
    assert code == 0
    assert any(line.startswith("example:") for line in out.splitlines())
    for verb in VERBS:
        assert verb in out


def test_cli_without_a_verb_prints_usage_and_exits_2(capsys):
    code, out, _ = run_main([], capsys)
    assert code == 2
    assert "usage" in out.lower()


@pytest.mark.parametrize("verb", VERBS)
def test_cli_verb_module_has_main(verb):
    module = importlib.import_module(cli.VERBS[verb][0])
    assert callable(getattr(module, "main", None))


def test_cli_check_unknown_day_exits_2_naming_it():
    proc = subprocess.run([sys.executable, "-m", "course_tools.cli", "check", "day99"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 2
    assert "no day 'day99'" in proc.stderr
    assert "day54" in proc.stderr  # the defined days, so the learner sees what to type
    assert "Traceback" not in proc.stderr


def test_cli_malformed_day_exits_2_with_the_fix(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, _, err = run_main(["check", "day5x"], capsys)
    assert code == 2
    assert "no day 'day5x'" in err
    assert "day01…day100" in err


def test_cli_build_check_day54_is_fresh(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run_main(["build", "--check", "day54"], capsys)
    assert code == 0, f"`ai100 build --check day54` reports stale files:\n{out}\n{err}"
    assert "day54: fresh" in out
