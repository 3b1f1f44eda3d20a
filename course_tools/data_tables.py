"""Seeded tables that stand in for public data sets the course cannot download.

Each generator returns a pandas DataFrame; the same (n, seed) gives the same frame on every
machine. The outcome columns follow a documented rule plus noise, so a grader knows what a good
model can reach and which features carry the signal. Re-exported by course_tools.data.

make_titanic(n=891, seed=0)          a passenger list shaped like the Titanic one
make_adult_like(n=2000, seed=0)      census rows with an income label and a planted group bias
make_mall_customers(n=200, seed=0)   shoppers in five planted income × spending segments
"""

from __future__ import annotations

import numpy as np

_FIRST_MALE = ["John", "William", "Charles", "George", "James", "Thomas", "Henry", "Joseph", "Edward",
               "Frederick", "Arthur", "Albert", "Walter", "Harry", "Samuel", "Robert", "Alfred", "Patrick"]
_FIRST_FEMALE = ["Mary", "Anna", "Elizabeth", "Margaret", "Alice", "Helen", "Ellen", "Catherine", "Bertha",
                 "Emily", "Edith", "Florence", "Agnes", "Ida", "Annie", "Jane", "Sarah", "Marion"]
_SURNAMES = ["Andersson", "Sage", "Brown", "Smith", "Johnson", "Carter", "Goodwin", "Kelly", "Harris",
             "Williams", "Skoog", "Rice", "Panula", "Asplund", "Fortune", "Baclini", "Davies", "Ford",
             "Hickman", "Lefebre", "Palsson", "Ryerson", "Thayer", "Laroche", "Hart", "Becker", "West"]

# Survival log-odds of make_titanic (before noise): sex and class dominate, as on the real ship.
TITANIC_LOGIT = {"intercept": 1.2, "female": 3.6, "per_class_below_first": -2.6, "child_under_10": 4.0,
                 "per_year_of_age": -0.04, "family_size_over_4": -3.5, "log_fare": 0.2}


def titanic_survival_logit(sex, pclass, age, family, fare) -> np.ndarray:
    """The planted log-odds of survival; missing ages count as 30. Arrays of one length in, (n,) out."""
    age = np.where(np.isnan(np.asarray(age, dtype=float)), 30.0, age)
    w = TITANIC_LOGIT
    return (w["intercept"] + w["female"] * (np.asarray(sex) == "female") + w["per_class_below_first"]
            * (np.asarray(pclass) - 1) + w["child_under_10"] * (age < 10) + w["per_year_of_age"] * age
            + w["family_size_over_4"] * (np.asarray(family) > 4) + w["log_fare"] * np.log1p(fare))


