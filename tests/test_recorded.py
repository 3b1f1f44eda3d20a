"""Recorded reference values: the store round trip, byte-stable files, and keys that see every change.

Run: pytest tests/test_recorded.py
"""

import numpy as np
import pytest

from course_tools.recorded import NoRecordedReference, Store, call_key

torch = pytest.importorskip("torch")

X = np.arange(6.0).reshape(2, 3)


def roundtrip(out, mistakes=None):
    store = Store()
    store.put("f", (X,), {}, out, mistakes or {})
    return Store.from_bytes(store.to_bytes()).get("f", (X.copy(),), {})


@pytest.mark.parametrize("array", [
    np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4),
    np.linspace(-1, 1, 12, dtype=np.float64).reshape(4, 3),
    np.tril(np.ones((3, 3), dtype=bool)),
    np.arange(-4, 5, dtype=np.int64),
    np.arange(7, dtype=np.int32),
    np.zeros((0, 3)),
    np.arange(12.0).reshape(3, 4).T,  # not C-contiguous
], ids=["float32", "float64", "bool", "int64", "int32", "empty", "transposed"])
def test_store_roundtrip_arrays_keep_values_dtype_shape(array):
    back = roundtrip(array)["out"]
    assert isinstance(back, np.ndarray)
    assert back.dtype == array.dtype
    assert back.shape == array.shape
    np.testing.assert_array_equal(back, array)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.int64, torch.bool])
def test_store_roundtrip_torch_tensor_comes_back_as_tensor(dtype):
    tensor = (torch.arange(6).reshape(2, 3) % 2).to(dtype)
    back = roundtrip(tensor)["out"]
    assert isinstance(back, torch.Tensor)
    assert back.dtype == dtype
    assert torch.equal(back, tensor)


def test_store_roundtrip_nested_containers_and_scalars():
    out = (np.ones(2), [np.zeros(1, dtype=np.float32), 3], {"loss": 0.5, "steps": 4, "name": "sgd", "ok": True,
                                                               "none": None, "best": np.float32(0.25)})
    back = roundtrip(out)["out"]
    assert isinstance(back, tuple) and len(back) == 3
    np.testing.assert_array_equal(back[0], np.ones(2))
    assert isinstance(back[1], list)
    assert back[1][0].dtype == np.float32 and back[1][1] == 3
    d = back[2]
    assert d["loss"] == 0.5 and type(d["loss"]) is float
    assert d["steps"] == 4 and type(d["steps"]) is int
    assert d["name"] == "sgd" and d["ok"] is True and d["none"] is None
    assert d["best"] == np.float32(0.25) and d["best"].dtype == np.float32


def test_store_roundtrip_numpy_scalar_keeps_dtype():
    back = roundtrip(np.float64(2.5))["out"]
    assert back == 2.5
    assert back.dtype == np.float64
    assert np.ndim(back) == 0


def test_store_roundtrip_keeps_mistakes():
    entry = roundtrip(np.ones(3), {"no scaling": np.full(3, 2.0), "wrong axis": np.zeros(3)})
    assert set(entry["mistakes"]) == {"no scaling", "wrong axis"}
    np.testing.assert_array_equal(entry["mistakes"]["no scaling"], np.full(3, 2.0))


def _store_with(names, reverse=False) -> Store:
    store = Store()
    calls = [(n, (X + i,), {"axis": i}) for i, n in enumerate(names)]
    for name, args, kwargs in (reversed(calls) if reverse else calls):
        store.put(name, args, kwargs, args[0] * 2, {"b": args[0], "a": args[0] + 1})
    return store


def test_store_to_bytes_is_identical_across_builds():
    names = ["softmax", "attention", "causal_mask", "attention_weights"]
    first = _store_with(names).to_bytes()
    second = _store_with(names, reverse=True).to_bytes()  # same calls recorded in another order
    assert first == second
    assert Store.from_bytes(first).to_bytes() == first  # and reading then writing changes nothing


def test_store_save_and_load(tmp_path):
    path = tmp_path / "reference_values.npz"
    _store_with(["f"]).save(path)
    np.testing.assert_array_equal(Store.load(path).get("f", (X,), {"axis": 0})["out"], X * 2)


def test_store_load_missing_file_says_restore_it(tmp_path):
    with pytest.raises(NoRecordedReference, match="missing"):
        Store.load(tmp_path / "reference_values.npz")


