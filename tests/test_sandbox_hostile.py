"""`ai100 grade --sandbox` against cheats: none of them raises a score.

Each cheat is graded twice. Without the sandbox it is a control: it must work there (find the
reference, read the token, patch the checker, forge results), or this test would prove nothing.
With --sandbox it must get nothing. Exiting at import, hanging, flooding output, crashing and a
planted conftest.py are graded with and without the sandbox in test_grade_day54.py.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from course_tools import student_repo
from tests.grading_helpers import grade_cli, require_sandbox

ROOT = Path(__file__).resolve().parents[1]
WRITTEN = ROOT / "tests/submissions/day54"
CHEATS = ["cheat_searches_disk", "cheat_reads_secrets", "cheat_patches_checker", "cheat_forges_results"]
SECRETS = {"GITHUB_TOKEN": "ghp_token_for_the_test", "AI100_COURSE_TOKEN": "course_token_for_the_test"}
HIDDEN_SEED = "hidden-seed-for-the-test"
MAX = 51.0

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[tuple[str, str], dict]:
    require_sandbox()
    tmp = tmp_path_factory.mktemp("cheats")
    env = {**os.environ, **SECRETS}
    jobs = []
    for name in CHEATS:
        for mode in ("in-process", "sandbox"):
            day = tmp / f"{name}-{mode}" / "assignments" / "day54"
            day.mkdir(parents=True)
            shutil.copy(WRITTEN / f"{name}.py", day / "attention.py")
            options = ["--seed", HIDDEN_SEED, *(["--sandbox"] if mode == "sandbox" else [])]
            jobs.append(((name, mode), day.parent.parent, options))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda job: grade_cli(job[1], *job[2], env=env), jobs)
        return {key: data for (key, _, _), data in zip(jobs, results)}


def _text(data: dict) -> str:
    return json.dumps(data)


def test_searching_for_the_reference_finds_nothing_in_the_sandbox(graded):
    assert graded["cheat_searches_disk", "in-process"]["score"] == MAX, "control: the cheat should work unsandboxed"
    data = graded["cheat_searches_disk", "sandbox"]
    assert data["score"] == 0
    assert all("no reference solution found anywhere" in t["output"] for t in data["tests"])


def test_secrets_and_the_hidden_seed_are_out_of_reach_in_the_sandbox(graded):
    control = _text(graded["cheat_reads_secrets", "in-process"])
    assert "ghp_token_for_the_test" in control and HIDDEN_SEED in control, "control: the cheat should see them"
    data = graded["cheat_reads_secrets", "sandbox"]
    assert data["score"] == 0
    assert all("LEAKED {}" in t["output"] for t in data["tests"])  # it ran, and found nothing
    for secret in (*SECRETS.values(), HIDDEN_SEED):
        assert secret not in _text(data) and secret not in data["_stdout"]


def test_patching_the_checker_changes_nothing_in_the_sandbox(graded):
    assert graded["cheat_patches_checker", "in-process"]["score"] > 0, "control: the patch should work unsandboxed"
    data = graded["cheat_patches_checker", "sandbox"]
    assert data["score"] == 0
    assert all(t["status"] == "failed" for t in data["tests"])


def test_forged_result_lines_cannot_reach_the_grader_from_the_sandbox(graded):
    assert graded["cheat_forges_results", "in-process"]["score"] > 0, "control: forging should work unsandboxed"
    assert graded["cheat_forges_results", "sandbox"]["score"] == 0


def test_edited_visible_tests_and_references_change_nothing_and_are_reported(tmp_path):
    require_sandbox()
    repo = tmp_path / "learner"
    assert student_repo.main(out=repo, root=ROOT) == 0
    day = repo / "assignments" / "day54"
    (day / "test_attention.py").write_text("def test_everything():\n    pass\n")
    with zipfile.ZipFile(day / "reference_values.npz", "w") as zf:
        zf.writestr("index.json", "{}")
    workflow = repo / student_repo.WORKFLOW
    workflow.write_text(workflow.read_text().replace("grade ", "grade --help ", 1))
    data = grade_cli(repo, "--sandbox")
    assert data["score"] == 0  # the stub, still: the learner's tests are never what grades it
    changed = {f["path"]: f["status"] for f in data["protected_files"]}
    assert changed == {"assignments/day54/test_attention.py": "changed",
                       "assignments/day54/reference_values.npz": "changed", student_repo.WORKFLOW: "changed"}
    assert "changed: assignments/day54/test_attention.py" in data["output"]
