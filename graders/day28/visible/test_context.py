"""Day 28 visible tests, part 2: .dockerignore matching, the manifest and its digest.

The expected manifests are written out below (which paths stay) and hashed with hashlib here.
"""

import hashlib

import pytest

from course_tools.checks import close

FILES = {
    "Dockerfile": b"FROM python:3.12-slim\n", "app.py": b"print('hi')\n", "README.md": b"# app\n",
    ".git/config": b"[core]\n", "src/util.py": b"x = 1\n", "src/util.pyc": b"\x00\x01",
    "src/__pycache__/util.cpython-312.pyc": b"\x02", "docs/guide.md": b"guide\n", "docs/README.md": b"docs\n",
    "build/out.o": b"\x7fELF", "notes.tmp": b"", "src/notes.tmp": b"",
}


def _manifest(paths):
    return {p: hashlib.sha256(FILES[p]).hexdigest() for p in paths}


@pytest.mark.points(1)
@pytest.mark.parametrize("pattern, path", [("*.tmp", "notes.tmp"), ("*.tmp", "src/notes.tmp"),
                                           ("**/*.tmp", "src/notes.tmp"), ("src/?til.py", "src/util.py"),
                                           ("a.md", "abmd")])
def test_pattern_matches(check, pattern, path):
    check("pattern_matches", pattern, path, tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("path", ["docs/guide.md", "docs/README.md", "build/out.o", "app.py"])
def test_is_ignored_reinclude_and_folders(check, path):
    check("is_ignored", path, "# comment\ndocs\n!docs/README.md\n/build/\n", tol="exact")


@pytest.mark.points(2)
def test_context_manifest(check):
    text = ".git\n**/__pycache__\n**/*.pyc\ndocs\n!docs/README.md\n*.tmp\n"
    got = check.run_learner("context_manifest", FILES, text)
    keep = ["Dockerfile", "app.py", "README.md", "src/util.py", "docs/README.md", "build/out.o", "src/notes.tmp"]
    close(got, _manifest(keep), tol="exact", what=f"day28: context_manifest(FILES, {text!r})")


@pytest.mark.points(1)
def test_context_manifest_last_match_wins(check):
    got = check.run_learner("context_manifest", FILES, "!README.md\n*.md\n")
    close(got, _manifest([p for p in FILES if p != "README.md"]), tol="exact",
          what="day28: context_manifest(FILES, '!README.md\\n*.md\\n') — the later *.md wins")


@pytest.mark.points(1)
def test_context_digest_ignores_order(check):
    manifest = _manifest(FILES)
    digest = check("context_digest", manifest, tol="exact")
    close(check.run_learner("context_digest", dict(reversed(list(manifest.items())))), digest, tol="exact",
          what="day28: context_digest of the same manifest in reverse order")
