"""Tripwires: fail a test when learner code calls a library it was asked to do without.

A day that says "implement X yourself" lists forbidden targets in course.toml (`forbid`):
a package ("torch": any call into it) or one callable ("scipy.special.softmax"). While the
learner's function runs, a profile hook records every Python frame and builtin call that lands
in a forbidden target. Violations are recorded, not raised, so a learner's try/except cannot
hide them; the test fails after the call with the name of the first forbidden call.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
import threading
from types import ModuleType
from typing import Any

from course_tools.checks import Mismatch

_setprofile = sys.setprofile
_getprofile = sys.getprofile
_thread_setprofile = threading.setprofile
_thread_getprofile = threading.getprofile


class TripwireError(Mismatch):
    pass


def _is_module(name: str) -> bool:
    if name in sys.modules:
        return isinstance(sys.modules[name], ModuleType)
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _resolve_callable(target: str) -> Any:
    """The object a dotted name points to. Its module is imported now, so that a learner's own
    import inside the function body cannot bring in a copy the tripwire has not seen."""
    parts = target.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        name = ".".join(parts[:cut])
        mod = sys.modules.get(name)
        if mod is None:
            try:
                mod = importlib.import_module(name)
            except ImportError:
                continue
        obj: Any = mod
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _top_folder(name: str) -> str | None:
    """The folder of a top-level package, found without importing anything."""
    try:
        spec = importlib.util.find_spec(name.split(".")[0])
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return locations[0] + os.sep if locations else None


class Tripwires:
    """Context manager: `with Tripwires(("torch",), day="day54") as wire: ...; wire.raise_if_tripped(what)`."""

    def __init__(self, targets: tuple[str, ...] | list[str], *, day: str = "", reason: str = "") -> None:
        self.day, self.reason = day, reason
        self.packages: list[tuple[str, str]] = []  # (package name, folder, or the file of a plain module)
        self.codes: dict[Any, str] = {}  # code object → dotted name
        self.builtins: dict[int, str] = {}  # id(builtin) → dotted name
        self.methods: dict[str, list[tuple[type, str]]] = {}  # method name → (its class, dotted name)
        # Dotted targets in a package nobody has imported yet ("sklearn.svm.SVC" before any sklearn):
        # importing it here would cost every learner call a second or more, so each waits, with its
        # package's folder, until a module of that folder finishes running its body (the learner's
        # import of it must), and is looked up then.
        self.pending: dict[str, str] = {}
        self.hits: list[str] = []
        self._previous = None
        self._previous_thread = None
        self._closing = False
        for target in targets:
            top = target.split(".")[0]
            if "." in target and top not in sys.modules:
                folder = _top_folder(target)
                if folder:
                    self.pending[target] = folder
                continue  # not installed at all: it cannot be called
            if _is_module(target):
                spec = importlib.util.find_spec(target)
                if spec and spec.submodule_search_locations:  # a package: everything in its folder
                    place = list(spec.submodule_search_locations)[0] + os.sep
                else:  # a plain module: its own file only, not its package's siblings
                    place = spec.origin if spec and spec.origin else ""
                self.packages.append((target, place))
                continue
            self._add_callable(target, _resolve_callable(target))
        self._pending_folders = tuple(set(self.pending.values()))

    def _add_callable(self, target: str, obj: Any) -> None:
        if obj is None:
            return  # its module is not imported, so it cannot be called without an import
        func = getattr(obj, "__init__", None) if isinstance(obj, type) else obj
        func = inspect.unwrap(getattr(func, "__func__", func))  # decorators share one wrapper code object
        code = getattr(func, "__code__", None)
        if code is not None:
            self.codes[code] = target
        self.builtins[id(obj)] = target
        owner = getattr(obj, "__objclass__", None)  # a C method such as torch.Tensor.add
        if owner is not None:  # its calls arrive bound to an instance, never as this object
            self.methods.setdefault(obj.__name__, []).append((owner, target))

    def _resolve_pending(self) -> None:
        """Register the waiting targets that can now be found without importing anything."""
        for target in list(self.pending):
            parts = target.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                module = sys.modules.get(".".join(parts[:cut]))
                if module is None:
                    continue
                if isinstance(sys.modules.get(target), ModuleType):  # a module target
                    spec = sys.modules[target].__spec__
                    where = (list(spec.submodule_search_locations)[0] + os.sep
                             if spec and spec.submodule_search_locations else getattr(spec, "origin", "") or "")
                    self.packages.append((target, where))
                    del self.pending[target]
                    break
                obj: Any = module
                try:
                    for attr in parts[cut:]:
                        # A module's own namespace only: getattr could run a lazy-import __getattr__
                        # (scikit-learn has one) in the middle of the learner's own import.
                        obj = vars(obj)[attr] if isinstance(obj, ModuleType) else getattr(obj, attr)
                except (AttributeError, KeyError):
                    break
                self._add_callable(target, obj)
                del self.pending[target]
                break
        self._pending_folders = tuple(set(self.pending.values()))

    def _package_of_builtin(self, fn: Any) -> str | None:
        module = getattr(fn, "__module__", None)
        if not module:
            owner = getattr(fn, "__self__", None)
            module = type(owner).__module__ if owner is not None else None
        if not module:
            return None
        for name, _ in self.packages:
            if module == name or module.startswith(name + "."):
                qualname = getattr(fn, "__qualname__", getattr(fn, "__name__", "?"))
                return f"{module}.{qualname.replace('_VariableFunctionsClass.', '')}"
        return None

    def _profile(self, frame, event, arg):  # noqa: ANN001 - the sys.setprofile signature
        if len(self.hits) >= 5:
            return
        if event == "call":
            code = frame.f_code
            if code in self.codes:
                self.hits.append(self.codes[code])
                return
            filename = code.co_filename
            for name, place in self.packages:
                if place and (filename == place or (place.endswith(os.sep) and filename.startswith(place))):
                    self.hits.append(f"{name}.{code.co_name}" if filename == place else
                                     f"{name} ({os.path.relpath(filename, os.path.dirname(place.rstrip(os.sep)))}"
                                     f": {code.co_name})")
                    return
        elif event == "c_call":
            if arg is _setprofile and not self._closing:
                self.hits.append("sys.setprofile (the tripwire was switched off)")
                return
            if id(arg) in self.builtins:
                self.hits.append(self.builtins[id(arg)])
                return
            for cls, target in self.methods.get(getattr(arg, "__name__", ""), ()):
                if isinstance(getattr(arg, "__self__", None), cls):
                    self.hits.append(target)
                    return
            if self.packages:
                hit = self._package_of_builtin(arg)
                if hit:
                    self.hits.append(hit)
        elif event == "return" and self.pending and frame.f_code.co_name == "<module>" \
                and frame.f_code.co_filename.startswith(self._pending_folders):
            self._resolve_pending()  # a module of a waiting target's package has just run its body

    def _armed(self) -> bool:
        return bool(self.packages or self.codes or self.builtins or self.methods or self.pending)

    def __enter__(self) -> "Tripwires":
        if self._armed():
            self._previous = _getprofile()
            self._previous_thread = _thread_getprofile()
            _thread_setprofile(self._profile)
            _setprofile(self._profile)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._armed():
            if _getprofile() != self._profile and not any(h.startswith("sys.setprofile") for h in self.hits):
                self.hits.append("sys.setprofile (the tripwire was switched off)")
            self._closing = True
            _setprofile(self._previous)
            _thread_setprofile(self._previous_thread)

    def raise_if_tripped(self, what: str) -> None:
        if not self.hits:
            return
        calls = ", ".join(dict.fromkeys(self.hits))
        why = self.reason or "this day asks you to write it yourself"
        raise TripwireError(f"{what}\n  called {calls} — not allowed here: {why}")


# --- operators the profile hook cannot see --------------------------------------------------------

class HostCompute(Mismatch):
    """Learner code computed with torch operators on the host instead of in its kernel."""


_COMPUTE_OPS = {"add", "radd", "iadd", "sub", "rsub", "isub", "mul", "rmul", "imul", "div", "rdiv", "idiv", "truediv",
                "rtruediv", "itruediv", "true_divide", "exp", "exp2", "sum", "amax", "max", "logsumexp", "softmax",
                "log_softmax", "safe_softmax", "addcmul", "addcdiv", "lerp"}


class no_torch_compute:  # noqa: N801 - used like a function
    """Context manager: raise HostCompute at exit when a torch function that computes ran inside.

    Allocating, copying, viewing and moving tensors are fine (torch.empty_like, .contiguous(), .to());
    `x + y`, torch.exp, .sum(), torch.softmax … are not: those are torch kernels, not yours. Sees
    every call through torch's Python API (a TorchFunctionMode), operators like `+` included.
    """

    def __init__(self, what: str = "") -> None:
        self.what = what
        self.calls: list[str] = []
        self._mode = None

    def __enter__(self) -> "no_torch_compute":
        from torch.overrides import TorchFunctionMode

        calls = self.calls

        class _Recorder(TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                name = getattr(func, "__name__", "")
                if name.strip("_") in _COMPUTE_OPS:
                    calls.append(name)
                return func(*args, **(kwargs or {}))

        self._mode = _Recorder()
        self._mode.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._mode.__exit__(exc_type, exc, tb)
        if self.calls and exc_type is None:
            ops = ", ".join(f"torch {name}" for name in dict.fromkeys(self.calls))
            raise HostCompute(f"{self.what}\n  computed with {ops} on the host — the arithmetic must happen in your "
                              "Triton kernel (x + y, torch.exp, .sum() … on torch tensors are torch's kernels)")
