"""Day 63's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import math

import torch
import torch.nn.functional as F


def _window_losses(model, ids, block, drop_short=False):
    """[(summed next-token loss, tokens scored)] for each window of the stream, in float64."""
    out = []
    with torch.no_grad():
        for start in range(0, len(ids) - 1, block):
            x, y = ids[start:start + block], ids[start + 1:start + 1 + block]
            x = x[:len(y)]
            if drop_short and len(y) < block:
                continue
            out.append((float(F.cross_entropy(model(x[None])[0].double(), y, reduction="sum")), len(y)))
    return out


def _mean_of_window_means(model, ids, block):
    means = [loss / n for loss, n in _window_losses(model, ids, block)]
    return math.exp(sum(means) / len(means))


def _mean_of_window_perplexities(model, ids, block):
    ppls = [math.exp(loss / n) for loss, n in _window_losses(model, ids, block)]
    return sum(ppls) / len(ppls)


def _short_window_dropped(model, ids, block):
    kept = _window_losses(model, ids, block, drop_short=True)
    return math.exp(sum(loss for loss, _ in kept) / sum(n for _, n in kept))


def _mean_loss_not_exponentiated(model, ids, block):
    parts = _window_losses(model, ids, block)
    return sum(loss for loss, _ in parts) / sum(n for _, n in parts)


def _counted_everything(model):
    total = sum(p.numel() for p in model.parameters())
    return total, total


def _counted_tensors(model):
    params = list(model.parameters())
    return sum(1 for p in params if p.requires_grad), len(params)


def _counted_tied_twice(model):
    params = [p for _, p in model.named_parameters(remove_duplicate=False)]
    return sum(p.numel() for p in params if p.requires_grad), sum(p.numel() for p in params)


def _state_elements(opt):
    return sum(v.numel() for s in opt.state.values() for v in s.values() if torch.is_tensor(v))


def _adam_rule_of_thumb(opt):
    params = [p for group in opt.param_groups for p in group["params"]]
    return 2 * sum(p.numel() * p.element_size() for p in params)


def _step_counters_left_out(opt):
    return sum(v.numel() * v.element_size() for s in opt.state.values() for v in s.values()
               if torch.is_tensor(v) and v.dim() > 0)


def _rows(runs, ids, block, percent):
    rows = []
    for name, model, opt in runs:
        params = list(model.parameters())
        trained, total = sum(p.numel() for p in params if p.requires_grad), sum(p.numel() for p in params)
        parts = _window_losses(model, ids, block)
        ppl = math.exp(sum(loss for loss, _ in parts) / sum(n for _, n in parts))
        held = sum(v.numel() * v.element_size() for s in opt.state.values() for v in s.values() if torch.is_tensor(v))
        rows.append({"run": name, "trainable": trained, "total": total, "trainable_pct": percent * trained / total,
                     "optimizer_bytes": held, "perplexity": ppl})
    return rows


def _pct_as_fraction(runs, ids, block):
    return _rows(runs, ids, block, percent=1.0)


MISTAKES = {
    "perplexity": {
        "a mean of the windows' mean losses: the short last window weighs as much as a full one — "
        "sum the losses of all tokens and divide by their number": _mean_of_window_means,
        "a mean of the windows' perplexities, not the perplexity of all tokens": _mean_of_window_perplexities,
        "the short last window was dropped: every one of the N - 1 next tokens is scored": _short_window_dropped,
        "the mean loss (nats) itself: perplexity is its exponential": _mean_loss_not_exponentiated,
    },
    "trainable_params": {
        "frozen parameters counted as trainable: keep only those with requires_grad": _counted_everything,
        "counted parameter tensors, not their elements (numel)": _counted_tensors,
        "a tied (shared) weight counted twice: model.parameters() lists a shared tensor once": _counted_tied_twice,
    },
    "optimizer_state_bytes": {
        "counted elements, not bytes: multiply each by element_size()": _state_elements,
        "twice the bytes of every parameter handed to the optimiser (Adam's rule of thumb): count what "
        "opt.state holds — frozen parameters get no state": _adam_rule_of_thumb,
        "the scalar step counters were left out: they are tensors in opt.state too": _step_counters_left_out,
    },
    "compare_table": {
        "trainable_pct as a fraction of 1: the column is a percentage, 100 · trainable / total": _pct_as_fraction,
    },
}