def make_titanic(n: int = 891, seed: int = 0):
    """A Titanic-like passenger list: the columns of the Kaggle file, with its gaps.

    Columns: PassengerId int64 (1..n), Survived int64 {0,1}, Pclass int64 {1,2,3}, Name str
    ("Surname, Title. First"), Sex str {"male","female"}, Age float64 (≈20% NaN; fractional for
    infants), SibSp int64, Parch int64, Ticket str, Fare float64 (≥ 0), Cabin str (NaN for ≈75%,
    mostly 2nd/3rd class), Embarked str {"S","C","Q"} (2 NaN at n=891, in proportion otherwise).

    Survived is drawn from sigmoid(titanic_survival_logit(...)) (family = SibSp + Parch + 1): about
    38% survive; the best possible accuracy is about 0.855 (measured on 100 000 rows), "women
    survive" alone scores about 0.74, and a plain logistic regression on sex, class, age, family
    and fare trained on 891 rows scores 0.81–0.85 on fresh passengers. Sex and class are the two
    strongest features.
    Titles follow sex and age (Master for boys, Miss/Mrs by age and a spouse aboard). Different
    seeds are fresh draws from the same population: held-out passengers come from another seed.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    pclass = rng.choice([1, 2, 3], size=n, p=[0.24, 0.21, 0.55])
    female = rng.random(n) < np.select([pclass == 1, pclass == 2], [0.44, 0.41], 0.29)
    age = np.clip(rng.normal(np.select([pclass == 1, pclass == 2], [38.0, 30.0], 25.0), 13.0), 0.42, 80.0)
    young = rng.random(n) < 0.08
    age[young] = rng.uniform(0.42, 12.0, young.sum())
    age = np.where(age < 1, np.round(age, 2), np.floor(age))
    sibsp = np.minimum(rng.poisson(np.where(age < 15, 1.5, 0.4)), 8)
    parch = np.minimum(rng.poisson(np.where(age < 15, 1.4, 0.3)), 6)
    family = sibsp + parch + 1
    fare = np.round(np.select([pclass == 1, pclass == 2], [84.0, 21.0], 13.0) * rng.lognormal(0.0, 0.5, n)
                    * (1 + 0.25 * (family - 1)), 4)
    fare[rng.random(n) < 0.015] = 0.0  # crew-like free passages, as in the real list
    logit = titanic_survival_logit(np.where(female, "female", "male"), pclass, age, family, fare)
    survived = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)

    married = female & (age >= 18) & ((sibsp > 0) | (rng.random(n) < 0.3))
    title = np.where(female, np.where(married, "Mrs", "Miss"), np.where(age < 13, "Master", "Mr"))
    rare = rng.random(n) < 0.02
    title = np.where(rare & ~female & (age > 30), rng.choice(["Dr", "Rev", "Col"], n), title)
    first = np.where(female, rng.choice(_FIRST_FEMALE, n), rng.choice(_FIRST_MALE, n))
    names = [f"{s}, {t}. {f}" for s, t, f in zip(rng.choice(_SURNAMES, n), title, first)]
    tickets = [str(v) if rng.random() < 0.75 else f"PC {v}" for v in rng.integers(1000, 400000, n)]

    has_cabin = rng.random(n) < np.select([pclass == 1, pclass == 2], [0.8, 0.08], 0.03)
    decks = np.select([pclass == 1, pclass == 2], ["C", "E"], "F")
    cabin = np.where(has_cabin, [f"{d}{k}" for d, k in zip(decks, rng.integers(1, 130, n))], None)
    embarked = rng.choice(np.array(["S", "C", "Q"], dtype=object), size=n, p=[0.72, 0.19, 0.09])
    embarked[rng.choice(n, size=max(1, round(n * 2 / 891)), replace=False)] = None
    age_missing = rng.random(n) < np.select([pclass == 3], [0.27], 0.12)

    return pd.DataFrame({
        "PassengerId": np.arange(1, n + 1, dtype=np.int64), "Survived": survived,
        "Pclass": pclass.astype(np.int64), "Name": names,
        "Sex": np.where(female, "female", "male").astype(object), "Age": np.where(age_missing, np.nan, age),
        "SibSp": sibsp.astype(np.int64), "Parch": parch.astype(np.int64), "Ticket": tickets,
        "Fare": fare.astype(np.float64), "Cabin": pd.array(cabin, dtype=object), "Embarked": embarked,
    })


_WORKCLASS = ["Private", "Self-emp", "Government", "Without-pay"]
_EDUCATION = [("HS-grad", 9), ("Some-college", 10), ("Bachelors", 13), ("Masters", 14), ("Doctorate", 16),
              ("11th", 7), ("Assoc", 12)]
_OCCUPATION = ["Tech-support", "Craft-repair", "Sales", "Exec-managerial", "Prof-specialty",
               "Machine-op", "Adm-clerical", "Other-service"]
_MARITAL = ["Married", "Never-married", "Divorced", "Widowed"]
_REGION = ["North-America", "Europe", "Asia", "Latin-America"]

# Income log-odds of make_adult_like: merit terms, plus `female` — the planted bias a fair model must not learn.
ADULT_LOGIT = {"intercept": -8.3, "per_education_year": 0.33, "per_hour_per_week": 0.035, "age_peak": 0.045,
               "married": 1.1, "exec_or_prof": 0.8, "capital_gain": 1.5, "female": -0.9}


def make_adult_like(n: int = 2000, seed: int = 0):
    """Census-like rows with a binary income label and a planted bias against one group.

    Columns: age int64 (17–90), workclass str (≈4% NaN), education str, education_num int64,
    marital_status str, occupation str (≈4% NaN), sex str {"Male","Female"}, race str {"A","B"}
    (a second protected attribute, 20% "B"), hours_per_week int64, capital_gain float64 (mostly 0),
    native_region str, income int64 {0,1} (1 = over 50K, about a quarter of rows).

    income ~ Bernoulli(sigmoid(logit)) with the terms of ADULT_LOGIT; `female` lowers the odds at
    equal merit — the bias fairness days measure — and women also work fewer hours on average, so
    part of the gap runs through a legitimate-looking feature. Seeds give fresh draws.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    female = rng.random(n) < 0.33
    age = np.clip(np.round(rng.gamma(7.0, 5.6, n)), 17, 90).astype(np.int64)
    edu_index = rng.choice(len(_EDUCATION), size=n, p=[0.32, 0.22, 0.17, 0.06, 0.02, 0.09, 0.12])
    education = np.array([_EDUCATION[i][0] for i in edu_index], dtype=object)
    education_num = np.array([_EDUCATION[i][1] for i in edu_index], dtype=np.int64)
    marital = rng.choice(_MARITAL, size=n, p=[0.47, 0.33, 0.14, 0.06])
    occupation = rng.choice(_OCCUPATION, size=n)
    hours = np.clip(np.round(rng.normal(np.where(female, 36.0, 42.0), 11.0)), 1, 99).astype(np.int64)
    gain = np.where(rng.random(n) < 0.08, np.round(rng.lognormal(8.5, 1.0, n), 0), 0.0)
    w = ADULT_LOGIT
    logit = (w["intercept"] + w["per_education_year"] * education_num + w["per_hour_per_week"] * hours
             + w["age_peak"] * np.minimum(age, 50) + w["married"] * (marital == "Married")
             + w["exec_or_prof"] * np.isin(occupation, ["Exec-managerial", "Prof-specialty"])
             + w["capital_gain"] * (gain > 5000) + w["female"] * female)
    income = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    workclass = rng.choice(np.array(_WORKCLASS, dtype=object), size=n, p=[0.74, 0.11, 0.14, 0.01])
    occupation = occupation.astype(object)
    workclass[rng.random(n) < 0.04] = None
    occupation[rng.random(n) < 0.04] = None
    return pd.DataFrame({
        "age": age, "workclass": workclass, "education": education, "education_num": education_num,
        "marital_status": marital.astype(object), "occupation": occupation,
        "sex": np.where(female, "Female", "Male").astype(object),
        "race": np.where(rng.random(n) < 0.2, "B", "A").astype(object), "hours_per_week": hours,
        "capital_gain": gain.astype(np.float64),
        "native_region": rng.choice(_REGION, size=n, p=[0.9, 0.04, 0.03, 0.03]).astype(object),
        "income": income,
    })


