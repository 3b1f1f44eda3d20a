"""The one comparing function of the kit, and the call checker every grader uses.

`close(got, want, what=...)` compares arrays, scalars and nested tuples/lists/dicts. A failure
says what was compared, shape or dtype problems plainly, then how many values differ, the first
mismatching index, the max absolute and relative error and the tolerance used, and, when the
learner's answer matches a known wrong variant of the reference, the likely mistake.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np

from course_tools import frames, tolerances
from course_tools.recorded import describe_call

# Our own references, taken before any learner code is imported: a learner module that replaces
# numpy.allclose or friends cannot change how it is judged.
_isclose = np.isclose
_asarray = np.asarray


class Mismatch(AssertionError):
    """A comparison that failed; its message is written for the learner."""


def _to_numpy(value: Any) -> Any:
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        t = value.detach().cpu()
        if str(t.dtype) == "torch.bfloat16":
            t = t.float()
        return t.numpy()
    return value


def _kind(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return type(value).__name__
    if isinstance(value, dict):
        return "dict"
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return "torch.Tensor"
    if isinstance(value, np.ndarray):
        return "numpy.ndarray"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, float, np.number)):
        return "number"
    return type(value).__name__


def _dtype_name(value: Any) -> str:
    return str(getattr(value, "dtype", type(value).__name__)).replace("torch.", "")


def _fmt_index(idx: tuple) -> str:
    return "(" + ", ".join(str(int(i)) for i in idx) + ("," if len(idx) == 1 else "") + ")"


def _num(value: Any) -> str:
    if isinstance(value, (np.floating, float)):
        return f"{float(value):.10g}"
    if isinstance(value, (np.bool_, bool)):
        return str(bool(value))
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    return repr(value)


def _compare_arrays(got: np.ndarray, want: np.ndarray, tol: tolerances.Tolerance) -> str | None:
    if got.shape != want.shape:
        return f"shape: expected {tuple(want.shape)}, got {tuple(got.shape)}"
    if want.dtype.kind == "b" or got.dtype.kind == "b":
        bad = got != want
    else:
        g = got.astype(np.float64) if got.dtype.kind in "biuf" else got
        w = want.astype(np.float64) if want.dtype.kind in "biuf" else want
        bad = ~_isclose(g, w, atol=tol.atol, rtol=tol.rtol, equal_nan=True)
    if not bad.any():
        return None
    n_bad, n = int(bad.sum()), bad.size
    first = np.argwhere(bad)[0] if got.ndim else ()
    idx = tuple(first)
    lines = [f"values differ at {n_bad} of {n} positions ({100 * n_bad / n:.1f}%)"]
    gv, wv = got[idx] if got.ndim else got[()], want[idx] if want.ndim else want[()]
    lines.append(f"first at index {_fmt_index(idx)}: expected {_num(wv)}, got {_num(gv)}")
    if got.dtype.kind in "biuf" and want.dtype.kind in "biuf":
        g64, w64 = got.astype(np.float64), want.astype(np.float64)
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            err = np.abs(g64 - w64)
            rel = err / np.maximum(np.abs(w64), np.finfo(np.float64).tiny)
        finite = np.isfinite(err)
        if finite.any() and float(np.max(np.where(finite, err, 0))) > 0:
            worst = np.unravel_index(np.argmax(np.where(finite, err, -1)), err.shape) if err.ndim else ()
            lines.append(f"max abs error {float(err[worst]):.3g} at {_fmt_index(worst)}, "
                         f"max rel error {float(np.max(np.where(finite, rel, 0))):.3g}")
        n_nan = int(np.isnan(g64).sum() - np.isnan(w64).sum())
        if n_nan > 0:
            lines.append(f"{n_nan} NaN values where the reference has numbers — overflow or 0/0 somewhere")
        n_inf = int(np.isinf(g64).sum() - np.isinf(w64).sum())
        if n_inf > 0:
            lines.append(f"{n_inf} infinite values where the reference has finite ones — overflow")
    lines.append(f"tolerance {tol}")
    return "\n".join(lines)


def compare(got: Any, want: Any, tol: "str | tolerances.Tolerance | None" = None, *,
            check_dtype: bool = True, path: str = "") -> str | None:
    """None when `got` matches `want`, else a description of the first difference."""
    where = f"{path}: " if path else ""
    if isinstance(want, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return f"{where}expected a {type(want).__name__} of {len(want)}, got {_kind(got)}"
        if len(got) != len(want):
            return f"{where}expected {len(want)} items, got {len(got)}"
        for i, (g, w) in enumerate(zip(got, want)):
            problem = compare(g, w, tol, check_dtype=check_dtype, path=f"{path}[{i}]")
            if problem:
                return problem
        return None
    if frames.is_pandas(want):
        def values(g: np.ndarray, w: np.ndarray, column: str) -> str | None:
            problem = _compare_arrays(g, w, tolerances.lookup(tol, w.dtype))
            return f"{column}: {problem}" if problem else None
        problem = frames.differences(got, want, values)
        return f"{where}{problem}" if problem else None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{where}expected a dict, got {_kind(got)}"
        if set(got) != set(want):
            return f"{where}keys: expected {sorted(want, key=str)}, got {sorted(got, key=str)}"
        for key in want:
            problem = compare(got[key], want[key], tol, check_dtype=check_dtype, path=f"{path}[{key!r}]")
            if problem:
                return problem
        return None
    want_kind, got_kind = _kind(want), _kind(got)
    if want_kind in ("numpy.ndarray", "torch.Tensor") and got_kind != want_kind:
        return f"{where}expected a {want_kind} of shape {tuple(want.shape)}, got {got_kind}"
    if want_kind in ("number", "bool") and got_kind not in ("number", "bool", "numpy.ndarray"):
        return f"{where}expected a number, got {got_kind}"
    if isinstance(want, str) and isinstance(got, str) and got != want:
        return f"{where}{_text_difference(got, want)}"
    if want_kind not in ("numpy.ndarray", "torch.Tensor", "number", "bool"):
        return None if got == want else f"{where}expected {want!r}, got {got!r}"
    g, w = _asarray(_to_numpy(got)), _asarray(_to_numpy(want))
    if want_kind in ("number", "bool") and g.shape != ():
        return f"{where}expected a single number, got an array of shape {g.shape}"
    if check_dtype and want_kind in ("numpy.ndarray", "torch.Tensor") and _dtype_name(got) != _dtype_name(want):
        return (f"{where}dtype: expected {_dtype_name(want)}, got {_dtype_name(got)} "
                "(keep the input's dtype: a float64 input gives a float64 result)")
    row = tolerances.lookup(tol, w.dtype if w.dtype.kind in "fbiu" else np.float64)
    problem = _compare_arrays(g, w, row)
    return f"{where}{problem}" if problem else None


def _text_difference(got: str, want: str, short: int = 120, context: int = 30) -> str:
    """Short texts whole; long ones as the first place they part, with line and column."""
    if len(got) <= short and len(want) <= short:
        return f"expected {want!r}, got {got!r}"
    at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    line = want.count("\n", 0, at) + 1
    column = at - (want.rfind("\n", 0, at) + 1) + 1
    lo = max(0, at - context)
    dots = "…" if lo else ""
    return (f"texts of {len(want)} (expected) and {len(got)} (got) characters first differ at character {at} "
            f"(line {line}, column {column}):\n    expected {dots}{want[lo:at + context]!r}\n"
            f"    got      {dots}{got[lo:at + context]!r}")


def close(got: Any, want: Any, *, what: str, tol: "str | tolerances.Tolerance | None" = None,
          check_dtype: bool = True, mistakes: dict[str, Any] | None = None, hint: str | None = None) -> None:
    """Raise a teaching Mismatch unless `got` matches `want` within the tolerance row."""
    problem = compare(got, want, tol, check_dtype=check_dtype)
    if problem is None:
        return
    message = [f"{what}", *("  " + line for line in problem.splitlines())]
    likely = [name for name, variant in (mistakes or {}).items()
              if compare(got, variant, tol, check_dtype=False) is None]
    if likely:
        message.append("  likely mistake: " + "; or ".join(likely))
    elif hint:
        message.append(f"  hint: {hint}")
    raise Mismatch("\n".join(message))


class Named:
    """A callable with a readable name, so that a failure message says `f = sum(x²)`, not an address."""

    def __init__(self, name: str, fn: Callable) -> None:
        self.name, self.fn = name, fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return self.name


def not_implemented_message(exc: BaseException | None) -> str | None:
    """The stub's message when `exc` is, or wraps, a NotImplementedError (Triton's interpreter wraps)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, NotImplementedError):
            return str(exc)
        if type(exc).__name__ == "InterpreterError" and "NotImplementedError" in str(exc):
            text = str(exc)
            return text[text.find("NotImplementedError"):].strip("()'\"")
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def cuda_sync() -> None:
    """Wait for queued GPU work, when torch is in use with a GPU: a timed call must include its kernels."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.synchronize()


def expect_raises(exc_type: type, what: str, call: Callable[[], Any], *, because: str) -> str:
    """Run `call()` (a learner call) and insist it raises `exc_type`; returns the exception's message.

    A learner's exception arrives with its built-in type in the sandbox too, so this judges both alike.
    """
    try:
        call()
    except exc_type as exc:
        return str(exc)
    raise Mismatch(f"{what}\n  returned normally; expected a {exc_type.__name__} because {because}")


# --- inputs unchanged, outputs not aliased -----------------------------------------------------

def decode_png(data: Any) -> np.ndarray:
    """PNG bytes as an (H, W, channels) float array (matplotlib.image.imread of the bytes)."""
    import io

    import matplotlib.image

    return matplotlib.image.imread(io.BytesIO(bytes(data)), format="png")


def png_problem(data: Any, width: int, height: int, *, size_hint: str = "") -> str | None:
    """What is wrong with a plot the learner wrote (the bytes `check.read_file` or their function
    gave back), or None: no file, not bytes, not a PNG, undecodable, the wrong size, one flat colour.
    Plotting days judge the numbers; this says the picture exists and shows something."""
    if data is None:
        return "no file was written at `path`: save the figure there with fig.savefig(path, format='png')"
    if not isinstance(data, (bytes, bytearray)):
        return f"returned {type(data).__name__}, not the PNG file's bytes (open(path, 'rb').read())"
    if not bytes(data).startswith(b"\x89PNG\r\n\x1a\n"):
        return "the file is not a PNG (it does not start with the PNG signature): save with format='png'"
    try:
        image = decode_png(data)
    except Exception as exc:  # noqa: BLE001 - any decoding failure is the learner's to fix
        return f"the PNG does not decode: {type(exc).__name__}: {exc}"
    if image.shape[:2] != (height, width):
        default = " — that is matplotlib's default size" if image.shape[:2] == (480, 640) else ""
        return (f"the picture is {image.shape[1]} × {image.shape[0]} pixels, expected {width} × {height}{default}: "
                + (size_hint or f"figsize=({width / 100:g}, {height / 100:g}) at dpi=100, and no "
                                "bbox_inches='tight' (it crops the canvas)"))
    if float(image.min()) == float(image.max()):
        return "the picture is a single flat colour: nothing was drawn"
    return None


def snapshot(value: Any) -> Any:
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().clone()
    if frames.is_pandas(value):
        return value.copy(deep=True)
    if isinstance(value, np.ndarray):
        return value.copy()
    # Containers are copied item by item: they may hold a learner's object (a proxy in the sandbox),
    # which is not data and is kept as it is, like any other object.
    if type(value) in (list, tuple):
        return type(value)(snapshot(v) for v in value)
    if type(value) is dict:
        return {k: snapshot(v) for k, v in value.items()}
    return value


def _changed(before: Any, after: Any) -> str | None:
    if frames.is_pandas(before):
        exact = tolerances.NAMED["exact"]
        return frames.differences(after, before, lambda g, w, path: (
            None if (p := _compare_arrays(g, w, exact)) is None else f"{path}: {p.splitlines()[0]}"))
    if isinstance(before, np.ndarray) or hasattr(before, "untyped_storage"):  # an array or a tensor
        b, a = _to_numpy(before), _to_numpy(after)
        if b.shape != a.shape:
            return f"its shape changed from {b.shape} to {a.shape}"
        diff = ~((b == a) | (np.isnan(b) & np.isnan(a)) if b.dtype.kind == "f" else (b == a))
        if diff.any():
            return f"{int(diff.sum())} of {diff.size} values changed"
        return None
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(before) != set(after):
            return "its keys changed"
        for key in before:
            problem = _changed(before[key], after[key])
            if problem:
                return f"entry {key!r}: {problem}"
        return None
    if isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)):
            return "it was replaced"
        for i, (b, a) in enumerate(zip(before, after)):
            problem = _changed(b, a)
            if problem:
                return f"item {i}: {problem}"
        return None if len(before) == len(after) else "its length changed"
    if isinstance(before, (bool, int, float, complex, str)) and type(before) is type(after):
        same = before == after or (isinstance(before, float) and before != before and after != after)  # NaN
        return None if same else f"{before!r} became {after!r}"
    return None


def _memory_of(value: Any) -> list[np.ndarray]:
    value = _to_numpy(value)
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _memory_of(v)]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _memory_of(v)]
    return []


def check_inputs_unchanged(what: str, names: list[str], before: list[Any], after: list[Any]) -> None:
    for name, b, a in zip(names, before, after):
        problem = _changed(b, a)
        if problem:
            raise Mismatch(f"{what}\n  modified its input {name} in place ({problem}) — work on a copy, "
                           "the caller still needs the original")


def _torch_storages(value: Any) -> list[tuple[int, int]]:
    """(first byte, end) of the storage behind every torch tensor in `value` (any device)."""
    if type(value).__module__.startswith("torch") and hasattr(value, "untyped_storage"):
        storage = value.untyped_storage()
        return [(storage.data_ptr(), storage.data_ptr() + storage.nbytes())] if storage.nbytes() else []
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _torch_storages(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _torch_storages(v)]
    return []


def check_not_aliased(what: str, out: Any, names: list[str], inputs: list[Any]) -> None:
    for lo, hi in _torch_storages(out):  # compared by address: a CUDA tensor's .numpy() would be a copy
        for name, value in zip(names, inputs):
            if any(lo < h and l < hi for l, h in _torch_storages(value)):
                raise Mismatch(f"{what}\n  the result shares memory with the input {name} — return a new "
                               "tensor, or later changes to one will silently change the other")
    for o in _memory_of(out):
        for name, value in zip(names, inputs):
            for m in _memory_of(value):
                if o.size and m.size and np.shares_memory(o, m):
                    raise Mismatch(f"{what}\n  the result shares memory with the input {name} — return a new "
                                   "array, or later changes to one will silently change the other")


def leaves(value: Any) -> list[Any]:
    """The values inside nested lists, tuples and dicts, in order."""
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in leaves(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    return [value]


def check_not_aliased_remote(what: str, out: Any, names: list[str], aliased: dict[int, int]) -> None:
    """The sandbox's version: the learner's process marked which result leaves share an input's memory."""
    for leaf in leaves(out):
        index = aliased.get(id(leaf))
        if index is not None:
            name = names[index] if index < len(names) else f"argument {index + 1}"
            raise Mismatch(f"{what}\n  the result shares memory with the input {name} — return a new "
                           "array, or later changes to one will silently change the other")


