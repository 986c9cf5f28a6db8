"""The check before hand-in (``python -m toolkit.check``), run as a student runs it: in a copy of the release folder."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import assignments
from tests.autograder.attacks.tamper import TAMPERS
from toolkit import check

ASSIGNMENTS = assignments.known()


def _student_folder(versions, assignment: str, tmp_path: Path) -> Path:
    """A copy of the release, with the solved notebooks of the earlier assignments it needs beside it."""
    folder = tmp_path / assignment
    shutil.copytree(versions(assignment)["release"], folder)
    for earlier in assignments.get(assignment).needs:
        shutil.copy(versions(earlier)["solution"] / f"{earlier}.ipynb", folder)
    return folder


def _check(folder: Path, name: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m toolkit.check NAME.ipynb`` in ``folder``, with the release's own toolkit/."""
    return subprocess.run([sys.executable, "-m", "toolkit.check", f"{name}.ipynb", *args], cwd=folder,
                          capture_output=True, text=True, timeout=900)


def _problems(output: str) -> str:
    return output.split("Problems:", 1)[1] if "Problems:" in output else ""


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solved_notebook_is_ready(versions, tmp_path, assignment):
    folder = _student_folder(versions, assignment, tmp_path)
    for name in assignments.get(assignment).notebook_names:
        shutil.copy(versions(assignment)["solution"] / f"{name}.ipynb", folder)
        result = _check(folder, name)
        assert result.returncode == check.READY, result.stdout + result.stderr
        assert "FAILED" not in result.stdout and "READY:" in result.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_untouched_release_is_unsolved_but_intact(versions, tmp_path, assignment):
    folder = _student_folder(versions, assignment, tmp_path)
    name = assignments.get(assignment).notebook_names[0]
    result = _check(folder, name)
    assert result.returncode == check.UNSOLVED, result.stdout + result.stderr
    assert "NotImplementedError" in result.stdout and "[loses points]" not in result.stdout
    assert "still as released: each scores 0" in result.stdout  # the written answers
    assert "[edited]" not in result.stdout


@pytest.fixture(scope="module")
def backprop_folder(versions, tmp_path_factory) -> Path:
    return _student_folder(versions, "backprop", tmp_path_factory.mktemp("check"))


@pytest.fixture(scope="module")
def reference(versions) -> dict:
    """The solved notebook as JSON, as the attack catalogue tampers with it."""
    return json.loads(nbformat.writes(nbformat.read(versions("backprop")["solution"] / "backprop.ipynb", as_version=4)))


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.name)
def test_every_tampering_case_is_reported(backprop_folder, reference, tmp_path, tamper):
    folder = tmp_path / "handin"
    shutil.copytree(backprop_folder, folder)
    (folder / "backprop.ipynb").write_bytes(tamper.make(reference))
    result = _check(folder, "backprop")
    problems = _problems(result.stdout)
    if tamper.score == "full":  # the grader restores what was changed: reported, no points lost
        assert result.returncode == check.EDITED, result.stdout
        assert "[edited]" in problems and "[loses points]" not in problems
    else:
        assert result.returncode == check.LOSES_POINTS, result.stdout
        assert "[loses points]" in problems
    if tamper.status == "invalid notebook":
        assert "the grader cannot read backprop.ipynb" in problems
    for lost in tamper.lost:  # each lost test is named, or the solution cell it tests is
        if lost in problems:
            break
    else:
        assert not tamper.lost, f"none of {sorted(tamper.lost)} named:\n{problems}"


def _solved(reference: dict, folder: Path, edit) -> Path:
    nb = json.loads(json.dumps(reference))
    (cell,) = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "affine"]
    cell["source"] = edit("".join(cell["source"]))
    (folder / "backprop.ipynb").write_text(json.dumps(nb))
    return folder


@pytest.mark.parametrize("edit,said", [
    (lambda s: s.replace("def affine_backward(", "def affine_bwd("),
     "affine_backward is not defined in solution cell 'affine' (it defines affine_bwd: renamed?)"),
    (lambda s: s.replace("def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray)", "def affine_forward(x, weights, b)"),
     "the grader calls affine_forward(x, w, b)"),
    (lambda s: s + "\ndef broken(:\n", "solution cell 'affine' is not valid Python"),
])
def test_a_function_renamed_or_reshaped_loses_points(backprop_folder, reference, tmp_path, edit, said):
    folder = _solved(reference, Path(shutil.copytree(backprop_folder, tmp_path / "handin")), edit)
    result = _check(folder, "backprop", "--no-run")
    assert result.returncode == check.LOSES_POINTS and said in result.stdout, result.stdout


@pytest.mark.parametrize("edit", [
    lambda s: s.replace("b: np.ndarray)", "b: np.ndarray, verbose=False)", 1),  # an optional parameter added
    lambda s: "%time _ = 1\n" + s,  # an IPython magic, which the grader's IPython runs
    lambda s: s + "\n\ndef _helper(x):\n    return x\n",  # a helper in the same cell
], ids=["optional parameter", "magic", "helper"])
def test_what_the_grader_accepts_is_ready(backprop_folder, reference, tmp_path, edit):
    folder = _solved(reference, Path(shutil.copytree(backprop_folder, tmp_path / "handin")), edit)
    result = _check(folder, "backprop")
    assert result.returncode == check.READY, result.stdout


def test_a_cell_slower_than_the_grader_allows_loses_points(backprop_folder, reference, tmp_path):
    folder = _solved(reference, Path(shutil.copytree(backprop_folder, tmp_path / "handin")),
                     lambda s: "import time\ntime.sleep(3600)\n" + s)
    released = json.loads((folder / "structure.json").read_text())
    released["notebooks"]["backprop"]["cell_seconds"] = 5.0  # the sleep is far longer whatever the machine's load
    (folder / "structure.json").write_text(json.dumps(released))
    result = _check(folder, "backprop")
    assert result.returncode == check.LOSES_POINTS and "ran longer than 5 s, where the grader stops it" in result.stdout


def test_a_missing_written_answer_loses_points(backprop_folder, reference, tmp_path):
    nb = json.loads(json.dumps(reference))
    nb["cells"] = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != "written-learning-rate"]
    folder = Path(shutil.copytree(backprop_folder, tmp_path / "handin"))
    (folder / "backprop.ipynb").write_text(json.dumps(nb))
    result = _check(folder, "backprop", "--no-run")
    assert result.returncode == check.LOSES_POINTS and "written answer 'written-learning-rate' is missing" in result.stdout


def test_without_the_structure_file_it_says_it_cannot_check(backprop_folder, tmp_path):
    folder = Path(shutil.copytree(backprop_folder, tmp_path / "handin"))
    (folder / "structure.json").unlink()
    result = _check(folder, "backprop")
    assert result.returncode == check.CANNOT_CHECK and "no structure.json" in result.stdout
