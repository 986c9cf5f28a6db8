"""``python -m autograder grade``: every student, one row and a reason each, nothing lost.

The coordinator: it finds the students, loads the assignment's kit (the nbgrader release
and the oracle's answers, cached), sends one task per student to the parallel workers
(``dispatch``: local processes, or a Dask cluster) and records what comes back. Each
worker reads the hand-in, rebuilds the program from the template, runs it in the sandbox,
judges it and renders the feedback (``student``); this process is the only writer of the
gradebook and commits students in batches, each batch one transaction.
"""

import fcntl
import hashlib
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import csvfile, kit
from autograder.assignments import Assignment
from autograder.course import autograded_path, write_config
from autograder.dispatch import WorkerLost, make_pool
from autograder.pipeline import handin
from autograder.progress import Progress
from autograder.sandbox import Limits, clear_work
from autograder.task import Graded, Result, Status, Task, gradebook_url

# The gradebook (SQLAlchemy, nbgrader), the judge (NumPy) and the pages (nbformat) are imported
# once the local workers are starting: until then every worker would wait for these imports.
if TYPE_CHECKING:
    from autograder.pipeline.record import GradeStore

# Under the output folder: the solution cells (and written answers) each student's grade was computed from.
CELLS = "cells"
CSV_COLUMNS = ["student_id", "score", "max_score", "status", "detail", "seconds", "graded_at", "sha256"]
# Graded students are committed together once this many are waiting, or the oldest has waited this long.
BATCH_STUDENTS = 16
BATCH_SECONDS = 2.0


@dataclass
class Student:
    id: str
    folder: Path  # where the student's notebooks are
    sha256: str


