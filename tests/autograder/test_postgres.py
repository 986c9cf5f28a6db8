"""The real ``grade`` command with its gradebook in PostgreSQL (``--db postgresql://…``).

The server is the session's own (conftest.py's ``postgres``), each test with a new database:
grading a class, resuming after a kill, two assignments of one course in one database, and
the server going away mid-batch.
"""

import csv
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from autograder import assignments
from autograder.pipeline.record import GradeStore
from autograder.release import generate
from autograder.task import NotebookGrades, Result
from autograder.template import Template
from tests.autograder.postgres import server_binaries
from tests.conftest import REPO, run_cli

pytestmark = [pytest.mark.backprop, pytest.mark.slow]
DEADLINE = 300  # seconds: generous, the tests wait on events, never on a duration
BACKPROP_GRADE_CELLS = 12  # 9 test cells and 3 written answers


def _class(root: Path, notebooks: dict[str, Path]) -> Path:
    """``submissions/<student>/<notebook>`` for each student -> notebook."""
    subs = root / "submissions"
    for student, notebook in notebooks.items():
        (subs / student).mkdir(parents=True)
        shutil.copy(notebook, subs / student / notebook.name)
    return subs


def _solved(versions: dict[str, Path], assignment: str, students: list[str]) -> dict[str, Path]:
    return {s: versions["solution"] / f"{assignment}.ipynb" for s in students}


def _bare(url: str) -> str:
    """The URL as an instructor writes it, without a driver."""
    return url.replace("postgresql+psycopg2://", "postgresql://")


def _query(url: str, sql: str) -> list:
    engine = create_engine(url, poolclass=NullPool)  # a connection of its own: the server may have restarted
    try:
        with engine.connect() as con:
            return con.execute(text(sql)).all()
    finally:
        engine.dispose()


def _graded_count(url: str) -> int:
    try:
        return _query(url, "SELECT COUNT(*) FROM autograder_results")[0][0]
    except SQLAlchemyError:  # no table yet, or no server
        return 0


def _results(url: str) -> dict[tuple[str, str], float]:
    """(assignment, student) -> score, from every autograder_results row."""
    rows = _query(url, "SELECT assignment, student_id, score FROM autograder_results")
    assert len(rows) == len({(a, s) for a, s, _ in rows})
    return {(a, s): score for a, s, score in rows}


def _start_grading(assignment: str, subs: Path, out: Path, url: str, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "autograder", "grade", assignment, str(subs), "--out", str(out), "--db", _bare(url),
           "--jobs", "2"]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr, text=True)


