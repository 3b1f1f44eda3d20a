# %%
"""Day 16 — decision trees from scratch: impurity, the best split, a grown tree, and its picture.

Dimension letters used below:
  N   samples (rows of X)        D   features (columns of X)
  K   classes: labels are ints; build_tree wants them in 0..K-1
  M   rows to predict

Conventions every function shares:
  * Entropy is measured in BITS (log base 2): a 50/50 node has entropy 1.0; 0·log 0 counts as 0.
  * A split (feature f, threshold t) sends a row LEFT when X[row, f] <= t, right otherwise.
  * Thresholds are MIDPOINTS between neighbouring distinct values of a feature, never data values.

A tree is nested dicts. Every node has
    "counts":     (K,) int64, how many training rows of each class reached the node
    "impurity":   Python float, the node's impurity under the criterion it was grown with
    "prediction": Python int, the majority class (np.argmax(counts): ties go to the lowest class)
and a split node has four keys more (a leaf has none of them):
    "feature":    Python int          "threshold": Python float
    "left":       the node of the rows with X[:, feature] <= threshold
    "right":      the node of the other rows

Check your work:  pytest assignments/day16   (or: ai100 check day16)
"""

import numpy as np

SPLIT_KEYS = ("feature", "threshold", "left", "right")  # a node with these keys is a split node


def is_leaf(node):
    """True for a leaf node (a dict without the split keys)."""
    return "feature" not in node


# %%
def impurity(y, criterion="gini"):
    """The impurity of a set of labels.

    y: (N,) int array of labels (any ints, not only 0..K-1).  criterion: "gini" or "entropy".
    Returns a Python float: with p_k the share of label k among the N labels,
      gini     1 − Σ p_k²
      entropy  −Σ p_k log2 p_k    (bits; classes that do not occur contribute 0)
    An empty y has impurity 0.0. Any other criterion raises ValueError. About 7 lines.
    """
    ### BEGIN SOLUTION
    if criterion not in ("gini", "entropy"):
        raise ValueError(f"criterion must be 'gini' or 'entropy', got {criterion!r}")
    if len(y) == 0:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)  # (classes present,) all > 0, so log2 is safe
    if criterion == "gini":
        return float(1.0 - np.sum(p * p))
    return float(-np.sum(p * np.log2(p)))
    ### END SOLUTION


# %%
def best_split(X, y, criterion="gini"):
    """The split of (X, y) with the largest impurity decrease (information gain).

    X: (N, D) float array.  y: (N,) int labels.  criterion: "gini" or "entropy".
    Returns (feature, threshold, gain) — Python int, float, float — or None when no split exists
    (every feature is constant on these rows). For a split into a left part L and right part R,
      gain = impurity(y) − |L|/N · impurity(y[L]) − |R|/N · impurity(y[R])
    The candidates of feature f are the midpoints between consecutive distinct values of X[:, f].
    Ties: a gain within 1e-12 of the largest counts as the largest; among those take the lowest
    feature, then the lowest threshold. About 15 lines (sort each feature once and sweep with
    cumulative class counts, or loop over thresholds: both are fast enough here).
    """
    ### BEGIN SOLUTION
    n, d = X.shape
    _, codes = np.unique(y, return_inverse=True)
    onehot = np.eye(codes.max() + 1)[codes]  # (N, K)
    parent = impurity(y, criterion)
    candidates = []  # (gain, feature, threshold) in feature-major, threshold-ascending order
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        xs = X[order, f]
        left = np.cumsum(onehot[order], axis=0)[:-1]  # (N-1, K): class counts left of each cut
        right = left[-1] + onehot[order[-1]] - left  # (N-1, K)
        n_left = np.arange(1, n)[:, None]  # (N-1, 1)
        p_left, p_right = left / n_left, right / (n - n_left)
        if criterion == "gini":
            imp_left, imp_right = 1 - np.sum(p_left ** 2, axis=1), 1 - np.sum(p_right ** 2, axis=1)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                imp_left = -np.sum(np.where(p_left > 0, p_left * np.log2(p_left), 0.0), axis=1)
                imp_right = -np.sum(np.where(p_right > 0, p_right * np.log2(p_right), 0.0), axis=1)
        gain = parent - (n_left[:, 0] / n) * imp_left - ((n - n_left[:, 0]) / n) * imp_right  # (N-1,)
        for i in np.flatnonzero(xs[1:] > xs[:-1]):  # cuts between distinct values only
            candidates.append((float(gain[i]), f, float((xs[i] + xs[i + 1]) / 2)))
    if not candidates:
        return None
    top = max(g for g, _, _ in candidates)
    gain, f, threshold = next(c for c in candidates if c[0] >= top - 1e-12)
    return int(f), threshold, gain
    ### END SOLUTION


