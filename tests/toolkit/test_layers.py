"""toolkit.layers runs the solution cells of the student's own backprop notebook."""

import os
import subprocess
import sys

import pytest

from autograder import assignments as registry
from tests.conftest import REPO

IMPORT = "from toolkit.layers import affine_forward, sgd_step, softmax_cross_entropy; print(affine_forward.__module__)"


def _run(cwd, env_extra=None):
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", IMPORT], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.backprop
def test_loads_the_students_own_notebook(tmp_path, backprop_versions):
    result = _run(tmp_path, {"BACKPROP_NOTEBOOK": str(backprop_versions["solution"] / "backprop.ipynb")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"  # defined by running the notebook's cells, not imported


def test_a_missing_notebook_says_what_to_do(tmp_path):
    result = _run(tmp_path)
    assert result.returncode != 0 and "needs your solved backprop notebook" in result.stderr


@pytest.mark.backprop
def test_an_unsolved_notebook_fails_when_called(tmp_path, backprop_versions):
    release = backprop_versions["release"] / "backprop.ipynb"
    code = IMPORT.split(";")[0] + "; import numpy as np; affine_forward(np.ones((1, 2)), np.ones((2, 2)), np.ones(2))"
    env = {**os.environ, "PYTHONPATH": str(REPO), "BACKPROP_NOTEBOOK": str(release)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "NotImplementedError" in result.stderr


@pytest.mark.parametrize("assignment_id", [a for a in registry.known() if registry.get(a).reference_layers])
def test_every_reference_layer_is_one_toolkit_layers_provides(assignment_id):
    """What the grader supplies as toolkit.layers (assignment.toml's reference_layers) is what a student's
    own toolkit.layers provides: the same names, no layer of one missing from the other's list."""
    import ast

    tree = ast.parse((REPO / "toolkit" / "layers.py").read_text())
    names = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "NAMES")
    supplied = {entry.split(":")[1] for entry in registry.get(assignment_id).reference_layers}
    assert supplied <= set(names), f"not provided by toolkit.layers: {sorted(supplied - set(names))}"
