"""The sandbox protocol: learner functions called in another process, judged in this one.

Most tests use the plain-process worker (the same protocol without bubblewrap), so they run on any
machine; the last ones check what bubblewrap hides and skip where it cannot run (they are required
when AI100_REQUIRE_SANDBOX=1).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import numpy as np
import pytest

from course_tools import catalog, grade
from course_tools.checks import CallChecker, Mismatch, Named
from course_tools.loading import LearnerImportError
from course_tools.sandbox import LearnerError, LearnerProcessDied, RemoteModule, Session
from course_tools.throughput import _block

ROOT = Path(__file__).resolve().parents[1]

LEARNER = '''
import os
import numpy as np

class Cache:
    def __init__(self, x):
        self.x = x

def double(x):
    return 2 * x

def same(x):
    return x

def in_place(x):
    x += 1
    return x.copy()

def forward(x):
    return x * 3, Cache(x)

def backward(cache):
    return cache.x + 1

def apply(f, x):
    return f(x) + 1

def stub(x):
    raise NotImplementedError("day99: stub — see README")

def broken(x):
    return {}["missing"]

def dies(x):
    os._exit(7)

def norm(x):
    return np.linalg.norm(x)
'''


@pytest.fixture
def session(tmp_path):
    kit = grade._sandbox_kit(catalog.load(ROOT), tmp_path / "kit")
    learner = tmp_path / "learner" / "day99"
    learner.mkdir(parents=True)
    (learner / "mod.py").write_text(LEARNER)
    s = Session("process", kit, tmp_path / "learner")
    yield s
    s.close()


def _module(session, tmp_path, source=None, name="mod"):
    path = tmp_path / "learner" / "day99" / f"{name}.py"
    if source is not None:
        path.write_text(textwrap.dedent(source))
    return RemoteModule(session, path, f"learner_{name}")


def _checker(module, **kw):
    return CallChecker(day="day99", learner=module, ref=None, seed=5, **kw)


def test_results_come_back_as_data(session, tmp_path):
    mod = _module(session, tmp_path)
    x = np.arange(4.0)
    assert np.array_equal(mod.double(x), 2 * x)
    assert np.array_equal(_checker(mod).run_learner("double", x), 2 * x)


def test_parameter_names_reach_the_messages(session, tmp_path):
    mod = _module(session, tmp_path)
    with pytest.raises(Mismatch, match=r"modified its input x in place \(4 of 4 values changed\)"):
        _checker(mod).run_learner("in_place", np.zeros(4))


def test_a_result_that_is_the_input_is_caught(session, tmp_path):
    mod = _module(session, tmp_path)
    with pytest.raises(Mismatch, match="shares memory with the input x"):
        _checker(mod).run_learner("same", np.zeros(3))


def test_learner_objects_cross_back_as_handles(session, tmp_path):
    mod = _module(session, tmp_path)
    check = _checker(mod)
    out = check.run_learner("forward", np.ones(2), pick=lambda r: r[0])
    assert np.array_equal(out, [3.0, 3.0])
    cache = check.last_result[1]
    assert "Cache" in repr(cache)
    assert np.array_equal(check.run_learner("backward", cache), [2.0, 2.0])


def test_grader_functions_are_called_back(session, tmp_path):
    mod = _module(session, tmp_path)
    seen = []
    f = Named("f = sum(x²)", lambda x: seen.append(x.shape) or float(np.sum(x ** 2)))
    assert _checker(mod).run_learner("apply", f, np.ones(3)) == 4.0
    assert seen == [(3,)]


def test_stubs_errors_and_deaths_are_told_apart(session, tmp_path):
    mod = _module(session, tmp_path)
    check = _checker(mod)
    with pytest.raises(NotImplementedError, match="day99: stub"):
        check.run_learner("stub", 1)
    with pytest.raises(LearnerError, match=r"your code raised KeyError: 'missing'(.|\n)*mod.py"):
        check.run_learner("broken", 1)
    with pytest.raises(LearnerProcessDied, match="exited with code 7") as died:
        check.run_learner("dies", 1)
    assert died.value.status == "crashed" and "dies(1), seed 5" in str(died.value)
    assert np.array_equal(mod.double(np.ones(1)), [2.0])  # a fresh worker took over


def test_tripwires_run_beside_the_learner(session, tmp_path):
    mod = _module(session, tmp_path)
    with pytest.raises(Mismatch, match="numpy.linalg"):
        _checker(mod, forbid=("numpy.linalg",)).run_learner("norm", np.ones(3))


def test_guards_must_come_from_the_kit(session, tmp_path):
    mod = _module(session, tmp_path)
    check = _checker(mod)
    check.guards.append(lambda what: None)
    with pytest.raises(TypeError, match="course_tools"):
        check.run_learner("double", np.ones(2))


def test_an_import_that_exits_fails_every_later_load_at_once(session, tmp_path):
    for i, (source, says) in enumerate([("import os\nos._exit(4)\n", "exited with code 4 while importing bad0.py"),
                                        ("import sys\nsys.exit(2)\n", r"called exit\(2\)"),
                                        ("raise ValueError('top-level')\n", "ValueError: top-level")]):
        with pytest.raises(LearnerImportError, match=says):
            _module(session, tmp_path, source, name=f"bad{i}")
        with pytest.raises(LearnerImportError, match=says):  # remembered: not imported a second time
            _module(session, tmp_path, None, name=f"bad{i}")


def test_staged_calls_time_whole_blocks(session, tmp_path):
    mod = _module(session, tmp_path)
    staged = _checker(mod).timed("double", np.ones(1000))
    assert _block(staged, 50) > 0
    session.close()
    with pytest.raises(Mismatch, match="restarted while it was being timed"):
        staged.repeat(1)


# --- what bubblewrap hides ----------------------------------------------------------------------------

PROBE = '''
import os

def look(paths):
    return {"uid": os.getuid(), "env": dict(os.environ), "root": sorted(os.listdir("/")),
            "exists": {p: os.path.exists(p) for p in paths}, "home": os.listdir(os.path.expanduser("~")),
            "pids": sorted(p for p in os.listdir("/proc") if p.isdigit()),
            "can_write_learner": os.access(os.path.dirname(__file__), os.W_OK)}
'''


def test_bubblewrap_hides_the_course_the_environment_and_other_processes(tmp_path, monkeypatch):
    from tests.grading_helpers import require_sandbox

    require_sandbox()
    kit = grade._sandbox_kit(catalog.load(ROOT), tmp_path / "kit")
    (tmp_path / "learner" / "day99").mkdir(parents=True)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_for_the_test")
    s = Session("bwrap", kit, tmp_path / "learner", forbidden=(ROOT,))
    try:
        mod = _module(s, tmp_path, PROBE, name="probe")
        seen = mod.look([str(ROOT), str(ROOT / "solutions"), str(tmp_path / "kit"), str(ROOT.parent),
                         "/etc/shadow", "/var", "/home"])
    finally:
        s.close()
    assert not any(seen["exists"].values()), seen["exists"]
    assert seen["home"] == [], seen["home"]  # HOME is an empty /tmp
    assert "GITHUB_TOKEN" not in seen["env"] and not any(k.startswith("AI100_") for k in seen["env"])
    assert seen["uid"] == 65534 and not seen["can_write_learner"]
    assert len(seen["pids"]) <= 3, seen["pids"]  # its own process tree only


def test_writes_around_an_input_reach_the_graders_canaries(session, tmp_path):
    import torch

    from course_tools.triton_guard import OutOfBounds, guarded

    mod = _module(session, tmp_path, """
        def writes_past_the_end(x):
            x.as_strided((x.numel() + 1,), (1,), x.storage_offset())[-1] = 7.0
            return x.clone()

        def writes_in_place(x):
            x[0] = 1.0
            return x.copy()
    """, name="oob")
    g = guarded(torch.zeros(10))
    check = _checker(mod)
    check.run_learner("writes_past_the_end", g.tensor)
    with pytest.raises(OutOfBounds, match="1 element past the end"):
        g.verify("day99")
    x = np.zeros(3)
    with pytest.raises(Mismatch, match="modified its input x"):
        check.run_learner("writes_in_place", x)
    assert x[0] == 1.0  # as if it had run here


def test_grade_sandbox_refuses_to_run_without_bubblewrap(monkeypatch, capsys):
    from course_tools import sandbox

    monkeypatch.setattr(sandbox, "probe_bwrap", lambda: "bubblewrap is not installed")
    assert grade.main(days=["day54"], sandbox=True, out=os.devnull, root=ROOT) == 2
    assert "--sandbox needs a working bubblewrap: bubblewrap is not installed" in capsys.readouterr().err


def test_a_learner_exception_keeps_its_builtin_type_across_the_boundary(session, tmp_path):
    mod = _module(session, tmp_path, """
        class Empty(ValueError):
            pass

        def refuses(x):
            raise Empty("no classes")
    """, name="raises")
    with pytest.raises(ValueError, match="your code raised Empty: no classes") as raised:
        _checker(mod).run_learner("refuses", 1)
    assert isinstance(raised.value, Mismatch)  # still reported as the learner's, with its traceback
    with pytest.raises(KeyError) as missing:
        _checker(_module(session, tmp_path)).run_learner("broken", 1)
    assert str(missing.value).startswith("day99: broken(1), seed 5\n")  # not quoted like a KeyError


def test_forbidding_adds_tripwires_for_one_block_in_the_sandbox_too(session, tmp_path):
    mod = _module(session, tmp_path)
    check = _checker(mod)
    with check.forbidding(("numpy.linalg",), "norm is yours to write"):
        with pytest.raises(Mismatch, match="norm is yours to write"):
            check.run_learner("norm", np.ones(3))
    assert check.run_learner("norm", np.ones(4)) == 2.0  # the block is over


def test_files_the_learner_writes_are_read_back_from_its_side(session, tmp_path):
    mod = _module(session, tmp_path, """
        def save(text, path):
            with open(path, "w") as fh:
                fh.write(text)
    """, name="writes")
    check = _checker(mod)
    path = f"{check.scratch_dir()}/out.txt"
    check.run_learner("save", "hello", path)
    assert check.read_file(path) == b"hello"
    assert check.read_file(f"{check.scratch_dir()}/none.txt") is None
