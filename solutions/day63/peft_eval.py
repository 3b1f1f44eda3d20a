# %%
"""Day 63 — judging a fine-tune: perplexity over a long stream, what is trained, what the optimiser holds.

Dimension letters used below:
  N   number of token ids in a stream       T   tokens in one window, T <= block
  V   vocabulary size (logits per position)

Check your work:  pytest assignments/day63   (or: ai100 check day63)
The models in the checks are the kit tiny GPT of course_tools.fixtures.day60, fully trainable or
with kit adapters (course_tools.fixtures.day63.make_adapted_gpt), and real torch optimisers after a
step (course_tools.fixtures.day63.optimizer_after_steps).
"""

import math

import torch
import torch.nn.functional as F


# %%
def perplexity(model, ids, block):
    """Perplexity of a causal language model on one long stream of token ids.

    model: an nn.Module; model(idx) with idx (1, T) int64, T <= block, gives logits (1, T, V).
    ids: (N,) int64 tensor, N >= 2 — raise ValueError for anything shorter or not 1-D.
    block: int, the most tokens the model may read at once.
    Returns a Python float: exp of the mean next-token negative log-likelihood (nats) over ALL
    N - 1 predicted tokens ids[1], ..., ids[N-1].

    Cut the stream into consecutive windows of at most `block` inputs (window w reads
    ids[w·block : w·block + T] and is scored on the T ids that follow each of them); the last
    window is usually shorter. Every predicted token counts once and equally, so sum the losses
    over windows and divide by the number of tokens. Work under torch.no_grad() and in float64
    for the sum. (The kit models have no dropout; with a real model call model.eval() first.)
    About 10 lines.
    """
    ### BEGIN SOLUTION
    if ids.dim() != 1 or ids.shape[0] < 2:
        raise ValueError(f"perplexity needs a 1-D stream of at least 2 token ids, got shape {tuple(ids.shape)}")
    inputs, targets = ids[:-1], ids[1:]  # (N - 1,) each: inputs[i] predicts targets[i]
    nll = 0.0
    with torch.no_grad():
        for start in range(0, targets.shape[0], block):
            logits = model(inputs[start:start + block][None])[0].double()  # (T, V)
            nll += float(F.cross_entropy(logits, targets[start:start + block], reduction="sum"))
    return math.exp(nll / targets.shape[0])
    ### END SOLUTION


# %%
def trainable_params(model):
    """How many numbers a fine-tune trains, and how many the model holds.

    model: an nn.Module.
    Returns (trainable, total), two Python ints: the number of elements of the parameters that
    require a gradient, and of all parameters. A tensor shared by two layers (tied weights) is
    one tensor and counts once; buffers are not parameters. About 3 lines.
    """
    ### BEGIN SOLUTION
    params = list(model.parameters())  # a shared tensor is listed once
    total = sum(p.numel() for p in params)
    trained = sum(p.numel() for p in params if p.requires_grad)
    return trained, total
    ### END SOLUTION


# %%
def optimizer_state_bytes(opt):
    """The memory a torch optimiser keeps beside the parameters it updates.

    opt: a torch.optim.Optimizer, perhaps after some steps.
    Returns a Python int: the bytes of every tensor in its per-parameter state (opt.state — e.g.
    Adam's exp_avg, exp_avg_sq and its scalar step counter; SGD's momentum_buffer), each
    counted as elements × bytes per element. Entries that are not tensors count nothing; a
    parameter the optimiser never updated usually has no state at all. About 5 lines.
    """
    ### BEGIN SOLUTION
    held = 0
    for state in opt.state.values():  # one dict per parameter
        for value in state.values():
            if torch.is_tensor(value):
                held += value.numel() * value.element_size()
    return held
    ### END SOLUTION


# %%
def compare_table(runs, ids, block):
    """Stretch: the numbers that decide between fine-tunes, one row per run.

    runs: list of (name, model, opt) tuples — name a str, model an nn.Module as in perplexity,
      opt the torch optimiser that trained it.
    ids: (N,) int64 held-out stream.  block: int.  (As in perplexity.)
    Returns a list with one dict per run, in the order given:
      {"run": name, "trainable": int, "total": int, "trainable_pct": float (100 · trainable / total),
       "optimizer_bytes": int, "perplexity": float}
    from the three functions above. About 6 lines.
    """
    ### BEGIN SOLUTION
    rows = []
    for name, model, opt in runs:
        trained, total = trainable_params(model)
        rows.append({"run": name, "trainable": trained, "total": total, "trainable_pct": 100.0 * trained / total,
                     "optimizer_bytes": optimizer_state_bytes(opt), "perplexity": perplexity(model, ids, block)})
    return rows
    ### END SOLUTION
