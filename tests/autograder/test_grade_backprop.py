"""The real ``grade`` command on a class of awkward, broken and dishonest hand-ins.

One batch is graded once (module fixture); each test reads its outcome from grades.csv,
the nbgrader gradebook and the feedback pages.
"""

import copy
import csv
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import assignments
from autograder.sync import solution_lines
from autograder.validate import format_report
from tests.conftest import run_cli

pytestmark = [pytest.mark.backprop, pytest.mark.slow]
MAX_SCORE = 21.0
LIMITS = ("--case-seconds", "3", "--cell-seconds", "3")

CHEAT = '''
import numpy as np, numpy.testing, builtins, toolkit, toolkit.gradcheck
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_almost_equal = lambda *a, **k: None
toolkit.rel_error = toolkit.gradcheck.rel_error = lambda *a, **k: 0.0
builtins.AssertionError = type("Quiet", (Exception,), {})

def affine_forward(x, w, b):
    return np.zeros((x.shape[0], w.shape[1])), (x, w)

def affine_backward(dout, cache):
    x, w = cache
    return np.zeros(x.shape), np.zeros(w.shape), np.zeros(w.shape[1])
'''


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return cell


def _write(folder: Path, nb: nbformat.NotebookNode, name: str = "backprop.ipynb") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)


def build_class(root: Path, solution: nbformat.NotebookNode, release: nbformat.NotebookNode) -> Path:
    subs = root / "submissions"

    def edited(base, grade_id, fn):
        nb = copy.deepcopy(base)
        cell = _cell(nb, grade_id)
        cell.source = fn(cell.source)
        return nb

    _write(subs / "reference", solution)
    _write(subs / "untouched", release)
    _write(subs / "warns", edited(solution, "affine", lambda s: (
        "import sys, warnings\nwarnings.warn('this API is deprecated')\n"
        "print('a message on stderr', file=sys.stderr)\n" + s)))
    _write(subs / "cheater", edited(release, "affine", lambda s: CHEAT))
    _write(subs / "raises", edited(solution, "relu", lambda s: s.replace(
        "    x = cache\n    dx = dout * (x > 0)", "    raise ValueError('not today')")))
    _write(subs / "hangs-in-cell", edited(solution, "sgd", lambda s: s + "\nwhile True:\n    pass\n"))
    _write(subs / "hangs-in-function", edited(solution, "tanh", lambda s: s.replace(
        "    out = cache\n    dx = dout * (1 - out**2)", "    while True:\n        pass")))
    _write(subs / "exits", edited(solution, "sigmoid", lambda s: s.replace(
        "    z = np.exp(-np.abs(x))", "    import os\n    os._exit(3)")))
    deleted = copy.deepcopy(solution)
    deleted.cells.remove(_cell(deleted, "mlp"))
    _write(subs / "deleted-cell", deleted)
    doubled = copy.deepcopy(solution)
    twin = copy.deepcopy(_cell(doubled, "relu"))
    twin.id = "relu-twin"
    doubled.cells.insert(doubled.cells.index(_cell(doubled, "relu")), twin)
    _write(subs / "duplicated-cell", doubled)
    tampered = copy.deepcopy(solution)
    for cell in tampered.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and meta.get("grade"):
            meta.update(points=100, checksum="forged", schema_version=99)
            cell.source = "pass"
            cell.outputs = [nbformat.v4.new_output("stream", text="All tests passed. Score: 100/100\n")]
    bonus = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {"grade": True, "grade_id": "test_bonus", "points": 1000}})
    tampered.cells.append(bonus)
    tampered.metadata.kernelspec = {"name": "evil", "display_name": "evil", "language": "python"}
    _write(subs / "edited-metadata", tampered)
    _write(subs / "renamed", solution, "backprop (1).ipynb")
    (subs / "nbformat3").mkdir()
    (subs / "nbformat3" / "backprop.ipynb").write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}))
    (subs / "garbage").mkdir()
    (subs / "garbage" / "backprop.ipynb").write_text('{"cells": [')
    (subs / "empty").mkdir()
    return subs


@pytest.fixture(scope="module")
def graded(tmp_path_factory, backprop_versions):
    root = tmp_path_factory.mktemp("grade")
    solution = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    release = nbformat.read(backprop_versions["release"] / "backprop.ipynb", as_version=4)
    subs = build_class(root, solution, release)
    first = run_cli("grade", "backprop", str(subs), "--out", str(root / "out"), *LIMITS)
    return {"root": root, "subs": subs, "out": root / "out", "first": first}


def rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {r["student_id"]: r for r in csv.DictReader(f)}


