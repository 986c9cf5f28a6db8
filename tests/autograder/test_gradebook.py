"""The gradebook stage (``gradebook.GradeStore``) on a temporary SQLite gradebook: what is recorded is
what nbgrader and formgrader read, and a person's marks survive regrading an unchanged hand-in only."""

import pytest
from nbgrader.api import Gradebook

from autograder import assignments
from autograder.pipeline.record import GradeStore, patch_schema_version
from autograder.release import generate
from autograder.task import NotebookGrades, Result, Status
from autograder.template import Template

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's, as in pipeline/record.py


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A gradebook holding the backprop assignment, and its grade cells' points."""
    root = tmp_path_factory.mktemp("course")
    url = f"sqlite:///{root / 'gradebook.db'}"
    points = Template.load(generate(assignments.get("backprop"), root, url) / "backprop.ipynb").points
    return url, points


def _save(url: str, *rows: tuple[Result, dict[str, float]]) -> dict[str, Result]:
    store = GradeStore(url, "backprop")
    try:
        store.save_batch([(result, [NotebookGrades("backprop", scores, {})]) for result, scores in rows])
        return store.graded()
    finally:
        store.close()


def _grade(url: str, student: str, cell: str):
    patch_schema_version()
    gb = Gradebook(url)
    return gb, gb.find_grade(cell, "backprop", "backprop", student)


def test_scores_and_status_rows_round_trip(course):
    url, points = course
    half = {gid: p / 2 for gid, p in points.items()}
    graded = _save(url, (Result("ann", "sha-a", Status.OK, "", sum(half.values()), sum(points.values())), half),
                   (Result("bob", "sha-b", Status.TIME_LIMIT, "a case ran out of time", 0.0, sum(points.values())), {}))
    assert graded["ann"].status is Status.OK and graded["bob"].status is Status.TIME_LIMIT
    assert graded["bob"].detail == "a case ran out of time"
    patch_schema_version()
    with Gradebook(url) as gb:
        assert gb.find_submission("backprop", "ann").score == pytest.approx(sum(half.values()))
        assert gb.find_submission("backprop", "bob").score == 0


def test_a_persons_mark_is_kept_for_the_same_handin_and_dropped_for_a_new_one(course):
    url, points = course
    cell = next(iter(points))
    _save(url, (Result("cat", "sha-1", Status.OK, "", 0.0, sum(points.values())), dict.fromkeys(points, 0.0)))
    gb, grade = _grade(url, "cat", cell)
    grade.manual_score = points[cell]
    gb.db.commit()
    gb.close()

    _save(url, (Result("cat", "sha-1", Status.OK, "", 0.0, sum(points.values())), dict.fromkeys(points, 0.0)))
    gb, grade = _grade(url, "cat", cell)
    assert grade.manual_score == points[cell] and grade.score == points[cell]  # the same hand-in, regraded
    gb.close()

    _save(url, (Result("cat", "sha-2", Status.OK, "", 0.0, sum(points.values())), dict.fromkeys(points, 0.0)))
    gb, grade = _grade(url, "cat", cell)
    assert grade.manual_score is None and grade.score == 0  # a changed hand-in is graded anew
    gb.close()


def test_a_regraded_student_has_one_row(course):
    url, points = course
    for sha in ("x1", "x2", "x3"):
        graded = _save(url, (Result("dan", sha, Status.OK, "", 1.0, sum(points.values())), {}))
    assert graded["dan"].sha256 == "x3" and list(graded).count("dan") == 1
