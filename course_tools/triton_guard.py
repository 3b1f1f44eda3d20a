"""Out-of-bounds guards for Triton kernels: stop a bad load or store before it touches memory.

In Triton's interpreter (TRITON_INTERPRET=1, used where there is no GPU) an unmasked load past
the end of a tensor silently reads whatever lies there, and an unmasked store can corrupt the
heap and abort the process. `bounds_checked()` watches every interpreted load, store and atomic:

    with bounds_checked():
        out = vector_add(x, y)   # an access outside the kernel's tensor arguments raises OutOfBounds

While active it records, per launch, the byte range of every tensor argument, follows which
argument each pointer was computed from (through splat/broadcast/reshape/pointer arithmetic),
and raises OutOfBounds — a course_tools.checks.Mismatch, so graders report its message — BEFORE
an access whose active (masked-in) lanes leave that argument (or, for a pointer whose origin it
lost track of, do not all fall inside one argument). Compiled kernels on a GPU are not touched:
without TRITON_INTERPRET the context manager patches nothing.

For a real GPU, `guarded(t)` places a copy of `t` between canary bytes (NaN for floats);
`.verify(what)` afterwards raises OutOfBounds when a kernel wrote past the tensor's ends or
into the gaps between its rows.
"""

from __future__ import annotations

import linecache
import os
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from course_tools.checks import Mismatch

_TAG = "ai100_bounds_arg"  # key in a TensorHandle's attr dict: the argument a pointer came from
_CANARY = 0xFF  # canary byte: 0xFFFFFFFF is a NaN as float32, -1 as an integer


class OutOfBounds(Mismatch):
    """A kernel accessed memory outside its tensor arguments (or wrote outside a guarded tensor)."""


# --- what one launch may touch -------------------------------------------------------------------

@dataclass
class _Arg:
    index: int  # position in the kernel's signature
    name: str
    lo: int  # first byte
    hi: int  # one past the last byte
    itemsize: int
    numel: int
    shape: tuple
    strides: tuple
    dtype: str

    def label(self) -> str:
        noun = "element" if self.numel == 1 else "elements"
        return f"argument {self.name} (#{self.index}: {self.numel} {self.dtype} {noun}, shape {self.shape})"


@dataclass
class _Launch:
    kernel: str
    filename: str
    arg_names: list[str]
    args: list[_Arg] = field(default_factory=list)
    by_id: dict[int, _Arg] = field(default_factory=dict)  # id(host tensor) → its _Arg
    keep: list[Any] = field(default_factory=list)  # keeps those tensors alive, so ids stay unique
    violation: OutOfBounds | None = None


_launches: list[_Launch] = []
_whats: list[str] = []  # message prefixes of the active bounds_checked(what=...) blocks, innermost last
_depth = 0
_saved: list[tuple[Any, str, Any]] = []  # (owner, attribute, previous value or _MISSING)
_MISSING = object()


def _interpreting() -> bool:
    """True when @triton.jit kernels run in the interpreter (decided by TRITON_INTERPRET)."""
    if "TRITON_INTERPRET" not in os.environ:
        return False  # the GPU path: not even an import of triton here
    try:
        import triton
        return bool(triton.knobs.runtime.interpret)
    except Exception:  # noqa: BLE001 - no triton, or an older one without knobs
        return os.environ.get("TRITON_INTERPRET", "").strip().lower() in ("1", "true", "on", "yes")


def _tensor_arg(index: int, name: str, value: Any) -> _Arg | None:
    t = getattr(value, "base", value) if type(value).__name__ == "TensorWrapper" else value
    if not (hasattr(t, "data_ptr") and hasattr(t, "stride") and hasattr(t, "element_size")):
        return None
    ptr, itemsize, numel = int(t.data_ptr()), int(t.element_size()), int(t.numel())
    span = sum((s - 1) * st for s, st in zip(t.shape, t.stride())) + 1 if numel else 0  # strided views too
    return _Arg(index=index, name=name, lo=ptr, hi=ptr + span * itemsize, itemsize=itemsize, numel=numel,
                shape=tuple(t.shape), strides=tuple(t.stride()), dtype=str(t.dtype).replace("torch.", ""))


def _collect(launch: _Launch, index: int, name: str, value: Any) -> None:
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            _collect(launch, index, f"{name}[{i}]", item)
        return
    if type(value).__name__ == "TensorDescriptor":
        value = value.base
        name = f"{name}.base"
    arg = _tensor_arg(index, name, value)
    if arg is not None:
        launch.args.append(arg)
        launch.by_id[id(value)] = arg
        launch.keep.append(value)


