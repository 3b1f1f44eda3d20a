"""Day 52 visible tests: run them with  pytest assignments/day52  (or  ai100 check day52).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), your gradients with torch autograd, and — last — train word2vec with your
functions on course_tools.fixtures.day52's corpus and look for the planted synonyms. The
autograder runs more cases on inputs you do not see.
"""

import numpy as np
import pytest
import torch

from course_tools.checks import close
from course_tools.fixtures import day52 as fx


def _batch(seed, V=8, D=4, B=6, K=2):
    rng = np.random.default_rng(seed)
    return (rng.integers(0, V, size=B), rng.integers(0, V, size=B), rng.integers(0, V, size=(B, K)),
            rng.standard_normal((V, D)) * 0.5, rng.standard_normal((V, D)) * 0.5)


def _torch_sgns(center, ctx, neg, W_in, W_out):
    w_in, w_out = (torch.tensor(W, dtype=torch.float64, requires_grad=True) for W in (W_in, W_out))
    v = w_in[torch.from_numpy(center)]
    s_pos = (w_out[torch.from_numpy(ctx)] * v).sum(-1)
    s_neg = (w_out[torch.from_numpy(neg)] * v[:, None, :]).sum(-1)
    loss = -(torch.nn.functional.logsigmoid(s_pos).sum() + torch.nn.functional.logsigmoid(-s_neg).sum()) / len(center)
    loss.backward()
    return loss.item(), w_in.grad.numpy(), w_out.grad.numpy()


@pytest.mark.points(1)
def test_skipgram_pairs_full_window_small(check):
    got = check("skipgram_pairs", np.array([10, 11, 12, 13]), 1, tol="exact")
    assert got.tolist() == [[10, 11], [11, 10], [11, 12], [12, 11], [12, 13], [13, 12]]


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_skipgram_pairs_with_seed(check, seed):
    ids = np.random.default_rng(seed).integers(0, 20, size=9)
    check("skipgram_pairs", ids, 3, seed, tol="exact")


@pytest.mark.points(1)
def test_noise_distribution(check):
    p = check("noise_distribution", np.array([1, 16, 81, 0]))
    close(p, np.array([1.0, 8.0, 27.0, 0.0]) / 36.0, what="day52: noise_distribution([1, 16, 81, 0]) = 1:8:27:0")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [2, 3])
def test_sgns_loss_and_grads_matches_reference(check, seed):
    check("sgns_loss_and_grads", *_batch(seed), tol="grad_autograd")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [4])
def test_sgns_loss_and_grads_against_autograd(check, seed):
    args = _batch(seed, V=5, B=8)  # 8 pairs over 5 words: ids repeat
    got = check.run_learner("sgns_loss_and_grads", *args)
    close(got, _torch_sgns(*args), what="day52: sgns_loss_and_grads against torch autograd, seed 4",
          tol="grad_autograd")


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [5])
def test_sgns_step_matches_reference(check, seed):
    check("sgns_step", *_batch(seed), 0.5, tol="grad_autograd")


@pytest.mark.points(1)
def test_most_similar_small(check):
    vocab = {"cat": 0, "dog": 1, "car": 2, "bus": 3}
    W = np.array([[1.0, 0.1], [10.0, 2.0], [0.1, 5.0], [0.3, 2.0]])  # car: a larger dot product than bus, a smaller cosine
    got = check("most_similar", "cat", W, vocab, topn=2)
    assert [w for w, _ in got] == ["dog", "bus"], got


@pytest.mark.points(1)
def test_planted_synonyms_come_together(check, learner):
    """Your whole day: train on 1000 sentences, then each planted word's 5 nearest (among the 33)."""
    sentences = fx.synonym_sentences(1000, seed=0)
    vocab, W = fx.train_embeddings(sentences, learner.skipgram_pairs, learner.noise_distribution,
                                   learner.sgns_step, seed=0)
    planted = [w for group in fx.synonym_groups() for w in group]
    sub, Ws = {w: i for i, w in enumerate(planted)}, W[[vocab[w] for w in planted]]
    missed = [(word, mate) for group in fx.synonym_groups() for word in group for mate in group
              if mate != word and mate not in [w for w, _ in learner.most_similar(word, Ws, sub, topn=5)]]
    assert len(missed) <= 2, f"{len(missed)} planted synonyms missing from each other's top 5, e.g. {missed[:3]}"
