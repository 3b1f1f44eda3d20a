"""`ai100 grade day54` on submissions nobody wrote for the reference: the acceptance of the engine.

Correct answers written differently get full marks; each classic mistake gets partial marks and a
message naming it; hostile submissions (exit at import, hang, flood, crash, a conftest.py that
forces passes, calling torch) still produce a results.json, lose only their own tests' points,
and never gain any. Every submission is graded through the real command line, two at a time.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.grading_helpers import grade_cli, require_sandbox

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = (ROOT / "solutions/day54/attention.py").read_text(encoding="utf-8")
WRITTEN = ROOT / "tests/submissions/day54"
CALL = "    return attention_weights(q, k, mask) @ v  # (..., Lq, dv)"

# name → (text in the reference, what the learner wrote instead)
EDITS = {
    "mistake_no_scaling": ("* (1.0 / d ** 0.5)", ""),
    "mistake_wrong_axis": ("return softmax(scores, axis=-1)", "return softmax(scores, axis=-2)"),
    "mistake_no_max_subtraction": ("    shifted = x - np.max(x, axis=axis, keepdims=True)\n    e = np.exp(shifted)\n",
                                   "    e = np.exp(x)\n"),
    "mistake_mask_after_softmax": (
        "    if mask is not None:\n        scores = np.where(mask, scores, -np.inf)\n    return softmax(scores, axis=-1)",
        "    w = softmax(scores, axis=-1)\n    if mask is not None:\n        w = np.where(mask, w, 0.0)\n    return w"),
    "mistake_mask_keeps_future": ("np.tril(np.ones((n, n), dtype=bool))", "np.triu(np.ones((n, n), dtype=bool))"),
    "mistake_mutates_input": (
        "    shifted = x - np.max(x, axis=axis, keepdims=True)\n    e = np.exp(shifted)\n"
        "    return e / np.sum(e, axis=axis, keepdims=True)",
        "    x -= np.max(x, axis=axis, keepdims=True)\n    np.exp(x, out=x)\n"
        "    x /= np.sum(x, axis=axis, keepdims=True)\n    return x"),
    "mistake_python_loops": (CALL, """    w = attention_weights(q, k, mask)
    out = np.zeros(w.shape[:-1] + (v.shape[-1],), dtype=q.dtype)
    for idx in np.ndindex(*out.shape):
        *lead, i, j = idx
        total = 0.0
        for t in range(w.shape[-1]):
            total += w[(*lead, i, t)] * v[(*lead, t, j)]
        out[idx] = total
    return out"""),
    "cheat_calls_torch": (CALL, """    import torch
    import torch.nn.functional as F
    m = None if mask is None else torch.from_numpy(np.broadcast_to(mask, q.shape[:-1] + (k.shape[-2],)).copy())
    return F.scaled_dot_product_attention(*[torch.from_numpy(a) for a in (q, k, v)], attn_mask=m).numpy()"""),
    "hostile_exit_at_import": ("import numpy as np\n", "import sys\n\nimport numpy as np\n\nsys.exit(0)\n"),
    "hostile_os_exit_at_import": ("import numpy as np\n", "import os\n\nimport numpy as np\n\nos._exit(3)\n"),
    "hostile_hangs": ("    return np.tril(np.ones((n, n), dtype=bool))", """    import signal
    signal.signal(signal.SIGALRM, signal.SIG_IGN)  # dodge the in-process timeout
    while True:
        pass"""),
    "hostile_floods_output": (CALL, """    import sys
    for _ in range(20):
        sys.stdout.write("x" * 1_000_000)
    return attention_weights(q, k, mask) @ v"""),
    "hostile_segfaults": (CALL, """    import ctypes
    ctypes.string_at(0)
    return attention_weights(q, k, mask) @ v"""),
}
WRITTEN_ANSWERS = ["correct_einsum", "correct_batch_loop"]


def _make(tmp: Path, name: str) -> Path:
    day = tmp / name / "assignments" / "day54"
    day.mkdir(parents=True)
    if name in EDITS:
        old, new = EDITS[name]
        assert old in SOLUTION, f"the reference changed: update EDITS[{name!r}]"
        (day / "attention.py").write_text(SOLUTION.replace(old, new), encoding="utf-8")
    elif name == "conftest_forces_passes":
        shutil.copy(ROOT / "assignments/day54/attention.py", day / "attention.py")  # the untouched stub
        shutil.copy(WRITTEN / "conftest_forces_passes/conftest.py", day / "conftest.py")
    else:
        shutil.copy(WRITTEN / f"{name}.py", day / "attention.py")
    return tmp / name


# Every case is graded both ways: in the grading process, and with --sandbox (learner code in a
# bubblewrap worker), which must judge every submission the same.
@pytest.fixture(scope="module", params=["in-process", "sandbox"])
def graded(request, tmp_path_factory) -> dict[str, dict]:
    options = ("--sandbox",) if request.param == "sandbox" else ()
    if options:
        require_sandbox()
    tmp = tmp_path_factory.mktemp(f"day54-submissions-{request.param}")
    names = [*WRITTEN_ANSWERS, *EDITS, "conftest_forces_passes"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(lambda sub: grade_cli(sub, *options, *_timeout(sub.name)),
                                        [_make(tmp, n) for n in names])))


def _timeout(name: str) -> list[str]:
    return ["--timeout", "4"] if name == "hostile_hangs" else []  # each hanging test waits this long


MAX = 51.0
pytestmark = pytest.mark.timeout(1200)  # the module fixture grades every submission once


def _max(data: dict) -> float:
    return sum(t["max_score"] for t in data["tests"])


def _failed(data: dict) -> list[dict]:
    return [t for t in data["tests"] if t["status"] == "failed"]


def _by_prefix(data: dict, prefix: str) -> list[dict]:
    return [t for t in data["tests"] if t["name"].startswith(f"day54: {prefix}")]


@pytest.mark.slow
@pytest.mark.parametrize("name", WRITTEN_ANSWERS)
def test_grade_gives_full_marks_to_correct_answers_written_differently(graded, name):
    data = graded[name]
    assert _max(data) == MAX
    assert data["score"] == MAX, [t["output"] for t in _failed(data)]


@pytest.mark.slow
@pytest.mark.parametrize("name, named", [
    ("mistake_no_scaling", "no 1/√d scaling"),
    ("mistake_wrong_axis", "softmax over the queries"),
    ("mistake_no_max_subtraction", "no max subtraction"),
    ("mistake_mask_after_softmax", "mask applied after the softmax"),
    ("mistake_mask_keeps_future", "keeps the future"),
    ("mistake_mutates_input", "modified its input x in place"),
    ("mistake_python_loops", "test_attention_throughput"),
])
def test_grade_gives_partial_marks_and_names_classic_mistakes(graded, name, named):
    data = graded[name]
    assert 0 < data["score"] < MAX, f"{name} scored {data['score']}"
    assert any(named in t["output"] or named in t["name"] for t in _failed(data)), \
        [t["output"][:300] for t in _failed(data)][:3]


@pytest.mark.slow
def test_grade_flags_a_submission_that_calls_torch(graded):
    data = graded["cheat_calls_torch"]
    attention = [t for t in data["tests"] if "test_attention_matches" in t["name"] or "throughput" in t["name"]]
    # named from the source before the call (import_scan), or by the tripwire during it
    assert attention and all(t["status"] == "failed" and "not allowed here" in t["output"]
                             and ("called torch" in t["output"] or "uses torch" in t["output"]) for t in attention)
    assert data["score"] < MAX


@pytest.mark.slow
@pytest.mark.parametrize("name, says", [("hostile_exit_at_import", "called exit(0)"),
                                        ("hostile_os_exit_at_import", "exited with code 3 while importing attention.py")])
def test_grade_completes_when_the_submission_exits_at_import(graded, name, says):
    data = graded[name]
    assert data["score"] == 0 and _max(data) == MAX
    assert all(says in t["output"] for t in data["tests"])


@pytest.mark.slow
def test_grade_stops_a_hang_and_keeps_other_points(graded):
    data = graded["hostile_hangs"]
    hung = _by_prefix(data, "test_causal_mask")
    assert hung and all("TIMEOUT" in t["output"] for t in hung)
    assert all(t["status"] == "passed" for t in _by_prefix(data, "test_softmax"))
    assert all(t["status"] == "passed" for t in _by_prefix(data, "test_attention_weights_matches"))


@pytest.mark.slow
def test_grade_caps_flooded_output(graded):
    data = graded["hostile_floods_output"]
    assert data["_bytes"] < 200_000  # 20 MB printed per call; the report keeps only its head and tail
    # Printing is not wrong, only noisy: every correctness test passes. (Writing 20 MB inside each
    # timed call may legitimately cost the throughput test.)
    assert all(t["status"] == "passed" for t in data["tests"] if "throughput" not in t["name"])


@pytest.mark.slow
def test_grade_limits_a_crash_to_the_tests_that_crash(graded):
    data = graded["hostile_segfaults"]
    crashed = _by_prefix(data, "test_attention_matches") + _by_prefix(data, "test_attention_throughput")
    assert crashed and all("SIGSEGV" in t["output"] for t in crashed)
    assert all(t["status"] == "passed" for t in _by_prefix(data, "test_softmax") + _by_prefix(data, "test_causal"))


@pytest.mark.slow
def test_grade_ignores_a_learner_conftest_that_forces_passes(graded):
    data = graded["conftest_forces_passes"]
    assert data["score"] == 0
    assert all(t["output"].startswith("not attempted") for t in data["tests"])
