# %%
"""Day 61 — decoding strategies: top-k, top-p (nucleus), temperature sampling, beam search.

Dimension letters used below:
  ...  any number of leading dimensions (none is fine: logits may be (V,))
  B    rows sampled at once (a batch of sequences)
  V    vocabulary size
  L    length of a generated sequence

Logits are unnormalised log-probabilities (float64). A filtered-out token gets the logit -inf,
so that softmax gives it probability exactly 0.

Check your work:  pytest assignments/day61   (or: ai100 check day61)
"""

import numpy as np


def softmax(x, axis=-1):
    """Softmax along `axis` (day 54's). -inf entries get probability 0. Given, not graded."""
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


# %%
def top_k_filter(logits, k):
    """Keep the k largest logits of each row; set the others to -inf.

    logits: (..., V) float array.  k: int >= 1; k >= V keeps everything.
    Returns a new (..., V) array of logits' dtype. Ties: every entry equal to the k-th largest
    value of its row is kept too (so a row may keep more than k). About 3 lines.
    """
    ### BEGIN SOLUTION
    k = min(int(k), logits.shape[-1])
    kth = np.sort(logits, axis=-1)[..., -k, None]  # (..., 1): the k-th largest of each row
    return np.where(logits < kth, -np.inf, logits)
    ### END SOLUTION


# %%
def top_p_filter(logits, p):
    """Nucleus filter: keep the most probable tokens until their probabilities add up to p.

    logits: (..., V) float array.  p: float in (0, 1].
    Returns a new (..., V) array of logits' dtype. Sort each row's tokens by probability
    (largest first); a token is kept when the probability of the tokens BEFORE it in that order
    adds up to less than p — so the token that crosses p is kept, and the top token always is.
    The others become -inf: what is left is the smallest set of top tokens whose mass reaches p
    (exactly p is enough: four tokens of 0.25 with p = 0.5 keep two). Where tokens tie in
    probability at the boundary, only how many are kept is graded, not which. About 7 lines.
    """
    ### BEGIN SOLUTION
    order = np.argsort(-logits, axis=-1, kind="stable")  # (..., V): most probable first
    probs = softmax(np.take_along_axis(logits, order, axis=-1))
    before = np.cumsum(probs, axis=-1) - probs  # mass of the tokens ranked above each one
    drop_sorted = before >= p
    drop = np.empty_like(drop_sorted)
    np.put_along_axis(drop, order, drop_sorted, axis=-1)  # back to vocabulary order
    return np.where(drop, -np.inf, logits)
    ### END SOLUTION


# %%
def sample_next(logits, temperature=1.0, top_k=None, top_p=None, seed=0):
    """One next token per row: temperature, then top-k, then top-p, then a draw.

    logits: (..., V) float array (B rows of a batch, or (B, H, V), or one row (V,)).
    temperature: float >= 0.  top_k: int or None (no filter).  top_p: float or None (no filter).
    seed: int for numpy.random.default_rng.
    Returns int64 token ids of shape logits.shape[:-1]. temperature == 0 means greedy: the argmax
    of each row (lowest index on ties), no random draw. Otherwise divide the logits by the
    temperature, apply the filters that are not None (top-k first), and draw each row from its
    filtered softmax with ONE generator `rng = np.random.default_rng(seed)`:
    u = rng.random(number of rows), rows taken in C order (logits.reshape(-1, V)); row r's token
    is the number of entries of its cumulative probabilities (divided by their last entry) that
    are <= u[r] — np.searchsorted(cdf, u[r], side="right"), exactly what rng.choice(V, p=probs)
    does for one row. About 12 lines.
    """
    ### BEGIN SOLUTION
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1).astype(np.int64)
    scaled = logits / temperature
    if top_k is not None:
        scaled = top_k_filter(scaled, top_k)
    if top_p is not None:
        scaled = top_p_filter(scaled, top_p)
    weights = np.exp(scaled - np.max(scaled, axis=-1, keepdims=True))  # softmax before normalising
    totals = np.cumsum(weights, axis=-1).reshape(-1, logits.shape[-1])  # (rows, V)
    u = np.random.default_rng(seed).random(len(totals))
    # u scaled by a row's total mass instead of the row divided by it: the same draw
    ids = [np.searchsorted(row, x * row[-1], side="right") for row, x in zip(totals, u)]
    return np.array(ids, dtype=np.int64).reshape(logits.shape[:-1])
    ### END SOLUTION


# %%
def distinct_n(texts, n=4):
    """Diversity of generated texts: distinct word n-grams over all n-grams, over the whole set.

    texts: list of str, split into words with str.split().  n: int >= 1.
    Returns a Python float in [0, 1]: (number of different n-grams, over all texts together)
    / (number of n-grams in all texts). An n-gram never spans two texts; a text with fewer than
    n words has none. No n-gram at all gives 0.0. About 6 lines.
    """
    ### BEGIN SOLUTION
    grams = []
    for text in texts:
        words = text.split()
        grams += [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0
    ### END SOLUTION


# %%
def beam_search(first_logprobs, trans_logprobs, length, beam=4):
    """The most probable sequence of a bigram model that beam search finds.

    first_logprobs: (V,) float array, log p(first token).
    trans_logprobs: (V, V) float array, row a = log p(next token | previous token a).
    length: int >= 1, tokens in the sequence.  beam: int >= 1, hypotheses kept at each step.
    Returns (tokens, score): tokens a list of `length` ints, score the float sum of the
    sequence's log-probabilities. Start from the `beam` best first tokens; at each step extend
    every kept hypothesis by every token, score = old score + log p(token | its last token), and
    keep the `beam` best. Order hypotheses by score, highest first; equal scores by the token
    list, smallest first (the graders use whole-number scores where many sequences tie, and any
    float scores work as log-probabilities). beam = 1 is greedy decoding. About 12 lines.
    """
    ### BEGIN SOLUTION
    hyps = [((int(t),), float(first_logprobs[t])) for t in range(len(first_logprobs))]
    hyps = sorted(hyps, key=lambda h: (-h[1], h[0]))[:beam]
    for _ in range(length - 1):
        grown = [(seq + (t,), score + float(trans_logprobs[seq[-1], t]))
                 for seq, score in hyps for t in range(trans_logprobs.shape[1])]
        hyps = sorted(grown, key=lambda h: (-h[1], h[0]))[:beam]
    tokens, score = hyps[0]
    return list(tokens), score
    ### END SOLUTION
