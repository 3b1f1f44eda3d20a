"""The leak scan: no line of any solution region, and no marker text, may reach a learner's file.

`solution_needles(course_root)` collects the code lines of every solution region (blank,
comment-only and very short lines aside); `scan_bytes` looks for them, and for the marker text, in
one file's bytes (zip/npz members and notebook cells included); `leak_scan(folder, course_root)`
scans a folder on disk. ALLOWED_OVERLAPS lists the few lines a day hands out on purpose.

Run its checks: pytest tests/test_student_repo.py
"""

from __future__ import annotations

import io
import json
import re
import textwrap
import tokenize
import zipfile
from pathlib import Path

from course_tools.markers import make_stub, solution_bodies

MIN_CHARS = 12  # solution lines with fewer non-space characters (`return x`) are too generic to scan for
MIN_CONTINUATION_CHARS = 30  # the same for the second and later lines of one statement
MARKER_RE = re.compile(r"###\s*(BEGIN|END)\s+SOLUTION")
SKIP_PARTS = {".git", "__pycache__", ".ipynb_checkpoints", ".pytest_cache"}

ALLOWED_OVERLAPS: dict[tuple[str, str], str] = {
    ("assignments/day31/README.md", "mask = offsets < n_elements"):
        "the day's README hands this line out as a hint (step 2)",
    ("assignments/day31/README.md", "grid = (triton.cdiv(n, ADD_BLOCK_SIZE),)"):
        "the day's README hands this line out as a hint (step 2)",
}


def _squash(text: str) -> str:
    return "".join(text.split())


def _code_lines(body: str, needles_only: bool = False) -> list[str]:
    """The body's lines with their comments removed (tokenize knows a '#' inside a string).

    needles_only keeps the lines worth scanning for: no docstring or other bare string (prose, which
    READMEs may well share), no import (which library a day uses is no secret), and no short
    continuation line (`dtype=object)` closes a thousand calls).
    """
    text = textwrap.dedent(body)
    lines = text.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line.split("  #", 1)[0] for line in lines]
    cuts = {tok.start[0]: tok.start[1] for tok in tokens if tok.type == tokenize.COMMENT}
    code = [lines[i][:cuts[i + 1]] if i + 1 in cuts else lines[i] for i in range(len(lines))]
    if not needles_only:
        return code
    skip: set[int] = set()
    continuation: set[int] = set()
    statement: list[tokenize.TokenInfo] = []
    for tok in tokens:
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
            continue
        if tok.type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
            statement.append(tok)
            continue
        if statement:
            first, last = statement[0].start[0], statement[-1].end[0]
            if all(t.type == tokenize.STRING for t in statement) or \
                    (statement[0].type == tokenize.NAME and statement[0].string in ("import", "from")):
                skip.update(range(first, last + 1))
            continuation.update(range(first + 1, last + 1))
        statement = []
    return [line for n, line in enumerate(code, start=1)
            if n not in skip and (n not in continuation or len(_squash(line)) >= MIN_CONTINUATION_CHARS)]


def _day_of(path: Path) -> str | None:
    match = re.search(r"day\d+", path.as_posix())
    return match.group(0) if match else None


def _public_texts(course_root: Path) -> dict[str | None, str]:
    """What learners get that no build wrote from a solution region, squashed line by line: the
    engine, its fixtures and every stub (key None), and each day's visible tests and README (key:
    day). Fixtures are kit code the course's authors ship on purpose (day 13's are correct answers,
    by design), so a line there is public for every day."""
    texts: dict[str | None, list[str]] = {}

    def add(lines: list[str], day: str | None) -> None:
        texts.setdefault(day, []).extend(_squash(line) for line in lines)

    root = course_root
    for path in sorted((root / "course_tools").glob("*.py")) + sorted((root / "course_tools" / "fixtures").glob("*.py")):
        add(_code_lines(path.read_text(encoding="utf-8")), None)
    for path in sorted((root / "solutions").rglob("*.py")):
        if not SKIP_PARTS & set(path.parts):
            add(_code_lines(make_stub(path.read_text(encoding="utf-8"), path.parent.name, path)), None)
    for path in sorted((root / "graders").glob("day*/visible/*.py")):
        add(_code_lines(path.read_text(encoding="utf-8")), _day_of(path.relative_to(root)))
    for path in sorted((root / "assignments").glob("day*/README.md")):
        add(path.read_text(encoding="utf-8").splitlines(), _day_of(path.relative_to(root)))
    return {day: "\n".join(lines) for day, lines in texts.items()}


