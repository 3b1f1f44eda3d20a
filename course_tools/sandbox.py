"""Sandboxed grading, the grader's side: learner code runs in another process, behind bubblewrap.

With `ai100 grade --sandbox`, the pytest process that runs the hidden graders and the live
reference never imports learner code. The learner's modules are loaded by a worker
(course_tools.sandbox_worker) started under bubblewrap: no network, a fresh /tmp, an empty
environment, an unprivileged uid, and a file system holding only the system's libraries, the
Python installation, the kit's runtime modules and the learner's own module files — no course
checkout, no graders, no solutions, no token. `learner.fn(...)` in a grader becomes a request to
the worker; what comes back is data (course_tools.codec, never pickle), judged here, where the
learner cannot reach the checker, the reference or the result stream.

A worker that crashes, exits or hangs costs the request it was serving: it is killed and the
next request starts a fresh one, which imports the learner's modules again.

Isolation levels (AI100_SANDBOX): "bwrap" (what --sandbox means), or "process" (a plain child
process: the kit's own tests of the protocol on machines without bubblewrap; not a sandbox).
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import functools
import inspect
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import types
from pathlib import Path
from typing import Any, Callable

import numpy as np

from course_tools.checks import Mismatch
from course_tools.codec import MODULE_STATE, CodecError, Decoder, Encoder, Handle, read_frame, write_frame
from course_tools.loading import LearnerImportError

KIT_INSIDE = "/ai100/kit"
LEARNER_INSIDE = "/ai100/learner"
FILE_SIZE_LIMIT = 256 * 1024 * 1024
_OUTPUT_TAIL = 2048
_PASSED_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TRITON_INTERPRET",
               "CUDA_VISIBLE_DEVICES")  # never AI100_SEED: the hidden seed stays with the grader
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "nsswitch.conf", "passwd", "group", "localtime",
              "alternatives", "ssl", "ca-certificates")


class SandboxUnavailable(RuntimeError):
    """--sandbox was asked for on a machine that cannot give it."""


class LearnerProcessDied(Mismatch):
    """The learner's process ended while serving a request (exit, crash, kill)."""
    status = "crashed"


class LearnerError(Mismatch):
    """The learner's code raised; the message carries its type, text and traceback."""

    def __str__(self) -> str:  # the message as written, also when a base such as KeyError would quote it
        return str(self.args[0]) if self.args else ""


@functools.lru_cache(maxsize=None)
def _learner_error_type(builtin: str) -> type:
    """LearnerError that is also the built-in exception the learner raised (ValueError, TypeError …), so a
    grader's `except ValueError` judges a sandboxed learner exactly as one in the grading process."""
    base = getattr(builtins, builtin, None)
    if not (isinstance(base, type) and issubclass(base, Exception)) or issubclass(base, AssertionError):
        return LearnerError
    try:
        return type(f"Learner{builtin}", (LearnerError, base), {})
    except TypeError:  # a base whose instances are laid out differently (OSError): the message says it all
        return LearnerError


# --- the bubblewrap command ------------------------------------------------------------------------

def _python_roots() -> list[str]:
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    roots |= {os.path.realpath(p) for p in sys.path
              if os.path.basename(p) in ("site-packages", "dist-packages") and os.path.isdir(p)}
    roots.add(os.path.dirname(os.path.realpath(sys.executable)))
    return sorted(r for r in roots if not r.startswith("/usr/"))


