"""What the coordinator sends a worker for one student, and what comes back: plain, picklable data."""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from autograder.sandbox import Limits


def gradebook_url(out: Path, db_url: str | None = None, must_exist: bool = False) -> str:
    """The gradebook of a ``grade`` run's ``--out`` folder: ``db_url``, else its SQLite file."""
    if db_url:
        return db_url
    if must_exist and not (out / "gradebook.db").is_file():
        raise ValueError(f"no gradebook in {out} (no gradebook.db): grade into it first, or give --db")
    return f"sqlite:///{(out / 'gradebook.db').resolve()}"


class Status(StrEnum):
    """How a student's grading went, worst first: the worst problem found names the student's status.
    The values are what the gradebook, grades.csv and the feedback say."""

    GRADER_ERROR = "grader error"  # the grader's fault, not the student's: retried by the next run
    MISSING_NOTEBOOK = "missing notebook"
    INVALID_NOTEBOOK = "invalid notebook"
    MISSING_CELL = "missing cell"
    DUPLICATED_CELL = "duplicated cell"
    TIME_LIMIT = "time limit"
    CRASHED = "crashed"
    OK = "ok"  # graded as intended, whatever the score


# A problem found while grading: its status (None: a note only, e.g. a renamed notebook) and what happened.
Problem = tuple[Status | None, str]


@dataclass
class Result:
    student_id: str
    sha256: str
    status: Status
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


@dataclass(frozen=True)
class Task:
    """What a worker needs to grade one student; small enough to send over the network."""

    assignment: str
    kit_key: str
    student_id: str
    sha256: str
    handin: dict[str, bytes | str]  # notebook file name -> its bytes, or why it was not read
    sandbox: str
    limits: Limits
    work: str | None = None  # where the sandbox's job folders go; None: this machine's temporary folder
    secret: bytes | None = None  # the course secret the kit was made with (``--secret-file``)
    seed: int | None = None  # the seed of this student's own hidden inputs (``--per-student``); None: the kit's


@dataclass
class Graded:
    """One student's grading, ready to record: the row, the scores, the pages, the cells that ran."""

    result: Result
    notebooks: list[NotebookGrades]
    pages: dict[str, str]  # notebook name -> feedback HTML
    cells: dict[str, dict]  # notebook name -> {"sources", "answers", "scores", "verdicts"} (for the audit)
    uid: int  # the sandbox uid the code ran as (0: no sandbox uid)
    # notebook name -> the autograded notebook (the template with the student's cells, written answers
    # and hidden-test results as outputs), as JSON: what a TA opens in formgrader
    autograded: dict[str, str] = field(default_factory=dict)
