"""`ai100 mutate` counts a mutant as caught only when a test fails: a throughput measurement the
machine was too noisy to judge must never raise the figure."""

from __future__ import annotations

import pytest

from course_tools import catalog, mutate


def _result(name: str, status: str) -> dict:
    return {"name": name, "status": status}


@pytest.mark.parametrize("statuses, expected", [
    (["passed", "failed"], ("caught", "t1")),
    (["passed", "timeout"], ("caught", "t1")),
    (["inconclusive", "passed"], ("inconclusive", "t0")),
    (["inconclusive", "crashed"], ("caught", "t1")),
    (["passed", "needs_gpu"], ("survived", "")),
])
def test_verdict_counts_only_failures_as_caught(monkeypatch, statuses, expected):
    results = [_result(f"t{i}", s) for i, s in enumerate(statuses)]
    monkeypatch.setattr(mutate, "grade_day", lambda *a, **k: (results, None))
    cat = catalog.load()
    day = cat.day("day54")
    mutant = mutate.Mutant(file=day.files[0], line=1, description="x", source="")
    assert mutate._verdict(cat, day, mutant, timeout=5) == expected


def test_inconclusive_mutants_lower_the_share_and_are_listed(monkeypatch, capsys):
    verdicts = iter([("inconclusive", "t_speed")] + [("caught", "t")] * 8)
    monkeypatch.setattr(mutate, "_verdict", lambda *a: ("survived", "") if a[2].line == 0 else next(verdicts))
    monkeypatch.setattr(mutate, "mutants_of", lambda path: [
        mutate.Mutant(file=path.name, line=i + 1, description=f"m{i}", source="") for i in range(9)])
    code = mutate.main(day="day54", jobs=1)
    out = capsys.readouterr().out
    assert "caught 8/9 mutants (88.9%, 1 inconclusive)" in out, out
    assert "inconclusive" in out and "counted as not caught" in out
    assert code == 1