def test_store_changed_input_says_inputs_changed():
    store = Store.from_bytes(_store_with(["attention"]).to_bytes())
    changed = X.copy()
    changed[0, 0] += 1e-9
    with pytest.raises(NoRecordedReference) as info:
        store.get("attention", (changed,), {"axis": 0})
    message = str(info.value)
    assert "attention((2, 3) float64, axis=0)" in message
    assert "changed" in message


def test_store_unknown_function_has_no_reference():
    with pytest.raises(NoRecordedReference):
        _store_with(["attention"]).get("softmax", (X,), {"axis": 0})


# --- call_key ----------------------------------------------------------------------------------

def test_call_key_same_for_equal_inputs():
    assert call_key("f", (X,), {"m": None}) == call_key("f", (X.copy(),), {"m": None})
    assert call_key("f", (np.asfortranarray(X),), {}) == call_key("f", (X,), {})  # memory layout is not input
    assert call_key("f", (X,), {"a": 1, "b": 2}) == call_key("f", (X,), {"b": 2, "a": 1})


@pytest.mark.parametrize("other", [
    pytest.param(("f", (X.astype(np.float32),), {}), id="dtype"),
    pytest.param(("f", (X.reshape(3, 2),), {}), id="shape"),
    pytest.param(("f", (X.reshape(-1),), {}), id="ndim"),
    pytest.param(("f", (X + 1e-12,), {}), id="values"),
    pytest.param(("f", (X,), {"mask": None}), id="extra-kwarg"),
    pytest.param(("f", (X,), {"axis": -1}), id="kwarg"),
    pytest.param(("f", (X, 1), {}), id="extra-arg"),
    pytest.param(("g", (X,), {}), id="function"),
    pytest.param(("f", ([X],), {}), id="list-not-array"),
])
def test_call_key_differs_when_the_call_differs(other):
    assert call_key(*other) != call_key("f", (X,), {})


@pytest.mark.parametrize("a, b", [
    pytest.param(1, 1.0, id="int-vs-float"),
    pytest.param(True, 1, id="bool-vs-int"),
    pytest.param((1, 2), [1, 2], id="tuple-vs-list"),
    pytest.param({"axis": 0}, {"axis": 1}, id="dict-values"),
    pytest.param("mean", "sum", id="strings"),
])
def test_call_key_differs_for_python_values(a, b):
    assert call_key("f", (a,), {}) != call_key("f", (b,), {})


def test_call_key_rejects_unkeyable_arguments():
    with pytest.raises(TypeError, match="cannot key"):
        call_key("f", (object(),), {})


def test_bytes_arguments_and_results_are_recorded():
    store = Store()
    store.put("manifest", ({"app/main.py": b"\x00print()"},), {}, b"digest", {})
    again = Store.from_bytes(store.to_bytes())
    assert again.get("manifest", ({"app/main.py": b"\x00print()"},), {})["out"] == b"digest"
    with pytest.raises(NoRecordedReference):
        again.get("manifest", ({"app/main.py": b"\x00print() "},), {})


def _policy(question):
    return question.upper()


def test_call_key_names_functions_and_refuses_lambdas():
    from course_tools import text_data

    assert call_key("run_agent", ("q", _policy), {}) == call_key("run_agent", ("q", _policy), {})
    assert call_key("run_agent", ("q", _policy), {}) != call_key("run_agent", ("q", text_data.make_reviews), {})
    with pytest.raises(TypeError, match="lambda or nested function"):
        call_key("run_agent", ("q", lambda q: q), {})


def test_call_key_of_a_torch_module_follows_its_weights():
    torch = pytest.importorskip("torch")
    a = torch.nn.Linear(3, 2)
    b = torch.nn.Linear(3, 2)
    b.load_state_dict(a.state_dict())
    assert call_key("perplexity", (a,), {}) == call_key("perplexity", (b,), {})
    with torch.no_grad():
        b.bias.add_(1e-6)
    assert call_key("perplexity", (a,), {}) != call_key("perplexity", (b,), {})


def test_store_roundtrip_keeps_a_0d_result_0d():
    torch = pytest.importorskip("torch")
    store = Store()
    store.put("loss", (1,), {}, np.array(2.5), {})
    store.put("loss_t", (1,), {}, torch.tensor(2.5, dtype=torch.float64), {})
    back = Store.from_bytes(store.to_bytes())
    assert back.get("loss", (1,), {})["out"].shape == ()
    assert back.get("loss_t", (1,), {})["out"].shape == ()
