"""Day 51 visible tests for text_prep.py: run them with  pytest assignments/day51  (or  ai100 check day51).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with scikit-learn's CountVectorizer, and with properties every correct answer has.
The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.data import make_reviews


@pytest.mark.points(1)
@pytest.mark.parametrize("text, expected", [
    ("Hello, World!!", "hello world"),
    ("We met at the Café — naïve?", "we met at the cafe naive"),
    ("I don't like the film\u2019s “ending”...", "i dont like the films ending"),
    ("  ﬁve  x² \t\n", "five x2"),
])
def test_clean_text_small_examples(check, text, expected):
    got = check("clean_text", text)
    assert got == expected, f"clean_text({text!r}) gave {got!r}, expected {expected!r}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_clean_text_matches_reference_on_reviews(check, seed):
    texts, _ = make_reviews(6, seed=seed)
    check("clean_text", " ".join(texts))


@pytest.mark.points(1)
def test_clean_text_is_idempotent(check):
    once = check("clean_text", "«Très» drôle!! 10/10 — l'été 🙂")
    assert check.run_learner("clean_text", once) == once, "cleaning a cleaned text must change nothing"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_tokenize_matches_reference(check, seed):
    texts, _ = make_reviews(5, seed=seed)
    tokens = check("tokenize", " ".join(texts))
    assert "the" not in tokens and "not" in tokens, "'the' is a stop word; 'not' is kept on purpose"


@pytest.mark.points(1)
def test_tokenize_custom_stop_words(check):
    check("tokenize", "The film was NOT dull, the film was fun.", stop_words=["film", "was"])


@pytest.mark.points(1)
def test_build_vocab_small(check):
    docs = [["b", "a", "c", "a"], ["c", "d"], ["d", "b", "e"]]
    got = check("build_vocab", docs)
    assert got == {"<pad>": 0, "<unk>": 1, "a": 2, "b": 3, "c": 4, "d": 5, "e": 6}, got


@pytest.mark.points(1)
def test_build_vocab_min_freq_and_specials(check):
    docs = [["x", "y", "<unk>", "x"], ["y", "z", "x"], ["w"]]
    check("build_vocab", docs, min_freq=2, specials=("<pad>", "<unk>", "<bos>"))


@pytest.mark.points(1)
def test_bag_of_words_with_unknown_tokens(check):
    vocab = {"<pad>": 0, "<unk>": 1, "film": 2, "fun": 3}
    got = check("bag_of_words", [["film", "fun", "film"], ["dull", "film"], []], vocab)
    assert got.dtype == np.int64 and got.shape == (3, 4)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_bag_of_words_against_sklearn(check, seed):
    from sklearn.feature_extraction.text import CountVectorizer

    rng = np.random.default_rng(seed)
    words = ["film", "plot", "dull", "great", "not", "cast", "fun"]
    docs = [rng.choice(words, size=int(rng.integers(0, 8))).tolist() for _ in range(9)]
    vocab = {w: i for i, w in enumerate(["plot", "fun", "great", "film", "cast"])}  # no <unk>: others dropped
    got = check.run_learner("bag_of_words", docs, vocab)
    want = CountVectorizer(vocabulary=vocab, analyzer=lambda doc: doc).fit_transform(docs).toarray()
    close(got, want.astype(np.int64), what="day51: bag_of_words against CountVectorizer, seed 3", tol="exact")
