"""Values across the sandbox boundary: a JSON tree plus raw array bytes — never pickle.

The grading process reads what learner code sends back, so decoding builds plain data only:
numbers, strings, containers, NumPy arrays of non-object dtypes, torch tensors and pandas
frames rebuilt from such parts (course_tools.frames). Anything else
the learner returns stays in the learner's process and crosses as a handle (`Handle`), which can
be passed back to the learner's functions but never looked into. Callables the grader passes in
stay in the grader's process and are called back on request.

A frame is: header length and buffer count (struct "<QI"), the JSON header, then each buffer as
its length ("<Q") and bytes.
"""

from __future__ import annotations

import collections

import ctypes
import json
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable

import numpy as np

from course_tools import frames

MAX_FRAME = 1 << 30  # a frame larger than this is refused, not read
MAX_DEPTH = 64
MODULE_STATE = "__torch_module_state__"  # how the worker reports a grader's torch module after a call
WHOLE_STORAGE_SLACK = 1 << 20  # bytes beyond a view's own that may cross with it (canaries, row gaps)


class CodecError(ValueError):
    """A malformed frame, or a value that cannot cross the boundary."""


@dataclass(frozen=True)
class Handle:
    """An object that lives in the other process; opaque here, usable there."""
    id: int
    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object in your process>"


def _is_torch_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "untyped_storage")


def _torch():
    import torch
    return torch


