"""Day 03's classic mistakes, each written as the wrong function a learner would write.

When a learner's frame equals one of these on the graded table, the failure names the mistake.
"""

import numpy as np


def _fill(df, *, age="group_median", cabin_flag_first=True, flag_dtype=np.int64, drop_missing_age=False):
    out = df.copy()
    if drop_missing_age:
        out = out[out["Age"].notna()].copy()
    elif age == "mean":
        out["Age"] = out["Age"].fillna(out["Age"].mean())
    elif age == "median":
        out["Age"] = out["Age"].fillna(out["Age"].median())
    else:
        how = "mean" if age == "group_mean" else "median"
        out["Age"] = out["Age"].fillna(out.groupby(["Sex", "Pclass"])["Age"].transform(how))
        out["Age"] = out["Age"].fillna(out["Age"].median())
    out["Embarked"] = out["Embarked"].fillna(out["Embarked"].mode().iloc[0])
    if cabin_flag_first:
        out["HasCabin"] = out["Cabin"].notna().astype(flag_dtype)
        out["Cabin"] = out["Cabin"].fillna("Unknown")
    else:
        out["Cabin"] = out["Cabin"].fillna("Unknown")
        out["HasCabin"] = out["Cabin"].notna().astype(flag_dtype)
    return out


def _sex(df, mapping, dtype=np.int64):
    out = df.copy()
    out["Sex"] = out["Sex"].map(mapping).astype(dtype)
    return out


_COLUMNS = ["PassengerId", "Survived", "Pclass", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked", "HasCabin"]

FILL = {
    "Age filled with the mean age of everyone: fill each gap with the median of its (Sex, Pclass) group":
        lambda df: _fill(df, age="mean"),
    "Age filled with the median age of everyone: fill each gap with the median of its (Sex, Pclass) group":
        lambda df: _fill(df, age="median"),
    "Age filled with the group MEAN: use the median of the (Sex, Pclass) group":
        lambda df: _fill(df, age="group_mean"),
    "passengers with no age dropped (dropna): fill the gaps, keep every row":
        lambda df: _fill(df, drop_missing_age=True),
    "HasCabin computed after Cabin was filled with \"Unknown\", so it is 1 everywhere: flag first, then fill":
        lambda df: _fill(df, cabin_flag_first=False),
    "HasCabin left as bool (True/False): make it int64 0/1 with .astype(\"int64\")":
        lambda df: _fill(df, flag_dtype=bool),
}

SEX = {
    "Sex encoded as the text \"0\"/\"1\": map to the integers 0 and 1 (int64), not strings":
        lambda df: _sex(df, {"male": "0", "female": "1"}, dtype=object),
    "male and female swapped: male is 0, female is 1":
        lambda df: _sex(df, {"male": 1, "female": 0}),
    "Sex as bool (female == True): make it int64 0/1":
        lambda df: _sex(df, {"male": False, "female": True}, dtype=bool),
}


def _clean_with(fill, sex):
    return lambda df, path: sex(fill(df))[_COLUMNS]  # numbers only: a variant never writes the file


MISTAKES = {
    "fill_missing": FILL,
    "encode_sex": SEX,
    "clean_titanic": {
        **{name: _clean_with(variant, lambda df: _sex(df, {"male": 0, "female": 1})) for name, variant in FILL.items()},
        **{name: _clean_with(_fill, variant) for name, variant in SEX.items()},
    },
    "correlation_matrix": {
        "PassengerId included: it numbers the rows, it measures nothing — drop it first":
            lambda df: df.select_dtypes("number").corr(),
        "Spearman (rank) correlation: the day asks for Pearson's, pandas' default":
            lambda df: df.drop(columns="PassengerId").select_dtypes("number").corr(method="spearman"),
    },
}
