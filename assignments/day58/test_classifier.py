"""Day 58 visible tests: run them with  pytest assignments/day58  (or  ai100 check day58).

The encoder, tokenizer and reviews are course_tools/fixtures/day58.py (read it). These tests
compare your classifier with the same arithmetic done here by hand, check your parameter groups
on a small model, and fine-tune for a moment. The autograder runs more cases, compares with the
reference solution, and fine-tunes on 400 reviews for an accuracy goal.
"""

import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import close
from course_tools.fixtures import day58 as fx


@pytest.mark.points(1)
def test_sequence_classifier_parameter_names(check):
    enc = fx.pretrained_encoder()
    model = check.run_learner("SequenceClassifier", enc, 3)
    names = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    want = {f"encoder.{k}": tuple(v.shape) for k, v in fx.pretrained_encoder().state_dict().items()}
    want.update({"head.weight": (3, enc.hidden_size), "head.bias": (3,)})
    close(names, want, what="day58: SequenceClassifier(encoder, 3).state_dict() names and shapes", tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0, 1])
def test_sequence_classifier_reads_cls_token(check, seed):
    model = check.run_learner("SequenceClassifier", fx.pretrained_encoder(), 2)
    model.eval()
    ids, mask, _ = fx.review_tensors(5, seed)
    got = model(ids, mask)
    state = model.state_dict()
    with torch.no_grad():
        states = fx.pretrained_encoder()(ids, mask)  # (N, L, H): the encoder is not trained yet
        want = states.select(1, 0) @ state["head.weight"].T + state["head.bias"]
    close(got, want, what=f"day58: SequenceClassifier eval logits, seed {seed}: the head on the [CLS] state")


@pytest.mark.points(2)
def test_param_groups_on_a_small_model(check):
    model = fx.MeanPoolClassifier(fx.pretrained_encoder(), 2)
    model.encoder.pos.weight.requires_grad_(False)  # a frozen parameter: in no group
    groups = check.run_learner("param_groups", model, 1e-4, 1e-2, 0.05)
    got = {}
    for g in groups:
        for name in g["params"]:
            got.setdefault(name, []).append((g["lr"], g["weight_decay"]))
    want = {
        "encoder.embed.weight": [(1e-4, 0.05)], "encoder.norm1.weight": [(1e-4, 0.0)],
        "encoder.norm1.bias": [(1e-4, 0.0)], "encoder.qkv.weight": [(1e-4, 0.05)],
        "encoder.qkv.bias": [(1e-4, 0.0)], "encoder.mlp.0.weight": [(1e-4, 0.05)],
        "head.weight": [(1e-2, 0.05)], "head.bias": [(1e-2, 0.0)],
    }
    close({k: got.get(k) for k in want}, want, what="day58: param_groups(model, 1e-4, 1e-2, 0.05), a few "
          "parameters: [(lr, weight_decay)] for each group naming them", tol="exact")
    assert "encoder.pos.weight" not in got, "day58: param_groups listed a frozen parameter (requires_grad False)"
    n_trainable = sum(p.requires_grad for p in model.parameters())
    assert sum(map(len, got.values())) == n_trainable, "day58: param_groups must name every trainable parameter once"


@pytest.mark.points(2)
def test_finetune_loss_goes_down(check):
    ids, mask, labels = fx.review_tensors(120, 7)
    model = fx.MeanPoolClassifier(fx.pretrained_encoder(), 2)
    losses = check.run_learner("finetune", model, ids, mask, labels, epochs=2, seed=0)
    assert len(losses) == 2, f"day58: finetune(epochs=2) returned {len(losses)} losses, expected one per epoch"
    assert losses[1] < losses[0], f"day58: finetune: the loss did not go down ({losses})"
    assert not model.training, "day58: finetune must leave the model in eval mode"


@pytest.mark.points(1)
def test_finetune_frozen_model_reports_mean_loss(check):
    ids, mask, labels = fx.review_tensors(21, 3)  # batches of 8, 8 and 5
    model = fx.MeanPoolClassifier(fx.pretrained_encoder(), 2)
    with torch.no_grad():
        want = F.cross_entropy(model(ids, mask), labels).item()
    got = check.run_learner("finetune", model, ids, mask, labels, epochs=1, enc_lr=0.0, head_lr=0.0, batch_size=8)
    close(got, [want], what="day58: finetune with both learning rates 0: the loss averaged over all 21 examples",
          tol="float32")
