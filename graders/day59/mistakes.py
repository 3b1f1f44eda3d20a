"""Day 59's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import re

_SPLIT = re.compile(r"'(?:s|t|re|ve|m|ll|d)| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")


def _merge(ids, pair, new_id, *, step=2, first_only=False):
    out, i, done = [], 0, False
    while i < len(ids):
        if not done and i + 1 < len(ids) and (ids[i], ids[i + 1]) == tuple(pair):
            out.append(new_id)
            i += step
            done = first_only
        else:
            out.append(ids[i])
            i += 1
    return out


def _train(texts, n_merges, *, ties="smallest", weighted=True, split=True):
    freq = {}
    for text in texts:
        for chunk in (_SPLIT.findall(text) if split else [text]):
            freq[chunk] = freq.get(chunk, 0) + 1
    seqs = [list(c.encode("utf-8")) for c in freq]
    counts = [c if weighted else 1 for c in freq.values()]
    merges = []
    for rank in range(n_merges):
        stats = {}
        for seq, c in zip(seqs, counts):
            for pair in zip(seq, seq[1:]):
                stats[pair] = stats.get(pair, 0) + c
        if not stats:
            break
        if ties == "smallest":
            best = min(stats, key=lambda p: (-stats[p], p))
        elif ties == "first":
            best = max(stats, key=stats.get)
        else:
            best = max(stats, key=lambda p: (stats[p], p))
        merges.append(best)
        seqs = [_merge(s, best, 256 + rank) for s in seqs]
    return merges


def _split(text, specials, *, longest_first=True):
    if not specials:
        return [text] if text else []
    order = sorted(specials, key=len, reverse=True) if longest_first else list(specials)
    return [p for p in re.split("(" + "|".join(re.escape(s) for s in order) + ")", text) if p]


def _encode(text, merges, specials=(), *, by="rank", specials_known=True):
    rank = {tuple(p): r for r, p in enumerate(merges)}
    special_id = {s: 256 + len(merges) + i for i, s in enumerate(specials)}
    out = []
    for piece in (_split(text, list(specials)) if specials_known else [text]):
        if piece in special_id:
            out.append(special_id[piece])
            continue
        for chunk in _SPLIT.findall(piece):  # (no unsplit variant: on 100 kB it takes minutes)
            ids = list(chunk.encode("utf-8"))
            while len(ids) > 1:
                pairs = list(zip(ids, ids[1:]))
                known = [p for p in pairs if p in rank]
                if not known:
                    break
                if by == "rank":
                    pair = min(known, key=rank.get)
                else:  # the pair most frequent in this chunk, as in training
                    pair = max(known, key=pairs.count)
                ids = _merge(ids, pair, 256 + rank[pair])
            out.extend(ids)
    return out


def _decode_no_specials(ids, merges, specials=()):
    table = [bytes([i]) for i in range(256)]
    for a, b in merges:
        table.append(table[a] + table[b])
    return b"".join(table[i] for i in ids if i < len(table)).decode("utf-8", errors="replace")


def _decode_ignore(ids, merges, specials=()):
    table = [bytes([i]) for i in range(256)]
    for a, b in merges:
        table.append(table[a] + table[b])
    table += [s.encode("utf-8") for s in specials]
    return b"".join(table[i] for i in ids).decode("utf-8", errors="ignore")


MISTAKES = {
    "merge": {
        "after a merge the scan moves on by one id, not two: occurrences overlap ([5, 5, 5] -> [new, new, 5])":
            lambda ids, pair, new_id: _merge(ids, pair, new_id, step=1),
        "only the first occurrence of the pair is replaced":
            lambda ids, pair, new_id: _merge(ids, pair, new_id, first_only=True),
    },
    "train_merges": {
        "ties broken by the pair seen first (max over the dict) instead of the smallest pair":
            lambda texts, n: _train(texts, n, ties="first"),
        "ties broken by the largest pair instead of the smallest":
            lambda texts, n: _train(texts, n, ties="largest"),
        "each distinct chunk counted once, not as often as it occurs":
            lambda texts, n: _train(texts, n, weighted=False),
        "pairs counted across chunk boundaries: pretokenize each text first":
            lambda texts, n: _train(texts, n, split=False),
    },
    "split_specials": {
        "specials tried in the given order, so a shorter special cuts a longer one: try the longest first":
            lambda text, specials: _split(text, specials, longest_first=False),
    },
    "encode": {
        "special tokens encoded as their bytes: cut them out with split_specials first":
            lambda text, merges, specials=(): _encode(text, merges, specials, specials_known=False),
        "merges chosen by frequency inside the chunk instead of by lowest rank":
            lambda text, merges, specials=(): _encode(text, merges, specials, by="count"),
    },
    "decode": {
        "special ids dropped: their bytes are their UTF-8 text": _decode_no_specials,
        "errors='ignore' drops a cut character; errors='replace' shows it as U+FFFD": _decode_ignore,
    },
}
