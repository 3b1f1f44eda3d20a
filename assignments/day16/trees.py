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
    raise NotImplementedError('day16: impurity — see README')


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
    raise NotImplementedError('day16: best_split — see README')


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
    raise NotImplementedError('day16: build_tree — see README')


# %%
def predict_tree(tree, X):
    """The class each row of X lands in.

    tree: a node as build_tree returns.  X: (M, D) float array.
    Returns (M,) int64: the "prediction" of the leaf each row reaches (left when
    X[row, feature] <= threshold). About 8 lines.
    """
    raise NotImplementedError('day16: predict_tree — see README')


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
    raise NotImplementedError('day16: tree_to_dot — see README')


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
    raise NotImplementedError('day16: feature_importances — see README')
