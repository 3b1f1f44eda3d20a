# %%
"""Day 26 — model persistence: save a fitted model with a checksum sidecar, refuse a damaged one.

A saved model is two files side by side:
  <path>          the object itself, written with joblib
  <path>.json     its sidecar: what the file must hash to, which library versions wrote it, and the
                  caller's own notes (metadata)

The sidecar is JSON written with sorted keys and an indent of 2, ending in a newline, so that the
same model saved twice gives the same bytes (no clock is read: a time goes in only when the caller
passes one). Loading re-hashes the file and compares before unpickling anything: a flipped byte,
a truncated copy or a file swapped for another is refused with a ValueError that names the file.

Check your work:  pytest assignments/day26   (or: ai100 check day26)
"""

import hashlib
import json
import os
import platform

import joblib
import numpy as np
import sklearn

# The libraries whose versions go into every sidecar: a model pickled by one scikit-learn may not
# load, or may load and behave differently, under another.
def library_versions():
    """{"python": ..., "numpy": ..., "scikit-learn": ..., "joblib": ...}: the versions running now."""
    return {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__,
            "joblib": joblib.__version__}


def sidecar_path(path):
    """The sidecar's path for a model file: the same path with ".json" added ("m.joblib" → "m.joblib.json")."""
    return f"{os.fspath(path)}.json"


# %%
def file_sha256(path):
    """The SHA-256 of a file's bytes, as 64 lowercase hex characters.

    path: str, a file that exists. Returns str (what hashlib.sha256(bytes).hexdigest() gives).
    Read the file in binary mode; hash its contents, never its name. Large files should not be
    read into memory at once (hashlib.file_digest, or a loop over chunks). About 3 lines.
    """
    raise NotImplementedError('day26: file_sha256 — see README')


# %%
def save_model(obj, path, meta=None, created_at=None):
    """Write `obj` to `path` with joblib, then its sidecar to `path + ".json"`.

    obj: any picklable object (a fitted scikit-learn pipeline, say).
    path: str, the model file to write (its folder exists).
    meta: None or a dict of JSON values (str, numbers, bools, None, lists, dicts), the caller's notes.
    created_at: None or a str (e.g. an ISO time); None leaves the key out, so output is reproducible.
    Returns the sidecar as a dict, exactly what was written:
        {"file": <the model file's name, without its folder>,
         "sha256": file_sha256(path)  — of the file as it is on disk once written,
         "size": <the file's size in bytes, int>,
         "versions": library_versions(),
         "meta": meta, or {} when None,
         "created_at": created_at}  — this key only when created_at is given.
    The sidecar file is json.dumps(sidecar, sort_keys=True, indent=2) + "\\n". About 10 lines.
    """
    raise NotImplementedError('day26: save_model — see README')


# %%
def load_model(path, verify=True):
    """Load what save_model wrote, after checking that the file is the one the sidecar describes.

    path: str, the model file.  verify: bool — True (the default) checks first; False loads
    without looking at the sidecar at all (for a file you trust that has none).
    Returns the object.
    Raises ValueError, with the model file's path in the message, when verify is True and
      - the sidecar is missing, or
      - the file's SHA-256 differs from the sidecar's (a flipped byte, a truncated copy, another file).
    Check before joblib.load: unpickling a tampered file can run code. About 10 lines.
    """
    raise NotImplementedError('day26: load_model — see README')


# %%
class ModelRegistry:
    """Stretch: numbered versions of named models under one folder.

    root: str, a folder (created when missing). Layout: <root>/<name>/v<version>/model.joblib (and
    its sidecar), versions counting 1, 2, 3, ... per name.
    """

    def __init__(self, root):
        self.root = os.fspath(root)

    def _path(self, name, version):
        return os.path.join(self.root, name, f"v{version}", "model.joblib")

    def versions(self, name):
        """name: str. Returns the sorted list of the versions (ints) registered under name; [] if none.
        A version counts once its sidecar is written: a v<N> folder without one (a save cut short) is
        not a version, and register may reuse its number. About 5 lines."""
        raise NotImplementedError('day26: ModelRegistry.versions — see README')

    def register(self, name, obj, meta=None):
        """Save obj as the next version of name (1 for the first). Returns that version (int).
        About 5 lines."""
        raise NotImplementedError('day26: ModelRegistry.register — see README')

    def latest(self, name):
        """The highest version of name (int). Raises KeyError when name has none. About 4 lines."""
        raise NotImplementedError('day26: ModelRegistry.latest — see README')

    def load(self, name, version=None):
        """Load a version of name (the latest when version is None), verified as load_model does.
        Raises KeyError for a name or version that was never registered. About 5 lines."""
        raise NotImplementedError('day26: ModelRegistry.load — see README')
