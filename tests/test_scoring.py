"""Scores and reports: Gradescope's results.json, the GitHub Classroom payload and the score table.

Expected reports are written out by hand from the results below.
Run: pytest tests/test_scoring.py
"""

import base64
import json

import pytest

from course_tools.scoring import classroom, classroom_encoded, gradescope, score_table, totals


def result(name: str, status: str, points: float, message: str = "") -> dict:
    return {"nodeid": f"graders/day54/test_attention.py::{name}", "name": name, "file": "test_attention.py",
            "points": points, "status": status, "message": message, "duration": 0.25, "gpu": status == "needs_gpu"}


@pytest.fixture
def results() -> list[dict]:
    return [
        result("test_softmax_rows_sum_to_one", "passed", 3),
        result("test_attention_matches_reference", "failed", 2, "values differ"),
        result("test_causal_mask_shape", "not_attempted", 4, "not attempted: day54: causal_mask — see README"),
        result("test_attention_throughput_gpu", "needs_gpu", 5, "needs GPU: not graded here"),
        result("test_attention_hangs", "timeout", 1, "stopped after the time limit"),
        result("test_softmax_crash", "crashed", 1, "the process died"),
        result("test_softmax_optional", "skipped", 1, "skipped: no scipy"),
    ]


# Earned: 3 (the one pass). Maximum: 3 + 2 + 4 + 1 + 1 + 1 = 12 (the GPU test's 5 left out on this machine).
EARNED, MAXIMUM = 3.0, 12.0


def test_totals_leave_needs_gpu_out_of_the_maximum(results):
    assert totals(results) == (EARNED, MAXIMUM)


def test_totals_leave_inconclusive_throughput_out_of_the_maximum():
    results = [result("test_a", "passed", 2), result("test_attention_throughput", "inconclusive", 3)]
    assert totals(results) == (2.0, 2.0)
    assert classroom("day54", results)["status"] == "pass"


def test_gradescope_matches_hand_written_report(results):
    report = gradescope({"day54": results})
    expected_tests = [
        ("day54: test_softmax_rows_sum_to_one", 3.0, 3.0, "passed"),
        ("day54: test_attention_matches_reference", 0.0, 2.0, "failed"),
        ("day54: test_causal_mask_shape", 0.0, 4.0, "failed"),
        ("day54: test_attention_throughput_gpu", 0.0, 0.0, None),  # not graded here: neither passed nor failed
        ("day54: test_attention_hangs", 0.0, 1.0, "failed"),
        ("day54: test_softmax_crash", 0.0, 1.0, "failed"),
        ("day54: test_softmax_optional", 0.0, 1.0, "failed"),
    ]
    got_tests = [(t["name"], t["score"], t["max_score"], t.get("status")) for t in report["tests"]]
    assert got_tests == expected_tests
    assert report["score"] == EARNED
    assert sum(t["max_score"] for t in report["tests"]) == MAXIMUM
    json.dumps(report)  # the file Gradescope reads must serialise


def test_gradescope_schema(results):
    report = gradescope({"day54": results, "day02": [result("test_mlp_forward", "passed", 2)]})
    assert isinstance(report["score"], (int, float))
    assert report["score"] == EARNED + 2
    assert len(report["tests"]) == len(results) + 1
    for t in report["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= set(t)
        # status is optional in Gradescope's format; a test left out of the score carries none
        assert t.get("status") in ({"passed", "failed"} if t["max_score"] else {None})
        assert isinstance(t["score"], float) and isinstance(t["max_score"], float)
        assert isinstance(t["output"], str)
        assert t["visibility"] in {"visible", "hidden", "after_due_date", "after_published"}
    assert report["tests"][-1]["name"] == "day02: test_mlp_forward"


def test_gradescope_not_attempted_scores_zero_and_says_so(results):
    entry = next(t for t in gradescope({"day54": results})["tests"] if t["name"].endswith("test_causal_mask_shape"))
    assert entry["score"] == 0.0
    assert "not attempted" in entry["output"]
    assert "day54: causal_mask" in entry["output"]


def test_gradescope_failure_output_carries_the_message(results):
    entry = next(t for t in gradescope({"day54": results})["tests"] if t["name"].endswith("matches_reference"))
    assert "values differ" in entry["output"]


def test_classroom_payload_matches_hand_written(results):
    payload = classroom("day54", results)
    assert payload["version"] == 1
    assert payload["status"] == "fail"
    assert payload["max_score"] == MAXIMUM
    expected = [
        ("test_softmax_rows_sum_to_one", "pass", 3.0, ""),
        ("test_attention_matches_reference", "fail", 0.0, "values differ"),
        ("test_causal_mask_shape", "fail", 0.0, "not attempted: day54: causal_mask — see README"),
        ("test_attention_hangs", "fail", 0.0, "stopped after the time limit"),
        ("test_softmax_crash", "error", 0.0, "the process died"),
        ("test_softmax_optional", "fail", 0.0, "skipped: no scipy"),
    ]
    assert [(t["name"], t["status"], t["score"], t["message"]) for t in payload["tests"]] == expected


def test_classroom_status_pass_when_everything_counted_passes():
    results = [result("test_a", "passed", 2), result("test_b", "passed", 3), result("test_gpu", "needs_gpu", 4)]
    payload = classroom("day54", results)
    assert payload["status"] == "pass"
    assert payload["max_score"] == 5.0
    assert sum(t["score"] for t in payload["tests"]) == 5.0


def test_classroom_message_is_capped():
    payload = classroom("day54", [result("test_a", "failed", 1, "x" * 5000)])
    assert 0 < len(payload["tests"][0]["message"]) <= 1000


def test_classroom_encoded_decodes_to_the_same_payload(results):
    payload = classroom("day54", results)
    encoded = classroom_encoded(payload)
    assert encoded.isascii()
    assert json.loads(base64.b64decode(encoded).decode("utf-8")) == payload


def test_score_table_lists_every_test_and_the_total(results):
    table = score_table(results, title="day54 — attention")
    lines = table.splitlines()
    assert lines[0] == "day54 — attention"
    for r in results:
        row = next((line for line in lines if line.startswith(r["name"] + " ")), None)
        assert row is not None, f"{r['name']} missing from\n{table}"
    assert lines[-1].split()[0] == "score"
    assert lines[-1].split()[-1] == "3/12"
    by_name = {line.split()[0]: line.split()[-1] for line in lines[2:-1]}
    assert by_name["test_softmax_rows_sum_to_one"] == "3/3"
    assert by_name["test_attention_matches_reference"] == "0/2"
    assert by_name["test_attention_throughput_gpu"] == "-/5"  # not graded here: not in the total either


def test_score_table_labels_statuses(results):
    table = score_table(results)
    row = {line.split()[0]: line for line in table.splitlines()}
    assert "not attempted" in row["test_causal_mask_shape"]
    assert "needs GPU" in row["test_attention_throughput_gpu"]
    assert "TIMEOUT" in row["test_attention_hangs"]
    assert "CRASHED" in row["test_softmax_crash"]