# %%
def build_tree(X, y, max_depth=3, min_samples_split=2, criterion="gini"):
    """Grow a classification tree greedily, best split first, as nested dicts (schema above).

    X: (N, D) float array.  y: (N,) int labels in 0..K-1, where K = y.max() + 1.
    max_depth: int >= 0, the most splits on a path from the root (the root is at depth 0, so
      max_depth=0 gives a single leaf).  min_samples_split: int, a node with fewer rows is a leaf.
    criterion: "gini" or "entropy".
    Returns the root node. Every node's "counts" has length K (the K of the whole y).
    A node becomes a leaf when its depth is max_depth, when it has fewer than min_samples_split
    rows, when it is pure (impurity 0), or when best_split finds no split; otherwise it splits on
    best_split of its own rows — even when the best gain is 0, as scikit-learn does.
    About 15 lines, most easily a recursive helper grow(rows, depth).
    """
    ### BEGIN SOLUTION
    n_classes = int(np.max(y)) + 1

    def grow(rows, depth):
        counts = np.bincount(y[rows], minlength=n_classes).astype(np.int64)  # (K,)
        node = {"counts": counts, "impurity": impurity(y[rows], criterion), "prediction": int(np.argmax(counts))}
        if depth >= max_depth or len(rows) < min_samples_split or node["impurity"] == 0:
            return node
        split = best_split(X[rows], y[rows], criterion)
        if split is None:
            return node
        feature, threshold, _ = split
        goes_left = X[rows, feature] <= threshold
        node.update(feature=feature, threshold=threshold,
                    left=grow(rows[goes_left], depth + 1), right=grow(rows[~goes_left], depth + 1))
        return node

    return grow(np.arange(len(y)), 0)
    ### END SOLUTION


# %%
def predict_tree(tree, X):
    """The class each row of X lands in.

    tree: a node as build_tree returns.  X: (M, D) float array.
    Returns (M,) int64: the "prediction" of the leaf each row reaches (left when
    X[row, feature] <= threshold). About 8 lines.
    """
    ### BEGIN SOLUTION
    out = np.empty(len(X), dtype=np.int64)
    for i, row in enumerate(X):
        node = tree
        while not is_leaf(node):
            node = node["left"] if row[node["feature"]] <= node["threshold"] else node["right"]
        out[i] = node["prediction"]
    return out
    ### END SOLUTION


# %%
def tree_to_dot(tree, feature_names=None, class_names=None):
    """The tree as a Graphviz DOT string (render it with `dot -Tpng` or any online viewer).

    tree: a node as build_tree returns.
    feature_names: list of D str, or None for "x0", "x1", ...
    class_names: list of K str, or None for "0", "1", ...
    Returns a str of this form, one statement per line:
        digraph Tree {
        node [shape=box] ;
        0 [label="petal width <= 0.800\\nsamples = 105\\nvalue = [35, 35, 35]\\nclass = setosa"] ;
        1 [label="samples = 35\\nvalue = [35, 0, 0]\\nclass = setosa"] ;
        0 -> 1 ;
        ...
        }
    Node ids are 0, 1, 2, ... in pre-order (a node, then its whole left subtree, then its right
    subtree), so the root is 0. Each node's label holds, separated by the two characters \\n:
    "<feature name> <= <threshold with 3 decimals>" (split nodes only, first), "samples = <rows>",
    "value = <counts as a list>" and "class = <name of the predicted class>". The edge to a
    node's left child is written before the edge to its right child. About 15 lines.
    """
    ### BEGIN SOLUTION
    lines = ["digraph Tree {", "node [shape=box] ;"]

    def visit(node):
        me = visit.next_id
        visit.next_id += 1
        parts = []
        if not is_leaf(node):
            name = feature_names[node["feature"]] if feature_names is not None else f"x{node['feature']}"
            parts.append(f"{name} <= {node['threshold']:.3f}")
        label = class_names[node["prediction"]] if class_names is not None else str(node["prediction"])
        parts += [f"samples = {int(np.sum(node['counts']))}", f"value = {[int(c) for c in node['counts']]}",
                  f"class = {label}"]
        lines.append(f'{me} [label="' + "\\n".join(parts) + '"] ;')
        if not is_leaf(node):
            for child in (node["left"], node["right"]):
                lines.append(f"{me} -> {visit(child)} ;")
        return me

    visit.next_id = 0
    visit(tree)
    lines.append("}")
    return "\n".join(lines)
    ### END SOLUTION


# %%
def feature_importances(tree, n_features):
    """Stretch: how much each feature lowered the impurity, over the whole tree (scikit-learn's
    `feature_importances_`, the "mean decrease in impurity").

    tree: a node as build_tree returns.  n_features: int D.
    Returns (D,) float64. Each split node adds, to its feature,
        N_node · impurity(node) − N_left · impurity(left) − N_right · impurity(right)
    (N_· = rows reaching that node = sum of its counts); the result is then divided by its sum so
    it adds up to 1 — or is all zeros when the tree is a single leaf. About 10 lines.
    """
    ### BEGIN SOLUTION
    total = np.zeros(n_features)
    stack = [tree]
    while stack:
        node = stack.pop()
        if is_leaf(node):
            continue
        left, right = node["left"], node["right"]
        total[node["feature"]] += (np.sum(node["counts"]) * node["impurity"]
                                   - np.sum(left["counts"]) * left["impurity"]
                                   - np.sum(right["counts"]) * right["impurity"])
        stack += [left, right]
    s = total.sum()
    return total / s if s > 0 else total
    ### END SOLUTION
