"""Grading a class at scale: nbgrader's own folder layout, the kit cache, feedback rendered by the
workers agreeing with the gradebook, and progress a person can follow."""

import io
import re
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import assignments, kit
from autograder.progress import Progress
from autograder.task import Result
from tests.conftest import run_cli

pytestmark = [pytest.mark.backprop]


@pytest.fixture(scope="module")
def nbgrader_layout(tmp_path_factory, backprop_versions):
    """``submitted/<student>/backprop/backprop.ipynb``, as ``nbgrader collect`` leaves it, graded once."""
    root = tmp_path_factory.mktemp("course")
    solution = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    broken = nbformat.from_dict(solution)
    (cell,) = [c for c in broken.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "relu"]
    cell.source = cell.source.replace("    x = cache\n    dx = dout * (x > 0)", "    raise ValueError('not today')")
    for student, nb in (("alice", solution), ("bob", broken)):
        (root / "submitted" / student / "backprop").mkdir(parents=True)
        nbformat.write(nb, root / "submitted" / student / "backprop" / "backprop.ipynb")
    (root / "submitted" / "carol" / "backprop").mkdir(parents=True)
    shutil.copy(backprop_versions["release"] / "backprop.ipynb", root / "submitted" / "carol" / "backprop")
    result = run_cli("grade", "backprop", str(root / "submitted"), "--out", str(root / "out"))
    return {"root": root, "out": root / "out", "result": result}


@pytest.mark.slow
def test_nbgrader_submitted_folder_is_graded_by_student_id(nbgrader_layout):
    out = nbgrader_layout["out"]
    assert "graded 3 of 3 students" in nbgrader_layout["result"].stdout
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        scores = {s.student.id: s.score for s in gb.find_assignment("backprop").submissions}
    assert scores["alice"] == 21 and scores["carol"] == 0 and 0 < scores["bob"] < 21
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["alice", "bob", "carol"]


@pytest.mark.slow
def test_feedback_rendered_by_the_workers_shows_the_gradebook_scores_and_comments(nbgrader_layout):
    """Pages are rendered where the student was graded, before the commit; they must say what the gradebook says."""
    out = nbgrader_layout["out"]
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        for student in ("alice", "bob", "carol"):
            notebook = gb.find_submission_notebook("backprop", "backprop", student)
            page = (out / "feedback" / student / "backprop.html").read_text()
            assert f"backprop (Score: {round(notebook.score, 2)} / {round(notebook.max_score, 2)})" in page
            shown = dict(re.findall(r'<a href="#([\w-]+)">Test cell</a> \(Score: ([\d.]+) / [\d.]+\)', page))
            assert {g.name: round(g.score, 2) for g in notebook.grades if g.cell.cell_type == "code"} == {k: float(v) for k, v in shown.items()}
            for comment in notebook.comments:
                if comment.comment:
                    assert comment.comment.split(":")[0] in page
    bob = (out / "feedback" / "bob" / "backprop.html").read_text()
    assert "not today" in bob


def test_the_kit_key_changes_with_the_secret_and_nothing_else_between_calls():
    backprop = assignments.get("backprop")
    assert kit.key_of(backprop) == kit.key_of(backprop)
    assert kit.key_of(backprop, b"course secret") != kit.key_of(backprop)
    assert kit.key_of(backprop) != kit.key_of(assignments.get("rnn"))


def test_a_worker_with_another_copy_of_the_project_refuses_to_grade():
    with pytest.raises(RuntimeError, match="differs from the grading machine's"):
        kit.load(assignments.get("backprop"), expect="0" * 64)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _result(student: str, status: str) -> Result:
    return Result(student, "0" * 64, status, "", 21.0 if status == "ok" else 0.0, 21.0, seconds=1.25)


def test_progress_is_one_plain_line_per_student_off_a_terminal():
    stream = io.StringIO()
    progress = Progress(12, stream=stream)
    progress.graded(_result("alice", "ok"))
    progress.graded(_result("bob", "time limit"))
    progress.close()
    assert stream.getvalue().splitlines() == ["[ 1/12] alice: ok, 21/21 (1.2 s)",
                                              "[ 2/12] bob: time limit, 0/21 (1.2 s)"]


def test_progress_on_a_terminal_is_a_bar_with_counts_per_status():
    stream = _Terminal()
    progress = Progress(3, stream=stream)
    for student, status in (("a", "ok"), ("b", "ok"), ("c", "crashed")):
        progress.graded(_result(student, status))
    progress.close()
    text = stream.getvalue()
    assert "3/3" in text and "1 crashed, 2 ok" in text and "[ 1/3]" not in text


def test_quiet_progress_prints_nothing():
    stream = _Terminal()
    progress = Progress(2, mode="none", stream=stream)
    progress.graded(_result("a", "ok"))
    progress.close()
    assert stream.getvalue() == ""
