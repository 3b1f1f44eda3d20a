"""Hidden graders for day 28, part 1 (parse and lint a Dockerfile).

Twenty fixture Dockerfiles are generated per run from each test's hidden seed: a base image of one
of seven kinds, sometimes a builder stage, USER / CMD / ENTRYPOINT / EXPOSE / ADD variants, lower-case
keywords, comments, blank lines and continuation lines. The generator knows which rules each
fixture breaks, so lint_dockerfile is judged against that independent answer as well as against
the reference; the lint tests hand lint_dockerfile the reference's parse, so a parse bug costs
the parse tests only.
"""

import numpy as np
import pytest

from course_tools.checks import close

DIGEST = "sha256:" + "ab12" * 16
BASES = {  # image: rule DF002 broken?
    "python:3.12-slim": False, "python": True, "python:latest": True, f"python@{DIGEST}": False,
    "registry.local:5000/team/api": True, "registry.local:5000/team/api:1.4.2": False, "ubuntu:24.04": False,
}
USERS = {  # USER lines of the final stage: rule DF003 broken?
    (): True, ("root",): True, ("0:0",): True, ("app",): False, ("1000:1000",): False,
    ("app", "root"): True, ("root", "app"): False,
}
CMDS = {  # (instruction lines, DF004 broken, DF007 broken)
    "exec": (['CMD ["python", "-m", "app"]'], False, False),
    "shell": (["CMD python -m app"], True, False),
    "none": ([], False, False),
    "two": (['CMD ["python", "a.py"]', 'CMD ["python", "-m", "app"]'], False, True),
    "entrypoint_shell": (['ENTRYPOINT python -m app'], True, False),
    "entrypoint_exec": (['ENTRYPOINT ["python"]', 'CMD ["-m", "app"]'], False, False),
}
EXPOSES = {  # EXPOSE line (or None), ports it lists
    "none": (None, set()), "8000": ("EXPOSE 8000", {8000}), "tcp": ("EXPOSE 8000/tcp", {8000}),
    "two": ("EXPOSE 80 8000", {80, 8000}), "other": ("EXPOSE 8080", {8080}),
}
ADDS = {"none": (None, False), "url": ("ADD https://example.com/tool.tgz /opt/", False),
        "archive": ("ADD vendor.tar.gz /opt/vendor/", False), "dir": ("ADD . /app", True),
        "chown": ("ADD --chown=app:app requirements.txt /app/", True)}


def _pick(rng, table):
    keys = list(table)
    return keys[int(rng.integers(len(keys)))]


def fixture(rng):
    """(Dockerfile text, app_port, the sorted rule ids it breaks), drawn from rng."""
    base, users, cmd = _pick(rng, BASES), _pick(rng, USERS), _pick(rng, CMDS)
    expose, add = _pick(rng, EXPOSES), _pick(rng, ADDS)
    before = ["", "ARG PY=3.12", "RUN echo hi"][int(rng.integers(3))]
    builder = rng.random() < 0.4
    app_port = None if rng.random() < 0.25 else 8000
    broken = {"DF002"} if BASES[base] else set()
    lines = ["# syntax=docker/dockerfile:1"]
    if before:
        lines.append(before)
        if before.startswith("RUN"):
            broken.add("DF001")
    if builder:  # an earlier stage's USER root and shell CMD do not count: rules 3-5 and 7 read the final stage
        lines += [f"FROM {base} AS builder", "USER root", "RUN pip wheel -w /wheels \\",
                  "    --no-deps . \\", "  # comment lines inside a continuation are skipped", "    && true",
                  "CMD build things", ""]
        lines.append("FROM builder" if rng.random() < 0.5 else "FROM python:3.12-slim")
    else:
        lines.append(f"FROM {base}")
    lines += ["WORKDIR /app", "COPY --chown=app:app . /app", "RUN pip install --no-cache-dir \\",
              "      -r requirements.txt"]
    if ADDS[add][0]:
        lines.append(ADDS[add][0])
        broken |= {"DF006"} if ADDS[add][1] else set()
    lines += [f"USER {u}" for u in users]
    broken |= {"DF003"} if USERS[users] else set()
    if EXPOSES[expose][0]:
        lines.append(EXPOSES[expose][0])
    if app_port is not None and app_port not in EXPOSES[expose][1]:
        broken.add("DF005")
    cmd_lines, shell, many = CMDS[cmd]
    lines += cmd_lines
    broken |= ({"DF004"} if shell else set()) | ({"DF007"} if many else set())
    out = []
    for line in lines:  # keywords in any case, blank lines between some instructions
        word, _, rest = line.partition(" ")
        if word.isupper() and rng.random() < 0.3:
            line = word.lower() + " " + rest if rng.random() < 0.5 else word.capitalize() + " " + rest
        out.append(line)
        if rng.random() < 0.2:
            out.append("")
    return "\n".join(out) + "\n", app_port, sorted(broken)


