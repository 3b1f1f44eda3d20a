"""The learner's side of sandboxed grading: loads learner modules and runs their functions.

Started by course_tools.sandbox inside bubblewrap, with no course checkout, no network and an
empty environment. Requests arrive as codec frames on one file descriptor, answers leave on
another; the learner's prints go to stdout/stderr, which the grader drains and caps. Nothing this
process says is trusted by the grader beyond being data: tripwires and guards run here because
they must watch the learner's calls, but the judging happens in the grader's process.

    python -m course_tools.sandbox_worker READ_FD WRITE_FD
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import inspect
import os
import pickle
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from course_tools.checks import Mismatch, cuda_sync, leaves, not_implemented_message
from course_tools.codec import MODULE_STATE, Decoder, Encoder, read_frame, write_frame

_GUARD_PREFIX = "course_tools."
MAX_FILE_BYTES = 64 << 20  # a file the grader reads back from the learner's side


class Worker:
    def __init__(self, inp, out) -> None:
        self.inp, self.out = inp, out
        self.modules: dict[str, Any] = {}
        self.objects: dict[int, Any] = {}  # handles: learner objects the grader holds by number
        self.staged: dict[int, tuple[Any, tuple, dict]] = {}
        self.grader_modules: set[int] = set()  # torch modules the grader sent: their state goes back after a call
        self.scratch: list[str] = []  # folders the grader may write files into

    # --- values ---
    def _keep(self, obj: Any) -> dict:
        self.objects[id(obj)] = obj
        return {"h": id(obj), "type": type(obj).__name__}

    def _handle(self, node: dict) -> Any:
        if node["h"] not in self.objects:
            raise LookupError("the grader passed back an object this process does not hold")
        return self.objects[node["h"]]

    def _callback(self, node: dict) -> Any:
        return _GraderFunction(self, int(node["cb"]), str(node.get("name", "f")), str(node.get("repr", "f")))

    def _grader_object(self, node: dict, data: bytes | None) -> Any:
        """What the grader sent by value (pickled: the grader is trusted here, never the reverse) or
        by name (a course_tools fixture function, imported here so that it runs in this process)."""
        try:
            if data is not None:
                obj = pickle.loads(data)  # noqa: S301 - written by the grader, the trusted side
            else:
                module, _, qualname = str(node["ref"]).partition(":")
                if not module.startswith("course_tools."):
                    raise ValueError(f"only course_tools functions are sent by name, not {module!r}")
                obj = importlib.import_module(module)
                for part in qualname.split("."):
                    obj = getattr(obj, part)
        except Exception as exc:  # noqa: BLE001 - reported as the grader's fault, not the learner's
            raise _GraderValueError(f"the grader sent a {node.get('type', node.get('ref', 'value'))} this process "
                                    f"cannot rebuild ({type(exc).__name__}: {exc}) — build it from a library or "
                                    "course_tools.fixtures, not in a grader file") from None
        if _is_torch_module(obj):
            self.grader_modules.add(id(obj))
        return obj

    def decode(self, header_value: Any, buffers: list[bytes]) -> Any:
        try:
            return Decoder(buffers, on_handle=self._handle, on_callback=self._callback,
                           on_grader_object=self._grader_object).decode(header_value)
        except _GraderValueError:
            raise
        except LookupError as exc:
            raise _GraderValueError(str(exc)) from None

    def encoder(self, alias_of: Any = None) -> Encoder:
        return Encoder(on_other=self._keep, on_callable=self._keep, alias_of=alias_of)

    def send(self, header: dict, buffers: list[bytes] = ()) -> None:
        write_frame(self.out, header, list(buffers))

    # --- requests ---
    def serve(self) -> None:
        while True:
            try:
                header, buffers = read_frame(self.inp)
            except EOFError:
                return
            try:
                reply, out_buffers = self.dispatch(header, buffers)
            except BaseException as exc:  # noqa: BLE001 - whatever learner code raises is reported, not fatal
                reply, out_buffers = {"error": _error(exc)}, []
            self.send(reply, out_buffers)

    def dispatch(self, header: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]:
        op = header.get("op")
        if op == "load":
            from course_tools.loading import load_file
            module = load_file(Path(header["path"]), header["name"])
            self.modules[header["name"]] = module
            return {"ok": _functions_of(module)}, []
        if op in ("call", "stage"):
            fn = getattr(self.modules[header["module"]], header["fn"])
            args, kwargs = self.decode(header["args"], buffers), self.decode(header["kwargs"], buffers)
            if op == "stage":
                self.staged[len(self.staged)] = (fn, args, kwargs)
                return {"ok": len(self.staged) - 1}, []
            checked = bool(header.get("checked"))
            got = self._checked_call(fn, args, kwargs, header) if checked else fn(*args, **kwargs)
            inputs = [*args, *kwargs.values()]
            arrays = [(i, leaf) for i, v in enumerate(inputs) for leaf in leaves(v) if hasattr(leaf, "shape")]
            encoder = self.encoder(alias_of=lambda leaf: _alias_index(leaf, arrays))
            result = encoder.encode(got)
            encoder.alias_of = None  # the inputs as they are after the call, for the unchanged check
            after = encoder.encode(self._as_left(inputs)) if checked else None
            return {"ok": {"result": result, "after": after}}, encoder.buffers
        if op == "apply":  # a course_tools function the grader names, run here on objects this process holds
            fn = self.decode(header["fn"], buffers)
            if isinstance(fn, _GraderFunction) or not callable(fn):
                raise _GraderValueError("check.in_learner runs functions of course_tools.fixtures, .data or "
                                        f".gradients in the learner's process, not {header['fn']!r}")
            args, kwargs = self.decode(header["args"], buffers), self.decode(header["kwargs"], buffers)
            got = self._checked_call(fn, args, kwargs, header)
            encoder = self.encoder()
            return {"ok": encoder.encode(got)}, encoder.buffers
        if op == "getattr":
            value = getattr(self._handle({"h": header.get("target")}), str(header["name"]))
            encoder = self.encoder()
            return {"ok": encoder.encode(value)}, encoder.buffers
        if op == "invoke":  # call an object the grader holds a handle to, or one of its methods
            target = self._handle({"h": header.get("target")})
            fn = getattr(target, str(header["name"])) if header.get("name") else target
            args, kwargs = self.decode(header["args"], buffers), self.decode(header["kwargs"], buffers)
            got = self._checked_call(fn, args, kwargs, header) if header.get("checked") else fn(*args, **kwargs)
            encoder = self.encoder()
            return {"ok": encoder.encode(got)}, encoder.buffers
        if op == "scratch":  # a folder the learner's code may write files into, for the grader to read
            self.scratch.append(os.path.realpath(tempfile.mkdtemp(prefix="ai100-out-")))
            return {"ok": self.scratch[-1]}, []
        if op == "write":  # the grader puts a file into a scratch folder (e.g. a model file with a flipped byte)
            path = os.path.realpath(str(header["path"]))
            if not any(path.startswith(folder + os.sep) for folder in self.scratch) or not buffers:
                raise _GraderValueError(f"{path} is not inside a scratch folder of this process")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(buffers[0])
            return {"ok": None}, []
        if op == "read":
            path = Path(str(header["path"]))
            if not path.is_file():
                return {"ok": None}, []
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise ValueError(f"{path.name} is over {MAX_FILE_BYTES >> 20} MB")
            return {"ok": {"bytes": 0}}, [data]
        if op == "run":
            fn, args, kwargs = self.staged[header["stage"]]
            sync = bool(header.get("sync"))
            for _ in range(int(header["number"])):
                fn(*args, **kwargs)
                if sync:
                    cuda_sync()
            return {"ok": None}, []
        raise ValueError(f"unknown request {op!r}")

    def _as_left(self, value: Any) -> Any:
        """The inputs after a call, with the grader's torch modules as their state (course_tools.sandbox
        copies it back into the grader's own module)."""
        if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
            return type(value)(self._as_left(v) for v in value)
        if isinstance(value, dict) and type(value) is dict:
            return {k: self._as_left(v) for k, v in value.items()}
        if id(value) in self.grader_modules and _is_torch_module(value):
            return {MODULE_STATE: {
                "params": {n: p.detach() for n, p in value.named_parameters()},
                "requires_grad": {n: bool(p.requires_grad) for n, p in value.named_parameters()},
                "grads": {n: (p.grad.detach() if p.grad is not None else None) for n, p in value.named_parameters()},
                "buffers": {n: b.detach() for n, b in value.named_buffers()},
                "training": bool(value.training)}}
        return value

    def _checked_call(self, fn: Any, args: tuple, kwargs: dict, header: dict) -> Any:
        from course_tools.tripwires import Tripwires

        what = str(header.get("what", ""))
        with contextlib.ExitStack() as stack:
            for name in header.get("guards", []):
                stack.enter_context(_guard(name)(what=what))
            with Tripwires(tuple(header.get("forbid", ())), day=str(header.get("day", "")),
                           reason=str(header.get("reason", ""))) as wire:
                got = fn(*args, **kwargs)
        wire.raise_if_tripped(what)
        return got


