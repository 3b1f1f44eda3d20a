"""Day 69's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import re

import numpy as np


def _find(phrases, text, *, bounds=True, fold=True, overlaps=True):
    hay = text.lower() if fold else text
    edge = r"\b" if bounds else ""
    found = []
    if overlaps:
        for p in set(phrases):
            found += [(m.start(), m.start() + len(p), p)
                      for m in re.finditer(f"(?={edge}{re.escape(p)}{edge})", hay, flags=re.ASCII)]
    else:
        alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        found = [(m.start(), m.end(), m.group()) for m in re.finditer(f"{edge}(?:{alternatives}){edge}", hay, flags=re.ASCII)]
    return sorted(found, key=lambda m: (m[0], m[1]))


def _score(texts, lexicon, *, combine="noisy_or", once=False, **find_options):
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        phrases = [p for _, _, p in _find(list(lexicon), text, **find_options)]
        if once:
            phrases = sorted(set(phrases))
        weights = [lexicon[p] for p in phrases]
        if combine == "max":
            out[i] = max(weights, default=0.0)
        elif combine == "sum":
            out[i] = min(1.0, sum(weights))
        else:
            out[i] = 1.0 - float(np.prod([1.0 - w for w in weights]))
    return out


def _filter(texts, lexicon, thr=0.5, *, strict=False, fraction=False):
    if not texts:
        return [], 0.0
    scores = _score(texts, lexicon)
    kept = [t for t, s in zip(texts, scores) if (s <= thr if strict else s < thr)]
    share = (len(texts) - len(kept)) / len(texts)
    return kept, share if fraction else 100.0 * share


def _ban(logits, banned_ids, value=-np.inf):
    out = logits.copy()
    out[..., list(banned_ids)] = value
    return out


MISTAKES = {
    "find_banned": {
        "no whole-word check: 'zorb' found inside 'zorbing'": lambda phrases, text: _find(phrases, text, bounds=False),
        "case-sensitive: 'Zorb' and 'ZORB' missed (compare in lower case)":
            lambda phrases, text: _find(phrases, text, fold=False),
        "only the longest match at each place: overlapping matches ('glorp' inside 'glorp face') lost":
            lambda phrases, text: _find(phrases, text, overlaps=False),
    },
    "toxicity_score": {
        "each phrase counted once per text, not once per match": lambda texts, lexicon: _score(texts, lexicon, once=True),
        "the largest weight instead of 1 - prod(1 - w)": lambda texts, lexicon: _score(texts, lexicon, combine="max"),
        "weights added (and clipped at 1) instead of 1 - prod(1 - w)":
            lambda texts, lexicon: _score(texts, lexicon, combine="sum"),
        "no whole-word check in the matcher": lambda texts, lexicon: _score(texts, lexicon, bounds=False),
    },
    "filter_toxic": {
        "kept texts scoring exactly thr (the rule is: removed when score >= thr)":
            lambda texts, lexicon, thr=0.5: _filter(texts, lexicon, thr, strict=True),
        "removed share as a fraction, not a percentage": lambda texts, lexicon, thr=0.5: _filter(texts, lexicon, thr, fraction=True),
    },
    "ban_tokens": {
        "banned logits set to a large negative number instead of -inf: they can still be sampled":
            lambda logits, banned_ids: _ban(logits, banned_ids, -1e9),
        "banned logits set to 0 — that is an ordinary, likely token": lambda logits, banned_ids: _ban(logits, banned_ids, 0.0),
    },
}
