"""The progress log in the learner's README: one line per finished day, between two marker comments.

    <!-- ai100 progress: one line per finished day, written by `ai100 progress --log` -->
    - Day 54 ✅ — Scaled dot-product attention in NumPy
    <!-- end ai100 progress -->

Only the lines between the markers are ever rewritten; a README without them gets the block (with
a "## Your progress" heading) at its end. The text depends only on which days are finished, so
writing it again changes nothing. The README's line endings (LF or CRLF) are kept.

Run its checks: pytest tests/test_progress.py
"""

from __future__ import annotations

from collections.abc import Iterable

from course_tools import catalog as _catalog

START = "<!-- ai100 progress: one line per finished day, written by `ai100 progress --log` -->"
END = "<!-- end ai100 progress -->"
HEADING = "## Your progress"
EMPTY = "_No day finished yet: when `ai100 check dayNN` passes, `ai100 progress --log` adds it here._"


def lines(finished: Iterable[_catalog.Day]) -> list[str]:
    """One Markdown list item per finished day, by day number."""
    return [f"- Day {day.number} ✅ — {day.title}" for day in sorted(finished, key=lambda d: d.number)] or [EMPTY]


def block(finished: Iterable[_catalog.Day], newline: str = "\n") -> str:
    return newline.join([START, *lines(finished), END])


def _span(text: str) -> tuple[int, int] | None:
    """(start of START, end of END) in `text`; None when absent; ValueError when the markers are broken."""
    starts, ends = text.count(START), text.count(END)
    if starts == 0 and ends == 0:
        return None
    if starts != 1 or ends != 1 or text.index(END) < text.index(START):
        raise ValueError(f"README.md: the progress markers are broken ({starts} start, {ends} end marker) — "
                         f"leave exactly one `{START}` followed by one `{END}`, or delete both and run "
                         "`ai100 progress --log` again; nothing was written")
    return text.index(START), text.index(END) + len(END)


def render(readme: str, finished: Iterable[_catalog.Day]) -> str:
    """The README with its progress block written (added at the end when it has none)."""
    newline = "\r\n" if "\r\n" in readme else "\n"
    span = _span(readme)
    if span is not None:
        head, tail = readme[:span[0]], readme[span[1]:]
        return head + block(finished, newline) + tail
    body = readme.rstrip("\r\n")
    lead = newline * 2 if body else ""
    return f"{body}{lead}{HEADING}{newline}{newline}{block(finished, newline)}{newline}"


def carried(old_readme: str, new_readme: str) -> str:
    """`new_readme` holding `old_readme`'s progress lines (for `ai100 student-repo --update`).

    The new README keeps its own markers and place; without a block in the old one, or without
    markers in the new one, the new README is returned as it is.
    """
    try:
        old_span, new_span = _span(old_readme), _span(new_readme)
    except ValueError:
        return new_readme
    if old_span is None or new_span is None:
        return new_readme
    newline = "\r\n" if "\r\n" in new_readme else "\n"
    inner = old_readme[old_span[0] + len(START):old_span[1] - len(END)].replace("\r\n", "\n").strip("\n")
    middle = newline.join([START, *inner.split("\n"), END]) if inner else newline.join([START, END])
    return new_readme[:new_span[0]] + middle + new_readme[new_span[1]:]
