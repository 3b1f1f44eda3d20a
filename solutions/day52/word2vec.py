# %%
"""Day 52 — word2vec: skip-gram with negative sampling (SGNS), in NumPy.

Dimension letters used below:
  T  tokens in a sentence    P  (center, context) pairs    V  vocabulary size
  D  embedding width         B  pairs in a batch           K  negative samples per pair

Two tables of embeddings: W_in (V, D) holds each word as a center ("input" vectors, the ones
kept as the word's embedding) and W_out (V, D) each word as a context ("output" vectors). For a
pair (c, o) and K noise words n_1..n_K drawn from the noise distribution, with σ the logistic
sigmoid, the loss is
    -log σ(W_out[o] · W_in[c]) - Σ_k log σ(-W_out[n_k] · W_in[c]),
averaged over the B pairs of a batch.

Practise on course_tools.fixtures.day52.synonym_sentences(n, seed): the synonym groups of
course_tools.text_data.SYNONYMS, each with its own context words.

Check your work:  pytest assignments/day52   (or: ai100 check day52)
"""

import numpy as np


# %%
def skipgram_pairs(ids, window, rng=None):
    """All (center, context) pairs of one sentence, word2vec style.

    ids: (T,) int64 token ids.  window: int >= 1, the largest distance between center and context.
    rng: None, an int seed or a numpy.random.Generator. Unless None, each position i gets its own
      window b_i: make g = np.random.default_rng(rng) and draw b = g.integers(1, window + 1, size=T)
      (ONE call, for all positions at once), so near words are paired more often than far ones.
      With None, b_i = window for every i.
    Returns (P, 2) int64: rows (ids[i], ids[j]) for every i, and every j != i with |i - j| <= b_i
    inside the sentence; ordered by i, then by j. A sentence of one token gives shape (0, 2).
    About 8 lines.
    """
    ### BEGIN SOLUTION
    T = len(ids)
    spans = np.full(T, window) if rng is None else np.random.default_rng(rng).integers(1, window + 1, size=T)
    pairs = []
    for i in range(T):
        for j in range(max(0, i - spans[i]), min(T, i + spans[i] + 1)):
            if j != i:
                pairs.append((ids[i], ids[j]))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)
    ### END SOLUTION


# %%
def noise_distribution(counts, power=0.75):
    """The distribution negative samples are drawn from: counts raised to `power`, normalised.

    counts: (V,) int64 word counts.  power: float (word2vec uses 0.75: rare words are drawn more
      often than their share, frequent ones less).
    Returns (V,) float64 probabilities summing to 1. One or two lines.
    """
    ### BEGIN SOLUTION
    weights = counts.astype(np.float64) ** power
    return weights / weights.sum()
    ### END SOLUTION


# %%
def sgns_loss_and_grads(center, ctx, neg, W_in, W_out):
    """The SGNS loss of a batch and its gradients with respect to both tables.

    center: (B,) int64, ctx: (B,) int64, neg: (B, K) int64 token ids.
    W_in, W_out: (V, D) float64.
    Returns (loss, dW_in, dW_out): loss a Python float (the mean over the batch, see the module
    docstring); dW_in and dW_out (V, D) float64, zero in the rows no id of the batch touches.
    An id may occur several times in a batch: its gradient is the SUM of its contributions
    (W[ids] += g keeps only one of them; np.add.at adds them all).
    Use d/dx log σ(x) = 1 - σ(x) = σ(-x). About 15 lines.
    """
    ### BEGIN SOLUTION
    B = len(center)
    v = W_in[center]  # (B, D)
    u_pos = W_out[ctx]  # (B, D)
    u_neg = W_out[neg]  # (B, K, D)
    s_pos = np.einsum("bd,bd->b", u_pos, v)  # (B,)
    s_neg = np.einsum("bkd,bd->bk", u_neg, v)  # (B, K)
    loss = (np.logaddexp(0.0, -s_pos).sum() + np.logaddexp(0.0, s_neg).sum()) / B  # -log σ(x) = log(1 + e^-x)
    g_pos = -1.0 / (1.0 + np.exp(s_pos)) / B  # d loss / d s_pos = -σ(-s_pos) / B
    g_neg = 1.0 / (1.0 + np.exp(-s_neg)) / B  # d loss / d s_neg = σ(s_neg) / B
    dv = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    np.add.at(dW_in, center, dv)
    np.add.at(dW_out, ctx, g_pos[:, None] * v)
    np.add.at(dW_out, neg, g_neg[:, :, None] * v[:, None, :])
    return float(loss), dW_in, dW_out
    ### END SOLUTION


# %%
def sgns_step(center, ctx, neg, W_in, W_out, lr):
    """One step of stochastic gradient descent on a batch.

    center, ctx, neg, W_in, W_out: as for sgns_loss_and_grads.  lr: float, the learning rate.
    Returns (loss, new_W_in, new_W_out): the loss BEFORE the step (float) and new (V, D) float64
    arrays; W_in and W_out themselves are left unchanged. About 3 lines.
    """
    ### BEGIN SOLUTION
    loss, dW_in, dW_out = sgns_loss_and_grads(center, ctx, neg, W_in, W_out)
    return loss, W_in - lr * dW_in, W_out - lr * dW_out
    ### END SOLUTION


# %%
def most_similar(word, W, vocab, topn=5):
    """The words whose embeddings are closest to `word`'s by cosine similarity.

    word: str, a key of vocab.  W: (V, D) float64 embeddings (row vocab[w] is word w).
    vocab: dict {str: int} with ids 0..V-1.  topn: int.
    Returns a list of topn (word, similarity) tuples, most similar first, never `word` itself;
    similarity = cosine = a·b / (|a| |b|) as a Python float. Equal similarities: lower id first.
    About 7 lines.
    """
    ### BEGIN SOLUTION
    words = sorted(vocab, key=vocab.get)  # id -> word
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)  # (V, D)
    sims = unit @ unit[vocab[word]]  # (V,)
    order = [i for i in np.argsort(-sims, kind="stable") if i != vocab[word]]
    return [(words[i], float(sims[i])) for i in order[:topn]]
    ### END SOLUTION
