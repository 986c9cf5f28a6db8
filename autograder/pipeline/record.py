"""The nbgrader gradebook, plus one table of ours: each student's grading status.

Scores go where nbgrader keeps them (a ``Grade.auto_score`` per grade cell, a
``Comment.auto_comment`` per solution cell). The ``autograder_results`` row, written in
the same transaction as the scores, marks a student as graded: a run that dies before
it is committed leaves the student to be graded again, replacing, not duplicating.
Students are committed in batches, each batch one transaction.
"""

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

from sqlalchemy import Column, DateTime, Float, MetaData, String, Table, Text, delete, insert, select
from sqlalchemy.exc import SAWarning

from autograder.task import NotebookGrades, Result, Status

# nbgrader 0.9 with SQLAlchemy 2 warns on every new submission; the rows are right.
warnings.filterwarnings("ignore", category=SAWarning)

_metadata = MetaData()
results_table = Table(
    "autograder_results",
    _metadata,
    Column("assignment", String(128), primary_key=True),
    Column("student_id", String(256), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("status", String(128), nullable=False),
    Column("detail", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("max_score", Float, nullable=False),
    Column("graded_at", DateTime, nullable=False),
    Column("seconds", Float, nullable=False),
)


def patch_schema_version() -> None:
    """Let nbgrader read its gradebook schema's version in-process.

    A new gradebook records the version of nbgrader's schema; nbgrader finds it by running
    the ``alembic`` command, which costs seconds per new gradebook. alembic's own
    ScriptDirectory reads the same head from the same migration scripts in milliseconds.
    """
    import nbgrader
    from alembic.script import ScriptDirectory
    from nbgrader import api

    scripts = str(Path(nbgrader.__file__).parent / "alembic")
    api.get_alembic_version = lambda: ScriptDirectory(scripts).get_current_head()


def _manual_marks(old) -> dict[tuple, Any]:
    """What a person gave a submission in formgrader: scores, extra credit and comments, by cell.

    Kept when the same hand-in is graded again; a changed hand-in is graded by hand anew.
    """
    kept: dict[tuple, Any] = {}  # (score, extra credit) of a grade, the text of a comment
    for nb in old.notebooks:
        for grade in nb.grades:
            if grade.manual_score is not None or grade.extra_credit is not None:
                kept["grade", nb.name, grade.name] = (grade.manual_score, grade.extra_credit)
        for comment in nb.comments:
            if comment.manual_comment is not None:
                kept["comment", nb.name, comment.name] = comment.manual_comment
    return kept


class GradeStore:
    """Writes students' grades and status rows in atomic batches; reads back what is done."""

    def __init__(self, db_url: str, assignment: str):
        from nbgrader.api import Gradebook  # slow to import; scoring alone does not need it

        patch_schema_version()
        self.gb = Gradebook(db_url)
        self.assignment = assignment
        _metadata.create_all(self.gb.engine)

    def close(self) -> None:
        self.gb.close()

    def graded(self) -> dict[str, Result]:
        """Students already graded for this assignment, by id."""
        rows = self.gb.db.execute(select(results_table).where(results_table.c.assignment == self.assignment))
        return {
            r.student_id: Result(
                r.student_id, r.sha256, Status(r.status), r.detail, r.score, r.max_score, r.seconds, r.graded_at
            )
            for r in rows
        }

    def save_batch(self, graded: list[tuple[Result, list[NotebookGrades]]]) -> None:
        """Replace these students' submissions, scores and status rows in one transaction.

        All of a batch is committed or none of it: a run that dies first leaves each of
        these students as they were before (ungraded, or graded from an earlier hand-in),
        never half graded.
        """
        from nbgrader import api

        db = self.gb.db
        assignment = self.gb.find_assignment(self.assignment)
        cells = {nb.name: ({c.name: c for c in nb.grade_cells}, {c.name: c for c in nb.solution_cells})
                 for nb in assignment.notebooks}
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            for result, notebooks in graded:
                student = db.get(api.Student, result.student_id)
                if student is None:
                    db.add(student := api.Student(id=result.student_id))
                old = (db.query(api.SubmittedAssignment)
                       .filter_by(assignment_id=assignment.id, student_id=result.student_id).one_or_none())
                where = (results_table.c.assignment == self.assignment) & (
                    results_table.c.student_id == result.student_id)
                kept = _manual_marks(old) if old is not None and db.execute(
                    select(results_table.c.sha256).where(where)).scalar() == result.sha256 else {}
                if old is not None:
                    for nb in old.notebooks:
                        for row in [*nb.grades, *nb.comments, nb]:
                            db.delete(row)
                    db.delete(old)
                    db.flush()
                scores = {nb.notebook: nb for nb in notebooks}
                submission = api.SubmittedAssignment(assignment=assignment, student=student)
                for notebook in assignment.notebooks:
                    grades = scores.get(notebook.name) or NotebookGrades(notebook.name, {}, {})
                    submitted = api.SubmittedNotebook(notebook=notebook, assignment=submission)
                    grade_cells, solution_cells = cells[notebook.name]
                    for name, cell in grade_cells.items():
                        manual, extra = kept.get(("grade", notebook.name, name), (None, None))
                        auto = grades.scores.get(name)  # None: a written answer, for a person to score
                        api.Grade(cell=cell, notebook=submitted, auto_score=auto, manual_score=manual,
                                  extra_credit=extra, needs_manual_grade=auto is None and manual is None)
                    for name, cell in solution_cells.items():
                        api.Comment(cell=cell, notebook=submitted, auto_comment=grades.comments.get(name),
                                    manual_comment=kept.get(("comment", notebook.name, name)))
                db.add(submission)
                db.execute(delete(results_table).where(where))
                db.execute(insert(results_table).values(
                    assignment=self.assignment, student_id=result.student_id, sha256=result.sha256,
                    status=result.status, detail=result.detail, score=result.score, max_score=result.max_score,
                    seconds=result.seconds, graded_at=result.graded_at or now,
                ))
            db.commit()
        except BaseException:
            db.rollback()
            raise
