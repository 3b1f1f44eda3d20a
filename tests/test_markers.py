"""Solution markers: stubs written from `### BEGIN/END SOLUTION` regions, and every malformed layout.

Each malformed-marker test builds a tiny solution file and checks that the error names the file
and the line (`demo.py:N:`) an instructor has to fix. Run: pytest tests/test_markers.py
"""

import ast
import re
import textwrap
from pathlib import Path

import pytest

from course_tools.markers import MarkerError, find_regions, make_stub, solution_bodies

ROOT = Path(__file__).resolve().parents[1]
DAY54_SOLUTION = ROOT / "solutions" / "day54" / "attention.py"


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def line_of(source: str, needle: str, nth: int = 1) -> int:
    """1-based number of the nth line of `source` whose text (stripped) is `needle`."""
    hits = [i for i, line in enumerate(source.splitlines(), start=1) if line.strip() == needle]
    assert len(hits) >= nth, f"the test's own source lacks {needle!r}"
    return hits[nth - 1]


def marker_error(source: str) -> str:
    with pytest.raises(MarkerError) as info:
        make_stub(source, "day07", "demo.py")
    return str(info.value)


# --- stubs -------------------------------------------------------------------------------------

def test_make_stub_replaces_region_keeps_everything_else():
    solution = src('''
        """Module docstring."""

        import numpy as np


        def _helper(x):
            return x + 1


        def scale(x, factor=2.0):
            """Multiply x by factor.

            x: (n,) float array.  Returns (n,).
            """
            ### BEGIN SOLUTION
            y = x * factor
            return _helper(y) - 1
            ### END SOLUTION
        ''')
    expected = src('''
        """Module docstring."""

        import numpy as np


        def _helper(x):
            return x + 1


        def scale(x, factor=2.0):
            """Multiply x by factor.

            x: (n,) float array.  Returns (n,).
            """
            raise NotImplementedError('day07: scale — see README')
        ''')
    assert make_stub(solution, "day07") == expected


def test_make_stub_keeps_marker_indentation_in_nested_block():
    solution = src('''
        def pick(x, flag):
            if flag:
                ### BEGIN SOLUTION
                return x * 3
                ### END SOLUTION
            return x
        ''')
    stub = make_stub(solution, "day07")
    assert "        raise NotImplementedError('day07: pick — see README')\n" in stub.splitlines(keepends=True)
    assert "    return x\n" in stub.splitlines(keepends=True)  # the code after the region survives
    assert "x * 3" not in stub


