"""Day 11's classic mistakes, each written as the wrong merge3 a learner would write.

When a learner's (lines, conflicts) matches one of these on the graded input, the failure names it.
All share one small merge below, with a switch per mistake.
"""


def _diff_hunks(a, b):
    """Hunks (start, end, new lines) of a longest-common-subsequence diff of a → b."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = best[i + 1][j + 1] + 1 if a[i] == b[j] else max(best[i + 1][j], best[i][j + 1])
    out, i, j, current = [], 0, 0, None
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j]:
            if current:
                out.append(tuple(current))
                current = None
            i, j = i + 1, j + 1
            continue
        current = current or [i, i, []]
        if j >= m or (i < n and best[i + 1][j] >= best[i][j + 1]):
            i += 1
            current[1] = i
        else:
            current[2].append(b[j])
            j += 1
    if current:
        out.append(tuple(current))
    return out


def _has_alnum(lines):
    return any(c.isascii() and c.isalnum() for line in lines for c in line)


def _merge(base, ours, theirs, *, touching=True, identical=True, refine=True, join=True,
           start="<<<<<<< ours", end=">>>>>>> theirs"):
    changes = sorted([(*h, 0) for h in _diff_hunks(base, ours)] + [(*h, 1) for h in _diff_hunks(base, theirs)],
                     key=lambda h: (h[0], h[1]))
    pieces, at, k = [], 0, 0
    while k < len(changes):
        region, lo, hi = [changes[k]], changes[k][0], changes[k][1]
        k += 1
        while k < len(changes) and (changes[k][0] <= hi if touching else changes[k][0] < hi
                                    or changes[k][0] == changes[k][1] == lo):
            region.append(changes[k])
            hi = max(hi, changes[k][1])
            k += 1
        pieces.append(("plain", base[at:lo]))
        at = hi
        if len({h[3] for h in region}) == 1:
            pieces.append(("taken", [x for h in region for x in h[2]]))
            continue
        if identical and len(region) == 2 and region[0][:3] == region[1][:3]:
            pieces.append(("plain", region[0][2]))
            continue
        sides = []
        for who in (0, 1):
            text, pos = [], lo
            for s, e, new, w in region:
                if w == who:
                    text, pos = text + base[pos:s] + new, e
            sides.append(text + base[pos:hi])
        o, t = sides
        if not refine or not o or not t:
            pieces.append(("conflict", o, t))
            continue
        inner = _diff_hunks(o, t)
        if not inner:
            pieces.append(("taken", o))
            continue
        pos = 0
        for s, e, new in inner:
            pieces += [("plain", o[pos:s]), ("conflict", o[s:e], new)]
            pos = e
        pieces.append(("plain", o[pos:]))
    pieces.append(("plain", base[at:]))
    joined = []
    for piece in pieces:
        if piece[0] == "plain" and joined and joined[-1][0] == "plain":
            joined[-1] = ("plain", joined[-1][1] + piece[1])
            continue
        if (join and piece[0] == "conflict" and len(joined) >= 2 and joined[-1][0] == "plain"
                and joined[-2][0] == "conflict" and (len(joined[-1][1]) <= 3 or not _has_alnum(joined[-1][1]))):
            gap = joined.pop()[1]
            _, o, t = joined.pop()
            piece = ("conflict", o + gap + piece[1], t + gap + piece[2])
        joined.append(piece)
    return _write(joined, start, end)


def _write(pieces, start="<<<<<<< ours", end=">>>>>>> theirs"):
    lines, conflicts = [], 0
    for piece in pieces:
        if piece[0] == "conflict":
            lines += [start, *piece[1], "=======", *piece[2], end]
            conflicts += 1
        else:
            lines += piece[1]
    return lines, conflicts


def _ours_against_theirs(base, ours, theirs):
    """Every difference between ours and theirs made a conflict: base never consulted."""
    pieces, pos = [], 0
    for s, e, new in _diff_hunks(ours, theirs):
        pieces += [("plain", ours[pos:s]), ("conflict", ours[s:e], new)]
        pos = e
    return _write(pieces + [("plain", ours[pos:])])


MISTAKES = {
    "merge3": {
        "ours diffed against theirs instead of each against base: a line only one side changed is not a "
        "conflict, it takes that side's version": _ours_against_theirs,
        "conflict markers without labels: git writes '<<<<<<< ours' and '>>>>>>> theirs' (the -L labels)":
            lambda b, o, t: _merge(b, o, t, start="<<<<<<<", end=">>>>>>>"),
        "identical changes on both sides treated as a conflict: the same edit on both sides is taken once":
            lambda b, o, t: _merge(b, o, t, identical=False, refine=False),
        "changes that only touch (adjacent lines, one changed by each side) merged cleanly: git makes them "
        "one conflict": lambda b, o, t: _merge(b, o, t, touching=False),
        "conflicts not refined: lines both sides share at the start or end of a conflict are written once, "
        "outside the block (README step 3, rule 3)": lambda b, o, t: _merge(b, o, t, refine=False),
        "close conflicts not joined: two blocks with 3 or fewer plain lines (or only punctuation) between "
        "them are one block in git (rule 4)": lambda b, o, t: _merge(b, o, t, join=False),
    },
}
