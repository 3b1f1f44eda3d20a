"""The sandbox's codec: values survive the trip, and what comes back is data, never code."""

from __future__ import annotations

import io
import json
import struct

import numpy as np
import pytest
import torch

from course_tools.codec import CodecError, Decoder, Encoder, Handle, read_frame, write_frame


def _trip(value, **encoder_hooks):
    enc = Encoder(**encoder_hooks)
    tree = enc.encode(value)
    buf = io.BytesIO()
    write_frame(buf, {"value": tree}, enc.buffers)
    buf.seek(0)
    header, buffers = read_frame(buf)
    return Decoder(buffers, on_handle=lambda n: Handle(n["h"], n["type"])).decode(header["value"])


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "int64", "int8", "uint8", "bool", "complex128"])
def test_numpy_arrays_keep_dtype_shape_and_values(dtype):
    x = (np.random.default_rng(0).standard_normal((3, 4, 2)) * 10).astype(dtype)
    got = _trip(x)
    assert got.dtype == x.dtype and got.shape == x.shape and np.array_equal(got, x)
    assert got.flags.writeable


def test_non_contiguous_arrays_keep_their_layout():
    for x in (np.arange(24.0).reshape(4, 6)[:, ::2].T, np.arange(10)[::-3], np.zeros((0, 3))):
        got = _trip(x)
        assert np.array_equal(got, x) and got.strides == x.strides and got.flags.writeable


def test_a_column_slice_tensor_keeps_its_row_stride_and_what_lies_between_rows():
    wide = torch.full((3, 8), float("nan"))
    wide[:, :5] = torch.arange(15.0).reshape(3, 5)
    x = wide[:, :5]
    got = _trip(x)
    assert got.stride() == (8, 1) and torch.equal(got, x)
    assert torch.isnan(got.as_strided((2, 8), (8, 1))[:, 5:]).all()  # the gaps came along
    assert _trip(torch.ones(4, 3).t()).stride() == (1, 3)


def test_strides_that_reach_outside_the_bytes_are_refused():
    with pytest.raises(CodecError, match="strides"):
        Decoder([b"\0" * 16]).decode({"a": 0, "dtype": "<f8", "shape": [4], "strides": [8], "offset": 0})
    with pytest.raises(CodecError, match="strides"):
        Decoder([b"\0" * 16]).decode({"t": 0, "dtype": "float64", "shape": [4], "strides": [1]})


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bfloat16, torch.int64, torch.bool])
def test_torch_tensors_keep_dtype_shape_values_and_grad_flag(dtype):
    x = (torch.arange(12, dtype=torch.float32).reshape(3, 4) - 5).to(dtype)
    got = _trip(x)
    assert got.dtype == dtype and got.shape == x.shape and torch.equal(got, x)
    g = _trip(torch.ones(2, requires_grad=True))
    assert g.requires_grad


def test_plain_values_and_containers():
    value = {"w1": np.ones(2), (1, "a"): [1, 2.5, None, True, "s", 3 + 4j, b"raw"], "scalar": np.float32(1.5),
             "set": {1, 2}, "dtype": np.dtype("float32"), "type": np.float64, "tdtype": torch.float16}
    got = _trip(value)
    assert got[(1, "a")] == [1, 2.5, None, True, "s", 3 + 4j, b"raw"]
    assert isinstance(got["scalar"], np.float32) and got["scalar"] == np.float32(1.5)
    assert got["set"] == {1, 2} and got["dtype"] == np.float32 and got["type"] is np.float64
    assert got["tdtype"] is torch.float16
    assert isinstance(_trip((1, 2)), tuple) and isinstance(_trip([1, 2]), list)


def test_unknown_objects_need_a_hook_and_cross_as_handles():
    class Cache:
        pass

    with pytest.raises(CodecError, match="Cache cannot be passed"):
        Encoder().encode(Cache())
    kept = {}
    got = _trip({"cache": Cache()}, on_other=lambda obj: kept.setdefault("h", {"h": 7, "type": type(obj).__name__}))
    assert got["cache"] == Handle(7, "Cache")
    assert "Cache" in repr(got["cache"])


def test_aliases_are_marked_on_leaves():
    x = np.ones(3)
    enc = Encoder(alias_of=lambda leaf: 0 if leaf is x else None)
    tree = enc.encode((x, np.zeros(2)))
    dec = Decoder(enc.buffers)
    out = dec.decode(tree)
    assert dec.aliased == {id(out[0]): 0}


@pytest.mark.parametrize("tree, buffers, says", [
    ({"a": 0, "dtype": "|O", "shape": [1]}, [b"\0" * 8], "object arrays"),
    ({"a": 0, "dtype": "<f8", "shape": [3]}, [b"\0" * 16], "do not match"),
    ({"a": 5, "dtype": "<f8", "shape": [1]}, [], "missing buffer"),
    ({"a": 0, "dtype": "<f8", "shape": [-1]}, [b""], "shape"),
    ({"pickle": "gASV"}, [], "unknown kind"),
    ({"v": {"nested": 1}}, [], "plain value"),
    ({"t": 0, "dtype": "Tensor", "shape": [1]}, [b"\0" * 4], "torch dtype"),
    ({"dict": [[{"list": []}, {"v": 1}]]}, [], "hashed"),
])
def test_malformed_trees_are_refused(tree, buffers, says):
    with pytest.raises(CodecError, match=says):
        Decoder(buffers).decode(tree)


def test_deep_nesting_is_refused():
    tree = {"v": 1}
    for _ in range(100):
        tree = {"list": [tree]}
    with pytest.raises(CodecError):
        Decoder([]).decode(tree)


def test_an_oversized_frame_is_refused_before_it_is_read():
    buf = io.BytesIO(struct.pack("<QI", 1 << 40, 0))
    with pytest.raises(CodecError, match="refused"):
        read_frame(buf)
    body = json.dumps({"x": 1}).encode()
    truncated = io.BytesIO(struct.pack("<QI", len(body), 1) + body + struct.pack("<Q", 100) + b"short")
    with pytest.raises(EOFError):
        read_frame(truncated)
