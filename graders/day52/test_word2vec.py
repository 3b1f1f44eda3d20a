"""Hidden graders for day 52 (word2vec: skip-gram pairs, negative sampling, nearest words).

Inputs are drawn from the hidden seed. Gradients are judged against the live reference and against
torch autograd of the same loss in float64 (grad_autograd row); batches draw ids from a small
vocabulary so that ids repeat. Unseen here: a 13-token sentence with window 3, V = 11, D = 5,
B = 9, K = 3, scores near ±40, and embeddings trained on course_tools.fixtures.day52's corpus with
the learner's own sgns_step.
"""

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, close
from course_tools.fixtures import day52 as fx


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- skipgram_pairs -------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("window", [1, 3])
def test_skipgram_pairs_full_window(check, seed, window):
    ids = np.random.default_rng(seed).integers(0, 50, size=13)
    check("skipgram_pairs", ids, window, tol="exact")


@pytest.mark.points(3)
@pytest.mark.parametrize("window", [2, 5])
def test_skipgram_pairs_shrunk_windows_same_seed(check, seed, window):
    ids = np.random.default_rng(seed).integers(0, 50, size=13)
    check("skipgram_pairs", ids, window, seed % 1000, tol="exact",
          hint="draw all T windows in one call, g.integers(1, window + 1, size=T), before pairing")


@pytest.mark.points(1)
@pytest.mark.parametrize("length", [0, 1])
def test_skipgram_pairs_tiny_sentences(check, seed, length):
    ids = np.random.default_rng(seed).integers(0, 50, size=length)
    check("skipgram_pairs", ids, 2, tol="exact")


# --- noise_distribution ---------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("power", [None, 0.5, 1.0])
def test_noise_distribution_matches_reference(check, seed, power):
    counts = np.random.default_rng(seed).integers(1, 1000, size=17)
    check("noise_distribution", counts, **({} if power is None else {"power": power}))


# --- sgns_loss_and_grads --------------------------------------------------------------------------

def _batch(seed, V=11, D=5, B=9, K=3, scale=0.5):
    rng = np.random.default_rng(seed)
    center, ctx = rng.integers(0, V, size=B), rng.integers(0, V, size=B)
    neg = rng.integers(0, V, size=(B, K))
    return center, ctx, neg, rng.standard_normal((V, D)) * scale, rng.standard_normal((V, D)) * scale


def _torch_sgns(center, ctx, neg, W_in, W_out):
    """The loss of the module docstring and its gradients, by torch autograd in float64."""
    w_in, w_out = (torch.tensor(W, dtype=torch.float64, requires_grad=True) for W in (W_in, W_out))
    v = w_in[torch.from_numpy(center)]
    s_pos = (w_out[torch.from_numpy(ctx)] * v).sum(-1)
    s_neg = (w_out[torch.from_numpy(neg)] * v[:, None, :]).sum(-1)
    loss = -(torch.nn.functional.logsigmoid(s_pos).sum() + torch.nn.functional.logsigmoid(-s_neg).sum()) / len(center)
    loss.backward()
    return loss.item(), w_in.grad.numpy(), w_out.grad.numpy()


@pytest.mark.points(4)
@pytest.mark.parametrize("shape", [(11, 5, 9, 3), (6, 8, 16, 5)])
def test_sgns_loss_and_grads_matches_reference(check, seed, shape):
    V, D, B, K = shape
    check("sgns_loss_and_grads", *_batch(seed, V, D, B, K), tol="grad_autograd",
          hint="an id repeated in the batch must get the SUM of its gradients (np.add.at)")


@pytest.mark.points(4)
def test_sgns_loss_and_grads_against_autograd(check, seed):
    args = _batch(seed)
    got = check.run_learner("sgns_loss_and_grads", *args)
    close(got, _torch_sgns(*args), tol="grad_autograd",
          what=check.describe("sgns_loss_and_grads", args, {}) + " against torch autograd of the same loss")


@pytest.mark.points(2)
def test_sgns_loss_and_grads_large_scores(check, seed):
    args = _batch(seed, scale=4.0)  # scores of size ±40: exp overflows where log σ is written naively
    loss, dW_in, dW_out = check("sgns_loss_and_grads", *args, tol="grad_autograd")
    _require(np.isfinite(loss) and np.all(np.isfinite(dW_in)) and np.all(np.isfinite(dW_out)),
             f"day52: sgns_loss_and_grads with scores near ±40, seed {seed}: non-finite loss or gradient — "
             "write -log σ(x) as np.logaddexp(0, -x)")


