# %%
"""Day 51 — multinomial naive Bayes on word counts, from scratch.

Dimension letters used below:
  N  number of documents      V  vocabulary size      C  number of classes

The model: a document's class c has prior P(c); each word of the document is drawn independently
from the class's word distribution P(w | c). With counts X[n, w],
    log P(c | x_n) = log P(c) + sum_w X[n, w] log P(w | c) - log Z_n,
where Z_n makes the C posteriors of document n sum to 1. These are the numbers scikit-learn's
MultinomialNB computes (class_log_prior_, feature_log_prob_, predict_log_proba): compare with it.

Check your work:  pytest assignments/day51   (or: ai100 check day51)
"""

import numpy as np


# %%
def nb_fit(X, y, alpha=1.0):
    """Fit the class priors and the smoothed per-class word distributions.

    X: (N, V) int64 word counts (from bag_of_words).  y: (N,) int64 class labels.
    alpha: float > 0, additive (Laplace/Lidstone) smoothing: every word gets alpha extra counts in
      every class, so a word never seen in a class does not make its probability 0.
    Returns a tuple (class_log_prior, feature_log_prob), float64:
      class_log_prior: (C,)  log of the share of documents in each class;
      feature_log_prob: (C, V)  log P(w | c) = log (count of w in class c + alpha)
                                 - log (all word counts of class c + alpha * V); each row's exp sums to 1.
    Row c is the class np.unique(y)[c] (the labels in increasing order). About 6 lines.
    """
    ### BEGIN SOLUTION
    classes = np.unique(y)
    onehot = (y[:, None] == classes[None, :]).astype(np.float64)  # (N, C)
    word_counts = onehot.T @ X + alpha  # (C, V)
    feature_log_prob = np.log(word_counts) - np.log(word_counts.sum(axis=1, keepdims=True))
    class_log_prior = np.log(onehot.sum(axis=0)) - np.log(len(y))
    return class_log_prior, feature_log_prob
    ### END SOLUTION


# %%
def nb_predict_log_proba(X, class_log_prior, feature_log_prob):
    """Log posterior of each class for each document.

    X: (N, V) int64 word counts.  class_log_prior: (C,) float64.  feature_log_prob: (C, V) float64.
    Returns (N, C) float64: log P(c | x_n); each row's exp sums to 1.
    Long documents have joint log-likelihoods of -1000 and below, whose exp is 0.0 in float64:
    normalise in log space, subtracting each row's largest entry before exponentiating.
    About 4 lines.
    """
    ### BEGIN SOLUTION
    joint = X @ feature_log_prob.T + class_log_prior  # (N, C)
    top = joint.max(axis=1, keepdims=True)
    log_z = top + np.log(np.exp(joint - top).sum(axis=1, keepdims=True))
    return joint - log_z
    ### END SOLUTION
