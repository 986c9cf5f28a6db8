"""Reading hand-ins without trusting them."""

import json

import pytest

from autograder.pipeline.handin import InvalidNotebook, extract, parse, read_handin


def _nb(cells, nbformat=4):
    return {"nbformat": nbformat, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _cell(gid, source, cell_type="code", **meta):
    return {"cell_type": cell_type, "source": source, "metadata": {"nbgrader": {"grade_id": gid, **meta}}}


def test_takes_solution_cells_by_grade_id_only():
    nb = _nb([
        _cell("affine", ["def f():\n", "    return 1\n"], solution=False, points=100),
        _cell("test_affine", "assert True"),
        _cell("relu", "x = 1", cell_type="markdown"),
        {"cell_type": "code", "source": "import os", "metadata": {}},
    ])
    got = extract(nb, ["affine", "relu", "sgd"])
    assert got.sources == {"affine": "def f():\n    return 1\n"}
    assert got.missing == ["relu", "sgd"] and got.duplicated == []


def test_a_doubled_cell_is_not_used():
    got = extract(_nb([_cell("affine", "a = 1"), _cell("affine", "a = 2")]), ["affine"])
    assert got.sources == {} and got.duplicated == ["affine"]


def test_odd_cells_do_not_break_extraction():
    nb = _nb(["not a cell", {"cell_type": "code"}, {"cell_type": "code", "metadata": []},
              _cell("affine", 42), _cell(["not", "hashable"], "x")])
    assert extract(nb, ["affine"]).sources == {"affine": ""}


@pytest.mark.parametrize(
    "content,reason",
    [(b"{not json", "not valid JSON"), (b"\xff\xfe", "not valid JSON"), (b"[]", "not a Jupyter notebook"),
     (json.dumps(_nb([], nbformat=3)).encode(), "nbformat 3"), (json.dumps({"cells": []}).encode(), "nbformat None"),
     (json.dumps({"nbformat": 4}).encode(), "no list of cells")],
)
def test_unreadable_notebooks_say_why(content, reason):
    with pytest.raises(InvalidNotebook, match=reason):
        parse(content)


def test_oversized_notebook_is_refused_unread(tmp_path, monkeypatch):
    from toolkit import notebook

    monkeypatch.setattr(notebook, "MAX_NOTEBOOK_BYTES", 1000)
    (tmp_path / "big.ipynb").write_bytes(b" " * 2000)
    (tmp_path / "small.ipynb").write_bytes(b"{}")
    read = read_handin(tmp_path)
    assert read["small.ipynb"] == b"{}"
    assert "over the" in read["big.ipynb"]  # the reason the student reads; the file was never read
