"""Day 61's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _top_k(logits, k, *, exact_k=False):
    k = min(int(k), logits.shape[-1])
    if exact_k:  # exactly k indices from argsort: ties at the k-th value cut arbitrarily
        idx = np.argsort(-logits, axis=-1, kind="stable")[..., :k]
        keep = np.zeros(logits.shape, bool)
        np.put_along_axis(keep, idx, True, axis=-1)
        return np.where(keep, logits, -np.inf)
    kth = np.sort(logits, axis=-1)[..., -k, None]
    return np.where(logits < kth, -np.inf, logits)


def _top_p(logits, p, *, inclusive=False, sort=True):
    order = np.argsort(-logits, axis=-1, kind="stable") if sort else np.broadcast_to(
        np.arange(logits.shape[-1]), logits.shape)
    probs = _softmax(np.take_along_axis(logits, order, axis=-1))
    cum = np.cumsum(probs, axis=-1)
    drop_sorted = cum > p if inclusive else (cum - probs) >= p
    drop = np.empty_like(drop_sorted)
    np.put_along_axis(drop, order, drop_sorted, axis=-1)
    return np.where(drop, -np.inf, logits)


def _sample(logits, temperature=1.0, top_k=None, top_p=None, seed=0, *, order="tkp"):
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1).astype(np.int64)
    z = logits
    for step in order:
        if step == "t":
            z = z / temperature
        elif step == "m":
            z = z * temperature
        elif step == "k" and top_k is not None:
            z = _top_k(z, top_k)
        elif step == "p" and top_p is not None:
            z = _top_p(z, top_p)
    cdf = np.cumsum(_softmax(z), axis=-1).reshape(-1, logits.shape[-1])
    cdf = cdf / cdf[:, -1:]
    u = np.random.default_rng(seed).random(len(cdf))
    ids = [np.searchsorted(row, x, side="right") for row, x in zip(cdf, u)]
    return np.array(ids, dtype=np.int64).reshape(logits.shape[:-1])


def _grams(texts, n):
    out = []
    for text in texts:
        w = text.split()
        out.append([tuple(w[i:i + n]) for i in range(len(w) - n + 1)])
    return out


def _distinct_mean(texts, n=4):
    ratios = [len(set(g)) / len(g) for g in _grams(texts, n) if g]
    return float(np.mean(ratios)) if ratios else 0.0


def _distinct_joined(texts, n=4):
    (g,) = _grams([" ".join(texts)], n)
    return len(set(g)) / len(g) if g else 0.0


def _beam(first, trans, length, beam=4, *, by_last=False, last=False):
    hyps = sorted([((t,), float(first[t]), float(first[t])) for t in range(len(first))],
                  key=lambda h: (-h[2 if by_last else 1], h[0]))[:beam]
    for _ in range(length - 1):
        grown = [(s + (t,), sc + float(trans[s[-1], t]), float(trans[s[-1], t]))
                 for s, sc, _ in hyps for t in range(trans.shape[1])]
        hyps = sorted(grown, key=lambda h: (-h[2 if by_last else 1], h[0]))[:beam]
    seq, score, _ = hyps[-1] if last else hyps[0]
    return list(seq), score


MISTAKES = {
    "top_k_filter": {
        "exactly k indices kept from argsort: entries equal to the k-th largest must all stay":
            lambda logits, k: _top_k(logits, k, exact_k=True),
    },
    "top_p_filter": {
        "the token whose probability crosses p is dropped: keep a token while the mass BEFORE it is < p":
            lambda logits, p: _top_p(logits, p, inclusive=True),
        "cumulative probability summed in vocabulary order: sort by probability, largest first":
            lambda logits, p: _top_p(logits, p, sort=False),
    },
    "sample_next": {
        "filters applied before dividing by the temperature (top-p then sees the wrong distribution)":
            lambda logits, temperature=1.0, top_k=None, top_p=None, seed=0:
                _sample(logits, temperature, top_k, top_p, seed, order="kpt"),
        "logits multiplied by the temperature instead of divided":
            lambda logits, temperature=1.0, top_k=None, top_p=None, seed=0:
                _sample(logits, temperature, top_k, top_p, seed, order="mkp"),
        "top-p applied before top-k: the order is temperature, top-k, top-p":
            lambda logits, temperature=1.0, top_k=None, top_p=None, seed=0:
                _sample(logits, temperature, top_k, top_p, seed, order="tpk"),
    },
    "distinct_n": {
        "the mean of each text's own ratio: count distinct n-grams over all texts together": _distinct_mean,
        "texts joined before counting: an n-gram must not span two texts": _distinct_joined,
    },
    "beam_search": {
        "hypotheses ranked by the last token's log-probability, not the running sum":
            lambda first, trans, length, beam=4: _beam(first, trans, length, beam, by_last=True),
        "returned the last hypothesis of the beam instead of the best":
            lambda first, trans, length, beam=4: _beam(first, trans, length, beam, last=True),
    },
}
