"""Day 51 visible tests for naive_bayes.py: run them with  pytest assignments/day51  (or  ai100 check day51).

They compare your model with values recorded from the reference solution and with scikit-learn's
MultinomialNB (float64 row: atol 1e-9). The autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest

from course_tools.checks import close


def _counts(seed, n, v, scale=1):
    rng = np.random.default_rng(seed)
    y = np.arange(n, dtype=np.int64) % 2
    word_p = rng.dirichlet(np.ones(v), size=2)
    X = np.stack([rng.multinomial(int(rng.integers(5, 20)) * scale, word_p[c]) for c in y]).astype(np.int64)
    return X, y


def _sklearn(X, y, alpha=1.0):
    from sklearn.naive_bayes import MultinomialNB

    return MultinomialNB(alpha=alpha, force_alpha=True).fit(X, y)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_nb_fit_matches_reference(check, seed):
    X, y = _counts(seed, 20, 6)
    check("nb_fit", X, y, alpha=0.5)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2])
def test_nb_fit_against_sklearn(check, seed):
    X, y = _counts(seed, 24, 8)
    prior, word_logp = check.run_learner("nb_fit", X, y)
    nb = _sklearn(X, y)
    close(prior, nb.class_log_prior_, what="day51: nb_fit class_log_prior vs MultinomialNB, seed 2", tol="float64")
    close(word_logp, nb.feature_log_prob_, what="day51: nb_fit feature_log_prob vs MultinomialNB, seed 2",
          tol="float64")
    close(np.exp(word_logp).sum(axis=1), np.ones(2), what="day51: each class's word probabilities sum to 1")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_nb_predict_log_proba_against_sklearn(check, seed):
    X, y = _counts(seed, 24, 8)
    nb = _sklearn(X, y)
    Xq, _ = _counts(seed + 1, 5, 8)
    got = check("nb_predict_log_proba", Xq, nb.class_log_prior_, nb.feature_log_prob_)
    close(got, nb.predict_log_proba(Xq), what="day51: nb_predict_log_proba vs MultinomialNB, seed 3", tol="float64")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_nb_predict_log_proba_long_documents_stay_finite(check, seed):
    X, y = _counts(seed, 24, 8)
    nb = _sklearn(X, y)
    Xq, _ = _counts(seed + 1, 5, 8, scale=100)  # joint log-likelihoods of several thousand below 0
    got = check("nb_predict_log_proba", Xq, nb.class_log_prior_, nb.feature_log_prob_)
    assert np.all(np.isfinite(got.max(axis=1))), "exp() underflowed: subtract each row's max before exponentiating"
