"""Tripwires: a "write it yourself" day fails learner code that calls the library it was told not to.

Run: pytest tests/test_tripwires.py
"""

import sys
import threading

import numpy as np
import pytest

from course_tools.tripwires import Tripwires, TripwireError

torch = pytest.importorskip("torch")


def tripped(targets, fn, reason: str = "") -> str | None:
    """The TripwireError message after running `fn` under `targets`, or None when nothing tripped."""
    with Tripwires(targets, day="day54", reason=reason) as wire:
        fn()
    try:
        wire.raise_if_tripped("day54: attention((3, 4) float64)")
    except TripwireError as exc:
        return str(exc)
    return None


@pytest.fixture(autouse=True)
def _profilers_left_as_found():
    before, before_thread = sys.getprofile(), threading.getprofile()
    yield
    sys.setprofile(before)
    threading.setprofile(before_thread)


def test_tripwire_torch_call_trips_and_names_the_call():
    message = tripped(("torch",), lambda: torch.zeros(3), reason="numpy only today")
    assert message is not None
    assert message.startswith("day54: attention((3, 4) float64)")
    assert "torch.zeros" in message
    assert "numpy only today" in message


def test_tripwire_python_level_torch_function_trips():
    x = np.ones((2, 3))
    message = tripped(("torch",), lambda: torch.nn.functional.softmax(torch.from_numpy(x), dim=-1))
    assert message is not None and "softmax" in message


def test_tripwire_try_except_cannot_hide_the_call():
    def sneaky():
        try:
            torch.zeros(2)
            raise RuntimeError("pretend it failed")
        except Exception:  # noqa: BLE001 - the learner swallows everything
            pass
        try:
            torch.ones(2)
        except BaseException:  # noqa: BLE001
            pass

    message = tripped(("torch",), sneaky)
    assert message is not None and "torch.zeros" in message


def test_tripwire_honest_numpy_passes():
    def honest():
        q = np.arange(12.0).reshape(3, 4)
        s = q @ q.T / 2.0
        e = np.exp(s - s.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    assert tripped(("torch", "scipy.special.softmax"), honest) is None


def test_tripwire_dotted_callable_trips():
    special = pytest.importorskip("scipy.special")
    message = tripped(("scipy.special.softmax",), lambda: special.softmax(np.ones(4)))
    assert message is not None and "scipy.special.softmax" in message


def test_tripwire_dotted_callable_leaves_its_neighbours_alone():
    special = pytest.importorskip("scipy.special")
    assert tripped(("scipy.special.softmax",), lambda: special.logsumexp(np.ones(4))) is None


def test_tripwire_call_in_a_thread_trips():
    def threaded():
        t = threading.Thread(target=lambda: torch.zeros(3))
        t.start()
        t.join()

    message = tripped(("torch",), threaded)
    assert message is not None and "torch.zeros" in message


def test_tripwire_profiler_switched_off_is_reported():
    message = tripped(("torch",), lambda: sys.setprofile(None))
    assert message is not None and "setprofile" in message


def test_tripwire_profiler_replaced_is_reported():
    message = tripped(("torch",), lambda: sys.setprofile(lambda *a: None))
    assert message is not None and "setprofile" in message


def test_tripwire_profiler_switched_off_and_back_on_is_reported():
    def off_and_on():
        saved = sys.getprofile()
        sys.setprofile(None)
        torch.zeros(3)
        sys.setprofile(saved)

    message = tripped(("torch",), off_and_on)
    assert message is not None


def test_tripwire_restores_previous_profiler():
    events = []

    def outer_profiler(frame, event, arg):
        events.append(event)

    sys.setprofile(outer_profiler)
    try:
        with Tripwires(("torch",), day="day54"):
            assert sys.getprofile() is not outer_profiler  # the tripwire's hook is installed
        restored = sys.getprofile()
    finally:
        sys.setprofile(None)
    assert restored is outer_profiler


def test_tripwire_restores_no_profiler_when_there_was_none():
    sys.setprofile(None)
    with Tripwires(("torch",), day="day54"):
        torch.zeros(1)
    assert sys.getprofile() is None


def test_tripwire_restores_previous_thread_profiler():
    def outer_profiler(frame, event, arg):
        pass

    threading.setprofile(outer_profiler)
    with Tripwires(("torch",), day="day54"):
        pass
    assert threading.getprofile() is outer_profiler


def test_tripwire_without_targets_installs_nothing():
    sys.setprofile(None)
    with Tripwires((), day="day54") as wire:
        assert sys.getprofile() is None
        torch.zeros(1)
    wire.raise_if_tripped("day54: f")  # nothing to report


def test_tripwire_target_of_unimported_module_is_ignored():
    name = "course_tools_tests_no_such_module.func"
    assert name.split(".")[0] not in sys.modules
    assert tripped((name,), lambda: np.ones(2)) is None


LAZY_SCRIPT = r'''
import sys
from course_tools.tripwires import Tripwires
wire = Tripwires(("sklearn.svm.SVC", "sklearn.neighbors.KNeighborsClassifier"), day="day19")
assert "sklearn" not in sys.modules, "arming a tripwire imported the package"
with wire:
    pass
assert "sklearn" not in sys.modules and not wire.hits
with wire:
    from sklearn.svm import SVC
    SVC(C=2.0)
print(sorted(set(wire.hits)))
# a waiting target must never import anything itself: scikit-learn's lazy __getattr__ for
# "sklearn.ensemble", run in the middle of the learner's own import of sklearn.tree, made a circular import
for name in [m for m in sys.modules if m.startswith("sklearn")]:
    del sys.modules[name]
other = Tripwires(("sklearn.ensemble",), day="day18")
with other:
    from sklearn.tree import DecisionTreeRegressor
    DecisionTreeRegressor(max_depth=1)
assert not other.hits, other.hits
'''


def test_a_target_in_a_package_not_yet_imported_waits_and_still_trips():
    """Arming `sklearn.svm.SVC` must not import scikit-learn (a second or more per learner call);
    a learner who imports and calls it inside the call is caught all the same."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", LAZY_SCRIPT], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(root)}, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['sklearn.svm.SVC']", proc.stdout
