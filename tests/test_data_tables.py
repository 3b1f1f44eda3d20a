"""The seeded tables: same seed, same frame; the gaps, shares and planted signal their docstrings promise."""

import numpy as np
import pytest

from course_tools.data import make_adult_like, make_mall_customers, make_titanic

pd = pytest.importorskip("pandas")


def test_titanic_same_seed_same_frame_and_fresh_seed_fresh_draw():
    pd.testing.assert_frame_equal(make_titanic(300, 4), make_titanic(300, 4))
    assert not make_titanic(300, 4).equals(make_titanic(300, 5))


def test_titanic_has_the_kaggle_columns_gaps_and_shares():
    df = make_titanic(891, 0)
    assert list(df.columns) == ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch",
                                "Ticket", "Fare", "Cabin", "Embarked"]
    assert 0.12 < df["Age"].isna().mean() < 0.30
    assert 0.6 < df["Cabin"].isna().mean() < 0.9
    assert df["Embarked"].isna().sum() == 2
    assert set(df["Sex"]) == {"male", "female"} and set(df["Pclass"]) == {1, 2, 3}
    assert df["Name"].str.match(r"^[A-Z][a-z]+, (Mr|Mrs|Miss|Master|Dr|Rev|Col)\. [A-Z][a-z]+$").all()
    big = make_titanic(20000, 1)
    assert 0.33 < big["Survived"].mean() < 0.43
    by_sex = big.groupby("Sex")["Survived"].mean()
    assert by_sex["female"] > by_sex["male"] + 0.3
    by_class = big.groupby("Pclass")["Survived"].mean()
    assert by_class[1] > by_class[2] > by_class[3]


def test_titanic_rule_is_learnable_but_not_by_sex_alone():
    big = make_titanic(20000, 2)
    sex_only = np.mean((big["Sex"] == "female").to_numpy() == big["Survived"].to_numpy())
    assert 0.70 < sex_only < 0.78
    age = big["Age"].to_numpy()  # the planted rule on the rows whose age is known bounds what a model can do
    known = ~np.isnan(age)
    from course_tools.data_tables import titanic_survival_logit
    logit = titanic_survival_logit(big["Sex"].to_numpy()[known], big["Pclass"].to_numpy()[known], age[known],
                                   (big["SibSp"] + big["Parch"] + 1).to_numpy()[known], big["Fare"].to_numpy()[known])
    bayes = np.mean((logit > 0) == big["Survived"].to_numpy()[known])
    assert 0.83 < bayes < 0.89


def test_adult_like_bias_is_planted():
    df = make_adult_like(20000, 0)
    pd.testing.assert_frame_equal(make_adult_like(500, 3), make_adult_like(500, 3))
    assert 0.2 < df["income"].mean() < 0.35
    rate = df.groupby("sex")["income"].mean()
    assert rate["Male"] - rate["Female"] > 0.1
    assert 0.02 < df["workclass"].isna().mean() < 0.06 and 0.02 < df["occupation"].isna().mean() < 0.06
    # at equal education and hours, women still earn less often: the bias is not only through features
    same = df[(df["education_num"] == 13) & df["hours_per_week"].between(38, 45)]
    sub = same.groupby("sex")["income"].mean()
    assert sub["Male"] > sub["Female"] + 0.05


def test_mall_customers_have_five_segments_an_elbow_finds():
    df = make_mall_customers(200, 0)
    pd.testing.assert_frame_equal(df, make_mall_customers(200, 0))
    X = df[["AnnualIncome", "SpendingScore"]].to_numpy()
    centres = np.array([X[df["segment"] == s].mean(axis=0) for s in range(5)])
    within = ((X - centres[df["segment"]]) ** 2).sum()
    assert within < 0.1 * ((X - X.mean(axis=0)) ** 2).sum()  # the planted segments explain > 90% of the spread
    assert df["SpendingScore"].between(1, 100).all()
