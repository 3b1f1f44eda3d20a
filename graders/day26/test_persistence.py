"""Hidden graders for day 26 (saving a model with a checksum sidecar, and refusing a damaged one).

The model is a scikit-learn pipeline this file builds and fits itself (scaler + one-hot encoder +
logistic regression on a seeded census-like table); it is handed to the learner's save_model.
Every file is written and read on the learner's side through `check.scratch_dir()`,
`check.read_file` and `check.write_file` (which is how a byte gets flipped), so the tests judge
the same whether or not the learner's code runs in the sandbox. Unseen here: a 1 000 003-byte file,
bytes flipped at seeded positions, a registry with three versions.
"""

import hashlib
import json
import os
import platform

import joblib
import numpy as np
import pytest
import sklearn

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.data import make_adult_like

NUM = ["age", "education_num", "hours_per_week", "capital_gain"]
CAT = ["education", "marital_status", "sex"]
VERSIONS = {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__,
            "joblib": joblib.__version__}


def _model(seed, c=1.0):
    """A fitted scikit-learn pipeline and rows it has not seen."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    train, test = make_adult_like(240, seed), make_adult_like(57, seed + 1)
    pre = ColumnTransformer([("num", StandardScaler(), NUM), ("cat", OneHotEncoder(handle_unknown="ignore"), CAT)])
    pipe = make_pipeline(pre, LogisticRegression(C=c, max_iter=500)).fit(train, train["income"])
    return pipe, test


def _read(check, path, what):
    data = check.read_file(path)
    if data is None:
        raise Mismatch(f"{what}\n  no file at {path}")
    return bytes(data)


def _refused(what, call, *, because, likely=None):
    """Insist that a learner call raises ValueError; any other outcome is explained. Returns the message."""
    try:
        call()
    except NotImplementedError:
        raise
    except ValueError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - the learner's other errors are the finding
        likely = likely or ("the file was unpickled before (or without) checking its hash — verify must default "
                            "to True and come before joblib.load")
        raise Mismatch(f"{what}\n  raised {type(exc).__name__}: {str(exc)[:200]}, expected a ValueError because "
                       f"{because}\n  likely mistake: {likely}") from None
    raise Mismatch(f"{what}\n  returned normally; expected a ValueError because {because}\n  likely mistake: "
                   "verify defaults to False, or the hash is not compared with the sidecar's")


def _loaded(check, path, what, **kwargs):
    """load_model on a file that must load; its errors become a teaching failure."""
    try:
        return check.run_learner("load_model", path, **kwargs)
    except NotImplementedError:
        raise
    except Mismatch:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Mismatch(f"{what}\n  load_model raised {type(exc).__name__}: {str(exc)[:300]} on a file save_model "
                       "had just written — is the sidecar's sha256 the hash of the finished file?") from None


def _hash_mistakes(path, data):
    """What a wrong hash could be: of the path's text, of nothing, or of a part written before closing."""
    found = {"hashed the path string instead of the file's bytes: open(path, 'rb') and hash what you read":
             hashlib.sha256(os.fspath(path).encode()).hexdigest(),
             "hashed the file before it was written (an empty file): hash after joblib.dump has returned":
             hashlib.sha256(b"").hexdigest()}
    for end in range(4096, len(data), 4096):  # a buffered writer flushes in blocks of 4096 or 8192 bytes
        found[f"hashed the file before it was flushed and closed (only its first {end} bytes)"] = \
            hashlib.sha256(data[:end]).hexdigest()
    return found


def _saved(check, seed, name="model.joblib", meta=None, **kwargs):
    pipe, test = _model(seed)
    path = f"{check.scratch_dir()}/{name}"
    meta = {"seed": seed, "features": NUM + CAT, "note": "day 26"} if meta is None else meta
    sidecar = check.run_learner("save_model", pipe, path, meta, **kwargs)
    return pipe, test, path, meta, sidecar


# --- file_sha256 ---------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("size", [0, 1_000_003])
def test_file_sha256_matches_hashlib(check, seed, size):
    data = np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes()
    path = f"{check.scratch_dir()}/blob-{size}.bin"
    check.write_file(path, data)
    got = check.run_learner("file_sha256", path)
    close(got, hashlib.sha256(data).hexdigest(), what=f"day26: file_sha256(a {size}-byte file), seed {seed}",
          mistakes=_hash_mistakes(path, data), hint="hashlib.sha256 over the file's bytes, .hexdigest()")


