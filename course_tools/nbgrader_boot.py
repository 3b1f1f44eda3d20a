"""The first import of every nbgrader test cell: the kit from the course's autograder folder, and no other.

`ai100 nbgrader export` copies this file to ai100_autograder/engine/ai100_nbgrader_boot.py, beside
the engine's course_tools; a test cell's hidden part puts that folder first on the path and
imports grade_hidden from here. A learner's cell may have imported course_tools from an installed
kit before the test cells run (day 02's docstring suggests `from course_tools.data import
iris_split`): that copy is set aside, so that the graders run with the autograder's own. The
learner's cells keep the objects they imported.
"""

import os
import sys

_ENGINE = os.path.dirname(os.path.abspath(__file__))


def _from_engine(module) -> bool:
    location = getattr(module, "__file__", None) or ""
    return os.path.dirname(os.path.dirname(os.path.abspath(location))) == _ENGINE if location else False


if __name__ == "ai100_nbgrader_boot":  # the autograder's copy; imported from inside the kit, it only re-exports
    if "course_tools" in sys.modules and not _from_engine(sys.modules["course_tools"]):
        for _name in [m for m in sys.modules if m == "course_tools" or m.startswith("course_tools.")]:
            del sys.modules[_name]
    if sys.path[:1] != [_ENGINE]:
        sys.path.insert(0, _ENGINE)

from course_tools.nbgrader_cells import grade_hidden  # noqa: F401 - what the test cells call