def _no_secret(needle: str, day: str | None, public: dict[str | None, str]) -> bool:
    """A solution line is no secret when a stub, the engine or its fixtures, or another day's
    visible test or README holds or quotes it: it is commonplace (`return "\\n".join(lines)`,
    `with torch.no_grad():`) or handed out on purpose. The day's own visible test or README holding
    it is a leak (unless ALLOWED_OVERLAPS says otherwise)."""
    return any(_contains(text, needle) for where, text in public.items() if where is None or where != day)


def solution_needles(course_root: Path) -> dict[str, str]:
    """Squashed solution lines (whitespace removed) → the solution file they come from.

    Left out: blank and comment-only lines, lines under MIN_CHARS non-space characters, the lines
    `_code_lines(needles_only=True)` leaves out, and lines that are no secret (`_no_secret`).
    """
    public = _public_texts(course_root)
    needles: dict[str, str] = {}
    for path in sorted((course_root / "solutions").rglob("*.py")):
        if SKIP_PARTS & set(path.parts):
            continue
        source = path.read_text(encoding="utf-8")
        origin = path.relative_to(course_root).as_posix()
        day = _day_of(path.relative_to(course_root))
        for body in solution_bodies(source, path):
            for line in _code_lines(body, needles_only=True):
                squashed = _squash(line)
                if len(squashed) >= MIN_CHARS and squashed not in needles \
                        and not _no_secret(squashed, day, public):
                    needles[squashed] = origin
    return needles


def _ident(char: str) -> bool:
    return char.isalnum() or char == "_"


def _contains(haystack: str, needle: str) -> bool:
    """`needle` in `haystack`, not as part of a longer name (`n=y.shape[0]` is not in `len=y.shape[0]`)."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = haystack[start - 1] if start else ""
        after = haystack[end] if end < len(haystack) else ""
        if not (before and _ident(before) and _ident(needle[0])) and \
                not (after and _ident(after) and _ident(needle[-1])):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _texts(rel: str, data: bytes) -> list[tuple[str, str]]:
    """(label, text) pieces of one file: a zip's members, a notebook's cells, or the file itself."""
    if data[:4] == b"PK\x03\x04":  # .npz and other zips: scan what is inside
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return [(f"{rel}[{name}]", zf.read(name).decode("utf-8", errors="replace"))
                        for name in zf.namelist()]
        except zipfile.BadZipFile:
            pass
    text = data.decode("utf-8", errors="replace")
    if rel.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
            pieces = []
            for n, cell in enumerate(cells, start=1):
                source = cell.get("source", "")
                pieces.append((f"{rel}[cell {n}]", "".join(source) if isinstance(source, list) else str(source)))
            return pieces + [(rel, text)]
        except (ValueError, AttributeError):
            pass
    return [(rel, text)]


def _allowed(rel: str, needle: str) -> str | None:
    # A day's notebook carries its README as markdown cells: a line the README may hand out, it may too.
    readme = re.sub(r"/(day\d+)/\1\.ipynb$", r"/\1/README.md", rel)
    for (path, line), reason in ALLOWED_OVERLAPS.items():
        if path in (rel, readme) and _squash(line) == needle:
            return reason
    return None


def scan_bytes(rel: str, data: bytes, needles: dict[str, str], allowed: list[str] | None = None) -> list[str]:
    """Leaks in one file's bytes, as `rel:line: what leaked`; ALLOWED_OVERLAPS used go to `allowed`."""
    problems = []
    for label, text in _texts(rel, data):
        for lineno, line in enumerate(text.splitlines(), start=1):
            marker = MARKER_RE.search(line)
            if marker:
                problems.append(f"{label}:{lineno}: solution marker text {marker.group(0)!r}")
                continue
            squashed = _squash(line)
            if len(squashed) < MIN_CHARS:
                continue
            for needle, origin in needles.items():
                if not _contains(squashed, needle):
                    continue
                reason = _allowed(rel, needle)
                if reason is None:
                    problems.append(f"{label}:{lineno}: solution code from {origin}: {line.strip()[:100]}")
                    break
                if allowed is not None:
                    allowed.append(f"{label}:{lineno}: a line of {origin}, allowed: {reason}")
    return problems


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not SKIP_PARTS & set(p.relative_to(folder).parts))


def leak_scan(out_dir: Path | str, course_root: Path | str, allowed: list[str] | None = None) -> list[str]:
    """Every line of every file under out_dir (.git aside) that holds solution code or marker text.

    Lines in ALLOWED_OVERLAPS are not problems; pass a list as `allowed` to hear about them.
    """
    out_dir, course_root = Path(out_dir), Path(course_root)
    needles = solution_needles(course_root)
    problems = []
    for path in files_under(out_dir):
        problems.extend(scan_bytes(path.relative_to(out_dir).as_posix(), path.read_bytes(), needles, allowed))
    return problems
