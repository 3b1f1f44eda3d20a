# %%
"""Day 69 — toxicity filtering: find banned phrases fast (a trie with Aho–Corasick links), score and
filter comments, and make banned tokens impossible to sample.

Words and letters used below:
  phrase     a banned phrase: lower-case words (a-z) separated by single spaces, e.g. "glorp face"
  match      (start, end, phrase): text[start:end], compared case-insensitively, equals the phrase,
             and it stands as whole words — the characters just before start and just after end (when
             there are any) are not word characters (a-z, A-Z, 0-9, _). Matches may overlap:
             "Glorp face" holds both "glorp face" and "glorp".
  lexicon    a dict {phrase: weight in (0, 1]}
  V          vocabulary size;  B  batch size

Invented banned words and comments to try things on: course_tools.fixtures.day69.
Check your work:  pytest assignments/day69   (or: ai100 check day69)
"""

import numpy as np


def is_word_char(ch):
    """True for a-z, A-Z, 0-9 and _ (given): what a match may not touch on either side."""
    return ch.isascii() and (ch.isalnum() or ch == "_")


# %%
class BannedPhraseMatcher:
    """Every match of a set of phrases in one left-to-right pass over the text (Aho–Corasick).

    BannedPhraseMatcher(phrases): phrases is an iterable of str (duplicates allowed, at least one
    character each). Build a trie of the phrases, then a failure link for every node (the longest
    proper suffix of the node's string that is also a path in the trie) and each node's output (the
    phrases ending there, including those reached by following failure links).
    find_all(text) -> list of (start, end, phrase) tuples, sorted by (start, end), one per match as
    defined in the module docstring. Walk the text once in lower case (text.lower()), following goto
    and failure links; keep a match only when it stands as whole words.
    No regular expressions (re is off limits today). About 35 lines in all.
    """

    def __init__(self, phrases):
        raise NotImplementedError('day69: BannedPhraseMatcher.__init__ — see README')

    def find_all(self, text):
        raise NotImplementedError('day69: BannedPhraseMatcher.find_all — see README')


def find_banned(phrases, text):
    """All matches of `phrases` in `text` (given): BannedPhraseMatcher(phrases).find_all(text)."""
    return BannedPhraseMatcher(phrases).find_all(text)


# %%
def toxicity_score(texts, lexicon):
    """A toxicity score per text: 1 - prod(1 - weight) over every match of the lexicon's phrases.

    texts: list of n str.  lexicon: dict {phrase: weight}.
    Returns (n,) float64 in [0, 1]: 0 for a text with no match; each match counts, so a phrase
    written twice counts twice (a "noisy OR" of the matches). Use one BannedPhraseMatcher for all
    texts. About 5 lines.
    """
    raise NotImplementedError('day69: toxicity_score — see README')


# %%
def filter_toxic(texts, lexicon, thr=0.5):
    """Drop the texts whose toxicity_score is >= thr.

    texts: list of n str.  lexicon: dict.  thr: float.
    Returns (kept, removed_pct): kept = the list of texts scoring < thr, in their order; removed_pct =
    100 * (number removed) / n as a float (0.0 when n = 0). About 4 lines.
    """
    raise NotImplementedError('day69: filter_toxic — see README')


# %%
def ban_tokens(logits, banned_ids):
    """Logits with the banned token ids made impossible: set to -inf.

    logits: (V,) or (B, V) float array.  banned_ids: list of ints in [0, V) (may repeat, may be empty).
    Returns a new array of logits' shape and dtype; banned entries along the last axis are -inf, the
    rest unchanged. The input is left as it was. About 3 lines.
    """
    raise NotImplementedError('day69: ban_tokens — see README')


# %%
def sample_tokens(logits, banned_ids, n, seed):
    """n token ids sampled from softmax(ban_tokens(logits)) — a banned id is never drawn.

    logits: (V,) float array.  banned_ids: list of ints.  n: int.  seed: int.
    Returns (n,) int64. Compute the probabilities stably (subtract the max), then draw exactly
    np.random.default_rng(seed).choice(V, size=n, p=probs). About 5 lines.
    """
    raise NotImplementedError('day69: sample_tokens — see README')
