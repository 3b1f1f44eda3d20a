# %%
"""Day 28, part 2 — the build context: which files `docker build` sends, and their hashes.

A file tree is given as data: a dict {relative path: bytes}, paths in POSIX form ("src/app.py",
no leading "./" or "/"), one entry per file (folders are implied by the paths).
A manifest is a dict {relative path: sha256 hex digest of the file's bytes} (64 lowercase hex
characters, as hashlib.sha256(data).hexdigest()).

Check your work:  pytest assignments/day28   (or: ai100 check day28)
"""

import hashlib
import re


# %%
def pattern_matches(pattern, path):
    """Whether one .dockerignore pattern names exactly `path` (the whole path, not a part of it).

    pattern: str, one cleaned pattern (no "!", no leading or trailing "/").  path: str, POSIX.
    Returns a bool. The syntax:
      *     any run of characters except "/"         ?     one character except "/"
      **/   any number of folders, none included     **    at the end: anything
    every other character stands for itself ("." is no wildcard). `**` is only used as `**/`
    or at the very end. About 15 lines: translate the pattern into a regular expression.
    """
    raise NotImplementedError('day28: pattern_matches — see README')


# %%
def is_ignored(path, dockerignore_text):
    """Whether .dockerignore leaves `path` out of the build context.

    path: str, a POSIX relative path of a file.  dockerignore_text: str, the .dockerignore file.
    Returns a bool. The rules (as Docker's own matcher):
      - one pattern a line; blank lines and lines starting with "#" are skipped; each line is
        stripped, then a leading "!" makes it a re-include; then a leading "/" and a trailing "/"
        are dropped;
      - a pattern matches a path when it matches the whole path or one of its parent folders
        ("build" matches "build/x.o" and "build/lib/y.o");
      - the LAST pattern that matches decides: ignored, unless that pattern starts with "!".
    A path no pattern matches is kept. About 15 lines.
    """
    raise NotImplementedError('day28: is_ignored — see README')


# %%
def context_manifest(files, dockerignore_text=""):
    """The build context's manifest: every file .dockerignore keeps, with its sha256.

    files: dict {str path: bytes}.  dockerignore_text: str.
    Returns a dict {path: sha256 hex str} for each path that is_ignored keeps. About 3 lines.
    """
    raise NotImplementedError('day28: context_manifest — see README')


# %%
def context_digest(manifest):
    """Stretch: one sha256 for a whole manifest, the same whatever order its entries come in.

    manifest: dict {path: sha256 hex}.
    Returns the sha256 hex of the text that `sha256sum` would print for the files sorted by path:
    one line "<hash>  <path>\\n" per file (two spaces), the lines sorted by path (Python's str
    order), encoded as UTF-8. An empty manifest hashes the empty text. About 3 lines.
    """
    raise NotImplementedError('day28: context_digest — see README')