def _wait_for_a_graded_student(proc: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while _graded_count(url) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert _graded_count(url) >= 1, "no student was graded in time"


def _gradebook_scores(url: str, assignment: str, grade_cells: int) -> dict[str, float | None]:
    """Student -> nbgrader's score of their one submission; None unless every grade cell has a score."""
    with Gradebook(url) as gb:
        submissions = gb.find_assignment(assignment).submissions
        scores = {}
        for sub in submissions:
            assert sub.student_id not in scores
            (nb,) = sub.notebooks
            whole = len(nb.grades) == grade_cells and all(g.auto_score is not None for g in nb.grades if g.cell.cell_type == "code")
            scores[sub.student_id] = nb.score if whole else None
    return scores


def _marked_graded(url: str, assignment: str) -> dict[str, float]:
    return {s: score for (a, s), score in _results(url).items() if a == assignment}


def _check_scores(url: str, assignment: str, expected: dict[str, float], grade_cells: int) -> None:
    """Exactly the expected students, each with one submission, all scored, and a status row."""
    assert _gradebook_scores(url, assignment, grade_cells) == pytest.approx(expected)
    assert _marked_graded(url, assignment) == pytest.approx(expected)


def _check_csv(out: Path, expected: dict[str, float]) -> None:
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert rows == pytest.approx(expected)


def test_a_class_graded_into_postgresql(tmp_path, backprop_versions, postgres_url):
    students = _solved(backprop_versions, "backprop", ["s0", "s1", "s2", "s3"])
    subs = _class(tmp_path, {**students, "untouched": backprop_versions["release"] / "backprop.ipynb"})
    out = tmp_path / "out"
    result = run_cli("grade", "backprop", str(subs), "--out", str(out), "--db", _bare(postgres_url))
    assert "graded 5 of 5 students (0 unchanged): 5 ok" in result.stdout
    expected = {"s0": 21, "s1": 21, "s2": 21, "s3": 21, "untouched": 0}
    _check_scores(postgres_url, "backprop", expected, BACKPROP_GRADE_CELLS)
    _check_csv(out, expected)
    assert not (out / "gradebook.db").exists()
    assert all((out / "feedback" / s / "backprop.html").is_file() for s in expected)


def test_killed_mid_batch_then_resumed(tmp_path, backprop_versions, postgres_url):
    students = [f"s{i}" for i in range(30)]  # more than one batch, however fast
    subs = _class(tmp_path, _solved(backprop_versions, "backprop", students))
    out = tmp_path / "out"
    proc = _start_grading("backprop", subs, out, postgres_url)
    try:
        _wait_for_a_graded_student(proc, postgres_url)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    done_before = _graded_count(postgres_url)
    assert 1 <= done_before < 30
    again = run_cli("grade", "backprop", str(subs), "--out", str(out), "--db", _bare(postgres_url))
    assert f"graded {30 - done_before} of 30 students ({done_before} unchanged)" in again.stdout
    _check_scores(postgres_url, "backprop", dict.fromkeys(students, 21), BACKPROP_GRADE_CELLS)
    _check_csv(out, dict.fromkeys(students, 21))


def test_two_assignments_of_one_course_in_one_database(tmp_path, versions, backprop_versions, postgres_url):
    rnn = versions("rnn")
    rnn_template = Template.load(rnn["release"] / "rnn.ipynb")
    # Each assignment's untouched release is another student's, so that one overwriting
    # the other would show in the scores.
    backprop_class = {**_solved(backprop_versions, "backprop", ["s1", "s2"]),
                      "s0": backprop_versions["release"] / "backprop.ipynb"}
    rnn_class = {**_solved(rnn, "rnn", ["s0", "s1"]), "s2": rnn["release"] / "rnn.ipynb"}
    backprop_expected = {"s0": 0, "s1": 21, "s2": 21}
    rnn_expected = {"s0": rnn_template.auto_points, "s1": rnn_template.auto_points, "s2": 0}
    url = _bare(postgres_url)
    subs = {name: _class(tmp_path / name, notebooks) for name, notebooks in
            (("backprop", backprop_class), ("rnn", rnn_class))}
    run_cli("grade", "backprop", str(subs["backprop"]), "--out", str(tmp_path / "backprop-out"), "--db", url)
    run_cli("grade", "rnn", str(subs["rnn"]), "--out", str(tmp_path / "rnn-out"), "--db", url)
    again = run_cli("grade", "backprop", str(subs["backprop"]), "--out", str(tmp_path / "backprop-out"), "--db", url)
    assert "graded 0 of 3 students (3 unchanged)" in again.stdout
    _check_scores(postgres_url, "backprop", backprop_expected, BACKPROP_GRADE_CELLS)
    _check_scores(postgres_url, "rnn", rnn_expected, len(rnn_template.points))
    assert len(_results(postgres_url)) == 6
    with Gradebook(postgres_url) as gb:
        assert {(a.name, a.course_id) for a in gb.assignments} == {("backprop", "default_course"),
                                                                   ("rnn", "default_course")}
    _check_csv(tmp_path / "backprop-out", backprop_expected)
    _check_csv(tmp_path / "rnn-out", rnn_expected)


def test_the_database_going_away_mid_batch(tmp_path, backprop_versions, postgres, postgres_url):
    students = [f"s{i}" for i in range(30)]  # more than one batch, however fast
    subs = _class(tmp_path, _solved(backprop_versions, "backprop", students))
    out = tmp_path / "out"
    proc = _start_grading("backprop", subs, out, postgres_url, stderr=subprocess.PIPE)
    try:
        _wait_for_a_graded_student(proc, postgres_url)
        postgres.stop()
        _, stderr = proc.communicate(timeout=DEADLINE)
    finally:
        proc.kill()
    assert proc.returncode == 2
    assert "Traceback" not in stderr
    note, line = stderr.splitlines()  # the note that the inputs are the public ones, then the error
    assert note.startswith("note: no --secret-file")
    assert line.startswith(f"error: the gradebook {_bare(postgres_url)} could not be written: ")
    postgres.start()
    graded = _marked_graded(postgres_url, "backprop")
    assert 1 <= len(graded) < 30
    scores = _gradebook_scores(postgres_url, "backprop", BACKPROP_GRADE_CELLS)  # unmarked students may have scores: graded again
    assert {s: scores.get(s) for s in graded} == dict.fromkeys(graded, 21)
    again = run_cli("grade", "backprop", str(subs), "--out", str(out), "--db", _bare(postgres_url))
    assert f"graded {30 - len(graded)} of 30 students ({len(graded)} unchanged)" in again.stdout
    _check_scores(postgres_url, "backprop", dict.fromkeys(students, 21), BACKPROP_GRADE_CELLS)
    _check_csv(out, dict.fromkeys(students, 21))


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's on each new submission, as in pipeline/record.py
def test_a_batch_that_fails_leaves_every_student_as_before(tmp_path, postgres_url):
    points = Template.load(generate(assignments.get("backprop"), tmp_path, postgres_url) / "backprop.ipynb").points
    full = [NotebookGrades("backprop", points, {})]
    store = GradeStore(postgres_url, "backprop")
    try:
        store.save_batch([(Result("s0", "first", "ok", "", 21, 21), full)])
        broken = Result("s1", "second", None, "", 0, 21)  # a status row the database refuses (NOT NULL)
        with pytest.raises(SQLAlchemyError):
            store.save_batch([(Result("s0", "second", "ok", "", 0, 21), [NotebookGrades("backprop", {}, {})]),
                              (broken, full)])
        assert {sid: r.sha256 for sid, r in store.graded().items()} == {"s0": "first"}
    finally:
        store.close()
    assert _gradebook_scores(postgres_url, "backprop", BACKPROP_GRADE_CELLS) == {"s0": sum(points.values())}


def test_a_missing_server_names_its_package(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="Debian package postgresql"):
        server_binaries(tmp_path)