# --- save_model ----------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_save_model_sidecar_schema(check, seed):
    pipe, _, path, meta, returned = _saved(check, seed)
    what = f"day26: save_model(fitted pipeline, {path!r}, meta), seed {seed}"
    model_bytes = _read(check, path, what + ": the model file")
    text = _read(check, path + ".json", what + ": the sidecar (path + '.json')").decode("utf-8")
    try:
        sidecar = json.loads(text)
    except ValueError as exc:
        raise Mismatch(f"{what}\n  the sidecar is not JSON: {exc}") from None
    want = {"file": "model.joblib", "sha256": hashlib.sha256(model_bytes).hexdigest(), "size": len(model_bytes),
            "versions": VERSIONS, "meta": meta}
    close(sidecar.get("sha256"), want["sha256"], what=what + ": sidecar['sha256'] against hashlib on the file written",
          mistakes=_hash_mistakes(path, model_bytes))
    if set(sidecar) != set(want):
        raise Mismatch(f"{what}\n  sidecar keys: expected {sorted(want)}, got {sorted(sidecar)}"
                       + ("\n  'created_at' must be left out when no created_at is passed" if "created_at" in sidecar
                          else ""))
    close(sidecar, want, what=what + ": the sidecar's contents")
    close(returned, sidecar, what=what + ": the returned dict against the sidecar file")
    if text != json.dumps(sidecar, sort_keys=True, indent=2) + "\n":
        raise Mismatch(f"{what}\n  the sidecar must be json.dumps(sidecar, sort_keys=True, indent=2) + '\\n'; "
                       f"it begins {text[:60]!r}")


@pytest.mark.points(1)
def test_save_model_is_deterministic_and_keeps_created_at(check, seed):
    pipe, _, path, meta, first = _saved(check, seed, created_at="2026-09-26T09:00:00Z")
    what = f"day26: save_model(pipeline, path, meta, created_at=...) twice, seed {seed}"
    text = _read(check, path + ".json", what)
    check.run_learner("save_model", pipe, path, meta, created_at="2026-09-26T09:00:00Z")
    again = _read(check, path + ".json", what)
    if first.get("created_at") != "2026-09-26T09:00:00Z":
        raise Mismatch(f"{what}\n  sidecar['created_at'] = {first.get('created_at')!r}, expected the value passed")
    if again != text:
        raise Mismatch(f"{what}\n  saving the same model twice gave different sidecars — no clock, no random "
                       "order: sort the keys and write only what you were given")


# --- load_model ----------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_load_model_gives_the_same_predictions(check, seed):
    pipe, test, path, _, _ = _saved(check, seed, name="adult-model.joblib")
    what = f"day26: load_model({path!r}) after save_model, seed {seed}"
    loaded = _loaded(check, path, what)
    close(np.asarray(loaded.predict(test)), pipe.predict(test), what=what + ": .predict on 57 unseen rows",
          tol="exact")
    close(np.asarray(loaded.predict_proba(test)), pipe.predict_proba(test), what=what + ": .predict_proba",
          tol="exact")


