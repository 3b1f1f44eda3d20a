"""The notebook's last cell: `check_notebook("day54")` runs the day's visible tests on the notebook's code.

The tests import the .py files, as the autograder does, so the cell first brings the notebook's
code into them by the rule of `ai100 sync` (course_tools/sync.py), then runs `ai100 check` in this
process and prints its score table. Where the code comes from:

- in Colab, the open notebook as it is now (Colab's frontend hands it over): the notebook is the
  learner's work there, so its cells always win;
- elsewhere (Jupyter, VS Code, nbclient), the saved `dayNN.ipynb`: the cell never writes the notebook
  (the frontend holds it open), and warns when a function this kernel ran differs from the saved one.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path

from course_tools import catalog as _catalog
from course_tools import check, notebooks, sync


def colab_notebook():
    """The notebook open in Colab, edits included, or None outside Colab."""
    try:
        from google.colab import _message  # type: ignore[import-not-found]
    except ImportError:
        return None
    reply = _message.blocking_request("get_ipynb", timeout_sec=30)
    raw = reply.get("ipynb") if isinstance(reply, dict) else None
    if raw is None:
        raise RuntimeError("Colab did not hand over this notebook: run the cell again")
    return notebooks.loads(json.dumps(raw), "this Colab notebook")  # cell sources may come as lists of lines


def _kernel_namespace() -> dict | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell.user_ns if shell is not None else None


def unsaved_functions(texts: dict[str, str], namespace: dict | None) -> list[str]:
    """'file: name' for each function whose version in `namespace` (the kernel's) differs from `texts`."""
    found = []
    for file, text in texts.items():
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            ran = (namespace or {}).get(node.name)
            if not inspect.isfunction(ran) or ran.__module__ != "__main__":
                continue  # not defined in this kernel (yet)
            try:
                ran_tree = ast.parse(textwrap.dedent(inspect.getsource(ran)))
            except (OSError, TypeError, SyntaxError):
                continue
            # compared as syntax trees: comments and layout change nothing the checks see
            if not ran_tree.body or ast.dump(ran_tree.body[0]) != ast.dump(node):
                found.append(f"{file}: {node.name}")
    return found


def check_notebook(day: str, *, root: Path | None = None) -> None:
    """Bring the notebook's code into the day's .py files, then run the day's visible tests here."""
    cat = _catalog.load(root)
    entry = cat.day(day)
    path = notebooks.notebook_path(cat, entry)
    nb = colab_notebook()
    if nb is not None:
        steps = sync.plan(cat, entry, nb, source="notebook")
    elif path.is_file():
        nb = notebooks.read(path)
        steps = sync.plan(cat, entry, nb, notebook_mtime=path.stat().st_mtime)
        texts = {f: notebooks.module_text(nb, f) for f in entry.files}
        stale = unsaved_functions({f: t for f, t in texts.items() if t}, _kernel_namespace())
        if stale:
            print(f"Not the saved notebook: this kernel ran another {', '.join(stale)} than {path.name} holds on "
                  "disk. The checks read the saved notebook, as the autograder does: save it (Ctrl+S / Cmd+S) "
                  "if you have edited since, and run this cell again.\n")
    else:
        print(f"{path.name} is not saved in {path.parent}: save it there, or run `ai100 check {entry.name}` "
              "on the .py files")
        return
    conflicts = [s for s in steps if s.action == "conflict"]
    if conflicts:
        print("\n".join(s.why for s in conflicts))
        return
    sync.apply(cat, entry, nb, steps, notebook_path=None)
    for s in steps:
        if s.action == "to_notebook":
            print(f"{s.file}: {s.why}, so the checks run on {s.file} as it is. `ai100 sync {entry.name}` "
                  "copies it into this notebook.")
    check.main(day=entry.name, root=cat.root)
