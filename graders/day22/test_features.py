"""Hidden graders for day 22 (scikit-learn compatible transformers and a ColumnTransformer).

The learner's classes return objects, not arrays, so each test builds one through
`check.run_learner`, fits it on the training rows of a seeded census-like table and compares what
it gives on OTHER rows with scikit-learn's StandardScaler / OneHotEncoder(handle_unknown="ignore")
fitted on the same training rows, within atol 1e-12. Method calls on learner objects run under the
day's tripwires too (`check.tripwired`, in the sandbox as well). Sizes here (203 training rows, 61
test rows, unknown categories planted in the test rows) are never used by the visible tests.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_adult_like

TOL = "formula_vs_library"  # atol 1e-12: the day's criterion against scikit-learn
NUM = ["age", "education_num", "hours_per_week", "capital_gain"]
CAT = ["education", "marital_status", "sex", "race", "native_region"]
N_TRAIN, N_TEST = 203, 61


def _tables(seed, unknown=True):
    """(train, test) DataFrames from two seeds; a few test cells hold categories training never saw."""
    train, test = make_adult_like(N_TRAIN, seed), make_adult_like(N_TEST, seed + 1)
    if unknown:
        rng = np.random.default_rng(seed)
        for col in CAT:
            rows = rng.choice(N_TEST, size=3, replace=False)
            test.loc[test.index[rows], col] = f"unseen-{col}"
    return train, test


def _names(value):
    """Feature names as a list of str, from an array (or a proxy of one) or a list."""
    return [str(n) for n in (value.tolist() if hasattr(value, "tolist") else value)]


def _same_names(got, want, what):
    got, want = _names(got), _names(want)
    if got != want:
        first = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
        raise Mismatch(f"{what}\n  feature names differ: expected {len(want)} names, got {len(got)}; first "
                       f"difference at {first}: expected {want[first] if first < len(want) else '(none)'!r}, "
                       f"got {got[first] if first < len(got) else '(none)'!r}")


def _no_error(what, call, because):
    """Run a learner call; an exception other than NotImplementedError becomes a teaching failure."""
    try:
        return call()
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - the learner's error is the finding
        raise Mismatch(f"{what}\n  raised {type(exc).__name__}: {exc}\n  {because}") from None


def _scaler_mistakes(train, test):
    mean, std = train.mean(axis=0), train.std(axis=0)
    return {
        "std with ddof=1 (the sample std): StandardScaler divides by N, not N - 1":
            (test - mean) / train.std(axis=0, ddof=1),
        "transform used the mean and std of the rows it was given: reuse the numbers fit learned":
            (test - test.mean(axis=0)) / test.std(axis=0),
        "divided by the variance instead of the standard deviation": (test - mean) / std ** 2,
        "subtracted the mean but did not divide by the std": test - mean,
    }


def _sklearn_onehot(train):
    from sklearn.preprocessing import OneHotEncoder

    return OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(train)


def _sklearn_preprocessor(train):
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([("num", StandardScaler(), NUM),
                              ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), CAT)]).fit(train)


# --- StandardScalerFS ----------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_standard_scaler_matches_sklearn_on_new_rows(check, seed):
    from sklearn.preprocessing import StandardScaler

    train_df, test_df = _tables(seed)
    train, test = train_df[NUM].to_numpy(np.float64), test_df[NUM].to_numpy(np.float64)
    what = f"day22: StandardScalerFS().fit(train {train.shape}).transform(test {test.shape}), seed {seed}"
    scaler = check.run_learner("StandardScalerFS")
    with check.tripwired(what):
        scaler.fit(train)
        got = scaler.transform(test)
        got_train = scaler.transform(train)
        one_row = scaler.transform(test[:1])
    want = StandardScaler().fit(train)
    close(got, want.transform(test), what=what + " against sklearn StandardScaler", tol=TOL,
          mistakes=_scaler_mistakes(train, test))
    close(got_train, want.transform(train), what=what.replace("(test", "(train") + " against sklearn", tol=TOL,
          mistakes=_scaler_mistakes(train, train))
    close(one_row, got[:1], what=what + ": one row alone against the same row in the batch", tol=TOL,
          hint="transform must not depend on which other rows come with it: use only the fitted mean_ and scale_")


@pytest.mark.points(1)
def test_standard_scaler_fitted_attributes(check, seed):
    from sklearn.preprocessing import StandardScaler

    train = _tables(seed)[0][NUM].to_numpy(np.float64)
    what = f"day22: StandardScalerFS().fit({train.shape} float64), seed {seed}"
    scaler = check.run_learner("StandardScalerFS")
    with check.tripwired(what):
        scaler.fit(train)
    want = StandardScaler().fit(train)
    close(np.asarray(scaler.mean_), want.mean_, what=what + ": mean_", tol=TOL)
    close(np.asarray(scaler.scale_), want.scale_, what=what + ": scale_ (the population std, ddof=0)", tol=TOL)
    assert int(scaler.n_features_in_) == 4, f"{what}\n  n_features_in_ = {scaler.n_features_in_}, expected 4"


@pytest.mark.points(2)
def test_standard_scaler_constant_column_maps_to_zero(check, seed):
    rng = np.random.default_rng(seed)
    train = np.column_stack([rng.normal(3.0, 2.0, 37), np.full(37, 7.5), rng.normal(0.0, 0.3, 37)])
    test = np.column_stack([rng.normal(3.0, 2.0, 11), np.full(11, 7.5), rng.normal(0.0, 0.3, 11)])
    what = f"day22: StandardScalerFS on a (37, 3) table whose column 1 is constant, seed {seed}"
    scaler = check.run_learner("StandardScalerFS")
    with check.tripwired(what), np.errstate(all="ignore"):
        got = scaler.fit(train).transform(test)
    mean, std = train.mean(axis=0), train.std(axis=0)
    close(got, (test - mean) / np.where(std > 0, std, 1.0), what=what, tol=TOL,
          hint="a column with std 0 gets scale 1 (as StandardScaler): 0/0 would give NaN")
    close(np.asarray(scaler.scale_), np.where(std > 0, std, 1.0), what=what + ": scale_", tol=TOL,
          hint="scale_ is the std, and exactly 1.0 for a constant column (as StandardScaler)")


@pytest.mark.points(1)
def test_standard_scaler_feature_names(check, seed):
    from sklearn.preprocessing import StandardScaler

    train_df = _tables(seed)[0][NUM]
    what = f"day22: StandardScalerFS().fit(DataFrame with columns {NUM}).get_feature_names_out(), seed {seed}"
    frame_fit, array_fit = check.run_learner("StandardScalerFS"), check.run_learner("StandardScalerFS")
    with check.tripwired(what):
        frame_names = frame_fit.fit(train_df).get_feature_names_out()
        array_names = array_fit.fit(train_df.to_numpy()).get_feature_names_out()
        given = array_fit.get_feature_names_out(["a", "b", "c", "d"])
    _same_names(frame_names, StandardScaler().fit(train_df).get_feature_names_out(), what)
    _same_names(array_names, ["x0", "x1", "x2", "x3"], what.replace("DataFrame", "a plain array") + " (x0, x1, ...)")
    _same_names(given, ["a", "b", "c", "d"], what + " with input_features=['a', 'b', 'c', 'd']")


# --- OneHotFS ------------------------------------------------------------------------------------------

def _onehot_mistakes(train, test):
    """Wrong one-hot matrices a learner could produce, computed on these rows."""
    first_seen = [list(dict.fromkeys(train[:, j].tolist())) for j in range(train.shape[1])]
    blocks = [(test[:, j][:, None] == np.asarray(cats, dtype=object)[None, :]).astype(np.float64)
              for j, cats in enumerate(first_seen)]
    return {"categories in order of first appearance: sort each column's categories (np.unique)": np.hstack(blocks)}


@pytest.mark.points(3)
def test_one_hot_matches_sklearn_with_unknown_categories(check, seed):
    train_df, test_df = _tables(seed)
    train, test = train_df[CAT].to_numpy(), test_df[CAT].to_numpy()
    what = (f"day22: OneHotFS().fit(train {train.shape}).transform(test {test.shape} with unseen categories), "
            f"seed {seed}")
    encoder = check.run_learner("OneHotFS")
    with check.tripwired(what):
        encoder.fit(train)
        got = _no_error(what, lambda: encoder.transform(test),
                        "likely mistake: an unknown category raised an error — a value not seen in fit "
                        "must give all zeros in its column's block (handle_unknown='ignore')")
    close(got, _sklearn_onehot(train).transform(test), what=what + " against sklearn OneHotEncoder", tol=TOL,
          mistakes=_onehot_mistakes(train, test))


@pytest.mark.points(2)
def test_one_hot_unknown_row_is_all_zeros(check, seed):
    train = _tables(seed)[0][CAT].to_numpy()
    test = np.array([["never", "seen", "values", "in", "fit"], train[0]], dtype=object)
    what = f"day22: OneHotFS().fit(train {train.shape}).transform(a row of unseen values, a row seen), seed {seed}"
    encoder = check.run_learner("OneHotFS")
    with check.tripwired(what):
        encoder.fit(train)
        got = _no_error(what, lambda: encoder.transform(test),
                        "likely mistake: an unknown category raised an error — it must give zeros")
    close(got, _sklearn_onehot(train).transform(test), what=what, tol=TOL,
          hint="an unseen value gives a row of zeros in its block; a seen one a single 1")


@pytest.mark.points(1)
def test_one_hot_integer_categories_and_names(check, seed):
    train_df, test_df = _tables(seed, unknown=False)
    cols = ["education_num", "sex"]
    what = f"day22: OneHotFS().fit(DataFrame[{cols}]) — int and str categories — seed {seed}"
    encoder = check.run_learner("OneHotFS")
    with check.tripwired(what):
        got = encoder.fit(train_df[cols]).transform(test_df[cols])
        names = encoder.get_feature_names_out()
    want = _sklearn_onehot(train_df[cols])
    close(got, want.transform(test_df[cols]), what=what, tol=TOL)
    _same_names(names, want.get_feature_names_out(), what + ": get_feature_names_out()")


@pytest.mark.points(1)
def test_one_hot_feature_names_for_arrays(check, seed):
    train = _tables(seed)[0][CAT].to_numpy()
    what = f"day22: OneHotFS().fit({train.shape} array).get_feature_names_out(), seed {seed}"
    encoder = check.run_learner("OneHotFS")
    with check.tripwired(what):
        names = encoder.fit(train).get_feature_names_out()
        given = encoder.get_feature_names_out(CAT)
    want = _sklearn_onehot(train)
    _same_names(names, want.get_feature_names_out(), what + " (x0_<category>, ...)")
    _same_names(given, want.get_feature_names_out(CAT), what.replace("()", f"({CAT})"))


# --- make_preprocessor and its round trip --------------------------------------------------------------

@pytest.mark.points(3)
def test_make_preprocessor_matches_sklearn_column_transformer(check, seed):
    train, test = _tables(seed)
    what = f"day22: make_preprocessor(NUM, CAT).fit(train {train.shape}).transform(test {test.shape}), seed {seed}"
    pre = check.run_learner("make_preprocessor", NUM, CAT)
    with check.tripwired(what):
        pre.fit(train)
        got = _no_error(what, lambda: pre.transform(test), "an unseen category must not raise")
        names = pre.get_feature_names_out()
    want = _sklearn_preprocessor(train)
    close(got, want.transform(test), what=what + " against sklearn's ColumnTransformer", tol=TOL)
    _same_names(names, want.get_feature_names_out(), what + ": get_feature_names_out()")


@pytest.mark.points(2)
def test_make_preprocessor_pickles_and_reloads_identically(check, seed):
    train, test = _tables(seed)
    fresh = make_adult_like(29, seed + 2)  # rows neither fit nor the first transform saw
    path = f"{check.scratch_dir()}/preprocessor.pkl"
    what = (f"day22: save_preprocessor(fitted make_preprocessor(NUM, CAT), path) then load_preprocessor(path), "
            f"seed {seed}")
    pre = check.run_learner("make_preprocessor", NUM, CAT)
    with check.tripwired(what):
        before = pre.fit(train).transform(test)
    check.run_learner("save_preprocessor", pre, path)
    if check.read_file(path) is None:
        raise Mismatch(f"{what}\n  nothing was written at {path}")
    loaded = check.run_learner("load_preprocessor", path)
    with check.tripwired(what):
        after, after_fresh = loaded.transform(test), loaded.transform(fresh)
        names = loaded.get_feature_names_out()
        original_fresh = pre.transform(fresh)
    close(after, before, what=what + ": the reloaded preprocessor on the same rows", tol="exact")
    close(after_fresh, original_fresh, what=what + ": the reloaded preprocessor on fresh rows", tol="exact")
    close(after, _sklearn_preprocessor(train).transform(test), what=what + " against sklearn", tol=TOL)
    _same_names(names, _sklearn_preprocessor(train).get_feature_names_out(), what + ": names after reloading")


# --- stretch: Log1pTransformer and point_in_time_join ----------------------------------------------------

@pytest.mark.points(1)
def test_log1p_transformer_matches_numpy(check, seed):
    rng = np.random.default_rng(seed)
    train_df = _tables(seed)[0][["capital_gain", "hours_per_week"]]
    tiny = np.column_stack([rng.uniform(0, 1e-10, 7), rng.integers(0, 99, 7)]).astype(np.float64)
    what = f"day22: Log1pTransformer().fit(DataFrame[capital_gain, hours_per_week]).transform, seed {seed}"
    t = check.run_learner("Log1pTransformer")
    with check.tripwired(what):
        got = t.fit(train_df).transform(train_df)
        got_tiny = t.transform(tiny)
        names = t.get_feature_names_out()
        given = t.get_feature_names_out(["gain", "hours"])
    close(got, np.log1p(train_df.to_numpy(np.float64)), what=what, tol=TOL)
    close(got_tiny / np.maximum(tiny, 1e-300), np.log1p(tiny) / np.maximum(tiny, 1e-300),
          what=what + " on x < 1e-10, relative", tol="vs_library",
          hint="log(1 + x) loses every digit of a tiny x to rounding: np.log1p keeps them")
    _same_names(names, ["capital_gain", "hours_per_week"], what + ": get_feature_names_out()")
    _same_names(given, ["gain", "hours"], what + ": get_feature_names_out(['gain', 'hours'])")


def _event_tables(seed, n_events=41, n_features=23, n_keys=5):
    """Events and feature rows over integer keys, shuffled, with distinct times per key; the value
    column `known_at` is the feature row's own time, so a leak shows as a value later than the event."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    times = rng.permutation(np.arange(1000))[:n_features].astype(np.float64)  # distinct: no tie to break
    features = pd.DataFrame({"user": rng.integers(0, n_keys, n_features), "ts": times,
                             "known_at": times, "score": rng.normal(size=n_features)})
    event_times = rng.integers(0, 1000, n_events).astype(np.float64)
    event_times[:3] = times[:3]  # an event at the very time a feature row lands: that row counts
    events = pd.DataFrame({"user": np.concatenate([features["user"].to_numpy()[:3],
                                                   rng.integers(0, n_keys + 1, n_events - 3)]),  # key n_keys: no rows
                           "ts": event_times, "amount": rng.normal(size=n_events)},
                          index=rng.permutation(np.arange(100, 100 + n_events)))
    return events, features


