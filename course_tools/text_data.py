"""Seeded text for the NLP days: film reviews with a planted sentiment signal, invented first names,
and Python's own help topics as a long, real English-and-code corpus. Nothing is downloaded.

make_reviews(n, seed=0) -> (texts: list[str], labels: (n,) int64 in {0, 1})
    Short film reviews, 1 = positive. Each review is 2-5 sentences: most carry the review's
    sentiment through adjectives from SYNONYMS (words in one group are used in exactly the same
    contexts, so embeddings trained on the reviews put them near each other), some negate an
    adjective of the other side ("not dull at all"), some are neutral filler. 4% of labels are
    flipped, so no model scores 100%; a bag-of-words model reaches about 0.9. The text is messy on
    purpose: mixed case, repeated punctuation, curly quotes, accented words (café, naïve) and
    numbers, for the cleaning day.

names_corpus(n=2000, seed=0) -> list[str]
    Lower-case invented first names (3-10 letters, a-z only) built from syllables, for
    character-level language models; unique, in generation order.

pydoc_corpus() -> list[str]
    The texts of `pydoc_data.topics`, sorted by topic name. The text changes between Python
    versions, so compare learners with a reference computed on the same run; record nothing from it.
"""

from __future__ import annotations

import random

import numpy as np

SYNONYMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "positive": (("great", "excellent", "superb", "wonderful"), ("fun", "enjoyable", "delightful"),
                 ("moving", "touching", "heartfelt")),
    "negative": (("terrible", "awful", "dreadful", "horrible"), ("boring", "dull", "tedious"),
                 ("clumsy", "messy", "sloppy")),
    "noun": (("film", "movie", "picture"), ("acting", "performances", "cast"), ("plot", "story", "script"),
             ("music", "soundtrack", "score"), ("ending", "finale", "climax")),
}
_INTENSIFIERS = ("really", "very", "truly", "quite", "so", "rather")
_OPINION = ("the {noun} was {intens} {adj}", "i found the {noun} {adj}", "what a {adj} {noun}",
            "honestly, the {noun} is {adj}", "the {noun} felt {intens} {adj} to me", "{adj}, {intens} {adj} {noun}")
_NEGATED = ("the {noun} was not {adj} at all", "i would not call the {noun} {adj}", "never {adj}, this {noun}")
_FILLER = ("i watched it on a {day} with my {who}", "we saw it at the café near the station",
           "it runs {minutes} minutes", "my {who} picked it", "the tickets cost {price} euros",
           "i had read the reviews before going", "a naïve question: why is it called that?")
_DAYS = ("monday", "friday", "saturday", "sunday", "rainy evening")
_WHO = ("sister", "brother", "friends", "partner", "dad", "mum", "flatmate")
_ENDINGS = (".", ".", ".", "!", "!!", "...", "?!")


# random.Random, not numpy: thousands of scalar draws per call are 10x faster, and its choice()
# and randint() give the same values for the same seed on every Python 3 release.
def _sentence(rng: random.Random, template: str, adjectives: tuple[tuple[str, ...], ...]) -> str:
    return template.format(noun=rng.choice(rng.choice(SYNONYMS["noun"])), adj=rng.choice(rng.choice(adjectives)),
                           intens=rng.choice(_INTENSIFIERS), day=rng.choice(_DAYS), who=rng.choice(_WHO),
                           minutes=rng.randint(85, 179), price=f"{rng.randint(600, 1500) / 100:.2f}")


def _messy(rng: random.Random, sentence: str) -> str:
    roll = rng.random()
    if roll < 0.5:
        sentence = sentence[0].upper() + sentence[1:]
    elif roll < 0.6:
        sentence = sentence.upper()
    if rng.random() < 0.1:
        sentence = f"\u201c{sentence}\u201d"
    return sentence + rng.choice(_ENDINGS)


def make_reviews(n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """n reviews and their labels (see the module docstring)."""
    if n < 1:
        raise ValueError(f"make_reviews: n must be at least 1, got {n}")
    rng = random.Random(seed)
    labels = np.array([rng.randint(0, 1) for _ in range(n)], dtype=np.int64)
    texts = []
    for label in labels:
        own, other = (SYNONYMS["positive"], SYNONYMS["negative"]) if label else (SYNONYMS["negative"], SYNONYMS["positive"])
        sentences = []
        for _ in range(rng.randint(2, 5)):
            kind = rng.random()
            if kind < 0.6:
                sentences.append(_sentence(rng, rng.choice(_OPINION), own))
            elif kind < 0.7:
                sentences.append(_sentence(rng, rng.choice(_NEGATED), other))
            elif kind < 0.75:
                sentences.append(_sentence(rng, rng.choice(_OPINION), other))
            else:
                sentences.append(_sentence(rng, rng.choice(_FILLER), own))
        texts.append(" ".join(_messy(rng, s) for s in sentences))
    flip = np.array([rng.random() < 0.04 for _ in range(n)])
    labels[flip] = 1 - labels[flip]
    return texts, labels


_ONSETS = ("b", "br", "c", "ch", "d", "el", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "sh",
           "t", "th", "v", "w", "z", "")
_VOWELS = ("a", "e", "i", "o", "u", "ia", "ie", "ea", "y", "ae")
_CODAS = ("", "", "", "n", "l", "r", "s", "th", "ne", "lla", "ra", "na", "x", "m")


def names_corpus(n: int = 2000, seed: int = 0) -> list[str]:
    """n unique invented names (see the module docstring)."""
    if not 1 <= n <= 20000:
        raise ValueError(f"names_corpus: n must be in [1, 20000], got {n}")
    rng = random.Random(seed)
    names: dict[str, None] = {}
    while len(names) < n:
        name = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3))) + rng.choice(_CODAS)
        if 3 <= len(name) <= 10:
            names.setdefault(name)
    return list(names)


def pydoc_corpus() -> list[str]:
    """Python's help topics, sorted by name (see the module docstring)."""
    from pydoc_data.topics import topics

    return [topics[name] for name in sorted(topics)]
