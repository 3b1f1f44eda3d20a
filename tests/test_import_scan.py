"""The static net under the tripwires: names a learner function reaches, resolved through imports."""

from __future__ import annotations

import textwrap

from course_tools.import_scan import forbidden_uses


def uses(source: str, function: str, forbid: tuple[str, ...]) -> list[str]:
    return [u.name for u in forbidden_uses(textwrap.dedent(source), function, forbid)]


def test_a_c_extension_class_imported_by_name_is_found():
    src = """
        from scipy.spatial import cKDTree
        def knn(X, q):
            return cKDTree(X).query(q)
    """
    assert uses(src, "knn", ("scipy.spatial",)) == ["scipy.spatial.cKDTree"]


def test_aliases_and_attribute_chains_resolve():
    src = """
        import numpy as np
        import scipy.spatial as sp
        import scipy
        def f(a, b):
            return np.dot(a, b), sp.distance.cdist(a, b), scipy.spatial.KDTree(a)
    """
    assert uses(src, "f", ("numpy.dot", "scipy.spatial")) == [
        "numpy.dot", "scipy.spatial.KDTree", "scipy.spatial.distance.cdist"]


def test_a_helper_does_not_hide_a_use_and_classes_count_all_methods():
    src = """
        from sklearn.neighbors import NearestNeighbors as NN
        def _fit(X):
            return NN().fit(X)
        class Index:
            def query(self, q):
                return _fit(q)
        def knn(X):
            return Index().query(X)
    """
    assert uses(src, "knn", ("sklearn.neighbors",)) == ["sklearn.neighbors.NearestNeighbors"]


def test_imports_inside_a_function_and_builtins_are_found():
    src = """
        def calc(text):
            from scipy.spatial import cKDTree
            return eval(text)
    """
    assert uses(src, "calc", ("builtins.eval", "scipy.spatial")) == ["scipy.spatial.cKDTree", "builtins.eval"]


def test_what_is_allowed_is_not_flagged():
    src = """
        import numpy as np
        import torch
        from sklearn.svm import SVC
        def f(x: torch.Tensor, eval=None) -> torch.Tensor:
            model = SVC()              # SVC.fit is forbidden, constructing it is not
            return np.sum(x), eval
        def unused():
            return torch.zeros(3)      # torch forbidden, but f never calls this
    """
    assert uses(src, "f", ("torch", "sklearn.svm.SVC.fit", "builtins.eval", "numpy.dot")) == []


def test_a_name_only_prefix_of_a_target_is_not_inside_it():
    src = """
        import scipy.special
        def f(x):
            return scipy.special.expit(x), scipy.special.softmax(x)
    """
    assert uses(src, "f", ("scipy.special.softmax",)) == ["scipy.special.softmax"]


def test_a_file_that_does_not_parse_reports_nothing():
    assert uses("def f(:\n", "f", ("torch",)) == []


def test_check_fails_a_c_extension_cheat_before_calling_it(tmp_path):
    """cKDTree is a Cython class: no profile event fires, so only the source shows the use."""
    import numpy as np
    import pytest

    from course_tools.checks import CallChecker, Mismatch
    from course_tools.loading import load_file

    path = tmp_path / "knn.py"
    path.write_text(textwrap.dedent("""
        import numpy as np
        from scipy.spatial import cKDTree

        def nearest(X, q):
            return cKDTree(X).query(q)[1]

        def nearest_by_hand(X, q):
            return int(np.argmin(((X - q) ** 2).sum(axis=1)))
    """))
    module = load_file(path, "ai100_test_import_scan_knn")
    check = CallChecker(day="day15", learner=module, ref=None, seed=7, forbid=("scipy.spatial",),
                        forbid_reason="find the neighbours yourself", source=path)
    X, q = np.eye(3), np.array([0.0, 1.0, 0.1])
    with pytest.raises(Mismatch, match=r"knn.py uses scipy.spatial.cKDTree \(line 6\) — not allowed here: find"):
        check.run_learner("nearest", X, q)
    assert check.run_learner("nearest_by_hand", X, q) == 1


def test_a_parameter_named_like_a_module_function_is_the_parameter():
    """Day 13: a test takes the `impl` fixture as an argument; the module's `impl` names a forbidden oracle."""
    src = """
        import pytest

        @pytest.fixture
        def impl():
            from course_tools.fixtures.day13 import implementations
            return implementations()

        def test_mean(impl):
            assert impl.mean([1, 2]) == 1.5

        def test_uses_the_oracle():
            return impl()
    """
    forbid = ("course_tools.fixtures.day13.implementations",)
    assert uses(src, "test_mean", forbid) == []
    assert set(uses(src, "test_uses_the_oracle", forbid)) == {"course_tools.fixtures.day13.implementations"}
