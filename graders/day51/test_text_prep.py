"""Hidden graders for day 51, part 1: clean_text, tokenize, build_vocab, bag_of_words.

Inputs are drawn from the hidden seed: reviews from course_tools.data.make_reviews, random
Unicode strings (accents, ligatures, curly quotes, other scripts, emoji, odd whitespace) and
random token lists with many tied counts. Unseen here: 3 specials with one also a word,
min_freq 3, a vocabulary of 23 words in shuffled id order, and 13 documents.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_reviews

# Characters a cleaner meets in the wild. Each entry is one "letter"; words are runs of them.
_POOL = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + [
    "é", "è", "ê", "ë", "ï", "î", "ô", "ö", "ü", "ç", "ñ", "É", "Ç", "Å", "ﬁ", "²", "İ", "ß", "Ω", "α",
    "日", "本", "🙂", "e\u0301", "'", "\u2019", "!", "?", ".", ",", "-", "\u2014", "(", ")", "\"", "\u201c",
    "\u201d", "#", "@", "_", "/", "&",
]
_SPACES = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", " -- ", "!!! ", "... "]
_WORDS = ["film", "plot", "great", "dull", "not", "the", "a", "cast", "score", "ending", "fun", "messy",
          "story", "music", "and", "very", "twist", "long", "bad", "good", "acting", "scene", "tears"]


def _unicode_text(rng, n_words):
    words = ["".join(rng.choice(_POOL, size=int(rng.integers(1, 8))).tolist()) for _ in range(n_words)]
    return "".join(w + str(rng.choice(_SPACES)) for w in words)


def _reviews_text(seed, n=8):
    texts, _ = make_reviews(n, seed=seed)
    return "\n".join(texts)


def _token_docs(rng, n_docs, words=_WORDS):
    """Token lists whose words repeat a few times each: many words share a count (ties to break)."""
    return [rng.choice(words, size=int(rng.integers(0, 9))).tolist() for _ in range(n_docs)]


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- clean_text -----------------------------------------------------------------------------------

@pytest.mark.points(2)
def test_clean_text_matches_reference_on_reviews(check, seed):
    check("clean_text", _reviews_text(seed))


@pytest.mark.points(3)
@pytest.mark.parametrize("part", range(3))
def test_clean_text_matches_reference_on_random_unicode(check, seed, part):
    rng = np.random.default_rng([seed, part])
    check("clean_text", _unicode_text(rng, 25), hint="follow the four steps of the docstring in that order")


@pytest.mark.points(1)
@pytest.mark.parametrize("text", ["", "   \t\n", "!!! ... ?!", "\u00a0Caf\u00e9\u00a0"])
def test_clean_text_edge_cases(check, text):
    check("clean_text", text)


@pytest.mark.points(2)
def test_clean_text_is_idempotent(check, seed):
    once = check("clean_text", _unicode_text(np.random.default_rng(seed), 30))
    twice = check.run_learner("clean_text", once)
    _require(twice == once, f"day51: clean_text(clean_text(s)) != clean_text(s), seed {seed}:\n  once:  {once!r}\n"
                            f"  twice: {twice!r}\n  a cleaned text must be left as it is")


# --- tokenize -------------------------------------------------------------------------------------

@pytest.mark.points(2)
def test_tokenize_matches_reference_on_reviews(check, seed):
    check("tokenize", _reviews_text(seed, n=10))


@pytest.mark.points(2)
def test_tokenize_custom_stop_words(check, seed):
    rng = np.random.default_rng(seed)
    stop = set(rng.choice(["film", "movie", "the", "not", "was", "i", "a", "it"], size=4, replace=False).tolist())
    check("tokenize", _reviews_text(seed, n=6), stop_words=stop)


@pytest.mark.points(1)
def test_tokenize_no_stop_words(check, seed):
    check("tokenize", _unicode_text(np.random.default_rng(seed), 20), stop_words=set())


# --- build_vocab ----------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_build_vocab_matches_reference(check, seed):
    docs = _token_docs(np.random.default_rng(seed), 40)
    check("build_vocab", docs, hint="ids: specials first, then count (highest first), then alphabetical")


@pytest.mark.points(2)
@pytest.mark.parametrize("min_freq", [2, 3])
def test_build_vocab_min_freq(check, seed, min_freq):
    docs = _token_docs(np.random.default_rng(seed), 13)
    check("build_vocab", docs, min_freq=min_freq)


@pytest.mark.points(2)
def test_build_vocab_specials_also_in_docs(check, seed):
    rng = np.random.default_rng(seed)
    docs = _token_docs(rng, 20) + [["<unk>", "film", "<bos>"]]
    check("build_vocab", docs, min_freq=1, specials=("<pad>", "<unk>", "<bos>"))


@pytest.mark.points(1)
def test_build_vocab_ignores_document_order(check, seed):
    rng = np.random.default_rng(seed)
    docs = _token_docs(rng, 30)
    first = check("build_vocab", docs)
    shuffled = [docs[i] for i in rng.permutation(len(docs))]
    again = check.run_learner("build_vocab", shuffled)
    close(again, first, what=f"day51: build_vocab on the same documents shuffled, seed {seed}", tol="exact",
          hint="break ties between equal counts alphabetically, not by first appearance")


# --- bag_of_words ---------------------------------------------------------------------------------

def _shuffled_vocab(rng, with_unk):
    """23 words (not all of _WORDS: some tokens are unknown) with ids in a random order."""
    words = rng.choice(_WORDS, size=18, replace=False).tolist() + ["<pad>", "<unk>", "zzz", "yyy", "xxx"]
    if not with_unk:
        words[words.index("<unk>")] = "www"
    return {w: int(i) for w, i in zip(words, rng.permutation(len(words)))}


@pytest.mark.points(3)
@pytest.mark.parametrize("with_unk", [True, False])
def test_bag_of_words_matches_reference(check, seed, with_unk):
    rng = np.random.default_rng(seed)
    check("bag_of_words", _token_docs(rng, 13), _shuffled_vocab(rng, with_unk))


@pytest.mark.points(2)
def test_bag_of_words_against_sklearn_countvectorizer(check, seed):
    from sklearn.feature_extraction.text import CountVectorizer

    rng = np.random.default_rng(seed)
    docs, vocab = _token_docs(rng, 17), _shuffled_vocab(rng, with_unk=False)
    got = check.run_learner("bag_of_words", docs, vocab)
    want = CountVectorizer(vocabulary=vocab, analyzer=lambda doc: doc).fit_transform(docs).toarray()
    close(got, want.astype(np.int64), what=f"day51: bag_of_words(17 docs, 23 words) against CountVectorizer, "
          f"seed {seed}", tol="exact")


# --- the whole day on reviews ---------------------------------------------------------------------

def _pipeline(tokenize, build_vocab, bag_of_words, fit, predict, train, test, y_train):
    docs = [tokenize(t) for t in train]
    vocab = build_vocab(docs, min_freq=2)
    prior, word_logp = fit(bag_of_words(docs, vocab), y_train)
    return np.asarray(predict(bag_of_words([tokenize(t) for t in test], vocab), prior, word_logp)).argmax(axis=1)


@pytest.mark.points(4)
def test_pipeline_accuracy_on_reviews(check, learner, learner_module, ref_module, seed):
    """Train on 600 reviews, test on 300 more: the learner's whole day (tokenize -> build_vocab ->
    bag_of_words -> nb_fit -> nb_predict_log_proba) against the reference's text functions with
    scikit-learn's MultinomialNB. A correct day makes exactly the same predictions, so this bound
    cannot fail one by chance; the 1% slack (3 reviews) is for ties only.
    """
    from sklearn.naive_bayes import MultinomialNB

    train, y_train = make_reviews(600, seed=seed)
    test, y_test = make_reviews(300, seed=seed + 1)
    nb = learner_module("naive_bayes")
    got = _pipeline(learner.tokenize, lambda *a, **k: check.run_learner("build_vocab", *a, **k),
                    lambda *a: check.run_learner("bag_of_words", *a), nb.nb_fit, nb.nb_predict_log_proba,
                    train, test, y_train)

    def sk_fit(X, y):
        model = MultinomialNB(alpha=1.0, force_alpha=True).fit(X, y)
        return model.class_log_prior_, model.feature_log_prob_

    def sk_predict(X, prior, word_logp):
        joint = X @ word_logp.T + prior
        return joint  # argmax of the joint is argmax of the posterior

    want = _pipeline(ref_module.tokenize, ref_module.build_vocab, ref_module.bag_of_words, sk_fit, sk_predict,
                     train, test, y_train)
    acc, ref_acc = float(np.mean(got == y_test)), float(np.mean(want == y_test))
    _require(acc >= ref_acc - 0.01,
             f"day51: tokenize -> build_vocab(min_freq=2) -> bag_of_words -> nb_fit -> nb_predict_log_proba, "
             f"trained on make_reviews(600, seed={seed}) and tested on 300 more: accuracy {acc:.3f}, the "
             f"reference pipeline reaches {ref_acc:.3f}")