def find_students(submissions: Path, assignment: str) -> list[Student]:
    """Every ``submissions/<student_id>/``, with a hash of its notebooks.

    nbgrader's own layout is accepted too: ``submitted/<student_id>/<assignment>/*.ipynb``,
    as ``nbgrader collect`` and JupyterHub's exchange leave it.
    """
    if not submissions.is_dir():
        raise ValueError(f"{submissions} is not a folder of submissions/<student_id>/")
    students = []
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if (folder / assignment).is_dir() and not any(folder.glob("*.ipynb")):
            folder = folder / assignment
        digest = hashlib.sha256()
        for nb in sorted(folder.glob("*.ipynb")):
            digest.update(nb.name.encode() + b"\0")
            with open(nb, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
        student_id = folder.parent.name if folder.name == assignment and folder.parent != submissions else folder.name
        students.append(Student(student_id, folder, digest.hexdigest()))
    return students


def grade_batch(
    assignment: Assignment,
    submissions: Path,
    out: Path,
    db_url: str | None = None,
    jobs: int = 0,
    regrade: bool = False,
    limits: Limits | None = None,
    sandbox: str = "bubblewrap",  # a resolved kind (sandbox.resolve), never "auto"
    scheduler: str | None = None,
    progress: str = "auto",
    secret: bytes | None = None,
    per_student: bool = False,
) -> str:
    """Grade every student in ``submissions``; return a one-line summary.

    ``scheduler``: a Dask scheduler's address; without it, ``jobs`` local worker processes
    (default: the CPU count). ``progress``: "auto", "bar", "lines" or "none". ``secret``:
    the course secret the hidden inputs are drawn from; ``per_student``: drawn from it, the
    student and the hand-in, for each student anew.
    """
    if per_student and not secret:
        raise ValueError("--per-student draws each student's inputs from the course secret: give --secret-file")
    students = find_students(submissions, assignment.id)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = open(out / ".grading.lock", "w")
    except OSError as exc:
        raise ValueError(f"cannot write to {out}: {exc.strerror}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ValueError(f"another grading run is writing to {out}") from None
    _note_lock(lock, set())
    key = kit.key_of(assignment, secret)
    cached = kit.is_cached(assignment, key)
    if not cached:  # made here first, so that the workers find it made
        kit.load(assignment, secret)
    limits = limits or assignment.limits
    work = out / ".work"
    clear_work(work)  # what a killed run left behind
    local = None if scheduler else str(work.resolve())
    # Local workers start now, each opening its sandbox, while this process opens the gradebook.
    pool = make_pool(jobs or os.cpu_count() or 1, scheduler, (assignment.id, key, secret, sandbox, limits, local))
    from autograder.pipeline.record import GradeStore

    store = None
    try:
        the_kit = kit.load(assignment, secret)
        db_url = gradebook_url(out, db_url)
        the_kit.write_release(out / "course" / "release" / assignment.id)
        write_config(out, db_url, the_kit)
        store = GradeStore(db_url, assignment.id)
        kit.record(the_kit, db_url)
        done = {sid: r for sid, r in store.graded().items() if r.status != Status.GRADER_ERROR}  # those are retried
        todo = [s for s in students if regrade or s.id not in done or done[s.id].sha256 != s.sha256]
        tasks = (Task(assignment.id, the_kit.key, s.id, s.sha256, handin.read_handin(s.folder), sandbox, limits,
                      local, secret, kit.seed_of(assignment.id, secret, s.id, s.sha256) if per_student else None)
                 for s in todo)
        _record_all(pool.run(tasks), store, out, the_kit.max_score, lock, Progress(len(todo), progress))
        rows = store.graded()
    finally:
        pool.close()
        if store:
            store.close()
        clear_work(work)
    write_csv(out / "grades.csv", rows)
    statuses: dict[str, int] = defaultdict(int)
    for s in students:
        statuses[rows[s.id].status] += 1
    status_text = ", ".join(f"{n} {k}" for k, n in sorted(statuses.items()))
    return f"graded {len(todo)} of {len(students)} students ({len(students) - len(todo)} unchanged): {status_text}"


def _record_all(results, store: "GradeStore", out: Path, max_score: float, lock, progress: Progress) -> None:
    """Record results as they come, in batches; what is waiting is committed before any error stops the run."""
    from autograder.pipeline.judge import summarise

    batch: list[Graded] = []
    oldest = 0.0
    uids: set[int] = set()
    try:
        for task, graded in results:
            if isinstance(graded, WorkerLost):
                graded = Graded(summarise(task.student_id, task.sha256, [(Status.GRADER_ERROR, str(graded))], 0.0,
                                          max_score), [], {}, {}, 0)
            batch.append(graded)
            progress.graded(graded.result)
            if graded.uid and graded.uid not in uids:
                uids.add(graded.uid)
                _note_lock(lock, uids)
            oldest = oldest or time.monotonic()
            if len(batch) >= BATCH_STUDENTS or time.monotonic() - oldest >= BATCH_SECONDS:
                ready, batch, oldest = batch, [], 0.0
                _commit(ready, store, out)
    finally:
        results.close()  # the pool's generator: its workers stop here, not when the interpreter exits
        progress.close()
        if batch:
            _commit(batch, store, out)


def _commit(batch: list[Graded], store: "GradeStore", out: Path) -> None:
    """Feedback pages and graded cells first, then the batch's gradebook rows in one transaction."""
    from autograder.pipeline.feedback import write_page

    for graded in batch:
        student = graded.result.student_id
        for notebook, page in graded.pages.items():
            write_page(page, out / "feedback" / student / f"{notebook}.html")
        for notebook, text in graded.autograded.items():  # where formgrader finds it
            write_page(text, autograded_path(out, student, store.assignment, notebook))
        for notebook, cells in graded.cells.items():
            path = out / CELLS / student / f"{notebook}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(cells, indent=1))
    store.save_batch([(g.result, g.notebooks) for g in batch])


def _note_lock(lock, uids: set[int]) -> None:
    """The lock file says which process holds it and which sandbox uids its workers ran as."""
    lock.seek(0)
    lock.truncate()
    lock.write(f"pid {os.getpid()} uids {' '.join(str(u) for u in sorted(uids))}\n")
    lock.flush()


def write_csv(path: Path, rows: dict[str, Result]) -> None:
    """The gradebook's summary, one row per student, written atomically and safe for a spreadsheet."""
    csvfile.write(path, CSV_COLUMNS, (
        [r.student_id, f"{r.score:g}", f"{r.max_score:g}", r.status, r.detail, f"{r.seconds:.2f}",
         r.graded_at.isoformat(timespec="seconds") if r.graded_at else "", r.sha256]
        for r in (rows[sid] for sid in sorted(rows))
    ), numbers=("score", "max_score", "seconds"))
