"""The nbgrader gradebook, plus one table of ours: each student's grading status.

Scores go where nbgrader keeps them (a ``Grade.auto_score`` per grade cell, a
``Comment.auto_comment`` per solution cell). The ``autograder_results`` row, written in
the same transaction as the scores, marks a student as graded: a run that dies before
it is committed leaves the student to be graded again, replacing, not duplicating.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Float, MetaData, String, Table, Text, delete, insert, select

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


@dataclass
class Result:
    student_id: str
    sha256: str
    status: str
    detail: str
    score: float
    max_score: float
    seconds: float = 0.0  # wall time spent grading this student
    graded_at: dt.datetime | None = None


@dataclass
class NotebookGrades:
    notebook: str
    scores: dict[str, float]  # grade cell id -> auto score
    comments: dict[str, str]  # solution cell id -> auto comment


class GradeStore:
    """Writes one student's grades and status atomically; reads back what is done."""

    def __init__(self, db_url: str, assignment: str):
        from nbgrader.api import Gradebook  # slow to import; scoring alone does not need it

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
                r.student_id, r.sha256, r.status, r.detail, r.score, r.max_score, r.seconds, r.graded_at
            )
            for r in rows
        }

    def save(self, result: Result, notebooks: list[NotebookGrades], then=lambda: None) -> None:
        """Replace the student's submission and scores, call ``then()``, and mark the student graded.

        Scores are committed first so that ``then`` (rendering feedback from the gradebook)
        can read them. The old status row is deleted before the old scores and the new one
        committed last, so a run that dies in between leaves the student ungraded (to be
        graded again), never marked graded with half its scores.
        """
        from nbgrader.api import MissingEntry

        db = self.gb.db
        where = (results_table.c.assignment == self.assignment) & (results_table.c.student_id == result.student_id)
        db.execute(delete(results_table).where(where))
        db.commit()
        self.gb.update_or_create_student(result.student_id)
        try:
            self.gb.remove_submission(self.assignment, result.student_id)
        except MissingEntry:
            pass
        self.gb.add_submission(self.assignment, result.student_id)
        try:
            for nb in notebooks:
                for cell, score in nb.scores.items():
                    self.gb.find_grade(cell, nb.notebook, self.assignment, result.student_id).auto_score = score
                for cell, text in nb.comments.items():
                    self.gb.find_comment(cell, nb.notebook, self.assignment, result.student_id).auto_comment = text
            db.commit()
            then()
            db.execute(
                insert(results_table).values(
                    assignment=self.assignment,
                    student_id=result.student_id,
                    sha256=result.sha256,
                    status=result.status,
                    detail=result.detail,
                    score=result.score,
                    max_score=result.max_score,
                    seconds=result.seconds,
                    graded_at=result.graded_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                )
            )
            db.commit()
        except BaseException:
            db.rollback()
            raise
