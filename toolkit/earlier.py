"""Functions you wrote in an earlier assignment, taken from your own solved notebook.

Later assignments reuse what you built before: the convolutional and recurrent ones build
networks from your backpropagation layers, the GRU one compares with your RNN and LSTM.
Put the solved notebook of the earlier assignment (``rnn.ipynb`` for ``load("rnn")``) next
to the notebook you are working on, or set the environment variable ``RNN_NOTEBOOK``
(the id in capitals, then ``_NOTEBOOK``) to its path::

    from toolkit.earlier import load
    rnn = load("rnn")
    h, cache = rnn.lstm_forward(x, h0, c0, Wx, Wh, b)

``load`` runs that notebook's solution cells (only those, never its tests) and returns the
names they define.
"""

import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np


def notebook_path(assignment_id: str) -> Path:
    """Where the solved notebook of ``assignment_id`` is looked for."""
    return Path(os.environ.get(f"{assignment_id.upper()}_NOTEBOOK", f"{assignment_id}.ipynb"))


def solution_namespace(assignment_id: str, cells: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the notebook's code solution cells (or only those whose grade id is in ``cells``)."""
    path = notebook_path(assignment_id)
    if not path.is_file():
        raise ImportError(
            f"this needs your solved {assignment_id} notebook: {path} not found. Copy {path.name} next to "
            f"this notebook, or set {assignment_id.upper()}_NOTEBOOK to its path."
        )
    namespace: dict[str, Any] = {"np": np, "Any": Any, "Sequence": Sequence}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution") and (cells is None or meta.get("grade_id") in cells):
            source = cell["source"]
            exec("".join(source) if isinstance(source, list) else source, namespace)
    return namespace


@cache
def load(assignment_id: str) -> SimpleNamespace:
    """The functions and classes your solved ``assignment_id`` notebook defines in its solution cells."""
    namespace = solution_namespace(assignment_id)
    return SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("_") and callable(v)})