def test_make_stub_method_named_class_dot_method():
    solution = src('''
        class Model:
            def __init__(self, w):
                self.w = w

            def forward(self, x):
                """x: (n,) float array."""
                ### BEGIN SOLUTION
                return self.w * x
                ### END SOLUTION
        ''')
    stub = make_stub(solution, "day60")
    assert "raise NotImplementedError('day60: Model.forward — see README')" in stub
    assert "self.w = w" in stub  # the constructor outside the region is kept
    namespace: dict = {}
    exec(compile(stub, "stub.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match=r"^day60: Model\.forward — see README$"):
        namespace["Model"](2.0).forward(3.0)


def test_make_stub_every_region_of_a_file_raises_its_own_name():
    solution = src('''
        def first(x):
            ### BEGIN SOLUTION
            return x
            ### END SOLUTION


        def second(x):
            y = x
            ### BEGIN SOLUTION
            return y * 2
            ### END SOLUTION
        ''')
    namespace: dict = {}
    exec(compile(make_stub(solution, "day03"), "stub.py", "exec"), namespace)
    for name in ("first", "second"):
        with pytest.raises(NotImplementedError) as info:
            namespace[name](1)
        assert str(info.value) == f"day03: {name} — see README"


def test_find_regions_reports_lines_and_qualified_names():
    solution = src('''
        class A:
            def m(self):
                ### BEGIN SOLUTION
                return 1
                ### END SOLUTION


        def f():
            ### BEGIN SOLUTION
            return 2
            ### END SOLUTION
        ''')
    regions = find_regions(solution)
    got = [(r.begin, r.end, r.function, r.indent) for r in regions]
    assert got == [
        (line_of(solution, "### BEGIN SOLUTION", 1), line_of(solution, "### END SOLUTION", 1), "A.m", " " * 8),
        (line_of(solution, "### BEGIN SOLUTION", 2), line_of(solution, "### END SOLUTION", 2), "f", " " * 4),
    ]


def test_make_stub_file_without_region_is_an_error():
    message = marker_error("def f():\n    return 1\n")
    assert message.startswith("demo.py:1:")
    assert "BEGIN SOLUTION" in message


# --- malformed markers: each names file:line ----------------------------------------------------

def test_markers_unclosed_begin_names_its_line():
    solution = src('''
        def f(x):
            ### BEGIN SOLUTION
            return x
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### BEGIN SOLUTION')}:")
    assert "never closed" in message


def test_markers_nested_begin_names_both_lines():
    solution = src('''
        def f(x):
            ### BEGIN SOLUTION
            y = x
            ### BEGIN SOLUTION
            return y
            ### END SOLUTION
        ''')
    outer, inner = line_of(solution, "### BEGIN SOLUTION", 1), line_of(solution, "### BEGIN SOLUTION", 2)
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{inner}:")
    assert "nested" in message
    assert f"line {outer}" in message


def test_markers_end_without_begin_names_its_line():
    solution = src('''
        def f(x):
            return x
            ### END SOLUTION
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### END SOLUTION')}:")
    assert "without a matching" in message


def test_markers_region_outside_function_is_an_error():
    solution = src('''
        import numpy as np

        ### BEGIN SOLUTION
        TABLE = np.arange(3)
        ### END SOLUTION
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### BEGIN SOLUTION')}:")
    assert "outside a function" in message


def test_markers_region_spanning_two_functions_is_an_error():
    solution = src('''
        def f():
            ### BEGIN SOLUTION
            return 1
        def g():
            return 2
            ### END SOLUTION
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### BEGIN SOLUTION')}:")


@pytest.mark.parametrize("begin_line", [
    "### BEGIN SOLUTION please",
    "### BEGIN SOLUTION: softmax",
])
def test_markers_text_after_marker_is_an_error(begin_line):
    solution = src(f'''
        def f(x):
            {begin_line}
            return x
            ### END SOLUTION
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, begin_line)}:")
    assert "text after the marker" in message


@pytest.mark.parametrize("bad_line", [
    "#### BEGIN SOLUTIONS",
    "#### BEGIN SOLUTION",
    "### BEGIN SOLUTIONS",
    "# BEGIN SOLUTION",
    "### END SOLUTIONS",
])
def test_markers_malformed_marker_line_is_an_error(bad_line):
    solution = src(f'''
        def f(x):
            ### BEGIN SOLUTION
            y = x
            ### END SOLUTION
            return y


        def g(x):
            {bad_line}
            return x
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, bad_line)}:")
    assert "malformed marker" in message
    assert repr(bad_line) in message  # the offending text is quoted back


def test_markers_empty_region_is_an_error():
    solution = src('''
        def f(x):
            ### BEGIN SOLUTION
            # only a comment here

            ### END SOLUTION
            return x
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### BEGIN SOLUTION')}:")
    assert "empty" in message


def test_markers_region_ending_inside_nested_function_is_an_error():
    # The END comment sits at the BEGIN's indentation, but `inner` (whose body goes on after the
    # comment) is still open there: the stub's raise would cut `inner` in two.
    solution = src('''
        def outer(x):
            ### BEGIN SOLUTION
            y = x
            def inner():
                z = y
            ### END SOLUTION
                return z
            return inner()
        ''')
    ast.parse(solution)  # the layout itself is valid Python
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### BEGIN SOLUTION')}:")
    assert "nested function" in message


def test_markers_end_indented_differently_is_an_error():
    solution = src('''
        def f(x):
            if x:
                ### BEGIN SOLUTION
                return x
            ### END SOLUTION
            return 0
        ''')
    message = marker_error(solution)
    assert message.startswith(f"demo.py:{line_of(solution, '### END SOLUTION')}:")
    assert "indented differently" in message


def test_markers_invalid_python_names_its_line():
    solution = src('''
        def f(x):
            ### BEGIN SOLUTION
            return (x
            ### END SOLUTION
        ''')
    with pytest.raises(MarkerError, match=r"^demo\.py:\d+: not valid Python"):
        find_regions(solution, "demo.py")


# --- the real day 54 solution ------------------------------------------------------------------

def _bodies_by_hand(source: str) -> list[list[str]]:
    """The code lines between each BEGIN/END pair, found without course_tools."""
    bodies, current = [], None
    for line in source.splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            current = []
        elif line.strip() == "### END SOLUTION":
            bodies.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return bodies


def test_day54_stub_parses_and_leaks_no_solution_line():
    solution = DAY54_SOLUTION.read_text(encoding="utf-8")
    stub = make_stub(solution, "day54", DAY54_SOLUTION)
    ast.parse(stub)
    stub_lines = {line.strip() for line in stub.splitlines()}
    bodies = solution_bodies(solution, DAY54_SOLUTION)
    assert bodies, "day 54's solution has regions"
    leaked = [line.strip() for body in bodies for line in body.splitlines()
              if line.strip() and line.strip() in stub_lines]
    assert leaked == []


def test_day54_solution_bodies_match_a_hand_scan():
    solution = DAY54_SOLUTION.read_text(encoding="utf-8")
    assert solution_bodies(solution) == ["\n".join(b) for b in _bodies_by_hand(solution)]


def test_day54_stub_keeps_signatures_and_docstrings():
    solution = DAY54_SOLUTION.read_text(encoding="utf-8")
    stub = make_stub(solution, "day54", DAY54_SOLUTION)

    def shape(tree: ast.Module) -> dict:
        return {node.name: (ast.dump(node.args), ast.get_docstring(node))
                for node in tree.body if isinstance(node, ast.FunctionDef)}

    sol_tree, stub_tree = ast.parse(solution), ast.parse(stub)
    assert shape(stub_tree) == shape(sol_tree)
    assert ast.get_docstring(stub_tree) == ast.get_docstring(sol_tree)
    imports = [ast.dump(n) for n in sol_tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [ast.dump(n) for n in stub_tree.body if isinstance(n, (ast.Import, ast.ImportFrom))] == imports


def test_day54_stub_functions_raise_naming_day_and_function():
    solution = DAY54_SOLUTION.read_text(encoding="utf-8")
    namespace: dict = {}
    exec(compile(make_stub(solution, "day54", DAY54_SOLUTION), "attention.py", "exec"), namespace)
    names = [n.name for n in ast.parse(solution).body if isinstance(n, ast.FunctionDef)]
    arity = {"softmax": 1, "causal_mask": 1, "attention_weights": 2, "attention": 3}
    assert set(names) == set(arity), "day 54 defines these four functions"
    for name in names:
        with pytest.raises(NotImplementedError) as info:
            namespace[name](*([None] * arity[name]))
        assert re.fullmatch(rf"day54: {name} — see README", str(info.value))
