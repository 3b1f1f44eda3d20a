"""Day 66's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import re

import numpy as np


def _clean(text):
    return " ".join(text.split())


def _words(text):
    return set(re.findall(r"[a-z]+", text.lower()))


def _prompt(examples, query, k, instruction=None, *, sep="\n\n", end="Sentiment:", clean=_clean, head_sep="\n\n"):
    if not 0 <= k <= len(examples):
        raise ValueError(k)
    blocks = [f"Review: {clean(t)}\nSentiment: {y}" for t, y in examples[:k]]
    body = sep.join(blocks + [f"Review: {clean(query)}\n{end}"])
    return body if instruction is None else instruction + head_sep + body


def _similar(pool, query, k, *, score="jaccard", best_last=True, ties_high=False):
    q = _words(query)

    def sim(text):
        w = _words(text)
        if score == "overlap":
            return len(q & w)
        return len(q & w) / len(q | w) if q | w else 0.0

    sims = [sim(t) for t, _ in pool]
    order = sorted(range(len(pool)), key=lambda i: (-sims[i], -i if ties_high else i))[:k]
    return [pool[i] for i in (reversed(order) if best_last else order)]


def _select(pool, query, k, how="first", seed=0, **options):
    if how == "similar":
        return _similar(pool, query, k, **options)
    raise ValueError(how)


def _classify(score_fn, prompt, labels, *, space=" ", pick=np.argmax):
    return labels[int(pick([score_fn(prompt, space + label) for label in labels]))]


MISTAKES = {
    "build_prompt": {
        "a space after the final 'Sentiment:' (the label's own leading space is then doubled)":
            lambda e, q, k, instruction=None: _prompt(e, q, k, instruction, end="Sentiment: "),
        "blocks separated by one newline instead of an empty line":
            lambda e, q, k, instruction=None: _prompt(e, q, k, instruction, sep="\n", head_sep="\n"),
        "texts not passed through clean_text (newlines inside a review break the format)":
            lambda e, q, k, instruction=None: _prompt(e, q, k, instruction, clean=lambda t: t),
        "no empty line after the instruction":
            lambda e, q, k, instruction=None: _prompt(e, q, k, instruction, head_sep="\n"),
        "the last k examples shown instead of the first k":
            lambda e, q, k, instruction=None: _prompt(list(e[len(e) - k:]) + list(e[:len(e) - k]), q, k, instruction),
    },
    "select_examples": {
        "most similar example first (it should sit last, right before the query)":
            lambda p, q, k, how="first", seed=0: _select(p, q, k, how, seed, best_last=False),
        "similarity counted as shared words, not Jaccard (long reviews always win)":
            lambda p, q, k, how="first", seed=0: _select(p, q, k, how, seed, score="overlap"),
        "ties broken towards the higher pool index":
            lambda p, q, k, how="first", seed=0: _select(p, q, k, how, seed, ties_high=True),
    },
    "classify_by_likelihood": {
        "labels scored without their leading space (' positive' and 'positive' are different tokens)":
            lambda f, p, labels: _classify(f, p, labels, space=""),
        "picked the lowest score (log-probabilities: higher is more likely)":
            lambda f, p, labels: _classify(f, p, labels, pick=np.argmin),
    },
}