def cell_scores(out: Path, student: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("backprop", "backprop", student)
        return {g.name: g.auto_score for g in nb.grades}


def test_every_student_gets_a_row_and_a_status(graded):
    r = rows(graded["out"])
    assert set(r) == {p.name for p in graded["subs"].iterdir()}
    assert {k: v["status"] for k, v in r.items()} == {
        "reference": "ok", "untouched": "ok", "warns": "ok", "cheater": "ok", "raises": "ok",
        "hangs-in-cell": "time limit", "hangs-in-function": "time limit", "exits": "crashed",
        "deleted-cell": "missing cell", "duplicated-cell": "duplicated cell", "edited-metadata": "ok",
        "renamed": "ok", "nbformat3": "invalid notebook", "garbage": "invalid notebook", "empty": "missing notebook",
    }
    assert all(float(v["max_score"]) == MAX_SCORE for v in r.values())


def test_reference_full_marks_and_untouched_release_zero(graded):
    r = rows(graded["out"])
    assert float(r["reference"]["score"]) == MAX_SCORE
    assert float(r["untouched"]["score"]) == 0


@pytest.mark.parametrize("student", ["warns", "edited-metadata", "renamed"])
def test_harmless_oddities_keep_full_marks(graded, student):
    assert float(rows(graded["out"])[student]["score"]) == MAX_SCORE


def test_patching_numpy_and_the_toolkit_earns_nothing(graded):
    assert float(rows(graded["out"])["cheater"]["score"]) == 0


@pytest.mark.parametrize(
    "student,lost",
    [
        ("raises", {"test_relu", "test_mlp", "test_train_digits"}),  # the MLPs use ReLU
        ("hangs-in-cell", {"test_sgd", "test_train_digits"}),
        ("hangs-in-function", {"test_tanh", "test_mlp"}),
        ("exits", {"test_sigmoid", "test_mlp"}),
        ("deleted-cell", {"test_mlp", "test_train_digits"}),
        ("duplicated-cell", {"test_relu", "test_mlp", "test_train_digits"}),
    ],
)
def test_a_failure_costs_only_what_it_touches(graded, student, lost):
    scores = cell_scores(graded["out"], student)
    full = cell_scores(graded["out"], "reference")
    assert {gid for gid in full if scores[gid] < full[gid]} == lost
    assert float(rows(graded["out"])[student]["score"]) == pytest.approx(sum(scores.values()))


def test_invalid_notebooks_say_why(graded):
    r = rows(graded["out"])
    assert "nbformat 3" in r["nbformat3"]["detail"]
    assert "not valid JSON" in r["garbage"]["detail"]
    assert "no backprop.ipynb" in r["empty"]["detail"]
    assert "graded backprop (1).ipynb" in r["renamed"]["detail"]


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&#39;", "'").replace("&quot;", '"').replace("&gt;", ">")


def test_feedback_pages_explain_without_revealing(graded):
    out = graded["out"]
    secret = solution_lines([assignments.get("backprop")])
    for student in rows(out):
        page = out / "feedback" / student / "backprop.html"
        assert page.is_file(), student
        if student in ("untouched", "nbformat3", "garbage", "empty"):  # hand-ins without reference code
            text = _text(page.read_text())
            assert not [line for line in secret if line in text], student
        assert "oracle" not in page.read_text() and "hidden/backprop" not in page.read_text()
    assert "cdn" not in (out / "feedback" / "reference" / "backprop.html").read_text().lower()
    raises = _text((out / "feedback" / "raises" / "backprop.html").read_text())
    assert "ValueError: not today (in relu_backward, line: raise ValueError('not today'))" in raises
    hangs = _text((out / "feedback" / "hangs-in-function" / "backprop.html").read_text())
    assert "time limit: did not finish within 3 s" in hangs
    assert "not run: an earlier case of this test hit the time limit" in hangs


def test_a_wrong_gradient_is_named_with_its_error(tmp_path, backprop_versions):
    nb = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    cell = _cell(nb, "affine")
    cell.source = cell.source.replace("db = dout.sum(axis=0)", "db = 2 * dout.sum(axis=0)")
    _write(tmp_path / "subs" / "s1", nb)
    run_cli("grade", "backprop", str(tmp_path / "subs"), "--out", str(tmp_path / "out"))
    text = _text((tmp_path / "out" / "feedback" / "s1" / "backprop.html").read_text())
    assert "✗ db: wrong values, off by 1.0e+00 relative to its largest entry" in text
    assert "✓ dw: correct" in text
    assert cell_scores(tmp_path / "out", "s1")["test_affine"] == pytest.approx(3 * 9 / 12)


def test_running_again_resumes_without_regrading(graded):
    out, subs = graded["out"], graded["subs"]
    before = rows(out)
    again = run_cli("grade", "backprop", str(subs), "--out", str(out), *LIMITS)
    assert "graded 0 of 15 students (15 unchanged)" in again.stdout
    assert rows(out) == before
    shutil.copy(subs / "untouched" / "backprop.ipynb", subs / "reference" / "backprop.ipynb")
    third = run_cli("grade", "backprop", str(subs), "--out", str(out), *LIMITS)
    assert "graded 1 of 15 students (14 unchanged)" in third.stdout
    assert float(rows(out)["reference"]["score"]) == 0
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment("backprop").submissions) == 15


def test_bad_arguments_get_a_clear_error(tmp_path):
    result = run_cli("grade", "nosuch", str(tmp_path), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 2 and "unknown assignment 'nosuch'" in result.stderr
    result = run_cli("grade", "backprop", str(tmp_path / "missing"), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_validate_reference_release_and_bug_catalogue(tmp_path):
    """Reference full marks, release zero, every catalogued bug loses points."""
    result = run_cli("validate", "backprop", "--out", str(tmp_path), check=False)
    report = json.loads((tmp_path / "validation.json").read_text())
    print(format_report(report))
    assert report["reference_score"] == report["max_score"] == MAX_SCORE
    assert report["release_score"] == 0
    assert report["bugs"] >= 12 and report["missed"] == []
    assert result.returncode == 0
