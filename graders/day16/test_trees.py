"""Hidden graders for day 16 (decision trees from scratch).

Every test draws its data from its hidden seed. Unseen here: 37 rows × 5 features with 3 classes,
integer-valued features full of ties (and a duplicated column, so whole splits tie), max_depth 4,
min_samples_split 9. Trees given to predict_tree, tree_to_dot and feature_importances come from the
reference's build_tree, so a slip in an earlier step does not cost the later ones.
"""

import numpy as np
import pytest

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.data import iris_split
from course_tools.fixtures.day16 import children_of, parse_dot

IRIS_FEATURES = ["sepal length", "sepal width", "petal length", "petal width"]
IRIS_CLASSES = ["setosa", "versicolor", "virginica"]
CRITERIA = ["gini", "entropy"]


def _data(seed, n=37, d=5, k=3, integer=False):
    """Rows whose class follows a noisy linear rule, so trees have something to find."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 6, size=(n, d)).astype(np.float64) if integer else rng.normal(size=(n, d))
    scores = (X - X.mean(axis=0)) @ rng.normal(size=(d, k)) + 0.5 * rng.normal(size=(n, k))
    y = np.argmax(scores, axis=1).astype(np.int64)
    y[:k] = np.arange(k)  # every class present
    return X, y


def _nodes(tree):
    stack, out = [tree], []
    while stack:
        node = stack.pop()
        out.append(node)
        if "feature" in node:
            stack += [node["left"], node["right"]]
    return out


# --- impurity ---------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_impurity_matches_reference(check, seed, criterion):
    rng = np.random.default_rng(seed)
    for n, labels in [(37, [0, 1, 2]), (11, [3, 7, 9, 12]), (6, [5]), (2, [0, 1])]:
        check("impurity", rng.choice(labels, size=n), criterion)


@pytest.mark.points(2)
def test_impurity_known_values(check):
    """Values to remember: 50/50 is 1 bit and gini ½; four equal classes 2 bits and gini ¾; pure is 0."""
    for y in [np.array([0, 1, 0, 1]), np.array([0, 1, 2, 3] * 3), np.array([4, 4, 4])]:
        for criterion in CRITERIA:
            check("impurity", y, criterion, hint="gini = 1 − Σ p², entropy = −Σ p log2 p over the label shares p")


@pytest.mark.points(1)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_impurity_of_no_labels_is_zero(check, criterion):
    check("impurity", np.array([], dtype=np.int64), criterion, hint="an empty set of labels has impurity 0.0")


@pytest.mark.points(1)
def test_impurity_rejects_unknown_criterion(check):
    y = np.array([0, 1, 1])
    expect_raises(ValueError, check.describe("impurity", (y, "mse"), {}),
                  lambda: check.run_learner("impurity", y, "mse"), because="only 'gini' and 'entropy' are criteria")


# --- best_split ------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_best_split_matches_reference(check, seed, criterion):
    X, y = _data(seed)
    check("best_split", X, y, criterion)


@pytest.mark.points(3)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_best_split_ties_lowest_feature_then_threshold(check, seed, criterion):
    """Integer features tie often; column 3 repeats column 1, so a best split on 1 ties with 3."""
    X, y = _data(seed, n=41, d=4, integer=True)
    X[:, 3] = X[:, 1]
    X[:, 0] = X[:, 1]  # …and column 0 too: when column 1 is best, column 0 must be chosen
    check("best_split", X, y, criterion, hint="among equal gains take the lowest feature, then the lowest threshold")


@pytest.mark.points(2)
def test_best_split_perfect_separation_gains_all_impurity(check, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(23, 3))
    y = (X[:, 2] > 0.1).astype(np.int64)
    y[:2] = [0, 1]
    X[:2, 2] = [-1.0, 1.0]
    check("best_split", X, y, "entropy")


@pytest.mark.points(1)
def test_best_split_no_split_when_features_constant(check):
    X, y = np.ones((5, 2)), np.array([0, 1, 0, 1, 1])
    check("best_split", X, y, "gini", hint="with every feature constant there is no split: return None")


# --- build_tree ------------------------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("max_depth", [1, 4])
def test_build_tree_matches_reference(check, seed, criterion, max_depth):
    X, y = _data(seed)
    check("build_tree", X, y, max_depth=max_depth, criterion=criterion)


@pytest.mark.points(2)
@pytest.mark.parametrize("min_samples_split", [6, 9, 14])
def test_build_tree_min_samples_split_and_ties(check, seed, min_samples_split):
    X, y = _data(seed, n=41, d=4, integer=True)
    X[:, 3] = X[:, 1]
    check("build_tree", X, y, max_depth=5, min_samples_split=min_samples_split,
          hint="a node with fewer than min_samples_split rows is a leaf; one with exactly that many may split")


@pytest.mark.points(1)
def test_build_tree_impure_node_without_a_split_is_a_leaf(check, seed):
    """Repeated rows with different labels: once a node holds only copies of one row, nothing splits it."""
    X, y = _data(seed, n=6, d=2, k=2, integer=True)
    X, y = np.tile(X, (3, 1)), np.concatenate([y, 1 - y, y])  # each row thrice, its label flipped once
    check("build_tree", X, y, max_depth=6, hint="when best_split returns None the node stays a leaf")


@pytest.mark.points(1)
def test_build_tree_depth_zero_is_one_leaf(check, seed):
    X, y = _data(seed, n=12)
    check("build_tree", X, y, max_depth=0)


@pytest.mark.points(1)
def test_build_tree_counts_have_length_k_in_every_node(check, seed):
    """A node that sees only classes 0 and 1 still has counts of length K = y.max() + 1."""
    X, y = _data(seed, n=30, k=4)
    check("build_tree", X, y, max_depth=3)


@pytest.mark.points(3)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_build_tree_agrees_with_sklearn_on_iris(check, ref_module, seed, criterion):
    """≥ 97% of the 150 flowers predicted alike by your tree and scikit-learn's at depth 2, 3 or 4.

    sklearn breaks ties between equally good splits at random (its random_state is the seed here);
    on the whole of iris the trees then still agree everywhere, so 97% leaves room only for slips.
    """
    from sklearn.datasets import load_iris
    from sklearn.tree import DecisionTreeClassifier

    X, y = load_iris(return_X_y=True)
    depth = 2 + seed % 3
    kwargs = {"max_depth": depth, "criterion": criterion}
    tree = check.run_learner("build_tree", X, y, **kwargs)
    ours = ref_module.predict_tree(tree, X)  # the reference walks your tree: only build_tree is judged
    theirs = DecisionTreeClassifier(**kwargs, random_state=seed).fit(X, y).predict(X)
    agree = float(np.mean(ours == theirs))
    if agree < 0.97:
        raise Mismatch(f"{check.describe('build_tree', (X, y), kwargs)}\n  your tree and sklearn's "
                       f"DecisionTreeClassifier(max_depth={depth}, criterion={criterion!r}) predict the same class "
                       f"for {100 * agree:.1f}% of the 150 flowers; at least 97% is expected")


# --- predict_tree -----------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_predict_tree_matches_reference(check, ref_module, seed):
    X, y = _data(seed)
    tree = ref_module.build_tree(X, y, max_depth=4)
    rng = np.random.default_rng(seed + 1)
    X_new = rng.normal(size=(29, 5)) * 1.5
    X_new[:3, tree["feature"]] = tree["threshold"]  # rows exactly at the root's threshold go left
    check("predict_tree", tree, X_new, hint="go left when X[row, feature] <= threshold")


@pytest.mark.points(1)
def test_predict_tree_single_leaf(check, ref_module, seed):
    X, y = _data(seed, n=10)
    check("predict_tree", ref_module.build_tree(X, y, max_depth=0), X)


# --- tree_to_dot -------------------------------------------------------------------------------------

def _judge_dot(check, tree, feature_names, class_names):
    args = (tree, feature_names, class_names)
    text = check.run_learner("tree_to_dot", *args)
    what = check.describe("tree_to_dot", args, {})
    labels, edges, problems = parse_dot(text)
    root, children, more = children_of(labels, edges) if not problems else (None, {}, [])
    problems += more
    if problems:
        raise Mismatch(f"{what}\n  the DOT text is not the documented form:\n    " + "\n    ".join(problems[:5]))
    nodes = _nodes(tree)
    if len(labels) != len(nodes) or len(edges) != len(nodes) - 1:
        raise Mismatch(f"{what}\n  the tree has {len(nodes)} nodes and {len(nodes) - 1} edges; the DOT text has "
                       f"{len(labels)} nodes and {len(edges)} edges")
    if root != 0:
        raise Mismatch(f"{what}\n  the root must be node 0, got {root}")
    order = []  # node ids in pre-order of the drawn tree; must be 0, 1, 2, …

    def walk(node, node_id, path):
        order.append(node_id)
        parts, kids = labels[node_id], children.get(node_id, [])
        where = f"{what}\n  node {node_id} (the root{path})"
        feature_names_ = feature_names or [f"x{j}" for j in range(64)]
        class_label = (class_names or [str(c) for c in range(64)])[node["prediction"]]
        for want in (f"samples = {int(np.sum(node['counts']))}", f"value = {[int(c) for c in node['counts']]}",
                     f"class = {class_label}"):
            if want not in parts:
                raise Mismatch(f"{where}: its label parts {parts} lack {want!r}")
        if "feature" not in node:
            if kids or any("<=" in p for p in parts):
                raise Mismatch(f"{where} is a leaf: no children and no '<=' test in its label")
            return
        head = f"{feature_names_[node['feature']]} <= "
        if not parts[0].startswith(head):
            raise Mismatch(f"{where}: the label must start with {head!r}…, got {parts[0]!r}")
        try:
            shown = float(parts[0][len(head):])
        except ValueError:
            raise Mismatch(f"{where}: cannot read a number after '<=' in {parts[0]!r}") from None
        if abs(shown - node["threshold"]) > 5e-4:  # 3 decimals, rounded
            raise Mismatch(f"{where}: the label shows threshold {shown}, the tree's is {node['threshold']:.6f}")
        if len(kids) != 2:
            raise Mismatch(f"{where} is a split: it needs 2 edges to children, got {len(kids)}")
        walk(node["left"], kids[0], path + " → left")
        walk(node["right"], kids[1], path + " → right")

    walk(tree, 0, "")
    if order != list(range(len(nodes))):
        raise Mismatch(f"{what}\n  node ids must be 0, 1, 2, … in pre-order (node, left subtree, right subtree); "
                       f"walking the drawn tree gives {order[:12]}")


@pytest.mark.points(3)
def test_tree_to_dot_draws_the_iris_tree(check, ref_module, seed):
    X_train, _, y_train, _ = iris_split(seed % 1000)
    _judge_dot(check, ref_module.build_tree(X_train, y_train, max_depth=3), IRIS_FEATURES, IRIS_CLASSES)


@pytest.mark.points(2)
def test_tree_to_dot_default_names_unseen_tree(check, ref_module, seed):
    X, y = _data(seed, n=41, d=4, integer=True)
    _judge_dot(check, ref_module.build_tree(X, y, max_depth=4, min_samples_split=9), None, None)


@pytest.mark.points(1)
def test_tree_to_dot_single_leaf(check, ref_module, seed):
    X, y = _data(seed, n=9)
    _judge_dot(check, ref_module.build_tree(X, y, max_depth=0), ["a", "b", "c", "d", "e"], ["no", "yes", "maybe"])


# --- feature_importances -----------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_feature_importances_matches_reference(check, ref_module, seed, criterion):
    X, y = _data(seed, n=41, d=4, integer=True)
    check("feature_importances", ref_module.build_tree(X, y, max_depth=4, criterion=criterion), 4)


def _from_sklearn(clf):
    """A fitted DecisionTreeClassifier's tree in the day's schema, so both importances read one tree."""
    t = clf.tree_

    def node(i):
        n = int(t.n_node_samples[i])
        counts = np.rint(t.value[i, 0] * n / t.value[i, 0].sum()).astype(np.int64)  # fractions or counts
        out = {"counts": counts, "impurity": float(t.impurity[i]), "prediction": int(np.argmax(counts))}
        if t.children_left[i] != -1:
            out.update(feature=int(t.feature[i]), threshold=float(t.threshold[i]),
                       left=node(t.children_left[i]), right=node(t.children_right[i]))
        return out

    return node(0)


@pytest.mark.points(2)
@pytest.mark.parametrize("criterion", CRITERIA)
def test_feature_importances_match_sklearn(check, seed, criterion):
    """sklearn's own tree, written in the day's schema: your importances must equal its feature_importances_."""
    from sklearn.tree import DecisionTreeClassifier

    X, y = _data(seed, n=60, d=5)
    clf = DecisionTreeClassifier(max_depth=4, criterion=criterion, random_state=seed).fit(X, y)
    tree = _from_sklearn(clf)
    got = check.run_learner("feature_importances", tree, 5)
    close(got, clf.feature_importances_, what=check.describe("feature_importances", (tree, 5), {})
          + " against sklearn's feature_importances_ of the same tree", tol="formula_vs_library")


@pytest.mark.points(1)
def test_feature_importances_single_leaf_is_zero(check, ref_module, seed):
    X, y = _data(seed, n=9)
    check("feature_importances", ref_module.build_tree(X, y, max_depth=0), 5)
