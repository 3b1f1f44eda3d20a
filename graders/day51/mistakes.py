"""Day 51's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import re
import unicodedata
from collections import Counter

import numpy as np

_STOP = frozenset("""
a an the and or but if of at by for with to from in on into onto over under about as is are was
were be been being am do does did it its this that these those i me my we our you your he him his
she her they them their there here so than then too also just very
""".split())


def _clean(s, *, drop_marks=True, nfkd=True, apostrophe=""):
    if nfkd:
        s = unicodedata.normalize("NFKD", s)
    if drop_marks:
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("'", apostrophe).replace("\u2019", apostrophe)
    return " ".join(re.split(r"[^a-z0-9]+", s)).strip()


def _clean_deleting_punctuation(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9\s]", "", s).split())


def _vocab(docs, min_freq=1, specials=("<pad>", "<unk>"), *, order="alpha", strict=False, per_doc=False):
    counts = Counter(t for doc in docs for t in (set(doc) if per_doc else doc))
    vocab = {t: i for i, t in enumerate(specials)}
    keep = [t for t, c in counts.most_common() if (c > min_freq if strict else c >= min_freq) and t not in vocab]
    if order == "alpha":
        keep.sort(key=lambda t: (-counts[t], t))
    for t in keep:  # order == "first_seen": Counter.most_common keeps first-seen order among ties
        vocab[t] = len(vocab)
    return vocab


def _bow(docs, vocab, *, binary=False, unk=True):
    out = np.zeros((len(docs), len(vocab)), dtype=np.int64)
    for n, doc in enumerate(docs):
        for t in doc:
            j = vocab.get(t, vocab.get("<unk>") if unk else None)
            if j is not None:
                out[n, j] = 1 if binary else out[n, j] + 1
    return out


def _fit(X, y, alpha=1.0, *, denominator=True, prior="empirical", axis=1):
    classes = np.unique(y)
    onehot = (y[:, None] == classes[None, :]).astype(np.float64)
    counts = onehot.T @ X
    num = counts + alpha
    den = (counts.sum(axis=1, keepdims=True) + alpha * X.shape[1]) if denominator else counts.sum(axis=1, keepdims=True)
    if axis == 0:
        den = num.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore"):
        logp = np.log(num) - np.log(den)
    counts_c = onehot.sum(axis=0)
    log_prior = np.log(counts_c / len(y)) if prior == "empirical" else np.full(len(classes), -np.log(len(classes)))
    return log_prior, logp


def _predict(X, class_log_prior, feature_log_prob, *, normalise="stable", prior=True):
    joint = X @ feature_log_prob.T + (class_log_prior if prior else 0.0)
    if normalise == "none":
        return joint
    if normalise == "naive":
        with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
            return joint - np.log(np.exp(joint).sum(axis=1, keepdims=True))
    top = joint.max(axis=1, keepdims=True)
    return joint - top - np.log(np.exp(joint - top).sum(axis=1, keepdims=True))


MISTAKES = {
    "clean_text": {
        "accents not removed: normalise with unicodedata.normalize('NFKD', s) and drop the combining marks, "
        "so 'café' becomes 'cafe', not 'caf'": lambda s: _clean(s, nfkd=False),
        "NFKD applied but the combining marks kept: they are not letters, so 'naïve' splits into 'nai ve'":
            lambda s: _clean(s, drop_marks=False),
        "apostrophes turned into spaces: delete them, so \"don't\" is one word 'dont'":
            lambda s: _clean(s, apostrophe=" "),
        "punctuation deleted instead of separating words: 'great!!the' must become 'great the'":
            _clean_deleting_punctuation,
    },
    "tokenize": {
        "stop words not removed": lambda s, stop_words=_STOP: _clean(s).split(),
        "stop words removed before cleaning: 'The' and 'the,' are stop words too once cleaned":
            lambda s, stop_words=_STOP: _clean(" ".join(w for w in s.split() if w not in stop_words)).split(),
    },
    "build_vocab": {
        "ties broken by first appearance (Counter.most_common): sort equal counts alphabetically":
            lambda docs, min_freq=1, specials=("<pad>", "<unk>"): _vocab(docs, min_freq, specials, order="first_seen"),
        "min_freq compared with > instead of >=: a word seen exactly min_freq times is kept":
            lambda docs, min_freq=1, specials=("<pad>", "<unk>"): _vocab(docs, min_freq, specials, strict=True),
        "counted documents, not occurrences: every occurrence of a word counts":
            lambda docs, min_freq=1, specials=("<pad>", "<unk>"): _vocab(docs, min_freq, specials, per_doc=True),
    },
    "bag_of_words": {
        "presence (0/1) instead of counts": lambda docs, vocab: _bow(docs, vocab, binary=True),
        "unknown tokens dropped although the vocabulary has '<unk>'": lambda docs, vocab: _bow(docs, vocab, unk=False),
    },
    "nb_fit": {
        "alpha added to the word counts but not alpha * V to the class total: rows of exp(feature_log_prob) "
        "no longer sum to 1": lambda X, y, alpha=1.0: _fit(X, y, alpha, denominator=False),
        "uniform class prior: use the share of documents in each class":
            lambda X, y, alpha=1.0: _fit(X, y, alpha, prior="uniform"),
        "word probabilities normalised over the classes (axis 0) instead of over the words":
            lambda X, y, alpha=1.0: _fit(X, y, alpha, axis=0),
    },
    "nb_predict_log_proba": {
        "not normalised: that is the joint log-likelihood; subtract each row's log-sum-exp":
            lambda X, p, f: _predict(X, p, f, normalise="none"),
        "normalised without subtracting the row max: exp() underflows to 0 on long documents":
            lambda X, p, f: _predict(X, p, f, normalise="naive"),
        "class prior left out": lambda X, p, f: _predict(X, p, f, prior=False),
    },
}
