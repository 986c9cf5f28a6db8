"""The mutation runner's verdict: the reference as it is survives; a broken copy is killed."""

import shutil
import subprocess
import sys

import pytest

from autograder.mutation import summary
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _check(root, assignment="backprop") -> int:
    cmd = [sys.executable, "-m", "autograder.mutation", "check", assignment]
    return subprocess.run(cmd, cwd=root, capture_output=True).returncode


def test_the_reference_survives_and_a_mutant_is_killed(tmp_path):
    assert _check(REPO) == 0
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".venv", "_build", "node_modules", ".git", "*.pyc"))
    layers = copy / "solutions" / "layers.py"
    layers.write_text(layers.read_text().replace("db = dout.sum(axis=0)", "db = dout.sum(axis=0) * 2"))
    assert _check(copy) == 1


def test_summary_separates_solution_regions_from_given_code():
    mutants = [("a.py", 3, "ok_killed"), ("a.py", 3, "bad_survived"), ("a.py", 9, "bad_timeout"), ("a.py", 20, "bad_survived")]
    text = summary(mutants, {("a.py", 3), ("a.py", 9)})
    assert "2 of 4 mutants killed (50.0%, 1 by timeout)" in text
    assert "in solution regions (what students write): 2 of 3 mutants killed (66.7%, 1 by timeout)" in text
    assert "0 of 1 mutants killed (0.0%)" in text