def bwrap_prefix(kit: Path, learner_root: Path, *, forbidden: tuple[Path, ...] = ()) -> list[str]:
    """The bubblewrap command line up to the program to run; `forbidden` paths must stay unreachable."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable("--sandbox needs bubblewrap: install it (apt install bubblewrap, dnf install "
                                 "bubblewrap) or grade without --sandbox")
    cmd = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL",
           "--uid", "65534", "--gid", "65534", "--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / top
        if path.is_symlink():
            cmd += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            cmd += ["--ro-bind", str(path), str(path)]
    for name in _ETC_FILES:
        if (Path("/etc") / name).exists():
            cmd += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for root in _python_roots():
        if any(Path(f).is_relative_to(root) for f in forbidden):  # a venv inside the checkout is fine, not around it
            raise SandboxUnavailable(f"the Python installation at {root} holds {', '.join(map(str, forbidden))}: "
                                     "a sandbox showing it would show the course; use a Python installed elsewhere")
        cmd += ["--ro-bind", root, root]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]
    gpu_nodes = sorted(str(p) for p in Path("/dev").glob("nvidia*"))
    for node in gpu_nodes:
        cmd += ["--dev-bind", node, node]
    if gpu_nodes:
        cmd += ["--ro-bind", "/sys", "/sys"]  # the CUDA driver reads the device tree
    cmd += ["--ro-bind", str(kit), KIT_INSIDE, "--ro-bind", str(learner_root), LEARNER_INSIDE, "--chdir", "/tmp"]
    # The package folders of this Python, the user's own included (HOME differs inside).
    sites = [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages") and os.path.isdir(p)]
    env = {"PYTHONPATH": os.pathsep.join([KIT_INSIDE, *sites]), "HOME": "/tmp", "PATH": "/usr/local/bin:/usr/bin:/bin",
           "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
    env.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ})
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    return cmd


@functools.lru_cache(maxsize=None)
def probe_bwrap() -> str | None:
    """None when bubblewrap can make a sandbox here, else why not (e.g. user namespaces are off)."""
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed"
    tmp = Path(tempfile.mkdtemp(prefix="ai100-probe-"))
    try:
        cmd = bwrap_prefix(tmp, tmp) + [sys.executable, "-c", "pass"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired, SandboxUnavailable) as exc:
        return str(exc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return None if done.returncode == 0 else f"bubblewrap failed: {done.stderr.strip()[-500:]}"


# --- the worker process ----------------------------------------------------------------------------

def _limit_worker() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class Worker:
    """One learner process and its two pipes; `request` sends a frame and serves callbacks until the answer."""

    def __init__(self, command: list[str], env: dict[str, str] | None, cwd: str, wrapped: bool = False) -> None:
        self.wrapped = wrapped
        self.session: "Session | None" = None  # set by the Session that started it
        to_child_r, self._to_child_w = os.pipe()
        self._from_child_r, from_child_w = os.pipe()
        self.proc = subprocess.Popen(command + [str(to_child_r), str(from_child_w)], env=env, cwd=cwd,
                                     pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=_limit_worker)
        os.close(to_child_r)
        os.close(from_child_w)
        self.out = os.fdopen(self._to_child_w, "wb")
        self.inp = os.fdopen(self._from_child_r, "rb")
        self.output = bytearray()  # the tail of what the learner printed
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def _drain(self) -> None:
        for chunk in iter(lambda: self.proc.stdout.read1(65536), b""):
            self.output += chunk
            del self.output[:-_OUTPUT_TAIL]

    def request(self, header: dict, buffers: list[bytes], callbacks: dict[int, Callable], *,
                during: str = "") -> tuple[dict, list[bytes]]:
        try:
            write_frame(self.out, header, buffers)
            while True:
                reply, reply_buffers = read_frame(self.inp)
                if reply.get("op") != "callback":
                    return reply, reply_buffers
                self._serve_callback(reply, reply_buffers, callbacks)
        except (EOFError, BrokenPipeError, ConnectionError, CodecError, ValueError) as exc:
            how = self.how_it_ended(exc, during)  # before the kill, which would hide how it ended
            self.kill()
            raise LearnerProcessDied(how) from None
        except BaseException:  # a timeout in the grader: the worker is mid-request and cannot be trusted
            self.kill()
            raise

    def _serve_callback(self, header: dict, buffers: list[bytes], callbacks: dict[int, Callable]) -> None:
        fn = callbacks.get(header.get("id"))
        decoder = Decoder(buffers, on_handle=functools.partial(_proxy, self.session))
        encoder = grader_encoder(callbacks)
        try:
            if fn is None:
                raise LookupError("no such function")
            result = fn(*decoder.decode(header["args"]), **decoder.decode(header["kwargs"]))
            reply = {"ok": encoder.encode(result)}
        except Exception as exc:  # noqa: BLE001 - the grader's function failing is reported to the caller
            reply, encoder.buffers = {"error": {"type": type(exc).__name__, "message": str(exc)}}, []
        write_frame(self.out, reply, encoder.buffers)

    def how_it_ended(self, exc: BaseException | None = None, during: str = "") -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self._drainer.join(timeout=2)
        if code is not None and code > 128 and self.wrapped:  # bubblewrap reports a signal as 128 + its number
            code = 128 - code
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            how = f"your code's process died with signal {name}{during} (a crash, e.g. an out-of-bounds access)"
        elif code is not None:
            how = f"your code's process exited with code {code}{during} — exit() or os._exit() in your code?"
        else:
            how = f"your code's process stopped answering ({type(exc).__name__}: {exc})"
        tail = self.output.decode(errors="replace").strip().splitlines()[-5:]
        return how + ("\n  its last output:\n    " + "\n    ".join(tail) if tail else "")

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        for f in (self.out, self.inp):
            try:
                f.close()
            except OSError:
                pass


def _proxy(session: "Session | None", node: dict) -> "RemoteObject":
    if not isinstance(node.get("h"), int):
        raise CodecError("a malformed handle")
    return RemoteObject(session, node["h"], str(node.get("type", "object"))[:100])


# --- what the grader sends: data, callbacks, and its own objects by value ---------------------------------

_KIT_FIXTURES = ("course_tools.fixtures", "course_tools.data", "course_tools.gradients")  # the learner's process has them too


def grader_encoder(callbacks: dict[int, Callable]) -> Encoder:
    """An Encoder for values the grader sends into the learner's process.

    Functions and other callables the grader made are called back here (registered in
    `callbacks`); functions of course_tools' fixtures and data modules are imported there by
    name, so that they run in the learner's process (traced, hooked); torch modules, library
    classes and any other object — a scikit-learn estimator, a DataFrame of objects — are
    pickled, one way only: the learner's process unpickles what the grader made, never the reverse.
    """
    def register(fn: Callable) -> dict:
        callbacks[len(callbacks)] = fn
        return {"cb": len(callbacks) - 1, "name": getattr(fn, "__name__", "f"), "repr": repr(fn)[:200]}

    def by_value(obj: Any) -> dict:
        try:
            data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - any pickling failure is the grader's to fix
            raise CodecError(f"a {type(obj).__name__} cannot be sent to the learner's process: {exc}") from None
        return {"pickled": encoder._buffer(data), "type": type(obj).__name__}

    def on_callable(fn: Callable) -> dict:
        module, qualname = getattr(fn, "__module__", "") or "", getattr(fn, "__qualname__", "") or ""
        if isinstance(fn, types.FunctionType) and module.startswith(_KIT_FIXTURES) and "<locals>" not in qualname:
            return {"ref": f"{module}:{qualname}"}
        if _is_torch_module(fn) or (isinstance(fn, type) and _importable_there(fn)):
            return by_value(fn)  # a model runs where the learner's code calls it; a library class is a value
        return register(fn)

    encoder = Encoder(on_callable=on_callable, on_other=by_value)
    return encoder


def _is_torch_module(obj: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, torch.nn.Module)


def _importable_there(cls: type) -> bool:
    """Whether the learner's process can import `cls` by name (a library's, not a grader file's)."""
    module = sys.modules.get(cls.__module__)
    path = os.path.realpath(getattr(module, "__file__", "") or "")
    return bool(path) and (cls.__module__.startswith("course_tools.")
                           or any(path.startswith(root + os.sep) for root in _python_roots() + ["/usr"]))


