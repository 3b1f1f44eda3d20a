"""Day 28 visible tests, part 1: run them with  pytest assignments/day28  (or  ai100 check day28).

parse_dockerfile is compared with values recorded from the reference; lint_dockerfile is given
the reference's parse of each Dockerfile below and must name exactly the rules it breaks. The
autograder runs twenty generated Dockerfiles and more hand-written ones.
"""

import pytest

from course_tools.checks import close

SERVICE = """# syntax=docker/dockerfile:1
ARG PY=3.12
FROM python:3.12-slim AS build
RUN pip wheel -w /wheels \\
    # comment lines inside a continuation are skipped
    -r requirements.txt

from python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* \\
    && rm -rf /wheels
USER app
EXPOSE 8000/tcp
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
"""

LINT_CASES = {  # name: (Dockerfile, app_port, the rules it breaks)
    "a clean two-stage service": (SERVICE, 8000, []),
    "wrong port": (SERVICE, 5000, ["DF005"]),
    "untagged base, root, shell CMD": ("FROM python\nCOPY . /app\nCMD python app.py\n", None,
                                       ["DF002", "DF003", "DF004"]),
    "latest, RUN before FROM, ADD of a folder": ("RUN echo hi\nFROM node:latest\nADD . /app\nUSER node\n"
                                                 "CMD [\"node\", \"app.js\"]\n", None, ["DF001", "DF002", "DF006"]),
    "root again at the end, two CMDs": ("FROM debian:12\nUSER app\nUSER root\nCMD [\"a\"]\nCMD [\"b\"]\n", None,
                                        ["DF003", "DF007"]),
    "registry port is not a tag": ("FROM registry.local:5000/team/api\nUSER 1000\n", None, ["DF002"]),
}


@pytest.mark.points(1)
def test_parse_dockerfile_service(check):
    got = check("parse_dockerfile", SERVICE, tol="exact")
    assert [ins["cmd"] for ins in got] == ["ARG", "FROM", "RUN", "FROM", "COPY", "RUN", "USER", "EXPOSE", "CMD"]


@pytest.mark.points(1)
def test_parse_dockerfile_exec_and_shell_forms(check):
    check("parse_dockerfile", 'FROM x:1\ncmd ["python", "app.py"]\nENTRYPOINT python app.py\n', tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("name", list(LINT_CASES))
def test_lint_dockerfile(check, ref, name):
    text, app_port, want = LINT_CASES[name]
    got = check("lint_dockerfile", ref.call("parse_dockerfile", (text,), {}), app_port=app_port, tol="exact")
    close(got, want, tol="exact", what=f"day28: lint_dockerfile, {name}")
