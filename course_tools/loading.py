"""Import learner and reference modules by file path, under private names, once per process.

A module that fails to import fails every test that needs it with the same message; one that
calls exit() while being imported is reported as such instead of ending the test session.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType

from course_tools import stream
from course_tools.checks import Mismatch


class LearnerImportError(Mismatch):
    pass


_cache: dict[Path, ModuleType | BaseException] = {}


def _where(exc: BaseException, path: Path) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    return f" at line {frames[-1].lineno}" if frames else ""


def load_file(path: Path, private_name: str, *, role: str = "your") -> ModuleType:
    """Import `path` as `private_name`; errors become a LearnerImportError naming the file and line."""
    path = Path(path).resolve()
    cached = _cache.get(path)
    if isinstance(cached, ModuleType):
        return cached
    if isinstance(cached, BaseException):
        raise cached
    if not path.is_file():
        err = LearnerImportError(f"{path.parent.name}: {path.name} is missing — {role} file must be at {path}")
        _cache[path] = err
        raise err
    if role == "your":
        stream.emit("import-start", path=str(path))
    spec = importlib.util.spec_from_file_location(private_name, path)
    module = importlib.util.module_from_spec(spec)
    folder = str(path.parent)
    sys.path.insert(0, folder)  # so the file can import its siblings
    try:
        sys.modules[private_name] = module
        spec.loader.exec_module(module)
    except SystemExit as exc:
        err = LearnerImportError(f"{path.parent.name}: {path.name} called exit({exc.code!r}){_where(exc, path)} while "
                                 "being imported — a module must only define things at import")
        _cache[path] = err
        sys.modules.pop(private_name, None)
        raise err from None
    except Exception as exc:  # noqa: BLE001 - any error in learner code is reported, not raised raw
        if isinstance(exc, NotImplementedError):
            raise
        err = LearnerImportError(f"{path.parent.name}: importing {path.name} failed{_where(exc, path)}: "
                                 f"{type(exc).__name__}: {exc}")
        _cache[path] = err
        sys.modules.pop(private_name, None)
        raise err from None
    finally:
        try:
            sys.path.remove(folder)
        except ValueError:
            pass
    if role == "your":
        stream.emit("import-end", path=str(path))
    _cache[path] = module
    return module


def forget() -> None:
    """Drop every module imported (or failed) so far, so that the next load reads the files again."""
    _cache.clear()
