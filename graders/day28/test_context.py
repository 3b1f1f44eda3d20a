"""Hidden graders for day 28, part 2 (.dockerignore matching, the context manifest and its digest).

File trees are data ({path: bytes}) drawn from each test's hidden seed: a project of 26 files with
a .git folder, caches, build output, docs and secrets, random contents. .dockerignore files are
drawn from a pool of patterns with comments, "!" re-includes, "**", "*", "?", leading and
trailing "/". Every manifest is also checked against hashlib on the grader's side.
"""

import hashlib

import numpy as np
import pytest

from course_tools.checks import close

PATHS = [
    "Dockerfile", ".dockerignore", "app.py", "requirements.txt", "README.md", ".env", "notes.tmp",
    ".git/config", ".git/objects/ab/cdef01", "src/app/__init__.py", "src/app/models.py", "src/app/models.pyc",
    "src/app/__pycache__/models.cpython-312.pyc", "src/notes.tmp", "tests/test_app.py",
    "tests/__pycache__/test_app.cpython-312.pyc", "docs/index.md", "docs/README.md", "docs/img/logo.png",
    "build/lib/app.so", "build/keep.txt", "node_modules/left-pad/index.js", "secrets/prod.env",
    "data/raw/a.csv", "data/raw/b.csv", "data/keep/c.csv",
]
PATTERNS = [
    "# build output", ".git", "**/__pycache__", "*.pyc", "**/*.pyc", "build/", "!build/keep.txt", "docs",
    "!docs/README.md", "!**/README.md", "*.tmp", "**/*.tmp", "/notes.tmp", ".env", "secrets", "data/raw",
    "data/*/a.csv", "!data/raw/b.csv", "node_modules", "tests/**", "!tests/test_?pp.py", "src/app/models.py?",
    "*.md", "README.md", "!*.md", "", "  docs/img  ", "data/**/*.csv",
]


def _tree(rng):
    return {p: rng.integers(0, 256, size=int(rng.integers(0, 40)), dtype=np.uint8).tobytes() for p in PATHS}


def _ignore_text(rng, n):
    return "\n".join(PATTERNS[int(i)] for i in rng.integers(0, len(PATTERNS), size=n)) + "\n"


def _hashes(files, paths):
    return {p: hashlib.sha256(files[p]).hexdigest() for p in paths}


@pytest.mark.points(1)
@pytest.mark.parametrize("pattern, path", [
    ("*.pyc", "a.pyc"), ("*.pyc", "src/a.pyc"), ("**/*.pyc", "src/a/b.pyc"), ("**/*.pyc", "a.pyc"),
    ("src/*.py", "src/app/x.py"), ("test?.py", "test1.py"), ("test?.py", "test12.py"), ("a.b", "axb"),
    ("build/**", "build/x/y.o"), ("*.md", "xmd"), ("docs", "docs"), ("docs", "docs/index.md"), ("**/cache", "a/b/cache"),
])
def test_pattern_matches_matches_reference(check, pattern, path):
    check("pattern_matches", pattern, path, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("k", range(3))
def test_is_ignored_matches_reference_on_random_patterns(check, seed, k):
    rng = np.random.default_rng(seed)
    text = _ignore_text(rng, 6)
    for path in PATHS:
        check("is_ignored", path, text, tol="exact", hint=f".dockerignore:\n{text}")


@pytest.mark.points(3)
@pytest.mark.parametrize("n_patterns", [0, 4, 9])
def test_context_manifest_matches_reference_and_hashlib(check, seed, n_patterns):
    rng = np.random.default_rng(seed)
    files, text = _tree(rng), _ignore_text(rng, n_patterns)
    got = check("context_manifest", files, text, tol="exact", hint=f".dockerignore:\n{text}")
    close(got, _hashes(files, got), tol="exact", what="day28: context_manifest values vs hashlib.sha256(...).hexdigest()")


CASES = {  # .dockerignore: the paths of PATHS it keeps
    "re-include after a folder": ("docs\n!docs/README.md\n", [p for p in PATHS if not p.startswith("docs/")]
                                  + ["docs/README.md"]),
    "the last matching pattern wins": ("!README.md\n*.md\n", [p for p in PATHS if p != "README.md"]),
    "a re-include undone by a later pattern": ("*.md\n!*.md\nREADME.md\n", [p for p in PATHS if p != "README.md"]),
    "* stays in the top folder, ** reaches every depth": ("*.pyc\n**/__pycache__\n", [
        p for p in PATHS if "__pycache__" not in p]),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("name", ["re-include after a folder", "the last matching pattern wins",
                                  "a re-include undone by a later pattern",
                                  "* stays in the top folder, ** reaches every depth"])
def test_context_manifest_rule_cases(check, seed, name):
    files = _tree(np.random.default_rng(seed))
    text, kept = CASES[name]
    got = check("context_manifest", files, text, tol="exact")
    close(got, _hashes(files, sorted(kept)), tol="exact", what=f"day28: context_manifest, {name}:\n{text}")


@pytest.mark.points(1)
@pytest.mark.parametrize("path, text", [("#notes.txt", "#notes.txt\n"), ("notes.txt", " # notes.txt\n\n!\n/\n")])
def test_is_ignored_comments_and_empty_patterns(check, path, text):
    """A line starting with # is a comment, even when a file has that name; "!" or "/" alone names nothing."""
    check("is_ignored", path, text, tol="exact")


@pytest.mark.points(1)
def test_context_manifest_empty_tree(check):
    check("context_manifest", {}, "*\n", tol="exact")


@pytest.mark.points(2)
def test_context_digest_matches_reference_and_ignores_order(check, seed):
    rng = np.random.default_rng(seed)
    files = _tree(rng)
    manifest = _hashes(files, PATHS)
    first = check("context_digest", manifest, tol="exact")
    shuffled = {p: manifest[p] for p in rng.permutation(PATHS)}
    again = check.run_learner("context_digest", shuffled)
    close(again, first, tol="exact", what="day28: context_digest of the same manifest in another order")
    changed = dict(manifest, **{"app.py": hashlib.sha256(b"changed").hexdigest()})
    assert check.run_learner("context_digest", changed) != first, \
        "day28: context_digest did not change when one file's hash changed"


@pytest.mark.points(1)
def test_context_digest_empty_manifest(check):
    check("context_digest", {}, tol="exact")