@pytest.mark.points(3)
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_load_model_refuses_a_flipped_byte(check, seed, where):
    _, _, path, _, _ = _saved(check, seed)
    what = f"day26: load_model(path) after one byte of the model file was flipped ({where} byte), seed {seed}"
    data = bytearray(_read(check, path, what))
    at = {"first": 0, "last": len(data) - 1,
          "middle": int(np.random.default_rng(seed).integers(len(data) // 4, 3 * len(data) // 4))}[where]
    data[at] ^= 0xFF
    check.write_file(path, bytes(data))
    message = _refused(what, lambda: check.run_learner("load_model", path),
                       because="the file no longer hashes to the sidecar's sha256 (is verify True by "
                               "default, and is the hash compared before joblib.load?)")
    if os.path.basename(path) not in message:
        raise Mismatch(f"{what}\n  the ValueError must name the file ({path}); its message was: {message}")


@pytest.mark.points(1)
def test_load_model_refuses_an_edited_sidecar(check, seed):
    _, _, path, _, sidecar = _saved(check, seed)
    what = f"day26: load_model(path) after the sidecar's sha256 was changed, seed {seed}"
    edited = dict(sidecar, sha256=hashlib.sha256(b"another model").hexdigest())
    check.write_file(path + ".json", (json.dumps(edited, sort_keys=True, indent=2) + "\n").encode())
    _refused(what, lambda: check.run_learner("load_model", path),
             because="the checksum is read from the sidecar, not recomputed from the file on both sides")


@pytest.mark.points(1)
def test_load_model_refuses_a_swapped_file(check, seed):
    _, _, path, meta, _ = _saved(check, seed)
    other, _ = _model(seed, c=0.01)
    other_path = f"{check.scratch_dir()}/other.joblib"
    check.run_learner("save_model", other, other_path, meta)
    what = f"day26: load_model(path) after the file was replaced by another saved model, seed {seed}"
    check.write_file(path, _read(check, other_path, what))
    _refused(what, lambda: check.run_learner("load_model", path),
             because="the file is another model's: its hash is not the one in this sidecar")


@pytest.mark.points(2)
def test_load_model_missing_sidecar(check, seed):
    pipe, test, path, _, _ = _saved(check, seed)
    copy_path = f"{check.scratch_dir()}/copied-without-sidecar.joblib"
    what = f"day26: load_model({copy_path!r}) — a model file with no sidecar beside it, seed {seed}"
    check.write_file(copy_path, _read(check, path, what))
    message = _refused(what, lambda: check.run_learner("load_model", copy_path),
                       because="without a sidecar nothing says what the file should hash to",
                       likely="a missing sidecar must be a ValueError that names the model file: check that it "
                              "exists before opening it")
    if "copied-without-sidecar" not in message:
        raise Mismatch(f"{what}\n  the ValueError must name the file; its message was: {message}")
    loaded = _loaded(check, copy_path, what + " with verify=False", verify=False)
    close(np.asarray(loaded.predict(test)), pipe.predict(test), what=what.replace("—", "with verify=False —"),
          tol="exact")


# --- stretch: ModelRegistry ---------------------------------------------------------------------------

@pytest.mark.points(3)
def test_model_registry_versions_latest_and_load(check, seed):
    models = [_model(seed, c=c) for c in (1.0, 0.1, 0.01)]
    test = models[0][1]
    root = f"{check.scratch_dir()}/registry"
    what = (f"day26: ModelRegistry({root!r}) with three versions of 'income' (and a leftover empty v1 folder), "
            f"seed {seed}")
    check.write_file(f"{root}/income/v1/partial.tmp", b"")  # a save cut short: a folder but no sidecar
    registry = check.run_learner("ModelRegistry", root)
    numbers = [registry.register("income", pipe, {"C": c}) for (pipe, _), c in zip(models, (1.0, 0.1, 0.01))]
    close([int(v) for v in numbers], [1, 2, 3], what=what + ": the versions register returned", tol="exact")
    close([int(v) for v in registry.versions("income")], [1, 2, 3], what=what + ": versions('income')", tol="exact")
    close(list(registry.versions("nothing-here")), [], what=what + ": versions of an unknown name")
    close(int(registry.latest("income")), 3, what=what + ": latest('income')", tol="exact")
    expect_raises(KeyError, what + ": latest('nothing-here')", lambda: registry.latest("nothing-here"),
                  because="no model of that name was registered")
    for version in (None, 1, 2):
        loaded = registry.load("income") if version is None else registry.load("income", version)
        want = models[2 if version is None else version - 1][0]
        close(np.asarray(loaded.predict_proba(test)), want.predict_proba(test), tol="exact",
              what=f"{what}: load('income'{'' if version is None else f', {version}'}).predict_proba")
    expect_raises(KeyError, what + ": load('income', 7)", lambda: registry.load("income", 7),
                  because="version 7 was never registered")


@pytest.mark.points(1)
def test_model_registry_verifies_what_it_loads(check, seed):
    pipe, _ = _model(seed)
    root = f"{check.scratch_dir()}/registry"
    registry = check.run_learner("ModelRegistry", root)
    registry.register("income", pipe)
    path = f"{root}/income/v1/model.joblib"
    what = f"day26: ModelRegistry.load('income') after a byte of {path} was flipped, seed {seed}"
    data = bytearray(_read(check, path, what + " (the documented layout <root>/<name>/v<version>/model.joblib)"))
    data[len(data) // 2] ^= 0x01
    check.write_file(path, bytes(data))
    _refused(what, lambda: registry.load("income"),
             because="the registry loads through load_model's check")