class _GraderValueError(Exception):
    """Something the grader sent that this process cannot use: the grader's fault, reported as such."""


def _is_torch_module(obj: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, torch.nn.Module)


class _GraderFunction:
    """A function the grader passed in: calling it asks the grader to run it there."""

    def __init__(self, worker: Worker, number: int, name: str, text: str) -> None:
        self._worker, self._number, self.__name__, self._text = worker, number, name, text

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        encoder = self._worker.encoder()
        value = {"args": encoder.encode(args), "kwargs": encoder.encode(kwargs)}
        self._worker.send({"op": "callback", "id": self._number, **value}, encoder.buffers)
        header, buffers = read_frame(self._worker.inp)
        if "error" in header:
            kind = getattr(builtins, str(header["error"].get("type", "")), RuntimeError)
            kind = kind if isinstance(kind, type) and issubclass(kind, Exception) else RuntimeError
            raise kind(str(header["error"].get("message", "")))
        return self._worker.decode(header["ok"], buffers)

    def __repr__(self) -> str:
        return self._text


def _guard(name: str) -> Any:
    module, _, attr = str(name).partition(":")
    if not module.startswith(_GUARD_PREFIX):
        raise ValueError(f"guards come from course_tools, not {module!r}")
    return getattr(importlib.import_module(module), attr)


