"""What a grader compares against: the live reference, a recording of it, or a replay.

All three answer `call(name, args, kwargs)` (the reference's output) and `mistakes(name, args,
kwargs)` (the outputs of the day's known wrong variants, keyed by the mistake's description).
Graders never see which one they hold: visible tests replay, the build records, grading is live.
"""

from __future__ import annotations

import copy
from pathlib import Path
from types import ModuleType
from typing import Any

from course_tools.recorded import Store


def _copy_args(args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    # The reference gets its own copies, so nothing it does can touch the learner's inputs.
    return copy.deepcopy(args), copy.deepcopy(kwargs)


class LiveReference:
    def __init__(self, module: ModuleType, mistakes: dict[str, dict[str, Any]] | None = None) -> None:
        self.module = module
        self._mistakes = mistakes or {}

    def call(self, name: str, args: tuple, kwargs: dict) -> Any:
        a, k = _copy_args(args, kwargs)
        return getattr(self.module, name)(*a, **k)

    def mistakes(self, name: str, args: tuple, kwargs: dict) -> dict[str, Any]:
        outs = {}
        for description, variant in self._mistakes.get(name, {}).items():
            a, k = _copy_args(args, kwargs)
            try:
                outs[description] = variant(*a, **k)
            except Exception:  # noqa: BLE001 - a variant that cannot run on this input names nothing
                continue
        return outs


class RecordingReference(LiveReference):
    def __init__(self, module: ModuleType, mistakes: dict[str, dict[str, Any]] | None, store: Store) -> None:
        super().__init__(module, mistakes)
        self.store = store

    def call(self, name: str, args: tuple, kwargs: dict) -> Any:
        out = super().call(name, args, kwargs)
        self.store.put(name, args, kwargs, out, super().mistakes(name, args, kwargs))
        return out


class ReplayReference:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.load(self.path)
        return self._store

    def call(self, name: str, args: tuple, kwargs: dict) -> Any:
        return copy.deepcopy(self.store.get(name, args, kwargs)["out"])  # a grader may edit what it gets

    def mistakes(self, name: str, args: tuple, kwargs: dict) -> dict[str, Any]:
        return copy.deepcopy(self.store.get(name, args, kwargs)["mistakes"])


def load_mistakes(path: Path) -> dict[str, dict[str, Any]]:
    """`MISTAKES = {"function": {"what the mistake is": variant_function, ...}}` from a grader's mistakes.py."""
    if not path.is_file():
        return {}
    from course_tools.loading import load_file

    return getattr(load_file(path, f"ai100_mistakes_{path.parent.name}", role="the mistakes"), "MISTAKES", {})
