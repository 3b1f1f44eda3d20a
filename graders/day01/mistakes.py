"""Day 01's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names it.
"""

import torch

_ORDER = ("cuda", "mps", "cpu")


def _probes(probes):
    return {"cuda": torch.cuda.is_available, "mps": torch.backends.mps.is_available, **(probes or {})}


def _right(prefer, probes):
    checks = _probes(probes)
    for backend in (_ORDER if prefer == "auto" else (prefer,)):
        if backend == "cpu" or checks[backend]():
            return torch.device(backend)
    return torch.device("cpu")


def _unchecked(prefer="cuda", probes=None):
    return torch.device("cuda" if prefer == "auto" else prefer)


def _as_string(prefer="cuda", probes=None):
    return _right(prefer, probes).type


def _other_gpu(prefer="cuda", probes=None):
    checks = _probes(probes)
    order = {"cuda": ("cuda", "mps", "cpu"), "mps": ("mps", "cuda", "cpu")}.get(prefer, _ORDER)
    if prefer == "cpu":
        return torch.device("cpu")
    return torch.device(next(b for b in order if b == "cpu" or checks[b]()))


def _torch_only(prefer="cuda", probes=None):
    return _right(prefer, None)


def _mps_first(prefer="cuda", probes=None):
    checks = _probes(probes)
    if prefer != "auto":
        return _right(prefer, probes)
    return torch.device(next(b for b in ("mps", "cuda", "cpu") if b == "cpu" or checks[b]()))


def _threads_as_cores():
    import platform

    cuda = torch.cuda.is_available()
    backend = _right("auto", None).type
    return {"cuda_available": cuda, "cuda_device_count": torch.cuda.device_count() if cuda else 0,
            "cuda_version": torch.version.cuda, "mps_available": torch.backends.mps.is_available(),
            "backend": backend,
            "device_name": torch.cuda.get_device_name() if backend == "cuda" else platform.machine(),
            "cpu_count": torch.get_num_threads(), "torch_version": str(torch.__version__),
            "python_version": platform.python_version()}


MISTAKES = {
    "device_report": {
        "cpu_count is torch.get_num_threads(), torch's thread count; the cores are os.cpu_count()": _threads_as_cores,
    },
    "pick_device": {
        "returned the preferred backend without asking whether it is there (\"cuda\" on a machine without CUDA)":
            _unchecked,
        "returned a str such as 'cpu'; the contract is a torch.device — wrap it: torch.device(name)": _as_string,
        "fell back to the other GPU backend; an absent preference falls back to the CPU (\"auto\" is for "
        "trying every backend)": _other_gpu,
        "ignored the probes argument and asked torch directly: use the probes you are given": _torch_only,
        "\"auto\" tried MPS before CUDA: the order is cuda, mps, cpu": _mps_first,
    },
}
