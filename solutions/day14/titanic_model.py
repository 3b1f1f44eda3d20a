# %%
"""Day 14 — mini-project: predict who survived the Titanic, at 80% accuracy or better.

The data is `course_tools.data.make_titanic(n, seed)`: the Kaggle passenger list's columns, gaps
included (Age, Cabin, Embarked). Survival follows a hidden noisy rule in which sex and class
weigh most; no model can beat about 85.5% on fresh passengers, and "every woman survives, every
man dies" alone scores about 74%. Train on one draw, predict another: that is the graded test.

Letters used below:
  N   passengers (rows)        F   features (columns of the matrix)        k   features reported

The pipeline:  X, names = build_features(train)  →  model = fit_model(X, train["Survived"])
               →  submission = make_submission(model, test)   (test has no Survived column)

Check your work:  pytest assignments/day14   (or: ai100 check day14)
"""

import numpy as np
import pandas as pd


# %%
def build_features(df):
    """The numeric matrix a model learns from, one row per passenger.

    df: (N, C) DataFrame shaped like make_titanic's (gaps included). It may or may not have a
        Survived column: never read it (that would be the answer leaking into the question), and
        never use PassengerId (a row number). Not modified.
    Returns (X, names):
      X      (N, F) float64 ndarray, finite (fill every gap), rows in df's order.
      names  list of F str, the name of each column of X.
    Two columns are fixed, the rest are yours to choose: a column named "Sex" that is 1.0 for
    women and 0.0 for men, and a column named "Pclass" holding the class (1.0, 2.0 or 3.0). Use
    only what a row and the frame's own known values tell you (a median of the frame's known ages
    is fine). About 6 lines.
    """
    ### BEGIN SOLUTION
    age = df["Age"].fillna(df["Age"].median())
    X = np.column_stack([age, df["SibSp"], df["Parch"], np.log1p(df["Fare"]), df["Pclass"],
                         df["Sex"] == "female"]).astype(np.float64)  # (N, 6)
    names = ["Age", "SibSp", "Parch", "LogFare", "Pclass", "Sex"]
    return X, names
    ### END SOLUTION


# %%
def fit_model(X, y):
    """A scikit-learn classifier, trained.

    X: (N, F) float64 ndarray from build_features.  y: (N,) int64 array of 0/1 (Survived).
    Returns the fitted model: any scikit-learn estimator (or pipeline) with a predict(X) method
    that gives 0/1 labels. Scale the features if your model needs it (a Pipeline keeps the scaler
    with the model). About 2 lines.
    """
    ### BEGIN SOLUTION
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    ### END SOLUTION
    return model


# %%
def make_submission(model, df_test):
    """The predictions, in the shape of a Kaggle submission file.

    model: what fit_model returned.  df_test: (N, C) DataFrame like make_titanic's WITHOUT the
        Survived column. Not modified.
    Returns an (N, 2) DataFrame with exactly the columns PassengerId (int64, df_test's, in its
    order) and Survived (int64, each 0 or 1: a label, not a probability), index 0..N-1.
    About 3 lines.
    """
    ### BEGIN SOLUTION
    X, _ = build_features(df_test)
    labels = model.predict(X).astype(np.int64)  # (N,)
    submission = pd.DataFrame({"PassengerId": df_test["PassengerId"].to_numpy(dtype=np.int64), "Survived": labels})
    ### END SOLUTION
    return submission


# %%
def top_features(model, X, y, names, k=3, seed=0):
    """Stretch: the k features the model leans on most, by permutation importance, written by hand.

    model: fitted, as fit_model returns it.  X: (N, F) float64, y: (N,) int 0/1 — best a set the
    model was NOT trained on.  names: list of F str (build_features' names).  k: int, 1 <= k <= F.
    seed: int, for np.random.default_rng(seed).
    Returns a list of k names, most important first. A feature's importance is how much the
    model's accuracy on (X, y) falls when that one column is shuffled (rng.permutation of its
    values, the other columns as they were): a column the model ignores costs nothing. One shuffle
    per column is enough here. Do not shuffle X in place; sklearn.inspection.permutation_importance
    is off limits. About 8 lines.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    shuffled_accuracy = []
    for j in range(X.shape[1]):
        Xp = X.copy()
        Xp[:, j] = rng.permutation(Xp[:, j])
        shuffled_accuracy.append(np.mean(model.predict(Xp) == y))
    order = np.argsort(shuffled_accuracy, kind="stable")  # the lowest accuracy left = the most important
    top = [names[j] for j in order[:k]]
    ### END SOLUTION
    return top
