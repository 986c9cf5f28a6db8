"""Every release carries no solution and no hidden test; every solution notebook passes its visible tests."""

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder import assignments
from autograder.sync import solution_lines

ASSIGNMENTS = assignments.known()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solution_code(versions, assignment):
    release = versions(assignment)["release"]
    secret = solution_lines([assignments.get(assignment)])
    for path in release.glob("*.ipynb"):
        text = path.read_text()
        assert not [line for line in secret if line in text], path.name
        for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "autograder sync", "solutions."):
            assert marker not in text
    assert (release / "toolkit" / "gradcheck.py").is_file()
    assert "def affine_forward" not in (release / "toolkit" / "layers.py").read_text()  # a loader, not code
    assert not list(release.rglob("__pycache__"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_cells_are_stubs_with_nbgrader_metadata(versions, assignment):
    for path in versions(assignment)["release"].glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        solution_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        code = [c for c in solution_cells if c.cell_type == "code"]
        written = [c for c in solution_cells if c.cell_type == "markdown"]
        assert len(code) >= 4 and len(written) >= 2
        assert all("raise NotImplementedError()" in c.source for c in code)
        assert all(c.source == "YOUR ANSWER HERE" and c.metadata.nbgrader.grade for c in written)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _execute(folder: Path, name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebook_passes_every_visible_test(versions, tmp_path, assignment):
    folder = tmp_path / assignment
    shutil.copytree(versions(assignment)["solution"], folder)
    for earlier in assignments.get(assignment).needs:  # what a student puts beside the notebook
        shutil.copy(versions(earlier)["solution"] / f"{earlier}.ipynb", folder)
    for name in assignments.get(assignment).notebook_names:
        nb = _execute(folder, name)  # raises on the first failing cell
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade") and "print(" in cell.source:
                assert "".join(o.get("text", "") for o in cell.outputs).strip(), cell.metadata.nbgrader.grade_id


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_fails_its_first_visible_test(versions, assignment):
    release = versions(assignment)["release"]
    with pytest.raises(CellExecutionError, match="NotImplementedError"):
        _execute(release, assignments.get(assignment).notebook_names[0])
