# %%
"""Day 22 — a feature-engineering pipeline that scikit-learn can drive: your own transformers.

Letters used below:
  N   rows (samples)        F   input columns handed to one transformer
  C   categories seen in one column at fit time (per column: C_0, C_1, ...)
  K   output columns (for OneHotFS: C_0 + C_1 + ...)

A transformer learns its numbers in `fit` (from the TRAINING rows only) and applies them in
`transform` to any rows later. X may be a NumPy array or a pandas DataFrame; inputs here hold no
missing values. Every class subclasses BaseEstimator and TransformerMixin, so `fit_transform`,
`get_params`/`set_params`, `clone` and ColumnTransformer all work with it.

Check your work:  pytest assignments/day22   (or: ai100 check day22)
"""

import pickle

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer


def _column_names(X):
    """The column names of a DataFrame as an object array; None for a plain array."""
    columns = getattr(X, "columns", None)
    return None if columns is None else np.asarray([str(c) for c in columns], dtype=object)


def _names_in(estimator, input_features):
    """The input names get_feature_names_out works from: the ones given, the DataFrame's, or x0, x1, ...

    input_features: None or a sequence of F strings. Returns an (F,) object array.
    """
    if input_features is not None:
        names = np.asarray(list(input_features), dtype=object)
        if len(names) != estimator.n_features_in_:
            raise ValueError(f"input_features has {len(names)} names, but the transformer was fitted on "
                             f"{estimator.n_features_in_} columns")
        return names
    seen = getattr(estimator, "feature_names_in_", None)
    if seen is not None:
        return seen.copy()
    return np.asarray([f"x{i}" for i in range(estimator.n_features_in_)], dtype=object)


