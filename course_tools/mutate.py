"""`ai100 mutate DAY`: how many small wrong versions of the solution do the graders catch?

Mutations are made inside the solution fences only: arithmetic and comparison operators swapped,
numeric and boolean constants changed, `axis=`/`dim=` arguments moved, unary minus dropped,
statements dropped, and each returned value nudged by 0.1%. Every mutant is graded with the
hidden graders (stopping at the first failure); a mutant is caught when any test fails. A mutant
whose only verdict is an inconclusive throughput measurement counts as *not* caught: a noisy
machine must never raise the figure. A day's graders should catch at least 90%.
"""

from __future__ import annotations

import ast
import copy
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools.grade import grade_day
from course_tools.markers import find_regions

GOAL = 0.90

_BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
                ast.Pow: ast.Mult, ast.MatMult: ast.Mult, ast.Mod: ast.FloorDiv}
_CMP_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
              ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_AXIS_NAMES = {"axis", "dim"}

NUDGE_HELPER = '''

def __ai100_nudge(value):
    """Mutation helper: the returned value made 0.1% larger (bools and integers: first entry changed;
    text: a character added)."""
    if isinstance(value, tuple):
        return tuple(__ai100_nudge(v) for v in value[:1]) + tuple(value[1:])
    if isinstance(value, list) and value:
        return [__ai100_nudge(value[0])] + list(value[1:])
    if isinstance(value, dict) and value:
        key = next(iter(value))
        return {**value, key: __ai100_nudge(value[key])}
    if isinstance(value, bool):
        return not value
    if hasattr(value, "select_dtypes") and hasattr(value, "iloc") and len(value):  # a DataFrame: first number
        kinds = [getattr(dt, "kind", "O") for dt in value.dtypes]
        if any(k in "fiu" for k in kinds):
            changed, col = value.copy(), next(i for i, k in enumerate(kinds) if k in "fiu")
            old = changed.iloc[0, col]
            changed.iloc[0, col] = old + 1 if kinds[col] in "iu" else old * 1.001 + (1e-3 if not old else 0)
            return changed
    if isinstance(value, str):
        return value + "~"
    if isinstance(value, (bytes, bytearray)):
        return bytes(value) + b"~"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 1.001 + (1e-3 if not value else 0)
    dtype = getattr(value, "dtype", None)
    if dtype is None or not getattr(value, "shape", None):
        return value * 1.001 if dtype is not None and str(dtype).split(".")[-1].startswith(("float", "bfloat")) else value
    if str(dtype).split(".")[-1].startswith(("float", "bfloat", "complex")):
        return value * 1.001 + (value == 0) * 1e-3
    changed = value.clone() if hasattr(value, "clone") else value.copy()
    flat = changed.reshape(-1)
    flat[0] = (flat[0] == 0) if str(dtype).split(".")[-1] == "bool" else flat[0] + 1
    return changed
'''


@dataclass(frozen=True)
class Mutant:
    file: str
    line: int
    description: str
    source: str


def _in_regions(node: ast.AST, spans: list[tuple[int, int]]) -> bool:
    line = getattr(node, "lineno", None)
    return line is not None and any(b < line < e for b, e in spans)