def _merge_asof(events, features):
    import pandas as pd

    ordered = events.rename_axis("_row").reset_index().sort_values("ts", kind="stable")
    joined = pd.merge_asof(ordered, features.sort_values("ts"), on="ts", by="user", direction="backward")
    return joined.set_index("_row").loc[events.index].rename_axis(events.index.name)


@pytest.mark.points(3)
def test_point_in_time_join_matches_merge_asof(check, seed):
    events, features = _event_tables(seed)
    what = f"day22: point_in_time_join(events (41 rows, shuffled index), features (23 rows), 'user', 'ts'), seed {seed}"
    got = check.run_learner("point_in_time_join", events, features, "user", "ts")
    want = _merge_asof(events, features)
    if list(got.columns) != list(want.columns):
        raise Mismatch(f"{what}\n  columns: expected {list(want.columns)}, got {list(got.columns)}")
    close(np.asarray(got.index), np.asarray(want.index), what=what + ": the index (events' own, in events' order)",
          tol="exact")
    for col in want.columns:
        close(got[col].to_numpy(np.float64), want[col].to_numpy(np.float64), what=f"{what}: column {col!r}",
              tol=TOL, hint="each event takes the last feature row of its key with time <= the event's time")


@pytest.mark.points(2)
def test_point_in_time_join_never_uses_future_rows(check, seed):
    events, features = _event_tables(seed + 7, n_events=53, n_features=31, n_keys=3)
    what = f"day22: point_in_time_join(events (53 rows), features (31 rows), 'user', 'ts'), seed {seed + 7}"
    got = check.run_learner("point_in_time_join", events, features, "user", "ts")
    known_at = got["known_at"].to_numpy(np.float64)
    event_at = events["ts"].to_numpy(np.float64)
    leaked = np.flatnonzero(known_at > event_at)
    if leaked.size:
        i = int(leaked[0])
        raise Mismatch(f"{what}\n  {leaked.size} events got a feature row from their future; first: the event "
                       f"at ts={event_at[i]:g} got the row stamped ts={known_at[i]:g} — only rows with "
                       "ts <= the event's ts may be used")
    want = _merge_asof(events, features)["known_at"].to_numpy(np.float64)
    close(known_at, want, what=what + ": the feature row used (its ts)", tol="exact",
          hint="take the LATEST row at or before the event, and NaN when the key has none yet")
