"""Day 10's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import itertools

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold


# --- gridsearch.py -----------------------------------------------------------------------------

def _expand(grid, order=sorted, first_fastest=False):
    names = list(order(grid))
    if first_fastest:
        combos = [tuple(reversed(c)) for c in itertools.product(*(grid[k] for k in reversed(names)))]
    else:
        combos = list(itertools.product(*(grid[k] for k in names)))
    return [dict(zip(names, c)) for c in combos]


def _search(make_model, grid, X, y, cv=5, *, folds_of=None, prescale=False, pooled=False, last_tie=False,
            on_train=False):
    if prescale:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    if not isinstance(cv, int):
        folds = [(np.asarray(a), np.asarray(b)) for a, b in cv]
    else:
        folds = list((folds_of or (lambda k: StratifiedKFold(k)))(cv).split(X, y))
    candidates = _expand(grid)
    means = np.zeros(len(candidates))
    for g, params in enumerate(candidates):
        right, total, scores = 0.0, 0, []
        for train, test in folds:
            model = make_model(**params).fit(X[train], y[train])
            rows = train if on_train else test
            s = model.score(X[rows], y[rows])
            scores.append(s)
            right, total = right + s * len(rows), total + len(rows)
        means[g] = right / total if pooled else np.mean(scores)
    best = len(means) - 1 - int(np.argmax(means[::-1])) if last_tie else int(np.argmax(means))
    return {"params": candidates, "mean_scores": means, "best_params": candidates[best],
            "best_score": float(means[best])}


def _variant(**options):
    return lambda make_model, grid, X, y, cv=5: _search(make_model, grid, X, y, cv, **options)


_SEARCH = {
    "X was standardised on all rows before the folds were cut: the test folds leaked into the scaling "
    "(put a StandardScaler inside the model instead)": _variant(prescale=True),
    "plain KFold folds: for a classifier an int cv means StratifiedKFold(cv), unshuffled":
        _variant(folds_of=lambda k: KFold(k)),
    "shuffled folds: StratifiedKFold(cv) without shuffle is what GridSearchCV uses":
        _variant(folds_of=lambda k: StratifiedKFold(k, shuffle=True, random_state=0)),
    "the score pools all test rows (weighted by fold size): GridSearchCV averages the K fold scores":
        _variant(pooled=True),
    "a later candidate wins a tie (>= instead of >): the first best candidate must win": _variant(last_tie=True),
    "each model was scored on its own training rows, not on the held-out fold": _variant(on_train=True),
}

MISTAKES = {
    "expand_grid": {
        "names taken in the grid's own order: sort them first": lambda grid: _expand(grid, order=list),
        "the first name changes fastest: with itertools.product over the sorted names the last one does":
            lambda grid: _expand(grid, first_fastest=True),
    },
    "grid_search_cv": _SEARCH,
}


# --- penalized.py ------------------------------------------------------------------------------

def _soft(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def _logreg(X, y, penalty="l2", C=1.0, l1_ratio=0.5, *, max_iter=20_000, step_tol=1e-10, strength="right",
            penalise_b=False, swap_ratio=False):
    n, d = X.shape
    share = {"l1": 1.0, "l2": 0.0, "elasticnet": (1 - l1_ratio) if swap_ratio else l1_ratio}[penalty]
    scale = {"right": 1.0 / (C * n), "C_as_lambda": C / n, "no_n": 1.0 / C}[strength]
    lam1, lam2 = share * scale, (1 - share) * scale
    t = 1.0 / (np.linalg.norm(np.column_stack([X, np.ones(n)]), 2) ** 2 / (4 * n) + (lam2 if penalise_b else 0))
    w, b = np.zeros(d), 0.0
    for _ in range(max_iter):
        r = 0.5 * (1 + np.tanh(0.5 * (X @ w + b))) - y
        w_new = _soft(w - t * (X.T @ r) / n, t * lam1) / (1 + t * lam2)
        b_new = b - t * np.mean(r)
        if penalise_b:
            b_new = float(_soft(np.array([b_new]), t * lam1)[0] / (1 + t * lam2))
        moved = max(np.max(np.abs(w_new - w)), abs(b_new - b))
        w, b = w_new, b_new
        if moved <= step_tol:
            break
    return w, float(b)


def _logreg_variant(**options):
    return lambda X, y, penalty="l2", C=1.0, l1_ratio=0.5, **kw: _logreg(X, y, penalty, C, l1_ratio, **options)


def _ridge(X, y, alpha=1.0, *, center=True, alpha_scale=1.0):
    xm, ym = (X.mean(axis=0), y.mean()) if center else (np.zeros(X.shape[1]), 0.0)
    Xc = X - xm
    w = np.linalg.solve(Xc.T @ Xc + alpha * alpha_scale * np.eye(X.shape[1]), Xc.T @ (y - ym))
    return w, float(ym - xm @ w)


def _ridge_penalised_b(X, y, alpha=1.0):
    Xb = np.column_stack([X, np.ones(len(X))])
    wb = np.linalg.solve(Xb.T @ Xb + alpha * np.eye(Xb.shape[1]), Xb.T @ y)
    return wb[:-1], float(wb[-1])


MISTAKES.update({
    "soft_threshold": {
        "shrinks without stopping at 0 (v - t·sign(v)): small entries flip sign instead of becoming 0":
            lambda v, t: v - t * np.sign(v),
        "zeroes small entries but does not shrink the others (hard thresholding)":
            lambda v, t: np.where(np.abs(v) > t, v, 0.0),
    },
    "fit_logreg_penalized": {
        "C used as the penalty strength λ: C is its INVERSE (a small C is a strong penalty)":
            _logreg_variant(strength="C_as_lambda"),
        "the penalty was not divided by n: after dividing the objective by C·n, λ = 1/(C·n)":
            _logreg_variant(strength="no_n"),
        "the intercept b was penalised too: sklearn leaves it alone": _logreg_variant(penalise_b=True),
        "l1_ratio applied to the l2 part: it is the share of the l1 penalty": _logreg_variant(swap_ratio=True),
    },
    "ridge_fit": {
        "the intercept was penalised (a column of ones inside the ridge): centre X and y instead": _ridge_penalised_b,
        "no intercept: X and y were not centred": lambda X, y, alpha=1.0: (_ridge(X, y, alpha, center=False)[0], 0.0),
        "alpha multiplied by n: sklearn's Ridge penalises the summed squared error with alpha itself":
            lambda X, y, alpha=1.0: _ridge(X, y, alpha, alpha_scale=len(X)),
    },
})


def _lasso(X, y, alpha=1.0, *, max_iter=10_000, step_tol=1e-10, threshold_scale=None, center=True):
    xm, ym = (X.mean(axis=0), y.mean()) if center else (np.zeros(X.shape[1]), 0.0)
    Xc, n = X - xm, X.shape[0]
    norms = np.sum(Xc ** 2, axis=0)
    w, r = np.zeros(X.shape[1]), y - ym
    for _ in range(max_iter):
        moved = 0.0
        for j in range(X.shape[1]):
            old = w[j]
            level = (threshold_scale if threshold_scale is not None else n) * alpha / norms[j]
            w[j] = _soft(np.array([old + Xc[:, j] @ r / norms[j]]), level)[0]
            r -= Xc[:, j] * (w[j] - old)
            moved = max(moved, abs(w[j] - old))
        if moved <= step_tol:
            break
    return w, float(ym - xm @ w)


MISTAKES["lasso_cd"] = {
    "threshold alpha / ‖Xⱼ‖² instead of n·alpha / ‖Xⱼ‖²: sklearn's Lasso averages the squared error (1/2n)":
        lambda X, y, alpha=1.0, **kw: _lasso(X, y, alpha, threshold_scale=1.0),
    "no intercept: X and y were not centred": lambda X, y, alpha=1.0, **kw: (_lasso(X, y, alpha, center=False)[0], 0.0),
}
