"""``python -m autograder export``: an assignment's grades, as Canvas or Moodle imports them.

It reads nbgrader's gradebook of a ``grade`` run (``DIR/gradebook.db``, or ``--db``) and
writes one CSV file to upload:

    canvas  Grades → Import: Student, ID, SIS User ID, SIS Login ID, Section, then one
            column named after the assignment, its first row "Points Possible"
    moodle  the assignment's "Upload grading worksheet": Identifier ("Participant 12345"),
            Full name, Grade, Maximum Grade, Last modified (grade); Moodle reads the first,
            the grade and the time (the export's: a grade changed in Moodle since is kept)
    csv     student_id, score, max_score, status, ungraded_cells, lms, lms_id, name

Conventions:

- A student's score is nbgrader's (``SubmittedAssignment.score``): over the grade cells, the
  manual score where a grader gave one, else the automatic score, plus any extra credit.
- A grade cell waits for a grader when nbgrader flags it (``Grade.needs_manual_grade``) and
  it has no score at all, neither automatic nor manual: a written answer nobody has marked.
  The flag alone says less: nbgrader also raises it to have a manual score reviewed, and
  it is the column's default.
- A student with such a cell is listed and left out, unless ``allow_incomplete`` (then
  written with the points they have). A student whose grading failed ("grader error") or
  who has no graded submission is listed and always left out: Canvas and Moodle keep a
  grade the file does not mention as it was.
- A student unpacked from an LMS zip is written with that LMS's id and name (see
  ``lms.Origin``); any other under their folder name: Moodle's "Participant <folder>", and
  in Canvas as SIS Login ID with the ID left empty, so that Canvas matches them by login
  and never by a number.
- Points have two decimals, Canvas's precision. Moodle skips a grade above the
  assignment's maximum grade. Its headings here are its English strings: a Moodle site in
  another language expects its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from autograder import csvfile, lms
from autograder.assignments import Assignment
from autograder.task import Status, gradebook_url

FORMATS = ("canvas", "moodle", "csv")
UNPACKED = "unpacked"  # where ``grade`` unpacks an LMS zip, inside its --out folder
CANVAS_STUDENT = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS = "    Points Possible"  # as Canvas's own export writes it
MOODLE_COLUMNS = ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"]
MOODLE_PARTICIPANT = "Participant "
CSV_COLUMNS = ["student_id", "score", "max_score", "status", "ungraded_cells", "lms", "lms_id", "name"]


@dataclass
class Total:
    """One student's submission: nbgrader's score and the grade cells still waiting for a grader."""

    student_id: str
    score: float
    max_score: float
    status: str  # the grader's ("ok", "time limit", …); empty for a submission graded by nbgrader alone
    detail: str
    waiting: list[str]


@dataclass
class Exported:
    path: Path
    written: int
    left_out: int
    notes: list[str]  # one line per student left out, or written with cells still to grade

    def summary(self) -> str:
        text = f"wrote {self.written} students to {self.path}"
        return text + (f"; left out {self.left_out} (listed above)" if self.left_out else "")


def export(assignment: Assignment, out: Path, fmt: str, db_url: str | None = None, allow_incomplete: bool = False,
           to: Path | None = None, title: str | None = None) -> Exported:
    """Write the grades of ``assignment`` graded into ``out`` in format ``fmt`` to ``to``.

    ``to`` defaults to ``out/<assignment>-<format>.csv`` (``-grades.csv`` for csv); ``title``
    names Canvas's assignment column (default: the assignment's id).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if not out.is_dir():
        raise ValueError(f"{out} is not a folder: give the --out folder of a grade run")
    db_url = gradebook_url(out, db_url, must_exist=True)
    to = to or out / f"{assignment.id}-{'grades' if fmt == 'csv' else fmt}.csv"
    if not to.parent.is_dir():
        raise ValueError(f"cannot write {to}: {to.parent} is not a folder")
    totals, max_score, ungraded = read_totals(db_url, assignment.id)
    origins = lms.read_origins(out / UNPACKED)
    notes, written = [], []
    for total in totals:
        label = _label(total.student_id, origins)
        if total.status == Status.GRADER_ERROR:
            notes.append(f"{label}: left out, grader error ({total.detail}); grade again")
        elif total.waiting and not allow_incomplete:
            notes.append(f"{label}: left out, {_cells(total.waiting)} to grade by hand (--allow-incomplete writes "
                         f"what they have)")
        else:
            if total.waiting:
                notes.append(f"{label}: written with {_points(total.score)} of {_points(total.max_score)}, "
                             f"{_cells(total.waiting)} still to grade by hand")
            written.append(total)
    unpacked_ungraded = origins.keys() - {t.student_id for t in totals}
    notes += [f"{_label(s, origins)}: left out, not graded" for s in sorted(ungraded | unpacked_ungraded)]
    columns, rows, numbers = WRITERS[fmt](written, origins, max_score, title or assignment.id)
    csvfile.write(to, columns, rows, numbers=numbers)
    return Exported(to, len(written), len(totals) - len(written) + len(ungraded | unpacked_ungraded), notes)


