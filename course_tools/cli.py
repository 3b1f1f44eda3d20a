"""`ai100`: a thin dispatcher; each verb is one function `main(**options)` in its own module."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

VERBS = {
    "check": ("course_tools.check", "run a day's visible tests with a score table",
              "ai100 check day54"),
    "grade": ("course_tools.grade", "grade days with the hidden graders; writes results.json",
              "ai100 grade day54 --submission ../learner-repo --out results.json"),
    "build": ("course_tools.build", "write stubs, visible tests and recorded references from the solutions",
              "ai100 build day54        ai100 build --check"),
    "validate": ("course_tools.validate", "solutions score 100%, stubs score 0, built files fresh",
                 "ai100 validate day54 day02"),
    "mutate": ("course_tools.mutate", "grade small mutants of the solution; report the share caught",
               "ai100 mutate day54"),
    "new": ("course_tools.new", "scaffold a day: solution, graders, visible tests, catalog entry",
            "ai100 new day07 --title 'Linear regression' --files linreg.py"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ai100", description="The ai100 course kit.",
                                     epilog="example:  ai100 check day54      ai100 VERB --help for each verb",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    def verb(name: str) -> argparse.ArgumentParser:
        _, help_text, example = VERBS[name]
        help_text = help_text.replace("%", "%%")  # argparse %-formats help strings
        return sub.add_parser(name, help=help_text, description=help_text, epilog=f"example:  {example}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    p = verb("check")
    p.add_argument("day", help="the day, e.g. day54")
    p = verb("grade")
    p.add_argument("days", nargs="+", metavar="DAY")
    p.add_argument("--submission", default=None, help="the learner repo (its assignments/ is graded); default: here")
    p.add_argument("--out", default="results.json", help="where to write the Gradescope results.json")
    p.add_argument("--classroom", default=None, metavar="FILE",
                   help="also write the GitHub Classroom reporter payloads (base64 JSON per day) to FILE")
    p.add_argument("--timeout", type=float, default=None, help="seconds per test (default: the day's)")
    p.add_argument("--seed", default=None, help="the hidden seed base (default: AI100_SEED, else the course's)")
    p = verb("build")
    p.add_argument("days", nargs="*", metavar="DAY", help="default: every day in course.toml")
    p.add_argument("--check", action="store_true", help="build in memory; exit 1 if anything committed is stale")
    p = verb("validate")
    p.add_argument("days", nargs="*", metavar="DAY")
    p = verb("mutate")
    p.add_argument("day")
    p.add_argument("--limit", type=int, default=None, help="grade at most this many mutants")
    p.add_argument("--jobs", type=int, default=2, help="mutants graded at once")
    p = verb("new")
    p.add_argument("day")
    p.add_argument("--title", required=True)
    p.add_argument("--files", nargs="+", required=True, metavar="FILE")
    p.add_argument("--phase", type=int, default=1)
    return parser


def main(argv: list[str] | None = None) -> int:
    from course_tools.catalog import UnknownDay
    from course_tools.markers import MarkerError

    parser = _parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return 2
    options = {k: v for k, v in vars(args).items() if k != "verb"}
    module = import_module(VERBS[args.verb][0])
    try:
        return int(module.main(**options) or 0)
    except (UnknownDay, MarkerError, FileNotFoundError, ValueError) as exc:
        print(f"ai100 {args.verb}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
