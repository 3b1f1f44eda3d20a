"""course_tools.text_data: the NLP days' text is seeded, offline, and carries the signal it promises.

Run: pytest tests/test_text_data.py
"""

from __future__ import annotations

import re

import numpy as np

from course_tools.data import make_reviews, names_corpus, pydoc_corpus
from course_tools.text_data import SYNONYMS


def test_reviews_are_seeded_balanced_and_messy():
    texts, labels = make_reviews(2000, seed=3)
    again, labels_again = make_reviews(2000, seed=3)
    other, _ = make_reviews(2000, seed=4)
    assert texts == again and np.array_equal(labels, labels_again) and texts != other
    assert labels.dtype == np.int64 and set(np.unique(labels)) == {0, 1}
    assert 0.45 < labels.mean() < 0.55
    joined = "\n".join(texts)
    for messy in ("café", "naïve", "\u201c", "!!", "..."):
        assert messy in joined, messy
    assert any(t != t.lower() for t in texts) and re.search(r"\d", joined)


def _words(text):
    return re.findall(r"[a-z]+", text.lower())


def test_reviews_carry_the_sentiment_in_their_adjectives():
    """Counting positive minus negative adjectives, with a 'not'/'never' flipping the next one it
    governs, is a crude model; it must beat 0.8 or no learner's classifier can reach its goal."""
    positive = {w for group in SYNONYMS["positive"] for w in group}
    negative = {w for group in SYNONYMS["negative"] for w in group}
    texts, labels = make_reviews(3000, seed=0)
    guesses = []
    for text in texts:
        score = 0
        for sentence in re.split(r"[.!?\u201d]+", text.lower()):
            sign = -1 if re.search(r"\b(not|never)\b", sentence) else 1
            score += sign * sum((w in positive) - (w in negative) for w in _words(sentence))
        guesses.append(int(score > 0))
    accuracy = float(np.mean(np.array(guesses) == labels))
    assert 0.8 < accuracy < 0.99, accuracy  # 4% of labels are flipped: nothing is perfect


def test_synonyms_share_their_contexts():
    texts, _ = make_reviews(3000, seed=0)
    counts = {w: sum(t.lower().count(f" {w}") for t in texts) for w in SYNONYMS["positive"][0]}
    assert min(counts.values()) > 0.5 * max(counts.values()), counts  # used evenly, so co-occurrence is alike


def test_names_are_unique_lowercase_and_seeded():
    names = names_corpus(500, seed=1)
    assert len(names) == len(set(names)) == 500 and names == names_corpus(500, seed=1)
    assert all(re.fullmatch(r"[a-z]{3,10}", name) for name in names)
    assert names != names_corpus(500, seed=2)


def test_pydoc_corpus_is_long_sorted_text():
    corpus = pydoc_corpus()
    assert len(corpus) > 50 and sum(map(len, corpus)) > 200_000 and all(isinstance(t, str) for t in corpus)