def _sites(tree: ast.AST, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(index in ast.walk order, kind) of every mutable node inside the fences."""
    sites = []
    for i, node in enumerate(ast.walk(tree)):
        if not _in_regions(node, spans):
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAPS:
            sites.append((i, "binop"))
        elif isinstance(node, ast.AugAssign) and type(node.op) in _BINOP_SWAPS:
            sites.append((i, "augop"))
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in _CMP_SWAPS:
            sites.append((i, "compare"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, float)) \
                and not isinstance(node.value, complex):
            sites.append((i, "constant"))
        elif isinstance(node, ast.keyword) and node.arg in _AXIS_NAMES:
            sites.append((i, "axis"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            sites.append((i, "unary"))
        elif isinstance(node, ast.Return) and node.value is not None:
            sites.append((i, "return"))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr, ast.If, ast.For)) and \
                not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            sites.append((i, "drop"))
    return sites


def _mutate_node(node: ast.AST, kind: str) -> str | None:
    """Change `node` in place; return a description, or None when there is nothing to change."""
    if kind in ("binop", "augop"):
        old = type(node.op)
        node.op = _BINOP_SWAPS[old]()
        return f"{old.__name__} → {type(node.op).__name__}"
    if kind == "compare":
        old = type(node.ops[0])
        node.ops[0] = _CMP_SWAPS[old]()
        return f"{old.__name__} → {type(node.ops[0]).__name__}"
    if kind == "constant":
        old = node.value
        if isinstance(old, bool):
            node.value = not old
        elif isinstance(old, int):
            node.value = old + 1
        else:
            node.value = old * 2 if old else 1.0
        return f"constant {old!r} → {node.value!r}"
    if kind == "axis":
        old = ast.unparse(node.value)
        node.value = ast.BinOp(left=node.value, op=ast.Sub(), right=ast.Constant(1)) \
            if not (isinstance(node.value, ast.Constant) and node.value.value is None) else ast.Constant(0)
        return f"{node.arg}={old} → {node.arg}={ast.unparse(node.value)}"
    if kind == "unary":
        return "unary operator dropped"  # handled by the parent replacement below
    if kind == "return":
        node.value = ast.Call(func=ast.Name("__ai100_nudge", ast.Load()), args=[node.value], keywords=[])
        return "returned value nudged by 0.1%"
    return None


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target, self.replacement = target, replacement

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.replacement
        return super().generic_visit(node)


def mutants_of(path: Path) -> list[Mutant]:
    source = path.read_text(encoding="utf-8")
    spans = [(r.begin, r.end) for r in find_regions(source, path)]
    tree = ast.parse(source)
    out: list[Mutant] = []
    for index, kind in _sites(tree, spans):
        clone = copy.deepcopy(tree)
        node = list(ast.walk(clone))[index]
        line = getattr(node, "lineno", 0)
        if kind == "unary":
            clone = _Replace(node, node.operand).visit(clone)
            description = "unary operator dropped"
        elif kind == "drop":
            clone = _Replace(node, ast.Pass()).visit(clone)
            description = f"statement dropped: {ast.unparse(node).splitlines()[0][:60]}"
        else:
            description = _mutate_node(node, kind)
            if description is None:
                continue
        ast.fix_missing_locations(clone)
        try:
            text = ast.unparse(clone) + NUDGE_HELPER
            compile(text, str(path), "exec")
        except (SyntaxError, ValueError):
            continue
        out.append(Mutant(file=path.name, line=line, description=description, source=text))
    return out


def _verdict(cat: _catalog.Catalog, day: _catalog.Day, mutant: Mutant, timeout: float) -> tuple[str, str]:
    """("caught", test) when a test fails; ("inconclusive", test) when a throughput test could not
    judge and nothing failed; ("survived", "") otherwise."""
    with tempfile.TemporaryDirectory(prefix=f"ai100-mutant-{day.name}-") as tmp:
        learner = Path(tmp) / day.name
        shutil.copytree(cat.solution_dir(day), learner, ignore=shutil.ignore_patterns("__pycache__"))
        (learner / mutant.file).write_text(mutant.source, encoding="utf-8")
        results, _ = grade_day(cat, day, learner, timeout=timeout, stop_at_first_failure=True)
    failed = [r for r in results if r["status"] not in ("passed", "needs_gpu", "inconclusive")]
    if failed:
        return "caught", failed[0]["name"]
    unsure = [r for r in results if r["status"] == "inconclusive"]
    return ("inconclusive", unsure[0]["name"]) if unsure else ("survived", "")


def main(*, day: str, limit: int | None = None, sample: int | None = None, jobs: int = 2,
         timeout: float | None = None, root: Path | None = None) -> int:
    cat = _catalog.load(root)
    entry = cat.day(day)
    timeout = timeout or entry.timeout  # a mutant that loops is caught by the day's own limit
    mutants = [m for name in entry.files for m in mutants_of(cat.solution_dir(entry) / name)]
    if limit:
        mutants = mutants[:limit]
    if sample and len(mutants) > sample:  # evenly spread, so every function of the day is still tried
        mutants = [mutants[(i * len(mutants)) // sample] for i in range(sample)]
    if not mutants:
        print(f"{entry.name}: no mutants (no solution regions?)")
        return 1
    control = [Mutant(file=name, line=0, description="no change",
                      source=ast.unparse(ast.parse((cat.solution_dir(entry) / name).read_text(encoding="utf-8")))
                      + NUDGE_HELPER) for name in entry.files]
    for m in control:  # the harness itself must not fail a correct solution, or every mutant looks caught
        verdict, test = _verdict(cat, entry, m, timeout)
        if verdict != "survived":
            print(f"{entry.name}: the unmutated solution is {'failed' if verdict == 'caught' else verdict} by "
                  f"{test} under the mutation harness (timeout {timeout:g} s) — fix that first, or run on a "
                  f"quieter machine / with a larger --timeout")
            return 2
    total = len(mutants)
    print(f"{entry.name}: grading {total} mutants with {jobs} worker(s), {timeout:g} s per test…", flush=True)
    verdicts: dict[int, tuple[str, str]] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_verdict, cat, entry, m, timeout): i for i, m in enumerate(mutants)}
        for done, future in enumerate(as_completed(futures), start=1):
            i = futures[future]
            verdicts[i] = future.result()
            m, (verdict, test) = mutants[i], verdicts[i]
            by = f" by {test}" if test else ""
            print(f"  [{done:>{len(str(total))}}/{total}] {verdict:<12} {m.file}:{m.line}  {m.description}{by}",
                  flush=True)
    survivors = [m for i, m in enumerate(mutants) if verdicts[i][0] == "survived"]
    unsure = [m for i, m in enumerate(mutants) if verdicts[i][0] == "inconclusive"]
    caught = total - len(survivors) - len(unsure)
    share = caught / total
    for m in survivors:
        print(f"  survived      {m.file}:{m.line}  {m.description}")
    for m in unsure:
        print(f"  inconclusive  {m.file}:{m.line}  {m.description}  (counted as not caught)")
    extra = f", {len(unsure)} inconclusive" if unsure else ""
    print(f"{entry.name}: caught {caught}/{total} mutants ({100 * share:.1f}%{extra}), goal {100 * GOAL:.0f}%")
    sys.stdout.flush()
    return 0 if share >= GOAL else 1
