"""Day 52's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np


def _pairs(ids, window, rng=None, *, self_pairs=False, inclusive=True, use_rng=True):
    T = len(ids)
    spans = np.full(T, window) if rng is None or not use_rng else np.random.default_rng(rng).integers(1, window + 1, size=T)
    out = []
    for i in range(T):
        hi = i + spans[i] + (1 if inclusive else 0)
        for j in range(max(0, i - spans[i] + (0 if inclusive else 1)), min(T, hi)):
            if j != i or self_pairs:
                out.append((ids[i], ids[j]))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def _sgns(center, ctx, neg, W_in, W_out, *, accumulate=True, mean=True, neg_in_dv=True, naive_log=False):
    B = len(center) if mean else 1
    v, u_pos, u_neg = W_in[center], W_out[ctx], W_out[neg]
    s_pos, s_neg = np.einsum("bd,bd->b", u_pos, v), np.einsum("bkd,bd->bk", u_neg, v)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if naive_log:
            loss = -(np.log(1 / (1 + np.exp(-s_pos))).sum() + np.log(1 / (1 + np.exp(s_neg))).sum()) / B
        else:
            loss = (np.logaddexp(0.0, -s_pos).sum() + np.logaddexp(0.0, s_neg).sum()) / B
        g_pos = -1.0 / (1.0 + np.exp(s_pos)) / B
        g_neg = 1.0 / (1.0 + np.exp(-s_neg)) / B
    dv = g_pos[:, None] * u_pos + (np.einsum("bk,bkd->bd", g_neg, u_neg) if neg_in_dv else 0.0)
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    if accumulate:
        np.add.at(dW_in, center, dv)
        np.add.at(dW_out, ctx, g_pos[:, None] * v)
        np.add.at(dW_out, neg, g_neg[:, :, None] * v[:, None, :])
    else:  # fancy-index assignment: a repeated id keeps only its last contribution
        dW_in[center] += dv
        dW_out[ctx] += g_pos[:, None] * v
        dW_out[neg] += g_neg[:, :, None] * v[:, None, :]
    return float(loss), dW_in, dW_out


def _step(variant):
    def step(center, ctx, neg, W_in, W_out, lr):
        loss, d_in, d_out = variant(center, ctx, neg, W_in, W_out)
        return loss, W_in - lr * d_in, W_out - lr * d_out
    return step


def _similar(word, W, vocab, topn=5, *, cosine=True, keep_self=False):
    words = sorted(vocab, key=vocab.get)
    M = W / np.linalg.norm(W, axis=1, keepdims=True) if cosine else W
    sims = M @ M[vocab[word]]
    order = [i for i in np.argsort(-sims, kind="stable") if keep_self or i != vocab[word]]
    return [(words[i], float(sims[i])) for i in order[:topn]]


_SGNS = {
    "W[ids] += g with repeated ids keeps one contribution: accumulate with np.add.at":
        lambda *a: _sgns(*a, accumulate=False),
    "loss and gradients summed over the batch, not averaged": lambda *a: _sgns(*a, mean=False),
    "the negatives' term left out of the center word's gradient": lambda *a: _sgns(*a, neg_in_dv=False),
    "log σ(x) computed as log(1 / (1 + exp(-x))): overflows for large scores; use np.logaddexp(0, -x)":
        lambda *a: _sgns(*a, naive_log=True),
}

MISTAKES = {
    "skipgram_pairs": {
        "a word paired with itself (skip j == i)": lambda ids, window, rng=None: _pairs(ids, window, rng, self_pairs=True),
        "the window stops one short: |i - j| <= b_i includes distance b_i":
            lambda ids, window, rng=None: _pairs(ids, window, rng, inclusive=False),
        "rng ignored: with an rng each position draws its own window b_i":
            lambda ids, window, rng=None: _pairs(ids, window, rng, use_rng=False),
    },
    "noise_distribution": {
        "counts not raised to `power` (plain unigram frequencies)":
            lambda counts, power=0.75: counts / counts.sum(),
    },
    "sgns_loss_and_grads": _SGNS,
    "sgns_step": {name: _step(fn) for name, fn in _SGNS.items()},
    "most_similar": {
        "raw dot product instead of cosine similarity: long vectors win": lambda w, W, v, topn=5: _similar(w, W, v, topn, cosine=False),
        "the word itself left in the list": lambda w, W, v, topn=5: _similar(w, W, v, topn, keep_self=True),
    },
}
