"""Hidden graders for day 51, part 2: multinomial naive Bayes.

Counts are drawn from the hidden seed with a different word distribution per class, so the
classes are separable but not trivially. Compared with the live reference (float64 row) and with
scikit-learn's MultinomialNB (same formulas: the float64 row, atol 1e-9). Unseen here: 3 classes
with labels 2, 5, 9, V = 37, alpha 0.3, and documents 60× longer (joint log-likelihoods near -10⁴).
(The whole day on make_reviews is graded in test_text_prep.py.)
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_reviews


def _counts(seed, n, v, labels=(0, 1), scale=1):
    """(N, V) int64 counts and (N,) int64 labels; each class has its own word distribution."""
    rng = np.random.default_rng(seed)
    y = rng.choice(np.asarray(labels, dtype=np.int64), size=n)
    y[: len(labels)] = labels  # every class present
    word_p = rng.dirichlet(np.full(v, 0.5), size=len(labels))  # (C, V)
    rows = np.searchsorted(labels, y)
    X = np.stack([rng.multinomial(int(rng.integers(5, 30)) * scale, word_p[r]) for r in rows]).astype(np.int64)
    return X, y


def _sklearn_nb(X, y, alpha):
    from sklearn.naive_bayes import MultinomialNB

    return MultinomialNB(alpha=alpha, force_alpha=True).fit(X, y)


CASES = {  # name -> (n, V, labels, alpha)
    "binary": (40, 12, (0, 1), 1.0),
    "three_classes_unseen": (53, 37, (2, 5, 9), 0.3),
}


# --- nb_fit ---------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("case", CASES)
def test_nb_fit_matches_reference(check, seed, case):
    n, v, labels, alpha = CASES[case]
    X, y = _counts(seed, n, v, labels)
    check("nb_fit", X, y, alpha=alpha)


@pytest.mark.points(1)
def test_nb_fit_default_alpha(check, seed):
    X, y = _counts(seed, 25, 9)
    check("nb_fit", X, y)


@pytest.mark.points(3)
@pytest.mark.parametrize("case", CASES)
def test_nb_fit_against_sklearn(check, seed, case):
    n, v, labels, alpha = CASES[case]
    X, y = _counts(seed, n, v, labels)
    got = check.run_learner("nb_fit", X, y, alpha=alpha)
    nb = _sklearn_nb(X, y, alpha)
    close(got, (nb.class_log_prior_, nb.feature_log_prob_), tol="float64",
          what=check.describe("nb_fit", (X, y), {"alpha": alpha}) + " against MultinomialNB "
          "(class_log_prior_, feature_log_prob_)")


@pytest.mark.points(1)
def test_nb_fit_word_unseen_in_a_class(check, seed):
    X, y = _counts(seed, 30, 8)
    X[y == 0, 3] = 0  # word 3 never occurs in class 0: smoothing must keep its probability above 0
    got = check("nb_fit", X, y, alpha=0.5)
    if not np.all(np.isfinite(got[1])):
        raise Mismatch(f"day51: nb_fit, seed {seed}: feature_log_prob has -inf for a word a class never saw — "
                       "add alpha to every count")


# --- nb_predict_log_proba -------------------------------------------------------------------------

def _fitted(seed, case, scale=1):
    n, v, labels, alpha = CASES[case]
    X, y = _counts(seed, n, v, labels)
    nb = _sklearn_nb(X, y, alpha)
    Xq, _ = _counts(seed + 1, 11, v, labels, scale=scale)
    return nb, Xq


@pytest.mark.points(3)
@pytest.mark.parametrize("case", CASES)
def test_nb_predict_log_proba_matches_reference(check, seed, case):
    nb, Xq = _fitted(seed, case)
    check("nb_predict_log_proba", Xq, nb.class_log_prior_, nb.feature_log_prob_)


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_nb_predict_log_proba_against_sklearn(check, seed, case):
    nb, Xq = _fitted(seed, case)
    got = check.run_learner("nb_predict_log_proba", Xq, nb.class_log_prior_, nb.feature_log_prob_)
    close(got, nb.predict_log_proba(Xq), tol="float64",
          what=check.describe("nb_predict_log_proba", (Xq, nb.class_log_prior_, nb.feature_log_prob_), {})
          + " against MultinomialNB.predict_log_proba")


@pytest.mark.points(3)
def test_nb_predict_log_proba_long_documents(check, seed):
    nb, Xq = _fitted(seed, "three_classes_unseen", scale=60)
    got = check("nb_predict_log_proba", Xq, nb.class_log_prior_, nb.feature_log_prob_)
    if not np.all(np.isfinite(got[np.arange(len(Xq)), np.argmax(got, axis=1)])):
        raise Mismatch(f"day51: nb_predict_log_proba on 60x longer documents, seed {seed}: the most likely class "
                       "has a non-finite log probability — exp() of the joint log-likelihood underflowed")
