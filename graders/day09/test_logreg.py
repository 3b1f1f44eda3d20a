"""Hidden graders for day 09 (logistic regression from scratch).

Each function is judged against the live reference on inputs drawn from the test's hidden seed, and
against an independent answer: scikit-learn's LogisticRegression (solved to 1e-12 by Newton's
method) for the fits, sklearn.metrics for log_loss and roc_curve, float64 central differences and
torch autograd for the gradient, held-out accuracy on seeded Titanic-like passengers and on Iris.
Unseen here: 37×5 and 200×3 inputs, the titanic fit on 400 passengers, scores at ±1000.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import iris_split, make_titanic
from course_tools.finite_differences import numeric_grad
from course_tools.fixtures.day09 import FloatWarningsRaise

# A converged gradient descent and Newton's method land on the same optimum to ~1e-12 on these
# standardised problems (measured on 6 seeds, 1500 steps at lr 1): the kit's fit_vs_library row (1e-6)
# leaves room for rounding while a 0.1% slip in any weight (~1e-3) fails.
FIT_TOL = "fit_vs_library"
STABLE_HINT = "exp must only ever see a number <= 0: use exp(-|z|) and pick the formula by the sign of z"


def _data(seed, n, d, scale=1.0):
    """Features and 0/1 labels drawn from a logistic model, neither class empty."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * scale
    p = 1 / (1 + np.exp(-(X @ rng.normal(size=d) + rng.normal())))
    y = (rng.random(n) < p).astype(np.float64)
    y[:2] = [0.0, 1.0]
    return X, y


def titanic_matrix(df, age_fill=None):
    """The numeric matrix of the day: female, class, age (gaps filled), family size, log(1 + fare)."""
    age = df["Age"].to_numpy(dtype=float)
    fill = float(np.nanmedian(age)) if age_fill is None else age_fill
    X = np.column_stack([(df["Sex"] == "female").to_numpy(dtype=float), df["Pclass"].to_numpy(dtype=float),
                         np.where(np.isnan(age), fill, age), (df["SibSp"] + df["Parch"] + 1).to_numpy(dtype=float),
                         np.log1p(df["Fare"].to_numpy(dtype=float))])
    return X, df["Survived"].to_numpy(dtype=np.float64), fill


def _titanic(seed, n_train=400, n_test=1000):
    """Standardised train/test matrices; test passengers are a fresh draw (another seed)."""
    X, y, fill = titanic_matrix(make_titanic(n_train, seed))
    Xt, yt, _ = titanic_matrix(make_titanic(n_test, seed + 1), fill)
    mean, std = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / std, y, (Xt - mean) / std, yt


def _sklearn_fit(X, y, l2=0.0):
    """LogisticRegression on the same loss: C = 1 / (l2 n) turns its summed objective into our mean one."""
    from sklearn.linear_model import LogisticRegression

    C = np.inf if l2 == 0 else 1.0 / (l2 * len(y))
    model = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X, y)
    return model.coef_[0], float(model.intercept_[0])


def _loss(w, b, X, y, l2):
    """The day's loss in float64, written here independently of any submission."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * np.sum(w ** 2))


def _silent(check, name, *args, hint=STABLE_HINT, **kwargs):
    """check(name, ...) with NumPy's overflow/invalid/divide warnings turned into a failure."""
    check.guards += [FloatWarningsRaise]
    try:
        return check(name, *args, hint=hint, **kwargs)
    except (FloatingPointError, RuntimeWarning) as exc:
        raise Mismatch(f"{check.describe(name, args, kwargs)}\n  NumPy warned: {exc} — the result would be "
                       f"inf or NaN somewhere, or rely on it being thrown away. hint: {hint}") from None
    finally:
        check.guards.remove(FloatWarningsRaise)


# --- predict_proba ---------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("n, d", [(37, 5), (8, 1), (200, 3)])
def test_predict_proba_matches_reference(check, seed, n, d):
    X, _ = _data(seed, n, d, scale=2.0)
    w, b = np.random.default_rng(seed + 1).normal(size=d), float(np.random.default_rng(seed + 2).normal())
    check("predict_proba", w, b, X)


@pytest.mark.points(3)
def test_predict_proba_extreme_scores_silent_and_finite(check, seed):
    """Scores at ±1000, ±745, ±710 and beyond: exact, in [0, 1], and without a NumPy warning."""
    rng = np.random.default_rng(seed)
    z = np.concatenate([[-1000.0, 1000.0, -745.0, 745.0, -710.0, 710.0, 0.0], rng.uniform(-1200, 1200, size=16)])
    X = np.column_stack([z / 2, np.ones_like(z)])  # score = 2 * (z / 2) + 0 * 1 - 0.0 = z
    got = _silent(check, "predict_proba", np.array([2.0, 0.0]), 0.0, X)
    outside = np.flatnonzero(~((got >= 0) & (got <= 1)))
    assert outside.size == 0, (f"{check.describe('predict_proba', (X,), {})}\n  the probability for score "
                               f"{z[outside[0]]:g} is {got[outside[0]]}, not in [0, 1]")


