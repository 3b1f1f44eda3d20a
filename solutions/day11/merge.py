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
    ### BEGIN SOLUTION
    n, m = len(a), len(b)
    # best[i][j]: length of an LCS of a[i:] and b[j:]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    script, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            script.append((" ", a[i]))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            script.append(("-", a[i]))
            i += 1
        else:
            script.append(("+", b[j]))
            j += 1
    script += [("-", line) for line in a[i:]] + [("+", line) for line in b[j:]]
    return script
    ### END SOLUTION


# %%
def hunks(a, b):
    """The changes from `a` to `b` as hunks: runs of changed lines between kept ones.

    a, b: lists of str.
    Returns a list of (start, end, lines): a[start:end] is replaced by the list `lines`
    (start == end for a pure insertion before a[start]; lines == [] for a pure deletion).
    Hunks come in order and never touch: at least one kept line lies between two of them.
    About 12 lines on top of lcs_diff.
    """
    ### BEGIN SOLUTION
    out, i, current = [], 0, None
    for op, line in lcs_diff(a, b):
        if op == " ":
            if current is not None:
                out.append(tuple(current))
                current = None
            i += 1
            continue
        if current is None:
            current = [i, i, []]
        if op == "-":
            current[1] = i = i + 1
        else:
            current[2].append(line)
    if current is not None:
        out.append(tuple(current))
    return out
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    mine = [(s, e, new, "ours") for s, e, new in hunks(base, ours)]
    other = [(s, e, new, "theirs") for s, e, new in hunks(base, theirs)]
    changes = sorted(mine + other, key=lambda h: (h[0], h[1]))
    # pieces: ("plain", lines) | ("taken", lines) — a change from one side | ("conflict", ours_side, theirs_side)
    pieces, at, k = [], 0, 0
    while k < len(changes):
        region = [changes[k]]
        start, end = changes[k][0], changes[k][1]
        k += 1
        while k < len(changes) and changes[k][0] <= end:  # overlaps or touches the region
            region.append(changes[k])
            end = max(end, changes[k][1])
            k += 1
        pieces.append(("plain", base[at:start]))
        at = end
        sides = {h[3] for h in region}
        if len(sides) == 1:
            pieces.append(("taken", [line for h in region for line in h[2]]))
            continue
        if len(region) == 2 and region[0][:3] == region[1][:3]:
            pieces.append(("plain", region[0][2]))  # the same change on both sides
            continue
        texts = {}
        for side in ("ours", "theirs"):
            text, pos = [], start
            for s, e, new, who in region:
                if who == side:
                    text += base[pos:s] + new
                    pos = e
            texts[side] = text + base[pos:end]
        o, t = texts["ours"], texts["theirs"]
        if not o or not t:  # rule 3: nothing to refine when one side is empty
            pieces.append(("conflict", o, t))
            continue
        inner = hunks(o, t)
        if not inner:
            pieces.append(("taken", o))  # equal after all: written as is, yet a change from base
            continue
        pos = 0
        for s, e, new in inner:
            pieces += [("plain", o[pos:s]), ("conflict", o[s:e], new)]
            pos = e
        pieces.append(("plain", o[pos:]))
    pieces.append(("plain", base[at:]))

    # Rule 4: merge runs of plain lines, then join conflicts that a short or punctuation-only run parts.
    joined = []
    for piece in pieces:
        if piece[0] == "plain" and joined and joined[-1][0] == "plain":
            joined[-1] = ("plain", joined[-1][1] + piece[1])
            continue
        if (piece[0] == "conflict" and len(joined) >= 2 and joined[-1][0] == "plain"
                and joined[-2][0] == "conflict"
                and (len(joined[-1][1]) <= 3 or not _has_alnum(joined[-1][1]))):
            gap = joined.pop()[1]
            _, o, t = joined.pop()
            piece = ("conflict", o + gap + piece[1], t + gap + piece[2])
        joined.append(piece)

    lines, conflicts = [], 0
    for piece in joined:
        if piece[0] == "conflict":
            lines += [OURS_MARKER, *piece[1], SEPARATOR, *piece[2], THEIRS_MARKER]
            conflicts += 1
        else:
            lines += piece[1]
    return lines, conflicts
    ### END SOLUTION


# %%
def resolve_conflicts(text, strategy):
    """Stretch: settle every conflict block of a merged file one way, like `git merge-file --ours`.

    text: str, a whole file with "\\n" line endings as merge3's lines joined (each line ends in
    "\\n"), conflict blocks included.  strategy: "ours", "theirs" or "union".
    Returns the str with each block replaced by ours' lines, theirs' lines, or ours' then
    theirs' lines ("union"); everything outside the blocks is unchanged.
    Raises ValueError for any other strategy. About 15 lines.
    """
    ### BEGIN SOLUTION
    if strategy not in ("ours", "theirs", "union"):
        raise ValueError(f"strategy must be 'ours', 'theirs' or 'union', got {strategy!r}")
    out, state = [], None  # state: None outside a block, "ours" / "theirs" inside one
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\n")
        if state is None and bare.startswith("<<<<<<<"):
            state = "ours"
        elif state == "ours" and bare == SEPARATOR:
            state = "theirs"
        elif state == "theirs" and bare.startswith(">>>>>>>"):
            state = None
        elif state is None or strategy == "union" or strategy == state:
            out.append(line)
    return "".join(out)
    ### END SOLUTION
