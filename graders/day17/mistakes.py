"""Day 17's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import numpy as np
from sklearn.tree import DecisionTreeClassifier


def _score(trees, masks, X, y, *, hard=False, missing_wrong=False):
    n_classes = int(np.max(y)) + 1
    summed = np.zeros((len(X), n_classes))
    for tree, out in zip(trees, masks):
        if not out.any():
            continue
        if hard:
            summed[np.flatnonzero(out), tree.predict(X[out]).astype(int)] += 1
        else:
            summed[np.ix_(out, tree.classes_)] += tree.predict_proba(X[out])
    has = masks.any(axis=0)
    right = np.argmax(summed, axis=1) == y
    return float(np.mean(right)) if missing_wrong else float(np.mean(right[has]))


def _forest(X, y, n_estimators=100, seed=0, *, draw="integers", seed_first=False, reseed=False, masks_of="out",
            scorer=_score):
    n = len(X)
    rng = np.random.default_rng(seed)
    trees, masks = [], np.zeros((n_estimators, n), dtype=bool)
    for t in range(n_estimators):
        if reseed:
            rng = np.random.default_rng(seed)
        tree_seed = int(rng.integers(2**31 - 1)) if seed_first else None
        rows = {"integers": lambda: rng.integers(0, n, size=n), "choice": lambda: rng.choice(n, size=n),
                "permutation": lambda: rng.permutation(n)}[draw]()
        if not seed_first:
            tree_seed = int(rng.integers(2**31 - 1))
        trees.append(DecisionTreeClassifier(max_features="sqrt", random_state=tree_seed).fit(X[rows], y[rows]))
        masks[t] = True
        masks[t, rows] = False
    if masks_of == "in":
        masks = ~masks
    if masks_of == "all":
        score = scorer(trees, np.ones_like(masks), X, y)
    else:
        score = scorer(trees, masks, X, y)
    return {"trees": trees, "oob_masks": masks, "oob_score": score}


def _variant(**options):
    return lambda X, y, n_estimators=100, seed=0: _forest(X, y, n_estimators, seed, **options)


MISTAKES = {
    "bootstrap_indices": {
        "rng.choice(n, size=n) draws other numbers: the recipe is rng.integers(0, n, size=n)":
            lambda n, rng: rng.choice(n, size=n),
        "a permutation (every row once): a bootstrap draws WITH replacement": lambda n, rng: rng.permutation(n),
    },
    "oob_score": {
        "hard votes (each tree's predicted label) instead of summed predict_proba": lambda *a: _score(*a, hard=True),
        "rows without any OOB tree were counted as wrong: leave them out": lambda *a: _score(*a, missing_wrong=True),
        "each row voted on by ALL trees, including those trained on it (that is training accuracy)":
            lambda trees, masks, X, y: _score(trees, np.ones_like(masks), X, y),
    },
    "fit_forest": {
        "the OOB mask is inverted: True must mark the rows NOT drawn into the tree's sample": _variant(masks_of="in"),
        "OOB accuracy from all trees on all rows (the trees have seen most of them): optimistic":
            _variant(masks_of="all"),
        "the tree's seed was drawn before its bootstrap rows: draw the rows first": _variant(seed_first=True),
        "the generator was re-created for every tree: every tree got the same bootstrap sample":
            _variant(reseed=True),
        "rows drawn with rng.choice(n, size=n): the recipe is rng.integers(0, n, size=n)": _variant(draw="choice"),
        "rows drawn as a permutation (without replacement): a bootstrap draws WITH replacement":
            _variant(draw="permutation"),
    },
}