# --- the check itself ------------------------------------------------------------------------------

def _offsets_text(offsets: np.ndarray) -> str:
    lo, hi = int(offsets.min()), int(offsets.max())
    if lo == hi:
        return f"offset {lo}"
    if len(np.unique(offsets)) == hi - lo + 1:
        return f"offsets {lo}..{hi}"
    first = ", ".join(str(int(o)) for o in np.unique(offsets)[:3])
    return f"offsets {first}, … (from {lo} to {hi})"


def _where_in_source(launch: _Launch) -> str:
    """'kernels.py:42: x = tl.load(x_ptr + offsets)' — the kernel line making the access."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == launch.filename:
            line = linecache.getline(launch.filename, frame.f_lineno).strip()
            return f"{os.path.basename(launch.filename)}:{frame.f_lineno}: {line}"
        frame = frame.f_back
    return ""


def _describe(op: str, launch: _Launch, arg: _Arg, addr: np.ndarray, inside: np.ndarray, elem: int,
              tagged: bool) -> str:
    from triton.runtime.interpreter import interpreter_builder

    bad = addr[~inside]
    offsets = (bad - arg.lo) // elem  # in elements of the accessed type, from the argument's start
    n = (arg.hi - arg.lo) // elem
    if (offsets >= n).all():
        where = "past the end of"
    elif (offsets < 0).all():
        where = "before the start of"
    else:
        where = "outside"
    owners = [a.name for a in launch.args if a is not arg and ((bad >= a.lo) & (bad + elem <= a.hi)).any()]
    lines = [f"{op} of {addr.size} active lanes: {bad.size} {'lane' if bad.size == 1 else 'lanes'} {where} "
             f"{arg.label()}: {_offsets_text(offsets)}"]
    straddles = bool(inside.any()) and where == "past the end of"  # the block runs over the end: a tail
    if straddles and len(arg.shape) > 1:
        lines.append(f"is the row stride right? row r of {arg.name} starts at offset r * {arg.strides[0]}; "
                     "and are the lanes past the end of a row masked off?")
    elif straddles and offsets.min() == n:
        lines.append("did you mask the tail? (mask = offsets < n, passed to both tl.load and tl.store)"
                     + (f" — those lanes land in argument {', '.join(owners)}" if owners else ""))
    elif owners:
        lines.append(f"that memory belongs to argument {', '.join(owners)}"
                     + (f", but the pointer was computed from {arg.name}" if tagged else "")
                     + " — a wrong offset reads another tensor: check the strides and the program-id arithmetic")
    elif where == "past the end of":
        lines.append("check the mask, the strides and the program-id arithmetic")
    elif where == "before the start of":
        lines.append("negative offsets: check the program-id arithmetic and the strides")
    else:
        lines.append("check the mask, the strides and the program-id arithmetic")
    program = tuple(int(i) for i in getattr(interpreter_builder, "grid_idx", ()))
    source = _where_in_source(launch)
    head = f"kernel {launch.kernel}, program {program}" + (f", {source}" if source else "")
    return "\n  ".join([head, *lines, f"stopped before the {op}: on a GPU it would "
                        + ("read garbage" if op == "load" else "corrupt memory") + " or crash the process"])


def _check(op: str, ptrs: Any, mask: Any) -> None:
    if not _launches:
        return
    launch = _launches[-1]
    data = np.asarray(ptrs.data)
    active = np.broadcast_to(np.asarray(mask.data, dtype=bool), data.shape) if mask is not None else None
    addr = (data[active] if active is not None else data.reshape(-1)).astype(np.int64)
    if addr.size == 0:
        return
    elem = max(1, int(ptrs.get_element_ty().primitive_bitwidth) // 8)
    tagged = ptrs.attr.get(_TAG) if isinstance(getattr(ptrs, "attr", None), dict) else None
    candidates = [tagged] if tagged is not None else launch.args
    best, best_inside = None, None
    for arg in candidates:
        inside = (addr >= arg.lo) & (addr + elem <= arg.hi)
        if inside.all():
            return
        if best is None or inside.sum() > best_inside.sum():
            best, best_inside = arg, inside
    if best is None:
        message = (f"kernel {launch.kernel}: {op} from a pointer that is not a tensor argument of the kernel "
                   "(the kernel has no tensor arguments)")
    else:
        if tagged is None and not best_inside.any():  # nothing inside anything: name the nearest argument
            first = int(addr[0])
            best = min(launch.args, key=lambda a: a.lo - first if first < a.lo else max(0, first - a.hi + elem))
            best_inside = (addr >= best.lo) & (addr + elem <= best.hi)
        message = _describe(op, launch, best, addr, best_inside, elem, tagged is not None)
    launch.violation = OutOfBounds(message)
    raise launch.violation


# --- patches ----------------------------------------------------------------------------------------

def _patch(owner: Any, name: str, value: Any) -> None:
    _saved.append((owner, name, vars(owner).get(name, _MISSING)))
    setattr(owner, name, value)


def _unpatch_all() -> None:
    while _saved:
        owner, name, previous = _saved.pop()
        if previous is _MISSING:
            try:
                delattr(owner, name)
            except AttributeError:
                pass
        else:
            setattr(owner, name, previous)


def _oob_in(exc: BaseException | None) -> OutOfBounds | None:
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, OutOfBounds):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _with_prefix(oob: OutOfBounds) -> OutOfBounds:
    what = next((w for w in reversed(_whats) if w), "")
    if not what:
        return OutOfBounds(str(oob))
    return OutOfBounds(what + "".join("\n  " + line for line in str(oob).splitlines()))


def _install() -> None:
    import triton.runtime.interpreter as interp

    builder, executor = interp.interpreter_builder, interp.GridExecutor
    call, init_args, cvt = executor.__call__, executor._init_args_hst, interp._implicit_cvt

    def checked_call(self, *args, **kwargs):
        fn = self.fn
        _launches.append(_Launch(kernel=getattr(fn, "__name__", "?"),
                                 filename=getattr(getattr(fn, "__code__", None), "co_filename", ""),
                                 arg_names=list(self.arg_names)))
        try:
            result = call(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the interpreter wraps ours in InterpreterError
            oob = _oob_in(exc)
            if oob is None:
                raise
            raise _with_prefix(oob) from None
        finally:
            launch = _launches.pop()
        if launch.violation is not None:  # raised inside the kernel and swallowed there: still an error
            raise _with_prefix(launch.violation) from None
        return result

    def recording_init(self, args_dev, kwargs):
        args_hst, kwargs_hst = init_args(self, args_dev, kwargs)
        if _launches:
            launch = _launches[-1]
            for i, value in enumerate(args_hst):
                _collect(launch, i, self.arg_names[i] if i < len(self.arg_names) else f"#{i}", value)
            for key, value in kwargs_hst.items():
                index = self.arg_names.index(key) if key in self.arg_names else len(args_hst)
                _collect(launch, index, key, value)
        return args_hst, kwargs_hst

    def tagging_cvt(arg):
        out = cvt(arg)
        found = _launches[-1].by_id.get(id(arg)) if _launches else None
        if found is not None and hasattr(out, "handle"):
            out.handle.attr[_TAG] = found
        return out

    def propagate(method, source_index):
        def wrapper(*a, **kw):
            out = method(*a, **kw)
            src = a[source_index] if len(a) > source_index else None
            tag = getattr(src, "attr", {}).get(_TAG) if src is not None else None
            if tag is not None and isinstance(getattr(out, "attr", None), dict):
                out.attr[_TAG] = tag
            return out
        return wrapper

    def masked_load(ptrs, mask, other, cache_policy, is_volatile):
        _check("load", ptrs, mask)
        return load(ptrs, mask, other, cache_policy, is_volatile)

    def masked_store(ptrs, value, mask, cache_policy):
        _check("store", ptrs, mask)
        return store(ptrs, value, mask, cache_policy)

    def atomic_rmw(rmw_op, ptr, val, mask, sem, scope):
        _check("atomic", ptr, mask)
        return rmw(rmw_op, ptr, val, mask, sem, scope)

    def atomic_cas(ptr, cmp, val, sem, scope):
        _check("atomic", ptr, None)
        return cas(ptr, cmp, val, sem, scope)

    load, store = builder.create_masked_load, builder.create_masked_store
    rmw, cas = builder.create_atomic_rmw, builder.create_atomic_cas
    _patch(executor, "__call__", checked_call)
    _patch(executor, "_init_args_hst", recording_init)
    _patch(interp, "_implicit_cvt", tagging_cvt)
    # Instance attributes on the one builder shadow its methods; create_load/create_store, descriptor
    # and atomic load/store all reach these two through `self`.
    _patch(builder, "create_masked_load", masked_load)
    _patch(builder, "create_masked_store", masked_store)
    _patch(builder, "create_atomic_rmw", atomic_rmw)
    _patch(builder, "create_atomic_cas", atomic_cas)
    for name, source_index in (("create_addptr", 0), ("create_splat", 1), ("create_broadcast", 0),
                               ("create_expand_dims", 0), ("create_reshape", 0), ("create_trans", 0)):
        _patch(builder, name, propagate(getattr(builder, name), source_index))


class bounds_checked:  # noqa: N801 - used like a function: `with bounds_checked():`
    """Context manager: raise OutOfBounds before any interpreted Triton access outside the kernel's tensors.

    what: a line put before the message, e.g. "day31: vector_add((1000,) float32), seed 7".
    Nests; the outermost exit restores everything. `active` says whether it patched (False on a
    GPU, where kernels are compiled and nothing is checked).
    """

    def __init__(self, what: str = "") -> None:
        self.active = False
        self.what = what

    def __enter__(self) -> "bounds_checked":
        global _depth
        if not _interpreting():
            return self
        if _depth == 0:
            _install()
        _depth += 1
        _whats.append(self.what)
        self.active = True
        return self

    def __exit__(self, *exc: Any) -> None:
        global _depth
        if not self.active:
            return
        _depth -= 1
        _whats.pop()
        self.active = False
        if _depth == 0:
            _unpatch_all()
            _launches.clear()


def is_installed() -> bool:
    """Whether the interpreter is patched right now (for tests)."""
    return bool(_saved)


# --- the kernel must do the work ----------------------------------------------------------------------

# --- canaries, for kernels compiled on a GPU -------------------------------------------------------

class Guarded:
    """A copy of a tensor placed between canary bytes; `.tensor` is what the kernel gets.

    pad: canary elements before the first and after the last element.
    gap: for a 2-D tensor, canary columns after each row, so the rows are not adjacent
         (x.stride(0) == n_cols + gap): a kernel that assumes a row stride of n_cols reads NaN.
    """

    def __init__(self, tensor: Any, pad: int = 256, gap: int = 0) -> None:
        import torch

        if gap and tensor.dim() != 2:
            raise ValueError("gap applies to 2-D tensors only")
        rows, cols = (tensor.shape[0], tensor.shape[1]) if tensor.dim() == 2 else (1, tensor.numel())
        width = cols + gap
        self._buf = torch.empty(pad + rows * width + pad, dtype=tensor.dtype, device=tensor.device)
        self._buf.view(torch.uint8).fill_(_CANARY)
        self._pad, self._rows, self._cols, self._width = pad, rows, cols, width
        body = self._buf[pad:pad + rows * width].view(rows, width)[:, :cols]
        self.tensor = body.view(tensor.shape) if tensor.dim() != 2 else body
        self.tensor.copy_(tensor.detach())

    def _canary_elements(self) -> list[tuple[str, Any]]:
        pad, rows, width = self._pad, self._rows, self._width
        parts = [("before the start", self._buf[:pad]), ("past the end", self._buf[pad + rows * width:])]
        if width > self._cols:
            body = self._buf[pad:pad + rows * width].view(rows, width)
            parts.append(("in the gaps between rows", body[:, self._cols:]))
        return parts

    def verify(self, what: str) -> None:
        """Raise OutOfBounds when any canary byte changed: something wrote outside the tensor."""
        import torch

        problems = []
        for where, region in self._canary_elements():
            if region.numel() == 0:
                continue
            raw = region.contiguous().view(torch.uint8).reshape(region.numel(), -1)
            changed = int((raw != _CANARY).any(dim=1).sum())
            if changed:
                problems.append(f"{changed} {'element' if changed == 1 else 'elements'} {where}")
        if problems:
            raise OutOfBounds(f"{what}\n  memory around an input was overwritten: {', '.join(problems)} — a "
                              "store outside the tensor (did you mask the tail? is the row stride right?)")


def guarded(tensor: Any, pad: int = 256, gap: int = 0) -> Guarded:
    """`g = guarded(x); fn(g.tensor); g.verify("day31: fn")` — see Guarded."""
    return Guarded(tensor, pad=pad, gap=gap)
