"""Day 12's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names it.
"""

import copy
import sys

import torch


def _capture(fn, args, lineno, kwargs=None, *, shift=0, last=False, copy_values=True):
    target_code, target_line = fn.__code__, fn.__code__.co_firstlineno + lineno + shift
    captured = []

    def local_trace(frame, event, arg):
        if event == "line" and frame.f_lineno == target_line and (last or not captured):
            captured[:] = [copy.deepcopy(dict(frame.f_locals)) if copy_values else frame.f_locals]
        return local_trace

    def global_trace(frame, event, arg):
        return local_trace if frame.f_code is target_code else None

    previous = sys.gettrace()
    sys.settrace(global_trace)
    try:
        fn(*args, **(kwargs or {}))
    finally:
        sys.settrace(previous)
    if not captured:
        raise LookupError("never reached")
    return dict(captured[0])


def _norms(model, X, y, loss_fn=None, *, of="grad", squared=False, frozen_too=False, rms=False):
    loss_fn = torch.nn.CrossEntropyLoss() if loss_fn is None else loss_fn
    model.zero_grad(set_to_none=True)
    loss_fn(model(X), y).backward()
    out = {}
    for name, p in model.named_parameters():
        if not p.requires_grad and not frozen_too:
            continue
        t = p if of == "param" else (p.grad if p.grad is not None else torch.zeros_like(p))
        value = float(torch.sum(t.detach() ** 2)) if squared else float(torch.linalg.vector_norm(t.detach()))
        out[name] = value / t.numel() ** 0.5 if rms else value
    return out


def _first_bad(model, x, *, nan_only=False, last=False, children_only=False, inputs=False):
    found, handles = [], []

    def bad(t):
        return bool(torch.isnan(t).any()) if nan_only else not bool(torch.isfinite(t).all())

    def hook_for(name):
        def hook(module, ins, out):
            seen = ins if inputs else ([out] if torch.is_tensor(out) else out)
            if any(torch.is_tensor(t) and bad(t) for t in seen):
                found.append(name)
        return hook

    modules = model.named_children() if children_only else model.named_modules()
    handles = [m.register_forward_hook(hook_for(n)) for n, m in modules]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    if not found:
        return None
    return found[-1] if last else found[0]


MISTAKES = {
    "capture_locals": {
        "the locals of the LAST time the line ran, not the first": lambda fn, args, lineno, kwargs=None: _capture(
            fn, args, lineno, kwargs, last=True),
        "values not copied: lists that fn changes after the line show their final state (copy.deepcopy them)":
            lambda fn, args, lineno, kwargs=None: _capture(fn, args, lineno, kwargs, copy_values=False),
        "off by one: the def line is line 0, so the line is co_firstlineno + lineno (not + lineno - 1)":
            lambda fn, args, lineno, kwargs=None: _capture(fn, args, lineno, kwargs, shift=-1),
        "one line late: a 'line' event fires BEFORE its line runs, so capture at that event, not the next one":
            lambda fn, args, lineno, kwargs=None: _capture(fn, args, lineno, kwargs, shift=1),
    },
    "grad_norms": {
        "the squared norm (sum of squares): take its square root": lambda *a, **k: _norms(*a, **k, squared=True),
        "the norm of the parameter itself, not of its .grad": lambda *a, **k: _norms(*a, **k, of="param"),
        "frozen parameters (requires_grad=False) included: leave them out": lambda *a, **k: _norms(
            *a, **k, frozen_too=True),
        "the RMS (norm / √numel), not the L2 norm": lambda *a, **k: _norms(*a, **k, rms=True),
    },
    "first_nonfinite_module": {
        "only NaN checked (torch.isnan): infinities count too — use torch.isfinite":
            lambda model, x: _first_bad(model, x, nan_only=True),
        "the LAST module with a non-finite output: a NaN spreads forward, so the last one is rarely the cause":
            lambda model, x: _first_bad(model, x, last=True),
        "hooks only on the direct children (named_children): nested layers need named_modules()":
            lambda model, x: _first_bad(model, x, children_only=True),
        "the module's inputs were checked, not its output: that names the layer after the culprit":
            lambda model, x: _first_bad(model, x, inputs=True),
    },
}