# %%
class StandardScalerFS(BaseEstimator, TransformerMixin):
    """Standardise each column: (x - mean) / std, with the TRAINING mean and std.

    After fit: mean_ (F,) float64, scale_ (F,) float64 (the population std, ddof=0; a constant column
    gets scale 1 so it maps to 0 rather than 0/0), n_features_in_ int, and feature_names_in_ (F,)
    object array when X was a DataFrame. Matches sklearn.preprocessing.StandardScaler().
    """

    def fit(self, X, y=None):
        """X: (N, F) numbers (array or DataFrame). y: ignored. Returns self. About 7 lines."""
        ### BEGIN SOLUTION
        values = np.asarray(X, dtype=np.float64)  # (N, F)
        self.n_features_in_ = values.shape[1]
        names = _column_names(X)
        if names is not None:
            self.feature_names_in_ = names
        self.mean_ = values.mean(axis=0)  # (F,)
        std = values.std(axis=0)  # (F,) population std: divide by N, as StandardScaler does
        self.scale_ = np.where(std > 0, std, 1.0)
        return self
        ### END SOLUTION

    def transform(self, X):
        """X: (M, F) numbers, any M. Returns (M, F) float64, scaled with the fitted mean_ and scale_.
        One line."""
        ### BEGIN SOLUTION
        return (np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_
        ### END SOLUTION

    def get_feature_names_out(self, input_features=None):
        """input_features: None or F names. Returns (F,) object array: the input names unchanged."""
        ### BEGIN SOLUTION
        return _names_in(self, input_features)
        ### END SOLUTION


# %%
class OneHotFS(BaseEstimator, TransformerMixin):
    """One 0/1 column per (input column, category seen at fit time); unknown categories → all zeros.

    After fit: categories_, a list of F arrays (each the column's distinct values, sorted),
    n_features_in_, and feature_names_in_ when X was a DataFrame. Matches
    sklearn.preprocessing.OneHotEncoder(handle_unknown="ignore", sparse_output=False).
    """

    def fit(self, X, y=None):
        """X: (N, F) categories (strings or ints; array or DataFrame). Returns self. About 6 lines."""
        ### BEGIN SOLUTION
        values = np.asarray(X)  # (N, F)
        self.n_features_in_ = values.shape[1]
        names = _column_names(X)
        if names is not None:
            self.feature_names_in_ = names
        self.categories_ = [np.unique(values[:, j]) for j in range(values.shape[1])]  # sorted, distinct
        return self
        ### END SOLUTION

    def transform(self, X):
        """X: (M, F) categories. Returns (M, K) float64 of 0/1: for each input column, in order, one
        column per fitted category; a value not seen at fit time gives zeros in that column's block
        (never an error). About 6 lines."""
        ### BEGIN SOLUTION
        values = np.asarray(X)  # (N, F)
        blocks = []
        for j, cats in enumerate(self.categories_):
            blocks.append((values[:, j][:, None] == cats[None, :]).astype(np.float64))  # (M, C_j)
        return np.hstack(blocks)
        ### END SOLUTION

    def get_feature_names_out(self, input_features=None):
        """input_features: None or F names. Returns (K,) object array of "<column>_<category>", in the
        order of transform's columns (e.g. "sex_Female", "sex_Male", "race_A", ...). About 2 lines."""
        ### BEGIN SOLUTION
        names = _names_in(self, input_features)
        return np.asarray([f"{name}_{cat}" for name, cats in zip(names, self.categories_) for cat in cats],
                          dtype=object)
        ### END SOLUTION


# %%
def make_preprocessor(num_cols, cat_cols):
    """A ColumnTransformer: StandardScalerFS on the numeric columns, OneHotFS on the categorical ones.

    num_cols, cat_cols: lists of column names (str) of the DataFrame it will be fitted on.
    Returns an unfitted sklearn.compose.ColumnTransformer whose two steps are named "num" and "cat",
    in that order, and which drops every other column (the default); its output is dense, (N, len(num_cols) + K),
    with feature names like "num__age" and "cat__sex_Female". About 2 lines.
    """
    ### BEGIN SOLUTION
    return ColumnTransformer([("num", StandardScalerFS(), list(num_cols)), ("cat", OneHotFS(), list(cat_cols))])
    ### END SOLUTION


# %%
def save_preprocessor(preprocessor, path):
    """Write a (fitted) preprocessor to `path` with pickle. Returns None. About 2 lines.

    It reloads only if every part of it pickles: classes defined at the top of a module do; a
    lambda inside it would not.
    """
    ### BEGIN SOLUTION
    with open(path, "wb") as f:
        pickle.dump(preprocessor, f)
    ### END SOLUTION


# %%
def load_preprocessor(path):
    """Read back what save_preprocessor wrote. Returns the preprocessor, fitted as it was. 2 lines.

    Unpickling runs code: only ever load files you wrote yourself.
    """
    ### BEGIN SOLUTION
    with open(path, "rb") as f:
        return pickle.load(f)
    ### END SOLUTION


# %%
class Log1pTransformer(BaseEstimator, TransformerMixin):
    """Stretch: log(1 + x) per entry, for skewed non-negative counts such as capital_gain.

    Nothing to learn, but fit still records n_features_in_ (and feature_names_in_ for a DataFrame).
    """

    def fit(self, X, y=None):
        """X: (N, F) non-negative numbers. Returns self. About 4 lines."""
        ### BEGIN SOLUTION
        self.n_features_in_ = np.asarray(X).shape[1]
        names = _column_names(X)
        if names is not None:
            self.feature_names_in_ = names
        return self
        ### END SOLUTION

    def transform(self, X):
        """X: (M, F) numbers >= 0. Returns (M, F) float64, log(1 + x) computed accurately for tiny x
        (np.log1p, not np.log(1 + x)). One line."""
        ### BEGIN SOLUTION
        return np.log1p(np.asarray(X, dtype=np.float64))
        ### END SOLUTION

    def get_feature_names_out(self, input_features=None):
        """Returns (F,) object array: the input names unchanged. One line."""
        ### BEGIN SOLUTION
        return _names_in(self, input_features)
        ### END SOLUTION


# %%
def point_in_time_join(events, features, key, time):
    """Stretch: attach to each event the latest feature row known at the event's time — never a later one.

    events: DataFrame with columns `key` and `time` (and any others), E rows, any order.
    features: DataFrame with columns `key`, `time` and value columns, any order.
    Returns a DataFrame with events' rows in events' order and index, events' columns, then each
    value column of `features` (all its columns but `key` and `time`): the values of the feature row
    with the same key and the largest feature time <= the event's time (a feature stamped at the
    event's very time counts); NaN when that key has no feature row yet. What pandas.merge_asof(...,
    by=key, direction="backward") gives, once both sides are sorted by time. About 10 lines.
    """
    ### BEGIN SOLUTION
    import pandas as pd

    value_cols = [c for c in features.columns if c not in (key, time)]
    feats = features.sort_values([key, time], kind="stable")
    out = events.copy()
    for col in value_cols:
        out[col] = pd.Series(np.nan, index=events.index, dtype=np.float64)
    for k, group in feats.groupby(key):
        rows = np.flatnonzero((events[key] == k).to_numpy())  # this key's events, by position
        times = group[time].to_numpy()
        at = np.searchsorted(times, events[time].to_numpy()[rows], side="right") - 1  # last row at or before
        known = at >= 0
        for col in value_cols:
            out.iloc[rows[known], out.columns.get_loc(col)] = group[col].to_numpy()[at[known]]
    return out
    ### END SOLUTION
