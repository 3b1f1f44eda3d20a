"""pandas frames as plain parts, so they can cross the sandbox, be recorded and be compared.

A DataFrame becomes a description (column labels, each column's dtype, the index) plus one value
per column: a NumPy array for NumPy-backed dtypes, else a list of plain Python values with None
for missing. Rebuilding never runs code from the data: dtypes are parsed by pandas from their
names. Series and Index travel the same way. MultiIndex and nested objects are not data here.
pandas is imported only when a frame is actually met.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "pandas" and kind_of(value) is not None


def kind_of(value: Any) -> str | None:
    """'frame', 'series' or 'index' for the pandas containers the kit carries, else None."""
    name = type(value).__name__
    if name == "DataFrame":
        return "frame"
    if name == "Series":
        return "series"
    if name in ("Index", "RangeIndex") or (name.endswith("Index") and name != "MultiIndex"
                                            and hasattr(value, "dtype") and getattr(value, "nlevels", 2) == 1):
        return "index"
    return None


def _plain(item: Any) -> Any:
    """A cell of a non-NumPy column as a plain value; missing values of any kind become None."""
    if item is None or (isinstance(item, float) and item != item):
        return None
    import pandas as pd

    if item is pd.NA or item is pd.NaT:
        return None
    if isinstance(item, np.generic):
        return item.item()
    if isinstance(item, (bool, int, float, str, bytes)):
        return item
    raise TypeError(f"a table cell of type {type(item).__name__} is not plain data")


def column_parts(values: Any) -> tuple[dict, Any]:
    """(description, payload) of a Series' or Index's values: an array when NumPy holds them."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and not dtype.hasobject:
        return {"dtype": dtype.str}, np.asarray(values)
    if str(dtype) == "category":
        codes = np.asarray(values.cat.codes if hasattr(values, "cat") else values.codes)
        return {"dtype": "category", "ordered": bool(dtype.ordered),
                "categories": [_plain(v) for v in dtype.categories.tolist()]}, codes
    return {"dtype": str(dtype)}, [_plain(v) for v in values.tolist()]


def column_from_parts(desc: dict, payload: Any) -> Any:
    """The values described by column_parts, as a pandas array or NumPy array for a constructor."""
    import pandas as pd

    dtype = desc.get("dtype")
    if dtype == "category":
        return pd.Categorical.from_codes(np.asarray(payload, dtype=np.int64), categories=list(desc["categories"]),
                                         ordered=bool(desc.get("ordered")))
    if isinstance(payload, np.ndarray):
        return payload
    if not isinstance(payload, list) or not isinstance(dtype, str):
        raise ValueError("a malformed table column")
    if dtype == "object":
        out = np.empty(len(payload), dtype=object)
        out[:] = payload
        return out
    return pd.array(payload, dtype=pd.api.types.pandas_dtype(dtype))


def _index_parts(index: Any) -> tuple[dict, Any]:
    if type(index).__name__ == "RangeIndex":
        return {"range": [index.start, index.stop, index.step], "name": _plain_label(index.name)}, None
    if getattr(index, "nlevels", 1) != 1:
        raise TypeError("a table with a MultiIndex is not plain data: reset_index() first")
    desc, payload = column_parts(index)
    desc["name"] = _plain_label(index.name)
    return desc, payload


def _index_from_parts(desc: dict, payload: Any) -> Any:
    import pandas as pd

    if "range" in desc:
        start, stop, step = (int(v) for v in desc["range"])
        return pd.RangeIndex(start, stop, step, name=desc.get("name"))
    return pd.Index(column_from_parts(desc, payload), name=desc.get("name"))


def _plain_label(label: Any) -> Any:
    if label is None or isinstance(label, (bool, int, float, str)):
        return label
    if isinstance(label, np.generic):
        return label.item()
    if isinstance(label, tuple):
        return tuple(_plain_label(v) for v in label)
    raise TypeError(f"a column or index label of type {type(label).__name__} is not plain data")


def to_parts(value: Any) -> tuple[dict, list[Any]]:
    """(description, payloads) of a DataFrame, Series or Index; payloads are arrays or plain lists."""
    kind = kind_of(value)
    if kind == "frame":
        if getattr(value.columns, "nlevels", 1) != 1:
            raise TypeError("a table with MultiIndex columns is not plain data")
        index_desc, index_payload = _index_parts(value.index)
        columns, payloads = [], [index_payload]
        for position in range(value.shape[1]):
            desc, payload = column_parts(value.iloc[:, position])
            columns.append(desc)
            payloads.append(payload)
        return {"kind": "frame", "labels": [_plain_label(c) for c in value.columns], "columns": columns,
                "index": index_desc}, payloads
    if kind == "series":
        index_desc, index_payload = _index_parts(value.index)
        desc, payload = column_parts(value)
        return {"kind": "series", "name": _plain_label(value.name), "column": desc, "index": index_desc}, \
            [index_payload, payload]
    if kind == "index":
        desc, payload = _index_parts(value)
        return {"kind": "index", "index": desc}, [payload]
    raise TypeError(f"{type(value).__name__} is not a pandas DataFrame, Series or Index")


