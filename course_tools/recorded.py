"""Recorded reference values: record at build time, replay in the learner's visible tests.

A call is keyed by its function name and the exact bytes of its arguments, so a visible test
whose inputs were changed gets a plain "no recorded reference" error instead of a wrong value.
Visible tests must therefore draw inputs from NumPy's Generator, whose streams are the same on
every machine and version; torch's random streams are not promised to be.
The file is a zip of .npy arrays plus an index, written with fixed timestamps so that rebuilding
gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from course_tools import frames

FILENAME = "reference_values.npz"
_INDEX = "index.json"
_EPOCH = (1980, 1, 1, 0, 0, 0)


class NoRecordedReference(LookupError):
    pass


def _as_numpy(value: Any) -> Any:
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return value


def _digest_into(h: "hashlib._Hash", value: Any) -> None:
    value = _as_numpy(value)
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value).reshape(value.shape)
        h.update(f"nd{arr.dtype.str}{arr.shape}".encode())
        h.update(arr.tobytes())
    elif isinstance(value, np.generic):
        _digest_into(h, np.asarray(value))
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}{len(value)}(".encode())
        for item in value:
            _digest_into(h, item)
        h.update(b")")
    elif isinstance(value, dict):
        h.update(f"dict{len(value)}(".encode())
        for key in sorted(value, key=repr):
            h.update(repr(key).encode())
            _digest_into(h, value[key])
        h.update(b")")
    elif value is None or isinstance(value, (bool, int, float, str, complex)):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (bytes, bytearray)):
        h.update(b"bytes%d:" % len(value) + bytes(value))
    elif frames.is_pandas(value):
        h.update(b"pandas(" + frames.digest_text(value) + b")")
    elif _is_torch_module(value):  # a model: its class and every parameter and buffer
        h.update(f"module:{type(value).__qualname__}(".encode())
        _digest_into(h, {k: v for k, v in value.state_dict().items()})
        h.update(b")")
    elif callable(value) and _callable_name(value):
        h.update(f"callable:{_callable_name(value)};".encode())
    else:
        raise TypeError(f"cannot key a recorded call on an argument of type {type(value).__name__}"
                        + (" (a lambda or nested function: pass a function defined at the top of a module)"
                           if callable(value) else ""))


def _is_torch_module(value: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.nn.Module)


def _callable_name(fn: Any) -> str | None:
    """A name that is the same when the visible tests are recorded (graders/dayNN/visible/) and when
    the learner replays them (assignments/dayNN/): kit functions by full module, test-file functions
    by file name. Lambdas and nested functions have none."""
    qualname, module = getattr(fn, "__qualname__", ""), getattr(fn, "__module__", None) or ""
    if not qualname or "<" in qualname:
        return None
    return f"{module if module.startswith('course_tools') else module.rsplit('.', 1)[-1]}.{qualname}"


def call_key(function: str, args: tuple, kwargs: dict) -> str:
    h = hashlib.sha256(function.encode())
    _digest_into(h, tuple(args))
    _digest_into(h, dict(kwargs))
    return h.hexdigest()[:24]


def describe(value: Any) -> str:
    """A short human description of an argument: '(2, 3, 5, 8) float64', '0.5', 'None'."""
    value = _as_numpy(value)
    if isinstance(value, np.ndarray):
        return f"{tuple(value.shape)} {value.dtype}"
    if frames.is_pandas(value):
        return f"{type(value).__name__} {tuple(value.shape)}"
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {describe(v)}" for k, v in list(value.items())[:4])
        return "{" + inner + (", …" if len(value) > 4 else "") + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(describe(v) for v in value[:4])
        return f"[{inner}{', …' if len(value) > 4 else ''}]"
    if _is_torch_module(value):
        return f"{type(value).__name__} ({sum(p.numel() for p in value.parameters()):,} parameters)"
    if callable(value) and getattr(value, "__qualname__", None):
        return value.__qualname__
    text = repr(value)
    if "\n" in text:  # one line: a torch optimiser's repr spans several
        text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "…"


def describe_call(function: str, args: tuple, kwargs: dict) -> str:
    parts = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
    return f"{function}({', '.join(parts)})"


# --- encoding values into (json tree, arrays) ---------------------------------------------------

def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    raw = value
    value = _as_numpy(value)
    if isinstance(value, np.generic):
        value = np.asarray(value)
        name = f"a{len(arrays)}"
        arrays[name] = value
        return {"scalar": name}
    if isinstance(value, np.ndarray):
        name = f"a{len(arrays)}"
        arrays[name] = np.ascontiguousarray(value).reshape(value.shape)  # which makes 0-d arrays 1-d
        return {"array": name, "torch": raw is not value}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return {"list": [_encode(v, arrays) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[k, _encode(v, arrays)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": value}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if frames.is_pandas(value):
        desc, payloads = frames.to_parts(value)
        return {"pandas": desc, "parts": [_encode(p, arrays) for p in payloads]}
    raise TypeError(f"cannot record a value of type {type(value).__name__}")


def _decode(node: Any, arrays: dict[str, np.ndarray]) -> Any:
    if "array" in node:
        arr = arrays[node["array"]]
        if node.get("torch"):
            import torch
            return torch.from_numpy(arr.copy())
        return arr.copy()
    if "scalar" in node:
        return arrays[node["scalar"]][()]
    if "tuple" in node:
        return tuple(_decode(v, arrays) for v in node["tuple"])
    if "list" in node:
        return [_decode(v, arrays) for v in node["list"]]
    if "dict" in node:
        return {k: _decode(v, arrays) for k, v in node["dict"]}
    if "bytes" in node:
        return base64.b64decode(node["bytes"])
    if "pandas" in node:
        return frames.from_parts(node["pandas"], [_decode(p, arrays) for p in node["parts"]])
    return node["value"]


class Store:
    """Recorded calls: key → {call, out, mistakes}."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    def put(self, function: str, args: tuple, kwargs: dict, out: Any, mistakes: dict[str, Any]) -> None:
        key = call_key(function, args, kwargs)
        self.entries[key] = {"call": describe_call(function, args, kwargs), "out": out, "mistakes": mistakes}

    def get(self, function: str, args: tuple, kwargs: dict) -> dict[str, Any]:
        key = call_key(function, args, kwargs)
        if key not in self.entries:
            raise NoRecordedReference(
                f"no recorded reference for {describe_call(function, args, kwargs)} — visible tests replay "
                "values recorded from the reference at build time, keyed by the exact inputs; this input "
                "was changed or is new. Restore the test file (git checkout -- it), or try your own inputs "
                "in a scratch script instead.")
        return self.entries[key]

    # --- files ---
    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {}
        index = {}
        for key in sorted(self.entries):
            e = self.entries[key]
            index[key] = {
                "call": e["call"],
                "out": _encode(e["out"], arrays),
                "mistakes": {name: _encode(v, arrays) for name, v in sorted(e["mistakes"].items())},
            }
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            info = zipfile.ZipInfo(_INDEX, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, json.dumps(index, indent=1, sort_keys=True))
            for name, arr in arrays.items():
                npy = io.BytesIO()
                np.lib.format.write_array(npy, arr, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, npy.getvalue())
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Store":
        store = cls()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            index = json.loads(zf.read(_INDEX))
            arrays = {n[:-4]: np.lib.format.read_array(io.BytesIO(zf.read(n)), allow_pickle=False)
                      for n in zf.namelist() if n.endswith(".npy")}
        for key, e in index.items():
            store.entries[key] = {
                "call": e["call"],
                "out": _decode(e["out"], arrays),
                "mistakes": {name: _decode(v, arrays) for name, v in e["mistakes"].items()},
            }
        return store

    @classmethod
    def load(cls, path: Path) -> "Store":
        if not path.is_file():
            raise NoRecordedReference(f"{path} is missing — it holds the reference values the visible tests "
                                      "compare against; restore it from the course repository")
        return cls.from_bytes(path.read_bytes())

    def save(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())