def _functions_of(module: Any) -> dict[str, Any]:
    """{name: parameter names} of the module's callables, so the grader's messages name arguments."""
    out = {}
    for name, value in vars(module).items():
        if name.startswith("__") or not callable(value):
            continue
        try:
            params = [p.name for p in inspect.signature(value).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        except (TypeError, ValueError):
            params = []
        out[name] = params
    return {"functions": out}


def _alias_index(leaf: Any, inputs: list[tuple[int, Any]]) -> int | None:
    """The position of the input that `leaf` shares memory with, if any (it is then not a copy)."""
    import numpy as np

    for index, other in inputs:
        if leaf is other:
            return index
        if isinstance(leaf, np.ndarray) and isinstance(other, np.ndarray):
            if leaf.size and other.size and np.shares_memory(leaf, other):
                return index
        elif hasattr(leaf, "untyped_storage") and hasattr(other, "untyped_storage"):
            a, b = leaf.untyped_storage(), other.untyped_storage()
            if a.nbytes() and b.nbytes() and a.data_ptr() < b.data_ptr() + b.nbytes() \
                    and b.data_ptr() < a.data_ptr() + a.nbytes():
                return index
    return None


def _error(exc: BaseException) -> dict:
    if isinstance(exc, _GraderValueError):
        return {"kind": "grader", "message": str(exc)}
    stub = not_implemented_message(exc)
    if stub is not None:
        return {"kind": "not_implemented", "message": stub}
    if isinstance(exc, Mismatch):
        return {"kind": "mismatch", "message": str(exc)}
    if isinstance(exc, SystemExit):
        return {"kind": "error", "type": "SystemExit", "message": f"your code called exit({exc.code!r})",
                "traceback": ""}
    kit = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(kit)]
    text = "".join(traceback.format_list(frames[-6:]))  # the learner's own frames, not the worker's
    builtin = [k.__name__ for k in type(exc).__mro__ if k.__module__ == "builtins"]  # e.g. a ValueError subclass
    return {"kind": "error", "type": type(exc).__name__, "builtin": builtin[:1], "message": str(exc)[:2000],
            "traceback": text[-3000:]}


def main(argv: list[str]) -> int:
    read_fd, write_fd = int(argv[1]), int(argv[2])
    with os.fdopen(read_fd, "rb") as inp, os.fdopen(write_fd, "wb") as out:
        Worker(inp, out).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
