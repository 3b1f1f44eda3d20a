"""What the tripwires cannot see, read from the learner's source: forbidden names a function reaches.

The profile hook behind tripwires sees Python frames and builtin functions, but not a call into a
C extension type: `scipy.spatial.cKDTree(X).query(...)` or `np.dot` run without a single event.
So before a learner function is called under a day's `forbid` list, its file is parsed (never
run) and every dotted name the function refers to is resolved through the file's imports:

    from scipy.spatial import cKDTree        cKDTree(X)            → scipy.spatial.cKDTree
    import scipy.spatial as sp               sp.cKDTree(X)         → scipy.spatial.cKDTree
    import numpy as np                       np.dot(a, b)          → numpy.dot
    (no import)                              eval(text)            → builtins.eval

A name is forbidden when it is a target or lies inside one (`scipy.spatial.cKDTree` is inside
`scipy.spatial`). A function is charged with its own names and with those of every function and
class of the same file that it calls by name, so a helper does not hide a use. Unused imports
cost nothing. This is a second net under the tripwires, not a sandbox: code built from strings
(`importlib.import_module("sci" + "py")`) is caught, if at all, only by the tripwires.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Use:
    line: int
    name: str    # the resolved dotted name, "scipy.spatial.cKDTree"
    target: str  # the forbid entry it falls in, "scipy.spatial"


def _inside(name: str, target: str) -> bool:
    return name == target or name.startswith(target + ".")


class _Scope:
    """Import aliases bound at module level, and what each top-level function/class refers to."""

    def __init__(self, tree: ast.Module) -> None:
        self.aliases: dict[str, str] = {}
        self.assigned: set[str] = set()
        self.defs: dict[str, ast.AST] = {}
        self.shadowed = _shadowed_loads(tree)
        for node in tree.body:
            self._bind(node)
        for node in ast.walk(tree):  # imports inside functions bind too: resolve them the same way
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self._bind_import(node)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                self.assigned.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.assigned.add(node.name)
            elif isinstance(node, ast.arg):
                self.assigned.add(node.arg)

    def _bind(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.defs[node.name] = node

    def _bind_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    self.aliases[a.asname] = a.name
                else:
                    root = a.name.split(".")[0]
                    self.aliases[root] = root
        elif node.module and not node.level:
            for a in node.names:
                if a.name != "*":
                    self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"

    def resolve(self, node: ast.expr) -> str | None:
        """`sp.cKDTree` → "scipy.spatial.cKDTree" when `sp` is an import alias; builtins by name."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or id(node) in self.shadowed:
            return None
        if node.id in self.aliases:
            head = self.aliases[node.id]
        elif node.id not in self.assigned and hasattr(builtins, node.id):
            head = f"builtins.{node.id}"
        else:
            return None
        return ".".join([head, *reversed(parts)])

    def names_in(self, node: ast.AST) -> list[tuple[int, str]]:
        """Every resolvable dotted name in `node`, the longest chain only (`np.linalg.svd`, not `np`)."""
        found: list[tuple[int, str]] = []
        inner: set[int] = set()  # an attribute's base, and annotations: types are named, never called
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute):
                inner.add(id(sub.value))
            notes = [getattr(sub, "annotation", None), getattr(sub, "returns", None)]
            for note in filter(None, notes):
                inner.update(id(n) for n in ast.walk(note))
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Attribute, ast.Name)) and id(sub) not in inner:
                name = self.resolve(sub)
                if name:
                    found.append((sub.lineno, name))
        for sub in ast.walk(node):  # `from scipy.spatial import cKDTree` inside a function body
            if isinstance(sub, ast.ImportFrom) and sub.module and not sub.level:
                found += [(sub.lineno, f"{sub.module}.{a.name}") for a in sub.names]
            elif isinstance(sub, ast.Import):
                found += [(sub.lineno, a.name) for a in sub.names]
        return found

    def called_defs(self, node: ast.AST) -> set[str]:
        return {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and sub.id in self.defs
                and isinstance(sub.ctx, ast.Load) and id(sub) not in self.shadowed}


def _shadowed_loads(tree: ast.Module) -> set[int]:
    """Names read inside a function that are its own parameters or variables: a test's `impl`
    argument is not the module's `impl` fixture, nor is a local `np` the module alias."""
    out: set[int] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        args = fn.args
        local = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if a}
        local |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        out |= {id(n) for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in local}
    return out


@lru_cache(maxsize=64)
def _parsed(source: str) -> tuple[_Scope, dict[str, ast.AST]] | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None  # the import itself fails, with the learner's own error, before anything is called
    scope = _Scope(tree)
    return scope, scope.defs


def forbidden_uses(source: str, function: str, forbid: tuple[str, ...]) -> list[Use]:
    """The forbidden names `function` (a top-level function or class of `source`) reaches."""
    parsed = _parsed(source)
    if parsed is None or not forbid:
        return []
    scope, defs = parsed
    seen: set[str] = set()
    todo = [function]
    uses: list[Use] = []
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        node = defs[name]
        for line, dotted in scope.names_in(node):
            target = next((t for t in forbid if _inside(dotted, t)), None)
            if target:
                uses.append(Use(line, dotted, target))
        todo += sorted(scope.called_defs(node) - seen)
    return sorted(set(uses), key=lambda u: (u.line, u.name))


def describe(path: Path, uses: list[Use]) -> str:
    first = ", ".join(f"{u.name} (line {u.line})" for u in uses[:3])
    more = f" and {len(uses) - 3} more" if len(uses) > 3 else ""
    return f"{path.name} uses {first}{more}"