@pytest.mark.points(2)
def test_predict_proba_tiny_probabilities_keep_their_digits(check, seed):
    """Scores from -740 to -20 give probabilities down to 1e-322: compared as logs, i.e. relative error."""
    rng = np.random.default_rng(seed)
    X = np.concatenate([[-740.0, -712.0, -40.0], -rng.uniform(20, 740, size=22)])[:, None]
    w, b = np.array([1.0]), 0.0
    want = check.ref.call("predict_proba", (w, b, X), {})
    mistakes = check.ref.mistakes("predict_proba", (w, b, X), {})
    got = check.run_learner("predict_proba", w, b, X)
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0) = -inf is what we want to report
        close(np.log(got), np.log(want), mistakes={k: np.log(v) for k, v in mistakes.items()},
              what=check.describe("predict_proba", (w, b, X), {}) + ", compared as log p", hint=STABLE_HINT)


# --- log_loss ----------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("n", [1, 37])
def test_log_loss_matches_reference(check, seed, n):
    rng = np.random.default_rng(seed)
    check("log_loss", rng.integers(0, 2, size=n), rng.uniform(0.01, 0.99, size=n))


@pytest.mark.points(2)
@pytest.mark.parametrize("labels", ["int", "bool", "float"])
def test_log_loss_matches_sklearn(check, seed, labels):
    from sklearn.metrics import log_loss as sk_log_loss

    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=53)
    y[:2] = [0, 1]
    y = {"int": y, "bool": y.astype(bool), "float": y.astype(np.float64)}[labels]
    p = rng.uniform(1e-6, 1 - 1e-6, size=53)
    got = check.run_learner("log_loss", y, p)
    close(got, sk_log_loss(y, p), tol="formula_vs_library", mistakes=check.ref.mistakes("log_loss", (y, p), {}),
          what=check.describe("log_loss", (y, p), {}) + " against sklearn.metrics.log_loss")


@pytest.mark.points(2)
def test_log_loss_probabilities_of_zero_and_one(check, seed):
    """Confidently right and confidently wrong answers (p exactly 0 or 1): clipped, finite, silent."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=20)
    p = np.where(rng.random(20) < 0.5, y, 1 - y).astype(np.float64)
    p[:4] = rng.uniform(0.2, 0.8, size=4)
    got = _silent(check, "log_loss", y, p, hint="clip p to [eps, 1 - eps] before taking logs")
    assert np.isfinite(got), f"{check.describe('log_loss', (y, p), {})}\n  the loss is {got}, not finite"


@pytest.mark.points(1)
def test_log_loss_uses_eps(check, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=15)
    check("log_loss", y, (1 - y).astype(np.float64), eps=1e-3)


# --- logreg_grad -------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_logreg_grad_matches_reference(check, seed, l2):
    X, y = _data(seed, 37, 5)
    rng = np.random.default_rng(seed + 1)
    check("logreg_grad", rng.normal(size=5), float(rng.normal()), X, y, l2)


@pytest.mark.points(2)
def test_logreg_grad_matches_finite_differences(check, seed):
    X, y = _data(seed, 23, 4, scale=1.5)
    rng = np.random.default_rng(seed + 1)
    w, b, l2 = rng.normal(size=4), float(rng.normal()), 0.2
    got = check.run_learner("logreg_grad", w, b, X, y, l2)
    want = (numeric_grad(lambda v: _loss(v, b, X, y, l2), w),
            float(numeric_grad(lambda v: _loss(w, float(v[0]), X, y, l2), np.array([b]))[0]))
    close(got, want, tol="grad_numeric", mistakes=check.ref.mistakes("logreg_grad", (w, b, X, y, l2), {}),
          what=check.describe("logreg_grad", (w, b, X, y, l2), {}) + " against float64 central differences")


@pytest.mark.points(2)
def test_logreg_grad_matches_torch_autograd(check, seed):
    import torch

    X, y = _data(seed, 41, 3)
    rng = np.random.default_rng(seed + 1)
    w, b, l2 = rng.normal(size=3), float(rng.normal()), 0.05
    got = check.run_learner("logreg_grad", w, b, X, y, l2)
    tw, tb = torch.tensor(w, requires_grad=True), torch.tensor(b, dtype=torch.float64, requires_grad=True)
    z = torch.from_numpy(X) @ tw + tb
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.from_numpy(y)) + 0.5 * l2 * (tw ** 2).sum()
    loss.backward()
    close(got, (tw.grad.numpy(), float(tb.grad)), tol="grad_autograd",
          mistakes=check.ref.mistakes("logreg_grad", (w, b, X, y, l2), {}),
          what=check.describe("logreg_grad", (w, b, X, y, l2), {}) + " against torch autograd")


# --- fit_logreg --------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_fit_logreg_matches_reference(check, seed, l2):
    X, y = _data(seed, 37, 5)
    check("fit_logreg", X, y, 0.5, 40, l2=l2)


@pytest.mark.points(3)
def test_fit_logreg_matches_sklearn_unpenalised(check, seed):
    X, y, _, _ = _titanic(seed)
    got = check.run_learner("fit_logreg", X, y, 1.0, 1500)
    close(got, _sklearn_fit(X, y), tol=FIT_TOL, mistakes=check.ref.mistakes("fit_logreg", (X, y, 1.0, 1500), {}),
          what=check.describe("fit_logreg", (X, y, 1.0, 1500), {}) + " on 400 standardised passengers against "
          "sklearn LogisticRegression(C=inf), solved by Newton's method")


@pytest.mark.points(2)
def test_fit_logreg_l2_matches_sklearn(check, seed):
    """l2 = 0.05 is sklearn's C = 1 / (0.05 n): the same optimum, intercept unpenalised in both."""
    X, y, _, _ = _titanic(seed, n_train=300)
    got = check.run_learner("fit_logreg", X, y, 1.0, 600, l2=0.05)
    close(got, _sklearn_fit(X, y, l2=0.05), tol=FIT_TOL,
          mistakes=check.ref.mistakes("fit_logreg", (X, y, 1.0, 600), {"l2": 0.05}),
          what=check.describe("fit_logreg", (X, y, 1.0, 600), {"l2": 0.05}) + " against sklearn LogisticRegression"
          "(C=1/(l2·n))")


