# %%
"""Day 12 — programmatic breakpoints: what a debugger does, written as functions.

A debugger's breakpoint is a trace function (sys.settrace) that stops at one line; a watch on
gradients is a backward pass read parameter by parameter; a NaN hunt is a forward hook on every
module. Today you write all three so that a test can call them.

Line numbers: `lineno` counts from the function's `def` line, which is line 0 (so line 1 is the
line after `def`, the docstring's first line when there is one). That is
`fn.__code__.co_firstlineno + lineno` in the file — and `enumerate(inspect.getsourcelines(fn)[0])`
shows the same numbers. The fixtures in course_tools/fixtures/day12.py mark their interesting
lines with `# <- name`; `line_of(fn, "name")` gives the number.

Dimension letters:  N  samples    D  input features    C  outputs (classes or targets)

Check your work:  pytest assignments/day12   (or: ai100 check day12)
"""

import copy
import functools
import sys

import torch


# %%
def capture_locals(fn, args, lineno, kwargs=None):
    """Run fn(*args, **kwargs) and return its local variables as they are when line `lineno` of fn
    is about to run for the first time — a breakpoint that records instead of stopping.

    fn: a Python function.  args: tuple of its positional arguments.  kwargs: dict or None.
    lineno: int, counted from fn's `def` line (line 0); see the module docstring.
    Returns a dict {local name: value} taken at the first time that line of *fn's own code* is
    reached (the line has not run yet; a loop's first pass; in a recursion, whichever call gets
    there first). Each value is copied (copy.deepcopy), so later changes by fn do not show.
    fn runs to its end either way. Raises LookupError when the line is never reached. If fn
    raises, the same exception reaches the caller. In every case the trace function that was
    set before the call (sys.gettrace(), often None) is set again before returning.
    About 15 lines: a global trace function that returns a local one for fn's frames only.
    """
    raise NotImplementedError('day12: capture_locals — see README')


# %%
def grad_norms(model, X, y, loss_fn=None):
    """The L2 norm of each parameter's gradient after one backward pass of loss_fn(model(X), y).

    model: a torch.nn.Module.  X: (N, D) float tensor of the model's dtype.
    y: (N,) int64 class labels, or (N, C) float targets — whatever loss_fn takes.
    loss_fn: a torch.nn loss module (nn.CrossEntropyLoss(), nn.MSELoss(), ...); None means
      nn.CrossEntropyLoss().
    Returns a dict {parameter name as in model.named_parameters(): Python float}, one entry per
    parameter that requires grad (frozen ones are left out), in that order. Gradients left on the
    parameters by an earlier backward must not count: clear them first (model.zero_grad()).
    Afterwards each parameter's .grad holds this pass's gradient. About 6 lines.
    """
    raise NotImplementedError('day12: grad_norms — see README')


# %%
def first_nonfinite_module(model, x):
    """Stretch: the name of the first module whose output holds a NaN or an infinity.

    model: a torch.nn.Module.  x: (N, D) float tensor.
    Runs model(x) once without gradients, with a forward hook on every module of
    model.named_modules() (the model itself is named ""). Hooks fire when a module finishes, so
    a layer fires before the block that contains it: "first" is the first hook, in that order,
    to see a non-finite value in its output (a tensor, or a tuple/list of tensors).
    Returns that module's name (str, e.g. "encoder.2"), or None when every output is finite.
    Every hook is removed before returning, also when the forward pass raises. About 15 lines.
    """
    raise NotImplementedError('day12: first_nonfinite_module — see README')