# The five segments of make_mall_customers: (annual income k$, spending score 1–100) centres.
MALL_SEGMENTS = ((26.0, 20.0), (26.0, 79.0), (55.0, 50.0), (87.0, 18.0), (87.0, 82.0))


def make_mall_customers(n: int = 200, seed: int = 0):
    """Shoppers in five well-separated income × spending segments (the classic mall data's shape).

    Columns: CustomerID int64 (1..n), Gender str {"Male","Female"}, Age int64 (18–70),
    AnnualIncome float64 (k$), SpendingScore float64 (1–100), segment int64 (0–4, the planted
    truth: index into MALL_SEGMENTS; a grader's column — drop it before clustering).
    Segment sizes follow the real data (the middle segment is the largest); within a segment
    income and score are normal with sd 6 and 7, so k-means on the two columns finds the five
    segments and an elbow rule on k = 1…10 picks 5.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    segment = rng.choice(5, size=n, p=[0.12, 0.12, 0.40, 0.18, 0.18])
    centres = np.array(MALL_SEGMENTS)
    income = np.round(centres[segment, 0] + rng.normal(0, 6.0, n), 1)
    score = np.clip(np.round(centres[segment, 1] + rng.normal(0, 7.0, n)), 1, 100)
    age = np.clip(np.round(np.where(segment == 1, 25, np.where(segment == 4, 32, 42)) + rng.normal(0, 9, n)),
                  18, 70).astype(np.int64)
    return pd.DataFrame({
        "CustomerID": np.arange(1, n + 1, dtype=np.int64),
        "Gender": np.where(rng.random(n) < 0.56, "Female", "Male").astype(object), "Age": age,
        "AnnualIncome": income.astype(np.float64), "SpendingScore": score.astype(np.float64),
        "segment": segment.astype(np.int64),
    })
