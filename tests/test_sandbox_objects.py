"""Objects across the sandbox: pandas frames as data, learner objects as proxies, the grader's own
models and estimators copied in (and a torch module's changes copied back), fixtures by name, and
files the grader writes for the learner's code. Uses the plain-process worker (same protocol)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import numpy as np
import pytest

from course_tools import catalog, grade
from course_tools.checks import CallChecker, Mismatch
from course_tools.sandbox import RemoteModule, Session
from tests.grading_helpers import require_sandbox

pd = pytest.importorskip("pandas")
torch = pytest.importorskip("torch")
ROOT = Path(__file__).resolve().parents[1]

LEARNER = '''
import os
import numpy as np

def fill_ages(df):
    out = df.copy()
    out["Age"] = out["Age"].fillna(out["Age"].median())
    return out

def fill_ages_in_place(df):
    df["Age"] = df["Age"].fillna(0.0)
    return df.copy()

class Scaler:
    def __init__(self, ddof=0):
        self.ddof = ddof
    def fit(self, X):
        self.mean_ = X.mean(axis=0)
        return self
    def transform(self, X):
        return X - self.mean_
    def __len__(self):
        return 3

def make_scaler(ddof=0):
    return Scaler(ddof)

def predict_with(model, X):
    return model.predict(X)

def freeze_first(model):
    first = next(model.parameters())
    first.requires_grad_(False)
    with __import__("torch").no_grad():
        first.add_(1.0)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)

def call_it(fn, *args):
    return fn(*args)

class Logger:
    def __init__(self, clock):
        self.clock = clock
    def tick(self):
        return self.clock() * 2

def read_bytes(path):
    with open(path, "rb") as fh:
        return fh.read()

class TanhLayer(__import__("torch").nn.Module):
    def __init__(self):
        super().__init__()
        torch = __import__("torch")
        self.lin = torch.nn.Linear(3, 2)
        with torch.no_grad():
            self.lin.weight.copy_(torch.arange(6.0).reshape(2, 3) / 10)
            self.lin.bias.fill_(0.5)
    def forward(self, x):
        return __import__("torch").tanh(self.lin(x))

def count_params(model):
    return sum(p.numel() for p in model.parameters())
'''


@pytest.fixture(params=["process", "bwrap"])
def module(request, tmp_path):
    if request.param == "bwrap":
        require_sandbox()
    kit = grade._sandbox_kit(catalog.load(ROOT), tmp_path / "kit")
    learner = tmp_path / "learner" / "day99"
    learner.mkdir(parents=True)
    (learner / "mod.py").write_text(textwrap.dedent(LEARNER))
    session = Session(request.param, kit, tmp_path / "learner")
    yield RemoteModule(session, learner / "mod.py", "learner_mod")
    session.close()


def _checker(module):
    return CallChecker(day="day99", learner=module, ref=None, seed=5)


def _frame():
    return pd.DataFrame({"Age": [22.0, np.nan, 40.0], "Sex": ["male", "female", None],
                         "Pclass": pd.Categorical([3, 1, 2])}, index=[10, 11, 12])


def test_frames_cross_both_ways_as_data(module):
    got = _checker(module).run_learner("fill_ages", _frame())
    want = _frame()
    want["Age"] = want["Age"].fillna(31.0)
    pd.testing.assert_frame_equal(got, want)


def test_a_frame_changed_in_place_is_caught(module):
    with pytest.raises(Mismatch, match=r"modified its input df in place \(\['Age'\]"):
        _checker(module).run_learner("fill_ages_in_place", _frame())


def test_learner_objects_answer_attribute_reads_and_method_calls(module):
    scaler = _checker(module).run_learner("make_scaler", ddof=1)
    assert scaler.ddof == 1 and len(scaler) == 3
    X = np.arange(6.0).reshape(3, 2)
    fitted = scaler.fit(X)
    assert np.array_equal(fitted.mean_, [2.0, 3.0])
    assert np.array_equal(scaler.transform(X), X - [2.0, 3.0])
    with pytest.raises(AttributeError):
        scaler.no_such_attribute  # noqa: B018 - the learner's AttributeError keeps its type


def test_a_learner_object_calls_the_graders_function_in_a_later_call(module):
    times = iter([1.5, 4.0])
    logger = _checker(module).run_learner("Logger", lambda: next(times))
    assert logger.tick() == 3.0 and logger.tick() == 8.0


def test_grader_estimators_are_copied_in(module):
    from sklearn.linear_model import LinearRegression

    X = np.arange(8.0).reshape(4, 2)
    model = LinearRegression().fit(X, X @ [1.0, 2.0])
    assert np.allclose(_checker(module).run_learner("predict_with", model, X), model.predict(X))


def test_a_grader_torch_module_changed_in_place_is_copied_back(module):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
    before = model[0].weight.detach().clone()
    assert _checker(module).run_learner("freeze_first", model) == 2 + 2 + 1
    assert not model[0].weight.requires_grad
    assert torch.equal(model[0].weight.detach(), before + 1.0)


def test_fixture_functions_run_in_the_learners_process(module):
    assert _checker(module).run_learner("call_it", os.getpid) == os.getpid()  # a grader function: called back
    from course_tools.fixtures import process_id  # a fixture: imported and run over there
    assert _checker(module).run_learner("call_it", process_id) != os.getpid()


def test_the_grader_can_write_a_file_the_learner_reads(module):
    check = _checker(module)
    folder = check.scratch_dir()
    check.write_file(f"{folder}/model.bin", b"\x00\x01flipped")
    assert check.run_learner("read_bytes", f"{folder}/model.bin") == b"\x00\x01flipped"
    with pytest.raises(RuntimeError, match="grader error: .* not inside a scratch folder"):
        check.write_file("/tmp/elsewhere.bin", b"x")


def test_a_grader_object_the_sandbox_cannot_rebuild_is_the_graders_error(module):
    class Local:
        pass

    with pytest.raises(Exception, match="cannot be sent|cannot rebuild"):
        _checker(module).run_learner("predict_with", Local(), np.zeros(1))


def _tanh_layer_autograd(x, g):
    w = torch.tensor(np.arange(6.0).reshape(2, 3) / 10, requires_grad=True)
    b = torch.full((2,), 0.5, dtype=torch.float64, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    out = torch.tanh(xt @ w.T + b)
    (out * torch.tensor(g)).sum().backward()
    return out.detach().numpy(), xt.grad.numpy(), w.grad.numpy(), b.grad.numpy()


def test_in_learner_takes_gradients_through_the_learners_module(module):
    from course_tools.gradients import module_gradients

    check = _checker(module)
    layer = check.run_learner("TanhLayer")
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    out, (dx,), params = check.in_learner(module_gradients, layer, [x], g)
    want_out, want_dx, want_dw, want_db = _tanh_layer_autograd(x, g)
    assert out.dtype == np.float64 and np.allclose(out, want_out, atol=1e-12)
    assert np.allclose(dx, want_dx, atol=1e-12)
    assert set(params) == {"lin.weight", "lin.bias"}
    assert np.allclose(params["lin.weight"], want_dw, atol=1e-12) and np.allclose(params["lin.bias"], want_db, atol=1e-12)


def test_in_learner_runs_under_the_days_tripwires(module):
    from course_tools.gradients import module_gradients

    check = CallChecker(day="day99", learner=module, ref=None, seed=5, forbid=("torch.tanh",),
                        forbid_reason="write tanh yourself")
    layer = _checker(module).run_learner("TanhLayer")
    with pytest.raises(Exception, match="tanh"):
        check.in_learner(module_gradients, layer, [np.ones((1, 3))], np.ones((1, 2)))


def test_in_learner_refuses_a_function_from_a_grader_file(module):
    with pytest.raises(TypeError, match="course_tools.fixtures"):
        _checker(module).in_learner(_tanh_layer_autograd, np.ones((1, 3)), np.ones((1, 2)))


def test_in_learner_without_a_sandbox_calls_in_this_process(tmp_path):
    from course_tools.gradients import module_gradients
    from course_tools.loading import load_file

    path = tmp_path / "mod.py"
    path.write_text(textwrap.dedent(LEARNER))
    learner = load_file(path, "learner_inprocess_mod")
    check = CallChecker(day="day99", learner=learner, ref=None, seed=5)
    x, g = np.ones((2, 3)), np.ones((2, 2))
    layer = learner.TanhLayer()
    out, (dx,), _ = check.in_learner(module_gradients, layer, [x], g)
    assert np.allclose(out, _tanh_layer_autograd(x, g)[0]) and np.allclose(dx, _tanh_layer_autograd(x, g)[1])
    assert layer.lin.weight.grad is None and layer.lin.weight.dtype == torch.float32, \
        "module_gradients works on a float64 copy: the learner's own module keeps its dtype and gradients"


def test_tripwired_puts_method_calls_on_learner_objects_under_the_tripwires(module):
    scaler = _checker(module).run_learner("make_scaler")
    X = np.arange(6.0).reshape(3, 2)
    strict = CallChecker(day="day99", learner=module, ref=None, seed=5, forbid=("numpy.ndarray.mean",),
                         forbid_reason="compute the mean yourself")
    assert np.array_equal(scaler.fit(X).mean_, [2.0, 3.0]), "outside the block, no tripwire"
    with pytest.raises(Exception, match=r"(?s)day99: Scaler\.fit.*called numpy\.ndarray\.mean"):
        with strict.tripwired("day99: Scaler.fit((3, 2) float64)"):
            scaler.fit(X)
    assert np.array_equal(scaler.fit(X).mean_, [2.0, 3.0]), "the block's wire is gone after it"


def test_a_learner_modules_state_dict_is_data_and_the_module_goes_back_in(module):
    check = _checker(module)
    layer = check.run_learner("TanhLayer")
    state = layer.state_dict()
    assert isinstance(state, dict) and set(state) == {"lin.weight", "lin.bias"}  # an OrderedDict, sent as data
    assert np.allclose(np.asarray(state["lin.bias"]), 0.5)
    assert check.run_learner("count_params", layer) == 8  # its own object, passed back by handle