def read_totals(db_url: str, assignment_id: str) -> tuple[list[Total], float, set[str]]:
    """Every submission's total by student id, the assignment's maximum, and the gradebook's students without one."""
    from nbgrader.api import MissingEntry

    from autograder.pipeline.record import GradeStore

    named = _named(db_url)
    try:
        store = GradeStore(db_url, assignment_id)
        try:
            try:
                max_score = store.gb.find_assignment(assignment_id).max_score
            except MissingEntry:
                raise ValueError(f"{named} has no assignment {assignment_id}: grade it into this gradebook first") \
                    from None
            results = store.graded()
            totals = []
            for submission in store.gb.assignment_submissions(assignment_id):
                result = results.get(submission.student_id)
                waiting = [g.name for nb in submission.notebooks for g in nb.grades if _waits_for_grader(g)]
                totals.append(Total(submission.student_id, submission.score, submission.max_score,
                                    result.status if result else "", result.detail if result else "", sorted(waiting)))
            ungraded = {s.id for s in store.gb.students} - {t.student_id for t in totals}
        finally:
            store.close()
    except SQLAlchemyError as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise ValueError(f"cannot read {named}: {reason}") from None
    return sorted(totals, key=lambda t: t.student_id), max_score, ungraded


def _waits_for_grader(grade) -> bool:
    return bool(grade.needs_manual_grade) and grade.manual_score is None and grade.auto_score is None


def _canvas(totals: list[Total], origins: dict[str, lms.Origin], max_score: float, title: str):
    def row(total: Total) -> list[object]:
        origin = _origin(total.student_id, origins)
        if origin.lms == "canvas":
            return [origin.name, origin.id, "", "", "", _points(total.score)]
        return [total.student_id, "", "", total.student_id, "", _points(total.score)]

    rows = [[CANVAS_POINTS, "", "", "", "", _points(max_score)], *map(row, totals)]
    return [*CANVAS_STUDENT, title], rows, {title}


def _moodle(totals: list[Total], origins: dict[str, lms.Origin], max_score: float, title: str):
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")  # Moodle skips grades changed since

    def row(total: Total) -> list[object]:
        origin = _origin(total.student_id, origins)
        participant, name = (origin.id, origin.name) if origin.lms == "moodle" else (total.student_id, total.student_id)
        return [MOODLE_PARTICIPANT + participant, name, _points(total.score), _points(max_score), now]

    return MOODLE_COLUMNS, map(row, totals), {"Grade", "Maximum Grade"}


def _plain(totals: list[Total], origins: dict[str, lms.Origin], max_score: float, title: str):
    def row(total: Total) -> list[object]:
        origin = _origin(total.student_id, origins)
        return [total.student_id, _points(total.score), _points(total.max_score), total.status,
                " ".join(total.waiting), origin.lms, origin.id, origin.name]

    return CSV_COLUMNS, map(row, totals), {"score", "max_score"}


WRITERS = {"canvas": _canvas, "moodle": _moodle, "csv": _plain}


def _origin(student_id: str, origins: dict[str, lms.Origin]) -> lms.Origin:
    """Where ``unpack`` found the student; a folder of that name when it did not unpack them."""
    return origins.get(student_id) or lms.Origin("folder", student_id, student_id)


def _points(value: float) -> str:
    return f"{round(value, 2):g}"


def _cells(names: list[str]) -> str:
    return f"{len(names)} grade cell{'s' if len(names) > 1 else ''} ({', '.join(names)})"


def _label(student_id: str, origins: dict[str, lms.Origin]) -> str:
    name = _origin(student_id, origins).name
    return f"{student_id} ({name})" if name != student_id else student_id


def _named(db_url: str) -> str:
    """The gradebook as an error names it: a SQLite file by its path, any other by its URL without a password."""
    url = make_url(db_url)
    return f"the gradebook {url.database if url.get_backend_name() == 'sqlite' else url.render_as_string()}"
