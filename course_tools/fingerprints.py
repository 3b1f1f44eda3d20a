"""Fingerprints of module files, and the stub manifest that tells an untouched day from a started one.

A fingerprint is the SHA-256 of a file's text with line endings made `\\n`, trailing spaces
dropped and trailing blank lines dropped: a checkout that turned LF into CRLF, or an editor that
trims whitespace, leaves it unchanged; any other edit changes it.

`ai100 student-repo` writes `.ai100/stubs.json` into the learner's repo (a course file, committed
with it): for each learner module file, the fingerprints of the stub as the course shipped it.
`--update` adds the current stub's fingerprint and keeps the older ones, so a file the learner
never touched still counts as untouched after the course rebuilt its stub.

Run its checks: pytest tests/test_progress.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = ".ai100/stubs.json"
ABOUT = ("Written by `ai100 student-repo`: fingerprints of each stub as the course shipped it, so that "
         "`ai100 progress` can tell a day you have not started from one you have. The course's file: "
         "leave it as it is.")


def fingerprint(data: bytes | str) -> str:
    """The SHA-256 (hex) of the text with line endings, trailing spaces and trailing blank lines normalised."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def manifest_bytes(stubs: dict[str, list[str]]) -> bytes:
    """The manifest's file content: byte-stable (sorted paths, sorted fingerprints)."""
    body = {"about": ABOUT, "stubs": {rel: sorted(set(prints)) for rel, prints in sorted(stubs.items())}}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(path: Path) -> dict[str, list[str]]:
    """repo-relative path → stub fingerprints; {} when the file is absent.

    ValueError (saying which file and what to do) when it is there but cannot be read.
    """
    if not path.is_file():
        return {}
    try:
        stubs = json.loads(path.read_text(encoding="utf-8"))["stubs"]
        if not isinstance(stubs, dict) or not all(isinstance(v, list) and all(isinstance(h, str) for h in v)
                                                  for v in stubs.values()):
            raise TypeError("stubs is not a map of path → list of fingerprints")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a stub manifest ({exc}) — restore it with "
                         f"`git checkout -- {MANIFEST}`") from None
    return {str(rel): list(prints) for rel, prints in stubs.items()}


def merged(old: dict[str, list[str]], new: dict[str, list[str]]) -> dict[str, list[str]]:
    """The new manifest, keeping every older fingerprint of a path it still lists."""
    return {rel: sorted(set(prints) | set(old.get(rel, []))) for rel, prints in new.items()}
