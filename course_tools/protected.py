"""Protected files of a learner repo: the files the course owns, compared with the course's copies.

The Classroom workflow, each graded day's visible tests and its recorded reference values are
the course's, not the learner's. Grading never reads the learner's copies — the hidden graders
and references come from the course checkout — so an edited one cannot change a score; it is
reported (results.json "protected_files", and the printed summary) so the instructor sees it.
A copy can also differ because the learner's repo was made from an older course build: the
report says both possibilities, and `ai100 student-repo --update` refreshes them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from course_tools import catalog as _catalog
from course_tools.student_repo import WORKFLOW, plan


def _protected(rel: str, days: list[_catalog.Day]) -> bool:
    if rel == WORKFLOW:
        return True
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "assignments" or parts[1] not in {d.name for d in days}:
        return False
    return parts[2] == "reference_values.npz" or (parts[2].startswith("test_") and parts[2].endswith(".py"))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(cat: _catalog.Catalog, repo: Path, days: list[_catalog.Day]) -> list[dict[str, Any]]:
    """One finding per protected file that is missing from `repo` or differs from the course's copy."""
    findings = []
    student_repo = (repo / "course.toml").is_file()  # else a bare folder of day folders: absence says nothing
    for rel, planned in sorted(plan(cat).items()):
        if planned.learner or not _protected(rel, days):
            continue
        path = repo / rel
        if path.is_symlink() or not path.is_file():
            if student_repo or path.is_symlink():
                findings.append({"path": rel, "status": "missing", "expected_sha256": _digest(planned.data)})
            continue
        got = _digest(path.read_bytes())
        if got != _digest(planned.data):
            findings.append({"path": rel, "status": "changed", "sha256": got, "expected_sha256": _digest(planned.data)})
    return findings


def summary(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return ""
    lines = ["protected files that differ from the course's copies (grading used the course's own; "
             "edited, or from an older course build — `ai100 student-repo --update` restores them):"]
    lines += [f"  {f['status']}: {f['path']}" for f in findings]
    return "\n".join(lines)