@pytest.mark.points(3)
def test_fit_logreg_titanic_heldout_accuracy(check, seed):
    """Trained on 400 passengers, judged on 1000 others: a plain logistic regression scores 0.81–0.85."""
    X, y, Xt, yt = _titanic(seed)
    w, b = check.run_learner("fit_logreg", X, y, 0.5, 300)
    accuracy = float(np.mean(((Xt @ np.asarray(w) + b) > 0) == (yt == 1)))
    assert accuracy >= 0.78, (
        f"{check.describe('fit_logreg', (X, y, 0.5, 300), {})}\n  held-out accuracy {accuracy:.3f} on 1000 fresh "
        "passengers, the bar is 0.78 (women-survive alone scores about 0.74)")


# --- roc_curve (stretch) -------------------------------------------------------------------------------

def _scores(rng, kind, n):
    return {"distinct": rng.normal(size=n), "rounded": np.round(rng.normal(size=n), 1),
            "few": rng.integers(0, 4, size=n).astype(np.float64), "all_tied": np.full(n, 0.3)}[kind]


@pytest.mark.points(2)
@pytest.mark.parametrize("kind", ["distinct", "rounded", "few", "all_tied"])
def test_roc_curve_matches_sklearn(check, seed, kind):
    from sklearn.metrics import roc_curve as sk_roc_curve

    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=37)
    y[:2] = [0, 1]
    s = _scores(rng, kind, 37)
    got = check.run_learner("roc_curve", y, s)
    close(got, tuple(sk_roc_curve(y, s, drop_intermediate=False)), tol="formula_vs_library",
          mistakes=check.ref.mistakes("roc_curve", (y, s), {}),
          what=check.describe("roc_curve", (y, s), {}) + " against sklearn.metrics.roc_curve(drop_intermediate=False)")


@pytest.mark.points(1)
def test_roc_curve_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(101) < 0.3).astype(np.int64)
    y[:2] = [0, 1]
    check("roc_curve", y, np.round(rng.normal(size=101), 1))


# --- softmax_regression (stretch) ----------------------------------------------------------------------

@pytest.mark.points(2)
def test_softmax_regression_matches_reference(check, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(37, 5)), rng.integers(0, 4, size=37)
    y[:4] = [0, 1, 2, 3]
    check("softmax_regression", X, y, 0.5, 30)


@pytest.mark.points(1)
def test_softmax_regression_large_scores_stay_finite(check, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(30, 3)) * 500.0, rng.integers(0, 3, size=30)
    y[:3] = [0, 1, 2]
    check("softmax_regression", X, y, 1.0, 5, hint="subtract each row's largest score before exp")


@pytest.mark.points(2)
def test_softmax_regression_iris_accuracy(check):
    """Mean test accuracy over ten stratified Iris splits (the reference scores about 0.96)."""
    accuracies = []
    for split in range(10):
        X, Xt, y, yt = iris_split(split)
        W, b = check.run_learner("softmax_regression", X, y, 0.5, 500)
        accuracies.append(float(np.mean(np.argmax(Xt @ np.asarray(W) + np.asarray(b), axis=1) == yt)))
    mean = float(np.mean(accuracies))
    assert mean >= 0.93, (f"day09: softmax_regression(iris_split(0..9), lr 0.5, 500 steps)\n  mean test accuracy "
                          f"{mean:.3f} (per split {np.round(accuracies, 3).tolist()}), the bar is 0.93")
