"""The result stream: one JSON line per event, written by the child process, read by the grader.

Lines are flushed at once, so whatever the child managed to report survives its crash.
"""

from __future__ import annotations

import json
import os
from typing import Any


def emit(event: str, **fields: Any) -> None:
    path = os.environ.get("AI100_RESULTS_STREAM")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"event": event, **fields}) + "\n")
        fh.flush()


def read(path: str | os.PathLike, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Complete lines from `offset` on, and the offset after them (a torn last line waits)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return [], offset
    events, consumed = [], 0
    for line in data.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break
        consumed += len(line)
        try:
            events.append(json.loads(line))
        except ValueError:
            continue  # a line the child mangled is ignored, never trusted
    return events, offset + consumed