def _answer(session: "Session", header: dict, buffers: list[bytes], label: str) -> Any:
    """Send one request to the learner's process; its result as data, or proxies for what is not."""
    try:
        reply, reply_buffers = session.request(header, buffers)
    except LearnerProcessDied as exc:
        raise LearnerProcessDied(f"{label}\n  {exc}") from None
    if "error" in reply:
        _raise_error(reply["error"], label)
    try:
        return Decoder(reply_buffers, on_handle=functools.partial(_proxy, session)).decode(reply.get("ok"))
    except (CodecError, KeyError, TypeError) as exc:
        raise LearnerError(f"{label}\n  the result could not be read: {exc}") from None


class RemoteObject(Handle):
    """An object living in the learner's process: reading an attribute or calling it asks there.

    Data comes back as data; anything else (a bound method, a fitted model) as another
    RemoteObject. Method calls made this way carry no tripwires: only `check(...)` calls do.
    """

    def __init__(self, session: "Session | None", id: int, type_name: str) -> None:  # noqa: A002
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "type_name", type_name)
        object.__setattr__(self, "_session", session)

    def _ask(self, header: dict, args: tuple = (), kwargs: dict | None = None, label: str = "") -> Any:
        if self._session is None:
            raise LearnerProcessDied(f"{label}: no learner process holds this {self.type_name}")
        encoder = grader_encoder(self._session.callbacks)
        body = {"target": self.id, "args": encoder.encode(tuple(args)), "kwargs": encoder.encode(dict(kwargs or {}))}
        return _answer(self._session, {**header, **body}, encoder.buffers, label)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._ask({"op": "getattr", "name": name}, label=f"{self.type_name}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._ask({"op": "invoke", **self._wire()}, args, kwargs, label=f"{self.type_name}(…)")

    def _wire(self) -> dict:
        return {"checked": True, **self._session.wire} if self._session is not None and self._session.wire else {}

    def __len__(self) -> int:
        return int(self._ask({"op": "invoke", "name": "__len__"}, label=f"len({self.type_name})"))

    def __getitem__(self, key: Any) -> Any:
        return self._ask({"op": "invoke", "name": "__getitem__"}, (key,), label=f"{self.type_name}[…]")


class Session:
    """The grader's link to the learner's process: started on first use, restarted after it dies."""

    def __init__(self, isolation: str, kit: Path, learner_root: Path, forbidden: tuple[Path, ...] = ()) -> None:
        self.isolation, self.kit, self.learner_root, self.forbidden = isolation, kit, learner_root, forbidden
        self.worker: Worker | None = None
        self.generation = 0
        # Grader functions the learner's process may call back, by number. Kept for the whole session:
        # a learner object built in one call (a logger holding the grader's clock) calls them later.
        self.callbacks: dict[int, Callable] = {}
        self.import_failures: dict[str, Mismatch] = {}
        # While set (check.tripwired), method calls on learner objects run under these tripwires there.
        self.wire: dict[str, Any] | None = None
        atexit.register(self.close)

    def inside(self, host_path: Path) -> str:
        """Where a learner file is seen from inside the sandbox."""
        rel = Path(host_path).resolve().relative_to(self.learner_root.resolve())
        root = LEARNER_INSIDE if self.isolation == "bwrap" else str(self.learner_root.resolve())
        return str(Path(root) / rel)

    def _start(self) -> Worker:
        program = [sys.executable, "-m", "course_tools.sandbox_worker"]
        if self.isolation == "bwrap":
            command = bwrap_prefix(self.kit, self.learner_root, forbidden=self.forbidden) + program
            return Worker(command, env={}, cwd="/", wrapped=True)
        env = {"PYTHONPATH": str(self.kit), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "PYTHONDONTWRITEBYTECODE": "1", "HOME": tempfile.gettempdir()}
        env.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ})
        return Worker(program, env=env, cwd=tempfile.gettempdir())

    def request(self, header: dict, buffers: list[bytes] = (), during: str = "") -> tuple[dict, list[bytes]]:
        if self.worker is None or self.worker.proc.poll() is not None:
            self.worker = self._start()
            self.worker.session = self
            self.generation += 1
        try:
            return self.worker.request(header, list(buffers), self.callbacks, during=during)
        except BaseException:
            self.worker = None
            raise

    def close(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None


# --- learner modules seen from the grader ---------------------------------------------------------------

def _raise_error(error: Any, what: str) -> None:
    if not isinstance(error, dict):
        raise LearnerProcessDied(f"{what}\n  your code's process sent a malformed answer")
    kind, message = error.get("kind"), str(error.get("message", ""))
    if kind == "not_implemented":
        raise NotImplementedError(message)
    if kind == "mismatch":
        raise Mismatch(message)
    if kind == "grader":  # a grader bug, never the learner's: no points lost silently, no teaching message
        raise RuntimeError(f"{what}\n  grader error: {message}")
    trace = str(error.get("traceback", "")).rstrip()
    text = f"{what}\n  your code raised {error.get('type', 'an error')}: {message}"
    if trace:
        text += "\n" + "\n".join("    " + line for line in trace.splitlines()[-12:])
    builtin = error.get("builtin")
    raise _learner_error_type(str(builtin[0]) if isinstance(builtin, list) and builtin else "")(text)


class RemoteModule:
    """A learner module loaded in the sandbox: its functions are RemoteFunctions."""

    def __init__(self, session: Session, host_path: Path, private_name: str) -> None:
        self._session, self._path, self._name = session, Path(host_path), private_name
        self._generation = -1
        self._functions: dict[str, list[str]] = {}
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if self._generation == self._session.generation and self._session.worker is not None:
            return
        key = str(self._path)
        if key in self._session.import_failures:
            raise self._session.import_failures[key]
        if not self._path.is_file():
            err = LearnerImportError(f"{self._path.parent.name}: {self._path.name} is missing — your file must be "
                                     f"at {self._path}")
            self._session.import_failures[key] = err
            raise err
        header = {"op": "load", "path": self._session.inside(self._path), "name": self._name}
        try:
            reply, _ = self._session.request(header, during=f" while importing {self._path.name}")
        except LearnerProcessDied as exc:
            err = LearnerImportError(f"{self._path.parent.name}: {exc}")
            self._session.import_failures[key] = err
            raise err from None
        except BaseException as exc:
            if str(exc).startswith("Timeout"):  # later tests fail at once instead of each waiting
                self._session.import_failures[key] = LearnerImportError(
                    f"{self._path.parent.name}: importing {self._path.name} did not finish within the time limit "
                    "— code at the top level of a module runs at import: keep it to definitions")
            raise
        if "error" in reply:
            if isinstance(reply["error"], dict) and reply["error"].get("kind") == "not_implemented":
                raise NotImplementedError(str(reply["error"].get("message", "")))
            message = str(reply["error"].get("message", "")) if isinstance(reply["error"], dict) else "?"
            err = LearnerImportError(message)
            self._session.import_failures[key] = err
            raise err
        functions = reply.get("ok", {}).get("functions", {}) if isinstance(reply.get("ok"), dict) else {}
        self._functions = {str(k): [str(p) for p in v] for k, v in functions.items() if isinstance(v, list)}
        self._generation = self._session.generation

    def __getattr__(self, name: str) -> "RemoteFunction":
        if name.startswith("_") and name not in self.__dict__.get("_functions", {}):
            raise AttributeError(name)
        if name not in self._functions:
            raise AttributeError(f"{self._path.name} has no function {name!r}")
        return RemoteFunction(self, name, self._functions[name])

    remote = True  # CallChecker asks the sandbox for files the learner's code writes

    def scratch_dir(self) -> str:
        """A folder in the learner's process (its own /tmp) where its code may write files."""
        reply, _ = self._session.request({"op": "scratch"})
        if not isinstance(reply.get("ok"), str):
            raise LearnerProcessDied(f"{self._path.name}: the learner's process gave no scratch folder")
        return reply["ok"]

    def read_file(self, path: str) -> bytes | None:
        """The bytes of a file the learner's code wrote in its own process; None when there is none."""
        reply, buffers = self._session.request({"op": "read", "path": str(path)})
        if "error" in reply:
            _raise_error(reply["error"], f"reading {path}")
        return bytes(buffers[0]) if reply.get("ok") and buffers else None

    def write_file(self, path: str, data: bytes) -> None:
        """Put a file into a scratch folder of the learner's process (e.g. a model file with a flipped byte)."""
        reply, _ = self._session.request({"op": "write", "path": str(path)}, [bytes(data)])
        if "error" in reply:
            _raise_error(reply["error"], f"writing {path}")

    # The kit's own methods start with "_": a learner function may be called apply, tripwired, ...
    def _apply(self, fn: Callable, args: tuple, kwargs: dict, *, what: str, day: str, forbid: tuple[str, ...],
              reason: str, guards: list[Callable]) -> Any:
        """Run the kit function `fn` in the learner's process, under the day's tripwires and guards."""
        self.ensure_loaded()
        encoder = grader_encoder(self._session.callbacks)
        body = {"fn": encoder.encode(fn), "args": encoder.encode(tuple(args)), "kwargs": encoder.encode(dict(kwargs))}
        header = {"op": "apply", **body, "what": what, "day": day, "forbid": list(forbid), "reason": reason,
                  "guards": _guard_names(guards)}
        return _answer(self._session, header, encoder.buffers, what)

    @contextlib.contextmanager
    def _tripwired(self, *, what: str, day: str, forbid: tuple[str, ...], reason: str, guards: list[Callable]):
        """Method calls on learner objects inside the block run under these tripwires, over there."""
        saved = self._session.wire
        self._session.wire = {"what": what, "day": day, "forbid": list(forbid), "reason": reason,
                              "guards": _guard_names(guards)}
        try:
            yield
        finally:
            self._session.wire = saved

    def __repr__(self) -> str:
        return f"<learner module {self._path.name}, in the sandbox>"


def _guard_names(guards: list[Callable]) -> list[str]:
    """Guards travel by name: they must be course_tools functions or classes, importable there."""
    names = []
    for guard in guards:
        if not guard.__module__.startswith("course_tools."):
            raise TypeError(f"a guard must be a course_tools function or class, not {guard!r}")
        names.append(f"{guard.__module__}:{guard.__qualname__}")
    return names


class RemoteFunction:
    """A learner function called across the boundary. `remote` tells CallChecker to judge it that way."""

    remote = True

    def __init__(self, module: RemoteModule, name: str, params: list[str]) -> None:
        self.module, self.__name__ = module, name
        self.__signature__ = inspect.Signature([inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                                                for p in params])

    def _encode_call(self, args: tuple, kwargs: dict) -> tuple[dict, list[bytes]]:
        encoder = grader_encoder(self.module._session.callbacks)
        body = {"module": self.module._name, "fn": self.__name__, "args": encoder.encode(tuple(args)),
                "kwargs": encoder.encode(dict(kwargs))}
        return body, encoder.buffers

    def _request(self, op: str, args: tuple, kwargs: dict, label: str, **extra: Any) -> tuple[Any, list[bytes]]:
        self.module.ensure_loaded()
        body, buffers = self._encode_call(args, kwargs)
        try:
            reply, reply_buffers = self.module._session.request({"op": op, **body, **extra}, buffers)
        except LearnerProcessDied as exc:
            raise LearnerProcessDied(f"{label}\n  {exc}") from None
        if "error" in reply:
            _raise_error(reply["error"], label)
        return reply.get("ok"), reply_buffers

    def checked_call(self, args: tuple, kwargs: dict, *, what: str, day: str, forbid: tuple[str, ...],
                     reason: str, guards: list[Callable]) -> tuple[Any, list[Any], dict[int, int]]:
        """(result, the inputs as the learner left them, {id(result leaf): index of the input it aliases})."""
        ok, buffers = self._request("call", args, kwargs, what, checked=True, what=what, day=day, forbid=list(forbid),
                                    reason=reason, guards=_guard_names(guards))
        decoder = Decoder(buffers, on_handle=functools.partial(_proxy, self.module._session))
        try:
            result, after = decoder.decode(ok["result"]), decoder.decode(ok["after"])
        except (CodecError, KeyError, TypeError) as exc:
            raise LearnerError(f"{what}\n  the result could not be read: {exc}") from None
        for mine, theirs in zip([*args, *kwargs.values()], after):
            _copy_back(mine, theirs)
        return result, list(after), decoder.aliased

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ok, buffers = self._request("call", args, kwargs, f"{self.__name__}(…)")
        try:
            return Decoder(buffers, on_handle=functools.partial(_proxy, self.module._session)).decode(ok["result"])
        except (CodecError, KeyError, TypeError) as exc:
            raise LearnerError(f"{self.__name__}(…)\n  the result could not be read: {exc}") from None

    def staged(self, args: tuple, kwargs: dict, *, sync: bool = False) -> "StagedCall":
        ok, _ = self._request("stage", args, kwargs, f"{self.__name__}(…)")
        return StagedCall(self, int(ok), sync)


def _copy_back(mine: Any, theirs: Any) -> None:
    """Give the grader's inputs whatever the learner's call did to its copies, as if it ran here:
    the inputs-unchanged check and canaries around tensors then judge the same in both places."""
    if isinstance(mine, Handle):  # a learner object passed back: it lives over there, nothing to copy
        return
    if isinstance(theirs, dict) and MODULE_STATE in theirs:
        _restore_module(mine, theirs[MODULE_STATE])
    elif isinstance(mine, (list, tuple)) and isinstance(theirs, (list, tuple)):
        for m, t in zip(mine, theirs):
            _copy_back(m, t)
    elif isinstance(mine, dict) and isinstance(theirs, dict):
        for key in mine.keys() & theirs.keys():
            _copy_back(mine[key], theirs[key])
    elif hasattr(mine, "untyped_storage") and hasattr(theirs, "untyped_storage"):
        if mine.shape != theirs.shape or mine.dtype != theirs.dtype:
            return
        import torch

        with torch.no_grad():
            if (theirs.untyped_storage().nbytes() == mine.untyped_storage().nbytes()
                    and theirs.storage_offset() == mine.storage_offset()):
                mine.untyped_storage().copy_(theirs.untyped_storage())  # the bytes around the view too
            else:
                mine.copy_(theirs)
    elif isinstance(mine, np.ndarray) and isinstance(theirs, np.ndarray):
        if mine.shape == theirs.shape and mine.dtype == theirs.dtype and mine.flags.writeable:
            np.copyto(mine, theirs)


def _restore_module(module: Any, state: Any) -> None:
    """Parameters, gradients, requires_grad, buffers and train/eval mode, as the learner left them."""
    if not (hasattr(module, "named_parameters") and isinstance(state, dict)):
        return
    import torch

    params, grads, flags = state.get("params", {}), state.get("grads", {}), state.get("requires_grad", {})
    buffers = state.get("buffers", {})
    with torch.no_grad():
        for name, p in module.named_parameters():
            new = params.get(name)
            if hasattr(new, "shape") and new.shape == p.shape and new.dtype == p.dtype:
                p.copy_(new)
            if isinstance(flags.get(name), bool):
                p.requires_grad_(flags[name])
            grad = grads.get(name)
            p.grad = grad.detach().clone() if hasattr(grad, "shape") and grad.shape == p.shape else None
        for name, b in module.named_buffers():
            new = buffers.get(name)
            if hasattr(new, "shape") and new.shape == b.shape and new.dtype == b.dtype:
                b.copy_(new)
    if isinstance(state.get("training"), bool):
        module.train(state["training"])


class StagedCall:
    """A call whose inputs already wait in the learner's process: timing it moves no data."""

    def __init__(self, fn: RemoteFunction, stage: int, sync: bool) -> None:
        self.fn, self.stage, self.sync = fn, stage, sync
        self.generation = fn.module._session.generation

    def repeat(self, number: int) -> None:
        session = self.fn.module._session
        if session.generation != self.generation or session.worker is None:
            raise LearnerProcessDied(f"{self.fn.__name__}(…)\n  your code's process was restarted while it was "
                                     "being timed")
        reply, _ = session.request({"op": "run", "stage": self.stage, "number": int(number), "sync": self.sync})
        if "error" in reply:
            _raise_error(reply["error"], f"{self.fn.__name__}(…) while being timed")

    def __call__(self) -> None:
        self.repeat(1)


# --- the session of this process --------------------------------------------------------------------

_session: Session | None = None


def active() -> bool:
    return bool(os.environ.get("AI100_SANDBOX"))


def session() -> Session:
    global _session
    if _session is None:
        forbidden = tuple(Path(p) for p in os.environ.get("AI100_SANDBOX_FORBIDDEN", "").split(os.pathsep) if p)
        _session = Session(os.environ["AI100_SANDBOX"], Path(os.environ["AI100_SANDBOX_KIT"]),
                           Path(os.environ["AI100_LEARNER_ROOT"]), forbidden)
    return _session


def remote_module(path: Path, private_name: str) -> RemoteModule:
    return RemoteModule(session(), path, private_name)
