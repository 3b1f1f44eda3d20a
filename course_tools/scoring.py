"""Scores from per-test results, the score table, and the two report formats.

A result is a dict: nodeid, name, file, points, status, message, duration, gpu. Statuses:
passed (full points), failed, timeout, crashed, not_attempted, skipped (zero points, counted in
the maximum), needs_gpu (not graded on this machine) and inconclusive (a throughput measurement
too noisy to judge): the last two are left out of the maximum.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Iterable

STATUS_LABEL = {
    "passed": "passed",
    "failed": "FAILED",
    "timeout": "TIMEOUT",
    "crashed": "CRASHED",
    "not_attempted": "not attempted",
    "skipped": "skipped (0)",
    "needs_gpu": "needs GPU",
    "inconclusive": "inconclusive",
}


def earned(result: dict[str, Any]) -> float:
    return float(result["points"]) if result["status"] == "passed" else 0.0


def counts(result: dict[str, Any]) -> bool:
    """Whether the test is part of the maximum score on this machine."""
    return result["status"] not in ("needs_gpu", "inconclusive")


def totals(results: Iterable[dict[str, Any]]) -> tuple[float, float]:
    results = list(results)
    return (sum(earned(r) for r in results if counts(r)), sum(float(r["points"]) for r in results if counts(r)))


def _fmt(x: float) -> str:
    return f"{x:g}"


def score_table(results: list[dict[str, Any]], title: str = "") -> str:
    width = min(64, max([len(r["name"]) for r in results] + [10]))
    lines = [title] if title else []
    lines.append(f"{'test':<{width}}  {'status':<14} points")
    for r in results:
        name = r["name"] if len(r["name"]) <= width else r["name"][:width - 1] + "…"
        pts = f"{_fmt(earned(r))}/{_fmt(r['points'])}" if counts(r) else f"-/{_fmt(r['points'])}"
        lines.append(f"{name:<{width}}  {STATUS_LABEL.get(r['status'], r['status']):<14} {pts}")
    got, out_of = totals(results)
    lines.append(f"{'score':<{width}}  {'':<14} {_fmt(got)}/{_fmt(out_of)}")
    return "\n".join(lines)


def gradescope(results_by_day: dict[str, list[dict[str, Any]]], *, output: str = "") -> dict[str, Any]:
    """Gradescope's results.json: top-level score, and one entry per test."""
    tests = []
    for day, results in results_by_day.items():
        for r in results:
            status = "passed" if r["status"] == "passed" else "failed"
            entry = {
                "name": f"{day}: {r['name']}",
                "score": earned(r),
                "max_score": float(r["points"]) if counts(r) else 0.0,
                "output": (STATUS_LABEL.get(r["status"], r["status"]) + (f"\n{r['message']}" if r["message"] else "")),
                "visibility": "visible",
            }
            if counts(r):  # a test left out of the score is neither passed nor failed
                entry["status"] = status
            tests.append(entry)
    score = sum(t["score"] for t in tests)
    return {"score": score, "output": output, "visibility": "visible", "stdout_visibility": "hidden",
            "tests": tests}


def classroom(day: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The GitHub Classroom grading-reporter payload for one day (one runner)."""
    tests = []
    for r in results:
        if not counts(r):
            continue
        tests.append({
            "name": r["name"],
            "status": "pass" if r["status"] == "passed" else ("error" if r["status"] == "crashed" else "fail"),
            "score": earned(r),
            "message": r["message"][:1000],
            "test_code": r["nodeid"],
            "filename": r.get("file", ""),
            "line_no": 0,
            "execution_time": f"{r.get('duration', 0.0):.2f}s",
        })
    got, out_of = totals(results)
    status = "pass" if got == out_of else "fail"
    return {"version": 1, "status": status, "max_score": out_of, "tests": tests}


def classroom_encoded(payload: dict[str, Any]) -> str:
    """Base64 of the payload's JSON, as the reporter reads it from `<RUNNER>_RESULTS`."""
    return base64.b64encode(json.dumps(payload).encode("utf-8")).decode("ascii")
