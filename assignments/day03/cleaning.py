# %%
"""Day 03 — cleaning the Titanic passenger list with pandas.

The table is `course_tools.data.make_titanic(n, seed)`: one row per passenger, the columns of the
Kaggle file (PassengerId, Survived, Pclass, Name, Sex, Age, SibSp, Parch, Ticket, Fare, Cabin,
Embarked) with its gaps: Age is missing for about a fifth of the passengers, Cabin for about three
quarters, Embarked for a couple.

Letters used below:
  N   passengers (rows)        C   columns

Every function returns a NEW frame and leaves the one it was given exactly as it was: the caller
(and the grader) still needs the original. Row order and the index are kept. Text columns may show
the dtype `object` (pandas 2) or `str` (pandas 3): either is fine, only their values are graded.

Check your work:  pytest assignments/day03   (or: ai100 check day03)
"""

import numpy as np
import pandas as pd

# The columns clean_titanic keeps, in this order: the ones a model can use (Name, Ticket and the
# cabin number are dropped; whether a cabin was known survives as HasCabin).
CLEAN_COLUMNS = ["PassengerId", "Survived", "Pclass", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked",
                 "HasCabin"]


# %%
def fill_missing(df):
    """The passenger list with every gap filled.

    df: (N, C) DataFrame shaped like make_titanic's, gaps included. Not modified.
    Returns a new (N, C + 1) DataFrame, same index and row order, the columns of df followed by one
    new column HasCabin, and no missing value anywhere:
      Age       float64: a missing age becomes the MEDIAN age of the passengers of the same Sex and
                Pclass whose age is known (first-class women get the first-class women's median).
                If such a group has no known age at all, use the median of all known ages.
      Embarked  a missing port becomes the most common port of the known ones (the mode; on a tie
                the first in alphabetical order, as Series.mode() sorts).
      HasCabin  int64, 1 where Cabin was known and 0 where it was missing — computed BEFORE the
                gaps in Cabin are filled.
      Cabin     a missing cabin becomes the text "Unknown".
    Every other column is unchanged, values and dtypes. About 8 lines: groupby(...).transform
    does the per-group median in one line.
    """
    raise NotImplementedError('day03: fill_missing — see README')
    return out


# %%
def encode_sex(df):
    """Sex as a number a model can use.

    df: (N, C) DataFrame with a Sex column of "male" / "female". Not modified.
    Returns a new (N, C) DataFrame, the same columns in the same order, where Sex is int64:
    0 for "male", 1 for "female". Every other column unchanged. About 3 lines (Series.map).
    """
    raise NotImplementedError('day03: encode_sex — see README')
    return out


# %%
def clean_titanic(df, path):
    """The whole clean-up, saved as CSV.

    df: (N, 12) DataFrame as make_titanic returns it, gaps included. Not modified.
    path: str, where to write the CSV file.
    Returns the cleaned (N, 10) DataFrame: fill_missing, then encode_sex, then only the columns of
    CLEAN_COLUMNS in that order (Name, Ticket and Cabin dropped). Dtypes: Age and Fare float64,
    Embarked text, every other column int64; the index and row order of df.
    Writes the same table to `path` as CSV: a header line with the column names, one line per
    passenger, and no index column, so that pd.read_csv(path) gives the table back. About 4 lines.
    """
    raise NotImplementedError('day03: clean_titanic — see README')
    return out


# %%
def correlation_matrix(df):
    """Stretch: how the numeric columns move together.

    df: (N, C) DataFrame, e.g. clean_titanic's result (text columns such as Embarked may be there).
    Returns a (K, K) DataFrame of Pearson correlations, float64, between the K numeric columns of df
    other than PassengerId (a row number, not a measurement), in df's column order, labelled by
    column name on both axes. About 2 lines.
    """
    raise NotImplementedError('day03: correlation_matrix — see README')
    return corr
