"""Day 26 visible tests: run them with  pytest assignments/day26  (or  ai100 check day26).

A small scikit-learn pipeline is fitted here, saved with your save_model into a scratch folder and
loaded back with your load_model. The tests check the sidecar against hashlib and the installed
library versions, the predictions after reloading, and that a flipped byte is refused. The
autograder does the same on other models, files and byte positions, and tests ModelRegistry.
"""

import hashlib
import json

import numpy as np
import pytest

from course_tools.checks import close, expect_raises
from course_tools.data import make_adult_like

NUM = ["age", "hours_per_week"]
CAT = ["sex", "education"]


def _model():
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    train, test = make_adult_like(150, 0), make_adult_like(30, 1)
    pre = ColumnTransformer([("num", StandardScaler(), NUM), ("cat", OneHotEncoder(handle_unknown="ignore"), CAT)])
    return make_pipeline(pre, LogisticRegression(max_iter=300)).fit(train, train["income"]), test


def _flip(check, path, at):
    """Flip one byte of the file your code wrote."""
    data = bytearray(check.read_file(path))
    data[at] ^= 0xFF
    check.write_file(path, bytes(data))


@pytest.mark.points(1)
def test_file_sha256_matches_hashlib(check):
    data = np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes()
    path = f"{check.scratch_dir()}/blob.bin"
    check.write_file(path, data)
    got = check.run_learner("file_sha256", path)
    close(got, hashlib.sha256(data).hexdigest(), what="day26: file_sha256(a 5000-byte file)")


@pytest.mark.points(1)
def test_save_model_writes_the_sidecar(check):
    import joblib
    import sklearn

    pipe, _ = _model()
    path = f"{check.scratch_dir()}/model.joblib"
    returned = check.run_learner("save_model", pipe, path, {"author": "me"})
    sidecar = json.loads(check.read_file(path + ".json").decode("utf-8"))
    what = "day26: save_model(pipeline, path, {'author': 'me'}): the sidecar"
    assert sidecar == returned, f"{what}\n  the returned dict differs from the file's contents"
    assert set(sidecar) == {"file", "sha256", "size", "versions", "meta"}, f"{what}\n  keys {sorted(sidecar)}"
    close(sidecar["sha256"], hashlib.sha256(check.read_file(path)).hexdigest(),
          what=what + "['sha256'] against hashlib on the model file")
    assert sidecar["versions"]["scikit-learn"] == sklearn.__version__, f"{what}['versions']: {sidecar['versions']}"
    assert sidecar["versions"]["joblib"] == joblib.__version__, f"{what}['versions']: {sidecar['versions']}"
    assert sidecar["meta"] == {"author": "me"} and sidecar["file"] == "model.joblib", f"{what}: {sidecar}"


@pytest.mark.points(1)
def test_load_model_same_predictions(check):
    pipe, test = _model()
    path = f"{check.scratch_dir()}/model.joblib"
    check.run_learner("save_model", pipe, path, {})
    loaded = check.run_learner("load_model", path)
    close(np.asarray(loaded.predict_proba(test)), pipe.predict_proba(test), tol="exact",
          what="day26: load_model(path).predict_proba after save_model")


@pytest.mark.points(1)
def test_load_model_refuses_a_flipped_byte(check):
    pipe, _ = _model()
    path = f"{check.scratch_dir()}/model.joblib"
    check.run_learner("save_model", pipe, path, {})
    _flip(check, path, 100)
    message = expect_raises(ValueError, "day26: load_model(path) after byte 100 was flipped",
                            lambda: check.run_learner("load_model", path),
                            because="the file no longer matches the sidecar's sha256")
    assert "model.joblib" in message, f"day26: the ValueError must name the file; it said: {message}"