class Encoder:
    """Turns a value into a JSON-able tree, collecting array bytes in `buffers`.

    `on_callable(fn)` and `on_other(obj)` return the tree node for values that are not data;
    without them such a value is a CodecError. `alias_of(leaf)` may name an input a leaf shares
    memory with (the node then says so).
    """

    def __init__(self, *, on_callable: Callable[[Any], Any] | None = None,
                 on_other: Callable[[Any], Any] | None = None,
                 alias_of: Callable[[Any], int | None] | None = None) -> None:
        self.buffers: list[bytes] = []
        self.on_callable, self.on_other, self.alias_of = on_callable, on_other, alias_of

    def _buffer(self, data: bytes) -> int:
        self.buffers.append(data)
        return len(self.buffers) - 1

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError("a value nested deeper than 64 levels")
        if value is None or isinstance(value, (bool, int, float, str)) and type(value) in (bool, int, float, str):
            return {"v": value}
        if isinstance(value, Handle):
            return {"h": value.id, "type": value.type_name}
        if isinstance(value, np.ndarray) and not value.dtype.hasobject:
            node = {"dtype": value.dtype.str, "shape": list(value.shape)}
            if value.flags.c_contiguous or value.size == 0:
                node["a"] = self._buffer(np.ascontiguousarray(value).tobytes())
            else:  # the same layout on the other side: strides are part of what a function is given
                low, high = _byte_bounds(value)
                node["a"] = self._buffer(ctypes.string_at(low, high - low))
                node["strides"] = list(value.strides)
                node["offset"] = value.__array_interface__["data"][0] - low
            return self._with_alias(node, value)
        if isinstance(value, np.generic) and not isinstance(value, np.object_):
            return {"s": self._buffer(np.asarray(value).tobytes()), "dtype": value.dtype.str}
        if _is_torch_tensor(value):
            t = value.detach()
            node = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "device": str(t.device),
                    "grad": bool(value.requires_grad)}
            if t.numel():
                span = 1 + sum((n - 1) * st for n, st in zip(t.shape, t.stride()))
                total = t.untyped_storage().nbytes() // t.element_size()
                if total != t.numel() and (total - span) * t.element_size() <= WHOLE_STORAGE_SLACK:
                    # A view into a larger allocation crosses with all of it, so that what a function
                    # writes around the view (past the end, between rows) can be seen afterwards.
                    node["strides"], node["offset"] = list(t.stride()), t.storage_offset()
                    t = t.as_strided((total,), (1,), 0)
                elif not t.is_contiguous():  # keep the strides, and whatever lies between the rows
                    node["strides"] = list(t.stride())
                    t = t.as_strided((span,), (1,), t.storage_offset())
            flat = t.cpu().contiguous().reshape(-1)
            node["t"] = self._buffer(flat.view(_torch().uint8).numpy().tobytes() if flat.numel() else b"")
            return self._with_alias(node, value)
        if isinstance(value, complex):
            return {"c": [value.real, value.imag]}
        if isinstance(value, (bytes, bytearray)):
            return {"b": self._buffer(bytes(value))}
        if isinstance(value, tuple) and type(value) is tuple:
            return {"tuple": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, list) and type(value) is list:
            return {"list": [self.encode(v, depth + 1) for v in value]}
        if type(value) in (dict, collections.OrderedDict):  # a state_dict() is an OrderedDict: data, too
            return {"dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]}
        if isinstance(value, (set, frozenset)) and type(value) in (set, frozenset):
            return {type(value).__name__: [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, np.dtype):
            return {"npdtype": value.str}
        if isinstance(value, type) and issubclass(value, np.generic) and value is not np.object_:
            return {"nptype": np.dtype(value).str}
        if type(value).__module__ == "torch" and type(value).__name__ in ("dtype", "device"):
            return {"torch_" + type(value).__name__: str(value).replace("torch.", "")}
        if frames.is_pandas(value):
            try:
                desc, payloads = frames.to_parts(value)
            except TypeError as exc:
                raise CodecError(str(exc)) from None
            return {"pandas": desc, "parts": [self.encode(p, depth + 1) for p in payloads]}
        if callable(value) and self.on_callable is not None:
            return self.on_callable(value)
        if self.on_other is not None:
            return self.on_other(value)
        raise CodecError(f"a value of type {type(value).__name__} cannot be passed to the sandbox")

    def _with_alias(self, node: dict, leaf: Any) -> dict:
        index = self.alias_of(leaf) if self.alias_of else None
        if index is not None:
            node["alias"] = index
        return node


class Decoder:
    """Builds values from a tree; `aliased` maps id(leaf) → the input index it shared memory with."""

    def __init__(self, buffers: list[bytes], *, on_handle: Callable[[dict], Any] | None = None,
                 on_callback: Callable[[dict], Any] | None = None,
                 on_grader_object: Callable[[dict, bytes | None], Any] | None = None) -> None:
        """`on_grader_object(node, data)` rebuilds what the grader sent by value or by name; only the
        learner's side passes it, so the grader's own decoder refuses such nodes."""
        self.buffers, self.on_handle, self.on_callback = buffers, on_handle, on_callback
        self.on_grader_object = on_grader_object
        self.aliased: dict[int, int] = {}

    def _buf(self, index: Any) -> bytes:
        if not isinstance(index, int) or not 0 <= index < len(self.buffers):
            raise CodecError("a value refers to a missing buffer")
        return self.buffers[index]

    def _shape(self, node: dict) -> tuple[int, ...]:
        shape = node.get("shape")
        if not isinstance(shape, list) or not all(isinstance(n, int) and n >= 0 for n in shape) or len(shape) > 32:
            raise CodecError("a malformed array shape")
        return tuple(shape)

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH or not isinstance(node, dict) or len(node) == 0:
            raise CodecError("a malformed value")
        if "v" in node:
            value = node["v"]
            if value is not None and type(value) not in (bool, int, float, str):
                raise CodecError("a malformed plain value")
            return value
        if "a" in node:
            dtype = _np_dtype(node.get("dtype"))
            shape, data = self._shape(node), self._buf(node["a"])
            if "strides" in node:
                strides, offset = node["strides"], node.get("offset", 0)
                if not (isinstance(strides, list) and len(strides) == len(shape) and isinstance(offset, int)
                        and all(isinstance(st, int) for st in strides)):
                    raise CodecError("malformed array strides")
                try:  # numpy refuses strides that reach outside the buffer
                    arr = np.ndarray(shape, dtype=dtype, buffer=bytearray(data), offset=offset, strides=strides)
                except (ValueError, TypeError) as exc:
                    raise CodecError(f"array strides that do not fit its bytes: {exc}") from None
                return self._note_alias(node, arr)
            if int(np.prod(shape, dtype=np.int64)) * dtype.itemsize != len(data):
                raise CodecError("an array whose bytes do not match its shape")
            arr = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
            return self._note_alias(node, arr)
        if "s" in node:
            dtype = _np_dtype(node.get("dtype"))
            data = self._buf(node["s"])
            if len(data) != dtype.itemsize:
                raise CodecError("a malformed scalar")
            return np.frombuffer(data, dtype=dtype)[0]
        if "t" in node:
            return self._note_alias(node, self._tensor(node))
        if "c" in node:
            re, im = node["c"]
            return complex(float(re), float(im))
        if "b" in node:
            return bytes(self._buf(node["b"]))
        for kind, build in (("tuple", tuple), ("list", list), ("set", set), ("frozenset", frozenset)):
            if kind in node:
                items = node[kind]
                if not isinstance(items, list):
                    raise CodecError("a malformed container")
                return build(self.decode(v, depth + 1) for v in items)
        if "dict" in node:
            pairs = node["dict"]
            if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
                raise CodecError("a malformed dict")
            try:
                return {self.decode(k, depth + 1): self.decode(v, depth + 1) for k, v in pairs}
            except TypeError as exc:
                raise CodecError(f"a dict key that cannot be hashed: {exc}") from None
        if "npdtype" in node:
            return _np_dtype(node["npdtype"])
        if "nptype" in node:
            return _np_dtype(node["nptype"]).type
        if "torch_dtype" in node:
            return _torch_dtype(node["torch_dtype"])
        if "torch_device" in node:
            return _torch().device(str(node["torch_device"]))
        if "pandas" in node:
            parts = node.get("parts")
            if not isinstance(node["pandas"], dict) or not isinstance(parts, list):
                raise CodecError("a malformed table")
            try:
                return frames.from_parts(node["pandas"], [self.decode(p, depth + 1) for p in parts])
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                raise CodecError(f"a malformed table: {exc}") from None
        if "h" in node and self.on_handle is not None:
            return self.on_handle(node)
        if "cb" in node and self.on_callback is not None:
            return self.on_callback(node)
        if self.on_grader_object is not None and ("pickled" in node or "ref" in node):
            return self.on_grader_object(node, self._buf(node["pickled"]) if "pickled" in node else None)
        raise CodecError(f"an unknown kind of value: {sorted(node)[:3]}")

    def _tensor(self, node: dict) -> Any:
        torch = _torch()
        dtype, shape, data = _torch_dtype(node.get("dtype")), self._shape(node), self._buf(node["t"])
        count = int(np.prod(shape, dtype=np.int64))
        strides, offset = node.get("strides"), node.get("offset", 0)
        if strides is not None:
            if not (isinstance(strides, list) and len(strides) == len(shape) and isinstance(offset, int)
                    and offset >= 0 and all(isinstance(st, int) and st >= 0 for st in strides)) or not count:
                raise CodecError("malformed tensor strides")
            span = 1 + sum((n - 1) * st for n, st in zip(shape, strides))
            if (offset + span) * dtype.itemsize > len(data) or ("offset" not in node and span * dtype.itemsize
                                                                != len(data)):
                raise CodecError("a tensor whose bytes do not match its strides")
        elif count * dtype.itemsize != len(data):
            raise CodecError("a tensor whose bytes do not match its shape")
        t = (torch.frombuffer(bytearray(data), dtype=torch.uint8).view(dtype) if count
             else torch.empty(shape, dtype=dtype))
        device = str(node.get("device", "cpu"))
        if device != "cpu":
            t = t.to(device)
        if count:
            t = t.as_strided(shape, strides, offset) if strides is not None else t.reshape(shape)
        return t.requires_grad_(True) if node.get("grad") and dtype.is_floating_point else t

    def _note_alias(self, node: dict, leaf: Any) -> Any:
        if isinstance(node.get("alias"), int):
            self.aliased[id(leaf)] = node["alias"]
        return leaf


def _byte_bounds(arr: np.ndarray) -> tuple[int, int]:
    """The first and one-past-last byte addresses of an array's elements (moved in NumPy 2)."""
    utils = getattr(np.lib, "array_utils", None)
    return (utils.byte_bounds if utils is not None else np.byte_bounds)(arr)


def _np_dtype(text: Any) -> np.dtype:
    try:
        dtype = np.dtype(str(text))
    except TypeError:
        raise CodecError(f"an unknown dtype {text!r}") from None
    if dtype.hasobject:
        raise CodecError("object arrays cannot cross the boundary")
    return dtype


def _torch_dtype(text: Any) -> Any:
    dtype = getattr(_torch(), str(text), None)
    if not isinstance(dtype, _torch().dtype):
        raise CodecError(f"an unknown torch dtype {text!r}")
    return dtype


# --- frames --------------------------------------------------------------------------------------

def write_frame(out: BinaryIO, header: dict, buffers: list[bytes] = ()) -> None:
    body = json.dumps(header).encode("utf-8")
    parts = [struct.pack("<QI", len(body), len(buffers)), body]
    for data in buffers:
        parts += [struct.pack("<Q", len(data)), data]
    out.write(b"".join(parts))
    out.flush()


def _exactly(inp: BinaryIO, n: int) -> bytes:
    data = inp.read(n)
    if data is None or len(data) != n:
        raise EOFError("the other process closed the channel")
    return data


def read_frame(inp: BinaryIO) -> tuple[dict, list[bytes]]:
    size, count = struct.unpack("<QI", _exactly(inp, 12))
    if size > MAX_FRAME or count > 1 << 20:
        raise CodecError(f"a frame of {size} bytes and {count} buffers is refused")
    header = json.loads(_exactly(inp, size))
    if not isinstance(header, dict):
        raise CodecError("a frame header must be an object")
    buffers, total = [], size
    for _ in range(count):
        (n,) = struct.unpack("<Q", _exactly(inp, 8))
        total += n
        if total > MAX_FRAME:
            raise CodecError(f"a frame over {MAX_FRAME} bytes is refused")
        buffers.append(_exactly(inp, n))
    return header, buffers