@pytest.mark.points(1)
def test_sgns_loss_and_grads_untouched_rows_are_zero(check, seed):
    center, ctx, neg, W_in, W_out = _batch(seed, V=30)
    _, dW_in, dW_out = check("sgns_loss_and_grads", center, ctx, neg, W_in, W_out, tol="grad_autograd")
    unused_in = np.setdiff1d(np.arange(30), center)
    unused_out = np.setdiff1d(np.arange(30), np.concatenate([ctx, neg.ravel()]))
    _require(not dW_in[unused_in].any() and not dW_out[unused_out].any(),
             f"day52: sgns_loss_and_grads, seed {seed}: rows of ids not in the batch must have zero gradient")


# --- sgns_step ------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_sgns_step_matches_reference(check, seed):
    check("sgns_step", *_batch(seed), 0.7, tol="grad_autograd")


@pytest.mark.points(1)
def test_sgns_step_lowers_the_batch_loss(check, seed):
    args = _batch(seed)
    loss, W_in, W_out = check("sgns_step", *args, 0.05, tol="grad_autograd")
    after, _, _ = _torch_sgns(*args[:3], W_in, W_out)
    _require(after < loss, f"day52: sgns_step(lr=0.05), seed {seed}: the batch loss went from {loss:.6f} to "
                           f"{after:.6f}; a small step against the gradient must lower it")


# --- most_similar ---------------------------------------------------------------------------------

def _embeddings(seed, V=23, D=6):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in rng.permutation(V)]
    return {w: i for i, w in enumerate(words)}, rng.standard_normal((V, D)) * rng.uniform(0.1, 5, size=(V, 1))


@pytest.mark.points(3)
@pytest.mark.parametrize("topn", [3, 5])
def test_most_similar_matches_reference(check, seed, topn):
    vocab, W = _embeddings(seed)
    word = sorted(vocab)[seed % len(vocab)]
    check("most_similar", word, W, vocab, topn=topn, hint="cosine similarity, not the raw dot product")


@pytest.mark.points(1)
def test_most_similar_default_topn_and_ties(check, seed):
    vocab, W = _embeddings(seed, V=9)
    W[[2, 5, 7]] = W[4] * np.array([[2.0], [0.5], [3.0]])  # rows 2, 4, 5, 7 point the same way
    check("most_similar", next(w for w, i in vocab.items() if i == 4), W, vocab)


# --- the whole day: synonyms come together ----------------------------------------------------------

@pytest.mark.points(5)
def test_trained_embeddings_group_planted_synonyms(check, ref_module, seed):
    """Word2vec trained with the learner's sgns_step (pairs and noise from the reference, the loop from
    course_tools.fixtures.day52), then the learner's most_similar among the 33 planted words: each
    word's top 5 should hold its 2-3 synonyms. Judged against the same run with the reference's
    sgns_step and most_similar on the same seed — a correct day gives the same embeddings, so this
    cannot fail one by chance (2% slack, one pair, is for rounding only).
    """
    sentences = fx.synonym_sentences(1000, seed=seed)
    planted = [w for group in fx.synonym_groups() for w in group]
    sub = {w: i for i, w in enumerate(planted)}

    def recall(step, similar):
        vocab, W = fx.train_embeddings(sentences, ref_module.skipgram_pairs, ref_module.noise_distribution, step,
                                       seed)
        Ws = W[[vocab[w] for w in planted]]
        found = [mate in [w for w, _ in similar(word, Ws, sub, topn=5)]
                 for group in fx.synonym_groups() for word in group for mate in group if mate != word]
        return float(np.mean(found)), Ws

    got, W_got = recall(lambda *a: check.run_learner("sgns_step", *a),
                        lambda *a, **k: check.run_learner("most_similar", *a, **k))
    want, W_want = recall(ref_module.sgns_step, ref_module.most_similar)
    _require(got >= want - 0.02, f"day52: word2vec with your sgns_step on synonym_sentences(1000, seed={seed}): "
                                 f"{100 * got:.0f}% of planted synonyms in each other's top 5 (your most_similar), "
                                 f"the reference reaches {100 * want:.0f}%")
    close(W_got, W_want, tol="vs_library", what=f"day52: the 33 planted words' embeddings after training with "
          f"your sgns_step, seed {seed}, against the reference's")
