"""The real ``grade`` command on a class of awkward, broken and dishonest hand-ins.

One batch is graded once (module fixture); each test reads its outcome from grades.csv,
the nbgrader gradebook and the feedback pages. Hostile hand-ins are in test_attacks.py.
"""

import copy
import csv
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import assignments
from autograder.sync import solution_lines
from tests.conftest import run_cli

pytestmark = [pytest.mark.backprop, pytest.mark.slow]
MAX_SCORE = 21.0
LIMITS = ("--case-seconds", "3", "--cell-seconds", "3")

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
    _write(subs / "raises", edited(solution, "relu", lambda s: s.replace(
        "    x = cache\n    dx = dout * (x > 0)", "    raise ValueError('not today')")))
    _write(subs / "hangs-in-cell", edited(solution, "sgd", lambda s: s + "\nwhile True:\n    pass\n"))
    _write(subs / "hangs-in-function", edited(solution, "tanh", lambda s: s.replace(
        "    out = cache\n    dx = dout * (1 - out**2)", "    while True:\n        pass")))
    _write(subs / "exits", edited(solution, "sigmoid", lambda s: s.replace(
        "    z = np.exp(-np.abs(x))", "    import os\n    os._exit(3)")))
    _write(subs / "renamed", solution, "backprop (1).ipynb")
    # Convention slips and state: values right, so each costs the stated share of its cases only.
    _write(subs / "float64-outputs", edited(solution, "affine", lambda s: s.replace(
        "    return out, cache", "    return out.astype(np.float64), cache")))
    _write(subs / "modifies-dout", edited(solution, "relu", lambda s: s.replace(
        "    dx = dout * (x > 0)", "    dx = dout\n    dx[x <= 0] = 0")))
    _write(subs / "keeps-state", edited(solution, "sigmoid", lambda s: "_calls = []\n" + s.replace(
        "    z = np.exp(-np.abs(x))", "    _calls.append(1)\n    z = np.exp(-np.abs(x))")
        .replace("    return out, cache", "    return out + 0.001 * (len(_calls) > 1), cache", 1)))
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
    """The grader's scores per grade cell; written answers still to grade by hand (no score) left out."""
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("backprop", "backprop", student)
        return {g.name: g.auto_score for g in nb.grades if g.cell.cell_type == "code"}


def test_every_student_gets_a_row_and_a_status(graded):
    r = rows(graded["out"])
    assert set(r) == {p.name for p in graded["subs"].iterdir()}
    assert {k: v["status"] for k, v in r.items()} == {
        "reference": "ok", "untouched": "ok", "warns": "ok", "raises": "ok",
        "hangs-in-cell": "time limit", "hangs-in-function": "time limit", "exits": "crashed",
        "renamed": "ok", "empty": "missing notebook",
        "float64-outputs": "ok", "modifies-dout": "ok", "keeps-state": "ok",
    }
    assert all(float(v["max_score"]) == MAX_SCORE for v in r.values())


def test_reference_full_marks_and_untouched_release_zero(graded):
    r = rows(graded["out"])
    assert float(r["reference"]["score"]) == MAX_SCORE
    assert float(r["untouched"]["score"]) == 0


@pytest.mark.parametrize("student", ["warns", "renamed"])
def test_harmless_oddities_keep_full_marks(graded, student):
    assert float(rows(graded["out"])[student]["score"]) == MAX_SCORE


@pytest.mark.parametrize(
    "student,lost",
    [
        ("raises", {"test_relu", "test_mlp", "test_train_digits"}),  # the MLPs use ReLU
        ("hangs-in-cell", {"test_sgd", "test_train_digits"}),
        ("hangs-in-function", {"test_tanh", "test_mlp"}),
        ("exits", {"test_sigmoid", "test_mlp"}),
    ],
)
def test_a_failure_costs_only_what_it_touches(graded, student, lost):
    scores = cell_scores(graded["out"], student)
    full = cell_scores(graded["out"], "reference")
    assert {gid for gid in full if scores[gid] < full[gid]} == lost
    assert float(rows(graded["out"])[student]["score"]) == pytest.approx(sum(scores.values()))


def test_missing_and_renamed_notebooks_say_so(graded):
    r = rows(graded["out"])
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
        if student in ("untouched", "empty"):  # hand-ins without reference code
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
    assert "graded 0 of 12 students (12 unchanged)" in again.stdout
    assert rows(out) == before
    shutil.copy(subs / "untouched" / "backprop.ipynb", subs / "reference" / "backprop.ipynb")
    third = run_cli("grade", "backprop", str(subs), "--out", str(out), *LIMITS)
    assert "graded 1 of 12 students (11 unchanged)" in third.stdout
    assert float(rows(out)["reference"]["score"]) == 0
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment("backprop").submissions) == 12


def test_bad_arguments_get_a_clear_error(tmp_path):
    result = run_cli("grade", "nosuch", str(tmp_path), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 2 and "unknown assignment 'nosuch'" in result.stderr
    result = run_cli("grade", "backprop", str(tmp_path / "missing"), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_a_hanging_function_is_stopped_and_its_other_cases_skipped(graded):
    text = _text((graded["out"] / "feedback" / "hangs-in-function" / "backprop.html").read_text())
    assert "time limit: did not finish within 3 s" in text
    assert "not run: an earlier case of this test hit the time limit" in text


def test_float64_outputs_for_float32_inputs_cost_the_convention_share(graded):
    text = _text((graded["out"] / "feedback" / "float64-outputs" / "backprop.html").read_text())
    assert "≈ out: values correct; dtype float64, expected float32 (the dtype of the inputs)" in text
    assert "conventions broken: dtype — 10% of this case deducted" in text
    # One affine case of four is float32: its output check, one of its four checks, is the slip.
    assert cell_scores(graded["out"], "float64-outputs")["test_affine"] == pytest.approx(3 * (1 - 0.1 / 4))


def test_modifying_an_argument_in_place_is_a_convention_slip(graded):
    text = _text((graded["out"] / "feedback" / "modifies-dout" / "backprop.html").read_text())
    assert "relu_backward: argument dout was modified in place" in text
    assert 0.85 < cell_scores(graded["out"], "modifies-dout")["test_relu"] < 1


def test_state_kept_between_calls_is_caught_by_the_second_call(graded):
    text = _text((graded["out"] / "feedback" / "keeps-state" / "backprop.html").read_text())
    assert "right on the first call, but a second call with the same inputs gave wrong values" in text
    assert cell_scores(graded["out"], "keeps-state")["test_sigmoid"] < 2
