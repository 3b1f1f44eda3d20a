"""Day 16 visible tests: run them with  pytest assignments/day16  (or  ai100 check day16).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with scikit-learn's DecisionTreeClassifier, and with properties every correct
answer has. The autograder runs more cases on data you do not see.
"""

import numpy as np
import pytest

from course_tools.data import iris_split
from course_tools.fixtures.day16 import children_of, parse_dot

# A hand-made depth-2 tree in the documented schema: x1 <= 0.5 first, then x0 <= 2.0 on the right.
LEAF = lambda counts: {"counts": np.array(counts, dtype=np.int64), "impurity": 0.0,  # noqa: E731
                       "prediction": int(np.argmax(counts))}
HAND_TREE = {"counts": np.array([4, 4], dtype=np.int64), "impurity": 0.5, "prediction": 0,
             "feature": 1, "threshold": 0.5, "left": LEAF([3, 0]),
             "right": {"counts": np.array([1, 4], dtype=np.int64), "impurity": 0.32, "prediction": 1,
                       "feature": 0, "threshold": 2.0, "left": LEAF([1, 0]), "right": LEAF([0, 4])}}


def _data(seed, n=20, d=3, k=3, integer=False):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 5, size=(n, d)).astype(np.float64) if integer else rng.normal(size=(n, d))
    y = np.argmax(X @ rng.normal(size=(d, k)) + 0.5 * rng.normal(size=(n, k)), axis=1).astype(np.int64)
    y[:k] = np.arange(k)
    return X, y


@pytest.mark.points(1)
def test_impurity_known_values(check):
    assert check("impurity", np.array([0, 1, 0, 1]), "entropy") == pytest.approx(1.0), "50/50 is exactly 1 bit"
    assert check("impurity", np.array([0, 1, 0, 1]), "gini") == pytest.approx(0.5)
    assert check("impurity", np.array([2, 5, 7, 9]), "entropy") == pytest.approx(2.0), "4 equal classes: 2 bits"
    assert check("impurity", np.array([3, 3, 3]), "gini") == 0.0, "a pure node has impurity 0"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [0, 1])
def test_best_split_matches_reference(check, seed):
    X, y = _data(seed)
    feature, threshold, gain = check("best_split", X, y, "gini")
    assert threshold not in X[:, feature], "the threshold must be a midpoint, not a data value"


@pytest.mark.points(1)
def test_best_split_ties_go_to_the_lowest_feature(check):
    X, y = _data(2, integer=True)
    X[:, 2] = X[:, 0]  # columns 0 and 2 are the same: any split on 2 ties with one on 0
    feature, _, _ = check("best_split", X, y, "entropy")
    assert feature != 2, "column 2 copies column 0: on a tie the lowest feature wins"


@pytest.mark.points(2)
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_build_tree_matches_reference_on_iris(check, criterion):
    X_train, _, y_train, _ = iris_split(0)
    check("build_tree", X_train, y_train, max_depth=3, criterion=criterion)


@pytest.mark.points(1)
def test_build_tree_agrees_with_sklearn(check):
    from sklearn.datasets import load_iris
    from sklearn.tree import DecisionTreeClassifier

    X, y = load_iris(return_X_y=True)
    tree = check.run_learner("build_tree", X, y, max_depth=3)
    ours = check.run_learner("predict_tree", tree, X)
    theirs = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y).predict(X)
    agree = np.mean(ours == theirs)
    assert agree >= 0.97, f"your depth-3 tree agrees with sklearn's on {100 * agree:.1f}% of iris; ≥ 97% expected"


@pytest.mark.points(1)
def test_predict_tree_on_a_hand_made_tree(check):
    X = np.array([[0.0, 0.0], [0.0, 0.5], [1.0, 0.7], [2.0, 3.0], [2.5, 3.0]])
    got = check("predict_tree", HAND_TREE, X)
    assert got.tolist() == [0, 0, 0, 0, 1], "x1 <= 0.5 goes left (class 0); then x0 <= 2.0 left (0), else 1"


@pytest.mark.points(1)
def test_tree_to_dot_nodes_edges_and_labels(check):
    text = check.run_learner("tree_to_dot", HAND_TREE, ["width", "height"], ["cat", "dog"])
    labels, edges, problems = parse_dot(text)
    assert not problems, problems
    root, children, problems = children_of(labels, edges)
    assert not problems, problems
    assert root == 0 and sorted(labels) == [0, 1, 2, 3, 4] and len(edges) == 4, (labels, edges)
    assert labels[0][0] == "height <= 0.500" and "class = cat" in labels[1], labels
    assert children[0] == [1, 2] and children[2] == [3, 4], "pre-order ids, left child's edge first"
    assert "samples = 5" in labels[2] and "value = [1, 4]" in labels[2], labels[2]


@pytest.mark.points(1)
def test_feature_importances_match_sklearn(check):
    """sklearn's own fitted tree, rewritten in the day's schema, must give its feature_importances_."""
    from sklearn.tree import DecisionTreeClassifier

    X, y = _data(3, n=50, d=4)
    clf = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    t = clf.tree_

    def node(i):
        n = int(t.n_node_samples[i])
        counts = np.rint(t.value[i, 0] * n / t.value[i, 0].sum()).astype(np.int64)
        out = {"counts": counts, "impurity": float(t.impurity[i]), "prediction": int(np.argmax(counts))}
        if t.children_left[i] != -1:
            out.update(feature=int(t.feature[i]), threshold=float(t.threshold[i]),
                       left=node(t.children_left[i]), right=node(t.children_right[i]))
        return out

    got = check.run_learner("feature_importances", node(0), 4)
    np.testing.assert_allclose(got, clf.feature_importances_, atol=1e-9, err_msg="importances differ from sklearn's")
