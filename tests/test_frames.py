"""pandas values as plain parts: the codec, recorded references and comparisons all carry them."""

import numpy as np
import pytest

from course_tools import checks, recorded
from course_tools.codec import CodecError, Decoder, Encoder

pd = pytest.importorskip("pandas")


def _table():
    df = pd.DataFrame({"Age": [22.0, np.nan, 40.0, 7.5], "Sex": ["male", "female", None, "male"],
                       "Deck": pd.Categorical(["C", "E", "C", None]), "Kids": pd.array([1, None, 0, 2], dtype="Int64"),
                       "When": pd.to_datetime(["1912-04-10", "1912-04-11", "1912-04-12", "1912-04-15"]),
                       "Any": np.array([1, "x", None, 2.5], dtype=object)}, index=pd.Index([5, 6, 7, 9], name="pid"))
    return df


@pytest.mark.parametrize("pick", [lambda d: d, lambda d: d["Age"], lambda d: d.index, lambda d: d.iloc[:0],
                                  lambda d: d.reset_index(drop=True), lambda d: d["Deck"]])
def test_codec_round_trips_frames_series_and_indexes(pick):
    value = pick(_table())
    encoder = Encoder()
    back = Decoder(encoder.buffers).decode(encoder.encode(value))
    assert type(back) is type(value)
    if isinstance(value, pd.DataFrame):
        pd.testing.assert_frame_equal(back, value)
    elif isinstance(value, pd.Series):
        pd.testing.assert_series_equal(back, value)
    else:
        pd.testing.assert_index_equal(back, value)


def test_multiindex_is_refused_with_a_reason():
    df = _table().set_index(["Sex", "Age"])
    with pytest.raises(CodecError, match="MultiIndex"):
        Encoder().encode(df)


def test_recorded_calls_key_and_replay_frames():
    store = recorded.Store()
    store.put("clean", (_table(),), {}, _table().fillna({"Age": 0.0}), {"global mean": _table()})
    again = recorded.Store.from_bytes(store.to_bytes()).get("clean", (_table(),), {})
    pd.testing.assert_frame_equal(again["out"], _table().fillna({"Age": 0.0}))
    changed = _table()
    changed.loc[5, "Age"] = 23.0
    with pytest.raises(recorded.NoRecordedReference):
        recorded.Store.from_bytes(store.to_bytes()).get("clean", (changed,), {})


def test_comparisons_name_the_column_row_and_values():
    want = _table()
    assert checks.compare(_table(), want) is None
    got = _table()
    got["Sex"] = got["Sex"].str.upper()
    assert "['Sex']: 3 of 4 values differ; first at row 0: expected 'male', got 'MALE'" in checks.compare(got, want)
    assert "missing ['Age']" in checks.compare(want.drop(columns="Age"), want)
    got = _table()
    got["Age"] = got["Age"] * 1.001
    assert "['Age']: values differ" in checks.compare(got, want)
    assert "dtype: expected float64, got int64" in checks.compare(want.assign(Age=[1, 2, 3, 4]), want)
    assert "expected a DataFrame, got ndarray" in checks.compare(want.to_numpy(), want)
