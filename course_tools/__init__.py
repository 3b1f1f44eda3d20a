"""ai100 course tools: build stubs from reference solutions, check, grade, validate and mutate days.

The learner-facing checkers live in `course_tools.checks`; the CLI is `ai100` (see `ai100 --help`).
"""

__version__ = "0.1.0"
