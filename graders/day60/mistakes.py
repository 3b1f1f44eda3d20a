"""Day 60's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import math

import torch
import torch.nn.functional as F


def _rms_eps_outside(x, w, eps=1e-6):
    return x / (torch.sqrt(x.pow(2).mean(dim=-1, keepdim=True)) + eps) * w


def _layer_norm_instead(x, w, eps=1e-6):
    c = x - x.mean(dim=-1, keepdim=True)
    return c / torch.sqrt(c.pow(2).mean(dim=-1, keepdim=True) + eps) * w


def _swiglu(x, w1, w2, w3, gate=lambda a: a * torch.sigmoid(a), swap=False):
    a, b = (x @ w3, x @ w1) if swap else (x @ w1, x @ w3)
    return (gate(a) * b) @ w2


def _lr(step, steps, warmup, lr, *, from_zero=False, floor=0.1):
    if step < warmup:
        return lr * (step if from_zero else step + 1) / warmup
    p = (step - warmup) / max(1, steps - warmup)
    lo = floor * lr
    return lo + (lr - lo) * 0.5 * (1.0 + math.cos(math.pi * p))


@torch.no_grad()
def _generate(model, idx, n_new, temperature=1.0, seed=0, *, times=False, first=False):
    g = torch.Generator().manual_seed(seed)
    out = idx
    for _ in range(n_new):
        logits = model(out[:, -model.block:])[:, 0 if first else -1, :]
        if temperature == 0:
            nxt = logits.argmax(dim=-1, keepdim=True)
        else:
            probs = torch.softmax(logits * temperature if times else logits / temperature, dim=-1)
            nxt = torch.multinomial(probs, 1, generator=g)
        out = torch.cat([out, nxt], dim=1)
    return out


def _train(model, data, steps, warmup, lr=3e-3, batch_size=16, seed=0, *, zero=True, clip=True, schedule=True):
    model.train()
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.1)
    losses = []
    for step in range(steps):
        if schedule:
            for group in opt.param_groups:
                group["lr"] = _lr(step, steps, warmup, lr)
        ix = torch.randint(len(data) - model.block, (batch_size,), generator=g)
        x = torch.stack([data[i:i + model.block] for i in ix])
        y = torch.stack([data[i + 1:i + 1 + model.block] for i in ix])
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        if zero:
            opt.zero_grad()
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
    return losses


MISTAKES = {
    "rms_norm": {
        "eps added outside the square root: use sqrt(mean(x²) + eps)": _rms_eps_outside,
        "the mean was subtracted first: that is LayerNorm, RMSNorm only divides by the root mean square":
            _layer_norm_instead,
    },
    "swiglu": {
        "the gate is sigmoid(x @ w1), not silu(x @ w1) = (x @ w1) · sigmoid(x @ w1)":
            lambda x, w1, w2, w3: _swiglu(x, w1, w2, w3, gate=torch.sigmoid),
        "the gate is applied to x @ w3 instead of x @ w1": lambda x, w1, w2, w3: _swiglu(x, w1, w2, w3, swap=True),
    },
    "lr_at": {
        "warm-up starts at 0 (lr · step / warmup): the first step would not move, use (step + 1)":
            lambda step, steps, warmup, lr: _lr(step, steps, warmup, lr, from_zero=True),
        "the cosine decays to 0 instead of to lr_min = 0.1 · lr":
            lambda step, steps, warmup, lr: _lr(step, steps, warmup, lr, floor=0.0),
    },
    "generate": {
        "the logits were multiplied by the temperature instead of divided by it":
            lambda *a, **k: _generate(*a, **k, times=True),
        "sampled from the first position's logits instead of the last one's":
            lambda *a, **k: _generate(*a, **k, first=True),
    },
    "train_gpt": {
        "the gradients were never zeroed: each step adds to the previous steps' gradients":
            lambda *a, **k: _train(*a, **k, zero=False),
        "the gradient norm was not clipped to 1.0": lambda *a, **k: _train(*a, **k, clip=False),
        "the learning rate was left at lr: set every param group's lr to lr_at(step, ...) each step":
            lambda *a, **k: _train(*a, **k, schedule=False),
    },
}
