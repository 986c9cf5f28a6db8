"""The release carries no solution and no hidden test; the solution notebook passes its visible tests."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder import assignments
from autograder.sync import solution_lines

pytestmark = pytest.mark.backprop


def test_release_has_no_solution_code(backprop_versions):
    release = backprop_versions["release"]
    text = (release / "backprop.ipynb").read_text()
    leaked = [line for line in solution_lines([assignments.get("backprop")]) if line in text]
    assert not leaked, leaked
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "autograder sync", "solutions."):
        assert marker not in text
    assert (release / "toolkit" / "gradcheck.py").is_file()
    assert not list(release.rglob("__pycache__"))


def test_release_cells_are_stubs_with_nbgrader_metadata(backprop_versions):
    nb = nbformat.read(backprop_versions["release"] / "backprop.ipynb", as_version=4)
    solution_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert {c.metadata.nbgrader.grade_id for c in solution_cells} >= {"affine", "relu", "mlp", "sgd", "train_digits"}
    assert all("raise NotImplementedError()" in c.source for c in solution_cells)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _execute(folder: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(folder / "backprop.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def test_solution_notebook_passes_every_visible_test(backprop_versions):
    nb = _execute(backprop_versions["solution"])
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    for part in ("affine", "relu", "sigmoid", "tanh", "softmax cross-entropy", "mse", "MLP", "sgd"):
        assert f"{part}: the visible tests pass" in printed
    assert "test accuracy: 0.9" in printed


def test_untouched_release_fails_its_first_visible_test(backprop_versions):
    with pytest.raises(CellExecutionError, match="NotImplementedError"):
        _execute(backprop_versions["release"])
