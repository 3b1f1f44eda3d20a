# %%
"""Day 11 — a three-way line merge, the way `git merge-file` does it.

A file is a list of lines: Python strings without their trailing newline ("\\n").
Letters used below:
  N, M   lengths of the two line lists given to lcs_diff
  base   the common ancestor; ours and theirs are two edits of it

An edit script is a list of (op, line) pairs, op one of
  " "  the line is in both lists (kept)      "-"  only in the first (deleted)
  "+"  only in the second (inserted)
Read the " " and "-" lines in order and you get the first list back; read the " " and "+"
lines and you get the second.

Check your work:  pytest assignments/day11   (or: ai100 check day11)
"""

# The conflict markers, as `git merge-file -p -L ours -L base -L theirs` writes them.
OURS_MARKER = "<<<<<<< ours"
SEPARATOR = "======="
THEIRS_MARKER = ">>>>>>> theirs"


# %%
def lcs_diff(a, b):
    """An edit script turning the line list `a` into `b`, with as many kept lines as possible.

    a: list of N str.  b: list of M str.  Neither is modified.
    Returns a list of (op, line) tuples, op in {" ", "-", "+"} (see the module docstring). The
    number of " " entries must be the length of a longest common subsequence of a and b; when
    several scripts reach it, any of them is right. About 15 lines: a table of LCS lengths of
    suffixes (or prefixes), then one walk through it.
    """
    raise NotImplementedError('day11: lcs_diff — see README')


# %%
def hunks(a, b):
    """The changes from `a` to `b` as hunks: runs of changed lines between kept ones.

    a, b: lists of str.
    Returns a list of (start, end, lines): a[start:end] is replaced by the list `lines`
    (start == end for a pure insertion before a[start]; lines == [] for a pure deletion).
    Hunks come in order and never touch: at least one kept line lies between two of them.
    About 12 lines on top of lcs_diff.
    """
    raise NotImplementedError('day11: hunks — see README')


def _has_alnum(lines):
    """True when some line holds an ASCII letter or digit (git's test for 'only punctuation')."""
    return any(c.isascii() and c.isalnum() for line in lines for c in line)


# %%
def merge3(base, ours, theirs):
    """Merge two edits of `base` line by line, as `git merge-file -p -L ours -L base -L theirs`.

    base, ours, theirs: lists of str (lines without "\\n"). None is modified.
    Returns (lines, conflicts): the merged list of str, and the int number of conflict blocks in
    it (0 when the merge is clean — git's exit status). A conflict block is
        "<<<<<<< ours", ours' lines, "=======", theirs' lines, ">>>>>>> theirs".
    The rules (README step 3):
      1. hunks(base, ours) and hunks(base, theirs): each side against the BASE.
      2. Hunks of the two sides that overlap or touch in base (one ends where the other starts;
         two insertions at the same place) join into one region, transitively. A region changed by
         one side only takes that side; one hunk per side with the same range and the same new
         lines takes them once; any other region is a conflict between ours' and theirs' text of it.
      3. A conflict whose sides are both non-empty is refined: diff its ours side against its
         theirs side; lines kept by that diff leave the conflict (written once, as plain lines),
         each hunk of it becomes its own conflict. Sides that turn out equal are no conflict.
      4. Two neighbouring conflict blocks are joined into one when only plain lines lie between
         them (no change taken from one side) and those lines number 3 or fewer, or hold no
         ASCII letter or digit; the lines between then appear on both sides of the joined block.
    About 45 lines. Build a list of pieces (plain lines, one-sided change, conflict) first, then
    write it out.
    """
    raise NotImplementedError('day11: merge3 — see README')


# %%
def resolve_conflicts(text, strategy):
    """Stretch: settle every conflict block of a merged file one way, like `git merge-file --ours`.

    text: str, a whole file with "\\n" line endings as merge3's lines joined (each line ends in
    "\\n"), conflict blocks included.  strategy: "ours", "theirs" or "union".
    Returns the str with each block replaced by ours' lines, theirs' lines, or ours' then
    theirs' lines ("union"); everything outside the blocks is unchanged.
    Raises ValueError for any other strategy. About 15 lines.
    """
    raise NotImplementedError('day11: resolve_conflicts — see README')
