# %%
"""Day 01 — hello, GPU: what is this machine, and where should the tensors go?

No dimension letters today: everything here is about the machine, not about arrays.

Backends, by the names torch gives them:
  "cuda"  an NVIDIA GPU (torch.cuda)      "mps"  Apple's Metal GPU (torch.backends.mps)
  "cpu"   always there

A *probe* is a zero-argument function that returns True when a backend can be used; the
defaults are torch's own checks, `torch.cuda.is_available` and `torch.backends.mps.is_available`.
Every function that asks "is this backend here?" takes a `probes` dict, so that a test can
pretend to be a GPU machine on a laptop (and the reverse).

Check your work:  pytest assignments/day01   (or: ai100 check day01)
"""

import os
import platform
import time

import torch

BACKENDS = ("cuda", "mps", "cpu")  # the order "auto" tries them in


# %%
def default_probes():
    """torch's own availability checks, as a dict backend -> zero-argument callable returning bool."""
    return {"cuda": torch.cuda.is_available, "mps": torch.backends.mps.is_available}


# %%
def pick_device(prefer="cuda", probes=None):
    """The torch.device to put tensors on: the preferred backend when it is there, else the CPU.

    prefer: str, one of "cuda", "mps", "cpu" or "auto" ("auto" = the first of cuda, mps, cpu
      that is there). Anything else raises ValueError, and the message lists the valid names.
    probes: None, or a dict mapping "cuda" and/or "mps" to a zero-argument callable returning
      bool. A backend missing from the dict uses its default probe (see default_probes()).
    Returns a torch.device (not a string): torch.device("cuda"), torch.device("mps") or
    torch.device("cpu"), without an index. Call only the probes you need: "cpu" needs none, and
    "cuda" must not ask the MPS probe. About 10 lines.
    """
    ### BEGIN SOLUTION
    if prefer not in (*BACKENDS, "auto"):
        raise ValueError(f"pick_device: unknown preference {prefer!r}; use one of "
                         f"{', '.join(repr(b) for b in (*BACKENDS, 'auto'))}")
    checks = {**default_probes(), **(probes or {})}
    wanted = BACKENDS if prefer == "auto" else (prefer,)
    for backend in wanted:
        if backend == "cpu" or bool(checks[backend]()):
            return torch.device(backend)
    return torch.device("cpu")
    ### END SOLUTION


# %%
def device_report():
    """A description of this machine as torch sees it, as a dict of plain Python values.

    Returns a dict with exactly these keys (json.dumps must accept it):
      "cuda_available"     bool  torch.cuda.is_available()
      "cuda_device_count"  int   torch.cuda.device_count() (0 without CUDA)
      "cuda_version"       str or None   the CUDA torch was built with (torch.version.cuda);
                                 None for a CPU-only build
      "mps_available"      bool  torch.backends.mps.is_available()
      "backend"            str   the backend pick_device("auto") chooses: "cuda", "mps" or "cpu"
      "device_name"        str   for "cuda": torch.cuda.get_device_name() (the current GPU);
                                 otherwise platform.machine(), e.g. "x86_64" or "arm64"
      "cpu_count"          int   logical CPU cores of the machine, os.cpu_count() — not
                                 torch.get_num_threads(), which is how many threads torch uses
      "torch_version"      str   torch.__version__, as a plain str
      "python_version"     str   platform.python_version(), e.g. "3.11.9"
    About 12 lines.
    """
    ### BEGIN SOLUTION
    cuda = bool(torch.cuda.is_available())
    backend = pick_device("auto").type
    return {
        "cuda_available": cuda,
        "cuda_device_count": int(torch.cuda.device_count()) if cuda else 0,
        "cuda_version": torch.version.cuda,
        "mps_available": bool(torch.backends.mps.is_available()),
        "backend": backend,
        "device_name": torch.cuda.get_device_name() if backend == "cuda" else platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch_version": str(torch.__version__),
        "python_version": platform.python_version(),
    }
    ### END SOLUTION


# %%
class MemoryLogger:
    """Stretch: a memory log that a training loop can poke every step, without flooding.

    probe: zero-argument callable returning the memory in use now, in bytes (int), e.g.
      `lambda: tracemalloc.get_traced_memory()[0]` or `torch.cuda.memory_allocated`.
    interval_s: float > 0, the least time between two rows, in seconds. Anything else
      (0, negative) raises ValueError.
    clock: zero-argument callable returning seconds as a float (tests pass a fake one).

    The logger reads clock() once when it is made: that time is t = 0.
    `tick()` reads clock() once. It records a row when no row exists yet, or when at least
    interval_s has passed since the previous *row* (not since the previous tick; a row at
    exactly interval_s counts). Recording calls probe() once and appends
    {"t": float seconds since the logger was made, "bytes": int}. tick() returns True when it
    recorded a row, False otherwise, and never calls probe() when it does not record.
    `rows` is the list of rows so far, oldest first (a list of dicts).
    `peak()` is the largest "bytes" recorded, an int; 0 before the first row.
    """

    def __init__(self, probe, interval_s=2.0, clock=time.monotonic):
        ### BEGIN SOLUTION
        if not interval_s > 0:
            raise ValueError(f"MemoryLogger: interval_s must be > 0, got {interval_s!r}")
        self.probe, self.interval_s, self.clock = probe, float(interval_s), clock
        self.start = float(clock())
        self.last = None  # the clock time of the latest row
        self.rows = []
        ### END SOLUTION

    def tick(self):
        """Record a row if one is due (see the class docstring); True when it did. About 7 lines."""
        ### BEGIN SOLUTION
        now = float(self.clock())
        if self.last is not None and now - self.last < self.interval_s:
            return False
        self.last = now
        self.rows.append({"t": now - self.start, "bytes": int(self.probe())})
        return True
        ### END SOLUTION

    def peak(self):
        """The largest "bytes" over the rows so far, an int; 0 when there are none. One line."""
        ### BEGIN SOLUTION
        return max((row["bytes"] for row in self.rows), default=0)
        ### END SOLUTION
