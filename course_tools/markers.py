"""Solution markers: find the `### BEGIN SOLUTION` / `### END SOLUTION` regions and write stubs.

A region must sit inside one function (or method); the stub replaces it with
`raise NotImplementedError("dayNN: <function> — see README")` at the marker's indentation and
keeps everything else: signatures, docstrings, helpers, imports.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_MARKER_RE = re.compile(r"^(\s*)###\s*(BEGIN|END)\s+SOLUTION\b(.*)$")


class MarkerError(ValueError):
    """A malformed marker, reported as `file:line: what is wrong — how to fix it`."""


@dataclass(frozen=True)
class Region:
    begin: int  # 1-based line of the BEGIN marker
    end: int  # 1-based line of the END marker
    indent: str
    function: str  # qualified name: "attention" or "Model.forward"


def _functions(tree: ast.AST) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every function, innermost last."""
    found: list[tuple[int, int, str]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                found.append((child.lineno, child.end_lineno or child.lineno, name))
                walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")
            else:
                walk(child, prefix)

    walk(tree, "")
    return found


def find_regions(source: str, path: str | Path = "<source>") -> list[Region]:
    """Every solution region in `source`, checked: closed, not nested, inside one function."""
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise MarkerError(f"{path}:{exc.lineno}: not valid Python: {exc.msg}") from None
    functions = _functions(tree)
    regions: list[Region] = []
    open_at: tuple[int, str] | None = None
    for lineno, line in enumerate(source.splitlines(), start=1):
        m = _MARKER_RE.match(line)
        if not m:
            if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                if line.lstrip().startswith("#"):
                    raise MarkerError(f"{path}:{lineno}: malformed marker {line.strip()!r} — write exactly "
                                      f"'{BEGIN}' or '{END}' on a line of its own")
            continue
        indent, kind, rest = m.groups()
        if rest.strip():
            raise MarkerError(f"{path}:{lineno}: text after the marker ({rest.strip()!r}) — "
                              "put the marker on a line of its own")
        if kind == "BEGIN":
            if open_at is not None:
                raise MarkerError(f"{path}:{lineno}: nested {BEGIN} — the region opened at line "
                                  f"{open_at[0]} is not closed yet")
            open_at = (lineno, indent)
            continue
        if open_at is None:
            raise MarkerError(f"{path}:{lineno}: {END} without a matching {BEGIN}")
        begin, begin_indent = open_at
        open_at = None
        if indent != begin_indent:
            raise MarkerError(f"{path}:{lineno}: {END} is indented differently from its {BEGIN} "
                              f"at line {begin}")
        all_lines = source.splitlines()
        code = [n for n in range(begin + 1, lineno)
                if all_lines[n - 1].strip() and not all_lines[n - 1].lstrip().startswith("#")]
        if not code:
            raise MarkerError(f"{path}:{begin}: empty solution region — put the reference code between the markers")
        first, last = code[0], code[-1]
        enclosing = [f for f in functions if f[0] < begin and first <= f[1] and last <= f[1]]
        if not enclosing:
            raise MarkerError(f"{path}:{begin}: solution region outside a function — markers must sit "
                              "inside a function body, so the stub can raise NotImplementedError there")
        _, _, name = max(enclosing, key=lambda f: f[0])  # the innermost function
        inner = [f for f in functions if begin < f[0] <= lineno]
        if any(f[1] > last for f in inner):
            raise MarkerError(f"{path}:{begin}: solution region ends inside a nested function — "
                              "close it in the function where it began")
        regions.append(Region(begin=begin, end=lineno, indent=indent, function=name))
    if open_at is not None:
        raise MarkerError(f"{path}:{open_at[0]}: {BEGIN} is never closed — add '{END}'")
    return regions


def stub_message(day: str, function: str, hint: str = "see README") -> str:
    return f"{day}: {function} — {hint}"


def make_stub(source: str, day: str, path: str | Path = "<source>") -> str:
    """The learner's stub: each region replaced by a raise that names the day and function."""
    regions = find_regions(source, path)
    if not regions:
        raise MarkerError(f"{path}:1: no {BEGIN} region — a solution file needs at least one")
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    cursor = 0
    for region in regions:
        out.extend(lines[cursor:region.begin - 1])
        message = stub_message(day, region.function)
        out.append(f"{region.indent}raise NotImplementedError({message!r})\n")
        cursor = region.end
    out.extend(lines[cursor:])
    stub = "".join(out)
    ast.parse(stub, filename=str(path))  # a stub that does not parse is a bug in the solution layout
    return stub


def solution_bodies(source: str, path: str | Path = "<source>") -> list[str]:
    """The code inside each region (used by leak scans and mutation)."""
    lines = source.splitlines()
    return ["\n".join(lines[r.begin:r.end - 1]) for r in find_regions(source, path)]
