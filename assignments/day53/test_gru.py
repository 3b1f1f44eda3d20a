"""Day 53 visible tests: run them with  pytest assignments/day53  (or  ai100 check day53).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with torch's own nn.GRUCell / nn.GRU holding the same weights, and with autograd.
The autograder runs more cases on inputs you do not see, and checks `train_sentiment`: it replays
your first Adam steps against the reference's and trains your classifier to an accuracy. (No test
here trains: torch's first optimiser takes about 2 s to set up, which would double this run.)
"""

import pytest
import torch

from course_tools.checks import close
from course_tools.fixtures import day53 as fx


def _cell_inputs(seed, B=2, E=3, H=4):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(B, E, generator=g, dtype=torch.float64)
    h = torch.randn(B, H, generator=g, dtype=torch.float64) * 0.5
    return x, h, fx.gru_params(seed + 1, E, H)


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_gru_cell_matches_reference(check, seed):
    check("gru_cell", *_cell_inputs(seed))


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_gru_cell_matches_torch_grucell(check, seed):
    x, h, params = _cell_inputs(seed, B=3, E=5, H=4)
    got = check.run_learner("gru_cell", x, h, params)
    with torch.no_grad():
        want = fx.torch_cell(params)(x, h)
    close(got, want, what="day53: gru_cell vs nn.GRUCell, seed 2", tol="vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [3])
def test_gru_layer_matches_reference_and_torch_gru(check, seed):
    g = torch.Generator().manual_seed(seed)
    xs, h0 = torch.randn(2, 5, 3, generator=g, dtype=torch.float64), torch.zeros(2, 4, dtype=torch.float64)
    params = fx.gru_params(seed, 3, 4)
    outs, h = check("gru_layer", xs, h0, params)
    gru = torch.nn.GRU(3, 4, batch_first=True, dtype=torch.float64)
    gru.load_state_dict({"weight_ih_l0": params["W_ih"], "weight_hh_l0": params["W_hh"],
                         "bias_ih_l0": params["b_ih"], "bias_hh_l0": params["b_hh"]})
    with torch.no_grad():
        want_outs, _ = gru(xs, h0[None])
    close(outs, want_outs, what="day53: gru_layer outputs vs nn.GRU, seed 3", tol="vs_library")


def _twin(check, seed, V=20, E=4, H=5):
    torch_model = fx.TorchGRUSentiment(V, E, H, seed=seed)
    model = check.run_learner("GRUSentiment", V, emb=E, hidden=H, seed=seed)
    model.double()
    model.load_state_dict(torch_model.learner_state())
    return model, torch_model


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [4])
def test_gru_sentiment_matches_torch_gru_model(check, seed):
    model, torch_model = _twin(check, seed)
    ids = torch.randint(0, 20, (3, 6), generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        want = torch_model(ids)
    close(model(ids), want, what="day53: GRUSentiment logits vs an nn.GRU model, seed 4", tol="vs_library")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [5])
def test_sentiment_grads_match_autograd(check, seed):
    model, torch_model = _twin(check, seed)
    g = torch.Generator().manual_seed(seed)
    ids, labels = torch.randint(0, 20, (4, 5), generator=g), torch.randint(0, 2, (4,), generator=g)
    check.run_learner("sentiment_grads", model, ids, labels)
    got = check.run_learner("sentiment_grads", model, ids, labels)  # a second call: nothing left over
    for name, want in torch_model.grads(ids, labels).items():
        close(got[name], want, what=f"day53: sentiment_grads[{name!r}] vs autograd through nn.GRU, seed 5",
              tol="grad_autograd")
