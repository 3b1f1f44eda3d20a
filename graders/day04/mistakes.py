"""Day 04's classic mistakes, each written as the wrong numbers a learner's function would return.

The variants never draw: only the numbers are compared, and the learner's own file is judged apart.
"""

import numpy as np


def _heatmap(df, path, *, keep_id=False, method="pearson", text_as_codes=False):
    table = df if keep_id else df.drop(columns=["PassengerId"], errors="ignore")
    if text_as_codes:  # text columns turned into category codes and correlated with the rest
        table = table.apply(lambda col: col.astype("category").cat.codes if col.dtype.kind in "OUT"
                            or str(col.dtype) in ("str", "string") else col)
    numbers = table.select_dtypes("number")
    names = [str(c) for c in numbers.columns]
    return numbers.corr(method=method).to_numpy(dtype=np.float64), names, names


def _histogram(ages, bins, path, *, density=False, nan_as_zero=False):
    values = np.nan_to_num(ages, nan=0.0) if nan_as_zero else ages[~np.isnan(ages)]
    counts, edges = np.histogram(values, bins=bins, density=density)
    return counts, edges


MISTAKES = {
    "correlation_heatmap": {
        "PassengerId correlated: it numbers the rows and measures nothing — drop it first":
            lambda df, path: _heatmap(df, path, keep_id=True),
        "Spearman (rank) correlation: use Pearson's, DataFrame.corr()'s default":
            lambda df, path: _heatmap(df, path, method="spearman"),
        "a text column (Embarked) turned into codes and correlated: correlate the numeric columns only":
            lambda df, path: _heatmap(df, path, text_as_codes=True),
    },
    "add_age_histogram": {
        "unknown ages counted as 0 (fillna(0)): leave the NaN out":
            lambda ages, bins, path: _histogram(ages, bins, path, nan_as_zero=True),
        "density=True: the counts are the numbers of passengers, not a density":
            lambda ages, bins, path: _histogram(ages, bins, path, density=True),
    },
}
