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
        raise NotImplementedError('day22: StandardScalerFS.fit — see README')

    def transform(self, X):
        """X: (M, F) numbers, any M. Returns (M, F) float64, scaled with the fitted mean_ and scale_.
        One line."""
        raise NotImplementedError('day22: StandardScalerFS.transform — see README')

    def get_feature_names_out(self, input_features=None):
        """input_features: None or F names. Returns (F,) object array: the input names unchanged."""
        raise NotImplementedError('day22: StandardScalerFS.get_feature_names_out — see README')


# %%
class OneHotFS(BaseEstimator, TransformerMixin):
    """One 0/1 column per (input column, category seen at fit time); unknown categories → all zeros.

    After fit: categories_, a list of F arrays (each the column's distinct values, sorted),
    n_features_in_, and feature_names_in_ when X was a DataFrame. Matches
    sklearn.preprocessing.OneHotEncoder(handle_unknown="ignore", sparse_output=False).
    """

    def fit(self, X, y=None):
        """X: (N, F) categories (strings or ints; array or DataFrame). Returns self. About 6 lines."""
        raise NotImplementedError('day22: OneHotFS.fit — see README')

    def transform(self, X):
        """X: (M, F) categories. Returns (M, K) float64 of 0/1: for each input column, in order, one
        column per fitted category; a value not seen at fit time gives zeros in that column's block
        (never an error). About 6 lines."""
        raise NotImplementedError('day22: OneHotFS.transform — see README')

    def get_feature_names_out(self, input_features=None):
        """input_features: None or F names. Returns (K,) object array of "<column>_<category>", in the
        order of transform's columns (e.g. "sex_Female", "sex_Male", "race_A", ...). About 2 lines."""
        raise NotImplementedError('day22: OneHotFS.get_feature_names_out — see README')


# %%
def make_preprocessor(num_cols, cat_cols):
    """A ColumnTransformer: StandardScalerFS on the numeric columns, OneHotFS on the categorical ones.

    num_cols, cat_cols: lists of column names (str) of the DataFrame it will be fitted on.
    Returns an unfitted sklearn.compose.ColumnTransformer whose two steps are named "num" and "cat",
    in that order, and which drops every other column (the default); its output is dense, (N, len(num_cols) + K),
    with feature names like "num__age" and "cat__sex_Female". About 2 lines.
    """
    raise NotImplementedError('day22: make_preprocessor — see README')


# %%
def save_preprocessor(preprocessor, path):
    """Write a (fitted) preprocessor to `path` with pickle. Returns None. About 2 lines.

    It reloads only if every part of it pickles: classes defined at the top of a module do; a
    lambda inside it would not.
    """
    raise NotImplementedError('day22: save_preprocessor — see README')


# %%
def load_preprocessor(path):
    """Read back what save_preprocessor wrote. Returns the preprocessor, fitted as it was. 2 lines.

    Unpickling runs code: only ever load files you wrote yourself.
    """
    raise NotImplementedError('day22: load_preprocessor — see README')


# %%
class Log1pTransformer(BaseEstimator, TransformerMixin):
    """Stretch: log(1 + x) per entry, for skewed non-negative counts such as capital_gain.

    Nothing to learn, but fit still records n_features_in_ (and feature_names_in_ for a DataFrame).
    """

    def fit(self, X, y=None):
        """X: (N, F) non-negative numbers. Returns self. About 4 lines."""
        raise NotImplementedError('day22: Log1pTransformer.fit — see README')

    def transform(self, X):
        """X: (M, F) numbers >= 0. Returns (M, F) float64, log(1 + x) computed accurately for tiny x
        (np.log1p, not np.log(1 + x)). One line."""
        raise NotImplementedError('day22: Log1pTransformer.transform — see README')

    def get_feature_names_out(self, input_features=None):
        """Returns (F,) object array: the input names unchanged. One line."""
        raise NotImplementedError('day22: Log1pTransformer.get_feature_names_out — see README')


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
    raise NotImplementedError('day22: point_in_time_join — see README')
