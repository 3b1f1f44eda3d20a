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
    "gradebook": ("course_tools.gradebook", "merge results.json files (one per learner per run) into a CSV and a plot",
                  "ai100 gradebook results/ -o grades.csv --keep best"),
    "collect": ("course_tools.collect", "grade a folder of learner repos in parallel into a gradebook",
                "ai100 collect learners/ -o grades.csv --jobs 4"),
    "build": ("course_tools.build", "write stubs, visible tests and recorded references from the solutions",
              "ai100 build day54        ai100 build --check"),
    "validate": ("course_tools.validate", "solutions score 100%, stubs score 0, built files fresh",
                 "ai100 validate day54 day02"),
    "mutate": ("course_tools.mutate", "grade small mutants of the solution; report the share caught",
               "ai100 mutate day54"),
    "new": ("course_tools.new", "scaffold a day: solution, graders, visible tests, catalog entry",
            "ai100 new day07 --title 'Linear regression' --files linreg.py"),
    "student-repo": ("course_tools.student_repo",
                     "write the repo learners receive (no solution code: a leak scan fails the build)",
                     "ai100 student-repo ../ai100-student        ai100 student-repo ../ai100-student --update"),
    "release": ("course_tools.release", "copy released days' solutions into the student repo, as a git commit",
                "ai100 release day54 --to ../ai100-student        ai100 release day54 --to ../ai100-student --force"),
    "progress": ("course_tools.progress",
                 "the learner's days in one table: state, scores, bars per day and phase, streak; offline",
                 "ai100 progress        ai100 progress --plot progress.png --log"),
    "nbgrader": ("course_tools.nbgrader_export",
                 "write an nbgrader course directory from the sources; read nbgrader's grades back",
                 "ai100 nbgrader export ../course-nbgrader day54        "
                 "ai100 nbgrader import-grades ../course-nbgrader/gradebook.db -o grades.csv"),
    "notebook": ("course_tools.notebooks", "write a day's notebook dayNN.ipynb from its .py files (Colab-ready)",
                 "ai100 notebook day54        ai100 notebook day54 --force"),
    "sync": ("course_tools.sync", "carry edits between a day's notebook cells and its .py files",
             "ai100 sync day54        ai100 sync day54 --from notebook"),
    "schedule": ("course_tools.schedule", "list the days whose solutions are released, open or upcoming",
                 "ai100 schedule        ai100 schedule --today 2026-10-24"),
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
    p.add_argument("--learner", default=None, metavar="ID",
                   help="whose run this is: written into results.json for `ai100 gradebook`")
    p.add_argument("--sandbox", action="store_true",
                   help="run the learner's code in a bubblewrap sandbox (no course files, network or secrets), "
                        "as the Classroom workflow does")
    p = verb("gradebook")
    p.add_argument("results", nargs="+", metavar="RESULTS",
                   help="results.json files, or folders searched for them; the learner is the file's "
                        "'learner' key, else its folder (<learner>/results.json, <learner>/runs/<time>/results.json)")
    p.add_argument("-o", "--out", default=None, metavar="CSV",
                   help="the CSV to write (default: print it); the plot goes beside it, e.g. grades.png")
    p.add_argument("--keep", choices=["latest", "best"], default="latest",
                   help="per learner and day, the latest run (graded_at, else file time) or the best score")
    p.add_argument("--plot", default=None, metavar="PNG", help="where to draw the score distribution per day")
    p = verb("collect")
    p.add_argument("folder", metavar="DIR", help="the folder holding the cloned learner repos, one per folder")
    p.add_argument("-o", "--out", default="grades.csv", metavar="CSV", help="the gradebook CSV (plot beside it)")
    p.add_argument("--jobs", type=int, default=2, help="learner repos graded at once")
    p.add_argument("--days", nargs="+", default=None, metavar="DAY",
                   help="default: every day in course.toml whose folder the repo has")
    p.add_argument("--out-dir", default=None, metavar="DIR",
                   help="write DIR/<learner>/results.json (default: each repo's .ai100/results.json)")
    p.add_argument("--timeout", type=float, default=None, help="seconds per test (default: the day's)")
    p.add_argument("--sandbox", action="store_true", help="run learner code in a bubblewrap sandbox")
    p = verb("build")
    p.add_argument("days", nargs="*", metavar="DAY", help="default: every day in course.toml")
    p.add_argument("--check", action="store_true", help="build in memory; exit 1 if anything committed is stale")
    p = verb("validate")
    p.add_argument("days", nargs="*", metavar="DAY")
    p.add_argument("--jobs", type=int, default=2, help="days validated at once")
    p = verb("mutate")
    p.add_argument("day")
    p.add_argument("--limit", type=int, default=None, help="grade at most this many mutants")
    p.add_argument("--sample", type=int, default=None,
                   help="grade this many mutants spread evenly over the day (CI's quick check; the full run "
                        "is the figure to report)")
    p.add_argument("--jobs", type=int, default=2, help="mutants graded at once")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds one hidden test may take per mutant (default: the day's own timeout)")
    p = verb("new")
    p.add_argument("day")
    p.add_argument("--title", required=True)
    p.add_argument("--files", nargs="+", required=True, metavar="FILE")
    p.add_argument("--phase", type=int, default=1)
    p = verb("student-repo")
    p.add_argument("out", metavar="OUT", help="the folder to write (new or empty; with --update, an existing student repo)")
    p.add_argument("--update", action="store_true",
                   help="refresh the kit's files in an existing student repo; the learner's files are kept")
    p = verb("release")
    p.add_argument("days", nargs="+", metavar="DAY")
    p.add_argument("--to", required=True, metavar="STUDENT_REPO", help="the student repo to commit solutions/dayNN/ into")
    p.add_argument("--force", action="store_true", help="release a day before its release date")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="the date to judge release dates by (default: today)")
    p = verb("progress")
    p.add_argument("--repo", default=None, metavar="DIR", help="your ai100 repository (default: the one around here)")
    p.add_argument("--plot", default=None, metavar="PNG", help="also draw the table as a chart (needs matplotlib)")
    p.add_argument("--log", action="store_true",
                   help="write one line per finished day into README.md, between its progress markers")
    p.add_argument("--all", dest="show_all", action="store_true", help="list the upcoming days too")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                   help="the date to judge the schedule and the streak by (default: today)")
    p = verb("nbgrader")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("export", help="write source notebooks, the autograder folder and nbgrader_config.py",
                           description="Write an nbgrader course directory: source/dayNN/dayNN.ipynb for each day, "
                                       "ai100_autograder/ (hidden graders, references, the kit), nbgrader_config.py.",
                           epilog="example:  ai100 nbgrader export ../course-nbgrader day54 day02",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("out", metavar="OUT", help="the nbgrader course directory (new, or one an earlier export wrote)")
    a.add_argument("days", nargs="*", metavar="DAY", help="default: every day in course.toml")
    a.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT is stale")
    a = actions.add_parser("import-grades", help="nbgrader's gradebook.db or its export CSV → the kit's gradebook CSV",
                           description="Read nbgrader's grades (gradebook.db, or the CSV of `nbgrader export`) into "
                                       "the kit's gradebook: learner × day, points and maximum.",
                           epilog="example:  ai100 nbgrader import-grades ../course-nbgrader/gradebook.db -o grades.csv",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("gradebook", metavar="GRADEBOOK", help="nbgrader's gradebook.db, or the CSV `nbgrader export` writes")
    a.add_argument("-o", "--out", default=None, metavar="CSV",
                   help="the CSV to write (default: print it); the plot goes beside it, e.g. grades.png")
    a.add_argument("--plot", default=None, metavar="PNG", help="where to draw the score distribution per day")
    p = verb("notebook")
    p.add_argument("days", nargs="+", metavar="DAY")
    p.add_argument("--force", action="store_true",
                   help="overwrite a notebook whose cells hold code the .py files do not (it is lost)")
    p = verb("sync")
    p.add_argument("day", metavar="DAY")
    p.add_argument("--from", dest="source", choices=["notebook", "py"], default=None,
                   help="take this side for every file (default: the side that changed since the last sync)")
    p = verb("schedule")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="the date to judge release dates by (default: today)")
    return parser


def main(argv: list[str] | None = None) -> int:
    from course_tools.catalog import UnknownDay

    try:
        from course_tools.markers import MarkerError
    except ModuleNotFoundError:  # the student repo's copy ships without markers.py
        MarkerError = ValueError  # MarkerError is a ValueError anyway

    parser = _parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return 2
    options = {k: v for k, v in vars(args).items() if k != "verb"}
    module_name = VERBS[args.verb][0]
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        # the student repo ships only the runtime part of course_tools
        print(f"ai100 {args.verb}: this verb is for the course repository — run it there "
              f"({module_name} is not part of the learner's kit)", file=sys.stderr)
        return 2
    try:
        return int(module.main(**options) or 0)
    except (UnknownDay, MarkerError, FileNotFoundError, ValueError) as exc:
        print(f"ai100 {args.verb}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
