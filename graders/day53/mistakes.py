"""Day 53's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import torch


def _cell(x, h, params, *, order="rzn", reset_before=False, swap_update=False, bias_outside=False):
    gi = x @ params["W_ih"].T + params["b_ih"]
    gh = h @ params["W_hh"].T
    parts_i, parts_h = dict(zip(order, gi.chunk(3, dim=1))), dict(zip(order, (gh + params["b_hh"]).chunk(3, dim=1)))
    r = torch.sigmoid(parts_i["r"] + parts_h["r"])
    z = torch.sigmoid(parts_i["z"] + parts_h["z"])
    H = h.shape[1]
    slot = order.index("n")
    W_hn, b_hn = params["W_hh"][slot * H:(slot + 1) * H], params["b_hh"][slot * H:(slot + 1) * H]
    if reset_before:  # Cho et al. 2014: the reset gate scales h before the matmul
        n = torch.tanh(parts_i["n"] + (r * h) @ W_hn.T + b_hn)
    elif bias_outside:
        n = torch.tanh(parts_i["n"] + r * (h @ W_hn.T) + b_hn)
    else:
        n = torch.tanh(parts_i["n"] + r * parts_h["n"])
    return z * n + (1 - z) * h if swap_update else (1 - z) * n + z * h


_CELL = {
    "the update gate is used the other way round: h' = z⊙n + (1−z)⊙h, torch keeps z⊙h":
        dict(swap_update=True),
    "the reset gate multiplies h before W_hn (the 2014 paper's form); torch applies it to W_hn h + b_hn":
        dict(reset_before=True),
    "b_hn is added outside the reset gate: torch puts it inside, r ⊙ (W_hn h + b_hn)": dict(bias_outside=True),
    "gates read in the order z, r, n: torch stacks the rows as reset, update, candidate": dict(order="zrn"),
}


def _variant(**options):
    def cell(x, h, params):
        return _cell(x, h, params, **options)

    def layer(xs, h0, params):
        h, outs = h0, []
        for t in range(xs.shape[1]):
            h = _cell(xs[:, t], h, params, **options)
            outs.append(h)
        return torch.stack(outs, dim=1), h
    return cell, layer


def _layer_states_before(xs, h0, params):
    h, outs = h0, []
    for t in range(xs.shape[1]):
        outs.append(h)
        h = _cell(xs[:, t], h, params)
    return torch.stack(outs, dim=1), h


MISTAKES = {"gru_cell": {}, "gru_layer": {
    "outputs[:, t] holds the state BEFORE step t (h0 first); it is the state after it": _layer_states_before}}
for _name, _opts in _CELL.items():
    MISTAKES["gru_cell"][_name], MISTAKES["gru_layer"][_name] = _variant(**_opts)
