# %%
"""Day 51 — from raw text to counts: cleaning, tokenising, a vocabulary, a bag of words.

Dimension letters used below:
  N  number of documents      V  vocabulary size (specials included)

Every function here works on plain Python strings and lists; only bag_of_words returns an array.
The reviews to practise on come from course_tools.data.make_reviews(n, seed) (mixed case,
repeated punctuation, curly quotes, café and naïve: the mess a cleaner has to handle).

Check your work:  pytest assignments/day51   (or: ai100 check day51)
"""

import re
import unicodedata
from collections import Counter

import numpy as np

# English function words that carry no sentiment. Negations ("not", "no", "never") are kept on
# purpose: "not dull" and "dull" must not become the same bag of words.
STOP_WORDS = frozenset("""
a an the and or but if of at by for with to from in on into onto over under about as is are was
were be been being am do does did it its this that these those i me my we our you your he him his
she her they them their there here so than then too also just very
""".split())


# %%
def clean_text(s):
    """One document as plain lower-case words separated by single spaces.

    s: str, any Unicode text.
    Returns a str holding only the characters a-z, 0-9 and single spaces, with no space at either
    end. The steps, in this order:
      1. unicodedata.normalize("NFKD", s), then drop every combining mark (unicodedata.combining(c)
         is non-zero): "café" -> "cafe", "ﬁne" -> "fine", "x²" -> "x2".
      2. lower-case.
      3. delete apostrophes, straight ' and curly ’ (U+2019): "don't" -> "dont", "film’s" -> "films".
      4. every other character that is not a-z or 0-9 separates words: "great!!the" -> "great the".
    Cleaning a cleaned text changes nothing. About 5 lines.
    """
    ### BEGIN SOLUTION
    decomposed = unicodedata.normalize("NFKD", s)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    bare = bare.replace("'", "").replace("\u2019", "")
    return " ".join(re.split(r"[^a-z0-9]+", bare)).strip()
    ### END SOLUTION


# %%
def tokenize(s, stop_words=STOP_WORDS):
    """The words of one document, cleaned, without stop words.

    s: str.  stop_words: a set of lower-case words to leave out (default STOP_WORDS above).
    Returns a list of str: the words of clean_text(s), in order, minus those in stop_words.
    About 2 lines.
    """
    ### BEGIN SOLUTION
    return [w for w in clean_text(s).split() if w not in stop_words]
    ### END SOLUTION


# %%
def build_vocab(docs, min_freq=1, specials=("<pad>", "<unk>")):
    """A token -> id map: the specials first, then the kept words, most frequent first.

    docs: list of N token lists (list of list of str), e.g. [tokenize(t) for t in texts].
    min_freq: int; a word is kept when it occurs at least min_freq times in all of docs together
      (every occurrence counts, not the number of documents).
    specials: tuple of str given ids 0, 1, ... in that order; a special that also occurs in docs
      keeps its special id and is not listed again.
    Returns a dict {token: id} with ids 0..V-1. The kept words follow the specials sorted by count,
    highest first; words with the same count are in alphabetical order (so the result never
    depends on the order of the documents). About 6 lines.
    """
    ### BEGIN SOLUTION
    counts = Counter(token for doc in docs for token in doc)
    vocab = {token: i for i, token in enumerate(specials)}
    kept = sorted((t for t, c in counts.items() if c >= min_freq and t not in vocab),
                  key=lambda t: (-counts[t], t))
    for token in kept:
        vocab[token] = len(vocab)
    return vocab
    ### END SOLUTION


# %%
def bag_of_words(docs, vocab):
    """Word counts per document.

    docs: list of N token lists.  vocab: dict {token: id} with ids 0..V-1 (from build_vocab).
    Returns an (N, V) int64 array: entry [n, j] counts how often the token with id j occurs in
    docs[n]. A token missing from vocab counts as "<unk>" when vocab has "<unk>", and is dropped
    otherwise. About 6 lines.
    """
    ### BEGIN SOLUTION
    counts = np.zeros((len(docs), len(vocab)), dtype=np.int64)
    unk = vocab.get("<unk>")
    for n, doc in enumerate(docs):
        for token in doc:
            j = vocab.get(token, unk)
            if j is not None:
                counts[n, j] += 1
    return counts
    ### END SOLUTION
