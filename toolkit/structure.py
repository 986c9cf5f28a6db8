"""The structure of a released notebook: what the grader looks for in a hand-in, and nothing it hides.

A release ships ``structure.json`` (written by ``python -m autograder release``) beside its
notebooks. For each notebook it lists, in the release's order, the cells nbgrader knows by grade
id: the setup cells and visible test cells with their text (both are in the released notebook
anyway), the solution cells with the functions and classes the release defines in them and their
parameters, the written answers, each grade cell's points and metadata, and the grader's time
limit for one solution cell. It holds no hidden test, no hidden input and no expected value.

The grader reads the same facts from the released notebook with these functions
(``autograder.template``, ``autograder.gradescope``), and ``toolkit.check`` compares a
student's notebook with them before hand-in.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from toolkit.notebook import grade_id, grader_metadata, source_text

STRUCTURE_FILE = "structure.json"
# The nbgrader metadata a hand-in must keep as released (nbgrader's checksum is compared where the hand-in has one).
KEPT_METADATA = ("grade", "grade_id", "locked", "points", "schema_version", "solution", "task", "checksum")
# Parameter kinds, as ``inspect.Parameter`` names them.
_POSITIONAL_ONLY, _POSITIONAL, _VAR_POSITIONAL, _KEYWORD_ONLY, _VAR_KEYWORD = (
    "positional-only", "positional", "*", "keyword-only", "**")


def role(cell: dict) -> str | None:
    """What a cell is to the grader: ``setup`` (run before the student's code), ``solution`` (the
    student's code, graded), ``answer`` (a written answer, graded by hand), ``test`` (a grade cell's
    visible tests), ``locked`` (another cell nbgrader knows), or None (a cell the grader ignores)."""
    meta = grader_metadata(cell)
    tags = cell.get("metadata", {}).get("tags", []) if isinstance(cell.get("metadata"), dict) else []
    code = cell.get("cell_type") == "code"
    if code and isinstance(tags, list) and "setup" in tags:
        return "setup"
    if not meta or grade_id(cell) is None:
        return None
    if meta.get("solution"):
        return "answer" if not code and meta.get("grade") else "solution" if code else "locked"
    return "test" if code and meta.get("grade") else "locked"


def graded_cells(nb: dict) -> tuple[dict[str, float], list[str], list[str]]:
    """(grade id -> points of every grade cell, the code solution cells in order, the written answers in order)."""
    points: dict[str, float] = {}
    solutions: list[str] = []
    answers: list[str] = []
    for cell in nb["cells"]:
        meta, gid = grader_metadata(cell), grade_id(cell)
        if gid is None:
            continue
        if meta.get("grade"):
            points[gid] = float(meta.get("points", 0))
        if meta.get("solution"):
            (answers if cell.get("cell_type") == "markdown" and meta.get("grade") else solutions).append(gid)
    return points, solutions, answers


def names_tested(nb: dict) -> dict[str, list[str]]:
    """Grade cell id -> the functions and classes of the solution cells that its test code calls."""
    points, solutions, answers = graded_cells(nb)
    sources = {grade_id(c): source_text(c.get("source")) or "" for c in nb["cells"] if grade_id(c)}
    defined = [name for gid in solutions for name in re.findall(r"^(?:def|class)\s+(\w+)", sources[gid], re.M)]
    return {gid: [name for name in defined if re.search(rf"\b{name}\b", sources[gid])]
            for gid in points if gid not in answers}


def _parameters(args: ast.arguments) -> list[list[Any]]:
    """[name, kind, has a default] for each parameter of a ``def``."""
    positional = [(a, _POSITIONAL_ONLY) for a in args.posonlyargs] + [(a, _POSITIONAL) for a in args.args]
    first_default = len(positional) - len(args.defaults)
    params = [[a.arg, kind, i >= first_default] for i, (a, kind) in enumerate(positional)]
    if args.vararg:
        params.append([args.vararg.arg, _VAR_POSITIONAL, False])
    params += [[a.arg, _KEYWORD_ONLY, d is not None] for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg:
        params.append([args.kwarg.arg, _VAR_KEYWORD, False])
    return params


def python_text(source: str) -> str:
    """A cell's text as the Python IPython runs (``%time`` and ``!ls`` lines become calls); without
    IPython, such lines are dropped."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return re.sub(r"^[ \t]*[%!].*$", "", source, flags=re.M)
    return TransformerManager().transform_cell(source)