def from_parts(desc: dict, payloads: list[Any]) -> Any:
    import pandas as pd

    kind = desc.get("kind")
    if kind == "frame":
        labels, columns = desc["labels"], desc["columns"]
        if len(labels) != len(columns) or len(payloads) != len(columns) + 1:
            raise ValueError("a malformed table")
        index = _index_from_parts(desc["index"], payloads[0])
        data = {i: column_from_parts(c, p) for i, (c, p) in enumerate(zip(columns, payloads[1:]))}
        frame = pd.DataFrame(data, index=index)
        frame.columns = pd.Index([tuple(x) if isinstance(x, list) else x for x in labels])
        return frame
    if kind == "series":
        index = _index_from_parts(desc["index"], payloads[0])
        return pd.Series(column_from_parts(desc["column"], payloads[1]), index=index, name=desc.get("name"))
    if kind == "index":
        return _index_from_parts(desc["index"], payloads[0])
    raise ValueError("a malformed table")


def digest_text(value: Any) -> bytes:
    """Stable bytes naming a pandas value's exact contents (for keying recorded calls)."""
    import json

    desc, payloads = to_parts(value)
    chunks = [json.dumps(desc, sort_keys=True, default=str).encode()]
    for p in payloads:
        if isinstance(p, np.ndarray):
            arr = np.ascontiguousarray(p)
            chunks.append(f"nd{arr.dtype.str}{arr.shape}".encode() + arr.tobytes())
        else:
            chunks.append(json.dumps(p, default=repr).encode())
    return b"\x00".join(chunks)


def differences(got: Any, want: Any, compare_values) -> str | None:
    """The first difference between two pandas values; `compare_values(g, w, path)` judges one column."""
    import pandas as pd

    if kind_of(got) != kind_of(want):
        return f"expected a {type(want).__name__}, got {type(got).__name__}"
    if kind_of(want) == "frame":
        if list(got.columns) != list(want.columns):
            missing = [c for c in want.columns if c not in list(got.columns)]
            extra = [c for c in got.columns if c not in list(want.columns)]
            detail = (f"missing {missing}" if missing else "") + (f" extra {extra}" if extra else "")
            return f"columns: expected {list(want.columns)}, got {list(got.columns)}" + (
                f" ({detail.strip()})" if detail else " (same names, another order)")
        if got.shape[0] != want.shape[0]:
            return f"rows: expected {want.shape[0]}, got {got.shape[0]}"
        if not got.index.equals(want.index):
            return "the index differs (keep the input's row labels, or reset_index(drop=True) as documented)"
        for position, label in enumerate(want.columns):
            problem = _column_difference(got.iloc[:, position], want.iloc[:, position], f"[{label!r}]",
                                         compare_values)
            if problem:
                return problem
        return None
    if kind_of(want) == "series":
        if len(got) != len(want):
            return f"length: expected {len(want)}, got {len(got)}"
        if not got.index.equals(want.index):
            return "the index differs"
        return _column_difference(got, want, "", compare_values)
    return None if pd.Index(got).equals(pd.Index(want)) else f"expected index {list(want)[:8]}, got {list(got)[:8]}"


def _column_difference(got: Any, want: Any, path: str, compare_values) -> str | None:
    if str(got.dtype) != str(want.dtype):
        return f"{path}: dtype: expected {want.dtype}, got {got.dtype}"
    w, g = want.to_numpy(), got.to_numpy()
    if w.dtype.kind in "biuf" and g.dtype.kind in "biuf":
        return compare_values(g, w, path)
    if w.dtype.kind in "Mm" and g.dtype == w.dtype:  # times compare as their integer ticks, NaT included
        w, g = w.view(np.int64), g.view(np.int64)
    wl, gl = [_plain(v) for v in w.tolist()], [_plain(v) for v in g.tolist()]
    for row, (a, b) in enumerate(zip(gl, wl)):
        if a != b:
            n_bad = sum(x != y for x, y in zip(gl, wl))
            return f"{path}: {n_bad} of {len(wl)} values differ; first at row {row}: expected {b!r}, got {a!r}"
    return None