@pytest.mark.points(1)
@pytest.mark.parametrize("k", range(20))
def test_lint_dockerfile_on_generated_fixture(check, ref, seed, k):
    text, app_port, want = fixture(np.random.default_rng(seed))
    instructions = ref.call("parse_dockerfile", (text,), {})
    got = check("lint_dockerfile", instructions, app_port=app_port, tol="exact",
                hint=f"the Dockerfile:\n{text}")
    close(got, want, tol="exact", what=f"day28: lint_dockerfile(app_port={app_port}), seed {seed}, on\n{text}")


HAND_LINT = {  # text, app_port, rules broken
    "no FROM at all": ("RUN echo hi\nUSER app\nCMD [\"sh\"]\n", None, ["DF001"]),
    "clean multi-stage": ("ARG V=1\nFROM golang:1.22 AS build\nRUN go build\nFROM gcr.io/distroless/static:nonroot\n"
                          "COPY --from=build /out /app\nUSER 65532:65532\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n",
                          8080, []),
    "scratch base and a stage named in lower case": ("FROM alpine:3.20 as Base\nFROM base\nFROM scratch\n"
                                                     "USER nobody\n", None, []),
    "root by uid with a group": ("FROM debian:12\nUSER 0:0\nCMD [\"bash\"]\n", None, ["DF003"]),
    "exec form that is not valid JSON is shell form": ("FROM debian:12\nUSER app\nCMD ['python', 'app.py']\n",
                                                       None, ["DF004"]),
    "ADD with one remote and one local source": ("FROM debian:12\nADD https://example.com/a.tgz notes.txt /opt/\n"
                                                 "USER app\n", None, ["DF006"]),
    "everything wrong": ("RUN true\nFROM node\nADD src /app\nCMD node app.js\nCMD node b.js\n", 3000,
                         ["DF001", "DF002", "DF003", "DF004", "DF005", "DF006", "DF007"]),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(HAND_LINT))
def test_lint_dockerfile_hand_cases(check, ref, name):
    text, app_port, want = HAND_LINT[name]
    got = check("lint_dockerfile", ref.call("parse_dockerfile", (text,), {}), app_port=app_port, tol="exact")
    close(got, want, tol="exact", what=f"day28: lint_dockerfile, {name}:\n{text}")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", range(4))
def test_parse_dockerfile_on_generated_fixture(check, seed, k):
    text, _, _ = fixture(np.random.default_rng(seed))
    check("parse_dockerfile", text, tol="exact", hint=f"the Dockerfile:\n{text}")


HAND_PARSE = {
    "continuation with blanks after the backslash and a comment inside":
        "FROM python:3.12\nRUN a \\   \n  # skipped\n\n    && b \\\n    && c\n",
    "keywords in any case, tabs after the keyword": "from\tpython:3.12\nRun\techo  hi\ncmd [\"a\", \"b c\"]\n",
    "a continuation on the last line": "FROM x:1\nRUN echo \\",
    "json that is not all strings stays shell form": 'FROM x:1\nCMD ["sleep", 5]\nENTRYPOINT [ "a" ]\n',
    "indented comment and instruction": "   # hello\n  FROM x:1 AS b  \n\n\nEXPOSE 80 443/tcp\n",
    "an empty file": "",
    "single-quoted array is shell form": "FROM x:1\nCMD ['python', 'app.py']\nENTRYPOINT [broken\n",
    "a backslash right after a word": "FROM x:1\nRUN echo one\\\n    two\n",
}


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(HAND_PARSE))
def test_parse_dockerfile_hand_cases(check, name):
    check("parse_dockerfile", HAND_PARSE[name], tol="exact", hint=f"the Dockerfile:\n{HAND_PARSE[name]}")