def _parameter_names(fn: Callable, n_positional: int) -> list[str]:
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"argument {i + 1}" for i in range(n_positional)]


# --- the call checker ----------------------------------------------------------------------------

class CallChecker:
    """Calls a learner function and its reference on the same inputs, and judges the answer.

    Graders use it through the `check` fixture:  `check("attention", q, k, v, mask=m)`.
    """

    def __init__(self, *, day: str, learner: Any, ref: Any, seed: int | None = None,
                 forbid: tuple[str, ...] = (), forbid_reason: str = "", source: Path | None = None) -> None:
        self.day, self.learner, self.ref, self.seed = day, learner, ref, seed
        self.forbid, self.forbid_reason = forbid, forbid_reason
        self.source = source  # the learner's file, read (never run) for forbidden names the tripwires miss
        self.last_result: Any = None  # the learner's whole last result, before any `pick`
        # Context managers entered around every learner call, each made as `guard(what=description)`:
        # a day adds its own checks here (e.g. bounds checks for interpreted Triton kernels). They
        # must be course_tools functions or classes: in the sandbox they run in the learner's process.
        self.guards: list[Callable[[str], Any]] = []

    @contextlib.contextmanager
    def forbidding(self, targets: tuple[str, ...], reason: str):
        """More tripwires for the calls made inside this block only (one function's own rule, e.g.
        "matmul with loops: no numpy at all"); works in the sandbox too, where they travel with the call."""
        saved = self.forbid, self.forbid_reason
        self.forbid, self.forbid_reason = (*self.forbid, *targets), reason
        try:
            yield self
        finally:
            self.forbid, self.forbid_reason = saved

    def describe(self, name: str, args: tuple, kwargs: dict) -> str:
        seed = f", seed {self.seed}" if self.seed is not None else ""
        return f"{self.day}: {describe_call(name, args, kwargs)}{seed}"

    def run_learner(self, name: str, *args: Any, pick: Callable[[Any], Any] | None = None, **kwargs: Any) -> Any:
        """Call the learner's `name` under the day's tripwires; check inputs and aliasing.

        `pick` selects the part of the result that is judged (e.g. `lambda out: out[0]` for a
        function returning `(output, cache)`): only that part is returned and checked for aliasing.
        """
        what = self.describe(name, args, kwargs)
        fn: Callable = getattr(self.learner, name, None)
        if fn is None:
            raise Mismatch(f"{what}\n  the module has no function {name!r} — keep the names from the stub")
        self._scan_source(name, what)
        names = _parameter_names(fn, len(args)) + list(kwargs)
        values = [*args, *kwargs.values()]
        before = [snapshot(v) for v in values]
        aliased: dict[int, int] | None = None
        if getattr(fn, "remote", False):  # in the sandbox: tripwires and guards run beside the learner's code
            got, after, aliased = fn.checked_call(args, kwargs, what=what, day=self.day, forbid=self.forbid,
                                                  reason=self.forbid_reason, guards=self.guards)
        else:
            got = self._guarded(fn, args, kwargs, what)
            after = values
        check_inputs_unchanged(what, names, before, after)
        self.last_result = got
        if pick is not None:
            try:
                got = pick(got)
            except Exception as exc:  # noqa: BLE001 - a result of the wrong form is the learner's to fix
                raise Mismatch(f"{what}\n  the result does not have the documented form: "
                               f"{type(exc).__name__}: {exc}") from None
        if aliased is None:
            check_not_aliased(what, got, names, values)
        else:
            check_not_aliased_remote(what, got, names, aliased)
        return got

    def _scan_source(self, name: str, what: str) -> None:
        """Fail before the call when the learner's source names a forbidden target the tripwires
        cannot see (a C extension class, a NumPy C function): course_tools.import_scan."""
        if not self.forbid or self.source is None:
            return
        from course_tools import import_scan

        try:
            text = self.source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return  # loading the module already failed or will, with its own message
        uses = import_scan.forbidden_uses(text, name, self.forbid)
        if uses:
            why = self.forbid_reason or "this day asks you to write it yourself"
            raise Mismatch(f"{what}\n  {import_scan.describe(self.source, uses)} — not allowed here: {why}")

    def _guarded(self, fn: Callable, args: tuple, kwargs: dict, what: str) -> Any:
        """fn(*args, **kwargs) in this process, under the guards and the day's tripwires."""
        from course_tools.tripwires import Tripwires

        with contextlib.ExitStack() as stack:
            for guard in self.guards:  # entered before the tripwires, whose profile hook slows imports
                stack.enter_context(guard(what=what))
            with Tripwires(self.forbid, day=self.day, reason=self.forbid_reason) as wire:
                got = fn(*args, **kwargs)
        wire.raise_if_tripped(what)
        return got

    def in_learner(self, fn: Callable, *args: Any, **kwargs: Any) -> Any:
        """`fn(*args, **kwargs)` run where the learner's code lives, under the day's tripwires.

        For work that must touch a learner's object itself, not a copy: gradients through its
        nn.Module (`course_tools.gradients.module_gradients`), a short training loop, reading
        `.grad`. `fn` is a function of course_tools.fixtures, .data or .gradients (the sandbox
        imports it by name); objects the learner returned go in as themselves, the result comes
        back as data (or as a proxy, for what is not data).
        """
        module = getattr(fn, "__module__", "") or ""
        if not (module.startswith(("course_tools.fixtures", "course_tools.data", "course_tools.gradients"))
                and "<locals>" not in getattr(fn, "__qualname__", "<locals>")):
            raise TypeError(f"check.in_learner runs a top-level function of course_tools.fixtures, .data or "
                            f".gradients, not {fn!r}: put it in course_tools/fixtures/{self.day}.py")
        return self._in_learner(fn, args, kwargs, self.describe(getattr(fn, "__name__", "fn"), args, kwargs))

    def _in_learner(self, fn: Callable, args: tuple, kwargs: dict, what: str) -> Any:
        if getattr(self.learner, "remote", False):
            return self.learner._apply(fn, args, kwargs, what=what, day=self.day, forbid=self.forbid,
                                      reason=self.forbid_reason, guards=self.guards)
        return self._guarded(fn, args, kwargs, what)

    @contextlib.contextmanager
    def tripwired(self, what: str):
        """The day's tripwires around the block's method calls on objects the learner returned
        (`check(...)` calls carry their own): `with check.tripwired(what): tree.query(Q, k=3)`.
        In the sandbox each such call runs under them in the learner's process, and the first
        forbidden call raises there; here one wire covers the block and fails it at the end."""
        if getattr(self.learner, "remote", False):
            with self.learner._tripwired(what=what, day=self.day, forbid=self.forbid, reason=self.forbid_reason,
                                        guards=self.guards):
                yield
            return
        from course_tools.tripwires import Tripwires

        with Tripwires(self.forbid, day=self.day, reason=self.forbid_reason) as wire:
            yield
        wire.raise_if_tripped(what)

    def scratch_dir(self) -> str:
        """A folder where the learner's code may write files (a plot, a CSV) for `read_file`: on the
        learner's side of the sandbox when there is one, so that its code can write there at all."""
        if getattr(self.learner, "remote", False):
            return self.learner.scratch_dir()
        import tempfile

        return tempfile.mkdtemp(prefix="ai100-out-")

    def read_file(self, path: str) -> bytes | None:
        """The bytes of a file the learner's code wrote (in `scratch_dir()`); None when it wrote none."""
        if getattr(self.learner, "remote", False):
            return self.learner.read_file(path)
        from pathlib import Path

        return Path(path).read_bytes() if Path(path).is_file() else None

    def write_file(self, path: str, data: bytes) -> None:
        """Write `data` to `path` inside a `scratch_dir()` folder, where the learner's code will read it."""
        if getattr(self.learner, "remote", False):
            self.learner.write_file(path, data)
            return
        from pathlib import Path

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)

    def timed(self, name: str, *args: Any, sync: bool = False, **kwargs: Any) -> Callable[[], None]:
        """A zero-argument call of the learner's `name(*args, **kwargs)` for throughput tests, unguarded.

        In the sandbox the inputs are sent once and wait there, so timing moves no data. `sync`
        waits for GPU work after each call, so that the time includes the kernels.
        """
        fn = getattr(self.learner, name)
        if getattr(fn, "remote", False):
            return fn.staged(args, kwargs, sync=sync)

        def call() -> None:
            fn(*args, **kwargs)
            if sync:
                cuda_sync()
        return call

    def against(self, name: str, want: Any, *args: Any, tol: "str | tolerances.Tolerance | None" = None,
                check_dtype: bool = True, hint: str | None = None, pick: Callable[[Any], Any] | None = None,
                **kwargs: Any) -> Any:
        """Judge the learner's `name(*args)` against a `want` the grader computed itself (e.g. for
        functions that take callables, whose calls cannot be recorded); known mistakes still named."""
        mistakes = {k: pick(v) if pick else v for k, v in self.ref.mistakes(name, args, kwargs).items()}
        got = self.run_learner(name, *args, pick=pick, **kwargs)
        close(got, want, what=self.describe(name, args, kwargs), tol=tol, check_dtype=check_dtype,
              mistakes=mistakes, hint=hint)
        return got

    def __call__(self, name: str, *args: Any, tol: "str | tolerances.Tolerance | None" = None,
                 check_dtype: bool = True, hint: str | None = None, pick: Callable[[Any], Any] | None = None,
                 **kwargs: Any) -> Any:
        """Judge `name(*args, **kwargs)`; `pick` selects the judged part of a structured result."""
        # The reference goes first: its value exists before the learner's code runs on this input.
        want = self.ref.call(name, args, kwargs)
        mistakes = self.ref.mistakes(name, args, kwargs)
        if pick is not None:
            want = pick(want)
            mistakes = {k: pick(v) for k, v in mistakes.items()}
        got = self.run_learner(name, *args, pick=pick, **kwargs)
        close(got, want, what=self.describe(name, args, kwargs), tol=tol, check_dtype=check_dtype,
              mistakes=mistakes, hint=hint)
        return got
