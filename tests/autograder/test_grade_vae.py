"""The real ``grade vae`` command on hand-ins that exploit torch's global state or the model's composition."""

import copy
import csv
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

from autograder.hidden.vae import FULL_NELBO
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
MAX_SCORE = 15.0

HOSTILE_GLOBALS = """import torch
torch.set_default_dtype(torch.float64)
torch.set_grad_enabled(False)
torch.manual_seed(123)
torch.set_num_threads(2)
"""


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return cell


def echo(source: str) -> str:
    """The networks cell of a student whose decoder returns what the encoder last saw."""
    source = "_SEEN = []\n\n" + source
    source = source.replace("        h = torch.relu(self.hidden(x))", "        _SEEN.append(x)\n        h = torch.relu(self.hidden(x))")
    return source.replace("        return self.out(torch.relu(self.hidden(z)))",
                          "        return torch.logit(_SEEN[-1], eps=1e-4) + 0 * self.out(torch.relu(self.hidden(z)))")


@pytest.fixture(scope="module")
def solution(versions) -> nbformat.NotebookNode:
    return nbformat.read(versions("vae")["solution"] / "vae.ipynb", as_version=4)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, solution) -> Path:
    root = tmp_path_factory.mktemp("grade-vae")
    for student, grade_id, edit in [("reference", "networks", lambda s: s),
                                    ("hostile-globals", "networks", lambda s: HOSTILE_GLOBALS + s),
                                    ("echo", "networks", echo)]:
        nb = copy.deepcopy(solution)
        _cell(nb, grade_id).source = edit(_cell(nb, grade_id).source)
        (root / "subs" / student).mkdir(parents=True)
        nbformat.write(nb, root / "subs" / student / "vae.ipynb")
    run_cli("grade", "vae", str(root / "subs"), "--out", str(root / "out"))
    return root / "out"


def cell_scores(out: Path, student: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        return {g.name: g.auto_score for g in gb.find_submission_notebook("vae", "vae", student).grades
                if g.cell.cell_type == "code"}


def test_global_torch_settings_do_not_change_the_grade(graded):
    with open(graded / "grades.csv", newline="") as f:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert scores["reference"] == scores["hostile-globals"] == MAX_SCORE


def test_a_decoder_that_echoes_the_input_earns_nothing_for_training(graded, solution):
    # In the student's own process the echo looks like a perfect model ...
    ns: dict = {}
    for grade_id in ("setup", "networks", "reparameterize", "kl", "elbo", "train"):
        source = _cell(solution, grade_id).source
        exec(echo(source) if grade_id == "networks" else source, ns)
    X_train, _, X_test, _ = ns["load_digits_pixels"](seed=1)
    encoder, decoder, _ = ns["train_vae"](X_train, epochs=20)
    torch = ns["torch"]
    x = torch.tensor(X_test, dtype=torch.float32)
    with torch.no_grad():
        mu, logvar = encoder(x)
        own = ns["negative_elbo"](x, decoder(ns["reparameterize"](mu, logvar)), mu, logvar).item()
    assert own < FULL_NELBO
    # ... but the grader composes the trained weights itself.
    scores = cell_scores(graded, "echo")
    assert scores["test_train"] == 0 and scores["test_networks"] < cell_scores(graded, "reference")["test_networks"]
    assert np.isclose(sum(cell_scores(graded, "reference").values()), MAX_SCORE)