def definitions(source: str) -> dict[str, list[list[Any]] | None]:
    """The functions, classes and class methods a cell defines at its top level: name (``MLP.loss``
    for a method) -> its parameters, or None for a class or a name bound otherwise (``f = g``).

    Raises SyntaxError when the cell is not valid Python.
    """
    found: dict[str, list[list[Any]] | None] = {}
    for node in ast.parse(python_text(source)).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = _parameters(node.args)
        elif isinstance(node, ast.ClassDef):
            found[node.name] = None
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found[f"{node.name}.{item.name}"] = _parameters(item.args)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update({t.id: None for t in targets if isinstance(t, ast.Name)})
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update({(a.asname or a.name).split(".")[0]: None for a in node.names})
    return found


def signature(name: str, params: list[list[Any]] | None) -> str:
    """``name(x, w, b=…)``, as a student reads it; a class is just its name."""
    if params is None:
        return name
    shown, star = [], False
    for i, (param, kind, default) in enumerate(params):
        if kind == _KEYWORD_ONLY and not star:
            shown.append("*")
        star = star or kind in (_KEYWORD_ONLY, _VAR_POSITIONAL)
        prefix = kind if kind in (_VAR_POSITIONAL, _VAR_KEYWORD) else ""
        shown.append(f"{prefix}{param}{'=…' if default else ''}")
        if kind == _POSITIONAL_ONLY and (i + 1 == len(params) or params[i + 1][1] != _POSITIONAL_ONLY):
            shown.append("/")
    return f"{name}({', '.join(shown)})"


def compatible(released: list[list[Any]] | None, written: list[list[Any]] | None) -> bool:
    """Whether every call the release's parameters allow still works with the student's: the same
    parameters in the same order and of the same kind (a default may be added, not taken away), and
    any extra parameter optional."""
    if released is None or written is None:
        return True
    if len(written) < len(released):
        return False
    for (name, kind, default), (their_name, their_kind, their_default) in zip(released, written):
        if (name, kind) != (their_name, their_kind) or (default and not their_default):
            return False
    return all(default or kind in (_VAR_POSITIONAL, _VAR_KEYWORD) for _, kind, default in written[len(released):])


def digest(text: str) -> str:
    """The SHA-256 of a cell's text: how a locked cell is recognised without shipping it twice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe(nb: dict, cell_seconds: float, test_seconds: float) -> dict:
    """The structure of the released notebook ``nb`` (a dict as json reads it): ``cell_seconds`` is the
    grader's wall-clock limit for one solution cell's top-level code, ``test_seconds`` the longest the
    check lets a visible test run (the grader's limit for a whole submission)."""
    tested = names_tested(nb)
    cells = []
    for cell in nb["cells"]:
        kind = role(cell)
        if kind is None:
            continue
        meta, text = grader_metadata(cell), source_text(cell.get("source")) or ""
        entry: dict[str, Any] = {"grade_id": grade_id(cell), "role": kind, "cell_type": cell.get("cell_type"),
                                 "nbgrader": {k: meta[k] for k in KEPT_METADATA if k in meta}, "sha256": digest(text)}
        if kind in ("setup", "test"):
            entry["source"] = text
        if kind == "test":
            entry["calls"] = tested.get(entry["grade_id"], [])
        if kind == "solution":
            entry["functions"] = definitions(text)
        cells.append(entry)
    return {"nbformat_minor": nb.get("nbformat_minor"), "kernelspec": nb.get("metadata", {}).get("kernelspec"),
            "cell_seconds": cell_seconds, "test_seconds": test_seconds, "cells": cells}


def write(path: Path, assignment: str, notebooks: dict[str, dict], made_by: str) -> None:
    """Write ``structure.json``: the structures of the release's notebooks (name without ``.ipynb`` -> structure)."""
    data = {"generated": f"by {made_by}; do not edit", "assignment": assignment, "notebooks": notebooks}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path) -> dict:
    """A release's ``structure.json``, or ValueError saying what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("notebooks"), dict):
        raise ValueError(f"{path} is not a release's {STRUCTURE_FILE}")
    return data
